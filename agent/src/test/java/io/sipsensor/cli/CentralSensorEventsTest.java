package io.sipsensor.cli;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.central.link.CentralSender;
import io.sipsensor.central.link.CentralServer;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group's license events a central and its sensors raise for real (LICENSING.md): a second sensor with a
 * connected sensor's id but another hardware id, or its hardware id with another id, is refused and raises
 * DUPLICATE_SENSOR at the central; a sensor heard from that stays away past sensor_missing_timeout_s raises
 * MISSING_SENSOR, cleared when it is back; a sensor that cannot reach its central past central_missing_timeout_s
 * raises MISSING_CENTRAL in its own spool, cleared when the central is reached. Each shows in
 * {@code license status}. Real TLS sockets on loopback.
 */
class CentralSensorEventsTest
{
    private static final String SECRET = "group secret";
    private static final long SECOND_NS = 1_000_000_000L;
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final JournalSettings JOURNAL =
        new JournalSettings(0, 1L << 20, 16L << 20, TimeUnit.SECONDS.toNanos(1));

    @TempDir
    Path dir;

    @Test
    void shouldRaiseDuplicateAndMissingSensorAtTheCentralAndClearThem() throws Exception
    {
        final Path keystore = CentralProcessTest.keystore(dir);
        final Path centralSpool = dir.resolve("central");
        final Counters central = new Counters();
        try (CentralServer server = central(keystore, centralSpool, 0, central))
        {
            final CentralSender first = sender(server.port(), 1, "hw-one", SECOND_NS * 900);
            await("sensor 1 connected", () -> central.total(SensorCounter.LINK_CONNECTED) == 1);
            try (CentralSender clone = sender(server.port(), 1, "hw-clone", SECOND_NS * 900);
                CentralSender renamed = sender(server.port(), 2, "hw-one", SECOND_NS * 900))
            {
                await("both refused", () -> central.total(SensorCounter.LINK_REFUSED_DUPLICATE) >= 2);
            }
            server.refreshSensors();
            String status = license(centralSpool);
            assertTrue(status.contains("DUPLICATE_SENSOR") && status.contains("claimed by hardware id hw-clone") &&
                status.contains("claimed sensor id 2"), status);

            first.close(); // sensor 1 goes away: after the 2 s timeout it is missing, and the claims are old
            await("sensor 1 missing", () -> refreshed(server) &&
                central.total(SensorCounter.LINK_SENSORS_MISSING) == 1);
            status = license(centralSpool);
            assertTrue(status.contains("MISSING_SENSOR") && status.contains("sensor 1 (hardware id hw-one)"), status);
            assertFalse(status.contains("DUPLICATE_SENSOR"), status);

            try (CentralSender back = sender(server.port(), 1, "hw-one", SECOND_NS * 900))
            {
                await("sensor 1 back", () -> refreshed(server) &&
                    central.total(SensorCounter.LINK_SENSORS_MISSING) == 0 &&
                    central.total(SensorCounter.LINK_CONNECTED) == 1);
                assertFalse(license(centralSpool).contains("MISSING_SENSOR"));
            }
        }
    }

    @Test
    void shouldRaiseMissingCentralAtTheSensorUntilTheCentralIsReached() throws Exception
    {
        final Path keystore = CentralProcessTest.keystore(dir);
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final Counters sensor = new Counters();
        try (CentralSender sender = sender(port, 5, "hw-five", SECOND_NS, sensor))
        {
            await("MISSING_CENTRAL raised", () -> sensor.total(SensorCounter.LINK_CENTRAL_MISSING) == 1);
            final String status = license(dir.resolve("sensor-5"));
            assertTrue(status.contains("MISSING_CENTRAL") && status.contains("127.0.0.1:" + port), status);
            try (CentralServer ignored = central(keystore, dir.resolve("central"), port, new Counters()))
            {
                await("MISSING_CENTRAL cleared", () -> sensor.total(SensorCounter.LINK_CENTRAL_MISSING) == 0);
                assertFalse(license(dir.resolve("sensor-5")).contains("MISSING_CENTRAL"));
            }
        }
    }

    private static CentralServer central(final Path keystore, final Path spool, final int port,
        final Counters counters) throws IOException
    {
        return CentralServer.start(new LinkConfig.CentralSettings("127.0.0.1", port, keystore, "store-pass", SECRET,
            60 * SECOND_NS, 10 * SECOND_NS, 16, 2 * SECOND_NS), spool, JOURNAL, LicenseChannelSettings.defaults(),
            counters, QUIET);
    }

    private CentralSender sender(final int port, final int idSensor, final String hardwareId,
        final long missingTimeoutNs) throws IOException
    {
        return sender(port, idSensor, hardwareId, missingTimeoutNs, new Counters());
    }

    private CentralSender sender(final int port, final int idSensor, final String hardwareId,
        final long missingTimeoutNs, final Counters counters) throws IOException
    {
        return new CentralSender(new LinkConfig.SenderSettings("127.0.0.1", port, dir.resolve("central.pem"),
            SECRET, missingTimeoutNs), dir.resolve("sensor-" + idSensor), idSensor, hardwareId, counters, QUIET)
            .start();
    }

    private static boolean refreshed(final CentralServer server)
    {
        try
        {
            server.refreshSensors();
            return true;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String license(final Path spool)
    {
        final Corpus.Result status = Corpus.run("license", "status", "--spool", spool.toString());
        return status.out() + status.err();
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "not in time: " + what);
            Thread.sleep(20);
        }
    }
}
