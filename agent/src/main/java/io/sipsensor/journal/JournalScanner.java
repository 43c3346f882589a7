package io.sipsensor.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH;
import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH_V1;
import static io.sipsensor.journal.CdrRecordDescriptor.JOURNAL_INDEX_OFFSET;
import static io.sipsensor.journal.CdrRecordDescriptor.MAX_RECORD_LENGTH;

/**
 * Reads the journal's day files ({@code yyyyMMddF.cq4}, Chronicle Queue's format) directly, excerpt by excerpt, and
 * checks every CDR record: a version 2 record must match its CRC-32C and carries its own journal index. Where the
 * file is damaged (a zeroed page, a cut file, flipped bits in a header or a record) it notes the damaged range (file,
 * bytes, the indices around it and, when the records on both sides carry their index, exactly how many records it
 * held) and searches forward for the next intact record, so legs after the damage, including legs appended by later
 * runs, stay readable. Chronicle's own tailer stops at the first hole.
 * <p>
 * Excerpt framing: a 4-byte little-endian header (bit 31 not complete, bit 30 metadata, 30 bits of length), the
 * payload, padding to 4 bytes. The store header (the first excerpt) names the position and sequence of the last
 * excerpt written; records missing before it (a cut file, a zeroed tail) are counted too.
 * <p>
 * One thread; reuses one record buffer (valid until the next call to {@link #next()}). Allocates per file, not per
 * record.
 */
public final class JournalScanner implements AutoCloseable
{
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    static final int END_OF_DATA = NOT_COMPLETE | META_DATA;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final byte[] WRITE_POSITION = "writePosition".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STORE = "SCQStore".getBytes(StandardCharsets.US_ASCII);

    /**
     * A damaged stretch of a day file.
     *
     * @param file        the day file.
     * @param fromByte    first damaged byte.
     * @param toByte      end of the damage (the next intact record, or where reading of the file stopped).
     * @param afterIndex  journal index of the last intact record before it, -1 if none in this file.
     * @param beforeIndex journal index of the first intact record after it, -1 if none in this file.
     * @param records     records lost in it, -1 if not known.
     * @param what        what is wrong, in words.
     */
    public record Damage(Path file, long fromByte, long toByte, long afterIndex, long beforeIndex, long records,
        String what)
    {
        /**
         * @return one line for the operator.
         */
        public String line()
        {
            final StringBuilder line = new StringBuilder("journal damage: ").append(file.getFileName())
                .append(" bytes ").append(fromByte).append('-').append(toByte).append(": ").append(what);
            if (afterIndex >= 0)
            {
                line.append(", after index ").append(Journal.indexText(afterIndex));
            }
            if (beforeIndex >= 0)
            {
                line.append(", before index ").append(Journal.indexText(beforeIndex));
            }
            line.append("; ").append(records >= 0 ? records + " record(s)" : "an unknown number of records")
                .append(" unreadable");
            return line.toString();
        }
    }

    /** A tailing scanner looks for a newer day file at most this often while it waits at the newest one's end. */
    private static final long RELIST_INTERVAL_NS = 1_000_000_000L;

    private final Path directory;
    private final List<Path> files = new ArrayList<>();
    private final List<Damage> damage = new ArrayList<>();
    private final byte[] bytes = new byte[MAX_RECORD_LENGTH * 2];
    private final UnsafeBuffer view = new UnsafeBuffer(bytes);
    private final CdrDecoder framing = new CdrDecoder();
    private final RecordChecksum checksum = new RecordChecksum();

    private int fileIndex = -1;
    private Path file;
    private FileWindow segment;
    private long size;
    private long cycle;
    private long position;
    private long expectedSequence;
    private long writePosition;
    private long writeSequence;
    private boolean resync;
    private long damageFrom = -1;
    private String damageWhat;
    private long lastIndexInFile;
    private long lastIndex = -1;
    private long skipUpTo = -1;
    private boolean tailing;
    private boolean atTail;
    private boolean endOfData;
    private long nextRelistNs;

    private int length;
    private long index;
    private long records;

    /**
     * @param directory the journal folder.
     * @throws IOException if it cannot be listed.
     */
    public JournalScanner(final Path directory) throws IOException
    {
        this.directory = directory;
        files.addAll(list(directory));
    }

    private static List<Path> list(final Path directory) throws IOException
    {
        final List<Path> found = new ArrayList<>();
        if (Files.isDirectory(directory))
        {
            try (Stream<Path> list = Files.list(directory))
            {
                list.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(found::add);
            }
        }
        return found;
    }

