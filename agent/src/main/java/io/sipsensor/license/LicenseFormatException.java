package io.sipsensor.license;

/**
 * A license file or token cannot be read: not JSON, not signed, a field missing or out of range. The message is
 * one line saying which.
 */
public final class LicenseFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line.
     */
    public LicenseFormatException(final String message)
    {
        super(message);
    }
}
