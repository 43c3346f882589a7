package io.sipsensor.license;

/**
 * What a license can be bound to on this sensor.
 *
 * @param hwid   this host's hardware id ({@link HardwareId}).
 * @param domain the configured GUI domain ({@code gui_domain}), or "".
 */
public record Identity(String hwid, String domain)
{
}
