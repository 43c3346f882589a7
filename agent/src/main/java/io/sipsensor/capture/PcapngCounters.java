package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the pcapng readers count besides packets: blocks skipped by their length (name resolution, statistics,
 * decryption secrets, custom and unknown blocks) and Simple Packet Blocks, whose time is borrowed (see
 * {@link PcapngBlockParser}). {@link #NONE} counts nothing: for the probe, which reads the first blocks of a file
 * that is read again later. Single writer: the reader's thread.
 *
 * @param blocksSkipped  {@code pcapng_blocks_skipped}, or null.
 * @param simplePackets  {@code pcapng_simple_packets}, or null.
 */
record PcapngCounters(AtomicCounter blocksSkipped, AtomicCounter simplePackets)
{
    static final PcapngCounters NONE = new PcapngCounters(null, null);

    static PcapngCounters of(final Counters counters)
    {
        return new PcapngCounters(
            counters.get(SensorCounter.PCAPNG_BLOCKS_SKIPPED), counters.get(SensorCounter.PCAPNG_SIMPLE_PACKETS));
    }

    void blockSkipped()
    {
        if (blocksSkipped != null)
        {
            blocksSkipped.incrementRelease();
        }
    }

    void simplePacket()
    {
        if (simplePackets != null)
        {
            simplePackets.incrementRelease();
        }
    }
}
