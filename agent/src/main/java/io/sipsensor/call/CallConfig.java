package io.sipsensor.call;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;

import static io.sipsensor.config.SettingValues.number;
import static io.sipsensor.config.SettingValues.ports;
import static io.sipsensor.config.SettingValues.seconds;

/**
 * The call tracker's settings as the config file names them: SIP ports and header limit, how many calls are
 * tracked, and the timeouts that end legs and forget Call-IDs. Timeouts and the call limit are applied on reload.
 */
public final class CallConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("sipport", "5060",
            "UDP/TCP ports always decoded as SIP: list and ranges, e.g. 5060,5062-5070"),
        new Setting("max_calls", "1000000",
            "most Call-IDs tracked at once; new calls beyond are counted and not tracked", true),
        new Setting("max_sip_headers", "128",
            "most header lines per SIP message; more makes the message malformed"),
        new Setting("absolute_timeout", "14400",
            "seconds after its start an answered call without BYE is closed", true),
        new Setting("invite_timeout", "300",
            "seconds of silence after which a call without final response is closed", true),
        new Setting("sip_linger", "32",
            "seconds a finished Call-ID is remembered to absorb retransmissions", true),
        new Setting("auth_retry_timeout", "120",
            "seconds a call challenged with 401/407 waits for its retried INVITE before it is closed with that code",
            true),
        new Setting("bye_timeout", "1200",
            "seconds a Call-ID is kept after a BYE that gets no 2xx (the leg itself ends at the BYE)", true),
        new Setting("bye_confirmed_timeout", "600",
            "seconds a Call-ID is kept after the 2xx to its BYE, absorbing late messages", true),
        new Setting("calls_checkpoint_interval", "10",
            "seconds between saves of the calls in progress to the spool while capturing live (what a crash can lose)"),
        new Setting("calls_restore_window", "900",
            "seconds a call restored at start waits to be seen again before it ends at the stop instant (shutdown)"));

    private int[] sipPorts;
    private int maxCalls;
    private int maxSipHeaders;
    private long absoluteTimeoutNs;
    private long inviteTimeoutNs;
    private long lingerNs;
    private long authRetryTimeoutNs;
    private long byeTimeoutNs;
    private long byeConfirmedTimeoutNs;
    private long checkpointIntervalNs;
    private long restoreWindowNs;

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
            case "sipport" -> sipPorts = ports(source, key, text);
            case "max_calls" -> maxCalls = (int)number(source, key, text, 1, 100_000_000);
            case "max_sip_headers" -> maxSipHeaders = (int)number(source, key, text, 8, 4096);
            case "absolute_timeout" -> absoluteTimeoutNs = seconds(source, key, text, 1, 7 * 86_400);
            case "invite_timeout" -> inviteTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "sip_linger" -> lingerNs = seconds(source, key, text, 1, 3_600);
            case "auth_retry_timeout" -> authRetryTimeoutNs = seconds(source, key, text, 1, 3_600);
            case "bye_timeout" -> byeTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "bye_confirmed_timeout" -> byeConfirmedTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "calls_checkpoint_interval" -> checkpointIntervalNs = seconds(source, key, text, 1, 3_600);
            case "calls_restore_window" -> restoreWindowNs = seconds(source, key, text, 0, 7 * 86_400);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return ports always decoded as SIP, ascending. */
    public int[] sipPorts()
    {
        return sipPorts.clone();
    }

    /** @return most header lines per SIP message. */
    public int maxSipHeaders()
    {
        return maxSipHeaders;
    }

    /** @return time between checkpoints of the calls in progress of a live run, ns. */
    public long checkpointIntervalNs()
    {
        return checkpointIntervalNs;
    }

    /** @return how long a restored call waits to be seen again, ns. */
    public long restoreWindowNs()
    {
        return restoreWindowNs;
    }

    /** @return call tracker limits and timeouts. */
    public CallTrackerSettings trackerSettings()
    {
        return new CallTrackerSettings(maxCalls, lingerNs, inviteTimeoutNs, absoluteTimeoutNs, authRetryTimeoutNs,
            byeTimeoutNs, byeConfirmedTimeoutNs);
    }
}
