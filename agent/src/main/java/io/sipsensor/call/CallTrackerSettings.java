package io.sipsensor.call;

import java.util.concurrent.TimeUnit;

/**
 * Limits and timeouts of the {@link CallTracker}, in capture time. Immutable; validated by the context at start.
 *
 * @param maxCalls           most Call-IDs tracked at once (setup, established and lingering); new calls beyond are
 *                           counted and not tracked.
 * @param lingerNs           how long an emitted leg's Call-ID is remembered, to absorb retransmissions and late
 *                           messages, and how long a 401/407 waits for its retried INVITE or a CANCEL for its final
 *                           response.
 * @param setupTimeoutNs     a call with no final response is closed (end reason timeout) after this much silence.
 * @param absoluteTimeoutNs  an answered call with no BYE is closed this long after its start.
 * @param authRetryTimeoutNs how long a 401/407 to the initial INVITE waits for the retried INVITE before the leg is
 *                           closed with that code (a person may be typing a password).
 * @param byeTimeoutNs       after a BYE (the leg is emitted at once, ending at the BYE), how long its Call-ID is
 *                           kept waiting for the BYE's 2xx (VoIPmonitor's {@code bye_timeout}).
 * @param byeConfirmedTimeoutNs after the BYE's 2xx, how long the Call-ID is still kept to absorb late messages
 *                           (VoIPmonitor's {@code bye_confirmed_timeout}).
 */
public record CallTrackerSettings(
    int maxCalls, long lingerNs, long setupTimeoutNs, long absoluteTimeoutNs, long authRetryTimeoutNs,
    long byeTimeoutNs, long byeConfirmedTimeoutNs)
{
    /** Default most tracked calls. */
    public static final int DEFAULT_MAX_CALLS = 1_000_000;
    /** Default linger: SIP's 64*T1 transaction timeout. */
    public static final long DEFAULT_LINGER_NS = TimeUnit.SECONDS.toNanos(32);
    /** Default silence before an unanswered call without final response is closed. */
    public static final long DEFAULT_SETUP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(300);
    /** VoIPmonitor's absolute_timeout default: 4 hours. */
    public static final long DEFAULT_ABSOLUTE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(14_400);
    /** Default wait for the INVITE retried after an authentication challenge. */
    public static final long DEFAULT_AUTH_RETRY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);
    /** VoIPmonitor's bye_timeout default: 20 minutes. */
    public static final long DEFAULT_BYE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1_200);
    /** VoIPmonitor's bye_confirmed_timeout default: 10 minutes. */
    public static final long DEFAULT_BYE_CONFIRMED_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(600);

    /**
     * Settings whose Call-IDs linger after a BYE as after any other end ({@code lingerNs}).
     *
     * @param maxCalls           most Call-IDs tracked at once.
     * @param lingerNs           how long an emitted leg's Call-ID is remembered.
     * @param setupTimeoutNs     silence before a call without final response is closed.
     * @param absoluteTimeoutNs  an answered call is closed this long after its start.
     * @param authRetryTimeoutNs wait for an INVITE retried after 401/407.
     */
    public CallTrackerSettings(final int maxCalls, final long lingerNs, final long setupTimeoutNs,
        final long absoluteTimeoutNs, final long authRetryTimeoutNs)
    {
        this(maxCalls, lingerNs, setupTimeoutNs, absoluteTimeoutNs, authRetryTimeoutNs, lingerNs, lingerNs);
    }

    /**
     * @return the defaults.
     */
    public static CallTrackerSettings defaults()
    {
        return new CallTrackerSettings(
            DEFAULT_MAX_CALLS, DEFAULT_LINGER_NS, DEFAULT_SETUP_TIMEOUT_NS, DEFAULT_ABSOLUTE_TIMEOUT_NS,
            DEFAULT_AUTH_RETRY_TIMEOUT_NS, DEFAULT_BYE_TIMEOUT_NS, DEFAULT_BYE_CONFIRMED_TIMEOUT_NS);
    }
}
