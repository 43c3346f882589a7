package io.sipsensor.generator;

import io.sipsensor.capture.PcapWriter;
import io.sipsensor.net.FrameWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic SIP (and optionally RTP) capture from {@link GeneratorSettings}: calls arrive as a Poisson
 * process, each plays out per its {@link CallPlan}, all packets go out in time order as Ethernet/IPv4/UDP frames
 * (802.1Q-tagged if asked), and the capture is cut into the given files as a size-rotating capture would
 * ({@code tcpdump -C}: equal shares of the packets, in time order), each gzip-compressed when its name ends in
 * {@code .gz}. Deterministic by seed. Returns the ground truth: the legs a correct sensor reports.
 */
public final class TrafficGenerator
{
    /** Time between a packet and its mirror duplicate. */
    static final long DUPLICATE_DELAY_NS = 30_000L;

    private static final int EVENT_ID_BITS = 26;
    private static final long EVENT_ID_MASK = (1L << EVENT_ID_BITS) - 1;
    private static final int RTP_PAYLOAD_BYTES = 160;

    /**
     * What was written.
     *
     * @param files       the capture files.
     * @param packets     frames written, duplicates included.
     * @param sipMessages SIP messages written, duplicates included.
     * @param rtpPackets  RTP packets written, duplicates included.
     * @param legs        the expected legs, in call order.
     */
    public record Result(List<Path> files, long packets, long sipMessages, long rtpPackets, List<ExpectedLeg> legs)
    {
    }

    private TrafficGenerator()
    {
    }

    /**
     * @param settings what to generate.
     * @param files    output files; the capture is cut into as many parts (settings.files() is ignored).
     * @return what was written and the expected legs.
     * @throws IOException if a file cannot be written.
     */
    public static Result generate(final GeneratorSettings settings, final List<Path> files) throws IOException
    {
        final int calls = settings.calls();
        final long[] starts = new long[calls];
        final SplittableRandom arrivals = new SplittableRandom(settings.seed());
        final double meanGapNs = 1e9 / settings.callsPerSecond();
        double clock = 0;
        for (int i = 0; i < calls; i++)
        {
            starts[i] = settings.startEpochNs() + ((long)clock / 1000) * 1000; // pcap keeps microseconds
            clock += -Math.log(1 - arrivals.nextDouble()) * meanGapNs;
        }

        final int slotsPerCall = CallPlan.SIP_SLOTS + settings.rtpPacketsPerCall();
        if ((long)calls * slotsPerCall > EVENT_ID_MASK)
        {
            throw new IllegalArgumentException("too many packets for one run: lower calls or RTP packets per call");
        }
        long[] events = new long[calls * 8];
        int eventCount = 0;
        final List<ExpectedLeg> legs = new ArrayList<>(calls);
        final long base = settings.startEpochNs();
        for (int i = 0; i < calls; i++)
        {
            final CallPlan plan = new CallPlan(settings, i, starts[i]);
            legs.add(plan.expectedLeg());
            final int rtp = plan.rtpPackets(settings.rtpPacketsPerCall());
            if (eventCount + CallPlan.SIP_SLOTS + rtp > events.length)
            {
                events = Arrays.copyOf(events, Math.max(events.length * 2, eventCount + CallPlan.SIP_SLOTS + rtp));
            }
            for (int slot = 0; slot < CallPlan.SIP_SLOTS; slot++)
            {
                if (plan.times[slot] != Long.MIN_VALUE)
                {
                    events[eventCount++] = event(plan.times[slot] - base, (long)i * slotsPerCall + slot);
                }
            }
            for (int packet = 0; packet < rtp; packet++)
            {
                events[eventCount++] = event(plan.rtpTime(packet) - base,
                    (long)i * slotsPerCall + CallPlan.SIP_SLOTS + packet);
            }
        }
        Arrays.sort(events, 0, eventCount);

        final Writer writer = new Writer(settings, files, eventCount);
        try
        {
            final SipTemplates templates = new SipTemplates();
            CallPlan plan = null;
            for (int e = 0; e < eventCount; e++)
            {
                final long id = events[e] & EVENT_ID_MASK;
                final int index = (int)(id / slotsPerCall);
                final int slot = (int)(id % slotsPerCall);
                if (plan == null || plan.index != index)
                {
                    plan = new CallPlan(settings, index, starts[index]);
                }
                final long timeNs = base + time(events[e]);
                if (slot < CallPlan.SIP_SLOTS)
                {
                    writer.sip(plan, slot, templates.render(plan, slot), timeNs, e);
                }
                else
                {
                    writer.rtp(plan, slot - CallPlan.SIP_SLOTS, timeNs, e);
                }
            }
        }
        finally
        {
            writer.close();
        }
        return new Result(files, writer.packets, writer.sipMessages, writer.rtpPackets, legs);
    }

