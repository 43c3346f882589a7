package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capture interface that is down is said, not silent: at start, when it goes down and when it comes back (one
 * line each, and the counters), with either engine.
 */
class LiveInterfaceStateTest
{
    @Test
    void shouldSayWhenTheInterfaceIsDownAtStartGoesDownAndComesBack(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp");
        final Path spool = dir.resolve("spool");
        final Path log = dir.resolve("agent.log");
        try (LiveNetwork network = LiveNetwork.create())
        {
            final String veth = network.vethA;
            link(network, dir, "down");
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sn", "uas",
                "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-nostdin"));
            final Process agent = network.startAgent(network.namespaceA, log, List.of("-i", veth,
                "--spool", spool.toString(), "--capture-engine", "afpacket"));
            LiveNetwork.awaitCounters(spool, agent, log, snapshot -> snapshot.state() == CountersFile.State.RUNNING &&
                snapshot.value(SensorCounter.INTERFACES_DOWN) == 1 &&
                snapshot.value(SensorCounter.INTERFACE_DOWN_EVENTS) == 1, 30_000);
            awaitLine(log, agent, "sipsensor: interface " + veth + " is down: nothing is captured on it until it " +
                "is up ('ip link set " + veth + " up')");

            link(network, dir, "up");
            LiveNetwork.awaitCounters(spool, agent, log,
                snapshot -> snapshot.value(SensorCounter.INTERFACES_DOWN) == 0, 15_000);
            awaitLine(log, agent, "sipsensor: interface " + veth + " is up again: capturing on it");
            final int status = network.run(network.namespaceA, dir.resolve("uac.log"), 60, List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sn", "uac", "-i", LiveNetwork.ADDRESS_A, "-p", "5070",
                "-m", "2", "-r", "10", "-d", "100", "-nostdin"));
            assertEquals(0, status, Files.readString(dir.resolve("uac.log")));
            LiveNetwork.awaitCounters(spool, agent, log,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) == 2, 15_000);

            link(network, dir, "down");
            LiveNetwork.awaitCounters(spool, agent, log, snapshot ->
                snapshot.value(SensorCounter.INTERFACES_DOWN) == 1 &&
                    snapshot.value(SensorCounter.INTERFACE_DOWN_EVENTS) == 2, 15_000);
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue());
        }
        final String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(2, text.split("is down: nothing is captured", -1).length - 1, text);
    }

    @Test
    void shouldSayHowToBringItUpWhenLibpcapRefusesADownInterface(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable();
        final Path log = dir.resolve("agent.log");
        try (LiveNetwork network = LiveNetwork.create())
        {
            link(network, dir, "down");
            final Process agent = network.startAgent(network.namespaceA, log, List.of("-i", network.vethA,
                "--spool", dir.resolve("spool").toString(), "--capture-engine", "pcap"));
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
            final String text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(agent.exitValue() != 0, text);
            assertTrue(text.contains("bring it up with 'ip link set " + network.vethA + " up'"), text);
        }
    }

    private static void link(final LiveNetwork network, final Path dir, final String state) throws Exception
    {
        assertEquals(0, network.run(network.namespaceA, dir.resolve("ip.log"), 10,
            List.of("ip", "link", "set", network.vethA, state)), Files.readString(dir.resolve("ip.log")));
    }

    private static void awaitLine(final Path log, final Process agent, final String line) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.readString(log, StandardCharsets.UTF_8).lines().anyMatch(line::equals))
            {
                return;
            }
            assertTrue(agent.isAlive(), Files.readString(log, StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
        throw new AssertionError("no line '" + line + "' in: " + Files.readString(log, StandardCharsets.UTF_8));
    }
}
