package io.sipsensor.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the report says about the host.
 */
final class HostInfo
{
    private HostInfo()
    {
    }

    /**
     * @return the CPU model name from /proc/cpuinfo, or the architecture.
     */
    static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
