package io.sipsensor.generator;

/**
 * The leg a correct sensor reports for a generated call (the generator's ground truth).
 *
 * @param callId     Call-ID.
 * @param caller     From user.
 * @param called     To user.
 * @param startNs    first INVITE.
 * @param connectNs  200 OK, or Long.MIN_VALUE.
 * @param endNs      BYE, final response, or CANCEL.
 * @param finalCode  final response code.
 * @param endReason  bye, final or cancel.
 * @param byeBy      caller, callee, or null.
 * @param reinvites  re-INVITEs in the call.
 */
public record ExpectedLeg(
    String callId, String caller, String called, long startNs, long connectNs, long endNs, int finalCode,
    String endReason, String byeBy, int reinvites)
{
}
