package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Capture files read as one stream in capture-time order: a k-way merge by frame timestamp, each file's own order
 * kept as it is. Files are opened lazily: sorted by the time of their first frame, a file is opened only when the
 * merged stream reaches that time (when the earliest current frame among the open files is at or after it, or no
 * file is open), and closed at its end. A directory of thousands of rotated files therefore holds only the files
 * that overlap in time open at once; several sensors' overlapping captures merge correctly.
 * <p>
 * Damage in a file is reported to the {@link CaptureProblemListener} and counted; the frames before it are
 * delivered and the other files go on. {@link #poll} never throws for file problems.
 * <p>
 * Owned by one polling thread (including {@link #close()}); no allocation per frame. Counts {@code packets},
 * {@code bytes} (captured bytes), {@code packets_truncated_by_snaplen}, {@code packets_out_of_order} (a frame
 * earlier than the one delivered before it), {@code pcapng_blocks_skipped} and {@code pcapng_simple_packets} (see
 * {@link PcapngBlockParser}) and, when opened, {@code capture_files}.
 */
public final class MergingPacketSource implements PacketSource
{
    private final CaptureFileInfo[] files;
    private final ReaderHeap heap;
    private final CaptureProblems problems;
    private final AtomicCounter packets;
    private final AtomicCounter bytes;
    private final AtomicCounter truncatedBySnapLength;
    private final AtomicCounter outOfOrder;
    private final PcapngCounters pcapngCounters;
    private final long bytesTotal;

    private long bytesDone;
    private int nextFile;
    private int maxOpenFiles;
    private long lastTimestampNs = Long.MIN_VALUE;
    private boolean closed;

    MergingPacketSource(final List<CaptureFileInfo> probed, final CaptureProblems problems, final Counters counters)
    {
        this.problems = problems;
        this.packets = counters.get(SensorCounter.PACKETS);
        this.bytes = counters.get(SensorCounter.BYTES);
        this.truncatedBySnapLength = counters.get(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN);
        this.outOfOrder = counters.get(SensorCounter.PACKETS_OUT_OF_ORDER);
        this.pcapngCounters = PcapngCounters.of(counters);

        final AtomicCounter captureFiles = counters.get(SensorCounter.CAPTURE_FILES);
        final List<CaptureFileInfo> readable = new ArrayList<>();
        long total = 0;
        for (final CaptureFileInfo info : probed)
        {
            total += info.sizeBytes();
            if (info.isCapture())
            {
                captureFiles.incrementRelease();
            }
            if (info.hasPackets())
            {
                readable.add(info);
            }
            else
            {
                bytesDone += info.sizeBytes();
            }
        }
        readable.sort(Comparator.comparingLong(CaptureFileInfo::firstTimestampNs)
            .thenComparingInt(CaptureFileInfo::order));
        this.files = readable.toArray(new CaptureFileInfo[0]);
        this.heap = new ReaderHeap(Math.max(1, files.length));
        this.bytesTotal = total;
    }

    @Override
    public int poll(final PacketHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && !closed)
        {
            openDueFiles();
            if (heap.isEmpty())
            {
                break;
            }

            final CaptureFileReader reader = heap.top();
            final long timestampNs = reader.timestampNs();
            final int capturedLength = reader.capturedLength();
            final int originalLength = reader.originalLength();
            if (timestampNs < lastTimestampNs)
            {
                outOfOrder.incrementRelease();
            }
            lastTimestampNs = timestampNs;
            packets.incrementRelease();
            bytes.getAndAddRelease(capturedLength);
            if (capturedLength < originalLength)
            {
                truncatedBySnapLength.incrementRelease();
            }

            delivered++;
            try
            {
                handler.onPacket(reader.linkType(), reader.buffer(), reader.offset(), capturedLength, originalLength,
                    timestampNs);
            }
            finally
            {
                // Move on even if the handler threw, so a frame is never delivered twice.
                advanceTop(reader);
            }
        }
        return delivered;
    }

    private void advanceTop(final CaptureFileReader reader)
    {
        if (reader.next())
        {
            heap.topAdvanced();
        }
        else
        {
            final int fileIndex = heap.topOrder();
            heap.removeTop();
            reader.close();
            bytesDone += files[fileIndex].sizeBytes();
        }
    }

    /**
     * Opens every file whose first frame is due: the next file in time order opens when no file is open or when
     * the earliest current frame is at or after the file's first frame.
     */
    private void openDueFiles()
    {
        while (nextFile < files.length &&
            (heap.isEmpty() || heap.topTimestampNs() >= files[nextFile].firstTimestampNs()))
        {
            final int fileIndex = nextFile++;
            final CaptureFileReader reader = openReader(files[fileIndex]);
            if (reader != null && reader.next())
            {
                heap.add(reader, fileIndex);
                maxOpenFiles = Math.max(maxOpenFiles, heap.size());
            }
            else
            {
                if (reader != null)
                {
                    reader.close();
                }
                bytesDone += files[fileIndex].sizeBytes();
            }
        }
    }

    private CaptureFileReader openReader(final CaptureFileInfo info)
    {
        // The single place where a format gets its reader (the probe opens pcapng readers too, for the first time).
        return switch (info.format())
        {
            case PCAP -> MappedPcapReader.open(info.path(), info.name(), problems);
            case PCAP_GZIP -> GzipPcapReader.open(info.path(), info.name(), problems);
            case PCAPNG -> MappedPcapngReader.open(info.path(), info.name(), problems, pcapngCounters);
            case PCAPNG_GZIP -> GzipPcapngReader.open(info.path(), info.name(), problems, pcapngCounters);
            default -> null;
        };
    }

    @Override
    public boolean isExhausted()
    {
        return closed || (heap.isEmpty() && nextFile == files.length);
    }

    @Override
    public long bytesConsumed()
    {
        long consumed = bytesDone;
        for (int i = 0, size = heap.size(); i < size; i++)
        {
            consumed += heap.at(i).bytesConsumed();
        }
        return consumed;
    }

    @Override
    public long bytesTotal()
    {
        return bytesTotal;
    }

    /**
     * @return capture files that have frames to merge (files skipped or without frames are not counted).
     */
    public int fileCount()
    {
        return files.length;
    }

    /**
     * @return files open right now.
     */
    public int openFileCount()
    {
        return heap.size();
    }

    /**
     * @return the most files that were open at once so far.
     */
    public int maxOpenFileCount()
    {
        return maxOpenFiles;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            while (!heap.isEmpty())
            {
                heap.removeLast().close();
            }
        }
    }
}
