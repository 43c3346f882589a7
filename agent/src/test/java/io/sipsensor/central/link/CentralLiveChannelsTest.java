package io.sipsensor.central.link;

import io.sipsensor.central.LegEvents;
import io.sipsensor.central.LinkConfig;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.sipsensor.central.link.LinkFixture.JOURNAL;
import static io.sipsensor.central.link.LinkFixture.QUIET;
import static io.sipsensor.central.link.LinkFixture.STORE_PASSWORD;
import static io.sipsensor.central.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The central's live channel count follows the legs in progress its sensors report, before any CDR arrives: a
 * start counts at once, the same call seen by a second sensor is one license channel, an end or the sensor going
 * away takes the leg out. Real TLS sockets on loopback, sensors and central in one process.
 */
class CentralLiveChannelsTest
{
    private static final String SECRET = "group secret";
    private static final long T0 = 1_795_343_581_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long KEY_A = (6L << 20 | 123456) << 32 | (6L << 20 | 654321);
    private static final long KEY_B = (6L << 20 | 111111) << 32 | (6L << 20 | 222222);

    @TempDir
    Path dir;

    @Test
    void shouldCountTheGroupsLegsInProgressWithCrossSensorDedup() throws Exception
    {
        final Path keystore = LinkFixture.keystore(dir, "central");
        final Counters central = new Counters();
        final Counters sensorOne = new Counters();
        final Counters sensorTwo = new Counters();
        try (CentralServer server = CentralServer.start(new LinkConfig.CentralSettings("127.0.0.1", 0, keystore,
            STORE_PASSWORD, SECRET, Long.MAX_VALUE / 4, 10 * SECOND, 16), dir.resolve("central"), JOURNAL,
            LicenseChannelSettings.defaults(), central, QUIET);
            CentralSender one = sender(server, 1, sensorOne);
            CentralSender two = sender(server, 2, sensorTwo))
        {
            await("both sensors connected", () -> central.total(SensorCounter.LINK_CONNECTED) == 2);
            final LegEvents.Publisher first = one.legEvents().publisher(sensorOne.shard());
            final LegEvents.Publisher second = two.legEvents().publisher(sensorTwo.shard());

            first.start(11, T0, KEY_A);
            first.start(12, T0 + SECOND, KEY_B);
            second.start(11, T0 + 2 * SECOND, KEY_A); // the same call as sensor 1's leg 11, seen by sensor 2
            await("three legs, two license channels", () -> gauges(central).equals("all 3 license 2"));
            assertEquals(3, central.total(SensorCounter.LINK_LEGS_IN_PROGRESS));

            first.connect(12, T0 + 3 * SECOND);
            await("one answered", () -> central.total(SensorCounter.CHANNELS_ANSWERED) == 1);

            first.end(11, T0, Long.MIN_VALUE, T0 + 4 * SECOND, KEY_A, 487);
            await("two legs, two license channels", () -> gauges(central).equals("all 2 license 2"));

            two.close(); // sensor 2 goes away with its leg in progress
            await("sensor 2's leg ended with it", () -> gauges(central).equals("all 1 license 1"));
            assertEquals(1, central.total(SensorCounter.LINK_LEGS_IN_PROGRESS));

            first.end(12, T0 + SECOND, T0 + 3 * SECOND, T0 + 5 * SECOND, KEY_B, 200);
            await("nothing in progress", () -> gauges(central).equals("all 0 license 0"));
            assertEquals(0, central.total(SensorCounter.LINK_LEGS_IN_PROGRESS));
        }
        assertEquals(6, sensorOne.total(SensorCounter.LINK_EVENTS_SENT) + sensorTwo.total(SensorCounter.LINK_EVENTS_SENT));
        assertEquals(6, central.total(SensorCounter.LINK_EVENTS_RECEIVED));
    }

    private CentralSender sender(final CentralServer server, final int idSensor, final Counters counters)
        throws IOException
    {
        return new CentralSender(new LinkConfig.SenderSettings("127.0.0.1", server.port(),
            dir.resolve("central.pem"), SECRET), dir.resolve("sensor-" + idSensor), idSensor, "hw-" + idSensor,
            counters, QUIET).start();
    }

    private static String gauges(final Counters counters)
    {
        return "all " + counters.total(SensorCounter.CHANNELS_ALL) + " license " +
            counters.total(SensorCounter.CHANNELS_LICENSE);
    }
}
