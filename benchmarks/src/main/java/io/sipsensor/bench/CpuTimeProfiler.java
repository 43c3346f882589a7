package io.sipsensor.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * CPU time of the benchmark's process per operation ({@code cpu.time.norm}, ns/op), beside JMH's wall-clock score.
 * On a host shared with other work, the wall-clock time per operation also counts the time the benchmark thread
 * waited for a core; the CPU time does not, so two builds measured on a busy host compare on it. It still counts
 * the JIT and GC threads (little after warm-up, with about 0 B/op) and the cache misses other processes cause.
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar CallIdBenchmark -prof gc -prof io.sipsensor.bench.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler
{
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private long startNs;

    @Override
    public String getDescription()
    {
        return "CPU time of the process per operation";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        startNs = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
        final IterationParams iterationParams, final IterationResult result)
    {
        final long cpuNs = os.getProcessCpuTime() - startNs;
        final long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double)cpuNs / ops, "ns/op",
            AggregationPolicy.AVG));
    }
}
