package io.sipsensor.capture.live;

/**
 * A live capture could not be opened or configured: the message is one line naming the interface, the step and
 * the system's reason. The error code (errno, or 0) lets the engine choice tell "not permitted" from other
 * failures.
 */
public final class CaptureOpenException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno   the system error code, 0 if none.
     * @param message one line.
     */
    public CaptureOpenException(final int errno, final String message)
    {
        super(message);
        this.errno = errno;
    }

    /**
     * @return the system error code, 0 if none.
     */
    public int errno()
    {
        return errno;
    }
}
