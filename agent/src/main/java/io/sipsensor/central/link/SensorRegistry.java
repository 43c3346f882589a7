package io.sipsensor.central.link;

import io.sipsensor.license.Condition;
import io.sipsensor.license.EventType;
import io.sipsensor.spool.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sensors a central has heard from, kept in {@code <spool>/central/sensors} (one line per sensor:
 * {@code id<TAB>hardware id<TAB>last seen, epoch ms}, replaced atomically), so it knows after a restart who is
 * missing. From it come the conditions of the group's license (LICENSING.md):
 * <ul>
 * <li>{@code DUPLICATE_SENSOR}: a sensor authenticates with the id of a connected sensor but another hardware id, or
 * the hardware id of a connected sensor but another id (a cloned machine). It is refused; the condition holds until
 * no such claim was made for the missing-sensor timeout.</li>
 * <li>{@code MISSING_SENSOR}: a sensor heard from before has not been connected for the missing-sensor timeout;
 * it clears when the sensor is back.</li>
 * </ul>
 * Sessions (the event loop) and the central's main thread use it: every method is synchronized; it is not a hot
 * path (once per connection, once a second).
 */
final class SensorRegistry
{
    private record Claim(String text, long firstMs, long lastMs)
    {
    }

    private static final class Sensor
    {
        private String hardwareId;
        private long lastSeenMs;
        private int connections;
    }

    private final Path file;
    private final long missingTimeoutMs;
    private final Map<Integer, Sensor> sensors = new TreeMap<>();
    private final Map<String, Claim> claims = new TreeMap<>();
    private boolean dirty;
    private long lastSaveMs;

    /**
     * @param spoolRoot        the central's spool.
     * @param missingTimeoutMs sensor_missing_timeout_s in ms.
     * @throws IOException if the file exists and cannot be read.
     */
    SensorRegistry(final Path spoolRoot, final long missingTimeoutMs) throws IOException
    {
        this.file = spoolRoot.resolve("central").resolve("sensors");
        this.missingTimeoutMs = missingTimeoutMs;
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        for (final String line : text.split("\n"))
        {
            final String[] fields = line.split("\t", 3);
            try
            {
                final Sensor sensor = new Sensor();
                sensor.hardwareId = fields[1];
                sensor.lastSeenMs = Long.parseLong(fields[2]);
                sensors.put(Integer.parseInt(fields[0]), sensor);
            }
            catch (final RuntimeException ex)
            {
                // a line that cannot be read: that sensor is known again when it next connects
            }
        }
    }

    /**
     * An authenticated sensor asks to ship.
     *
     * @param idSensor   its id.
     * @param hardwareId its hardware id.
     * @param nowMs      now.
     * @return null if admitted (it counts as connected until {@link #left}), else why it is refused, in words.
     */
    synchronized String admit(final int idSensor, final String hardwareId, final long nowMs)
    {
        for (final Map.Entry<Integer, Sensor> entry : sensors.entrySet())
        {
            final Sensor other = entry.getValue();
            if (other.connections == 0)
            {
                continue;
            }
            final int otherId = entry.getKey();
            if (otherId == idSensor && !other.hardwareId.equals(hardwareId))
            {
                return claim("sensor id " + idSensor + " is connected from hardware id " + other.hardwareId +
                    " and was claimed by hardware id " + hardwareId, nowMs);
            }
            if (otherId != idSensor && other.hardwareId.equals(hardwareId))
            {
                return claim("hardware id " + hardwareId + " is connected as sensor " + otherId +
                    " and claimed sensor id " + idSensor, nowMs);
            }
        }
        final Sensor sensor = sensors.computeIfAbsent(idSensor, id -> new Sensor());
        sensor.hardwareId = hardwareId;
        sensor.lastSeenMs = nowMs;
        sensor.connections++;
        dirty = true;
        return null;
    }

    /**
     * @param idSensor an admitted sensor whose connection ended.
     * @param nowMs    now.
     */
    synchronized void left(final int idSensor, final long nowMs)
    {
        final Sensor sensor = sensors.get(idSensor);
        if (sensor != null && sensor.connections > 0)
        {
            sensor.connections--;
            sensor.lastSeenMs = nowMs;
            dirty = true;
        }
    }

    /** @return sensors heard from. */
    synchronized int known()
    {
        return sensors.size();
    }

    /**
     * @param nowMs now.
     * @return the conditions that hold now: duplicate claims and missing sensors.
     */
    synchronized List<Condition> conditions(final long nowMs)
    {
        final List<Condition> conditions = new ArrayList<>();
        claims.values().removeIf(claim -> nowMs - claim.lastMs() > missingTimeoutMs);
        for (final Claim claim : claims.values())
        {
            conditions.add(new Condition(EventType.DUPLICATE_SENSOR, claim.text(),
                Instant.ofEpochMilli(claim.firstMs())));
        }
        for (final Map.Entry<Integer, Sensor> entry : sensors.entrySet())
        {
            final Sensor sensor = entry.getValue();
            if (sensor.connections == 0 && nowMs - sensor.lastSeenMs >= missingTimeoutMs)
            {
                conditions.add(new Condition(EventType.MISSING_SENSOR, "sensor " + entry.getKey() + " (hardware id " +
                    sensor.hardwareId + ") has not been connected since " + Instant.ofEpochMilli(sensor.lastSeenMs),
                    Instant.ofEpochMilli(sensor.lastSeenMs + missingTimeoutMs)));
            }
        }
        return conditions;
    }

    /**
     * Writes the file if a sensor came or went since the last save, and every 10 s while sensors are connected
     * (they count as seen now, so a central killed and restarted does not find them long missing).
     *
     * @param nowMs now.
     * @throws IOException if it cannot be written (the old file stays).
     */
    synchronized void save(final long nowMs) throws IOException
    {
        if (!dirty && !(nowMs - lastSaveMs >= 10_000 && anyConnected()))
        {
            return;
        }
        lastSaveMs = nowMs;
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<Integer, Sensor> entry : sensors.entrySet())
        {
            final Sensor sensor = entry.getValue();
            text.append(entry.getKey()).append('\t').append(sensor.hardwareId).append('\t')
                .append(sensor.connections > 0 ? nowMs : sensor.lastSeenMs).append('\n');
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        dirty = false;
    }

    private boolean anyConnected()
    {
        for (final Sensor sensor : sensors.values())
        {
            if (sensor.connections > 0)
            {
                return true;
            }
        }
        return false;
    }

    private String claim(final String text, final long nowMs)
    {
        final Claim old = claims.get(text);
        claims.put(text, new Claim(text, old == null ? nowMs : old.firstMs(), nowMs));
        return text;
    }
}