    /**
     * @return true when the caller sends the message of this slot, false when the callee does.
     */
    static boolean sentByCaller(final CallPlan plan, final int slot)
    {
        return switch (slot)
        {
            case CallPlan.INVITE, CallPlan.ACK, CallPlan.CANCEL, CallPlan.HOLD, CallPlan.HOLD_ACK,
                CallPlan.RESUME, CallPlan.RESUME_ACK -> true;
            case CallPlan.BYE -> !plan.byeByCallee;
            case CallPlan.BYE_OK -> plan.byeByCallee;
            default -> false;
        };
    }

    private static long event(final long relativeNs, final long id)
    {
        return ((relativeNs / 1000) << EVENT_ID_BITS) | id;
    }

    private static long time(final long event)
    {
        return (event >>> EVENT_ID_BITS) * 1000;
    }

    /**
     * Frames, duplicates and file rotation.
     */
    private static final class Writer
    {
        private final GeneratorSettings settings;
        private final List<Path> files;
        private final int eventCount;
        private final FrameWriter frames = new FrameWriter();
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[70_000]);
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[70_000]);
        private PcapWriter out;
        private int fileIndex = -1;
        long packets;
        long sipMessages;
        long rtpPackets;

        Writer(final GeneratorSettings settings, final List<Path> files, final int eventCount)
        {
            this.settings = settings;
            this.files = files;
            this.eventCount = eventCount;
            if (settings.vlanId() >= 0)
            {
                frames.vlan(settings.vlanId());
            }
        }

        void sip(final CallPlan plan, final int slot, final byte[] message, final long timeNs, final int eventIndex)
            throws IOException
        {
            final boolean fromCaller = sentByCaller(plan, slot);
            payload.putBytes(0, message);
            direct(plan, fromCaller);
            final int length = frames.udp(frame, 0, 5060, 5060, payload, 0, message.length);
            final int copies = write(length, timeNs, eventIndex);
            sipMessages += copies;
        }

        void rtp(final CallPlan plan, final int packet, final long timeNs, final int eventIndex) throws IOException
        {
            final boolean fromCaller = (packet & 1) == 0;
            final int sequence = packet / 2;
            payload.putByte(0, (byte)0x80);
            payload.putByte(1, (byte)0);                                   // PCMU
            payload.putShort(2, (short)sequence, java.nio.ByteOrder.BIG_ENDIAN);
            payload.putInt(4, sequence * RTP_PAYLOAD_BYTES, java.nio.ByteOrder.BIG_ENDIAN);
            payload.putInt(8, plan.index * 2 + (fromCaller ? 0 : 1), java.nio.ByteOrder.BIG_ENDIAN);
            payload.setMemory(12, RTP_PAYLOAD_BYTES, (byte)0xFF);          // mu-law silence
            direct(plan, fromCaller);
            final int sourcePort = fromCaller ?
                GeneratorPorts.callerRtpPort(plan.index) : GeneratorPorts.calleeRtpPort(plan.index);
            final int destinationPort = fromCaller ?
                GeneratorPorts.calleeRtpPort(plan.index) : GeneratorPorts.callerRtpPort(plan.index);
            final int length = frames.udp(frame, 0, sourcePort, destinationPort, payload, 0, 12 + RTP_PAYLOAD_BYTES);
            rtpPackets += write(length, timeNs, eventIndex);
        }

        private void direct(final CallPlan plan, final boolean fromCaller)
        {
            final String caller = SipTemplates.ip(plan.callerAddress());
            final String callee = SipTemplates.ip(plan.calleeAddress());
            frames.addresses(fromCaller ? caller : callee, fromCaller ? callee : caller);
        }

        private int write(final int length, final long timeNs, final int eventIndex) throws IOException
        {
            final int file = (int)Math.min(files.size() - 1, (long)eventIndex * files.size() / eventCount);
            if (file != fileIndex)
            {
                if (out != null)
                {
                    out.close();
                }
                for (int skipped = fileIndex + 1; skipped < file; skipped++)
                {
                    PcapWriter.create(files.get(skipped), frames.linkType(), false,
                        files.get(skipped).toString().endsWith(".gz")).close();
                }
                fileIndex = file;
                final Path path = files.get(file);
                out = PcapWriter.create(path, frames.linkType(), false, path.toString().endsWith(".gz"));
            }
            out.write(frame, 0, length, timeNs);
            packets++;
            final SplittableRandom random = new SplittableRandom(settings.seed() ^ (eventIndex * 0xBF58476D1CE4E5B9L));
            if (random.nextDouble() < settings.duplicateShare())
            {
                out.write(frame, 0, length, timeNs + DUPLICATE_DELAY_NS);
                packets++;
                return 2;
            }
            return 1;
        }

        void close() throws IOException
        {
            if (out != null)
            {
                out.close();
            }
            // Every named file exists, even if there were fewer packets than files.
            for (int i = fileIndex + 1; i < files.size(); i++)
            {
                PcapWriter.create(files.get(i), frames.linkType(), false, files.get(i).toString().endsWith(".gz"))
                    .close();
            }
        }
    }
}
