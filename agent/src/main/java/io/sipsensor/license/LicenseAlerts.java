package io.sipsensor.license;

import io.sipsensor.json.JsonWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily license alert: at most once per calendar day (license_timezone) while an event is open, and once for
 * each change of the overall level (back to OK included) since the last alert, a log line and, when
 * {@code license_alert_webhook} is set, an HTTP POST of a JSON body, and, when {@code alert_email_to} is set, a mail
 * ({@link AlertMail}). An over-allocation alone is not
 * alerted while a temporary increase is active. The lock blocks alerts, but its coming is announced: the first
 * evaluation that finds the level LOCKED sends exactly one alert (level LOCKED, {@code "lock": true}), and nothing
 * more is sent until the lock lifts. The day
 * alerted is kept in the spool's state, so evaluating again the same day does not alert again. A webhook failure
 * is logged and never fatal; that day's alert is not retried. A forecast (an instant after now) never alerts.
 */
public final class LicenseAlerts
{
    private final URI webhook;
    private final Duration timeout;
    private final int idSensor;
    private final PrintStream log;
    private final AlertMail mail;

    /**
     * @param webhook  where to POST, or null.
     * @param timeout  connect and request timeout.
     * @param idSensor this sensor's id, sent in the body.
     * @param log      where the alert line and failures go.
     */
    public LicenseAlerts(final URI webhook, final Duration timeout, final int idSensor, final PrintStream log)
    {
        this(webhook, null, timeout, idSensor, log);
    }

    /**
     * @param webhook  where to POST, or null.
     * @param mail     where to mail, or null.
     * @param timeout  connect and request timeout of the webhook and the SMTP server.
     * @param idSensor this sensor's id, sent in the body.
     * @param log      where the alert line and failures go.
     */
    public LicenseAlerts(final URI webhook, final AlertMail.Settings mail, final Duration timeout, final int idSensor,
        final PrintStream log)
    {
        this.mail = mail == null ? null : new AlertMail(mail, timeout, log);
        this.webhook = webhook;
        this.timeout = timeout;
        this.idSensor = idSensor;
        this.log = log;
    }

    /**
     * @param status the status just evaluated.
     * @param store  the spool's license store (remembers the day alerted).
     * @return true if an alert was due and raised.
     * @throws IOException if the state cannot be recorded.
     */
    public boolean alertIfDue(final LicenseStatus status, final LicenseStore store) throws IOException
    {
        final List<OpenEvent> events = new ArrayList<>();
        for (final OpenEvent event : status.events())
        {
            if (!(event.type() == EventType.OVER_ALLOCATION && status.alertsSilenced()))
            {
                events.add(event);
            }
        }
        if (!store.spoolExists() || status.asOf().isAfter(java.time.Instant.now()))
        {
            return false;
        }
        final boolean locked = status.level().locks();
        if (locked)
        {
            events.clear();
            events.addAll(status.events());
        }
        final LocalDate day = LocalDate.ofInstant(status.asOf(), status.policy().zone());
        final Level level = status.level();
        final Level previous;
        try (LicenseStore.Lock ignored = store.lock())
        {
            LicenseState state = readState(store);
            if (!locked && state.lockAlerted() != null)
            {
                state = state.withLockAlerted(null);
                store.writeState(state);
            }
            previous = state.alertedLevel();
            final boolean daily = !events.isEmpty() && (state.alertedDay() == null || day.isAfter(state.alertedDay()));
            final boolean changed = previous != null && previous != level;
            if (locked ? state.lockAlerted() != null : !daily && !changed)
            {
                return false;
            }
            final LicenseState alerted = locked ? state.withLockAlerted(status.asOf()) :
                daily ? state.withAlertedDay(day) : state;
            store.writeState(alerted.withAlertedLevel(level));
        }

        final StringBuilder message = new StringBuilder("license alert: level ").append(level);
        if (previous != null && previous != level)
        {
            message.append(" (was ").append(previous).append(')');
        }
        if (locked)
        {
            message.append(" (reports, alerts and exports are now refused; this is the last alert until it lifts)");
        }
        for (final OpenEvent event : events)
        {
            message.append("; ").append(event.type()).append(' ').append(event.level()).append(" since ")
                .append(event.since()).append(": ").append(event.cause()).append("; next: ")
                .append(StatusReport.next(event, status.asOf(), status.policy().zone()));
        }
        log.println("sipsensor: " + message);
        if (webhook != null)
        {
            post(body(status, events, day, message.toString(), locked));
        }
        if (mail != null)
        {
            mail.send("sipsensor license alert: level " + level + " (sensor " + idSensor + ", " +
                status.identity().hwid() + ")", mailText(message.toString(), status));
        }
        return true;
    }

    private void post(final String body)
    {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build())
        {
            final HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
            final HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2)
            {
                log.println("sipsensor: license alert webhook " + webhook + " answered " + response.statusCode() +
                    "; the alert is in the log only");
            }
        }
        catch (final IOException ex)
        {
            log.println("sipsensor: license alert webhook " + webhook + " failed: " +
                (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()) +
                "; the alert is in the log only");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            log.println("sipsensor: license alert webhook " + webhook + " interrupted");
        }
    }

    private String body(final LicenseStatus status, final List<OpenEvent> events, final LocalDate day,
        final String message, final boolean lock)
    {
        final StringBuilder text = new StringBuilder(1024);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("type").value("sipsensor.license.alert");
        json.name("id_sensor").value(idSensor);
        json.name("hwid").value(status.identity().hwid());
        json.name("day").value(day.toString());
        json.name("as_of").value(status.asOf().toString());
        json.name("level").value(status.level().name());
        json.name("lock").value(lock);
        json.name("licensed_channels").value(status.licensedChannels());
        json.name("effective_limit").value(status.effectiveLimit());
        json.name("events").beginArray();
        for (final OpenEvent event : events)
        {
            StatusReport.eventJson(event, status.asOf(), json);
        }
        json.endArray();
        json.name("message").value(message);
        json.endObject();
        return text.toString();
    }

    private static String mailText(final String message, final LicenseStatus status)
    {
        final StringBuilder text = new StringBuilder(1024);
        text.append(message.replace("; ", "\n")).append("\n\n");
        text.append("licensed channels: ").append(status.licensedChannels()).append(", effective limit: ")
            .append(status.effectiveLimit()).append(", as of ").append(status.asOf()).append('\n');
        text.append("Details: sipsensor license status (or the web interface's License page).\n");
        return text.toString();
    }

    private static LicenseState readState(final LicenseStore store) throws IOException
    {
        try
        {
            return store.readState();
        }
        catch (final RuntimeException ex)
        {
            return LicenseState.EMPTY;
        }
    }
}
