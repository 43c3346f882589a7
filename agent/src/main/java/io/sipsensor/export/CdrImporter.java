package io.sipsensor.export;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends CDR legs given in the export CSV format ({@link CdrCsv}) to a journal: the header row names the columns
 * (any order; {@code call_id}, {@code caller}, {@code called}, {@code start} and {@code end} are required, the
 * others default to empty or 0 and {@code dedup_key} is recomputed). The whole file is checked first and nothing is
 * appended unless every row reads, so a bad file leaves the journal as it was. Errors name the line.
 */
public final class CdrImporter
{
    private static final List<String> REQUIRED = List.of("call_id", "caller", "called", "start", "end");

    private final int defaultIdSensor;

    /**
     * @param defaultIdSensor id used when a row has no id_sensor.
     */
    public CdrImporter(final int defaultIdSensor)
    {
        this.defaultIdSensor = defaultIdSensor;
    }

    /**
     * @param file   the CSV file.
     * @param writer where legs go (legs the journal already holds are skipped).
     * @return legs read from the file.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException naming the file and line of the first bad row; nothing was appended.
     */
    public long importFile(final Path file, final JournalWriter writer) throws IOException
    {
        final long legs = read(file, leg -> { });
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        read(file, leg -> writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg)));
        return legs;
    }

    /**
     * @param file the CSV file.
     * @param sink receives each leg in file order.
     * @return legs read.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException naming the file and line of the first bad row.
     */
    public long read(final Path file, final Consumer<CdrLeg> sink) throws IOException
    {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            final CsvReader csv = new CsvReader(in);
            final CsvReader.Row header = next(csv, file);
            if (header == null)
            {
                throw new IllegalArgumentException(file + ": empty file (expected a header row " + CdrCsv.header() +
                    ")");
            }
            final Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.fields().size(); i++)
            {
                String name = header.fields().get(i).strip();
                if (i == 0 && name.startsWith("\uFEFF"))
                {
                    name = name.substring(1); // a UTF-8 byte order mark, as some spreadsheets write
                }
                if (columns.put(name, i) != null)
                {
                    throw new IllegalArgumentException(file + " line 1: column '" + name + "' appears twice");
                }
            }
            for (final String required : REQUIRED)
            {
                if (!columns.containsKey(required))
                {
                    throw new IllegalArgumentException(file + " line 1: no '" + required + "' column (the header " +
                        "must name the export columns: " + CdrCsv.header() + ")");
                }
            }
            long legs = 0;
            for (CsvReader.Row row = next(csv, file); row != null; row = next(csv, file))
            {
                if (row.fields().size() == 1 && row.fields().getFirst().isBlank())
                {
                    continue;
                }
                if (row.fields().size() != header.fields().size())
                {
                    throw new IllegalArgumentException(file + " line " + row.line() + ": " + row.fields().size() +
                        " fields, the header has " + header.fields().size());
                }
                final CdrLeg leg;
                try
                {
                    leg = new RowReader(columns, row.fields(), defaultIdSensor).leg();
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException(file + " line " + row.line() + ": " + ex.getMessage());
                }
                sink.accept(leg);
                legs++;
            }
            return legs;
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        }
    }

    private static CsvReader.Row next(final CsvReader csv, final Path file) throws IOException
    {
        try
        {
            return csv.next();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + " " + ex.getMessage());
        }
    }

    /** One row's fields by column name. */
    private record RowReader(Map<String, Integer> columns, List<String> fields, int defaultIdSensor)
    {
        CdrLeg leg()
        {
            final long start = time("start", true);
            final long connect = time("connect", false);
            final long end = time("end", true);
            if (end < start)
            {
                throw new IllegalArgumentException("end " + text("end") + " is before start " + text("start"));
            }
            if (connect != CallState.NO_TIME && (connect < start || connect > end))
            {
                throw new IllegalArgumentException("connect " + text("connect") + " is not between start and end");
            }
            final String reasonText = text("end_reason");
            final int endReason = reasonText.isEmpty() ?
                (connect != CallState.NO_TIME ? EndReason.BYE : EndReason.TIMEOUT) : EndReason.parse(reasonText);
            if (endReason < 0)
            {
                throw new IllegalArgumentException("end_reason '" + reasonText + "' is not bye, final, cancel, " +
                    "timeout or shutdown");
            }
            final String byeBy = text("bye_by");
            final int byeByCode = switch (byeBy)
            {
                case "caller" -> CallState.BYE_BY_CALLER;
                case "callee" -> CallState.BYE_BY_CALLEE;
                case "" -> CallState.BYE_BY_NONE;
                default -> throw new IllegalArgumentException("bye_by '" + byeBy + "' is not caller, callee or empty");
            };
            final int finalCode = (int)number("final_code", 0, 699);
            if (text("call_id").isEmpty())
            {
                throw new IllegalArgumentException("call_id is empty");
            }
            return new CdrLeg(
                text("id_sensor").isEmpty() ? defaultIdSensor : (int)number("id_sensor", 0, 65535),
                CdrCsv.restore(text("call_id")), CdrCsv.restore(text("caller")), CdrCsv.restore(text("called")),
                CdrCsv.restore(text("ruri_user")),
                ip("caller_ip"), (int)number("caller_port", 0, 65535), ip("called_ip"),
                (int)number("called_port", 0, 65535),
                start, connect, end,
                endReason == EndReason.FINAL ? end : CallState.NO_TIME,
                endReason == EndReason.CANCEL ? end : CallState.NO_TIME,
                endReason == EndReason.BYE ? end : CallState.NO_TIME,
                end, finalCode, endReason, byeByCode, (int)number("reinvites", 0, Integer.MAX_VALUE));
        }

        private String text(final String column)
        {
            final Integer index = columns.get(column);
            return index == null ? "" : fields.get(index);
        }

        private long time(final String column, final boolean required)
        {
            final String value = text(column);
            if (value.isEmpty())
            {
                if (required)
                {
                    throw new IllegalArgumentException(column + " is empty");
                }
                return CallState.NO_TIME;
            }
            try
            {
                return TimeFormat.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(column + ": " + ex.getMessage());
            }
        }

        private long number(final String column, final long min, final long max)
        {
            final String value = text(column).strip();
            if (value.isEmpty())
            {
                return 0;
            }
            if (value.length() > 10 || !value.chars().allMatch(Character::isDigit) ||
                Long.parseLong(value) < min || Long.parseLong(value) > max)
            {
                throw new IllegalArgumentException(column + " '" + value + "' is not a whole number from " + min +
                    " to " + max);
            }
            return Long.parseLong(value);
        }

        private String ip(final String column)
        {
            final String value = text(column).strip();
            if (!value.isEmpty())
            {
                try
                {
                    java.net.InetAddress.ofLiteral(value);
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException(column + " '" + value + "' is not an IP address");
                }
            }
            return value;
        }
    }
}
