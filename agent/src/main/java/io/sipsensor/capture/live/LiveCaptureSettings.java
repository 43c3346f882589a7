package io.sipsensor.capture.live;

import java.util.List;

/**
 * What and how to capture live; validated by the sensor context at start.
 *
 * @param interfaces      interface names, or {@code any}.
 * @param filter          tcpdump filter expression, "" for none.
 * @param promiscuous     put the interfaces in promiscuous mode.
 * @param snapLengthBytes bytes kept of each frame.
 * @param ringBytes       kernel ring / buffer memory in total, split over the sockets.
 * @param engine          which engine.
 * @param captureThreads  capture threads; more than one reads one interface through a fanout group.
 */
public record LiveCaptureSettings(List<String> interfaces, String filter, boolean promiscuous, int snapLengthBytes,
    long ringBytes, CaptureEngine engine, int captureThreads)
{
    /** Largest snap length (and the default): whole frames, as tcpdump's default. */
    public static final int MAX_SNAPLEN = 262_144;
    /** Block retire timeout of the ring and libpcap's read timeout: the latency when traffic is light. */
    public static final int BLOCK_TIMEOUT_MS = 10;
    /** Longest wait in one poll while idle: how soon the duty cycle ticks timers and notices a stop. */
    public static final int IDLE_WAIT_MS = 100;

    public LiveCaptureSettings
    {
        interfaces = List.copyOf(interfaces);
        filter = filter == null ? "" : filter.trim();
    }
}
