package io.sipsensor.central.link;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.status.Counters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ingest at volume (soak: {@code ./mvnw -o -pl agent -am verify -Psoak -Dtest=CentralIngestSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false}): 300,000 journaled legs per sensor shipped over TLS on loopback, first
 * by one sensor, then again by one (warm) and by two at once into fresh centrals; every leg exactly once each time.
 * Prints the rate (legs acknowledged per second, sender start to last ACK) for the record; it asserts no timing.
 */
@Tag("soak")
class CentralIngestSoakTest
{
    private static final int LEGS = 300_000;

    @TempDir
    Path dir;

    @Test
    void shouldShipHundredsOfThousandsOfLegsExactlyOnce() throws Exception
    {
        final Path keystore = LinkFixture.keystore(dir, "central");
        final Path[] spools = new Path[2];
        final long[] last = new long[2];
        for (int s = 0; s < 2; s++)
        {
            spools[s] = dir.resolve("sensor-" + (s + 1));
            last[s] = LinkFixture.journal(spools[s], s + 1, 0, LEGS);
        }
        for (final int sensors : List.of(1, 1, 2))
        {
            final Path central = dir.resolve("central-" + System.nanoTime());
            try (CentralServer server = CentralServer.start(new LinkConfig.CentralSettings("127.0.0.1", 0, keystore,
                LinkFixture.STORE_PASSWORD, "secret", 2_000_000_000L, 10_000_000_000L, 16), central, LinkFixture.JOURNAL,
                io.sipsensor.channel.LicenseChannelSettings.defaults(),
                new Counters(), LinkFixture.QUIET))
            {
                final CentralSender[] senders = new CentralSender[sensors];
                final long startNs = System.nanoTime();
                for (int s = 0; s < sensors; s++)
                {
                    Files.deleteIfExists(spools[s].resolve("central").resolve("acked"));
                    senders[s] = new CentralSender(new LinkConfig.SenderSettings("127.0.0.1", server.port(),
                        dir.resolve("central.pem"), "secret"), spools[s], s + 1, "hw-" + s, new Counters(),
                        LinkFixture.QUIET).start();
                }
                for (int s = 0; s < sensors; s++)
                {
                    final CentralSender sender = senders[s];
                    final long end = last[s];
                    LinkFixture.await("sensor acknowledged", () -> sender.acked() == end);
                }
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                System.out.printf("central ingest: %d sensor(s), %,d legs in %.2f s: %,.0f legs/s%n", sensors,
                    (long)LEGS * sensors, seconds, LEGS * sensors / seconds);
                for (final CentralSender sender : senders)
                {
                    sender.close();
                }
            }
            final List<String> legs = LinkFixture.legs(central);
            assertEquals(LEGS * sensors, legs.size());
            assertEquals(LEGS * sensors, LinkFixture.multiplicity(legs).size(), "every leg once");
        }
    }
}
