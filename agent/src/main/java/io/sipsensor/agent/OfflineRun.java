package io.sipsensor.agent;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.export.RunSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Processes capture files (or a folder of them) as one stream in capture-time order: every leg is journaled, and
 * the summary (legs, channel peaks, hourly windows, license peak, counters) is printed on stdout and optionally
 * written to a file. Progress goes to stderr.
 */
public final class OfflineRun
{
    private static final int POLL_BATCH = 4096;

    private final SensorContext context;
    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;

    /**
     * @param context  validated settings.
     * @param out      where the summary JSON goes.
     * @param err      where problems and progress go.
     * @param progress progress display.
     */
    public OfflineRun(final SensorContext context, final PrintStream out, final PrintStream err,
        final Progress progress)
    {
        this.context = context;
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    /**
     * @param files       capture files ({@code -r}), or null.
     * @param directory   capture folder ({@code --readpcapdir}), or null.
     * @param summaryFile where to write the summary as well, or null.
     * @return exit status: 0 when the input was processed, 1 when there was no usable input.
     */
    public int run(final List<Path> files, final Path directory, final Path summaryFile)
    {
        final long startNs = System.nanoTime();
        final Counters counters = new Counters();
        final ChannelReport report;
        final CapturePipeline pipeline = new CapturePipeline(context, counters, true, err);
        try
        {
            try (PacketSource source = directory != null ?
                CaptureFiles.openDirectory(directory, message -> err.println("sipsensor: " + message), counters) :
                CaptureFiles.open(files, message -> err.println("sipsensor: " + message), counters))
            {
                final PacketHandler handler = pipeline.packetHandler();
                while (!source.isExhausted())
                {
                    source.poll(handler, POLL_BATCH);
                    progress.update(source.bytesConsumed(), source.bytesTotal(),
                        counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
                }
                pipeline.finishInput();
                progress.finish(source.bytesConsumed(), source.bytesTotal(),
                    counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
            }
        }
        finally
        {
            pipeline.close();
        }

        report = ChannelReport.compute(pipeline.legs().legs(), context.licenseChannelSettings());
        final StringBuilder summary = new StringBuilder(4096);
        RunSummary.write(summary, context.idSensor(), pipeline.legs(), report, counters,
            System.nanoTime() - startNs);
        out.print(summary);
        out.flush();
        if (summaryFile != null)
        {
            try
            {
                Files.writeString(summaryFile, summary, StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                err.println("sipsensor: cannot write summary to " + summaryFile + ": " + ex.getMessage());
                return 1;
            }
        }

        if (counters.value(SensorCounter.CAPTURE_FILES) == 0)
        {
            err.println("sipsensor: no capture file could be read" +
                (directory != null ? " in " + directory : ""));
            return 1;
        }
        return 0;
    }
}
