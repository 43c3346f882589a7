package io.sipsensor.license;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a license is bound to: this host's hardware id, or the configured GUI domain.
 *
 * @param kind  "hwid" or "domain".
 * @param value the hardware id (hex) or the domain, lower case.
 */
public record Binding(String kind, String value)
{
    /** Binding to a hardware id. */
    public static final String HWID = "hwid";
    /** Binding to a GUI domain. */
    public static final String DOMAIN = "domain";

    /**
     * @param kind  "hwid" or "domain".
     * @param value the value.
     */
    public Binding
    {
        if (!HWID.equals(kind) && !DOMAIN.equals(kind))
        {
            throw new LicenseFormatException("binding must be {\"hwid\": ...} or {\"domain\": ...}");
        }
        value = normalise(value);
    }

    static Binding fromPayload(final Map<String, Object> binding)
    {
        if (binding.size() != 1)
        {
            throw new LicenseFormatException("binding must hold exactly one of hwid and domain");
        }
        final Map.Entry<String, Object> entry = binding.entrySet().iterator().next();
        if (!(entry.getValue() instanceof String value) || value.isBlank())
        {
            throw new LicenseFormatException("binding " + entry.getKey() + " must be a non-empty string");
        }
        return new Binding(entry.getKey(), value);
    }

    Map<String, Object> toPayload()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put(kind, value);
        return map;
    }

    /**
     * @param identity this host.
     * @return null when the binding holds, else one line naming both values.
     */
    public String mismatch(final Identity identity)
    {
        if (HWID.equals(kind))
        {
            return value.equals(normalise(identity.hwid())) ? null :
                "license is for another hwid: license hwid " + value + ", this host's hwid " + identity.hwid();
        }
        if (identity.domain().isEmpty())
        {
            return "license is for domain " + value + " but gui_domain is not set";
        }
        return value.equals(normalise(identity.domain())) ? null :
            "license is for another domain: license domain " + value + ", gui_domain " + identity.domain();
    }

    @Override
    public String toString()
    {
        return kind + " " + value;
    }

    private static String normalise(final String text)
    {
        String value = text.strip().toLowerCase(Locale.ROOT);
        while (value.endsWith("."))
        {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }
}
