package io.sipsensor.status;

import io.sipsensor.config.ConfigException;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running agent's counters in a memory-mapped file in the spool ({@code <spool>/counters.dat}), so
 * {@code sipsensor status} in another process reads them live, and after the agent stopped reads its last values.
 * Modelled on Aeron's CnC file: a small header, then an Agrona counters metadata buffer and values buffer.
 * <pre>
 *    0 magic "SIPSCNT1" (8)     |  8 layout version (int) | 12 header length (int)
 *   16 pid (long)               | 24 start time, epoch ms | 32 heartbeat, epoch ms (every second while running)
 *   40 stop time, epoch ms (0 while running)            | 48 metadata length (int) | 52 values length (int)
 *   56 id_sensor (int)          | 60 CRC-32C of the fixed fields (lengths, id_sensor, version text;
 *                                      0 in files written before it: not checked)
 *   64 sensor version text (int length + up to 124 bytes) | 192 capture description (int length + up to 1852 bytes)
 * 4096 counters metadata (512 bytes per counter) | then counters values (128 bytes per counter)
 * </pre>
 * Counters are labelled with their {@link SensorCounter} key and typed with its id; several threads that count the
 * same thing have a set each ({@link Counters#shard()}), and readers sum by type id. The header is written by the
 * agent's main thread only.
 */
public final class CountersFile implements AutoCloseable
{
    /** The file's name in the spool. */
    public static final String FILE_NAME = "counters.dat";
    /** Counters the file has room for: every {@link SensorCounter} for up to 16 capture threads and then some. */
    public static final int CAPACITY = 4096;

    static final long MAGIC = 0x31544E4353504953L; // "SIPSCNT1" little endian
    static final int LAYOUT_VERSION = 1;
    static final int HEADER_LENGTH = 4096;
    static final int MAGIC_OFFSET = 0;
    static final int LAYOUT_VERSION_OFFSET = 8;
    static final int HEADER_LENGTH_OFFSET = 12;
    static final int PID_OFFSET = 16;
    static final int START_TIME_OFFSET = 24;
    static final int HEARTBEAT_OFFSET = 32;
    static final int STOP_TIME_OFFSET = 40;
    static final int METADATA_LENGTH_OFFSET = 48;
    static final int VALUES_LENGTH_OFFSET = 52;
    static final int ID_SENSOR_OFFSET = 56;
    static final int HEADER_CHECKSUM_OFFSET = 60;
    static final int VERSION_TEXT_OFFSET = 64;
    static final int VERSION_TEXT_MAX = 124;
    static final int DESCRIPTION_OFFSET = 192;
    static final int DESCRIPTION_MAX = HEADER_LENGTH - DESCRIPTION_OFFSET - 4;
    /** A running agent whose heartbeat is older than this is reported as not responding. */
    static final long HEARTBEAT_STALE_MS = 15_000;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final Counters counters;
    private boolean closed;

    private CountersFile(final Path file, final MappedByteBuffer mapped, final int capacity)
    {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int metadataLength = capacity * CountersReader.METADATA_LENGTH;
        final int valuesLength = capacity * CountersReader.COUNTER_LENGTH;
        this.counters = new Counters(
            new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength));
    }

    /**
     * @param spoolRoot the spool folder.
     * @return where the counters file of that spool lives.
     */
    public static Path path(final Path spoolRoot)
    {
        return spoolRoot.resolve(FILE_NAME);
    }

    /**
     * Creates a fresh counters file for this process, replacing the file a stopped agent left.
     *
     * @param spoolRoot   the spool folder (exists).
     * @param idSensor    sensor id, for status.
     * @param version     sensor version text.
     * @return the file, with the counters registered.
     * @throws ConfigException if another running agent owns the spool's counters file, or the file cannot be made.
     */
    public static CountersFile create(final Path spoolRoot, final int idSensor, final String version)
    {
        final Path file = path(spoolRoot);
        final Snapshot previous = read(spoolRoot);
        if (previous != null && previous.state() == State.RUNNING)
        {
            throw new ConfigException("another sipsensor (pid " + previous.pid() + ") is running on spool " +
                spoolRoot + "; stop it first (or use another --spool)");
        }
        final int capacity = CAPACITY;
        final long length = HEADER_LENGTH + (long)capacity * (CountersReader.METADATA_LENGTH +
            CountersReader.COUNTER_LENGTH);
        final MappedByteBuffer mapped;
        try
        {
            final Path temporary = file.resolveSibling(FILE_NAME + ".new");
            Files.deleteIfExists(temporary);
            mapped = IoUtil.mapNewFile(temporary.toFile(), length, true);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new ConfigException("cannot create the counters file " + file + ": " + ex.getMessage());
        }
        final CountersFile countersFile = new CountersFile(file, mapped, capacity);
        final UnsafeBuffer header = countersFile.header;
        header.putInt(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        final long now = System.currentTimeMillis();
        header.putLong(START_TIME_OFFSET, now);
        header.putLong(HEARTBEAT_OFFSET, now);
        header.putLong(STOP_TIME_OFFSET, 0);
        header.putInt(METADATA_LENGTH_OFFSET, capacity * CountersReader.METADATA_LENGTH);
        header.putInt(VALUES_LENGTH_OFFSET, capacity * CountersReader.COUNTER_LENGTH);
        header.putInt(ID_SENSOR_OFFSET, idSensor);
        putText(header, VERSION_TEXT_OFFSET, VERSION_TEXT_MAX, version);
        putText(header, DESCRIPTION_OFFSET, DESCRIPTION_MAX, "");
        header.putInt(HEADER_CHECKSUM_OFFSET, headerChecksum(header));
        // the magic last: a reader that sees it sees a complete header
        header.putLongRelease(MAGIC_OFFSET, MAGIC);
        return countersFile;
    }

    /** @return the counters in this file. */
    public Counters counters()
    {
        return counters;
    }

    /** @return the file. */
    public Path file()
    {
        return file;
    }

    /**
     * @param description what is being captured, for status (one line).
     */
    public void description(final String description)
    {
        putText(header, DESCRIPTION_OFFSET, DESCRIPTION_MAX, description);
    }

    /**
     * Marks the agent alive now. Main thread, about once a second.
     */
    public void heartbeat()
    {
        header.putLongRelease(HEARTBEAT_OFFSET, System.currentTimeMillis());
    }

    /**
     * Marks a clean stop: status shows the last values as those of a stopped agent.
     */
    public void markStopped()
    {
        final long now = System.currentTimeMillis();
        header.putLongRelease(HEARTBEAT_OFFSET, now);
        header.putLongRelease(STOP_TIME_OFFSET, now);
    }

    /**
     * Flushes and unmaps the file; it stays in the spool for status.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            mapped.force();
            IoUtil.unmap(mapped);
        }
    }

    /** Whether the agent that wrote a counters file runs. */
    public enum State
    {
        /** Its process is alive and its heartbeat is recent. */
        RUNNING,
        /** Its process is alive but its heartbeat is old. */
        NOT_RESPONDING,
        /** It stopped cleanly. */
        STOPPED,
        /** Its process is gone without a clean stop. */
        EXITED
    }

    /**
     * What a reader found in a counters file.
     *
     * @param state       whether the agent runs.
     * @param pid         its process id.
     * @param startMs     its start, epoch ms.
     * @param heartbeatMs its last heartbeat, epoch ms.
     * @param stopMs      its clean stop, epoch ms, or 0.
     * @param idSensor    its sensor id.
     * @param version     its version text.
     * @param description what it captures.
     * @param values      counter values by key, summed over threads, in id order.
     */
    public record Snapshot(State state, long pid, long startMs, long heartbeatMs, long stopMs, int idSensor,
        String version, String description, Map<String, Long> values)
    {
        /**
         * @param counter which.
         * @return its value, 0 if absent.
         */
        public long value(final SensorCounter counter)
        {
            return values.getOrDefault(counter.key(), 0L);
        }
    }

    /**
     * Reads a spool's counters file: the values as they are now (live while the agent runs).
     *
     * @param spoolRoot the spool folder.
     * @return the snapshot, or null when there is no readable counters file.
     */
    public static Snapshot read(final Path spoolRoot)
    {
        final File file = path(spoolRoot).toFile();
        if (!file.isFile() || file.length() < HEADER_LENGTH)
        {
            return null;
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "counters");
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            if (buffer.getLongAcquire(MAGIC_OFFSET) != MAGIC ||
                buffer.getInt(LAYOUT_VERSION_OFFSET) != LAYOUT_VERSION)
            {
                return null;
            }
            final int storedChecksum = buffer.getInt(HEADER_CHECKSUM_OFFSET);
            if (storedChecksum != 0 && storedChecksum != headerChecksum(buffer))
            {
                return null; // damaged: see damage()
            }
            final int metadataLength = buffer.getInt(METADATA_LENGTH_OFFSET);
            final int valuesLength = buffer.getInt(VALUES_LENGTH_OFFSET);
            if (metadataLength <= 0 || valuesLength <= 0 ||
                (long)HEADER_LENGTH + metadataLength + valuesLength > buffer.capacity())
            {
                return null;
            }
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(buffer, HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(buffer, HEADER_LENGTH + metadataLength, valuesLength));
            final Map<Integer, String> names = new java.util.TreeMap<>();
            final Map<Integer, Long> sums = new java.util.HashMap<>();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                names.putIfAbsent(typeId, label);
                sums.merge(typeId, reader.getCounterValue(counterId), Long::sum);
            });
            final Map<String, Long> values = new LinkedHashMap<>();
            for (final Map.Entry<Integer, String> entry : names.entrySet())
            {
                values.put(entry.getValue(), sums.get(entry.getKey()));
            }

            final long pid = buffer.getLong(PID_OFFSET);
            final long heartbeat = buffer.getLongAcquire(HEARTBEAT_OFFSET);
            final long stop = buffer.getLongAcquire(STOP_TIME_OFFSET);
            final State state;
            if (stop != 0)
            {
                state = State.STOPPED;
            }
            else if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                state = System.currentTimeMillis() - heartbeat > HEARTBEAT_STALE_MS ? State.NOT_RESPONDING :
                    State.RUNNING;
            }
            else
            {
                state = State.EXITED;
            }
            return new Snapshot(state, pid, buffer.getLong(START_TIME_OFFSET), heartbeat, stop,
                buffer.getInt(ID_SENSOR_OFFSET), getText(buffer, VERSION_TEXT_OFFSET, VERSION_TEXT_MAX),
                getText(buffer, DESCRIPTION_OFFSET, DESCRIPTION_MAX), values);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        finally
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
            }
        }
    }

    /**
     * @param spoolRoot the spool folder.
     * @return why the spool's counters file cannot be shown, or null if it reads (or does not exist).
     */
    public static String damage(final Path spoolRoot)
    {
        final File file = path(spoolRoot).toFile();
        if (!file.exists() || read(spoolRoot) != null)
        {
            return null;
        }
        return !file.isFile() ? "not a regular file" : file.length() < HEADER_LENGTH ? "too short" :
            "its header fails its checks (magic, layout or checksum)";
    }

    private static int headerChecksum(final UnsafeBuffer header)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final byte[] fixed = new byte[VERSION_TEXT_OFFSET + 4 + VERSION_TEXT_MAX - PID_OFFSET];
        header.getBytes(PID_OFFSET, fixed);
        // pid and the times (heartbeat, stop) are not covered: the lengths, id_sensor and version text are
        java.util.Arrays.fill(fixed, 0, METADATA_LENGTH_OFFSET - PID_OFFSET, (byte)0);
        java.util.Arrays.fill(fixed, HEADER_CHECKSUM_OFFSET - PID_OFFSET, HEADER_CHECKSUM_OFFSET - PID_OFFSET + 4,
            (byte)0);
        crc.update(fixed);
        final int value = (int)crc.getValue();
        return value == 0 ? 1 : value;
    }

    /**
     * @return every counter key in id order (for listings of a file that lacks some).
     */
    static List<String> keys()
    {
        final List<String> keys = new ArrayList<>();
        for (final SensorCounter counter : SensorCounter.values())
        {
            keys.add(counter.key());
        }
        return keys;
    }

    private static void putText(final UnsafeBuffer buffer, final int offset, final int max, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(bytes.length, max);
        buffer.putBytes(offset + 4, bytes, 0, length);
        buffer.putIntRelease(offset, length);
    }

    private static String getText(final UnsafeBuffer buffer, final int offset, final int max)
    {
        final int length = Math.min(Math.max(buffer.getIntAcquire(offset), 0), max);
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
