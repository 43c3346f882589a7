package io.sipsensor.journal;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.ffi.DirectoryLock;
import io.sipsensor.call.CallIdHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The only way CDR records get into the journal. On every record it:
 * <ol>
 *   <li>drops it if the journal already holds the same leg (sensor, Call-ID, start), found through the
 *       {@link LegIdentityIndex} and confirmed against the journaled record, so reprocessing or re-importing the
 *       same input appends nothing; in a {@code --reprocess} run, a leg journaled before the run is written again
 *       (the run then purges the old ones);</li>
 *   <li>appends it, unless the spool's file system is below its free-space floor or the last append failed, in
 *       which case it keeps the record in a bounded memory buffer, counted, and writes the buffer in order once
 *       space returns; records beyond the bound are counted as lost, never silently dropped.</li>
 * </ol>
 * Opening recovers state instead of recomputing it: journal retention, then the identity table brought up to the
 * journal's end (after a crash only the records after its covered index are read).
 * <p>
 * Single writer: the journal thread (or a command such as {@code cdr import}).
 */
public final class JournalWriter implements AutoCloseable
{
    private static final long SPACE_CHECK_INTERVAL_NS = 250_000_000L;
    private static final long RETRY_INTERVAL_NS = 1_000_000_000L;

    /**
     * What opening found.
     *
     * @param records          records in the journal (purged ones included).
     * @param identities       legs in the identity table.
     * @param caughtUp         records added to the table because it lagged the journal (after a crash).
     * @param cyclesRemoved    journal days removed by retention.
     * @param lastIndex        last journal index, -1 if empty.
     * @param damagedRecords   records found unreadable in the journal's damaged ranges, which opening repaired
     *                         (0 if none; -1 if damage held an unknown number).
     */
    public record Recovery(long records, long identities, long caughtUp, int cyclesRemoved, long lastIndex,
        long damagedRecords)
    {
        /** @return true if opening found the journal damaged (and repaired it). */
        public boolean damaged()
        {
            return damagedRecords != 0;
        }
    }

    /**
     * Whether a {@link JournalPretoucher} runs ahead of the appender: off unless {@code
     * -Dsipsensor.journal.pretouch=true}, until its gain is measured on a quiet host (pages it allocated ahead are
     * disk space the full-disk handling does not see).
     */
    static final boolean PRETOUCH = Boolean.getBoolean("sipsensor.journal.pretouch");

    private final Journal journal;
    private final JournalPretoucher pretoucher;
    private final DirectoryLock journalLock;
    private final LegIdentityIndex identities;
    private final Journal.Lookup lookup;
    private final Purges purges;
    private final JournalSettings settings;
    private final boolean reprocess;
    private final long runStartIndex;
    private final Recovery recovery;
    private final FileStore store;
    private final PrintStream log;
    private final CdrDecoder decoder = new CdrDecoder();
    private final CdrDecoder candidate = new CdrDecoder();
    private final ExpandableArrayBuffer overflow = new ExpandableArrayBuffer(64 * 1024);
    private final LegIdentityIndex.Verifier verifier = this::sameLeg;

    private final AtomicCounter journaled;
    private final AtomicCounter duplicates;
    private final AtomicCounter buffered;
    private final AtomicCounter blockedCount;
    private final AtomicCounter errors;
    private final AtomicCounter lost;

    private int overflowLength;
    private int overflowRecords;
    private boolean blocked;
    private boolean appendedLast;
    private long nextSpaceCheckNs;
    private long nextRetryNs;
    private boolean lostReported;
    private boolean pauseReported;
    private boolean lockLost;

    private JournalWriter(
        final Journal journal, final DirectoryLock journalLock, final LegIdentityIndex identities,
        final JournalSettings settings, final boolean reprocess, final Recovery recovery, final Counters counters,
        final PrintStream log)
        throws IOException
    {
        this.journal = journal;
        this.journalLock = journalLock;
        this.identities = identities;
        this.lookup = journal.lookup();
        this.purges = Purges.load(journal.directory().getParent());
        this.settings = settings;
        this.reprocess = reprocess;
        this.runStartIndex = journal.lastIndex() + 1;
        this.recovery = recovery;
        this.store = Files.getFileStore(journal.directory());
        this.log = log;
        journaled = counters.get(SensorCounter.LEGS_JOURNALED);
        duplicates = counters.get(SensorCounter.LEGS_DUPLICATE);
        buffered = counters.get(SensorCounter.LEGS_BUFFERED);
        blockedCount = counters.get(SensorCounter.JOURNAL_BLOCKED);
        errors = counters.get(SensorCounter.JOURNAL_ERRORS);
        lost = counters.get(SensorCounter.LEGS_LOST);
        pretoucher = PRETOUCH ? new JournalPretoucher(journal).start() : null;
    }

