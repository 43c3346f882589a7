package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.web.PasswordHash;
import io.sipsensor.web.Role;
import io.sipsensor.web.Users;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor user ...}: the web interface's users in {@code <spool>/users.json}.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage the web interface's users (<spool>/users.json, salted PBKDF2 hashes; roles admin and " +
        "viewer). A running web interface sees changes at its next request.",
    subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class, UserCommand.List.class})
final class UserCommand
{
    @ParentCommand
    SipsensorCommand parent;

    static Users users(final SensorContext context)
    {
        if (!Files.isDirectory(context.spoolDirectory()))
        {
            throw new ConfigException("no spool at " + context.spoolDirectory() + " (give --spool DIR)");
        }
        return new Users(context.spoolDirectory());
    }

    /** Where the password comes from: the terminal (asked twice), a file's first line, or stdin's first line. */
    static final class PasswordSource
    {
        @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE.")
        Path file;

        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
        boolean stdin;

        /** Longest first line read from a file or stdin, in bytes (a password is far shorter). */
        static final int MAX_LINE_BYTES = 1024;

        /**
         * Reads the password, hands it to {@code use}, and clears it whatever happens.
         *
         * @param source where it comes from; null: ask on the terminal.
         * @param use    what is done with it.
         * @throws ConfigException with one line when there is no password to read.
         */
        static void use(final PasswordSource source, final PasswordUse use) throws IOException
        {
            final char[] secret = read(source);
            try
            {
                use.accept(secret);
            }
            finally
            {
                PasswordHash.clear(secret);
            }
        }

        private static char[] read(final PasswordSource source) throws IOException
        {
            if (source != null && source.file != null)
            {
                if (!Files.isRegularFile(source.file))
                {
                    throw new ConfigException("--password-file " + source.file + ": not a regular file");
                }
                try (InputStream in = Files.newInputStream(source.file))
                {
                    return firstLine(in, "--password-file " + source.file);
                }
            }
            if (source != null && source.stdin)
            {
                return firstLine(System.in, "--password-stdin");
            }
            final Console console = System.console();
            if (console == null)
            {
                throw new ConfigException("no terminal to ask the password on: give --password-file FILE or " +
                    "--password-stdin");
            }
            final char[] first = console.readPassword("Password: ");
            final char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !java.util.Arrays.equals(first, second))
            {
                PasswordHash.clear(first);
                PasswordHash.clear(second);
                throw new ConfigException("the two passwords differ");
            }
            PasswordHash.clear(second);
            return first;
        }

        /**
         * @return the first line (without its CR LF or LF), read byte by byte so nothing after it is consumed and
         * at most {@link #MAX_LINE_BYTES} are read; empty when there is none.
         */
        private static char[] firstLine(final InputStream in, final String what) throws IOException
        {
            final byte[] line = new byte[MAX_LINE_BYTES];
            int length = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n')
            {
                if (length == line.length)
                {
                    java.util.Arrays.fill(line, (byte)0);
                    throw new ConfigException(what + ": no line break in the first " + MAX_LINE_BYTES +
                        " bytes (a password file holds the password on its first line)");
                }
                line[length++] = (byte)b;
            }
            if (length > 0 && line[length - 1] == '\r')
            {
                length--;
            }
            final CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(line, 0, length));
            final char[] password = new char[chars.remaining()];
            chars.get(password);
            java.util.Arrays.fill(line, (byte)0);
            java.util.Arrays.fill(chars.array(), '\0');
            return password;
        }
    }

    /** Something done with a password, which is cleared afterwards. */
    @FunctionalInterface
    interface PasswordUse
    {
        void accept(char[] password) throws IOException;
    }

    /** {@code sipsensor user add NAME --role ROLE}. */
    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Add a user (password of at least " + Users.MIN_PASSWORD_LENGTH + " characters).")
    static final class Add implements Callable<Integer>
    {
        @ParentCommand
        UserCommand user;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "Log-in name.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
            description = "admin (users, license) or viewer (default ${DEFAULT-VALUE}).")
        String role;

        @ArgGroup(exclusive = true)
        PasswordSource password;

        @Override
        public Integer call() throws IOException
        {
            final Role parsed = Role.parse(role);
            if (parsed == null)
            {
                throw new ConfigException("--role must be admin or viewer, not '" + role + "'");
            }
            final Users users = users(contextOptions.context(user.parent.err()));
            PasswordSource.use(password, secret -> users.add(name, parsed, secret));
            user.parent.err().println("sipsensor: user '" + name + "' (" + parsed.text() + ") added to " +
                users.file());
            return 0;
        }
    }

    /** {@code sipsensor user remove NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user; their sessions end.")
    static final class Remove implements Callable<Integer>
    {
        @ParentCommand
        UserCommand user;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "Log-in name.")
        String name;

        @Override
        public Integer call() throws IOException
        {
            final Users users = users(contextOptions.context(user.parent.err()));
            users.remove(name);
            user.parent.err().println("sipsensor: user '" + name + "' removed from " + users.file());
            return 0;
        }
    }

    /** {@code sipsensor user passwd NAME}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Set a user's password; their sessions end.")
    static final class Passwd implements Callable<Integer>
    {
        @ParentCommand
        UserCommand user;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "Log-in name.")
        String name;

        @ArgGroup(exclusive = true)
        PasswordSource password;

        @Override
        public Integer call() throws IOException
        {
            final Users users = users(contextOptions.context(user.parent.err()));
            PasswordSource.use(password, secret -> users.passwd(name, secret));
            user.parent.err().println("sipsensor: password of '" + name + "' changed");
            return 0;
        }
    }

    /** {@code sipsensor user list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users and their roles.")
    static final class List implements Callable<Integer>
    {
        @ParentCommand
        UserCommand user;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Override
        public Integer call()
        {
            final Users users = users(contextOptions.context(user.parent.err()));
            for (final Users.User entry : users.current().values())
            {
                user.parent.out().println(entry.name() + "  " + entry.role().text() + "  " + entry.created());
            }
            user.parent.out().flush();
            return 0;
        }
    }
}
