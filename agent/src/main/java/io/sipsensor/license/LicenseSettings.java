package io.sipsensor.license;

import io.sipsensor.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The license settings of a run, filled key by key from defaults, config file and command line like the rest of
 * {@code SensorContext}, and validated as each is set (one line naming the setting on error). Owned by the thread
 * that builds the context; read-only afterwards.
 */
public final class LicenseSettings
{
    private final Map<EventType, Schedule> schedules = new EnumMap<>(EventType.class);
    private PublicKey publicKey;
    private String guiDomain = "";
    private ZoneId zone;
    private int checkDays;
    private int tempIncreaseDays;
    private int renewalGraceDays;
    private int trialDays;
    private int lockMinOveragePercent;
    private int historyFactor;
    private long clockToleranceSeconds;
    private URI webhook;
    private long alertTimeoutSeconds;

    /**
     * @param key    config key.
     * @param text   value, trimmed.
     * @param source where the value comes from.
     * @return false if the key is not a license setting.
     * @throws ConfigException naming the key, the value and what is expected.
     */
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "license_public_key" -> publicKey = publicKey(source, key, text);
            case "gui_domain" -> guiDomain = text.toLowerCase();
            case "license_timezone" -> zone = zone(source, key, text);
            case "license_check_days" -> checkDays = (int)number(source, key, text, 1, 366);
            case "license_temp_increase_days" -> tempIncreaseDays = (int)number(source, key, text, 1, 366);
            case "license_renewal_grace_days" -> renewalGraceDays = (int)number(source, key, text, 0, 366);
            case "license_trial_days" -> trialDays = (int)number(source, key, text, 1, 3660);
            case "lock_min_overage_percent" -> lockMinOveragePercent = (int)number(source, key, text, 0, 1000);
            case "license_history_factor" -> historyFactor = (int)number(source, key, text, 0, 100);
            case "license_clock_tolerance_s" -> clockToleranceSeconds = number(source, key, text, 0, 86_400);
            case "license_alert_webhook" -> webhook = webhook(source, key, text);
            case "license_alert_timeout_s" -> alertTimeoutSeconds = number(source, key, text, 1, 300);
            default ->
            {
                for (final EventType type : EventType.values())
                {
                    if (type.scheduleKey().equals(key))
                    {
                        try
                        {
                            schedules.put(type, Schedule.parse(text));
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            throw invalid(source, key, text, "a schedule like " + type.defaultSchedule() + " (" +
                                ex.getMessage() + ")");
                        }
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /** @return the policy the engine applies. */
    public LicensePolicy policy()
    {
        return new LicensePolicy(zone, checkDays, tempIncreaseDays, renewalGraceDays, trialDays,
            lockMinOveragePercent, historyFactor, clockToleranceSeconds, schedules);
    }

    /** @return the vendor public key licenses must verify with, or null when none is configured. */
    public PublicKey publicKey()
    {
        return publicKey;
    }

    /** @return the configured GUI domain (lower case), or "" when not set. */
    public String guiDomain()
    {
        return guiDomain;
    }

    /** @return where alerts are posted, or null for log lines only. */
    public URI webhook()
    {
        return webhook;
    }

    /** @return connect and request timeout of the webhook. */
    public Duration alertTimeout()
    {
        return Duration.ofSeconds(alertTimeoutSeconds);
    }

    private static PublicKey publicKey(final String source, final String key, final String text)
    {
        if (text.isEmpty())
        {
            return null;
        }
        try
        {
            return LicenseKeys.readPublicKey(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source + ": " + key + " = '" + text + "' is not usable: " + ex.getMessage());
        }
    }

    private static ZoneId zone(final String source, final String key, final String text)
    {
        try
        {
            return ZoneId.of(text);
        }
        catch (final DateTimeException ex)
        {
            throw invalid(source, key, text, "a time zone such as UTC or Europe/Bratislava");
        }
    }

    private static URI webhook(final String source, final String key, final String text)
    {
        if (text.isEmpty())
        {
            return null;
        }
        try
        {
            final URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) &&
                uri.getHost() != null)
            {
                return uri;
            }
        }
        catch (final URISyntaxException ex)
        {
            // reported below
        }
        throw invalid(source, key, text, "an http:// or https:// URL");
    }

    private static long number(
        final String source, final String key, final String text, final long min, final long max)
    {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit) ||
            Long.parseLong(text) < min || Long.parseLong(text) > max)
        {
            throw invalid(source, key, text, "a whole number from " + min + " to " + max);
        }
        return Long.parseLong(text);
    }

    private static ConfigException invalid(
        final String source, final String key, final String value, final String expected)
    {
        return new ConfigException(source + ": " + key + " = '" + value + "' is not valid; expected " + expected);
    }
}