    /**
     * Opens the journal of a spool for writing: retention, the identity table, catch-up.
     *
     * @param spoolRoot the spool folder.
     * @param settings  retention and full-disk behaviour.
     * @param reprocess true for a {@code --reprocess} run (legs journaled before it are written again).
     * @param counters  for journal counters.
     * @param log       where one-line reports go.
     * @return the writer.
     * @throws IOException if the journal or the identity table cannot be opened.
     */
    public static JournalWriter open(final Path spoolRoot, final JournalSettings settings, final boolean reprocess,
        final Counters counters, final PrintStream log) throws IOException
    {
        final Path directory = spoolRoot.resolve("journal");
        Files.createDirectories(directory);
        final List<Path> removed =
            JournalRetention.apply(directory, settings.retentionDays(), JournalRetention.todayUtc());
        if (!removed.isEmpty())
        {
            log.println("sipsensor: journal retention (" + settings.retentionDays() + " days) removed " +
                removed.size() + " day file(s)");
        }
        final long damaged = checkAndRepair(spoolRoot, log);
        final String purgesRebuilt = Purges.ensureWritten(spoolRoot);
        if (purgesRebuilt != null)
        {
            log.println("sipsensor: " + purgesRebuilt);
        }
        final Journal journal = openOrRepair(spoolRoot, log);
        LegIdentityIndex identities = null;
        DirectoryLock journalLock = null;
        try
        {
            // one writer per journal, whatever happened to the spool's .lock file
            journalLock = DirectoryLock.tryLock(directory);
            if (journalLock == null)
            {
                throw new IOException("the journal in " + directory + " is being written by another process");
            }
            final Path tableFile = spoolRoot.resolve("index").resolve("leg-identities.idx");
            try
            {
                identities = LegIdentityIndex.open(tableFile);
            }
            catch (final IOException ex)
            {
                log.println("sipsensor: " + ex.getMessage() + "; rebuilding it from the journal (a cache of it)");
                Files.deleteIfExists(tableFile);
                identities = LegIdentityIndex.open(tableFile);
            }
            if (!removed.isEmpty())
            {
                identities.clear(); // entries may point at removed days: rebuild from what is left
            }
            final long caughtUp = catchUp(journal, identities);
            final Recovery recovery = new Recovery(journal.records(), identities.size(), caughtUp, removed.size(),
                journal.lastIndex(), damaged);
            return new JournalWriter(journal, journalLock, identities, settings, reprocess, recovery, counters, log);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (journalLock != null)
            {
                journalLock.close();
            }
            if (identities != null)
            {
                identities.close();
            }
            journal.close();
            throw ex;
        }
    }

    /**
     * Reads the newest day file (the one appends go to); if it is damaged, says where, copies the intact records
     * into a fresh journal and keeps the damaged one aside: appending after damage would put legs where Chronicle
     * (and any other tool reading the queue) no longer looks.
     *
     * @return records lost in the damage (0 if none, -1 if unknown).
     */
    private static long checkAndRepair(final Path spoolRoot, final PrintStream log) throws IOException
    {
        final JournalRepair.Report check = JournalRepair.verify(spoolRoot.resolve("journal"), true);
        if (check.clean())
        {
            return 0;
        }
        for (final JournalScanner.Damage damage : check.damage())
        {
            log.println("sipsensor: " + damage.line());
        }
        return repair(spoolRoot, log).lost();
    }

    private static JournalRepair.Report repair(final Path spoolRoot, final PrintStream log) throws IOException
    {
        final JournalRepair.Report repaired = JournalRepair.repair(spoolRoot);
        log.println("sipsensor: journal damaged: " + repaired.lostText() + " CDR record(s) unreadable; the " +
            repaired.records() + " intact records were copied into a fresh journal, the damaged one is kept in " +
            repaired.movedTo() + "; legs in the damage can be recovered only by reprocessing their captures");
        return repaired;
    }

