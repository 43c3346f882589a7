package io.sipsensor.license;

import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;

/**
 * A vendor-signed clock reset (type {@code clock_reset}): the way out of a CLOCK_INVALID that a clock once ahead
 * left behind. Installed like a temporary increase, it forgives every clock reading the spool holds at its install
 * (evaluations, call data), so only readings after it count; a reading ahead again raises CLOCK_INVALID again.
 * Bound to one host's hardware id and one license, usable once (by id) and only until {@code validUntil}.
 *
 * @param id         token id.
 * @param licenseId  the license in force it is issued for.
 * @param hwid       the host's hardware id.
 * @param issuedAt   when the vendor signed it.
 * @param validUntil it must be installed before this instant.
 */
public record ClockReset(String id, String licenseId, String hwid, Instant issuedAt, Instant validUntil)
{
    /** Payload type of a clock reset. */
    public static final String TYPE = "clock_reset";

    /**
     * @param payload a verified payload.
     * @return the token.
     * @throws LicenseFormatException naming the bad field.
     */
    public static ClockReset fromPayload(final Map<String, Object> payload)
    {
        final PayloadFields fields = new PayloadFields(payload);
        fields.expectType(TYPE);
        final ClockReset reset = new ClockReset(fields.text("id"), fields.text("license_id"), fields.text("hwid"),
            fields.instant("issued_at"), fields.instant("valid_until"));
        if (!reset.validUntil().isAfter(reset.issuedAt()))
        {
            throw new LicenseFormatException("field 'valid_until' is not after 'issued_at'");
        }
        return reset;
    }

    /**
     * @return the signed fields.
     */
    public Map<String, Object> toPayload()
    {
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", TYPE);
        payload.put("format", 1L);
        payload.put("id", id);
        payload.put("license_id", licenseId);
        payload.put("hwid", hwid);
        payload.put("issued_at", issuedAt.toString());
        payload.put("valid_until", validUntil.toString());
        return payload;
    }

    /**
     * @param identity this host.
     * @return why it does not bind to this host, or null when it does.
     */
    public String mismatch(final Identity identity)
    {
        return hwid.equalsIgnoreCase(identity.hwid()) ? null :
            "clock reset is for another hwid: its hwid " + hwid + ", this host's hwid " + identity.hwid();
    }
}
