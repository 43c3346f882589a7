package io.sipsensor.export;

import io.sipsensor.call.EndReason;
import io.sipsensor.channel.DedupKeys;
import io.sipsensor.journal.CdrLeg;

import java.util.List;

/**
 * The CDR CSV format (DESIGN.md): a header row, then one leg per row; RFC 4180 quoting; times in ISO-8601 UTC with
 * microseconds, empty when absent; final_code empty when the leg had no final response.
 */
public final class CdrCsv
{
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
        "id_sensor", "call_id", "caller", "called", "ruri_user", "caller_ip", "caller_port", "called_ip",
        "called_port", "start", "connect", "end", "final_code", "end_reason", "bye_by", "reinvites", "dedup_key");

    private CdrCsv()
    {
    }

    /**
     * @return the header row without line end.
     */
    public static String header()
    {
        return String.join(",", COLUMNS);
    }

    /**
     * @param leg a leg.
     * @return its row without line end.
     */
    public static String row(final CdrLeg leg)
    {
        final StringBuilder row = new StringBuilder(256);
        row.append(leg.idSensor()).append(',');
        field(row, neutralise(leg.callId())).append(',');
        field(row, neutralise(leg.caller())).append(',');
        field(row, neutralise(leg.called())).append(',');
        field(row, neutralise(leg.ruriUser())).append(',');
        field(row, leg.callerIp()).append(',');
        row.append(leg.callerPort()).append(',');
        field(row, leg.calledIp()).append(',');
        row.append(leg.calledPort()).append(',');
        row.append(TimeFormat.iso(leg.startNs())).append(',');
        row.append(TimeFormat.iso(leg.connectNs())).append(',');
        row.append(TimeFormat.iso(leg.endNs())).append(',');
        if (leg.finalCode() != 0)
        {
            row.append(leg.finalCode());
        }
        row.append(',');
        row.append(EndReason.name(leg.endReason())).append(',');
        row.append(leg.byeByName()).append(',');
        row.append(leg.reinvites()).append(',');
        field(row, neutralise(DedupKeys.text(leg.caller(), leg.called())));
        return row.toString();
    }

    /**
     * Keeps a spreadsheet from reading a value from the wire as a formula (OWASP CSV injection): a value starting
     * with {@code = + - @}, TAB or CR, or with the quote itself, gets a leading {@code '} (a plain signed number such
     * as {@code +421605123456} is no formula and stays as it is). {@link #restore} undoes it, so {@code cdr import}
     * of an export gives back the exact values.
     *
     * @param value a text value (caller, called, Call-ID, Request-URI user).
     * @return the value as written to the CSV.
     */
    public static String neutralise(final String value)
    {
        if (value.isEmpty())
        {
            return value;
        }
        final char first = value.charAt(0);
        if ((first == '+' || first == '-') && plainNumber(value))
        {
            return value; // +421605123456 is a number, never a formula: the contract's caller stays as it is
        }
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ||
            first == '\'' ? "'" + value : value;
    }

    private static boolean plainNumber(final String value)
    {
        if (value.length() < 2)
        {
            return false;
        }
        for (int i = 1; i < value.length(); i++)
        {
            if (value.charAt(i) < '0' || value.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param cell a text cell of an export.
     * @return the value {@link #neutralise} was given.
     */
    public static String restore(final String cell)
    {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /**
     * Appends a field, quoted when it holds a comma, quote, CR or LF (quotes doubled).
     *
     * @param row   the row being built.
     * @param value the field.
     * @return the row.
     */
    static StringBuilder field(final StringBuilder row, final String value)
    {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++)
        {
            final char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote)
        {
            return row.append(value);
        }
        row.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"')
            {
                row.append('"');
            }
            row.append(c);
        }
        return row.append('"');
    }
}