    private static Journal openOrRepair(final Path spoolRoot, final PrintStream log) throws IOException
    {
        final Path directory = spoolRoot.resolve("journal");
        try
        {
            return Journal.open(directory);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // a damaged store header or a stray file stops Chronicle from opening the queue at all
            log.println("sipsensor: the journal in " + directory + " cannot be opened (" + ex.getClass()
                .getSimpleName() + ": " + ex.getMessage() + ")");
            repair(spoolRoot, log);
            return Journal.open(directory);
        }
    }

    /** @return what opening found. */
    public Recovery recovery()
    {
        return recovery;
    }

    /** @return the journal folder. */
    public Path directory()
    {
        return journal.directory();
    }

    /**
     * @return the first journal index written by this writer: a reprocessing run purges legs before it.
     */
    public long runStartIndex()
    {
        return runStartIndex;
    }

    /**
     * @return true while the journal cannot write and CDRs wait in memory.
     */
    public boolean blocked()
    {
        return blocked;
    }

    /**
     * @return true if the last {@link #write} appended a new record (false for a leg already journaled, an
     * unreadable record, or a record kept in memory while the journal cannot write).
     */
    public boolean appendedLast()
    {
        return appendedLast;
    }

    /**
     * Journals one record (or keeps it in memory while the journal cannot write).
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     */
    public void write(final DirectBuffer buffer, final int offset, final int length)
    {
        appendedLast = false;
        if (!blocked && overflowRecords == 0 && spaceLow())
        {
            if (lockLost)
            {
                block("the journal folder " + journal.directory() + " was moved or replaced while this run wrote " +
                    "it (another writer may be in it); CDRs are no longer written there");
            }
            else
            {
                block("the spool's file system has less than " + (settings.minFreeBytes() >> 20) + " MiB free");
            }
        }
        if (blocked || overflowRecords > 0)
        {
            keep(buffer, offset, length);
            return;
        }
        appendOrKeep(buffer, offset, length);
    }

    /**
     * While blocked, retries once a second: when space is back, writes what is held in memory, in order.
     *
     * @return records written from memory.
     */
    public int retry()
    {
        if (overflowRecords == 0)
        {
            return 0;
        }
        final long now = System.nanoTime();
        if (now < nextRetryNs)
        {
            return 0;
        }
        nextRetryNs = now + RETRY_INTERVAL_NS;
        nextSpaceCheckNs = 0;
        if (spaceLow())
        {
            return 0;
        }
        blocked = false;
        int written = 0;
        int position = 0;
        final int records = overflowRecords;
        while (position < overflowLength)
        {
            final int length = overflow.getInt(position);
            if (!tryAppend(overflow, position + 4, length))
            {
                // still failing: drop what was written from the front of the buffer and wait again
                overflow.putBytes(0, overflow, position, overflowLength - position);
                overflowLength -= position;
                overflowRecords = records - written;
                buffered.setRelease(overflowRecords);
                return written;
            }
            position += 4 + length;
            written++;
        }
        overflowLength = 0;
        overflowRecords = 0;
        buffered.setRelease(0);
        pauseReported = false;
        lostReported = false;
        log.println("sipsensor: journal writing again: " + written + " CDRs kept in memory were journaled");
        return written;
    }

