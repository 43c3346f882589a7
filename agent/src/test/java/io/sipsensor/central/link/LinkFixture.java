package io.sipsensor.central.link;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test material for the link: a self-signed central certificate made with the JDK's keytool, sensor spools with
 * journaled legs, and a reader of a journal's legs.
 */
final class LinkFixture
{
    static final String STORE_PASSWORD = "store-pass";
    static final JournalSettings JOURNAL = new JournalSettings(0, 1L << 20, 16L << 20, TimeUnit.SECONDS.toNanos(1));
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private LinkFixture()
    {
    }

    /**
     * Makes a PKCS#12 key store with a self-signed EC certificate and exports the certificate as PEM.
     *
     * @param dir   where.
     * @param alias file name stem and key alias.
     * @return the key store; the certificate is beside it as {@code alias.pem}.
     */
    static Path keystore(final Path dir, final String alias) throws IOException, InterruptedException
    {
        final Path keystore = dir.resolve(alias + ".p12");
        final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=" + alias, "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
            "-storepass", STORE_PASSWORD, "-file", dir.resolve(alias + ".pem").toString());
        return keystore;
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    static CdrLeg leg(final int idSensor, final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000_000L;
        return new CdrLeg(
            idSensor, i + "-ship@127.0.2.10", "0605" + (788613 + i), "0246296364", "0246296364",
            "127.0.2.10", 5070, "127.0.2.20", 5060,
            start, start + 643_452_000L, start + 3_145_971_000L, start + 643_452_000L, CallState.NO_TIME,
            start + 3_145_971_000L, start + 3_146_093_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0);
    }

    /**
     * Journals legs {@code from..to-1} of a sensor into a spool through the journal writer.
     *
     * @return the journal's last index afterwards.
     */
    static long journal(final Path spool, final int idSensor, final int from, final int to) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(spool, JOURNAL, false, new Counters(), QUIET))
        {
            for (int i = from; i < to; i++)
            {
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(idSensor, i)));
            }
            try (Journal journal = Journal.open(spool.resolve("journal")))
            {
                return journal.lastIndex();
            }
        }
    }

    /** @return every leg in a spool's journal, as "sensor/Call-ID" in journal order. */
    static List<String> legs(final Path spool)
    {
        final List<String> legs = new ArrayList<>();
        try (Journal journal = Journal.open(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder record = new CdrDecoder();
            while (reader.next(record))
            {
                legs.add(record.idSensor() + "/" + record.toLeg().callId());
            }
        }
        return legs;
    }

    /** @return how many times each leg is in the list. */
    static TreeMap<String, Integer> multiplicity(final List<String> legs)
    {
        final TreeMap<String, Integer> counts = new TreeMap<>();
        for (final String leg : legs)
        {
            counts.merge(leg, 1, Integer::sum);
        }
        return counts;
    }

    /** Waits for a condition the system under test brings about, failing after a generous bound. */
    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("still waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static boolean exists(final Path file)
    {
        return Files.exists(file);
    }
}
