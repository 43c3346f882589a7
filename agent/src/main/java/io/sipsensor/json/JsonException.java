package io.sipsensor.json;

/**
 * Invalid JSON text; the message names what and where.
 */
public final class JsonException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where.
     */
    public JsonException(final String message)
    {
        super(message);
    }
}
