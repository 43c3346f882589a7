package io.sipsensor.status;

import io.sipsensor.config.ConfigException;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory-mapped counters file: what a reader sees while the agent runs and after it stopped.
 */
class LiveCountersFileTest
{
    @TempDir
    Path spool;

    @Test
    void shouldShowCountersAsTheyChangeAndSumTheSetsOfSeveralThreads()
    {
        try (CountersFile file = CountersFile.create(spool, 9, "sipsensor test"))
        {
            final Counters primary = file.counters();
            final Counters second = primary.shard();
            file.description("afpacket on eth1");
            primary.get(SensorCounter.PACKETS).set(10);
            second.get(SensorCounter.PACKETS).set(5);
            primary.get(SensorCounter.CHANNELS_ALL).set(42);

            CountersFile.Snapshot snapshot = CountersFile.read(spool);
            assertEquals(CountersFile.State.RUNNING, snapshot.state());
            assertEquals(ProcessHandle.current().pid(), snapshot.pid());
            assertEquals(9, snapshot.idSensor());
            assertEquals("sipsensor test", snapshot.version());
            assertEquals("afpacket on eth1", snapshot.description());
            assertEquals(15, snapshot.value(SensorCounter.PACKETS));
            assertEquals(42, snapshot.value(SensorCounter.CHANNELS_ALL));
            assertEquals(15, primary.total(SensorCounter.PACKETS));

            primary.get(SensorCounter.PACKETS).increment();
            snapshot = CountersFile.read(spool);
            assertEquals(16, snapshot.value(SensorCounter.PACKETS), "live, not a copy taken at start");
        }
    }

    @Test
    void shouldRefuseASecondAgentOnTheSameSpoolWhileTheFirstRuns()
    {
        try (CountersFile ignored = CountersFile.create(spool, 0, "first"))
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> CountersFile.create(spool, 0, "second"));
            assertTrue(error.getMessage().contains("another sipsensor (pid " + ProcessHandle.current().pid() +
                ") is running on spool"), error.getMessage());
        }
    }

    @Test
    void shouldKeepTheLastValuesAndSayStoppedAfterACleanStop()
    {
        try (CountersFile file = CountersFile.create(spool, 0, "v"))
        {
            file.counters().get(SensorCounter.LEGS_JOURNALED).set(123);
            file.markStopped();
        }
        final CountersFile.Snapshot snapshot = CountersFile.read(spool);
        assertEquals(CountersFile.State.STOPPED, snapshot.state());
        assertEquals(123, snapshot.value(SensorCounter.LEGS_JOURNALED));
        try (CountersFile again = CountersFile.create(spool, 0, "v"))
        {
            assertEquals(0, CountersFile.read(spool).value(SensorCounter.LEGS_JOURNALED), "a new run starts at 0");
        }
    }

    @Test
    void shouldSayExitedWhenTheWriterIsGoneWithoutAStop() throws Exception
    {
        try (CountersFile ignored = CountersFile.create(spool, 0, "v"))
        {
            // the agent crashed: its file stays, naming a process that no longer exists
        }
        try (FileChannel channel = FileChannel.open(CountersFile.path(spool), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final UnsafeBuffer header = new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, 64));
            header.putLong(CountersFile.PID_OFFSET, deadPid(), ByteOrder.nativeOrder());
        }
        assertEquals(CountersFile.State.EXITED, CountersFile.read(spool).state());
        try (CountersFile ignored = CountersFile.create(spool, 0, "v"))
        {
            assertEquals(CountersFile.State.RUNNING, CountersFile.read(spool).state(), "a crashed agent's spool is reused");
        }
    }

    @Test
    void shouldReadNothingFromAMissingOrForeignFile() throws Exception
    {
        assertNull(CountersFile.read(spool));
        java.nio.file.Files.write(CountersFile.path(spool), new byte[8192]);
        assertNull(CountersFile.read(spool));
    }

    private static long deadPid() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
