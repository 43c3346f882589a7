package io.sipsensor.capture;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every frame delivered, for assertions (allocates: test only).
 */
final class FrameRecorder implements PacketHandler
{
    record Frame(int linkType, byte[] bytes, int capturedLength, int originalLength, long timestampNs)
    {
    }

    final List<Frame> frames = new ArrayList<>();

    @Override
    public void onPacket(final int linkType, final DirectBuffer buffer, final int offset, final int capturedLength,
        final int originalLength, final long timestampNs)
    {
        final byte[] bytes = new byte[capturedLength];
        buffer.getBytes(offset, bytes);
        frames.add(new Frame(linkType, bytes, capturedLength, originalLength, timestampNs));
    }

    int count()
    {
        return frames.size();
    }

    List<Long> timestamps()
    {
        final List<Long> timestamps = new ArrayList<>();
        for (final Frame frame : frames)
        {
            timestamps.add(frame.timestampNs());
        }
        return timestamps;
    }

    /**
     * Polls until the source is exhausted.
     */
    static FrameRecorder drain(final PacketSource source)
    {
        final FrameRecorder recorder = new FrameRecorder();
        int idle = 0;
        while (!source.isExhausted())
        {
            if (source.poll(recorder, 64) == 0 && ++idle > 1_000_000)
            {
                throw new AssertionError("source never exhausted");
            }
        }
        return recorder;
    }
}
