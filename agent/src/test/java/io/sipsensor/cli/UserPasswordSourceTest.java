package io.sipsensor.cli;

import io.sipsensor.web.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code user add} and {@code user passwd} read a password the same way: the first line of a regular file (CR LF or
 * LF), at most 1 KiB of it; anything else is refused in one line and changes nothing.
 */
class UserPasswordSourceTest
{
    @TempDir
    Path work;

    @Test
    void shouldTakeTheFirstLineOfAPasswordFileForAddAndPasswd() throws IOException
    {
        final Path spool = Files.createDirectories(work.resolve("spool"));
        final Path first = Files.writeString(work.resolve("first"), "first-password-1\r\nnot this line\n",
            StandardCharsets.UTF_8);
        final Corpus.Result add = Corpus.run("user", "add", "vera", "--spool", spool.toString(), "--password-file",
            first.toString());
        assertEquals(0, add.status(), add.err());
        final Users users = new Users(spool);
        assertNotNull(users.authenticate("vera", "first-password-1".toCharArray()));

        final Path second = Files.writeString(work.resolve("second"), "second-password-2", StandardCharsets.UTF_8);
        final Corpus.Result passwd = Corpus.run("user", "passwd", "vera", "--spool", spool.toString(),
            "--password-file", second.toString());
        assertEquals(0, passwd.status(), passwd.err());
        assertNull(users.authenticate("vera", "first-password-1".toCharArray()));
        assertNotNull(users.authenticate("vera", "second-password-2".toCharArray()));
    }

    @Test
    void shouldRefuseAPasswordFileThatIsNotARegularFileOrHasNoLineWithOneLine() throws IOException
    {
        final Path spool = Files.createDirectories(work.resolve("spool"));
        final Path endless = Files.writeString(work.resolve("endless"), "x".repeat(5000), StandardCharsets.UTF_8);
        for (final String[] file : new String[][] {{"/dev/zero", "not a regular file"},
            {work.toString(), "not a regular file"}, {endless.toString(), "no line break in the first 1024 bytes"}})
        {
            for (final String command : List.of("add", "passwd"))
            {
                final Corpus.Result run = Corpus.run("user", command, "vera", "--spool", spool.toString(),
                    "--password-file", file[0]);
                assertEquals(Main.EXIT_USAGE, run.status(), command + " " + file[0] + ": " + run.err());
                assertEquals(List.of("sipsensor: --password-file " + file[0] + ": " + file[1] +
                    (file[1].startsWith("no line") ? " (a password file holds the password on its first line)" : "")),
                    run.err().lines().toList(), command + " " + file[0]);
            }
        }
        assertFalse(Files.exists(spool.resolve(Users.FILE_NAME)), "no user written");
    }
}
