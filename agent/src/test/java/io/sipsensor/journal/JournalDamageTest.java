package io.sipsensor.journal;

import io.sipsensor.testing.FileDamage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.sipsensor.testing.FileDamage.dayFile;
import static io.sipsensor.testing.FileDamage.offsetOf;
import static io.sipsensor.testing.FileDamage.zero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalDamageTest
{
    @TempDir
    Path spool;

    @Test
    void shouldReadPastAZeroedPageAndCountTheRecordsItHeld() throws IOException
    {
        final Path directory = spool.resolve("journal");
        write(directory, 0, 47);
        final Path file = dayFile(directory);
        final long at = offsetOf(file, JournalTest.leg(20).callId());
        zero(file, at & ~4095L, 4096);

        final Read read = read(directory);
        assertEquals(1, read.damage.size(), read.damage.toString());
        final JournalScanner.Damage damage = read.damage.get(0);
        assertTrue(damage.records() > 0, damage.line());
        assertEquals(47, read.legs.size() + damage.records(), damage.line());
        assertTrue(read.legs.contains(JournalTest.leg(46)), "legs after the hole are read");
        assertTrue(damage.line().contains(file.getFileName().toString()), damage.line());

        // a later run appends: its legs must be readable too
        write(directory, 100, 10);
        final Read after = read(directory);
        assertEquals(read.legs.size() + 10, after.legs.size());
        assertTrue(after.legs.contains(JournalTest.leg(109)));
    }

    @Test
    void shouldCountRecordsCutOffByATruncatedFile() throws IOException
    {
        final Path directory = spool.resolve("journal");
        write(directory, 0, 47);
        final Path file = dayFile(directory);
        final long at = offsetOf(file, JournalTest.leg(23).callId());
        FileDamage.cut(file, at);
        final Read read = read(directory);
        assertEquals(23, read.legs.size());
        assertEquals(1, read.damage.size(), read.damage.toString());
        assertEquals(24, read.damage.get(0).records(), read.damage.get(0).line());
    }

    @Test
    void shouldNeverReturnAnAlteredLegAfterBitFlips() throws IOException
    {
        final Random random = new Random(19);
        for (int round = 0; round < 10; round++)
        {
            final Path directory = spool.resolve("journal-" + round);
            write(directory, 0, 47);
            final Path file = dayFile(directory);
            final long from = offsetOf(file, JournalTest.leg(0).callId()) - 200;
            final long to = offsetOf(file, JournalTest.leg(46).callId()) + 100;
            FileDamage.flipBits(file, random, 16, from, to);
            final Read read = read(directory);
            final Set<CdrLeg> originals = new HashSet<>();
            for (int i = 0; i < 47; i++)
            {
                originals.add(JournalTest.leg(i));
            }
            for (final CdrLeg leg : read.legs)
            {
                assertTrue(originals.contains(leg), "round " + round + ": invented or altered leg " + leg);
            }
            long lost = 0;
            boolean unknown = false;
            for (final JournalScanner.Damage damage : read.damage)
            {
                unknown |= damage.records() < 0;
                lost += Math.max(0, damage.records());
            }
            if (read.legs.size() < 47)
            {
                assertFalse(read.damage.isEmpty(), "round " + round + ": legs missing without a word");
                assertTrue(unknown || read.legs.size() + lost == 47, "round " + round + ": " + read.damage);
            }
        }
    }

    @Test
    void shouldNotCallAnAppendCutByAKillDamage() throws IOException
    {
        final Path directory = spool.resolve("journal");
        write(directory, 0, 10);
        final Path file = dayFile(directory);
        final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        while (bytes.getInt(position) != 0)
        {
            position = (position + 4 + (bytes.getInt(position) & JournalScanner.LENGTH_MASK) + 3) & ~3;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            raf.write(new byte[] {0, 0, 0, (byte)0x80}); // not complete, length unknown: a writer killed here
        }
        final Read read = read(directory);
        assertEquals(10, read.legs.size());
        assertTrue(read.damage.isEmpty(), read.damage.toString());
    }

    @Test
    void shouldStillReadVersion1Records() throws IOException
    {
        final Path directory = spool.resolve("journal");
        final UnsafeBuffer v2 = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final UnsafeBuffer v1 = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (Journal journal = Journal.open(directory))
        {
            for (int i = 0; i < 5; i++)
            {
                final int length = CdrEncoder.encode(v2, 0, JournalTest.leg(i));
                v1.putBytes(0, v2, 0, CdrRecordDescriptor.FIXED_LENGTH_V1);
                v1.putBytes(CdrRecordDescriptor.FIXED_LENGTH_V1, v2, CdrRecordDescriptor.FIXED_LENGTH,
                    length - CdrRecordDescriptor.FIXED_LENGTH);
                v1.putShort(0, (short)1, java.nio.ByteOrder.LITTLE_ENDIAN);
                v1.putShort(2, (short)CdrRecordDescriptor.FIXED_LENGTH_V1, java.nio.ByteOrder.LITTLE_ENDIAN);
                journal.append(v1, 0, length - 16);
            }
        }
        write(directory, 5, 5);
        final Read read = read(directory);
        assertEquals(10, read.legs.size());
        assertTrue(read.damage.isEmpty(), read.damage.toString());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(JournalTest.leg(i), read.legs.get(i));
        }
    }

    record Read(List<CdrLeg> legs, List<JournalScanner.Damage> damage)
    {
    }

    static Read read(final Path directory)
    {
        final List<CdrLeg> legs = new ArrayList<>();
        final CdrDecoder decoder = new CdrDecoder();
        try (Journal.Reader reader = Journal.reader(directory, null))
        {
            while (reader.next(decoder))
            {
                legs.add(decoder.toLeg());
            }
            return new Read(legs, List.copyOf(reader.damage()));
        }
    }

    static void write(final Path directory, final int first, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (Journal journal = Journal.open(directory))
        {
            for (int i = first; i < first + count; i++)
            {
                journal.append(buffer, 0, CdrEncoder.encode(buffer, 0, JournalTest.leg(i)));
            }
        }
    }



}