    /**
     * Makes this a tailing scanner: at the end of the newest day file {@link #next()} returns false but keeps its
     * place, and a later call reads what was appended since (and, when the writer rolled to a new day, goes on in
     * the new day file). Reads a small probe of the file each time it looks again, not the whole file.
     *
     * @return this.
     */
    public JournalScanner tail()
    {
        tailing = true;
        return this;
    }

    /**
     * Starts after the given index: records at or before it are passed over (still checked).
     *
     * @param lastSeen journal index of the last record already seen, -1 for all.
     * @return this.
     */
    public JournalScanner after(final long lastSeen)
    {
        skipUpTo = lastSeen;
        return this;
    }

    /**
     * Reads only the newest day file (the one appends go to).
     *
     * @return this.
     */
    JournalScanner onlyLast()
    {
        Path last = null;
        for (final Path p : files)
        {
            last = isDayFile(p) ? p : last;
        }
        final Path keep = last;
        files.removeIf(p -> p != keep && isDayFile(p));
        return this;
    }

    static boolean isDayFile(final Path path)
    {
        return path.getFileName().toString().matches("\\d{8}F\\.cq4");
    }

    /**
     * @return the day files this scanner reads, in order.
     */
    public List<Path> files()
    {
        return files;
    }

    /**
     * Moves to the next intact record.
     *
     * @return false at the end of the journal.
     */
    public boolean next()
    {
        while (true)
        {
            if (segment == null && !openNextFile())
            {
                // just after the writer rolled the new day file is there (or soon): look at once, else once a second
                final boolean rolled = endOfData;
                endOfData = false;
                if (tailing && relist(rolled))
                {
                    continue;
                }
                return false;
            }
            if (segment != null)
            {
                if (atTail)
                {
                    lookAgain();
                }
                if (scanFile())
                {
                    if (index <= skipUpTo)
                    {
                        continue;
                    }
                    return true;
                }
                if (tailing && !endOfData && !newerFileExists())
                {
                    atTail = true; // the writer may append here: keep the place
                    return false;
                }
                finishFile();
            }
        }
    }

    /** A tailing scanner at the end of a file reads the file's size, store header and bytes again. */
    private void lookAgain()
    {
        atTail = false;
        segment.refresh();
        size = segment.size();
        if (writePosition >= 0)
        {
            final long keepPosition = writePosition;
            readStoreHeader();
            writePosition = Math.max(writePosition, keepPosition);
        }
    }

    /** @return true if a day file after the current one is known or has appeared (looked for at most once a second). */
    private boolean newerFileExists()
    {
        return fileIndex < files.size() - 1 || relist(false);
    }

    /**
     * @param now true to list the folder whatever the interval (the writer rolled, or there was no file yet).
     * @return true if day files after the known ones were found.
     */
    private boolean relist(final boolean now)
    {
        final long nowNs = System.nanoTime();
        if (!now && nowNs < nextRelistNs)
        {
            return false;
        }
        nextRelistNs = nowNs + RELIST_INTERVAL_NS;
        final List<Path> found;
        try
        {
            found = list(directory);
        }
        catch (final IOException ex)
        {
            return false; // looked for again later
        }
        final Path last = files.isEmpty() ? null : files.get(files.size() - 1);
        boolean added = false;
        for (final Path p : found)
        {
            if (last == null || p.getFileName().toString().compareTo(last.getFileName().toString()) > 0)
            {
                files.add(p);
                added = true;
            }
        }
        return added;
    }

    /** @return the current record's bytes (from offset 0). */
    public byte[] record()
    {
        return bytes;
    }

    /** @return the current record as a buffer. */
    public UnsafeBuffer buffer()
    {
        return view;
    }

    /** @return length of the current record. */
    public int length()
    {
        return length;
    }

    /** @return journal index of the current record. */
    public long index()
    {
        return index;
    }

    /** @return true if the current record is a purge ({@link PurgeRecord}), not a CDR. */
    public boolean isPurge()
    {
        return PurgeRecord.is(bytes, length);
    }

    /** @return the day file holding the current record. */
    public Path file()
    {
        return file;
    }

    /** @return intact records read so far. */
    public long records()
    {
        return records;
    }

    /** @return damaged ranges found so far (complete once {@link #next()} returned false). */
    public List<Damage> damage()
    {
        return damage;
    }

    /**
     * @return records known lost in the damaged ranges, or -1 when some range holds an unknown number.
     */
    public long lostRecords()
    {
        long total = 0;
        for (final Damage d : damage)
        {
            if (d.records() < 0)
            {
                return -1;
            }
            total += d.records();
        }
        return total;
    }

    @Override
    public void close()
    {
        unmap();
    }

