package io.sipsensor.license;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * This host's hardware id, what a license can be bound to: the first 16 bytes, as 32 lower-case hex digits, of
 * SHA-256 over the UTF-8 text
 * <pre>
 *   sipsensor-hwid-v1\n
 *   machine-id=&lt;/etc/machine-id, else /var/lib/dbus/machine-id&gt;\n
 *   product-uuid=&lt;/sys/class/dmi/id/product_uuid&gt;\n
 * </pre>
 * each value trimmed and lower-cased, a line left out when its file is missing or unreadable. The machine id
 * changes with an OS re-install; the DMI product UUID tells cloned VMs apart (it is readable by root only, so run
 * {@code license status} as the user the sensor runs as). When neither exists, the host name is used
 * ({@code hostname=...}). Computed once per command; allocates.
 *
 * @param value   the hardware id.
 * @param sources what it was derived from, e.g. {@code [machine-id, product-uuid]}.
 */
public record HardwareId(String value, List<String> sources)
{
    /**
     * @return this host's hardware id.
     */
    public static HardwareId local()
    {
        // Under systemd the unprivileged service cannot read product_uuid (mode 0400): the unit copies it for the
        // service (systemd/sipsensor.service) and names the copy here, so the id stays the one root computes.
        final String copy = System.getenv("SIPSENSOR_PRODUCT_UUID_FILE");
        return of(Path.of("/"), copy == null || copy.isBlank() ? null : Path.of(copy));
    }

    /**
     * @param root file system root to read from ("/" on a host; a folder in tests).
     * @return the hardware id.
     */
    public static HardwareId of(final Path root)
    {
        return of(root, null);
    }

    /**
     * @param root                file system root to read from.
     * @param productUuidFallback where else the DMI product UUID may be read when its sysfs file cannot, or null.
     * @return the hardware id.
     */
    public static HardwareId of(final Path root, final Path productUuidFallback)
    {
        final StringBuilder text = new StringBuilder("sipsensor-hwid-v1\n");
        final List<String> sources = new ArrayList<>();
        String machineId = read(root.resolve("etc/machine-id"));
        if (machineId == null)
        {
            machineId = read(root.resolve("var/lib/dbus/machine-id"));
        }
        if (machineId != null)
        {
            text.append("machine-id=").append(machineId).append('\n');
            sources.add("machine-id");
        }
        String productUuid = read(root.resolve("sys/class/dmi/id/product_uuid"));
        if (productUuid == null && productUuidFallback != null)
        {
            productUuid = read(productUuidFallback);
        }
        if (productUuid != null)
        {
            text.append("product-uuid=").append(productUuid).append('\n');
            sources.add("product-uuid");
        }
        if (sources.isEmpty())
        {
            text.append("hostname=").append(hostName()).append('\n');
            sources.add("hostname");
        }
        return new HardwareId(hash(text.toString()), List.copyOf(sources));
    }

    private static String read(final Path file)
    {
        try
        {
            final String value = Files.readString(file, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
            return value.isEmpty() ? null : value;
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    private static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        }
        catch (final IOException ex)
        {
            return "localhost";
        }
    }

    private static String hash(final String text)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("no SHA-256 in this JDK", ex);
        }
    }
}
