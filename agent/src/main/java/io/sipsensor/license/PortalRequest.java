package io.sipsensor.license;

import io.sipsensor.json.JsonException;
import io.sipsensor.json.JsonReader;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A sensor's request to the vendor's license portal for a temporary increase ({@code POST /v1/temporary-increase}):
 * <pre>
 *   body:   {"domain": "...", "hwid": "...", "license_id": "L-1001", "nonce": "...", "time": "2030-01-02T03:04:05Z"}
 *           (canonical JSON: members sorted, no spaces)
 *   header: X-Sipsensor-Signature: base64(HMAC-SHA256(key, body bytes))
 *   key:    SHA-256("sipsensor license portal v1" 0x00 the license file's Ed25519 signature bytes)
 * </pre>
 * Only whoever holds the license file the vendor issued (the customer) can sign a request for it; the vendor, who
 * keeps every license it issued, derives the same key. The time bounds a replay to the portal's tolerance, and the
 * portal's policy (one increase per license per period) bounds what a replay could get anyway.
 *
 * @param licenseId the license the increase is for.
 * @param hwid      this host's hardware id.
 * @param domain    the configured GUI domain, or "".
 * @param time      when the request was made.
 * @param nonce     random text, so two requests never have the same body.
 */
public record PortalRequest(String licenseId, String hwid, String domain, Instant time, String nonce)
{
    /** The portal's path for a temporary increase. */
    public static final String PATH = "/v1/temporary-increase";
    /** The header carrying the request's MAC. */
    public static final String SIGNATURE_HEADER = "X-Sipsensor-Signature";
    /** Largest request body the portal reads. */
    public static final int MAX_BODY_BYTES = 4096;

    private static final byte[] KEY_LABEL = "sipsensor license portal v1\0".getBytes(StandardCharsets.US_ASCII);

    /** @return the body as sent: canonical JSON. */
    public String body()
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("license_id", licenseId);
        fields.put("hwid", hwid);
        fields.put("domain", domain);
        fields.put("time", time.toString());
        fields.put("nonce", nonce);
        return CanonicalJson.text(fields);
    }

    /**
     * @param body a request body.
     * @return the request.
     * @throws LicenseFormatException naming what is wrong.
     */
    public static PortalRequest parse(final String body)
    {
        final Object root;
        try
        {
            root = JsonReader.parse(body);
        }
        catch (final JsonException ex)
        {
            throw new LicenseFormatException("not JSON: " + ex.getMessage());
        }
        if (!(root instanceof Map<?, ?> map))
        {
            throw new LicenseFormatException("not a JSON object");
        }
        final String licenseId = text(map, "license_id");
        final String hwid = text(map, "hwid");
        final String domain = text(map, "domain");
        final String nonce = text(map, "nonce");
        try
        {
            return new PortalRequest(licenseId, hwid, domain, Instant.parse(text(map, "time")), nonce);
        }
        catch (final DateTimeParseException ex)
        {
            throw new LicenseFormatException("field 'time' is not an instant like 2030-01-02T03:04:05Z");
        }
    }

    private static String text(final Map<?, ?> map, final String name)
    {
        if (!(map.get(name) instanceof String value) || value.length() > 256)
        {
            throw new LicenseFormatException("field '" + name + "' is missing or not text of at most 256 characters");
        }
        return value;
    }

    /**
     * @param licenseSignature the Ed25519 signature bytes of the license file.
     * @return the MAC key of requests for that license.
     */
    public static byte[] key(final byte[] licenseSignature)
    {
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(KEY_LABEL);
            return sha.digest(licenseSignature);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK has no SHA-256", ex);
        }
    }

    /**
     * @param key  {@link #key} of the license.
     * @param body the body as sent.
     * @return the header value.
     */
    public static String mac(final byte[] key, final String body)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK has no HmacSHA256", ex);
        }
    }

    /**
     * @param key   {@link #key} of the license.
     * @param body  the body as received.
     * @param given the header as received, may be null.
     * @return true if the header is the body's MAC (compared in constant time).
     */
    public static boolean macMatches(final byte[] key, final String body, final String given)
    {
        return given != null && MessageDigest.isEqual(mac(key, body).getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.UTF_8));
    }
}
