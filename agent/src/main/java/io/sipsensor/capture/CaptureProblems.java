package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Words and counts every capture-file problem the same way: one line to the {@link CaptureProblemListener},
 * one or two counters. Shared by the probe and the readers of one source; used on the thread that opens or polls
 * it. Allocates the message text, which is fine: problems are rare and end the file.
 */
final class CaptureProblems
{
    private final CaptureProblemListener listener;
    private final AtomicCounter fileErrors;
    private final AtomicCounter filesSkipped;
    private final AtomicCounter filesTruncated;
    private final AtomicCounter filesCorrupt;

    CaptureProblems(final CaptureProblemListener listener, final Counters counters)
    {
        this.listener = listener;
        this.fileErrors = counters.get(SensorCounter.CAPTURE_FILE_ERRORS);
        this.filesSkipped = counters.get(SensorCounter.CAPTURE_FILES_SKIPPED);
        this.filesTruncated = counters.get(SensorCounter.CAPTURE_FILES_TRUNCATED);
        this.filesCorrupt = counters.get(SensorCounter.CAPTURE_FILES_CORRUPT);
    }

    /**
     * A file given by name (not found while listing a directory) is not a capture: an error.
     */
    void notCapture(final String file, final String why)
    {
        fileErrors.incrementRelease();
        tell(file, "not a capture file (" + why + "), skipped");
    }

    /**
     * A file found while listing a directory is not a capture: skipped, not an error.
     */
    void skipped(final String file, final String why)
    {
        filesSkipped.incrementRelease();
        tell(file, "not a capture file (" + why + "), skipped");
    }

    void directoryUnreadable(final String directory, final String why)
    {
        fileErrors.incrementRelease();
        listener.onProblem("capture directory " + directory + ": " + why);
    }

    void empty(final String file)
    {
        tell(file, "empty file, 0 packets");
    }

    void noPackets(final String file)
    {
        tell(file, "no packets");
    }

    void cannotRead(final String file, final Exception cause)
    {
        fileErrors.incrementRelease();
        tell(file, "cannot read (" + describe(cause) + "), skipped");
    }

    /**
     * The file header itself is cut short.
     */
    void truncatedHeader(final String file, final long fileBytes)
    {
        fileErrors.incrementRelease();
        filesTruncated.incrementRelease();
        tell(file, "truncated at byte " + fileBytes + " in the file header; 0 complete packets used");
    }

    /**
     * @param where        e.g. "byte 123" or "byte 123 of the decompressed data".
     * @param packetNumber 1-based number of the record that is cut short.
     */
    void truncated(final String file, final String where, final long packetNumber)
    {
        fileErrors.incrementRelease();
        filesTruncated.incrementRelease();
        tell(file, "truncated at " + where + " in packet " + packetNumber + "; " + used(packetNumber));
    }

    void corrupt(final String file, final String where, final long packetNumber, final String detail)
    {
        fileErrors.incrementRelease();
        filesCorrupt.incrementRelease();
        tell(file, "corrupt " + detail + " at " + where + " in packet " + packetNumber + "; " + used(packetNumber));
    }

    /**
     * Compressed data that ends early or does not inflate.
     */
    void compressedDataDamaged(final String file, final String where, final long packetNumber, final Exception cause)
    {
        fileErrors.incrementRelease();
        final boolean endsEarly = cause instanceof java.io.EOFException;
        (endsEarly ? filesTruncated : filesCorrupt).incrementRelease();
        tell(file, (endsEarly ? "compressed data truncated" : "compressed data corrupt") + " (" + describe(cause) +
            ") at " + where + " in packet " + packetNumber + "; " + used(packetNumber));
    }

    void readError(final String file, final String where, final long packetNumber, final Exception cause)
    {
        fileErrors.incrementRelease();
        tell(file, "read error (" + describe(cause) + ") at " + where + " in packet " + packetNumber + "; " +
            used(packetNumber));
    }

    /**
     * A pcapng file cut short inside a block.
     *
     * @param where       e.g. "byte 123" or "byte 123 of the decompressed data".
     * @param blockNumber 1-based number of the block that is cut short.
     * @param packetsUsed complete packets delivered before it.
     */
    void truncatedBlock(final String file, final String where, final long blockNumber, final long packetsUsed)
    {
        fileErrors.incrementRelease();
        filesTruncated.incrementRelease();
        tell(file, "truncated at " + where + " in block " + blockNumber + "; " + usedCount(packetsUsed));
    }

    /**
     * A damaged pcapng block.
     *
     * @param detail what is wrong, e.g. "enhanced packet block (captured length 300000 > 262144)".
     */
    void corruptBlock(
        final String file, final String where, final long blockNumber, final long packetsUsed, final String detail)
    {
        fileErrors.incrementRelease();
        filesCorrupt.incrementRelease();
        tell(file, "corrupt " + detail + " at " + where + " in block " + blockNumber + "; " + usedCount(packetsUsed));
    }

    /**
     * Compressed pcapng data that ends early or does not inflate.
     */
    void compressedDataDamagedInBlock(
        final String file, final String where, final long blockNumber, final long packetsUsed, final Exception cause)
    {
        fileErrors.incrementRelease();
        final boolean endsEarly = cause instanceof java.io.EOFException;
        (endsEarly ? filesTruncated : filesCorrupt).incrementRelease();
        tell(file, (endsEarly ? "compressed data truncated" : "compressed data corrupt") + " (" + describe(cause) +
            ") at " + where + " in block " + blockNumber + "; " + usedCount(packetsUsed));
    }

    void readErrorInBlock(
        final String file, final String where, final long blockNumber, final long packetsUsed, final Exception cause)
    {
        fileErrors.incrementRelease();
        tell(file, "read error (" + describe(cause) + ") at " + where + " in block " + blockNumber + "; " +
            usedCount(packetsUsed));
    }

    private static String used(final long packetNumber)
    {
        return usedCount(packetNumber - 1);
    }

    private static String usedCount(final long complete)
    {
        return complete + (complete == 1 ? " complete packet used" : " complete packets used");
    }

    private static String describe(final Exception cause)
    {
        if (cause instanceof java.nio.file.FileSystemException fileProblem)
        {
            return io.sipsensor.config.FileCause.of(fileProblem); // "permission denied", not the class and the path again
        }
        final String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
    }

    private void tell(final String file, final String what)
    {
        listener.onProblem("capture file " + file + ": " + what);
    }
}
