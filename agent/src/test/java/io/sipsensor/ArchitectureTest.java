package io.sipsensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The house plan, checked on the sources: every package of the agent, the parser and the native bindings sits on a
 * layer, and a class may only name classes of its own package or of a lower layer (imports and fully qualified
 * names alike). So the package graph has no cycles and no arrow points up; a new package must be placed here first.
 * Also: only the native module reaches the OS through the FFM linker.
 */
class ArchitectureTest
{
    /** Layers from the bottom; packages on one layer may not name each other. */
    private static final List<List<String>> LAYERS = List.of(
        List.of("sip", "ffi", "json"),
        List.of("config"),
        List.of("status", "spool"),
        List.of("capture"),
        List.of("capture.live", "net"),
        List.of("net.tcp"),
        List.of("call"),
        List.of("journal"),
        List.of("channel", "central"),
        List.of("license", "export"),
        // the central's link owns the group's license conditions (duplicate, missing sensors, missing central)
        List.of("central.link"),
        // kafka: a sensor producing its journal, a central reading the topic into central.link's journal
        List.of("web", "vendor", "kafka"),
        List.of("pipeline"),
        List.of("run"),
        List.of("cli"));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.sipsensor\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.sipsensor\\.([a-z0-9.]+);", Pattern.MULTILINE);

    @Test
    void shouldPointEveryPackageReferenceDownTheLayers() throws IOException
    {
        final Map<String, Integer> rank = new TreeMap<>();
        for (int i = 0; i < LAYERS.size(); i++)
        {
            for (final String name : LAYERS.get(i))
            {
                rank.put(name, i);
            }
        }
        final List<String> violations = new ArrayList<>();
        final TreeSet<String> unplaced = new TreeSet<>();
        for (final Path file : mainSources())
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            final Matcher packageLine = PACKAGE.matcher(text);
            if (!packageLine.find())
            {
                continue;
            }
            final String from = packageLine.group(1);
            if (!rank.containsKey(from))
            {
                unplaced.add(from);
                continue;
            }
            final Matcher reference = REFERENCE.matcher(text);
            final TreeSet<String> targets = new TreeSet<>();
            while (reference.find())
            {
                targets.add(reference.group(1));
            }
            for (final String to : targets)
            {
                if (to.equals(from))
                {
                    continue;
                }
                final Integer toRank = rank.get(to);
                if (toRank == null)
                {
                    unplaced.add(to);
                }
                else if (toRank >= rank.get(from))
                {
                    violations.add(file.getFileName() + " (" + from + ") names " + to);
                }
            }
        }
        assertEquals(new TreeSet<>(), unplaced, "packages not placed on a layer of the house plan");
        assertEquals(List.of(), violations, "references that do not point down the layers");
    }

    @Test
    void shouldKeepEveryNativeBindingInTheNativeModule() throws IOException
    {
        final List<String> outside = new ArrayList<>();
        int inNative = 0;
        for (final Path file : mainSources())
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            final boolean binds = text.contains("java.lang.foreign.Linker") || text.contains("SymbolLookup");
            if (binds && file.toString().contains("/native/src/"))
            {
                inNative++;
            }
            else if (binds)
            {
                outside.add(file.toString());
            }
        }
        assertEquals(List.of(), outside, "FFM linker use outside the native module");
        assertTrue(inNative >= 3, "the native module's bindings were found");
    }

    private static List<Path> mainSources() throws IOException
    {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final List<Path> files = new ArrayList<>();
        for (final String module : List.of("agent", "sip-parser", "native"))
        {
            final Path sources = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(sources), "sources of " + module + " at " + sources);
            try (Stream<Path> walk = Files.walk(sources))
            {
                walk.filter(path -> path.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }
}
