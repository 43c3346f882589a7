package io.sipsensor.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Lowers the scheduling priority of the calling thread: libc's {@code setpriority(PRIO_PROCESS, 0, nice)}, which on
 * Linux applies to the calling thread only (Java's thread priorities are ignored there). For helper threads whose work
 * must never take a core from the packet or journal threads. Where the call is not available it does nothing.
 */
public final class ThreadPriority
{
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SETPRIORITY = lookup();

    private ThreadPriority()
    {
    }

    /**
     * @param nice the nice value, 0 (normal) to 19 (lowest).
     * @return true if the calling thread now runs at that nice value.
     */
    public static boolean lowerCurrentThread(final int nice)
    {
        if (SETPRIORITY == null)
        {
            return false;
        }
        try
        {
            return (int)SETPRIORITY.invokeExact(PRIO_PROCESS, 0, nice) == 0;
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }

    private static MethodHandle lookup()
    {
        try
        {
            return Libc.LOOKUP.find("setpriority")
                .map(symbol -> Libc.LINKER.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)))
                .orElse(null);
        }
        catch (final RuntimeException | Error ex)
        {
            return null;
        }
    }
}
