package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options do what their help says: {@code --id-sensor} filters an export and is offered only where it means
 * something, a mistyped option is answered with the nearest real one, and a config file without an interface gets
 * one line instead of the whole usage.
 */
class HonestOptionsTest
{
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("samples");

    @Test
    void shouldExportOnlyTheLegsOfTheSensorAsked(@TempDir final Path dir)
    {
        final String spool = dir.resolve("spool").toString();
        final Corpus.Result seven = Corpus.run("-r", SAMPLES.resolve("sipsensor-sample-1.pcap").toString(),
            "--spool", spool, "--id-sensor", "7", "--progress", "none");
        assertEquals(0, seven.status(), seven.err());
        final Corpus.Result nine = Corpus.run("-r", SAMPLES.resolve("sipsensor-sample-2.pcap.gz").toString(),
            "--spool", spool, "--id-sensor", "9", "--progress", "none");
        assertEquals(0, nine.status(), nine.err());

        final List<Object> all = legs(Corpus.run("cdr", "export", "--spool", spool, "--format", "json"));
        final List<Object> onlySeven =
            legs(Corpus.run("cdr", "export", "--spool", spool, "--format", "json", "--id-sensor", "7"));
        final List<Object> onlyNine =
            legs(Corpus.run("cdr", "export", "--spool", spool, "--format", "json", "--id-sensor", "9"));
        assertFalse(onlySeven.isEmpty());
        assertFalse(onlyNine.isEmpty());
        assertEquals(all.size(), onlySeven.size() + onlyNine.size());
        onlySeven.forEach(leg -> assertEquals(7, Corpus.number(((Map<?, ?>)leg).get("id_sensor")), leg.toString()));
        onlyNine.forEach(leg -> assertEquals(9, Corpus.number(((Map<?, ?>)leg).get("id_sensor")), leg.toString()));
        assertTrue(legs(Corpus.run("cdr", "export", "--spool", spool, "--format", "json", "--id-sensor", "8"))
            .isEmpty());
    }

    @Test
    void shouldOfferSensorIdOnlyWhereItMeansSomethingWithItsOwnHelp()
    {
        final PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        final List<String> written = new ArrayList<>();
        final List<String> offered = new ArrayList<>();
        forEachCommand(Main.commandLine(nowhere, nowhere, true), new ArrayList<>(), (path, help) ->
        {
            if (help.contains("--id-sensor"))
            {
                offered.add(String.join(" ", path));
            }
            if (help.contains("Sensor id written into every CDR"))
            {
                written.add(String.join(" ", path));
            }
        });
        assertEquals(List.of(""), written, "only a capture run writes the sensor id into CDRs");
        assertEquals(List.of("", "cdr export", "cdr import", "license check"), offered.stream().sorted().toList());
        final Corpus.Result status = Corpus.run("status", "--spool", "x", "--id-sensor", "3");
        assertEquals(2, status.status(), "refused, not ignored");
    }

    @Test
    void shouldSuggestTheNearestOptionForATypo()
    {
        final Corpus.Result run = Corpus.run("--readpcapdir", SAMPLES.toString(), "--spol", "/tmp/x");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("(did you mean '--spool'?)"), run.err());
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", "/tmp/x", "--formt", "csv");
        assertEquals(2, export.status());
        assertTrue(export.err().contains("(did you mean '--format'?)"), export.err());
        final Corpus.Result subcommand = Corpus.run("stauts");
        assertTrue(subcommand.err().contains("(did you mean 'status'?)"), subcommand.err());
        final Corpus.Result far = Corpus.run("--completely-unrelated");
        assertFalse(far.err().contains("did you mean"), far.err());
        final Corpus.Result shortOption = Corpus.run("-Dx");
        assertFalse(shortOption.err().contains("did you mean"), "no guess for a short option: " + shortOption.err());
    }

    @Test
    void shouldSayInOneLineThatTheConfigFileSetsNoInterface(@TempDir final Path dir) throws IOException
    {
        final Path config = Files.writeString(dir.resolve("sipsensor.conf"),
            "[general]\nspooldir = " + dir.resolve("spool") + "\n");
        final Corpus.Result result = Corpus.run("--config-file", config.toString());
        assertEquals(2, result.status());
        assertEquals("sipsensor: " + config + " sets no 'interface': add 'interface = eth1' (your mirror port) to " +
            "it, or give -i IF, -r FILE or --readpcapdir DIR\n", result.err());
    }

    private static List<Object> legs(final Corpus.Result result)
    {
        assertEquals(0, result.status(), result.err());
        @SuppressWarnings("unchecked")
        final List<Object> legs = (List<Object>)io.sipsensor.json.JsonReader.parse(result.out());
        return legs;
    }

    private static void forEachCommand(final CommandLine command, final List<String> path,
        final java.util.function.BiConsumer<List<String>, String> visitor)
    {
        if (!(command.getCommand() instanceof CommandLine.HelpCommand))
        {
            visitor.accept(path, command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        for (final Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet())
        {
            final List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            forEachCommand(sub.getValue(), next, visitor);
        }
    }
}
