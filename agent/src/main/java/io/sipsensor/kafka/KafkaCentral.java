package io.sipsensor.kafka;

import io.sipsensor.central.link.CentralJournal;
import io.sipsensor.central.link.GroupChannels;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.spool.Spool;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A central fed by Kafka: the central's journal thread ({@link CentralJournal}) over its spool's journal, and a
 * {@link KafkaCentralReader} handing it the topic's legs. Threads: the journal thread, the reader (and the Kafka
 * consumer's own I/O thread).
 */
public final class KafkaCentral implements AutoCloseable
{
    /** Most batches waiting for the journal thread (the reader has one in flight at a time). */
    private static final int MAX_PENDING_BATCHES = 4;

    private final JournalWriter writer;
    private final GroupChannels channels;
    private final CentralJournal journal;
    private final Thread journalThread;
    private final KafkaCentralReader reader;

    private KafkaCentral(final JournalWriter writer, final GroupChannels channels, final CentralJournal journal,
        final Thread journalThread, final KafkaCentralReader reader)
    {
        this.writer = writer;
        this.channels = channels;
        this.journal = journal;
        this.journalThread = journalThread;
        this.reader = reader;
    }

    /**
     * Opens the central's journal and starts reading the topic.
     *
     * @param config          brokers, topic, group, TLS/SASL.
     * @param spoolRoot       the central's spool.
     * @param journalSettings how the central's journal is kept.
     * @param counters        the central's counters (sets for its threads are made here).
     * @param log             where one-line reports go.
     * @return the running central.
     * @throws IOException if the journal cannot be opened.
     * @throws io.sipsensor.config.ConfigException with one line when the settings are incomplete.
     */
    public static KafkaCentral start(final KafkaConfig config, final Path spoolRoot,
        final JournalSettings journalSettings, final Counters counters, final PrintStream log) throws IOException
    {
        return start(config, spoolRoot, journalSettings, LicenseChannelSettings.defaults(), counters, log);
    }

    /**
     * Starts a central reading Kafka that counts the group's channels as the direct central does: every leg it
     * journals feeds the live channel count, and {@link #refreshStats()} keeps the hourly statistics up to date.
     *
     * @param config          the topic, the brokers, the client settings.
     * @param spoolRoot       the central's spool.
     * @param journalSettings how the central's journal is kept.
     * @param license         how the group's legs merge into license channels.
     * @param counters        the central's counters (sets for its threads are made here).
     * @param log             where one-line reports go.
     * @return the running central.
     * @throws IOException if the journal cannot be opened.
     */
    public static KafkaCentral start(final KafkaConfig config, final Path spoolRoot,
        final JournalSettings journalSettings, final LicenseChannelSettings license, final Counters counters,
        final PrintStream log) throws IOException
    {
        config.consumerProperties(); // an incomplete setting fails before the journal is opened
        final JournalWriter writer = JournalWriter.open(spoolRoot, journalSettings, false, counters.shard(), log);
        final GroupChannels channels = new GroupChannels(new Spool(spoolRoot), license, counters, log);
        final CentralJournal journal = new CentralJournal(writer, channels, MAX_PENDING_BATCHES, counters.shard(),
            log);
        final Thread journalThread = new Thread(journal, "central-journal");
        journalThread.start();
        final KafkaCentralReader reader = new KafkaCentralReader(config, journal, counters.shard(), log).start();
        return new KafkaCentral(writer, channels, journal, journalThread, reader);
    }

    /** Brings the spool's hourly statistics up to date with the legs journaled since (the run's main thread). */
    public void refreshStats()
    {
        channels.refreshStats(false);
    }

    /** @return false when the journal thread or the reader ended by itself. */
    public boolean alive()
    {
        return journalThread.isAlive() && reader.thread().isAlive();
    }

    /** Stops the reader (offsets not committed are read again), then the journal thread, then closes the journal. */
    @Override
    public void close()
    {
        reader.close();
        journal.stop();
        try
        {
            journalThread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        writer.drainHeld();
        writer.close();
        channels.close();
    }
}
