package io.sipsensor.capture.live;

import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * A classic BPF program for {@code SO_ATTACH_FILTER}: a tcpdump expression compiled by libpcap (through pcap4j, on
 * a dead handle of the socket's link type), or just the snap length. Accepted packets are cut to the snap length by
 * the kernel: pcap's programs return it, and the snap-length-only program is one {@code ret #snaplen}. The
 * instructions live in native memory owned by this object until {@link #close()}.
 */
final class CompiledFilter implements AutoCloseable, BpfProgram
{
    /** Bytes per instruction: u16 code, u8 jt, u8 jf, u32 k. */
    static final int INSTRUCTION_LENGTH = 8;
    private static final short BPF_RET_K = 0x06;

    private final Arena arena = Arena.ofShared();
    private final String expression;
    private final int count;
    private final MemorySegment instructions;

    private CompiledFilter(final String expression, final MemorySegment source, final int count)
    {
        this.expression = expression;
        this.count = count;
        this.instructions = arena.allocate((long)count * INSTRUCTION_LENGTH, 8);
        instructions.copyFrom(source.reinterpret((long)count * INSTRUCTION_LENGTH));
    }

    /**
     * @param expression  tcpdump filter expression, or empty for none.
     * @param cooked      true when the socket reads from the network header (compiled as raw IP), false for
     *                    Ethernet frames.
     * @param snapLength  bytes kept of each accepted frame.
     * @return the program, or null when there is neither a filter nor a snap length below the maximum.
     * @throws CaptureOpenException with pcap's message when the expression does not compile.
     */
    static CompiledFilter compile(final String expression, final boolean cooked, final int snapLength)
    {
        if (expression == null || expression.isBlank())
        {
            if (snapLength >= LiveCaptureSettings.MAX_SNAPLEN)
            {
                return null;
            }
            try (Arena scratch = Arena.ofConfined())
            {
                final MemorySegment ret = scratch.allocate(INSTRUCTION_LENGTH, 8);
                ret.set(JAVA_SHORT_UNALIGNED, 0, BPF_RET_K);
                ret.set(JAVA_BYTE, 2, (byte)0);
                ret.set(JAVA_BYTE, 3, (byte)0);
                ret.set(JAVA_INT, 4, snapLength);
                return new CompiledFilter("", ret, 1);
            }
        }
        // DLT_RAW (12 on Linux) for sockets that see packets from the network header on.
        final DataLinkType linkType = cooked ? DataLinkType.RAW : DataLinkType.EN10MB;
        PcapHandle dead = null;
        org.pcap4j.core.BpfProgram program = null;
        try
        {
            dead = Pcaps.openDead(linkType, snapLength);
            program = dead.compileFilter(expression, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            final MemorySegment header = MemorySegment.ofAddress(Pcap4jAccess.programAddress(program)).reinterpret(16);
            final int count = header.get(JAVA_INT, 0);
            final long insns = header.get(JAVA_LONG, 8);
            if (count <= 0 || count > 4096 || insns == 0)
            {
                throw new CaptureOpenException(0, "filter '" + expression + "' compiled to an unusable program");
            }
            return new CompiledFilter(expression, MemorySegment.ofAddress(insns), count);
        }
        catch (final PcapNativeException | org.pcap4j.core.NotOpenException ex)
        {
            throw new CaptureOpenException(0, "filter '" + expression + "' does not compile: " + ex.getMessage());
        }
        catch (final UnsatisfiedLinkError | NoClassDefFoundError ex)
        {
            throw new CaptureOpenException(0, "filter '" + expression + "' needs libpcap (Debian: libpcap0.8): " + ex);
        }
        finally
        {
            if (program != null)
            {
                program.free();
            }
            if (dead != null)
            {
                dead.close();
            }
        }
    }

    @Override
    public String expression()
    {
        return expression;
    }

    @Override
    public int instructionCount()
    {
        return count;
    }

    @Override
    public MemorySegment instructions()
    {
        return instructions;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
