package io.sipsensor.license;

import io.sipsensor.json.JsonException;
import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed license file or temporary-increase token:
 * <pre>
 *   {"payload": {...fields...}, "signature": "base64 of the Ed25519 signature"}
 * </pre>
 * The signature covers the UTF-8 bytes of the payload's {@link CanonicalJson canonical form}, so layout and member
 * order in the file do not matter, and any change to a name or value does. The signature must be canonical base64
 * (padded, unused bits zero). Members besides these two are refused.
 *
 * @param payload   the signed fields.
 * @param signature the signature bytes.
 */
public record SignedDocument(Map<String, Object> payload, byte[] signature)
{
    /**
     * @param text the file's text.
     * @return the document, not yet verified.
     * @throws LicenseFormatException saying why it is not a signed document.
     */
    @SuppressWarnings("unchecked")
    public static SignedDocument parse(final String text)
    {
        final Object root;
        try
        {
            root = JsonReader.parse(text);
        }
        catch (final JsonException ex)
        {
            throw new LicenseFormatException("not JSON: " + ex.getMessage());
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("payload") instanceof Map<?, ?> payload) ||
            !(map.get("signature") instanceof String signature))
        {
            throw new LicenseFormatException("not a signed sipsensor document (expected {\"payload\": {...}, " +
                "\"signature\": \"...\"})");
        }
        if (map.size() != 2)
        {
            throw new LicenseFormatException("unexpected members besides payload and signature");
        }
        final byte[] bytes;
        try
        {
            bytes = Base64.getDecoder().decode(signature);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new LicenseFormatException("the signature is not base64");
        }
        // the decoder ignores the unused bits of the last character: only the one canonical text is accepted, so no
        // changed byte of the file leaves it valid
        if (!Base64.getEncoder().encodeToString(bytes).equals(signature))
        {
            throw new LicenseFormatException("the signature is not canonical base64");
        }
        return new SignedDocument((Map<String, Object>)payload, bytes);
    }

    /**
     * @param payload the fields to sign.
     * @param key     the vendor's private key.
     * @return the document's file text (pretty JSON, members sorted).
     */
    public static String sign(final Map<String, Object> payload, final PrivateKey key)
    {
        final byte[] signature;
        try
        {
            final Signature signer = Signature.getInstance(LicenseKeys.ALGORITHM);
            signer.initSign(key);
            signer.update(CanonicalJson.text(payload).getBytes(StandardCharsets.UTF_8));
            signature = signer.sign();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot sign with this key: " + ex.getMessage(), ex);
        }
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("payload", payload);
        document.put("signature", Base64.getEncoder().encodeToString(signature));
        final StringBuilder text = new StringBuilder(1024);
        CanonicalJson.write(new JsonWriter(text, true), document);
        return text.toString();
    }

    /**
     * @param key the vendor's public key.
     * @return true if the signature verifies over the payload's canonical form.
     */
    public boolean verifies(final PublicKey key)
    {
        try
        {
            final Signature verifier = Signature.getInstance(LicenseKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(CanonicalJson.text(payload).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            return false;
        }
    }
}
