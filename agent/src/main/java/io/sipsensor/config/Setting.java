package io.sipsensor.config;

/**
 * One setting of the config file ({@code key = value}), as {@code --help}, the README table and error messages
 * describe it.
 *
 * @param key          name in the config file (VoIPmonitor's name where one exists).
 * @param defaultValue default, as text.
 * @param description  one line.
 * @param reloadable   true if a running agent applies a new value on SIGHUP; false if it needs a restart.
 */
public record Setting(String key, String defaultValue, String description, boolean reloadable)
{
    /**
     * A setting that needs a restart to change.
     *
     * @param key          name in the config file.
     * @param defaultValue default, as text.
     * @param description  one line.
     */
    public Setting(final String key, final String defaultValue, final String description)
    {
        this(key, defaultValue, description, false);
    }
}
