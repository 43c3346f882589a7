package io.sipsensor.license;

import java.security.PublicKey;

/**
 * Reads and checks one license file or token: JSON, signature with the configured vendor key, fields, and for a
 * license its binding to this host. Used by {@code license install} (which refuses any problem) and by every
 * evaluation (which turns a problem into KEY_INVALID or BINDING_MISMATCH).
 */
public final class LicenseVerifier
{
    /**
     * What a file turned out to be.
     *
     * @param license    the license, or null.
     * @param increase   the token, or null.
     * @param clockReset the clock reset, or null.
     * @param problem    null, KEY_INVALID or BINDING_MISMATCH.
     * @param cause      the problem in one line, or null.
     */
    public record Verdict(
        License license, TemporaryIncrease increase, ClockReset clockReset, EventType problem, String cause)
    {
        /**
         * A verdict on a license or temporary increase.
         *
         * @param license  the license, or null.
         * @param increase the token, or null.
         * @param problem  null, KEY_INVALID or BINDING_MISMATCH.
         * @param cause    the problem in one line, or null.
         */
        public Verdict(final License license, final TemporaryIncrease increase, final EventType problem,
            final String cause)
        {
            this(license, increase, null, problem, cause);
        }

        /** @return the kind of a readable file, or null when it cannot be read. */
        public InstalledEntry.Kind kind()
        {
            return license != null ? InstalledEntry.Kind.LICENSE :
                increase != null ? InstalledEntry.Kind.INCREASE :
                clockReset != null ? InstalledEntry.Kind.CLOCK_RESET : null;
        }

        /** @return the id of a readable file, or null. */
        public String id()
        {
            return license != null ? license.id() : increase != null ? increase.id() :
                clockReset != null ? clockReset.id() : null;
        }
    }

    private LicenseVerifier()
    {
    }

    /**
     * @param text     the file's text.
     * @param key      the vendor public key, or null when none is configured.
     * @param identity this host.
     * @return the verdict; never throws for bad content.
     */
    public static Verdict verify(final String text, final PublicKey key, final Identity identity)
    {
        if (key == null)
        {
            return invalid("no license_public_key is configured, so it cannot be verified");
        }
        final SignedDocument document;
        try
        {
            document = SignedDocument.parse(text);
        }
        catch (final LicenseFormatException ex)
        {
            return invalid("cannot be read: " + ex.getMessage());
        }
        if (!document.verifies(key))
        {
            return invalid("its signature does not verify with the configured license_public_key (the file was " +
                "altered, or signed with another key)");
        }
        try
        {
            final Object type = document.payload().get("type");
            if (License.TYPE.equals(type))
            {
                final License license = License.fromPayload(document.payload());
                final String mismatch = license.binding().mismatch(identity);
                return new Verdict(license, null, mismatch == null ? null : EventType.BINDING_MISMATCH, mismatch);
            }
            if (TemporaryIncrease.TYPE.equals(type))
            {
                return new Verdict(null, TemporaryIncrease.fromPayload(document.payload()), null, null);
            }
            if (ClockReset.TYPE.equals(type))
            {
                final ClockReset reset = ClockReset.fromPayload(document.payload());
                final String mismatch = reset.mismatch(identity);
                return new Verdict(null, null, reset, mismatch == null ? null : EventType.BINDING_MISMATCH, mismatch);
            }
            return invalid("it is neither a license, a temporary increase nor a clock reset (type " + type + ")");
        }
        catch (final LicenseFormatException ex)
        {
            return invalid("signed but unusable: " + ex.getMessage());
        }
    }

    private static Verdict invalid(final String cause)
    {
        return new Verdict(null, null, EventType.KEY_INVALID, cause);
    }
}
