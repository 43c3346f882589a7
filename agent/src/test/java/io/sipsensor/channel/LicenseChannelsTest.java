package io.sipsensor.channel;

import io.sipsensor.call.CallState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LicenseChannelsTest
{
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_795_341_600L * S;

    private final DedupKeys keys = new DedupKeys();

    @Test
    void shouldMergeSameKeyStartingExactlyTenSecondsApart()
    {
        final LegTable legs = new LegTable(4);
        legs.add(T0, CallState.NO_TIME, T0 + 60 * S, keys.key("0605123456", "0246654321"), 200);
        legs.add(T0 + 10 * S, CallState.NO_TIME, T0 + 70 * S, keys.key("+421605123456", "246654321"), 200);
        final LicenseChannels channels = LicenseChannels.merge(legs, LicenseChannelSettings.defaults());
        assertEquals(1, channels.count());
        assertEquals(T0 + 70 * S, channels.end(0));
        assertEquals(1, channels.sweep().peak());
    }

    @Test
    void shouldNotMergeSameKeyStartingJustOverTenSecondsApart()
    {
        final LegTable legs = new LegTable(4);
        legs.add(T0, CallState.NO_TIME, T0 + 60 * S, keys.key("123456", "654321"), 200);
        legs.add(T0 + 10 * S + 1, CallState.NO_TIME, T0 + 70 * S, keys.key("123456", "654321"), 200);
        final LicenseChannels channels = LicenseChannels.merge(legs, LicenseChannelSettings.defaults());
        assertEquals(2, channels.count());
        assertEquals(2, channels.sweep().peak());
    }

    @Test
    void shouldAnchorWindowOnFirstLegOfChannel()
    {
        // Starts at 0, 8 and 16 s: 8 joins the first channel, 16 is 16 s after its first leg and opens another.
        final LegTable legs = new LegTable(4);
        final long key = keys.key("111111", "222222");
        legs.add(T0, CallState.NO_TIME, T0 + 100 * S, key, 200);
        legs.add(T0 + 8 * S, CallState.NO_TIME, T0 + 100 * S, key, 200);
        legs.add(T0 + 16 * S, CallState.NO_TIME, T0 + 100 * S, key, 200);
        final LicenseChannels channels = LicenseChannels.merge(legs, LicenseChannelSettings.defaults());
        assertEquals(2, channels.count());
        assertEquals(channels.channelOf(0), channels.channelOf(1));
        assertNotEquals(channels.channelOf(1), channels.channelOf(2));
    }

    @Test
    void shouldCountLegsEndingWith487AsZero()
    {
        final LegTable legs = new LegTable(4);
        legs.add(T0, CallState.NO_TIME, T0 + 5 * S, keys.key("1", "2"), 487);
        legs.add(T0, CallState.NO_TIME, T0 + 5 * S, keys.key("3", "4"), 486);
        final LicenseChannels channels = LicenseChannels.merge(legs, LicenseChannelSettings.defaults());
        assertEquals(1, channels.count());
        assertEquals(-1, channels.channelOf(0));
        assertEquals(2, LicenseChannels.merge(legs, new LicenseChannelSettings(10 * S, true)).count());
    }

    @Test
    void shouldNotMergeDifferentKeys()
    {
        final LegTable legs = new LegTable(4);
        legs.add(T0, CallState.NO_TIME, T0 + 5 * S, keys.key("123456", "654321"), 200);
        legs.add(T0, CallState.NO_TIME, T0 + 5 * S, keys.key("123456", "654320"), 200);
        assertEquals(2, LicenseChannels.merge(legs, LicenseChannelSettings.defaults()).count());
    }

    @Test
    void shouldGiveSamePeakWhateverOrderLegsArriveIn()
    {
        final Random random = new Random(7);
        final List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            final long start = T0 + random.nextInt(600) * S / 10;
            rows.add(new long[]{start, start + (1 + random.nextInt(300)) * S / 10, random.nextInt(20)});
        }
        final long expected = peakOf(rows);
        for (int shuffle = 0; shuffle < 10; shuffle++)
        {
            Collections.shuffle(rows, random);
            assertEquals(expected, peakOf(rows));
        }
    }

    private static long peakOf(final List<long[]> rows)
    {
        final LegTable legs = new LegTable(rows.size());
        for (final long[] row : rows)
        {
            legs.add(row[0], CallState.NO_TIME, row[1], row[2], 200);
        }
        return LicenseChannels.merge(legs, LicenseChannelSettings.defaults()).sweep().peak();
    }
}
