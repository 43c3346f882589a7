package io.sipsensor.capture.live;

import java.lang.foreign.MemorySegment;

/**
 * A classic BPF program in native memory, ready for {@code SO_ATTACH_FILTER}.
 */
interface BpfProgram
{
    /** @return the tcpdump expression it was compiled from ("" for the snap length alone). */
    String expression();

    /** @return instructions. */
    int instructionCount();

    /** @return the instructions (8 bytes each). */
    MemorySegment instructions();
}
