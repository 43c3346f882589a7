package io.sipsensor.capture;

/**
 * Told about capture files that cannot be read, or not to the end: a file that is not a capture, a format not
 * supported yet, a truncated or corrupt file, an I/O error. Each message is one line for an operator and names the
 * file, and, where it applies, the byte offset, the packet number and how many complete packets were used, e.g.
 * {@code capture file x.pcap: truncated at byte 123456 in packet 789; 788 complete packets used}.
 * <p>
 * Called on the thread that opens or polls the {@link PacketSource}; rare, so allocation is fine here.
 */
@FunctionalInterface
public interface CaptureProblemListener
{
    /** A listener that ignores every problem (the counters still count them). */
    CaptureProblemListener NONE = message -> {};

    /**
     * @param message one line, no trailing newline.
     */
    void onProblem(String message);
}
