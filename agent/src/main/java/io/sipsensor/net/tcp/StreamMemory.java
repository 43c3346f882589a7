package io.sipsensor.net.tcp;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed memory for stream bytes: one slab of equal blocks and a stack of free block ids, allocated at construction.
 * A stream maps the bytes it holds, relative to its {@link TcpStream#base}, onto blocks through its block table:
 * relative byte {@code r} lives at position {@code r + headOffset}, in block slot
 * {@code (r + headOffset) / blockBytes}.
 * Slots are filled on demand, so holes in a stream cost no memory. No allocation after construction; owned by the
 * decoding thread.
 */
final class StreamMemory
{
    private final UnsafeBuffer slab;
    private final int blockBytes;
    private final int blockShift;
    private final int blockMask;
    private final int[] freeBlocks;
    private int freeCount;

    /**
     * @param memoryBytes bytes in all (rounded down to whole blocks).
     * @param blockBytes  block size, a power of two.
     */
    StreamMemory(final int memoryBytes, final int blockBytes)
    {
        this.blockBytes = blockBytes;
        this.blockShift = Integer.numberOfTrailingZeros(blockBytes);
        this.blockMask = blockBytes - 1;
        final int blockCount = memoryBytes >>> blockShift;
        slab = new UnsafeBuffer(BufferUtil.allocateDirectAligned(blockCount << blockShift, 64));
        freeBlocks = new int[blockCount];
        for (int i = 0; i < blockCount; i++)
        {
            freeBlocks[i] = blockCount - 1 - i;
        }
        freeCount = blockCount;
    }

    /**
     * @param maxStreamBytes bytes a stream may hold.
     * @param blockBytes     block size, a power of two.
     * @return block table length a stream needs: the held bytes may start anywhere in the first block.
     */
    static int blockSlots(final int maxStreamBytes, final int blockBytes)
    {
        return ((blockBytes - 1 + maxStreamBytes - 1) / blockBytes) + 1;
    }

    int freeBlocks()
    {
        return freeCount;
    }

    int totalBlocks()
    {
        return freeBlocks.length;
    }

    /**
     * @return blocks that must still be taken to hold relative bytes {@code [from, from + length)} of the stream.
     */
    int missingBlocks(final TcpStream stream, final int from, final int length)
    {
        final int first = (from + stream.headOffset) >>> blockShift;
        final int last = (from + stream.headOffset + length - 1) >>> blockShift;
        final int[] blocks = stream.blocks;
        int missing = 0;
        for (int k = first; k <= last; k++)
        {
            if (blocks[k] == TcpStream.NONE)
            {
                missing++;
            }
        }
        return missing;
    }

    /**
     * Copies bytes into the stream at relative position {@code from}, taking blocks as needed. The caller has made
     * sure enough blocks are free ({@link #missingBlocks}) and that the range lies inside the block table.
     */
    void write(
        final TcpStream stream, final int from, final DirectBuffer source, final int sourceOffset, final int length)
    {
        final int[] blocks = stream.blocks;
        int position = from + stream.headOffset;
        int sourcePosition = sourceOffset;
        int remaining = length;
        while (remaining > 0)
        {
            final int slot = position >>> blockShift;
            if (blocks[slot] == TcpStream.NONE)
            {
                blocks[slot] = freeBlocks[--freeCount];
            }
            final int within = position & blockMask;
            final int chunk = Math.min(remaining, blockBytes - within);
            slab.putBytes((blocks[slot] << blockShift) + within, source, sourcePosition, chunk);
            position += chunk;
            sourcePosition += chunk;
            remaining -= chunk;
        }
    }

    /**
     * Copies held bytes {@code [from, from + length)} of the stream out (they must all have been written).
     */
    void read(
        final TcpStream stream, final int from, final MutableDirectBuffer destination, final int destinationOffset,
        final int length)
    {
        final int[] blocks = stream.blocks;
        int position = from + stream.headOffset;
        int destinationPosition = destinationOffset;
        int remaining = length;
        while (remaining > 0)
        {
            final int within = position & blockMask;
            final int chunk = Math.min(remaining, blockBytes - within);
            destination.putBytes(destinationPosition, slab, (blocks[position >>> blockShift] << blockShift) + within,
                chunk);
            position += chunk;
            destinationPosition += chunk;
            remaining -= chunk;
        }
    }

    /**
     * @return the slab offset of the stream's first {@code length} held bytes when they lie in one block, else -1.
     */
    int directOffset(final TcpStream stream, final int length)
    {
        final int block = stream.blocks[0];
        return block != TcpStream.NONE && stream.headOffset + length <= blockBytes ?
            (block << blockShift) + stream.headOffset : -1;
    }

    /**
     * @return the slab, for reading at a {@link #directOffset}.
     */
    DirectBuffer slab()
    {
        return slab;
    }

    /**
     * Moves the head of the stream forward by {@code count} bytes, returning the blocks left behind.
     */
    void advance(final TcpStream stream, final int count)
    {
        final int[] blocks = stream.blocks;
        final long position = (long)stream.headOffset + count;
        final long dropped = position >>> blockShift;
        if (dropped >= blocks.length)
        {
            releaseAll(stream);
            return;
        }
        final int drop = (int)dropped;
        for (int k = 0; k < drop; k++)
        {
            if (blocks[k] != TcpStream.NONE)
            {
                freeBlocks[freeCount++] = blocks[k];
            }
        }
        if (drop > 0)
        {
            System.arraycopy(blocks, drop, blocks, 0, blocks.length - drop);
            for (int k = blocks.length - drop; k < blocks.length; k++)
            {
                blocks[k] = TcpStream.NONE;
            }
        }
        stream.headOffset = (int)(position & blockMask);
    }

    /**
     * Returns every block of the stream and puts its head at the start of a block.
     */
    void releaseAll(final TcpStream stream)
    {
        final int[] blocks = stream.blocks;
        for (int k = 0; k < blocks.length; k++)
        {
            if (blocks[k] != TcpStream.NONE)
            {
                freeBlocks[freeCount++] = blocks[k];
                blocks[k] = TcpStream.NONE;
            }
        }
        stream.headOffset = 0;
    }
}
