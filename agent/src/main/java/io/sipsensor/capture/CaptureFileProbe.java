package io.sipsensor.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static io.sipsensor.capture.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.FRACTION_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.RECORD_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.SECONDS_OFFSET;

/**
 * Tells what a file is and when its first frame was captured, from its first 40 bytes (inflated first when the
 * file is gzip; for pcapng, from its blocks up to the first packet): the cheap peek that lets a directory of
 * thousands of files be sorted by time without keeping them open. Problems found here are reported once; the file
 * is then left out of the stream. Runs when a source is opened; allocates a little per file.
 */
final class CaptureFileProbe
{
    private static final int PEEK_BYTES = FILE_HEADER_LENGTH + RECORD_HEADER_LENGTH;

    private CaptureFileProbe()
    {
    }

    /**
     * @param path     of the file.
     * @param order    position among the files given.
     * @param listed   true if the file was found by listing a directory (a non-capture is skipped quietly,
     *                 counted as skipped), false if it was named by the operator (a non-capture is an error).
     * @param problems where problems are reported.
     * @return what the file holds; {@link CaptureFileInfo#hasPackets()} tells whether to read it.
     */
    static CaptureFileInfo probe(final Path path, final int order, final boolean listed, final CaptureProblems problems)
    {
        final String name = path.toString();
        final String kind = notRegular(path);
        if (kind != null)
        {
            // opening a FIFO with no writer would wait forever; a directory or a dangling link is no capture
            if (listed)
            {
                problems.skipped(name, kind);
            }
            else
            {
                problems.notCapture(name, kind);
            }
            return new CaptureFileInfo(path, name, 0, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }
        final byte[] head = new byte[PEEK_BYTES];
        final long size;
        final int length;
        try (InputStream in = Files.newInputStream(path))
        {
            size = Files.size(path);
            length = in.readNBytes(head, 0, PEEK_BYTES);
        }
        catch (final IOException | RuntimeException ex)
        {
            problems.cannotRead(name, ex);
            return new CaptureFileInfo(path, name, 0, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }

        if (size == 0 || length == 0)
        {
            problems.empty(name);
            return new CaptureFileInfo(path, name, size, CaptureFormat.EMPTY, CaptureFileInfo.NO_PACKETS, order);
        }
        if (length >= 2 && ((head[0] & 0xFF) << 8 | (head[1] & 0xFF)) == PcapDescriptor.MAGIC_GZIP)
        {
            return probeGzip(path, name, size, order, listed, problems);
        }
        return classify(path, name, size, order, listed, problems, head, length, false, null);
    }

    /**
     * @return null for a regular file (links followed), else what it is, in words.
     */
    static String notRegular(final Path path)
    {
        if (Files.isRegularFile(path))
        {
            return null;
        }
        if (Files.isDirectory(path))
        {
            return "a directory";
        }
        if (Files.isSymbolicLink(path) && !Files.exists(path))
        {
            return "a broken symbolic link";
        }
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            return null; // reading it says "no such file"
        }
        try
        {
            final Object type = Files.readAttributes(path, "unix:mode").get("mode");
            final int mode = type instanceof Integer value ? value : 0;
            final int format = mode & 0xF000;
            return format == 0x1000 ? "a FIFO (named pipe), not read" : format == 0xC000 ? "a socket" :
                format == 0x2000 || format == 0x6000 ? "a device" : "not a regular file";
        }
        catch (final IOException | RuntimeException ex)
        {
            return "not a regular file";
        }
    }

    private static CaptureFileInfo probeGzip(
        final Path path,
        final String name,
        final long size,
        final int order,
        final boolean listed,
        final CaptureProblems problems)
    {
        final byte[] head = new byte[PEEK_BYTES];
        int length = 0;
        IOException error = null;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path)))
        {
            while (length < PEEK_BYTES)
            {
                final int read = in.read(head, length, PEEK_BYTES - length);
                if (read < 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch (final IOException ex)
        {
            error = ex;
        }
        catch (final RuntimeException ex)
        {
            problems.cannotRead(name, ex);
            return new CaptureFileInfo(path, name, size, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }
        if (length < 4 && error != null)
        {
            if (listed)
            {
                problems.skipped(name, "damaged gzip data: " + error.getMessage());
            }
            else
            {
                problems.compressedDataDamaged(name, "byte " + length + " of the decompressed data", 1, error);
            }
            return new CaptureFileInfo(path, name, size, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }
        return classify(path, name, size, order, listed, problems, head, length, true, error);
    }

    private static CaptureFileInfo classify(
        final Path path,
        final String name,
        final long size,
        final int order,
        final boolean listed,
        final CaptureProblems problems,
        final byte[] head,
        final int length,
        final boolean gzip,
        final IOException gzipError)
    {
        final int magic = length >= 4 ? readInt(head, 0, ByteOrder.BIG_ENDIAN) : 0;
        if (length >= 4 && magic == PcapDescriptor.MAGIC_PCAPNG)
        {
            return probePcapng(path, name, size, order, gzip, problems);
        }

        final ByteOrder byteOrder = length >= 4 ? PcapDescriptor.byteOrder(magic) : null;
        if (byteOrder == null && startsPcapMagic(head, length))
        {
            problems.truncatedHeader(name, length);
            return new CaptureFileInfo(path, name, size, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }
        if (byteOrder == null)
        {
            final String why = length < 4 ?
                (gzip ? "gzip-compressed data shorter than a pcap header" : "shorter than a pcap header") :
                String.format(gzip ? "gzip-compressed data starting with 0x%08x" : "starts with 0x%08x", magic);
            if (listed)
            {
                problems.skipped(name, why);
            }
            else
            {
                problems.notCapture(name, why);
            }
            return new CaptureFileInfo(path, name, size, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }

        final CaptureFormat format = gzip ? CaptureFormat.PCAP_GZIP : CaptureFormat.PCAP;
        final String where = gzip ? "byte " + length + " of the decompressed data" : "byte " + length;
        if (length < FILE_HEADER_LENGTH)
        {
            if (gzipError != null)
            {
                problems.compressedDataDamaged(name, where, 1, gzipError);
            }
            else
            {
                problems.truncatedHeader(name, length);
            }
            return new CaptureFileInfo(path, name, size, CaptureFormat.NOT_CAPTURE, CaptureFileInfo.NO_PACKETS, order);
        }
        if (length < PEEK_BYTES)
        {
            if (gzipError != null)
            {
                problems.compressedDataDamaged(name, where, 1, gzipError);
            }
            else if (length == FILE_HEADER_LENGTH)
            {
                problems.noPackets(name);
            }
            else
            {
                problems.truncated(name, where, 1);
            }
            return new CaptureFileInfo(path, name, size, format, CaptureFileInfo.NO_PACKETS, order);
        }

        final long firstTimestampNs = PcapDescriptor.timestampNs(
            readInt(head, FILE_HEADER_LENGTH + SECONDS_OFFSET, byteOrder),
            readInt(head, FILE_HEADER_LENGTH + FRACTION_OFFSET, byteOrder),
            PcapDescriptor.isNanosecond(magic));
        return new CaptureFileInfo(path, name, size, format, firstTimestampNs, order);
    }

    /**
     * pcapng keeps its first packet behind a section header, interface descriptions and maybe other blocks, so the
     * file's reader itself finds it: the reader is opened, reads up to the first packet, and is closed again (the
     * source opens it afresh when the stream reaches the file). Damage before the first packet is reported here,
     * once; a file without packets is reported as such.
     */
    private static CaptureFileInfo probePcapng(
        final Path path,
        final String name,
        final long size,
        final int order,
        final boolean gzip,
        final CaptureProblems problems)
    {
        final CaptureFormat format = gzip ? CaptureFormat.PCAPNG_GZIP : CaptureFormat.PCAPNG;
        long firstTimestampNs = CaptureFileInfo.NO_PACKETS;
        if (gzip)
        {
            final GzipPcapngReader reader = GzipPcapngReader.open(path, name, problems, PcapngCounters.NONE);
            if (reader != null)
            {
                if (reader.next())
                {
                    firstTimestampNs = reader.timestampNs();
                }
                else if (!reader.damaged())
                {
                    problems.noPackets(name);
                }
                reader.close();
            }
        }
        else
        {
            final MappedPcapngReader reader = MappedPcapngReader.open(path, name, problems, PcapngCounters.NONE);
            if (reader != null)
            {
                if (reader.next())
                {
                    firstTimestampNs = reader.timestampNs();
                }
                else if (!reader.damaged())
                {
                    problems.noPackets(name);
                }
                reader.close();
            }
        }
        return new CaptureFileInfo(path, name, size, format, firstTimestampNs, order);
    }

    /**
     * @return true if fewer than 4 bytes are there and they begin one of the pcap magic numbers.
     */
    private static boolean startsPcapMagic(final byte[] head, final int length)
    {
        if (length >= 4)
        {
            return false;
        }
        final int[] magics = {
            PcapDescriptor.MAGIC_MICROSECONDS, Integer.reverseBytes(PcapDescriptor.MAGIC_MICROSECONDS),
            PcapDescriptor.MAGIC_NANOSECONDS, Integer.reverseBytes(PcapDescriptor.MAGIC_NANOSECONDS)};
        for (final int magic : magics)
        {
            boolean matches = true;
            for (int i = 0; i < length; i++)
            {
                matches &= (byte)(magic >>> (24 - 8 * i)) == head[i];
            }
            if (matches)
            {
                return true;
            }
        }
        return false;
    }

    private static int readInt(final byte[] bytes, final int offset, final ByteOrder order)
    {
        final int bigEndian = (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 |
            (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF);
        return order == ByteOrder.BIG_ENDIAN ? bigEndian : Integer.reverseBytes(bigEndian);
    }
}
