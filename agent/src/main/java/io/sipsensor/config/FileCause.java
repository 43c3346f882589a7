package io.sipsensor.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The cause of a failed file operation in the words an operator acts on ("permission denied", "read-only file
 * system"), without the path that {@link IOException#getMessage()} repeats and without exception class names: the
 * line that reports it names the file already. Used at start-up and for lifecycle errors only; allocates.
 */
public final class FileCause
{
    /** A cause: its words, and what to do about it for a folder sipsensor must write (the spool). */
    public enum Kind
    {
        PERMISSION_DENIED("permission denied",
            "give the user sipsensor runs as (under systemd: sipsensor) write access to it"),
        READ_ONLY("read-only file system", "mount it read-write"),
        NOT_A_FOLDER("a file is in the way where a folder is needed", "remove that file"),
        NO_SUCH_FILE("no such file or folder", "check the path"),
        NO_SPACE("no space left on device", "free disk space"),
        OTHER("", "");

        private final String words;
        private final String fix;

        Kind(final String words, final String fix)
        {
            this.words = words;
            this.fix = fix;
        }

        /** @return the cause in words, e.g. "permission denied". */
        public String words()
        {
            return words;
        }

        /** @return what to do about it for a folder to write, e.g. "free disk space"; empty for OTHER. */
        public String fix()
        {
            return fix;
        }
    }

    private FileCause()
    {
    }

    /**
     * @param ex a failed file operation.
     * @return its kind.
     */
    public static Kind kind(final IOException ex)
    {
        final String reason = ex instanceof FileSystemException fse && fse.getReason() != null ?
            fse.getReason() : String.valueOf(ex.getMessage());
        if (ex instanceof AccessDeniedException || reason.contains("Permission denied") ||
            reason.contains("Operation not permitted"))
        {
            return Kind.PERMISSION_DENIED;
        }
        if (reason.contains("Read-only file system"))
        {
            return Kind.READ_ONLY;
        }
        if (ex instanceof NotDirectoryException || ex instanceof FileAlreadyExistsException ||
            reason.contains("Not a directory"))
        {
            return Kind.NOT_A_FOLDER;
        }
        if (ex instanceof NoSuchFileException || reason.contains("No such file"))
        {
            return Kind.NO_SUCH_FILE;
        }
        if (reason.contains("No space left") || reason.contains("Disk quota exceeded"))
        {
            return Kind.NO_SPACE;
        }
        return Kind.OTHER;
    }

    /**
     * @param ex a failed file operation.
     * @return its cause in words, e.g. "permission denied"; the system's own reason for causes not known here.
     */
    public static String of(final IOException ex)
    {
        final Kind kind = kind(ex);
        if (kind != Kind.OTHER)
        {
            return kind.words;
        }
        if (ex instanceof FileSystemException fse)
        {
            return fse.getReason() != null ? lowerFirst(fse.getReason()) : "cannot be used";
        }
        return ex.getMessage() != null ? lowerFirst(ex.getMessage()) : "input/output error";
    }

    private static String lowerFirst(final String text)
    {
        return text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1))) ? text :
            Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
