package io.sipsensor.config;

/**
 * A setting, option or file the operator gave cannot be used. The message is one line that names the problem
 * and where it is; the CLI prints it and exits with status 2.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the problem.
     */
    public ConfigException(final String message)
    {
        super(message);
    }
}
