package io.sipsensor.pipeline;

import io.sipsensor.call.CallConfig;
import io.sipsensor.capture.live.CaptureConfig;
import io.sipsensor.central.LinkConfig;
import io.sipsensor.channel.ChannelConfig;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingValues;
import io.sipsensor.journal.JournalConfig;
import io.sipsensor.license.AlertMailConfig;
import io.sipsensor.license.LicenseSettings;
import io.sipsensor.net.DecodeConfig;
import io.sipsensor.net.tcp.TcpConfig;
import io.sipsensor.kafka.KafkaConfig;
import io.sipsensor.web.WebConfig;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting the sensor reads from its config file ({@code key = value}, VoIPmonitor names where they exist),
 * with its default and meaning: the run's own (spool, sensor id, hand-off ring) and those of each capability's
 * {@link io.sipsensor.config.SettingGroup}, which parses and validates its keys. Command-line options override the
 * file; the file overrides the defaults.
 */
public final class Configuration
{
    /** The run's own settings, parsed by {@link SensorContext}. */
    public static final List<Setting> RUN = List.of(
        new Setting("spooldir", "./spool", "folder for the CDR journal, channel statistics and license state"),
        new Setting("id_sensor", "0", "sensor id written into every CDR (0..65535)"));

    /** The live run's hand-off ring, parsed by {@link SensorContext}. */
    public static final List<Setting> HANDOFF = List.of(
        new Setting("capture_handoff_ring_kb", "8192",
            "ring from the capture threads to the call-tracking thread when capture_threads > 1, KiB (power of two)"));

    /** All settings, in the order --help lists them. */
    public static final List<Setting> ALL = SettingValues.concat(List.of(RUN, CallConfig.SETTINGS,
        ChannelConfig.SETTINGS, JournalConfig.SETTINGS, DecodeConfig.SETTINGS, TcpConfig.SETTINGS,
        CaptureConfig.SETTINGS, HANDOFF, LicenseSettings.SETTINGS, AlertMailConfig.SETTINGS, LinkConfig.SETTINGS,
        WebConfig.SETTINGS, KafkaConfig.SETTINGS));

    /**
     * Settings a running agent applies on SIGHUP (with the license files): call timeouts and limits, the capture
     * filter and the license settings. The others need a restart.
     */
    public static final Set<String> RELOADABLE = reloadable();

    private Configuration()
    {
    }

    private static Set<String> reloadable()
    {
        final Set<String> keys = new TreeSet<>();
        for (final Setting setting : ALL)
        {
            if (setting.reloadable())
            {
                keys.add(setting.key());
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    /**
     * @param key a config key.
     * @return the setting, or null.
     */
    public static Setting find(final String key)
    {
        for (final Setting setting : ALL)
        {
            if (setting.key().equals(key))
            {
                return setting;
            }
        }
        return null;
    }

    /**
     * @param key an unknown key.
     * @return the known key nearest by edit distance, or null if none is close.
     */
    public static String nearest(final String key)
    {
        final List<String> keys = new java.util.ArrayList<>(ALL.size());
        for (final Setting setting : ALL)
        {
            keys.add(setting.key());
        }
        return nearest(key, keys);
    }

    /**
     * The "did you mean" of config keys and command-line options alike.
     *
     * @param typed      an unknown name.
     * @param candidates the names that exist.
     * @return the candidate nearest by edit distance, or null if none is close (a third of the name's length, at
     * least 2) or the name is one of them.
     */
    public static String nearest(final String typed, final java.util.Collection<String> candidates)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = distance(typed.toLowerCase(), candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance > 0 && bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
    }

    private static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
