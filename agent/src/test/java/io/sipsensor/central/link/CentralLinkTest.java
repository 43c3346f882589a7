package io.sipsensor.central.link;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.LinkDescriptor;
import io.sipsensor.central.LinkEncoder;
import io.sipsensor.central.Refusal;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.sipsensor.central.link.LinkFixture.JOURNAL;
import static io.sipsensor.central.link.LinkFixture.QUIET;
import static io.sipsensor.central.link.LinkFixture.STORE_PASSWORD;
import static io.sipsensor.central.link.LinkFixture.await;
import static io.sipsensor.central.link.LinkFixture.journal;
import static io.sipsensor.central.link.LinkFixture.legs;
import static io.sipsensor.central.link.LinkFixture.multiplicity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensors and a central in one process over real TLS sockets on loopback: every leg of every sensor reaches the
 * central's journal exactly once, also across a lost acknowledgement and a central restart; bad clients are refused
 * and counted while the good ones keep shipping.
 */
class CentralLinkTest
{
    private static final String SECRET = "group secret";

    @TempDir
    Path dir;

    private Path keystore;
    private Path certificate;
    private int maxConnections = 64;

    @BeforeEach
    void makeCertificate() throws Exception
    {
        keystore = LinkFixture.keystore(dir, "central");
        certificate = dir.resolve("central.pem");
    }

    private CentralServer central(final Path spool, final int port, final Counters counters) throws IOException
    {
        return CentralServer.start(new LinkConfig.CentralSettings("127.0.0.1", port, keystore, STORE_PASSWORD,
            SECRET, 2_000_000_000L, 1_000_000_000L, maxConnections), spool, JOURNAL, LicenseChannelSettings.defaults(),
            counters, QUIET);
    }

    private CentralSender sender(final Path spool, final int idSensor, final int port, final String secret,
        final Path pinned, final Counters counters) throws IOException
    {
        return new CentralSender(new LinkConfig.SenderSettings("127.0.0.1", port, pinned, secret), spool, idSensor,
            "hw-" + idSensor, counters, QUIET).start();
    }

    private static Map<String, Integer> expected(final int idSensor, final int from, final int to,
        final Map<String, Integer> into)
    {
        for (int i = from; i < to; i++)
        {
            into.put(idSensor + "/" + i + "-ship@127.0.2.10", 1);
        }
        return into;
    }

    @Test
    void shouldShipTwoSensorsLegsToOneCentralExactlyOnce() throws Exception
    {
        final Path sensorA = dir.resolve("sensor-a");
        final Path sensorB = dir.resolve("sensor-b");
        final Path centralSpool = dir.resolve("central-spool");
        final long lastA = journal(sensorA, 1, 0, 5000);
        final long lastB = journal(sensorB, 2, 2500, 7500); // overlapping Call-IDs, another sensor: both kept
        final Counters centralCounters = new Counters();
        final Counters sensorCounters = new Counters();
        try (CentralServer central = central(centralSpool, 0, centralCounters);
            CentralSender a = sender(sensorA, 1, central.port(), SECRET, certificate, sensorCounters.shard());
            CentralSender b = sender(sensorB, 2, central.port(), SECRET, certificate, sensorCounters.shard()))
        {
            await("sensor 1 acknowledged", () -> a.acked() == lastA);
            await("sensor 2 acknowledged", () -> b.acked() == lastB);
            assertEquals(2, centralCounters.total(SensorCounter.LINK_SESSIONS));
        }
        final List<String> atCentral = legs(centralSpool);
        assertEquals(10_000, atCentral.size());
        assertEquals(expected(2, 2500, 7500, expected(1, 0, 5000, new TreeMap<>())), multiplicity(atCentral));
        assertEquals(10_000, sensorCounters.total(SensorCounter.LINK_LEGS_SENT));
        // batches travel deflated (server_compress = yes by default)
        assertTrue(sensorCounters.total(SensorCounter.LINK_BATCH_BYTES_SENT) * 2 <
            sensorCounters.total(SensorCounter.LINK_BATCH_BYTES_PLAIN));
        assertEquals("destination=127.0.0.1:" + "\\d+\nacked_index=" + lastA + "\n",
            Files.readString(sensorA.resolve("central").resolve("acked")).replaceAll(":\\d+\n", ":\\\\d+\n"));
    }

    @Test
    void shouldAddNothingWhenAnAcknowledgementIsLostAndTheLegsAreSentAgain() throws Exception
    {
        final Path sensor = dir.resolve("sensor");
        final Path centralSpool = dir.resolve("central-spool");
        final long last = journal(sensor, 3, 0, 3000);
        final Counters centralCounters = new Counters();
        try (CentralServer central = central(centralSpool, 0, centralCounters))
        {
            try (CentralSender first = sender(sensor, 3, central.port(), SECRET, certificate, new Counters()))
            {
                await("acknowledged", () -> first.acked() == last);
            }
            // the sensor crashed before its acknowledged index reached the disk: it sends everything again
            Files.delete(sensor.resolve("central").resolve("acked"));
            try (CentralSender again = sender(sensor, 3, central.port(), SECRET, certificate, new Counters()))
            {
                await("acknowledged again", () -> again.acked() == last);
            }
            assertEquals(3000, centralCounters.total(SensorCounter.LEGS_DUPLICATE));
        }
        assertEquals(expected(3, 0, 3000, new TreeMap<>()), multiplicity(legs(centralSpool)));
    }

