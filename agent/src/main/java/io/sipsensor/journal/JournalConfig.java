package io.sipsensor.journal;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;

import static io.sipsensor.config.SettingValues.number;
import static io.sipsensor.config.SettingValues.powerOfTwoKib;
import static io.sipsensor.config.SettingValues.seconds;

/**
 * The CDR journal's settings as the config file names them: the hand-off ring, retention and what happens when
 * the disk is full.
 */
public final class JournalConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("journal_ring_kb", "4096",
            "size of the hand-off ring between the packet thread and the journal thread, KiB (power of two)"),
        new Setting("journal_retention_days", "90",
            "days of CDR journal kept (whole days removed, never today's); 0 keeps everything"),
        new Setting("journal_min_free_mb", "64",
            "below this much free space the journal pauses and keeps CDRs in memory until space returns"),
        new Setting("journal_overflow_mb", "64",
            "most MiB of CDRs kept in memory while the journal cannot write; beyond, legs are counted as lost"),
        new Setting("journal_close_wait_s", "30",
            "at shutdown, seconds to wait for disk space to journal CDRs still kept in memory"));

    private int ringBytes;
    private int retentionDays;
    private long minFreeBytes;
    private long overflowBytes;
    private long closeWaitNs;

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
            case "journal_ring_kb" -> ringBytes = powerOfTwoKib(source, key, text, 64, 1 << 20);
            case "journal_retention_days" -> retentionDays = (int)number(source, key, text, 0, 36_500);
            case "journal_min_free_mb" -> minFreeBytes = number(source, key, text, 1, 1 << 20) << 20;
            case "journal_overflow_mb" -> overflowBytes = number(source, key, text, 1, 16_384) << 20;
            case "journal_close_wait_s" -> closeWaitNs = seconds(source, key, text, 0, 86_400);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return bytes of the journal ring's data area. */
    public int ringBytes()
    {
        return ringBytes;
    }

    /** @return how the journal is kept: retention and full-disk behaviour. */
    public JournalSettings journalSettings()
    {
        return new JournalSettings(retentionDays, minFreeBytes, overflowBytes, closeWaitNs);
    }
}