    private boolean openNextFile()
    {
        unmap();
        if (fileIndex + 1 >= files.size())
        {
            fileIndex = files.size() - 1;
            return false;
        }
        fileIndex++;
        endOfData = false;
        atTail = false;
        file = files.get(fileIndex);
        final String name = file.getFileName().toString();
        try
        {
            cycle = LocalDate.parse(name.substring(0, name.length() - ".cq4".length() - 1), DAY).toEpochDay();
            if (name.charAt(name.length() - ".cq4".length() - 1) != 'F')
            {
                throw new DateTimeParseException("not a daily journal file", name, 0);
            }
        }
        catch (final RuntimeException ex)
        {
            damage.add(new Damage(file, 0, sizeOf(file), -1, -1, 0, "not a journal day file (stray file, not read)"));
            return true;
        }
        try
        {
            segment = new FileWindow(file);
            size = segment.size();
        }
        catch (final IOException | RuntimeException ex)
        {
            unmap();
            damage.add(new Damage(file, 0, sizeOf(file), -1, -1, -1, "cannot be read (" + ex.getMessage() + ")"));
            return true;
        }
        position = 0;
        expectedSequence = 0;
        lastIndexInFile = -1;
        resync = false;
        damageFrom = -1;
        readStoreHeader();
        return true;
    }

    private void readStoreHeader()
    {
        writePosition = -1;
        writeSequence = -1;
        final int header = size >= 4 ? segment.getInt(0) : 0;
        final int headerLength = header & LENGTH_MASK;
        if ((header & META_DATA) == 0 || (header & NOT_COMPLETE) != 0 || headerLength > 4096 ||
            headerLength + 4 > size || find(STORE, 4, 4 + headerLength) < 0)
        {
            startDamage(0, "store header damaged");
            resync = true;
            return;
        }
        final long name = find(WRITE_POSITION, 4, 4 + headerLength);
        if (name < 0)
        {
            return;
        }
        // binary wire: padding, then an int64 array (0x8D) of capacity 2, 2 used: position, then header number
        final long limit = 4 + headerLength;
        long at = name + WRITE_POSITION.length;
        while (at + 33 <= limit && at < name + WRITE_POSITION.length + 16 &&
            !(segment.getByte(at) == (byte)0x8D && segment.getLong(at + 1) == 2 && segment.getLong(at + 9) == 2))
        {
            at++;
        }
        if (at + 33 > limit || segment.getByte(at) != (byte)0x8D)
        {
            return;
        }
        final long lastPosition = segment.getLong(at + 17);
        final long lastSequence = segment.getLong(at + 25) & 0xFFFF_FFFFL;
        if (lastPosition > 0)
        {
            writePosition = lastPosition;
            writeSequence = lastSequence;
        }
    }

    private long find(final byte[] pattern, final long from, final long to)
    {
        outer:
        for (long at = from; at + pattern.length <= to; at++)
        {
            for (int i = 0; i < pattern.length; i++)
            {
                if (segment.getByte(at + i) != pattern[i])
                {
                    continue outer;
                }
            }
            return at;
        }
        return -1;
    }

    /**
     * @return true on a record, false at the end of the file.
     */
    private boolean scanFile()
    {
        while (position + 4 <= size)
        {
            if (resync)
            {
                final long found = findRecord(position);
                resync = false;
                if (found < 0)
                {
                    position = size;
                    return false;
                }
                position = found;
            }
            final int header = segment.getInt(position);
            if (header == 0)
            {
                if (writePosition >= 0 && position > writePosition || tailing && writePosition < 0)
                {
                    return false; // the end of what was written
                }
                final long found = findRecord(position);
                if (found < 0)
                {
                    return false;
                }
                startDamage(position, "zeroed or unwritten bytes");
                position = found;
                continue;
            }
            if (header == END_OF_DATA)
            {
                endOfData = true;
                return false; // the writer rolled to the next day here
            }
            final int excerptLength = header & LENGTH_MASK;
            final long next = (position + 4 + excerptLength + 3) & ~3L;
            if ((header & NOT_COMPLETE) != 0 && (excerptLength == 0 || next > size) && findRecord(position + 4) < 0)
            {
                return false; // an append a killed writer never finished, at the end: nothing was committed there
            }
            if (excerptLength == 0 || next > size)
            {
                startDamage(position, "excerpt header damaged or file cut");
                resync = true;
                position += 4;
                continue;
            }
            if (tailing && (header & NOT_COMPLETE) != 0 && position >= writePosition)
            {
                return false; // the writer is appending this excerpt now: read it once it is complete
            }
            if ((header & (META_DATA | NOT_COMPLETE)) != 0)
            {
                // metadata (Chronicle's index), or an excerpt a killed writer never finished: no record
                position = next;
                continue;
            }
            if (excerptLength <= bytes.length && readRecord(position, excerptLength))
            {
                position = next;
                return true;
            }
            startDamage(position, "record damaged (checksum or framing)");
            resync = true;
            position += 4;
        }
        return false;
    }

