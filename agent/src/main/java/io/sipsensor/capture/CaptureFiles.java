package io.sipsensor.capture;

import io.sipsensor.status.Counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens capture files as one {@link PacketSource} in capture-time order: {@code -r FILE[,FILE...]} and
 * {@code --readpcapdir DIR}. Formats are told by content, never by name: classic pcap (either byte order,
 * microsecond or nanosecond) and pcapng (any sections, interfaces and timestamp resolutions), each plain or
 * gzip-compressed. Files that cannot be read are reported to the listener, counted, and left out; these methods do
 * not throw
 * for file problems. Each file's first bytes are peeked at here (cheap); the files themselves are opened lazily by
 * the source as the stream reaches them.
 * <p>
 * Called once at start-up; allocates. The returned source is then owned by its polling thread.
 */
public final class CaptureFiles
{
    private CaptureFiles()
    {
    }

    /**
     * The files of {@code -r}, merged by capture time.
     *
     * @param files    in the order given (ties on capture time keep it).
     * @param listener told about each file problem.
     * @param counters for capture counters.
     * @return the source; exhausted at once if no file has frames.
     */
    public static MergingPacketSource open(
        final List<Path> files, final CaptureProblemListener listener, final Counters counters)
    {
        final CaptureProblems problems = new CaptureProblems(listener, counters);
        final List<CaptureFileInfo> probed = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++)
        {
            probed.add(CaptureFileProbe.probe(files.get(i), i, false, problems));
        }
        return new MergingPacketSource(probed, problems, counters);
    }

    /**
     * Every capture file directly in a directory (not in subdirectories), merged by capture time.
     *
     * @see #openDirectory(Path, boolean, CaptureProblemListener, Counters)
     */
    public static MergingPacketSource openDirectory(
        final Path directory, final CaptureProblemListener listener, final Counters counters)
    {
        return openDirectory(directory, false, listener, counters);
    }

    /**
     * The files of {@code --readpcapdir}: every regular file in the directory that is a capture by its content,
     * merged by capture time so that calls spanning rotated files come out whole. Other files are skipped with a
     * message and counted as skipped.
     *
     * @param directory to read.
     * @param recursive whether to descend into subdirectories.
     * @param listener  told about each file problem.
     * @param counters  for capture counters.
     * @return the source; exhausted at once if no file has frames.
     */
    public static MergingPacketSource openDirectory(
        final Path directory,
        final boolean recursive,
        final CaptureProblemListener listener,
        final Counters counters)
    {
        final CaptureProblems problems = new CaptureProblems(listener, counters);
        final List<CaptureFileInfo> probed = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            problems.directoryUnreadable(directory.toString(),
                Files.exists(directory) ? "not a directory" : "does not exist");
            return new MergingPacketSource(probed, problems, counters);
        }

        final List<Path> paths = new ArrayList<>();
        try (Stream<Path> listing = recursive ? Files.walk(directory) : Files.list(directory))
        {
            // every entry but the directories a recursive walk goes into: a FIFO, a socket, a dangling link or
            // a subdirectory not read gets its line instead of vanishing
            listing.filter(p -> !p.equals(directory) && !(recursive && Files.isDirectory(p))).forEach(paths::add);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            problems.directoryUnreadable(directory.toString(), "cannot list (" + ex.getMessage() + ")");
        }
        paths.sort(null);
        for (int i = 0; i < paths.size(); i++)
        {
            probed.add(CaptureFileProbe.probe(paths.get(i), i, true, problems));
        }
        return new MergingPacketSource(probed, problems, counters);
    }

    /**
     * @param commaSeparated the argument of {@code -r}, e.g. {@code a.pcap,b.pcap.gz}.
     * @return the paths, empty names left out.
     */
    public static List<Path> parseFileList(final String commaSeparated)
    {
        final List<Path> paths = new ArrayList<>();
        for (final String name : commaSeparated.split(","))
        {
            final String trimmed = name.trim();
            if (!trimmed.isEmpty())
            {
                paths.add(Path.of(trimmed));
            }
        }
        return paths;
    }
}
