package io.sipsensor.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifies and repairs a spool's CDR journal. Repair copies every intact record, in order and each into its own day,
 * into a new queue, renumbers the purge list to the new indices (so purged legs stay purged), moves the damaged
 * journal aside to {@code <spool>/journal-damaged-<time>/} (kept, never deleted) and drops the identity index (a
 * cache of the journal, rebuilt from it at the next open). Legs in the damaged ranges are gone; the report says
 * how many. Needs the spool to itself (the caller holds the spool lock).
 */
public final class JournalRepair
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /**
     * What a verify or repair found.
     *
     * @param records  intact records.
     * @param damage   damaged ranges.
     * @param movedTo  where the damaged journal went (repair only), or null.
     */
    public record Report(long records, List<JournalScanner.Damage> damage, Path movedTo)
    {
        /** @return records known lost, -1 if some range holds an unknown number. */
        public long lost()
        {
            long total = 0;
            for (final JournalScanner.Damage d : damage)
            {
                if (d.records() < 0)
                {
                    return -1;
                }
                total += d.records();
            }
            return total;
        }

        /** @return true if nothing is damaged. */
        public boolean clean()
        {
            return damage.isEmpty();
        }

        /** @return the lost count in words. */
        public String lostText()
        {
            final long lost = lost();
            return lost < 0 ? "an unknown number of" : Long.toString(lost);
        }
    }

    private JournalRepair()
    {
    }

    /**
     * Reads the whole journal and reports damage; changes nothing.
     *
     * @param journalDirectory the journal folder.
     * @return what was found.
     */
    public static Report verify(final Path journalDirectory)
    {
        return verify(journalDirectory, null);
    }

    /**
     * Reads the newest day file (the one appends go to) and reports its damage; changes nothing. Cheap enough for
     * {@code status}: one day's records.
     *
     * @param journalDirectory the journal folder.
     * @return what was found.
     */
    public static Report verifyNewest(final Path journalDirectory)
    {
        return verify(journalDirectory, true);
    }

    /**
     * Reads the journal (or one day file of it) and reports damage; changes nothing.
     *
     * @param journalDirectory the journal folder.
     * @param onlyLast         true to read only the newest day file (the one appends go to).
     * @return what was found.
     */
    static Report verify(final Path journalDirectory, final Boolean onlyLast)
    {
        try (JournalScanner scanner = new JournalScanner(journalDirectory))
        {
            if (Boolean.TRUE.equals(onlyLast))
            {
                scanner.onlyLast();
            }
            long records = 0;
            while (scanner.next())
            {
                records++;
            }
            return new Report(records, List.copyOf(scanner.damage()), null);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the CDR journal in " + journalDirectory + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Copies the intact records of a damaged journal into a clean one (see the class comment).
     *
     * @param spoolRoot the spool folder.
     * @return what was found and copied.
     * @throws IOException if the new journal cannot be written or the old one moved.
     */
    public static Report repair(final Path spoolRoot) throws IOException
    {
        final Path journalDirectory = spoolRoot.resolve("journal");
        final Path fresh = spoolRoot.resolve("journal.repairing");
        deleteTree(fresh);
        final Purges purges = Purges.load(spoolRoot);
        final List<Purges.Purge> old = purges.all();
        final long[] newBefore = new long[old.size()];
        java.util.Arrays.fill(newBefore, Long.MIN_VALUE);
        final SetTimeProvider clock = new SetTimeProvider(0);
        long records = 0;
        long lastNew = -1;
        final List<JournalScanner.Damage> damage;
        try (JournalScanner scanner = new JournalScanner(journalDirectory);
            Journal journal = Journal.open(fresh, clock))
        {
            while (scanner.next())
            {
                final long oldIndex = scanner.index();
                final long dayMillis = (oldIndex >>> 32) * 86_400_000L;
                if (clock.currentTimeMillis() < dayMillis)
                {
                    clock.currentTimeMillis(dayMillis + 1);
                }
                if (scanner.isPurge() && PurgeRecord.before(scanner.record()) != PurgeRecord.BEFORE_SELF)
                {
                    // renumber the purge's bound like the list's: the first copied record at or after it
                    long before = PurgeRecord.BEFORE_SELF;
                    for (int i = 0; i < newBefore.length; i++)
                    {
                        if (old.get(i).beforeIndex() == PurgeRecord.before(scanner.record()) &&
                            newBefore[i] != Long.MIN_VALUE)
                        {
                            before = newBefore[i];
                        }
                    }
                    PurgeRecord.before(scanner.record(), before);
                }
                final long newIndex = journal.append(scanner.buffer(), 0, scanner.length());
                for (int i = 0; i < newBefore.length; i++)
                {
                    if (newBefore[i] == Long.MIN_VALUE && oldIndex >= old.get(i).beforeIndex())
                    {
                        newBefore[i] = newIndex;
                    }
                }
                lastNew = newIndex;
                records++;
            }
            damage = List.copyOf(scanner.damage());
        }
        final List<Purges.Purge> renumbered = new ArrayList<>();
        for (int i = 0; i < newBefore.length; i++)
        {
            final Purges.Purge p = old.get(i);
            final long before = newBefore[i] != Long.MIN_VALUE ? newBefore[i] : lastNew + 1;
            renumbered.add(new Purges.Purge(before, p.fromNs(), p.toNs(), p.idSensor(), p.reason()));
        }

        final Path aside = spoolRoot.resolve("journal-damaged-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP));
        if (Files.exists(journalDirectory))
        {
            Files.move(journalDirectory, aside);
        }
        Files.move(fresh, journalDirectory);
        if (!renumbered.isEmpty())
        {
            purges.replaceAll(renumbered);
        }
        Files.deleteIfExists(spoolRoot.resolve("index").resolve("leg-identities.idx"));
        return new Report(records, damage, aside);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
