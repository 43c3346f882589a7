package io.sipsensor.license;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The license part of the spool:
 * <pre>
 *   &lt;spool&gt;/license/
 *     installed/20300114T130000.000000000Z-license-L-1.json   every installed file, exactly as the vendor signed it,
 *     installed/20300106T000000.000000000Z-increase-T-7.json  named by install time (UTC) and kind
 *     installed/20300107T000000.000000000Z-clockreset-C-1.json
 *     state.json                                             what evaluations remember ({@link LicenseState})
 *     events/                                                the events journal ({@link EventJournal}): the record
 *     .lock                                                  held while any of the above is written
 * </pre>
 * Files are written to a temporary name and moved into place, so a reader sees the old or the new file, never a
 * part. Nothing is deleted: the installed files are the license history.
 */
public final class LicenseStore
{
    private static final DateTimeFormatter NAME_TIME =
        DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME =
        Pattern.compile("(\\d{8}T\\d{6}\\.\\d{9}Z)-(license|increase|clockreset)-([A-Za-z0-9._-]{0,64})\\.json");

    /**
     * One installed file as found on disk.
     *
     * @param installedAt install time from its name.
     * @param name        file name.
     * @param kind        kind from its name.
     * @param text        its text, or null if it could not be read.
     * @param readError   why it could not be read, or null.
     */
    public record StoredFile(Instant installedAt, String name, InstalledEntry.Kind kind, String text, String readError)
    {
    }

    private final Path spool;
    private final Path root;

    /**
     * @param spool the spool folder.
     */
    public LicenseStore(final Path spool)
    {
        this.spool = spool;
        this.root = spool.resolve("license");
    }

    /** @return the spool folder. */
    public Path spool()
    {
        return spool;
    }

    /** @return {@code <spool>/license}. */
    public Path root()
    {
        return root;
    }

    /** @return the folder of installed files. */
    public Path installed()
    {
        return root.resolve("installed");
    }

    /** @return the events journal folder. */
    public Path events()
    {
        return root.resolve("events");
    }

    /** @return true if the spool folder exists, so evaluations may record what they saw. */
    public boolean spoolExists()
    {
        return Files.isDirectory(spool);
    }

    /**
     * @return the installed files, oldest install first; files that do not follow the naming are ignored.
     */
    public List<StoredFile> files()
    {
        final List<StoredFile> files = new ArrayList<>();
        if (!Files.isDirectory(installed()))
        {
            return files;
        }
        final List<Path> paths;
        try (Stream<Path> list = Files.list(installed()))
        {
            paths = list.sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + installed() + ": " + ex.getMessage(), ex);
        }
        for (final Path path : paths)
        {
            final Matcher matcher = NAME.matcher(path.getFileName().toString());
            if (!matcher.matches())
            {
                continue;
            }
            final Instant installedAt;
            try
            {
                installedAt = NAME_TIME.parse(matcher.group(1), Instant::from);
            }
            catch (final DateTimeParseException ex)
            {
                continue;
            }
            final InstalledEntry.Kind kind = "license".equals(matcher.group(2)) ? InstalledEntry.Kind.LICENSE :
                "increase".equals(matcher.group(2)) ? InstalledEntry.Kind.INCREASE : InstalledEntry.Kind.CLOCK_RESET;
            String text = null;
            String error = null;
            try
            {
                text = io.sipsensor.json.TextFile.read(path, 1 << 20);
            }
            catch (final IOException ex)
            {
                error = "cannot be read: " + (ex instanceof java.nio.file.NoSuchFileException ? "no such file" :
                    ex.getMessage());
            }
            files.add(new StoredFile(installedAt, path.getFileName().toString(), kind, text, error));
        }
        return files;
    }

    /**
     * Installs a verified file. Caller holds {@link #lock()}.
     *
     * @param text the file's text, stored unchanged.
     * @param kind license or token.
     * @param id   its id (characters outside {@code A-Za-z0-9._-} become {@code _} in the name).
     * @param at   the install time recorded.
     * @return the installed file.
     * @throws IOException if it cannot be written.
     */
    public Path install(final String text, final InstalledEntry.Kind kind, final String id, final Instant at)
        throws IOException
    {
        Files.createDirectories(installed());
        final String safeId = id.replaceAll("[^A-Za-z0-9._-]", "_");
        final String trimmedId = safeId.substring(0, Math.min(64, safeId.length()));
        Instant stamp = at;
        Path target;
        do
        {
            target = installed().resolve(NAME_TIME.format(stamp) + "-" +
                name(kind) + "-" + trimmedId + ".json");
            stamp = stamp.plusNanos(1);
        }
        while (Files.exists(target));
        writeAtomically(target, text);
        return target;
    }

    private static String name(final InstalledEntry.Kind kind)
    {
        return switch (kind)
        {
            case LICENSE -> "license";
            case INCREASE -> "increase";
            case CLOCK_RESET -> "clockreset";
        };
    }

    /**
     * @return the state, or {@link LicenseState#EMPTY} when there is none.
     * @throws RuntimeException if the file is damaged (the caller reports it and starts afresh).
     */
    public LicenseState readState() throws IOException
    {
        final Path file = root.resolve("state.json");
        if (!Files.exists(file))
        {
            return LicenseState.EMPTY;
        }
        final String text;
        try
        {
            text = io.sipsensor.json.TextFile.read(file, 16 << 20);
        }
        catch (final IOException ex)
        {
            // damaged: the caller reports it and starts afresh
            throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
        }
        return LicenseState.parse(text);
    }

    /**
     * Caller holds {@link #lock()}.
     *
     * @param state the state to keep.
     * @throws IOException if it cannot be written.
     */
    public void writeState(final LicenseState state) throws IOException
    {
        Files.createDirectories(root);
        writeAtomically(root.resolve("state.json"), state.toJson());
    }

    /**
     * Takes the spool's license lock (blocking), so writers in other processes take turns.
     *
     * @return the lock; close to release.
     * @throws IOException if the lock file cannot be made.
     */
    public Lock lock() throws IOException
    {
        Files.createDirectories(root);
        final FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        try
        {
            return new Lock(channel, channel.lock());
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    private static void writeAtomically(final Path target, final String text) throws IOException
    {
        // not secret: an operator reads them as any user; the spool folder's permissions guard them
        io.sipsensor.spool.AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The held lock.
     *
     * @param channel the lock file.
     * @param lock    the lock.
     */
    public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable
    {
        @Override
        public void close() throws IOException
        {
            try
            {
                lock.release();
            }
            finally
            {
                channel.close();
            }
        }
    }
}