    @Test
    void shouldResumeAfterTheCentralGoesAwayAndComesBack() throws Exception
    {
        final Path sensor = dir.resolve("sensor");
        final Path centralSpool = dir.resolve("central-spool");
        final long firstLast = journal(sensor, 4, 0, 2000);
        final Counters sensorCounters = new Counters();
        final int port;
        final CentralServer central = central(centralSpool, 0, new Counters());
        port = central.port();
        try (CentralSender sender = sender(sensor, 4, port, SECRET, certificate, sensorCounters))
        {
            await("first part acknowledged", () -> sender.acked() == firstLast);
            central.close();
            // while the central is away the sensor keeps journaling; the sender retries
            final long secondLast = journal(sensor, 4, 2000, 4500);
            await("a failed reconnect", () -> sensorCounters.total(SensorCounter.LINK_CONNECT_FAILURES) > 0);
            assertEquals(firstLast, sender.acked());
            await("the backlog gauge counts what waits",
                () -> sensorCounters.total(SensorCounter.LINK_BACKLOG_LEGS) == 2500);
            try (CentralServer back = central(centralSpool, port, new Counters()))
            {
                await("backlog drained", () -> sender.acked() == secondLast);
                await("the backlog gauge at zero", () -> sensorCounters.total(SensorCounter.LINK_BACKLOG_LEGS) == 0);
            }
        }
        assertEquals(expected(4, 0, 4500, new TreeMap<>()), multiplicity(legs(centralSpool)));
    }

    @Test
    void shouldCloseConnectionsBeyondTheLimitAndServeThemOnceOneLeaves() throws Exception
    {
        maxConnections = 1;
        final Path first = dir.resolve("first");
        final Path second = dir.resolve("second");
        final long lastFirst = journal(first, 10, 0, 100);
        final long lastSecond = journal(second, 11, 0, 100);
        final Counters centralCounters = new Counters();
        final Counters secondCounters = new Counters();
        try (CentralServer central = central(dir.resolve("central-spool"), 0, centralCounters))
        {
            final CentralSender a = sender(first, 10, central.port(), SECRET, certificate, new Counters());
            await("the first sensor served", () -> a.acked() == lastFirst);
            try (CentralSender b = sender(second, 11, central.port(), SECRET, certificate, secondCounters))
            {
                await("the second closed at the limit",
                    () -> centralCounters.total(SensorCounter.LINK_REFUSED_BUSY) > 0);
                await("the second sensor saw it", () -> secondCounters.total(SensorCounter.LINK_CONNECT_FAILURES) > 0);
                assertEquals(AckedIndex.NONE, b.acked());
                a.close();
                await("the second served once the first left", () -> b.acked() == lastSecond);
            }
        }
        final Map<String, Integer> expected = expected(10, 0, 100, new TreeMap<>());
        assertEquals(expected(11, 0, 100, expected), multiplicity(legs(dir.resolve("central-spool"))));
    }

    @Test
    void shouldRefuseASensorWhoseClockIsOffNamingTheDifference() throws Exception
    {
        final Counters centralCounters = new Counters();
        try (CentralServer central = central(dir.resolve("central-spool"), 0, centralCounters);
            SSLSocket skewed = (SSLSocket)LinkTls.pinned(certificate).getSocketFactory()
                .createSocket("127.0.0.1", central.port()))
        {
            final UnsafeBuffer hello = new UnsafeBuffer(new byte[256]);
            final long clockNs = (System.currentTimeMillis() - 60_000) * 1_000_000L;
            skewed.getOutputStream().write(hello.byteArray(), 0,
                LinkEncoder.hello(hello, 0, LinkDescriptor.VERSION, 8, clockNs, "hw-8"));
            skewed.getOutputStream().flush();
            final LinkDecoder refusal = readFrame(skewed);
            assertEquals(Refusal.CLOCK, refusal.refusedBy());
            assertTrue(refusal.refuseText().matches(".*differs from the central's by -6\\d\\.\\d{3} s .*"),
                refusal.refuseText());
            assertEquals(1, centralCounters.total(SensorCounter.LINK_REFUSED_CLOCK));
            assertEquals(0, centralCounters.total(SensorCounter.LINK_SESSIONS));

            try (SSLSocket hostile = (SSLSocket)LinkTls.pinned(certificate).getSocketFactory()
                .createSocket("127.0.0.1", central.port()))
            {
                hostile.getOutputStream().write(hello.byteArray(), 0,
                    LinkEncoder.hello(hello, 0, LinkDescriptor.VERSION, 8, Long.MIN_VALUE, "hw-8"));
                hostile.getOutputStream().flush();
                assertEquals(Refusal.CLOCK, readFrame(hostile).refusedBy(), "no overflow past the check");
            }
        }
    }

