package io.sipsensor.channel;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;

import static io.sipsensor.config.SettingValues.bool;
import static io.sipsensor.config.SettingValues.seconds;

/**
 * How legs are merged into license channels, as the config file names it. Needs a restart: every stored hour was
 * counted by these rules.
 */
public final class ChannelConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("license_dedup_window_s", "10",
            "legs with the same dedup key whose starts are this many seconds apart or less are one license channel"),
        new Setting("license_count_487", "no",
            "whether legs ending with 487 Request Terminated count as license channels"));

    private long dedupWindowNs;
    private boolean count487;

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
            case "license_dedup_window_s" -> dedupWindowNs = seconds(source, key, text, 0, 3_600);
            case "license_count_487" -> count487 = bool(source, key, text);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return license channel rules. */
    public LicenseChannelSettings licenseChannelSettings()
    {
        return new LicenseChannelSettings(dedupWindowNs, count487);
    }
}
