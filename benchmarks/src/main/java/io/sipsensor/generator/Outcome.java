package io.sipsensor.generator;

/**
 * How a generated call ends, with the final response code it gets.
 */
public enum Outcome
{
    /** 200 OK, talk, BYE. */
    ANSWERED(200),
    /** 100, 486 Busy Here, ACK. */
    BUSY(486),
    /** 100, 404 Not Found, ACK. */
    NOT_FOUND(404),
    /** 100, 180, ringing, 603 Decline, ACK. */
    DECLINED(603),
    /** 100, 180, CANCEL by the caller, 200 to the CANCEL, 487 Request Terminated, ACK. */
    CANCELLED(487);

    private final int finalCode;

    Outcome(final int finalCode)
    {
        this.finalCode = finalCode;
    }

    /** @return the final response code to the INVITE. */
    public int finalCode()
    {
        return finalCode;
    }
}
