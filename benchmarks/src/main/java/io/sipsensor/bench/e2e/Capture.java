package io.sipsensor.bench.e2e;

import io.sipsensor.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generated capture, made once per set of generator options and kept in the benchmark folder (the file name
 * holds the options), with the generator's ground truth next to it.
 *
 * @param name        short name for the report.
 * @param file        the capture.
 * @param packets     frames in it.
 * @param sipMessages SIP messages in it.
 * @param legs        legs the generator placed (what must be journaled).
 * @param bytes       file size.
 */
record Capture(String name, Path file, long packets, long sipMessages, long legs, long bytes)
{
    /**
     * @param root      the repository (for {@code benchmarks/generate}).
     * @param directory where captures are kept.
     * @param name      short name.
     * @param options   generator options (without {@code --out} and {@code --expected}).
     * @return the capture, generated now if it was not there.
     * @throws IOException if generating fails.
     */
    static Capture obtain(final Path root, final Path directory, final String name, final List<String> options)
        throws IOException
    {
        final String key = String.join("_", options).replace("--", "").replaceAll("[^A-Za-z0-9._-]", "");
        final Path file = directory.resolve(name + "_" + key + ".pcap");
        final Path expected = directory.resolve(name + "_" + key + ".json");
        if (!Files.exists(file) || !Files.exists(expected))
        {
            System.out.println("generating " + file + " (once; kept for later runs) ...");
            final List<String> command = new ArrayList<>(List.of(root.resolve("benchmarks/generate").toString()));
            command.addAll(options);
            command.addAll(List.of("--out", file + ".tmp.pcap", "--expected", expected + ".tmp"));
            final Measured generated = Measured.run(command, Map.of(), null);
            if (generated.exitStatus() != 0)
            {
                throw new IOException("generator failed: " + generated.stderr());
            }
            Files.move(Path.of(file + ".tmp.pcap"), file);
            Files.move(Path.of(expected + ".tmp"), expected);
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> truth = (Map<String, Object>)JsonReader.parse(Files.readString(expected));
        return new Capture(name, file, number(truth.get("packets")), number(truth.get("sip_messages")),
            number(truth.get("legs_total")), Files.size(file));
    }

    /** @return packets that are not SIP (RTP in a mixed capture). */
    long otherPackets()
    {
        return packets - sipMessages;
    }

    static long number(final Object value)
    {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
