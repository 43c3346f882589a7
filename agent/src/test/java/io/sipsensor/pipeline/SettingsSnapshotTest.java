package io.sipsensor.pipeline;

import io.sipsensor.license.EventType;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.web.WebSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The web interface's threads read the license and channel settings from an immutable snapshot the owner thread
 * publishes, never from the context a SIGHUP reload changes key by key on the main thread: a reload half applied is
 * never seen, and the whole reload is seen once it is published.
 */
class SettingsSnapshotTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeTheWebFromTheLastPublishedSettingsAndNeverFromAReloadInProgress()
    {
        final SensorContext context = new SensorContext();
        context.set("spooldir", dir.toString(), "test");
        context.set("license_check_days", "30", "test");
        context.set("license_dedup_window_s", "10", "test");
        final WebSources sources = context.webSources(new PrintStream(new ByteArrayOutputStream()));
        final LicenseEvaluator before = sources.license().get();
        assertEquals(30, before.settings().policy().checkDays());
        assertNotSame(context.licenseSettings(), before.settings(), "a copy, not the context's own settings");

        // a reload on the main thread, key by key
        context.set("license_check_days", "7", "sensor.conf (reload)");
        context.set("license_schedule_over_allocation", "WARNING:1,LOCKED:3", "sensor.conf (reload)");
        context.set("license_dedup_window_s", "20", "sensor.conf (reload)");
        final LicenseEvaluator during = sources.license().get();
        assertEquals(30, during.settings().policy().checkDays(), "nothing of the reload before it is published");
        assertEquals(before.settings().policy().schedules().get(EventType.OVER_ALLOCATION),
            during.settings().policy().schedules().get(EventType.OVER_ALLOCATION));
        assertEquals(10_000_000_000L, sources.channels().get().dedupWindowNs());

        context.publish();
        final LicenseEvaluator after = sources.license().get();
        assertEquals(7, after.settings().policy().checkDays(), "the whole reload once published");
        assertEquals(context.licenseSettings().policy().schedules().get(EventType.OVER_ALLOCATION),
            after.settings().policy().schedules().get(EventType.OVER_ALLOCATION));
        assertEquals(20_000_000_000L, sources.channels().get().dedupWindowNs());
        assertEquals(30, before.settings().policy().checkDays(), "an evaluator made before keeps its settings");
    }
}
