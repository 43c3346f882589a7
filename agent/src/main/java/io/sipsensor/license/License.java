package io.sipsensor.license;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A license's signed fields (type {@code license}, format 1). Dates are UTC calendar days: the license is usable
 * from 00:00 UTC of {@code issued}; {@code ends} is its last day (formal end at 00:00 UTC the day after).
 *
 * @param id          license id.
 * @param customer    customer name.
 * @param channels    licensed concurrent license channels.
 * @param issued      issue date.
 * @param ends        formal end date (last day).
 * @param autoRenewal keeps working for the renewal grace past the formal end while the renewed file is awaited.
 * @param trial       a trial: ends at the earlier of the formal end and {@code license_trial_days} after issue.
 * @param binding     hardware id or domain.
 * @param increase    temporary increase carried by the license, or null.
 */
public record License(
    String id, String customer, long channels, LocalDate issued, LocalDate ends, boolean autoRenewal, boolean trial,
    Binding binding, TemporaryIncrease increase)
{
    /** Payload type of a license. */
    public static final String TYPE = "license";

    /**
     * @param payload a verified license payload.
     * @return the license.
     * @throws LicenseFormatException naming the bad field.
     */
    public static License fromPayload(final Map<String, Object> payload)
    {
        final PayloadFields fields = new PayloadFields(payload);
        fields.expectType(TYPE);
        final String id = fields.text("id");
        final LocalDate issued = fields.date("issued");
        final LocalDate ends = fields.date("ends");
        if (ends.isBefore(issued))
        {
            throw new LicenseFormatException("field 'ends' is before 'issued'");
        }
        final Map<String, Object> increaseFields = fields.object("temporary_increase", false);
        TemporaryIncrease increase = null;
        if (increaseFields != null)
        {
            final PayloadFields inner = new PayloadFields(increaseFields);
            increase = new TemporaryIncrease(id, id, inner.count("channels"),
                issued.atStartOfDay(ZoneOffset.UTC).toInstant(), inner.instant("until"));
        }
        return new License(id, fields.text("customer"), fields.count("channels"), issued, ends,
            fields.flag("auto_renewal"), fields.flag("trial"), Binding.fromPayload(fields.object("binding", true)),
            increase);
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
        payload.put("customer", customer);
        payload.put("channels", channels);
        payload.put("issued", issued.toString());
        payload.put("ends", ends.toString());
        payload.put("auto_renewal", autoRenewal);
        payload.put("trial", trial);
        payload.put("binding", binding.toPayload());
        if (increase != null)
        {
            final Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("channels", increase.channels());
            inner.put("until", increase.until().toString());
            payload.put("temporary_increase", inner);
        }
        return payload;
    }

    /** @return 00:00 UTC of the issue date. */
    public Instant validFrom()
    {
        return issued.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** @return the formal end: 00:00 UTC of the day after {@code ends}. */
    public Instant formalEnd()
    {
        return ends.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * @param trialDays {@code license_trial_days}.
     * @return when a trial stops: the earlier of the formal end and issue + trialDays.
     */
    public Instant trialEnd(final int trialDays)
    {
        final Instant byDays = validFrom().plus(Duration.ofDays(trialDays));
        return byDays.isBefore(formalEnd()) ? byDays : formalEnd();
    }
}
