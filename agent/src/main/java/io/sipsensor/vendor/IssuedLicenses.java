package io.sipsensor.vendor;

import io.sipsensor.license.License;
import io.sipsensor.license.LicenseFormatException;
import io.sipsensor.license.SignedDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The licenses the vendor issued, as the portal knows them: every {@code *.json} license file in one folder (the
 * files {@code sipsensor-vendor issue --out} wrote), read again at each request so a newly issued license needs no
 * restart. Where two files carry one license id, the later issue (then the more channels) counts.
 */
final class IssuedLicenses
{
    /** A license and the signature bytes of its file (the key of its holder's requests). */
    record Issued(License license, byte[] signature, Path file)
    {
    }

    private static final long MAX_FILE_BYTES = 1 << 20;

    private final Path folder;
    private final PrintStream log;

    IssuedLicenses(final Path folder, final PrintStream log)
    {
        this.folder = folder;
        this.log = log;
    }

    /** @return license id to license; files that are not licenses are skipped with a line. */
    Map<String, Issued> read() throws IOException
    {
        final Map<String, Issued> byId = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json"))
        {
            for (final Path file : files)
            {
                final Issued issued = readOrNull(file);
                if (issued == null)
                {
                    continue;
                }
                byId.merge(issued.license().id(), issued, IssuedLicenses::later);
            }
        }
        return byId;
    }

    private static Issued later(final Issued a, final Issued b)
    {
        final int byDate = a.license().issued().compareTo(b.license().issued());
        if (byDate != 0)
        {
            return byDate > 0 ? a : b;
        }
        return a.license().channels() >= b.license().channels() ? a : b;
    }

    private Issued readOrNull(final Path file)
    {
        try
        {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES)
            {
                return null;
            }
            final SignedDocument document = SignedDocument.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!License.TYPE.equals(document.payload().get("type")))
            {
                return null;
            }
            return new Issued(License.fromPayload(document.payload()), document.signature(), file);
        }
        catch (final IOException | LicenseFormatException ex)
        {
            log.println("sipsensor-vendor: portal: skipped " + file + ": " + ex.getMessage());
            return null;
        }
    }
}
