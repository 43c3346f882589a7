package io.sipsensor.ffi;

import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;

/**
 * The C library as the FFM API sees it: the one native linker and the one lookup of libc's symbols that every
 * binding in this module ({@link LinuxCalls}, {@link FileBlocks}) makes its method handles from.
 */
final class Libc
{
    /** The platform's native linker. */
    static final Linker LINKER = Linker.nativeLinker();
    /** Symbols of the C library the JVM is linked with. */
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();

    private Libc()
    {
    }
}