    private static LinkDecoder readFrame(final SSLSocket socket) throws IOException
    {
        final byte[] header = socket.getInputStream().readNBytes(LinkDescriptor.HEADER_LENGTH);
        final int bodyLength = new UnsafeBuffer(header).getInt(LinkDescriptor.BODY_LENGTH_OFFSET,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        final byte[] frame = new byte[LinkDescriptor.HEADER_LENGTH + bodyLength];
        System.arraycopy(header, 0, frame, 0, header.length);
        final byte[] body = socket.getInputStream().readNBytes(bodyLength);
        System.arraycopy(body, 0, frame, header.length, body.length);
        final LinkDecoder decoder = new LinkDecoder();
        assertEquals(frame.length, decoder.frame(new UnsafeBuffer(frame), 0, frame.length));
        return decoder;
    }

    @Test
    void shouldRefuseAndCountBadClientsWhileAGoodSensorKeepsShipping() throws Exception
    {
        final Path good = dir.resolve("good");
        final Path wrong = dir.resolve("wrong");
        final Path centralSpool = dir.resolve("central-spool");
        final long last = journal(good, 5, 0, 1000);
        journal(wrong, 6, 0, 10);
        final Path otherKeystore = LinkFixture.keystore(dir, "impostor");
        final Counters centralCounters = new Counters();
        final Counters wrongCounters = new Counters();
        final Counters impostorCounters = new Counters();
        try (CentralServer central = central(centralSpool, 0, centralCounters))
        {
            try (CentralSender badSecret = sender(wrong, 6, central.port(), "not the secret", certificate,
                wrongCounters);
                CentralSender badPin = sender(wrong, 6, central.port(), SECRET, dir.resolve("impostor.pem"),
                    impostorCounters))
            {
                await("wrong secret refused",
                    () -> centralCounters.total(SensorCounter.LINK_REFUSED_AUTHENTICATION) > 0);
                await("wrong secret seen by the sensor",
                    () -> wrongCounters.total(SensorCounter.LINK_CONNECT_FAILURES) > 0);
                await("unpinned central refused by the sensor",
                    () -> impostorCounters.total(SensorCounter.LINK_CONNECT_FAILURES) > 0);
                assertEquals(AckedIndex.NONE, badSecret.acked());
                assertEquals(AckedIndex.NONE, badPin.acked());
            }
            try (Socket plain = new Socket("127.0.0.1", central.port()))
            {
                final OutputStream out = plain.getOutputStream();
                final UnsafeBuffer hello = new UnsafeBuffer(new byte[256]);
                out.write(hello.byteArray(), 0, LinkEncoder.hello(hello, 0, LinkDescriptor.VERSION, 7, 0, "hw"));
                out.flush();
                await("plaintext refused", () -> centralCounters.total(SensorCounter.LINK_REFUSED_TLS) > 0);
            }
            try (SSLSocket garbage = (SSLSocket)LinkTls.pinned(certificate).getSocketFactory()
                .createSocket("127.0.0.1", central.port()))
            {
                final byte[] junk = new byte[4096];
                new Random(13).nextBytes(junk);
                junk[0] = 'G';
                garbage.getOutputStream().write(junk);
                garbage.getOutputStream().flush();
                await("garbage refused", () -> centralCounters.total(SensorCounter.LINK_REFUSED_BAD_MAGIC) > 0);
            }
            try (SSLSocket oldVersion = (SSLSocket)LinkTls.pinned(certificate).getSocketFactory()
                .createSocket("127.0.0.1", central.port()))
            {
                final UnsafeBuffer hello = new UnsafeBuffer(new byte[256]);
                oldVersion.getOutputStream().write(hello.byteArray(), 0,
                    LinkEncoder.hello(hello, 0, LinkDescriptor.VERSION + 1, 7, 0, "hw"));
                oldVersion.getOutputStream().flush();
                await("other version refused", () -> centralCounters.total(SensorCounter.LINK_REFUSED_VERSION) > 0);
            }
            try (SSLSocket silent = (SSLSocket)LinkTls.pinned(certificate).getSocketFactory()
                .createSocket("127.0.0.1", central.port()))
            {
                silent.startHandshake();
                await("a silent client closed", () -> centralCounters.total(SensorCounter.LINK_REFUSED_TIMEOUT) > 0);
                final LinkDecoder refusal = readFrame(silent);
                assertEquals(Refusal.TIMEOUT, refusal.refusedBy());
            }
            try (CentralSender sender = sender(good, 5, central.port(), SECRET, certificate, new Counters()))
            {
                await("good sensor acknowledged", () -> sender.acked() == last);
            }
        }
        assertEquals(expected(5, 0, 1000, new TreeMap<>()), multiplicity(legs(centralSpool)));
    }
}
