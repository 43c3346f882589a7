package io.sipsensor.capture.live;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;

import java.lang.reflect.Field;

/**
 * The two native addresses pcap4j keeps to itself: a handle's {@code pcap_t *} (so packets can be read through FFM
 * in batches without pcap4j's per-packet copies and locks) and a compiled program's {@code struct bpf_program *}
 * (so the AF_PACKET engine can attach pcap's compiled filter to its own socket). Read by reflection once per handle
 * or program, at start-up; pcap4j is pinned (1.8.2), and a missing field is reported in one line.
 */
final class Pcap4jAccess
{
    private Pcap4jAccess()
    {
    }

    /**
     * @param handle an open pcap4j handle.
     * @return its {@code pcap_t *}.
     */
    static long pcapAddress(final PcapHandle handle)
    {
        final Pointer pointer = (Pointer)read(PcapHandle.class, "handle", handle);
        return Pointer.nativeValue(pointer);
    }

    /**
     * @param program a program compiled by pcap4j (not freed).
     * @return the address of its {@code struct bpf_program} (u_int bf_len; struct bpf_insn *bf_insns).
     */
    static long programAddress(final BpfProgram program)
    {
        final Structure structure = (Structure)read(BpfProgram.class, "program", program);
        return Pointer.nativeValue(structure.getPointer());
    }

    private static Object read(final Class<?> type, final String name, final Object target)
    {
        try
        {
            final Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new CaptureOpenException(0, "this pcap4j version does not keep " + type.getSimpleName() + "." +
                name + " (" + ex + "); sipsensor needs pcap4j 1.8.2");
        }
    }
}