    private boolean readRecord(final long at, final int recordLength)
    {
        segment.copy(at + 4, bytes, recordLength);
        final long recordIndex;
        if (checksum.verify(bytes, recordLength))
        {
            recordIndex = RecordChecksum.getLong(bytes, JOURNAL_INDEX_OFFSET);
            final long sequence = recordIndex & 0xFFFF_FFFFL;
            if ((recordIndex >>> 32) == cycle && sequence > expectedSequence)
            {
                final long missing = sequence - expectedSequence;
                if (damageFrom < 0)
                {
                    damageFrom = at;
                    damageWhat = "records missing";
                }
                endDamage(at, recordIndex, missing);
            }
            else
            {
                endDamage(at, recordIndex, -1);
            }
            expectedSequence = (recordIndex >>> 32) == cycle ? sequence + 1 : expectedSequence + 1;
        }
        else if (RecordChecksum.version(bytes) == 1 && RecordChecksum.getShort(bytes, 2) == FIXED_LENGTH_V1 &&
            framing.wrap(view, 0, recordLength))
        {
            recordIndex = (cycle << 32) | expectedSequence;
            endDamage(at, recordIndex, -1);
            expectedSequence++;
        }
        else
        {
            return false;
        }
        index = recordIndex;
        length = recordLength;
        lastIndexInFile = recordIndex;
        lastIndex = recordIndex;
        records++;
        return true;
    }

    /**
     * @return position of the next excerpt holding an intact version 2 record at or after from, or -1.
     */
    private long findRecord(final long from)
    {
        long at = (from + 3) & ~3L;
        // nothing was written after the store header's last excerpt: no need to read the sparse rest
        final long limit = writePosition >= 0 ? Math.min(size - 4 - FIXED_LENGTH, writePosition) :
            size - 4 - FIXED_LENGTH;
        while (at <= limit)
        {
            if ((at & 7) == 0 && at + 8 <= size && segment.getLong(at) == 0)
            {
                at += 8;
                continue;
            }
            final int header = segment.getInt(at);
            if (header >= FIXED_LENGTH && header <= MAX_RECORD_LENGTH && at + 4 + header <= size &&
                (segment.getShort(at + 4) == 2 || segment.getShort(at + 4) == PurgeRecord.VERSION) &&
                segment.getShort(at + 6) == FIXED_LENGTH)
            {
                segment.copy(at + 4, bytes, header);
                if (checksum.verify(bytes, header))
                {
                    return at;
                }
            }
            at += 4;
        }
        return -1;
    }

    private void startDamage(final long at, final String what)
    {
        if (damageFrom < 0)
        {
            damageFrom = at;
            damageWhat = what;
        }
    }

    private void endDamage(final long at, final long nextIndex, final long missing)
    {
        if (damageFrom < 0)
        {
            return;
        }
        final long count = missing >= 0 ? missing :
            (lastIndexInFile >= 0 && (nextIndex >>> 32) == (lastIndexInFile >>> 32) ?
                nextIndex - lastIndexInFile - 1 : (lastIndexInFile < 0 && (nextIndex >>> 32) == cycle &&
                RecordChecksum.version(bytes) >= 2 ? (nextIndex & 0xFFFF_FFFFL) : -1));
        damage.add(new Damage(file, damageFrom, at, lastIndexInFile, nextIndex, count, damageWhat));
        damageFrom = -1;
    }

    private void finishFile()
    {
        final long missingAtEnd = writeSequence >= 0 && writeSequence >= expectedSequence ?
            writeSequence - expectedSequence + 1 : -1;
        if (damageFrom >= 0)
        {
            damage.add(new Damage(file, damageFrom, Math.min(position, size), lastIndexInFile, -1, missingAtEnd,
                damageWhat));
            damageFrom = -1;
        }
        else if (missingAtEnd > 0)
        {
            damage.add(new Damage(file, Math.min(position, size), Math.max(writePosition, position),
                lastIndexInFile, -1, missingAtEnd, "records missing at the end (file cut or zeroed)"));
        }
        unmap();
    }

    private void unmap()
    {
        if (segment != null)
        {
            segment.close();
            segment = null;
        }
    }

    private static long sizeOf(final Path path)
    {
        try
        {
            return Files.size(path);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
