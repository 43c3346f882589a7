package io.sipsensor.config;

import java.util.List;

/**
 * The settings one capability reads from the config file and command line: it lists them (with defaults and
 * descriptions) and parses and validates each value as it is set, so a bad value fails at start with one line
 * naming it. Adding a setting touches the capability's group and the README table, nothing else. Filled on one
 * thread before the run starts (and, for reloadable settings, on the main thread at SIGHUP).
 */
public interface SettingGroup
{
    /**
     * @return this group's settings, in the order {@code --help} lists them.
     */
    List<Setting> settings();

    /**
     * @param key    setting name (lower case).
     * @param text   value, trimmed.
     * @param source where the value comes from, for messages.
     * @return false if the key is not one of this group's settings.
     * @throws ConfigException naming the key, the value and what is expected.
     */
    boolean set(String key, String text, String source);
}
