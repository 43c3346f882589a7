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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * API tokens for scripts, in {@code <spool>/api-tokens.json} (mode 0600): a name, a role and the SHA-256 of the
 * token, never the token itself, which is shown once when created. A token is {@code sst_} and 256 random bits
 * (URL-safe Base64), so a fast hash is enough: there is nothing to guess. A request sends it as
 * {@code Authorization: Bearer sst_...} to {@code /api/...}; no cookie and no CSRF token are involved. Changes take
 * a file lock and replace the file atomically; a running server sees them at its next request (a revoked token
 * stops working at once).
 */
public final class ApiTokens
{
    /** The file's name in the spool. */
    public static final String FILE_NAME = "api-tokens.json";
    /** What every token starts with (so a leaked one is recognisable). */
    public static final String PREFIX = "sst_";

    /**
     * One token.
     *
     * @param name    what it is for (a user-style name).
     * @param role    what it may do.
     * @param hash    SHA-256 of the token, URL-safe Base64.
     * @param shown   the token's first characters, to tell tokens apart in a list.
     * @param created when it was created, ISO-8601.
     */
    public record Token(String name, Role role, String hash, String shown, String created)
    {
    }

    private final Path file;
    private final Path lockFile;
    private Map<String, Token> byHash = Map.of();
    private Map<String, Token> byName = Map.of();
    private FileTime cachedTime;
    private long cachedSize = -1;

    /**
     * @param spoolRoot the spool folder.
     */
    public ApiTokens(final Path spoolRoot)
    {
        this.file = spoolRoot.resolve(FILE_NAME);
        this.lockFile = spoolRoot.resolve(".api-tokens.lock");
    }

    /**
     * @param presented the bearer token a request sent.
     * @return its entry, or null when it is unknown or revoked. Any thread.
     */
    public Token find(final String presented)
    {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 128)
        {
            return null;
        }
        refresh();
        synchronized (this)
        {
            return byHash.get(hash(presented));
        }
    }

    /** @return the tokens by name, as the file holds them now. */
    public synchronized Map<String, Token> current()
    {
        refresh();
        return byName;
    }

    /**
     * Creates a token.
     *
     * @param name what it is for.
     * @param role what it may do.
     * @return the token, to be shown once.
     * @throws ConfigException if the name is invalid or taken.
     */
    public String create(final String name, final Role role) throws IOException
    {
        if (name == null || !Users.NAME.matcher(name).matches())
        {
            throw new ConfigException("token name '" + name + "' is not valid: 1-64 letters, digits, '.', '_', " +
                "'@' or '-', starting with a letter or digit");
        }
        final String token = PREFIX + Sessions.token();
        change(tokens ->
        {
            if (tokens.containsKey(name))
            {
                throw new ConfigException("token '" + name + "' exists already (revoke it first)");
            }
            tokens.put(name, new Token(name, role, hash(token), token.substring(0, PREFIX.length() + 4),
                Instant.now().toString()));
        });
        return token;
    }

    /**
     * Revokes a token.
     *
     * @throws ConfigException if there is no such token.
     */
    public void revoke(final String name) throws IOException
    {
        change(tokens ->
        {
            if (tokens.remove(name) == null)
            {
                throw new ConfigException("no token '" + name + "'");
            }
        });
    }

    static String hash(final String token)
    {
        try
        {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK has no SHA-256", ex);
        }
    }

    private synchronized void refresh()
    {
        try
        {
            final FileTime time = Files.getLastModifiedTime(file);
            final long size = Files.size(file);
            if (!time.equals(cachedTime) || size != cachedSize)
            {
                install(read());
                cachedTime = time;
                cachedSize = size;
            }
        }
        catch (final NoSuchFileException ex)
        {
            install(Map.of());
            cachedTime = null;
            cachedSize = -1;
        }
        catch (final IOException | ConfigException ex)
        {
            // keep the last good list; the next request tries again
        }
    }

    private void install(final Map<String, Token> tokens)
    {
        final Map<String, Token> hashes = new HashMap<>();
        tokens.values().forEach(token -> hashes.put(token.hash(), token));
        byName = Collections.unmodifiableMap(new TreeMap<>(tokens));
        byHash = Map.copyOf(hashes);
    }

    private interface Change
    {
        void apply(Map<String, Token> tokens);
    }

    private synchronized void change(final Change change) throws IOException
    {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock())
        {
            final Map<String, Token> tokens = new TreeMap<>(Files.exists(file) ? read() : Map.of());
            change.apply(tokens);
            write(tokens);
        }
        cachedTime = null;
    }

    private Map<String, Token> read() throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Map<String, Token> tokens = new TreeMap<>();
        try
        {
            if (!(JsonReader.parse(text) instanceof Map<?, ?> root) || !(root.get("tokens") instanceof List<?> list))
            {
                throw new ConfigException(file + ": not an API tokens file (no \"tokens\" list)");
            }
            for (final Object item : list)
            {
                if (!(item instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name) ||
                    !(entry.get("sha256") instanceof String hash) || !(entry.get("role") instanceof String roleText) ||
                    Role.parse(roleText) == null)
                {
                    throw new ConfigException(file + ": a token entry lacks name, role (admin or viewer) or sha256");
                }
                tokens.put(name, new Token(name, Role.parse(roleText), hash,
                    entry.get("shown") instanceof String shown ? shown : "",
                    entry.get("created") instanceof String created ? created : ""));
            }
        }
        catch (final JsonException ex)
        {
            throw new ConfigException(file + ": not valid JSON: " + ex.getMessage());
        }
        return tokens;
    }

    private void write(final Map<String, Token> tokens) throws IOException
    {
        final StringBuilder text = new StringBuilder(256 + tokens.size() * 200);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("version").value(1);
        json.name("tokens").beginArray();
        for (final Token token : tokens.values())
        {
            json.beginObject();
            json.name("name").value(token.name());
            json.name("role").value(token.role().text());
            json.name("sha256").value(token.hash());
            json.name("shown").value(token.shown());
            json.name("created").value(token.created());
            json.endObject();
        }
        json.endArray();
        json.endObject();
        text.append('\n');
        AtomicFiles.writePrivate(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
