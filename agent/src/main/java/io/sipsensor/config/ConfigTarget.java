package io.sipsensor.config;

/**
 * What a config file or command line is read into: knows its setting names and validates each value as it is set.
 */
public interface ConfigTarget
{
    /**
     * @param key a setting name (lower case).
     * @return true if this target has a setting of that name.
     */
    boolean knows(String key);

    /**
     * @param key a setting name that is not known.
     * @return the known name nearest to it (a likely typo), or null.
     */
    String nearest(String key);

    /**
     * @param key    setting name.
     * @param value  value as text.
     * @param source where the value comes from, for messages (e.g. "sipsensor.conf line 12").
     * @throws ConfigException naming the key, the value and what is expected.
     */
    void set(String key, String value, String source);
}
