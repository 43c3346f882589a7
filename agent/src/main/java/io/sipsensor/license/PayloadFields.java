package io.sipsensor.license;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Typed access to the fields of a signed payload, each failure a {@link LicenseFormatException} naming the field.
 */
final class PayloadFields
{
    private final Map<String, Object> payload;

    PayloadFields(final Map<String, Object> payload)
    {
        this.payload = payload;
    }

    String text(final String name)
    {
        if (!(payload.get(name) instanceof String value) || value.isBlank())
        {
            throw new LicenseFormatException("field '" + name + "' is missing or not a non-empty string");
        }
        return value;
    }

    long count(final String name)
    {
        if (!(payload.get(name) instanceof BigDecimal value) || value.signum() < 0 || value.scale() > 0 ||
            value.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0)
        {
            throw new LicenseFormatException("field '" + name + "' is missing or not a whole number from 0 to " +
                "1000000000");
        }
        return value.longValueExact();
    }

    boolean flag(final String name)
    {
        final Object value = payload.get(name);
        if (value == null)
        {
            return false;
        }
        if (!(value instanceof Boolean flag))
        {
            throw new LicenseFormatException("field '" + name + "' is not true or false");
        }
        return flag;
    }

    LocalDate date(final String name)
    {
        try
        {
            return LocalDate.parse(text(name));
        }
        catch (final DateTimeParseException ex)
        {
            throw new LicenseFormatException("field '" + name + "' is not a date like 2030-01-31");
        }
    }

    Instant instant(final String name)
    {
        try
        {
            return Instant.parse(text(name));
        }
        catch (final DateTimeParseException ex)
        {
            throw new LicenseFormatException("field '" + name + "' is not a UTC time like 2030-01-31T00:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(final String name, final boolean required)
    {
        final Object value = payload.get(name);
        if (value == null && !required)
        {
            return null;
        }
        if (!(value instanceof Map<?, ?> map))
        {
            throw new LicenseFormatException("field '" + name + "' is missing or not an object");
        }
        return (Map<String, Object>)map;
    }

    void expectType(final String type)
    {
        final Object actual = payload.get("type");
        if (!type.equals(actual))
        {
            throw new LicenseFormatException("the file is a '" + actual + "', not a '" + type + "'");
        }
        if (!(payload.get("format") instanceof BigDecimal format) || format.compareTo(BigDecimal.ONE) != 0)
        {
            throw new LicenseFormatException("unsupported format " + payload.get("format") + " (this sensor reads 1)");
        }
    }
}
