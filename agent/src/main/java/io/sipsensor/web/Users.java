package io.sipsensor.web;

import io.sipsensor.config.ConfigException;
import io.sipsensor.json.JsonException;
import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;
import io.sipsensor.spool.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The web interface's users, in {@code <spool>/users.json} (mode 0600): name, role and a salted PBKDF2 hash
 * ({@link PasswordHash}) each. Changes (the {@code sipsensor user} commands, the admin API) take a file lock, read,
 * change and replace the file atomically; a running web server sees them at its next request, since
 * {@link #current()} re-reads the file when it changed.
 */
public final class Users
{
    /** The file's name in the spool. */
    public static final String FILE_NAME = "users.json";
    /** What a user name may hold: it is also written into logs and pages. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 10;

    /**
     * One user.
     *
     * @param name    log-in name.
     * @param role    what the user may do.
     * @param hash    salted password hash in {@link PasswordHash}'s stored form.
     * @param created when the user was added, ISO-8601.
     */
    public record User(String name, Role role, String hash, String created)
    {
    }

    private final Path file;
    private final Path lockFile;
    private Map<String, User> cached = Map.of();
    private FileTime cachedTime;
    private long cachedSize = -1;

    /**
     * @param spoolRoot the spool folder.
     */
    public Users(final Path spoolRoot)
    {
        this.file = spoolRoot.resolve(FILE_NAME);
        this.lockFile = spoolRoot.resolve(".users.lock");
    }

    /** @return the users file. */
    public Path file()
    {
        return file;
    }

    /**
     * The users as the file holds them now, re-read only when the file changed. Any thread.
     *
     * @return users by name (empty when there is no file).
     */
    public synchronized Map<String, User> current()
    {
        try
        {
            final FileTime time = Files.getLastModifiedTime(file);
            final long size = Files.size(file);
            if (!time.equals(cachedTime) || size != cachedSize)
            {
                cached = read();
                cachedTime = time;
                cachedSize = size;
            }
        }
        catch (final NoSuchFileException ex)
        {
            cached = Map.of();
            cachedTime = null;
            cachedSize = -1;
        }
        catch (final IOException | ConfigException ex)
        {
            // keep the last good list; the next request tries again
        }
        return cached;
    }

    /**
     * @param name     log-in name.
     * @param password the password given.
     * @return the user when name and password match, else null (the same work is done for an unknown name).
     */
    public User authenticate(final String name, final char[] password)
    {
        final User user = name != null ? current().get(name) : null;
        if (user == null)
        {
            PasswordHash.verify(password, DummyHash.VALUE); // same cost as for a real user: names are not revealed
            return null;
        }
        return PasswordHash.verify(password, user.hash()) ? user : null;
    }

    /** Made on the first log-in with an unknown name, not at start: a hash costs 210,000 iterations. */
    private static final class DummyHash
    {
        static final String VALUE = PasswordHash.hash("not a password".toCharArray());
    }

    /**
     * Adds a user.
     *
     * @throws ConfigException with one line if the name is taken or invalid, or the password too short.
     */
    public void add(final String name, final Role role, final char[] password) throws IOException
    {
        checkName(name);
        checkPassword(password);
        final String hash = PasswordHash.hash(password);
        change(users ->
        {
            if (users.containsKey(name))
            {
                throw new ConfigException("user '" + name + "' exists already (change the password with " +
                    "'sipsensor user passwd " + name + "')");
            }
            users.put(name, new User(name, role, hash, Instant.now().toString()));
        });
    }

    /**
     * Removes a user.
     *
     * @throws ConfigException if there is no such user.
     */
    public void remove(final String name) throws IOException
    {
        change(users ->
        {
            if (users.remove(name) == null)
            {
                throw new ConfigException("no user '" + name + "'");
            }
        });
    }

    /**
     * Sets a user's password.
     *
     * @throws ConfigException if there is no such user or the password is too short.
     */
    public void passwd(final String name, final char[] password) throws IOException
    {
        checkPassword(password);
        final String hash = PasswordHash.hash(password);
        change(users ->
        {
            final User user = users.get(name);
            if (user == null)
            {
                throw new ConfigException("no user '" + name + "'");
            }
            users.put(name, new User(name, user.role(), hash, user.created()));
        });
    }

    private static void checkName(final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new ConfigException("user name '" + name + "' is not valid: 1-64 letters, digits, '.', '_', " +
                "'@' or '-', starting with a letter or digit");
        }
    }

    private static void checkPassword(final char[] password)
    {
        if (password == null || password.length < MIN_PASSWORD_LENGTH)
        {
            throw new ConfigException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private interface Change
    {
        void apply(Map<String, User> users);
    }

    private synchronized void change(final Change change) throws IOException
    {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock())
        {
            final Map<String, User> users = new TreeMap<>(Files.exists(file) ? read() : Map.of());
            change.apply(users);
            write(users);
        }
    }

    private Map<String, User> read() throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Map<String, User> users = new TreeMap<>();
        try
        {
            if (!(JsonReader.parse(text) instanceof Map<?, ?> root) || !(root.get("users") instanceof List<?> list))
            {
                throw new ConfigException(file + ": not a users file (no \"users\" list)");
            }
            for (final Object item : list)
            {
                if (!(item instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name) ||
                    !(entry.get("hash") instanceof String hash) || !(entry.get("role") instanceof String roleText) ||
                    Role.parse(roleText) == null)
                {
                    throw new ConfigException(file + ": a user entry lacks name, role (admin or viewer) or hash");
                }
                final Object created = entry.get("created");
                users.put(name, new User(name, Role.parse(roleText), hash, created instanceof String c ? c : ""));
            }
        }
        catch (final JsonException ex)
        {
            throw new ConfigException(file + ": not valid JSON: " + ex.getMessage());
        }
        return Collections.unmodifiableMap(users);
    }

    private void write(final Map<String, User> users) throws IOException
    {
        final StringBuilder text = new StringBuilder(256 + users.size() * 200);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("version").value(1);
        json.name("users").beginArray();
        for (final User user : users.values())
        {
            json.beginObject();
            json.name("name").value(user.name());
            json.name("role").value(user.role().text());
            json.name("hash").value(user.hash());
            json.name("created").value(user.created());
            json.endObject();
        }
        json.endArray();
        json.endObject();
        text.append('\n');
        AtomicFiles.writePrivate(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
