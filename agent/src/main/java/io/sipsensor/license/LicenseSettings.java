package io.sipsensor.license;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * The license settings of a run, filled key by key from defaults, config file and command line like the rest of
 * {@code SensorContext}, and validated as each is set (one line naming the setting on error). Owned by the thread
 * that builds the context, which also applies a reload to it in place; other threads read a {@link #copy()}.
 */
public final class LicenseSettings implements SettingGroup
{
    /** This group's settings; all are applied on reload (the license files are read at every evaluation). */
    public static final List<Setting> SETTINGS = settingList();

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
    private URI portal;
    private long alertTimeoutSeconds;

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    /**
     * @param key    config key.
     * @param text   value, trimmed.
     * @param source where the value comes from.
     * @return false if the key is not a license setting.
     * @throws ConfigException naming the key, the value and what is expected.
     */
    @Override
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
            case "license_portal_url" -> portal = webhook(source, key, text);
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

    /**
     * @return a copy of these settings that nothing changes afterwards: what another thread may read (through a
     *         volatile or another safe publication) while a reload updates this one in place.
     */
    public LicenseSettings copy()
    {
        final LicenseSettings copy = new LicenseSettings();
        copy.schedules.putAll(schedules);
        copy.publicKey = publicKey;
        copy.guiDomain = guiDomain;
        copy.zone = zone;
        copy.checkDays = checkDays;
        copy.tempIncreaseDays = tempIncreaseDays;
        copy.renewalGraceDays = renewalGraceDays;
        copy.trialDays = trialDays;
        copy.lockMinOveragePercent = lockMinOveragePercent;
        copy.historyFactor = historyFactor;
        copy.clockToleranceSeconds = clockToleranceSeconds;
        copy.webhook = webhook;
        copy.portal = portal;
        copy.alertTimeoutSeconds = alertTimeoutSeconds;
        return copy;
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

    /** @return the vendor's license portal (Get License Key), or null when none is configured. */
    public URI portal()
    {
        return portal;
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

    private static List<Setting> settingList()
    {
        final List<Setting> all = new ArrayList<>(List.of(
            new Setting("license_public_key", "",
                "the vendor's Ed25519 public key licenses must verify with: its base64 (sipsensor-vendor keygen " +
                    "prints it) or the path of a file holding it (base64 or PEM)", true),
            new Setting("gui_domain", "", "the GUI domain a domain-bound license must name", true),
            new Setting("license_timezone", "UTC", "zone whose calendar days the daily license peaks and alerts use",
                true),
            new Setting("license_check_days", "21", "days of call data the license check looks at", true),
            new Setting("license_temp_increase_days", "14",
                "longest life of a temporary increase, days from its start", true),
            new Setting("license_renewal_grace_days", "20",
                "days a license with automatic renewal keeps working past its formal end", true),
            new Setting("license_trial_days", "30", "life of a trial license, days from its issue date", true),
            new Setting("lock_min_overage_percent", "0",
                "over-allocation locks only if the latest over-day's peak exceeds the limit by more than this " +
                    "percentage", true),
            new Setting("license_history_factor", "2",
                "a cleared event's history is kept this many times as long as it lasted; a recurrence inside " +
                    "resumes it", true),
            new Setting("license_clock_tolerance_s", "300",
                "seconds the clock may step back before it counts as gone backwards (CLOCK_INVALID)", true),
            new Setting("license_alert_webhook", "",
                "http(s) URL the daily license alert is POSTed to as JSON (empty: log line only)", true),
            new Setting("license_alert_timeout_s", "10",
                "connect and request timeout of the alert webhook and the license portal, seconds", true),
            new Setting("license_portal_url", "",
                "the vendor's license portal (sipsensor-vendor serve) that 'license fetch' and the web interface's " +
                    "Get License Key ask for a temporary increase, e.g. https://licenses.example.com/", true)));
        for (final EventType type : EventType.values())
        {
            all.add(new Setting(type.scheduleKey(), type.defaultSchedule(),
                "escalation of " + type + " (" + type.description() + ")", true));
        }
        return List.copyOf(all);
    }
}
