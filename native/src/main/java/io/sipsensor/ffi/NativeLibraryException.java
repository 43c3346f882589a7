package io.sipsensor.ffi;

/**
 * A native library or symbol sipsensor needs cannot be loaded here; the message says which and how to install it.
 */
public final class NativeLibraryException extends RuntimeException
{
    /**
     * @param message one line for the operator.
     */
    public NativeLibraryException(final String message)
    {
        super(message);
    }
}
