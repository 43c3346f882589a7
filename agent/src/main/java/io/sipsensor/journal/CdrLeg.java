package io.sipsensor.journal;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;

/**
 * One CDR leg as values: what export writes, import reads, and tests compare. Times are ns since the epoch,
 * {@link CallState#NO_TIME} when absent. Allocates (Strings); used off the packet path.
 *
 * @param idSensor     sensor that recorded the leg.
 * @param callId       Call-ID.
 * @param caller       From user of the first INVITE.
 * @param called       To user of the first INVITE.
 * @param ruriUser     Request-URI user of the first INVITE.
 * @param callerIp     source address of the first INVITE, text ("" if unknown).
 * @param callerPort   its source port.
 * @param calledIp     destination address of the first INVITE, text.
 * @param calledPort   its destination port.
 * @param startNs      first INVITE.
 * @param connectNs    first 2xx to the initial INVITE, or NO_TIME.
 * @param endNs        end by the leg definitions.
 * @param finalNs      final response, or NO_TIME.
 * @param cancelNs     first CANCEL, or NO_TIME.
 * @param byeNs        first BYE, or NO_TIME.
 * @param lastPacketNs last SIP message of the Call-ID seen for the leg.
 * @param finalCode    final response code, 0 if none.
 * @param endReason    {@link EndReason} code.
 * @param byeBy        {@link CallState} BYE_BY_ constant.
 * @param reinvites    re-INVITEs seen.
 * @param flags        {@link CallState} {@code FLAG_*} bits (e.g. the start was not captured).
 */
public record CdrLeg(
    int idSensor, String callId, String caller, String called, String ruriUser,
    String callerIp, int callerPort, String calledIp, int calledPort,
    long startNs, long connectNs, long endNs, long finalNs, long cancelNs, long byeNs, long lastPacketNs,
    int finalCode, int endReason, int byeBy, int reinvites, int flags)
{
    /**
     * A leg without flags.
     */
    public CdrLeg(
        final int idSensor, final String callId, final String caller, final String called, final String ruriUser,
        final String callerIp, final int callerPort, final String calledIp, final int calledPort,
        final long startNs, final long connectNs, final long endNs, final long finalNs, final long cancelNs,
        final long byeNs, final long lastPacketNs, final int finalCode, final int endReason, final int byeBy,
        final int reinvites)
    {
        this(idSensor, callId, caller, called, ruriUser, callerIp, callerPort, calledIp, calledPort, startNs,
            connectNs, endNs, finalNs, cancelNs, byeNs, lastPacketNs, finalCode, endReason, byeBy, reinvites, 0);
    }

    /**
     * @return true if the leg's first INVITE seen was a re-INVITE: the call began before the capture did.
     */
    public boolean startNotCaptured()
    {
        return (flags & CallState.FLAG_START_NOT_CAPTURED) != 0;
    }

    /**
     * @return "caller", "callee" or "" for {@link #byeBy()}.
     */
    public String byeByName()
    {
        return switch (byeBy)
        {
            case CallState.BYE_BY_CALLER -> "caller";
            case CallState.BYE_BY_CALLEE -> "callee";
            default -> "";
        };
    }

    /**
     * @return true if the leg was answered (has a connect time).
     */
    public boolean answered()
    {
        return connectNs != CallState.NO_TIME;
    }
}
