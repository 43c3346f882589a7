package io.sipsensor.license;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends a license alert by e-mail through an SMTP server with Jakarta Mail (Eclipse Angus): plain text, UTF-8, one
 * message to every address. Connect, read and write are bounded by the alert timeout; a failure is one log line and
 * never fatal (that alert is in the log only). It runs where the alert is raised ({@code license check}), never on a
 * capture thread.
 */
public final class AlertMail
{
    /**
     * Where the mails go and through which server.
     *
     * @param to       recipients.
     * @param from     sender.
     * @param host     SMTP server.
     * @param port     its port.
     * @param startTls true: STARTTLS is required before anything is sent.
     * @param user     SMTP AUTH user, or "" for none.
     * @param password SMTP AUTH password.
     */
    public record Settings(List<String> to, String from, String host, int port, boolean startTls, String user,
        String password)
    {
        @Override
        public String toString()
        {
            return "smtp://" + host + ":" + port + (startTls ? " (STARTTLS)" : "") + " to " + String.join(", ", to);
        }
    }

    private final Settings settings;
    private final Duration timeout;
    private final PrintStream log;

    /**
     * @param settings where to send.
     * @param timeout  connect, read and write timeout.
     * @param log      where a failure goes.
     */
    public AlertMail(final Settings settings, final Duration timeout, final PrintStream log)
    {
        this.settings = settings;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * @param subject the subject line.
     * @param body    the text.
     * @return true if the server accepted the message.
     */
    public boolean send(final String subject, final String body)
    {
        final Properties properties = new Properties();
        final String millis = Long.toString(timeout.toMillis());
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.connectiontimeout", millis);
        properties.put("mail.smtp.timeout", millis);
        properties.put("mail.smtp.writetimeout", millis);
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        properties.put("mail.smtp.auth", Boolean.toString(!settings.user().isEmpty()));
        try
        {
            final Session session = Session.getInstance(properties);
            final MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            final InternetAddress[] to = new InternetAddress[settings.to().size()];
            for (int i = 0; i < to.length; i++)
            {
                to[i] = new InternetAddress(settings.to().get(i), true);
            }
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(subject, "UTF-8");
            message.setText(body, "UTF-8");
            message.setSentDate(new Date());
            if (settings.user().isEmpty())
            {
                Transport.send(message);
            }
            else
            {
                Transport.send(message, settings.user(), settings.password());
            }
            return true;
        }
        catch (final MessagingException | RuntimeException ex)
        {
            log.println("sipsensor: license alert mail through " + settings + " failed: " + reason(ex) +
                "; the alert is in the log only");
            return false;
        }
    }

    private static String reason(final Exception ex)
    {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        final String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return message.strip().replaceAll("\\s+", " ");
    }
}