    /**
     * At shutdown: waits up to the close wait for space to write what is held in memory; what still cannot be
     * written is counted as lost with one line.
     */
    public void drainHeld()
    {
        final long deadline = System.nanoTime() + settings.closeWaitNs();
        if (overflowRecords > 0)
        {
            log.println("sipsensor: waiting up to " + settings.closeWaitNs() / 1_000_000_000L + " s for disk " +
                "space to journal " + overflowRecords + " CDRs kept in memory");
        }
        boolean interrupted = false;
        while (overflowRecords > 0 && System.nanoTime() < deadline && !lockLost)
        {
            retry();
            if (overflowRecords > 0)
            {
                try
                {
                    Thread.sleep(100);
                }
                catch (final InterruptedException ex)
                {
                    // the configured wait is the operator's promise: an impatient closer does not cut it short
                    interrupted = true;
                }
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (overflowRecords > 0)
        {
            lost.getAndAddRelease(overflowRecords);
            log.println("sipsensor: journal: " + overflowRecords + " CDRs could not be journaled (" +
                (lockLost ? "journal folder replaced" : "no disk space") + " in " + journal.directory() +
                ") and are lost; see counter legs_lost");
            overflowRecords = 0;
            overflowLength = 0;
            buffered.setRelease(0);
        }
    }

    @Override
    public void close()
    {
        if (pretoucher != null)
        {
            pretoucher.close();
        }
        lookup.close();
        identities.close();
        journal.close();
        journalLock.close();
    }

    private void appendOrKeep(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!tryAppend(buffer, offset, length))
        {
            keep(buffer, offset, length);
        }
    }

    /**
     * @return false if the append failed (the journal is now blocked and the record was not written).
     */
    private boolean tryAppend(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!decoder.wrap(buffer, offset, length))
        {
            errors.incrementRelease();
            return true;
        }
        final long identity = identityOf(decoder);
        final long existing = identities.find(identity, verifier);
        if (existing >= 0 && !(reprocess && existing < runStartIndex))
        {
            duplicates.incrementRelease();
            return true;
        }
        final long index;
        try
        {
            index = journal.append(buffer, offset, length);
        }
        catch (final InternalError | RuntimeException ex)
        {
            // A full disk shows up as a fault in the mapped file: nothing was committed.
            errors.incrementRelease();
            journal.resetAppender();
            block("the journal cannot be written (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
            return false;
        }
        journaled.incrementRelease();
        appendedLast = true;
        try
        {
            identities.put(identity, index, existing);
            identities.covered(index);
        }
        catch (final IOException ex)
        {
            errors.incrementRelease();
            log.println("sipsensor: journal: " + ex.getMessage() + "; duplicates of this leg may be journaled again");
        }
        return true;
    }

    private void keep(final DirectBuffer buffer, final int offset, final int length)
    {
        if ((long)overflowLength + 4 + length > settings.overflowBytes())
        {
            lost.incrementRelease();
            if (!lostReported)
            {
                lostReported = true;
                log.println("sipsensor: journal: memory buffer full (" + (settings.overflowBytes() >> 20) +
                    " MiB); further CDRs are lost until disk space returns; see counter legs_lost");
            }
            return;
        }
        overflow.putInt(overflowLength, length);
        overflow.putBytes(overflowLength + 4, buffer, offset, length);
        overflowLength += 4 + length;
        overflowRecords++;
        buffered.setRelease(overflowRecords);
    }

    private void block(final String why)
    {
        if (!blocked)
        {
            blocked = true;
            nextRetryNs = System.nanoTime() + RETRY_INTERVAL_NS;
            if (!pauseReported)
            {
                pauseReported = true;
                blockedCount.incrementRelease();
                log.println("sipsensor: journal paused: " + why + "; capture goes on and CDRs are kept in memory " +
                    "(up to " + (settings.overflowBytes() >> 20) + " MiB) until space returns");
            }
        }
    }

    private boolean spaceLow()
    {
        final long now = System.nanoTime();
        if (now < nextSpaceCheckNs)
        {
            return false;
        }
        nextSpaceCheckNs = now + SPACE_CHECK_INTERVAL_NS;
        if (lockLost || !journalLock.stillHeld())
        {
            lockLost = true; // checked before each batch: never resume writing into a folder that is not ours
            return true;
        }
        try
        {
            return store.getUsableSpace() < settings.minFreeBytes();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private boolean sameLeg(final long chronicleIndex)
    {
        if (!lookup.read(chronicleIndex, candidate))
        {
            return false;
        }
        if (candidate.idSensor() != decoder.idSensor() || candidate.startNs() != decoder.startNs() ||
            candidate.callIdLength() != decoder.callIdLength())
        {
            return false;
        }
        final DirectBuffer a = candidate.buffer();
        final DirectBuffer b = decoder.buffer();
        for (int i = 0; i < decoder.callIdLength(); i++)
        {
            if (a.getByte(candidate.callIdOffset() + i) != b.getByte(decoder.callIdOffset() + i))
            {
                return false;
            }
        }
        return !purges.isPurged(chronicleIndex, candidate.startNs(), candidate.idSensor());
    }

    static long identityOf(final CdrDecoder record)
    {
        return LegIdentityIndex.identity(record.idSensor(),
            CallIdHash.hash(record.buffer(), record.callIdOffset(), record.callIdLength()), record.startNs());
    }

    private static long catchUp(final Journal journal, final LegIdentityIndex identities) throws IOException
    {
        long added = 0;
        final CdrDecoder record = new CdrDecoder();
        try (Journal.Reader reader = journal.rawReader().after(identities.covered()))
        {
            while (reader.next(record))
            {
                identities.put(identityOf(record), reader.index(), -1);
                identities.covered(reader.index());
                added++;
            }
        }
        return added;
    }
}
