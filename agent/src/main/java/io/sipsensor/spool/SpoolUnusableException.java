package io.sipsensor.spool;

import io.sipsensor.config.FileCause;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The spool folder cannot be written: one line with the folder, the cause and the fix. The run fails (exit status 1,
 * as for any journal that cannot be written); it is not a usage error, since the command line may be right and the
 * folder wrong.
 */
public final class SpoolUnusableException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param folder the spool folder, or the file in it that failed.
     * @param ex     what failed.
     */
    public SpoolUnusableException(final Path folder, final IOException ex)
    {
        this(folder, FileCause.of(ex), FileCause.kind(ex));
    }

    /**
     * @param journal the journal folder.
     * @param failure why the journal could not be opened or written (an {@link IOException} in its causes names
     *                the cause).
     * @return the exception to throw.
     */
    public static SpoolUnusableException journal(final Path journal, final Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause())
        {
            if (cause instanceof IOException io)
            {
                return new SpoolUnusableException(journal, io);
            }
        }
        return new SpoolUnusableException(journal,
            failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName(),
            FileCause.Kind.OTHER);
    }

    /**
     * @param folder the spool folder.
     * @param cause  the cause in words.
     * @param kind   its kind, for the fix.
     */
    public SpoolUnusableException(final Path folder, final String cause, final FileCause.Kind kind)
    {
        super((folder.getFileName() != null && "journal".equals(folder.getFileName().toString()) ?
            "CDR journal folder " : "spool folder ") + folder + " cannot be written: " + cause + "; " +
            (kind.fix().isEmpty() ? "" : kind.fix() + ", or ") + "choose another with --spool or spooldir");
    }
}
