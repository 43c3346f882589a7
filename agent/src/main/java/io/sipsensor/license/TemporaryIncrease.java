package io.sipsensor.license;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channels added to a license for a while: a signed token from the vendor (type {@code temporary_increase}), or the
 * optional {@code temporary_increase} member of a license. Its validity is an interval of instants, from its start
 * to its end but never longer than {@code license_temp_increase_days}; while it is valid it counts for every day of
 * the check window (see {@link OverAllocation#judge}).
 *
 * @param id        token id (for one carried by a license: the license id).
 * @param licenseId the license it adds to.
 * @param channels  channels added.
 * @param from      start of validity.
 * @param until     end of validity (exclusive), as signed.
 */
public record TemporaryIncrease(String id, String licenseId, long channels, Instant from, Instant until)
{
    /** Payload type of a token. */
    public static final String TYPE = "temporary_increase";

    /**
     * @param payload a verified token payload.
     * @return the increase.
     * @throws LicenseFormatException naming the bad field.
     */
    public static TemporaryIncrease fromPayload(final Map<String, Object> payload)
    {
        final PayloadFields fields = new PayloadFields(payload);
        fields.expectType(TYPE);
        final TemporaryIncrease increase = new TemporaryIncrease(fields.text("id"), fields.text("license_id"),
            fields.count("channels"), fields.instant("from"), fields.instant("until"));
        if (!increase.until().isAfter(increase.from()))
        {
            throw new LicenseFormatException("field 'until' is not after 'from'");
        }
        return increase;
    }

    /**
     * @return the signed fields of a token.
     */
    public Map<String, Object> toPayload()
    {
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", TYPE);
        payload.put("format", 1L);
        payload.put("id", id);
        payload.put("license_id", licenseId);
        payload.put("channels", channels);
        payload.put("from", from.toString());
        payload.put("until", until.toString());
        return payload;
    }

    /**
     * @param maxDays {@code license_temp_increase_days}.
     * @return the end of validity, capped at that many days from the start.
     */
    public Instant effectiveUntil(final int maxDays)
    {
        final Instant cap = from.plus(Duration.ofDays(maxDays));
        return until.isBefore(cap) ? until : cap;
    }

    /**
     * @param instant an instant.
     * @param maxDays {@code license_temp_increase_days}.
     * @return true if valid at that instant.
     */
    public boolean activeAt(final Instant instant, final int maxDays)
    {
        return !instant.isBefore(from) && instant.isBefore(effectiveUntil(maxDays));
    }
}
