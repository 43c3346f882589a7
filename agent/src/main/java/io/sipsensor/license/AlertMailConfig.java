package io.sipsensor.license;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * The e-mail side of the license alerts as the config file names it: who gets them and through which SMTP server.
 * Mail is off while {@code alert_email_to} is empty.
 */
public final class AlertMailConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("alert_email_to", "",
            "addresses the license alerts (daily and level changes) are mailed to, comma-separated (empty: no mail)",
            true),
        new Setting("alert_email_from", "sipsensor@localhost", "sender address of the alert mails", true),
        new Setting("smtp_host", "", "SMTP server the alert mails go through (needed with alert_email_to)", true),
        new Setting("smtp_port", "25", "its port (587 for submission with STARTTLS)", true),
        new Setting("smtp_starttls", "no",
            "yes: the connection must be upgraded with STARTTLS before anything is sent (the server's certificate " +
                "is checked against the JDK's trusted roots); no: plain SMTP", true),
        new Setting("smtp_user", "", "user for SMTP AUTH (empty: no AUTH)", true),
        new Setting("smtp_password", "", "password for SMTP AUTH (keep the config file 0640)", true));

    private final List<String> to = new ArrayList<>();
    private String from = "sipsensor@localhost";
    private String host = "";
    private int port = 25;
    private boolean startTls;
    private String user = "";
    private String password = "";

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    @Override
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "alert_email_to" -> addresses(source, key, text);
            case "alert_email_from" -> from = address(source, key, text);
            case "smtp_host" -> host = host(source, key, text);
            case "smtp_port" -> port = (int)number(source, key, text, 1, 65535);
            case "smtp_starttls" -> startTls = yesNo(source, key, text);
            case "smtp_user" -> user = text;
            case "smtp_password" -> password = text;
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the mail settings, or null when no mail is to be sent.
     * @throws ConfigException when addresses are set but no SMTP server.
     */
    public AlertMail.Settings mail()
    {
        if (to.isEmpty())
        {
            return null;
        }
        if (host.isEmpty())
        {
            throw new ConfigException("alert_email_to is set but smtp_host is not: set smtp_host (and smtp_port) " +
                "to the SMTP server that is to send the alert mails");
        }
        return new AlertMail.Settings(List.copyOf(to), from, host, port, startTls, user, password);
    }

    private void addresses(final String source, final String key, final String text)
    {
        to.clear();
        if (text.isEmpty())
        {
            return;
        }
        for (final String part : text.split(","))
        {
            to.add(address(source, key, part.strip()));
        }
    }

    private static String address(final String source, final String key, final String text)
    {
        final int at = text.indexOf('@');
        if (at <= 0 || at != text.lastIndexOf('@') || at == text.length() - 1 || text.length() > 254 ||
            !text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != ',' && c != '"'))
        {
            throw invalid(source, key, text, "e-mail addresses like ops@example.com, comma-separated");
        }
        return text;
    }

    private static String host(final String source, final String key, final String text)
    {
        if (!text.isEmpty() && (text.length() > 253 || !text.chars().allMatch(c -> Character.isLetterOrDigit(c) ||
            c == '.' || c == '-' || c == ':')))
        {
            throw invalid(source, key, text, "a host name or address");
        }
        return text;
    }

    private static boolean yesNo(final String source, final String key, final String text)
    {
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "yes", "true", "1" -> true;
            case "no", "false", "0" -> false;
            default -> throw invalid(source, key, text, "yes or no");
        };
    }
}
