package io.sipsensor.net;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reassembles IPv4 and IPv6 fragments into datagrams within fixed memory. Everything is allocated at construction
 * from the {@link ReassemblySettings}: a pool of {@link ReassemblyContext}s, an open-addressing index of them keyed
 * by (IP version, source, destination, identification, protocol), a slab of fragment-data blocks, and one buffer
 * the completed datagram is assembled into. No allocation per fragment.
 * <pre>
 *   index (linear probing) ──► context ──► blocks[k] ──► slab block (blockBytes of the datagram, from k*blockBytes)
 *   age list: oldest ◄──► ... ◄──► newest   (timeout and eviction take from the oldest end)
 * </pre>
 * Rules, all deterministic:
 * <ul>
 *   <li>Fragments may arrive in any order. Where a fragment overlaps bytes already held, the bytes that arrived
 *       first are kept and only the new ones are taken ({@code fragments_overlapping}); a fragment that brings
 *       nothing new is a duplicate ({@code fragments_duplicate}).</li>
 *   <li>A fragment that is not the last but whose length is not a multiple of 8, that ends past the maximum
 *       datagram size, or that disagrees with the datagram's known end, is refused
 *       ({@code fragments_dropped_invalid}); the datagram stays in reassembly.</li>
 *   <li>No free context: the oldest datagram is abandoned. Not enough free blocks: the oldest other datagrams are
 *       abandoned until there are; if there still are not, this datagram is abandoned
 *       ({@code fragments_dropped_no_memory} counts abandoned datagrams).</li>
 *   <li>A datagram still incomplete {@code timeoutNs} of capture time after its first fragment is abandoned
 *       ({@code fragments_timed_out} counts datagrams).</li>
 * </ul>
 * {@code fragments} counts fragments offered, {@code fragments_reassembled} counts datagrams completed.
 * <p>
 * Owned by the decoding thread. Use: {@link #keyIpv4} or {@link #keyIpv6}, then {@link #offer}; on
 * {@link #COMPLETE} read the datagram from {@link #datagram()} before the next offer.
 */
final class FragmentReassembler
{
    static final int STORED = 0;
    static final int COMPLETE = 1;
    static final int DROPPED = 2;

    private final DecodeCounters counters;
    private final int maxDatagramBytes;
    private final int blockBytes;
    private final int blockShift;
    private final long timeoutNs;

    private final ReassemblyContext[] contexts;
    private final int[] freeContexts;
    private int freeContextCount;
    private final int[] freeBlocks;
    private int freeBlockCount;
    private final UnsafeBuffer slab;
    private final PoolIndex<FragmentKey, ReassemblyContext> index;
    private int oldest = ReassemblyContext.NONE;
    private int newest = ReassemblyContext.NONE;

    private final UnsafeBuffer datagram;
    private int datagramLength;
    private int datagramProtocol;

    private final FragmentKey key = new FragmentKey();

    FragmentReassembler(final ReassemblySettings settings, final DecodeCounters counters)
    {
        settings.validate();
        this.counters = counters;
        this.maxDatagramBytes = settings.maxDatagramBytes();
        this.blockBytes = settings.blockBytes();
        this.blockShift = Integer.numberOfTrailingZeros(blockBytes);
        this.timeoutNs = settings.timeoutNs();

        final int maxDatagrams = settings.maxDatagrams();
        final int blocksPerDatagram = (maxDatagramBytes + blockBytes - 1) >>> blockShift;
        contexts = new ReassemblyContext[maxDatagrams];
        freeContexts = new int[maxDatagrams];
        for (int i = 0; i < maxDatagrams; i++)
        {
            contexts[i] = new ReassemblyContext(i, blocksPerDatagram, maxDatagramBytes);
            freeContexts[i] = maxDatagrams - 1 - i;
        }
        freeContextCount = maxDatagrams;

        final int blockCount = settings.memoryBytes() >>> blockShift;
        slab = new UnsafeBuffer(BufferUtil.allocateDirectAligned(blockCount << blockShift, 64));
        freeBlocks = new int[blockCount];
        for (int i = 0; i < blockCount; i++)
        {
            freeBlocks[i] = blockCount - 1 - i;
        }
        freeBlockCount = blockCount;

        index = new PoolIndex<>(contexts);

        datagram = new UnsafeBuffer(BufferUtil.allocateDirectAligned(blocksPerDatagram << blockShift, 64));
    }

    /**
     * Sets the key of the next {@link #offer} for an IPv4 fragment.
     */
    void keyIpv4(final int source, final int destination, final int identification, final int protocol)
    {
        key.ipv4(source, destination, identification, protocol);
    }

    /**
     * Sets the key of the next {@link #offer} for an IPv6 fragment.
     *
     * @param source         16-byte source address.
     * @param destination    16-byte destination address.
     * @param identification from the fragment header.
     * @param nextHeader     from the fragment header.
     */
    void keyIpv6(final byte[] source, final byte[] destination, final int identification, final int nextHeader)
    {
        key.ipv6(source, destination, identification, nextHeader);
    }

    /**
     * Adds one fragment of the datagram keyed by the last {@code key...} call.
     *
     * @param fragmentOffset where the fragment's data sits in the datagram, bytes (a multiple of 8).
     * @param moreFragments  the MF / M flag: false for the last fragment.
     * @param buffer         holding the fragment's data.
     * @param offset         of the data.
     * @param length         of the data, bytes.
     * @param nowNs          capture time of the fragment.
     * @return {@link #STORED}, {@link #COMPLETE} (read {@link #datagram()} now) or {@link #DROPPED} (counted).
     */
    int offer(
        final int fragmentOffset,
        final boolean moreFragments,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowNs)
    {
        counters.fragments.incrementRelease();
        final int end = fragmentOffset + length;
        if ((moreFragments && (length == 0 || (length & 7) != 0)) || end > maxDatagramBytes)
        {
            counters.fragmentsDroppedInvalid.incrementRelease();
            return DROPPED;
        }

        final ReassemblyContext context = findOrCreate(nowNs);
        if (context.totalLength != ReassemblyContext.NONE ?
            end > context.totalLength || (!moreFragments && end != context.totalLength) :
            !moreFragments && context.highestEnd > end)
        {
            counters.fragmentsDroppedInvalid.incrementRelease();
            return DROPPED;
        }
        if (!moreFragments)
        {
            context.totalLength = end;
        }

        final int firstUnit = fragmentOffset >>> 3;
        final int endUnit = (end + 7) >>> 3;
        final int newUnits = context.countMissing(firstUnit, endUnit);
        if (newUnits == 0)
        {
            if (length > 0)
            {
                counters.fragmentsDuplicate.incrementRelease();
            }
            return completeIfWhole(context);
        }

        if (!ensureBlocks(context, fragmentOffset, end))
        {
            counters.fragmentsDroppedNoMemory.incrementRelease();
            release(context);
            return DROPPED;
        }
        if (newUnits == endUnit - firstUnit)
        {
            copyIn(context, fragmentOffset, buffer, offset, length);
        }
        else
        {
            counters.fragmentsOverlapping.incrementRelease();
            copyMissingUnits(context, firstUnit, endUnit, end, fragmentOffset, buffer, offset);
        }
        context.markReceived(firstUnit, endUnit);
        context.unitsReceived += newUnits;
        context.highestEnd = Math.max(context.highestEnd, end);
        return completeIfWhole(context);
    }

    /**
     * Abandons datagrams whose first fragment is {@code timeoutNs} or more before {@code nowNs}. Cheap when
     * nothing is pending; call per frame.
     */
    void expire(final long nowNs)
    {
        while (oldest != ReassemblyContext.NONE && nowNs - contexts[oldest].createdNs >= timeoutNs)
        {
            counters.fragmentsTimedOut.incrementRelease();
            release(contexts[oldest]);
        }
    }

    /**
     * @return the last completed datagram (transport header first), valid until the next {@link #offer}.
     */
    DirectBuffer datagram()
    {
        return datagram;
    }

    int datagramLength()
    {
        return datagramLength;
    }

    /**
     * @return IP protocol (next header) of the last completed datagram.
     */
    int datagramProtocol()
    {
        return datagramProtocol;
    }

    /**
     * @return datagrams in reassembly now.
     */
    int pendingDatagrams()
    {
        return contexts.length - freeContextCount;
    }

    /**
     * @return fragment-data blocks free now.
     */
    int freeBlocks()
    {
        return freeBlockCount;
    }

    private ReassemblyContext findOrCreate(final long nowNs)
    {
        final ReassemblyContext found = index.find(key, key.hash);
        if (found != null)
        {
            return found;
        }

        if (freeContextCount == 0)
        {
            counters.fragmentsDroppedNoMemory.incrementRelease();
            release(contexts[oldest]);
        }
        final ReassemblyContext context = contexts[freeContexts[--freeContextCount]];
        context.key.copyFrom(key);
        context.createdNs = nowNs;
        index.insert(context);

        context.older = newest;
        context.newer = ReassemblyContext.NONE;
        if (newest != ReassemblyContext.NONE)
        {
            contexts[newest].newer = context.index;
        }
        else
        {
            oldest = context.index;
        }
        newest = context.index;
        return context;
    }

    private boolean ensureBlocks(final ReassemblyContext context, final int from, final int to)
    {
        final int firstBlock = from >>> blockShift;
        final int lastBlock = (to - 1) >>> blockShift;
        int missing = 0;
        for (int k = firstBlock; k <= lastBlock; k++)
        {
            if (context.blocks[k] == ReassemblyContext.NONE)
            {
                missing++;
            }
        }

        int victim = oldest;
        while (freeBlockCount < missing && victim != ReassemblyContext.NONE)
        {
            final int next = contexts[victim].newer;
            if (victim != context.index)
            {
                counters.fragmentsDroppedNoMemory.incrementRelease();
                release(contexts[victim]);
            }
            victim = next;
        }
        if (freeBlockCount < missing)
        {
            return false;
        }

        for (int k = firstBlock; k <= lastBlock; k++)
        {
            if (context.blocks[k] == ReassemblyContext.NONE)
            {
                context.blocks[k] = freeBlocks[--freeBlockCount];
            }
        }
        return true;
    }

    private void copyMissingUnits(
        final ReassemblyContext context,
        final int firstUnit,
        final int endUnit,
        final int end,
        final int fragmentOffset,
        final DirectBuffer buffer,
        final int offset)
    {
        int unit = firstUnit;
        while (unit < endUnit)
        {
            if (context.isReceived(unit))
            {
                unit++;
                continue;
            }
            final int runStart = unit;
            while (unit < endUnit && !context.isReceived(unit))
            {
                unit++;
            }
            final int from = runStart << 3;
            final int to = Math.min(unit << 3, end);
            copyIn(context, from, buffer, offset + (from - fragmentOffset), to - from);
        }
    }

    private void copyIn(
        final ReassemblyContext context, final int datagramOffset, final DirectBuffer source, final int sourceOffset,
        final int length)
    {
        int position = datagramOffset;
        int from = sourceOffset;
        int remaining = length;
        while (remaining > 0)
        {
            final int within = position & (blockBytes - 1);
            final int chunk = Math.min(remaining, blockBytes - within);
            slab.putBytes((context.blocks[position >>> blockShift] << blockShift) + within, source, from, chunk);
            position += chunk;
            from += chunk;
            remaining -= chunk;
        }
    }

    private int completeIfWhole(final ReassemblyContext context)
    {
        final int total = context.totalLength;
        if (total == ReassemblyContext.NONE || context.unitsReceived != (total + 7) >>> 3)
        {
            return STORED;
        }
        for (int position = 0; position < total; position += blockBytes)
        {
            datagram.putBytes(position, slab, context.blocks[position >>> blockShift] << blockShift,
                Math.min(blockBytes, total - position));
        }
        datagramLength = total;
        datagramProtocol = context.key.protocol;
        counters.fragmentsReassembled.incrementRelease();
        release(context);
        return COMPLETE;
    }

    private void release(final ReassemblyContext context)
    {
        index.remove(context);

        if (context.older != ReassemblyContext.NONE)
        {
            contexts[context.older].newer = context.newer;
        }
        else
        {
            oldest = context.newer;
        }
        if (context.newer != ReassemblyContext.NONE)
        {
            contexts[context.newer].older = context.older;
        }
        else
        {
            newest = context.older;
        }

        final int[] blocks = context.blocks;
        final int usedBlocks = (context.highestEnd + blockBytes - 1) >>> blockShift;
        for (int k = 0; k < usedBlocks; k++)
        {
            if (blocks[k] != ReassemblyContext.NONE)
            {
                freeBlocks[freeBlockCount++] = blocks[k];
                blocks[k] = ReassemblyContext.NONE;
            }
        }
        context.reset();
        freeContexts[freeContextCount++] = context.index;
    }
}
