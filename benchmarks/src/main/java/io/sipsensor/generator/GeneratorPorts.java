package io.sipsensor.generator;

/**
 * Media ports of generated calls: distinct per call within a window of 10,000 calls, even numbers as RTP wants.
 */
final class GeneratorPorts
{
    private GeneratorPorts()
    {
    }

    static int callerRtpPort(final int index)
    {
        return 20_000 + 2 * (index % 10_000);
    }

    static int calleeRtpPort(final int index)
    {
        return 40_000 + 2 * (index % 10_000);
    }
}
