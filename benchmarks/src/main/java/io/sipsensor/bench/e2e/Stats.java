package io.sipsensor.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Medians of run figures.
 */
final class Stats
{
    private Stats()
    {
    }

    static <T> double median(final List<T> runs, final ToDoubleFunction<T> figure)
    {
        final double[] values = runs.stream().mapToDouble(figure).toArray();
        if (values.length == 0)
        {
            return Double.NaN;
        }
        Arrays.sort(values);
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    static <T> double min(final List<T> runs, final ToDoubleFunction<T> figure)
    {
        return runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
    }

    static <T> double max(final List<T> runs, final ToDoubleFunction<T> figure)
    {
        return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }
}
