package io.sipsensor.journal;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path spool;

    static CdrLeg leg(final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000_000L;
        return new CdrLeg(
            7, i + "-20172@127.0.2.10", "0605" + (788613 + i), "0246296364", "0246296364",
            "127.0.2.10", 5070, "127.0.2.20", 5060,
            start, start + 643_452_000L, start + 3_145_971_000L, start + 643_452_000L, CallState.NO_TIME,
            start + 3_145_971_000L, start + 3_146_093_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, i % 3);
    }

    @Test
    void shouldRoundTripEveryFieldThroughRecord()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH + 16]);
        final CdrLeg original = leg(3);
        final int length = CdrEncoder.encode(buffer, 16, original);
        final CdrDecoder decoder = new CdrDecoder();
        assertTrue(decoder.wrap(buffer, 16, length));
        assertEquals(original, decoder.toLeg());
    }

    @Test
    void shouldRoundTripIpv6Addresses()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final CdrLeg v4 = leg(5);
        final CdrLeg v6 = new CdrLeg(v4.idSensor(), v4.callId(), v4.caller(), v4.called(), v4.ruriUser(),
            "2001:db8::10", 5070, "2001:db8:0:1::20", 5061, v4.startNs(), v4.connectNs(), v4.endNs(), v4.finalNs(),
            v4.cancelNs(), v4.byeNs(), v4.lastPacketNs(), v4.finalCode(), v4.endReason(), v4.byeBy(), v4.reinvites());
        final CdrDecoder decoder = new CdrDecoder();
        assertTrue(decoder.wrap(buffer, 0, CdrEncoder.encode(buffer, 0, v6)));
        assertEquals(v6, decoder.toLeg());
    }

    @Test
    void shouldRejectRecordsItCannotFrame()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final int length = CdrEncoder.encode(buffer, 0, leg(1));
        final CdrDecoder decoder = new CdrDecoder();
        assertFalse(decoder.wrap(buffer, 0, length - 1), "cut text");
        assertFalse(decoder.wrap(buffer, 0, 50), "cut fixed part");
        buffer.putShort(0, (short)99);
        assertFalse(decoder.wrap(buffer, 0, length), "future version");
    }

    @Test
    void shouldKeepRecordsOnDiskAcrossReopen()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final List<CdrLeg> written = new ArrayList<>();
        try (Journal journal = Journal.open(spool.resolve("journal")))
        {
            for (int i = 0; i < 100; i++)
            {
                written.add(leg(i));
                journal.append(buffer, 0, CdrEncoder.encode(buffer, 0, leg(i)));
            }
        }

        final List<CdrLeg> read = new ArrayList<>();
        try (Journal journal = Journal.openExisting(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (reader.next(decoder))
            {
                read.add(decoder.toLeg());
            }
        }
        assertEquals(written, read);
    }
}
