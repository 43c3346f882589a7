package io.sipsensor.capture;

import io.sipsensor.status.Counters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Capture files for tests: written byte by byte (to check {@link PcapWriter} and the readers against the format
 * itself) or with {@link PcapWriter}; plus a listener that keeps the problem messages.
 */
final class TestCaptures
{
    static final long SECOND = 1_000_000_000L;

    private TestCaptures()
    {
    }

    static byte[] hex(final String hex)
    {
        final String digits = hex.replaceAll("[\\s|]", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] int32(final int value, final ByteOrder order)
    {
        return order == ByteOrder.BIG_ENDIAN ?
            new byte[]{(byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8), (byte)value} :
            new byte[]{(byte)value, (byte)(value >>> 8), (byte)(value >>> 16), (byte)(value >>> 24)};
    }

    /**
     * A pcap file header, field by field.
     */
    static byte[] fileHeader(final int magic, final ByteOrder order, final int snapLength, final int linkType)
    {
        final byte[] version = order == ByteOrder.BIG_ENDIAN ? hex("00 02 00 04") : hex("02 00 04 00");
        return concat(int32(magic, order), version, int32(0, order), int32(0, order), int32(snapLength, order),
            int32(linkType, order));
    }

    /**
     * A record: header field by field, then the frame bytes.
     */
    static byte[] record(final int seconds, final int fraction, final int originalLength, final byte[] frame,
        final ByteOrder order)
    {
        return concat(int32(seconds, order), int32(fraction, order), int32(frame.length, order),
            int32(originalLength, order), frame);
    }

    /**
     * A frame whose bytes say which it is: {@code marker} repeated.
     */
    static byte[] frame(final int marker, final int length)
    {
        final byte[] frame = new byte[length];
        java.util.Arrays.fill(frame, (byte)marker);
        return frame;
    }

    static byte[] gzip(final byte[] bytes) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out))
        {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /**
     * Writes a microsecond Ethernet pcap with one frame per timestamp; frame i is filled with byte {@code firstMarker
     * + i} and is {@code 60 + i} bytes long.
     */
    static Path writePcap(final Path file, final boolean gzip, final int firstMarker, final long... timestampsNs)
        throws IOException
    {
        try (PcapWriter writer = PcapWriter.create(file, LinkType.ETHERNET, false, gzip))
        {
            for (int i = 0; i < timestampsNs.length; i++)
            {
                writer.write(frame(firstMarker + i, 60 + i), timestampsNs[i]);
            }
        }
        return file;
    }

    static Path write(final Path file, final byte[] bytes) throws IOException
    {
        Files.write(file, bytes);
        return file;
    }

    static final class Problems implements CaptureProblemListener
    {
        final List<String> messages = new ArrayList<>();

        @Override
        public void onProblem(final String message)
        {
            messages.add(message);
        }

        String only()
        {
            if (messages.size() != 1)
            {
                throw new AssertionError("expected one problem, got " + messages);
            }
            return messages.get(0);
        }
    }

    static FrameRecorder readAll(final List<Path> files, final Problems problems, final Counters counters)
    {
        try (MergingPacketSource source = CaptureFiles.open(files, problems, counters))
        {
            return FrameRecorder.drain(source);
        }
    }
}
