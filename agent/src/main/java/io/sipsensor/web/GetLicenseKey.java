package io.sipsensor.web;

import io.javalin.http.Context;
import io.sipsensor.json.JsonWriter;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseInstaller;
import io.sipsensor.license.LicensePortal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The web interface's Get License Key ({@code POST /api/v1/license/fetch}, admin, CSRF like every POST): asks the
 * vendor's portal for a temporary increase and installs it, exactly as {@code sipsensor license fetch} does. Served at
 * every level, LOCKED included, so a locked customer can unlock from the browser. Answers {@code {"message": line,
 * "level": ...}} (200), or {@code {"error": line}}: 403 not an admin, 422 refused by the portal or the install, 502
 * portal unreachable. A page's button posts here (a form field {@code csrf} or the header) and shows the line.
 */
final class GetLicenseKey
{
    private GetLicenseKey()
    {
    }

    static void handle(final Context ctx, final Sessions.Session session, final Supplier<LicenseEvaluator> evaluators,
        final PrintStream log) throws IOException
    {
        if (session.role() != Role.ADMIN)
        {
            answer(ctx, 403, "error", "only an admin may get a license key", null);
            return;
        }
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final PrintStream warningLog = new PrintStream(warnings, true, StandardCharsets.UTF_8);
        try
        {
            final LicenseInstaller.Installed installed =
                new LicensePortal(evaluators.get(), warningLog).fetchAndInstall(null);
            log.println("sipsensor: web: " + session.user() + " got a license key: " + installed.line());
            answer(ctx, 200, "message", installed.line(), installed.status().level().name());
        }
        catch (final LicenseInstaller.Refused ex)
        {
            log.println("sipsensor: web: Get License Key for " + session.user() + ": " + ex.getMessage());
            answer(ctx, 422, "error", ex.getMessage(), null);
        }
        catch (final LicensePortal.Unreachable ex)
        {
            log.println("sipsensor: web: Get License Key for " + session.user() + ": " + ex.getMessage());
            answer(ctx, 502, "error", ex.getMessage(), null);
        }
        finally
        {
            log.print(warnings.toString(StandardCharsets.UTF_8));
        }
    }

    private static void answer(final Context ctx, final int status, final String name, final String line,
        final String level)
    {
        final StringBuilder text = new StringBuilder(256);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name(name).value(line);
        if (level != null)
        {
            json.name("level").value(level);
        }
        json.endObject();
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(text.toString());
    }
}
