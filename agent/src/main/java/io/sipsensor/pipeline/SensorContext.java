package io.sipsensor.pipeline;

import io.sipsensor.call.CallConfig;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.capture.live.CaptureConfig;
import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.central.LinkConfig;
import io.sipsensor.channel.ChannelConfig;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.config.ConfigException;
import io.sipsensor.config.ConfigTarget;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;
import io.sipsensor.journal.JournalConfig;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.AlertMail;
import io.sipsensor.license.AlertMailConfig;
import io.sipsensor.license.LicenseSettings;
import io.sipsensor.net.DecodeConfig;
import io.sipsensor.net.EncapsulationSettings;
import io.sipsensor.net.ReassemblySettings;
import io.sipsensor.net.tcp.TcpConfig;
import io.sipsensor.net.tcp.TcpSettings;
import io.sipsensor.spool.Spool;
import io.sipsensor.kafka.KafkaConfig;
import io.sipsensor.web.WebConfig;
import io.sipsensor.web.WebSettings;
import io.sipsensor.web.WebSources;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;
import static io.sipsensor.config.SettingValues.powerOfTwoKib;

/**
 * The sensor's settings for one run: filled from the defaults, then the config file, then the command line, and
 * validated as each value is set, so a bad value fails at start with one line naming it. Each capability's
 * {@link SettingGroup} parses its own keys; this context keeps the run's own (spool, sensor id, hand-off ring), the
 * text and source of every value, and hands each part of the pipeline its settings. Filled on one thread before the
 * run starts; a live run's SIGHUP then updates the reloadable values in place, on the main thread, and posts what
 * the duty cycles need to them (they never read the context).
 */
public final class SensorContext implements ConfigTarget
{
    private final CallConfig call = new CallConfig();
    private final ChannelConfig channel = new ChannelConfig();
    private final JournalConfig journal = new JournalConfig();
    private final DecodeConfig decode = new DecodeConfig();
    private final TcpConfig tcp = new TcpConfig();
    private final CaptureConfig capture = new CaptureConfig();
    private final LicenseSettings licenseSettings = new LicenseSettings();
    private final LinkConfig link = new LinkConfig();
    private final WebConfig web = new WebConfig();
    private final AlertMailConfig alertMail = new AlertMailConfig();
    private final KafkaConfig kafka = new KafkaConfig();
    private final List<SettingGroup> groups =
        List.of(call, channel, journal, decode, tcp, capture, licenseSettings, alertMail, link, web, kafka);
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> sources = new HashMap<>();
    private Path spoolDirectory;
    private int idSensor;
    private int handoffRingBytes;
    private volatile Published published;

    /**
     * What threads other than the owner read (the web interface's license evaluations): copies made by
     * {@link #publish()}, never changed afterwards, so a reload that sets keys one by one is never seen half done.
     */
    private record Published(LicenseSettings license, LicenseChannelSettings channels)
    {
    }

    /**
     * A context with every setting at its default.
     */
    public SensorContext()
    {
        for (final Setting setting : Configuration.ALL)
        {
            set(setting.key(), setting.defaultValue(), "default");
        }
    }

    @Override
    public boolean knows(final String key)
    {
        return Configuration.find(key) != null;
    }

    @Override
    public String nearest(final String key)
    {
        return Configuration.nearest(key);
    }

    /**
     * Sets one value by its config key.
     *
     * @param key    config key.
     * @param value  value as text.
     * @param source where the value comes from, for the error message (e.g. "sipsensor.conf line 12").
     * @throws ConfigException naming the key, the value and what is expected.
     */
    @Override
    public void set(final String key, final String value, final String source)
    {
        final String text = value.trim();
        if (!setRunValue(key, value, text, source) && !setGroupValue(key, text, source))
        {
            final String nearest = Configuration.nearest(key);
            throw new ConfigException(source + ": unknown setting '" + key + "'" +
                (nearest != null ? " (did you mean '" + nearest + "'?)" : ""));
        }
        values.put(key, text);
        sources.put(key, source);
    }

    /**
     * @param key a config key.
     * @return where its value came from ("default", "FILE line N", or the command-line option), or null.
     */
    public String source(final String key)
    {
        return sources.get(key);
    }

    /**
     * @param key a config key.
     * @return its value as last set (text, trimmed), or null if never set.
     */
    public String value(final String key)
    {
        return values.get(key);
    }

    private boolean setRunValue(final String key, final String value, final String text, final String source)
    {
        switch (key)
        {
            case "spooldir" ->
            {
                if (text.isEmpty())
                {
                    throw invalid(source, key, value, "a folder");
                }
                spoolDirectory = Path.of(text);
            }
            case "id_sensor" -> idSensor = (int)number(source, key, text, 0, 65535);
            case "capture_handoff_ring_kb" -> handoffRingBytes = powerOfTwoKib(source, key, text, 64, 1 << 20);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    private boolean setGroupValue(final String key, final String text, final String source)
    {
        for (final SettingGroup group : groups)
        {
            if (group.set(key, text, source))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the spool folder. */
    public Path spoolDirectory()
    {
        return spoolDirectory;
    }

    /** @return the sensor id. */
    public int idSensor()
    {
        return idSensor;
    }

    /** @return ports always decoded as SIP, ascending. */
    public int[] sipPorts()
    {
        return call.sipPorts();
    }

    /** @return most header lines per SIP message. */
    public int maxSipHeaders()
    {
        return call.maxSipHeaders();
    }

    /** @return time between checkpoints of the calls in progress of a live run, ns. */
    public long callsCheckpointIntervalNs()
    {
        return call.checkpointIntervalNs();
    }

    /** @return how long a call restored at start waits to be seen again before it ends as shutdown, ns. */
    public long callsRestoreWindowNs()
    {
        return call.restoreWindowNs();
    }

    /** @return call tracker limits and timeouts. */
    public CallTrackerSettings callTrackerSettings()
    {
        return call.trackerSettings();
    }

    /** @return interfaces to capture on (empty: none configured). */
    public List<String> interfaces()
    {
        return capture.interfaces();
    }

    /** @return live capture settings. */
    public LiveCaptureSettings liveCaptureSettings()
    {
        return capture.liveCaptureSettings();
    }

    /** @return bytes of the capture-to-tracking hand-off ring's data area. */
    public int handoffRingBytes()
    {
        return handoffRingBytes;
    }

    /** @return license channel rules. */
    public LicenseChannelSettings licenseChannelSettings()
    {
        return channel.licenseChannelSettings();
    }

    /** @return license key, binding, policy and alert settings. */
    public LicenseSettings licenseSettings()
    {
        return licenseSettings;
    }

    /**
     * @return where the license alerts are mailed, or null when {@code alert_email_to} is empty.
     * @throws io.sipsensor.config.ConfigException when addresses are set but no SMTP server.
     */
    public AlertMail.Settings alertMail()
    {
        return alertMail.mail();
    }

    /**
     * @param log where the evaluator reports problems.
     * @return the license evaluator of this context's spool (settings, channel rules, CDR journal's peaks).
     */
    public LicenseEvaluator licenseEvaluator(final PrintStream log)
    {
        return LicenseEvaluator.of(licenseSettings, licenseChannelSettings(), new Spool(spoolDirectory), log);
    }

    /** @return the sensor-to-central link's settings (central role, shipping to a central). */
    public LinkConfig link()
    {
        return link;
    }

    /** @return Kafka's settings (cdr_sink = kafka, a central reading the topic). */
    public KafkaConfig kafka()
    {
        return kafka;
    }

    /** @return bytes of the journal ring's data area. */
    public int journalRingBytes()
    {
        return journal.ringBytes();
    }

    /** @return how the journal is kept: retention and full-disk behaviour. */
    public JournalSettings journalSettings()
    {
        return journal.journalSettings();
    }

    /** @return IP fragment reassembly limits. */
    public ReassemblySettings reassemblySettings()
    {
        return decode.reassemblySettings();
    }

    /** @return the UDP ports tunnels and HEP are decoded on. */
    public EncapsulationSettings encapsulationSettings()
    {
        return decode.encapsulationSettings();
    }

    /** @return TCP ports carrying SIP over WebSocket, ascending; may be empty. */
    public int[] websocketPorts()
    {
        return tcp.websocketPorts();
    }

    /**
     * @return TCP reassembly limits and ports (SIP ports, WebSocket ports, streams, memory, timeouts).
     */
    public TcpSettings tcpSettings()
    {
        return tcp.tcpSettings(call.sipPorts());
    }

    /** @return where and how the web interface serves ({@link WebSettings#OFF} with {@code http_listen = 0}). */
    public WebSettings webSettings()
    {
        return web.webSettings();
    }

    /**
     * Publishes an immutable snapshot of the license and channel settings to the readers on other threads (the web
     * interface): called by the owner thread once the context is filled ({@link #webSources}) and after each reload
     * has applied all its keys.
     */
    public void publish()
    {
        published = new Published(licenseSettings.copy(), licenseChannelSettings());
    }

    /**
     * The web interface's sources. Its threads make license evaluators from the settings last {@link #publish()
     * published}, never from this context, which a reload changes in place on the main thread.
     *
     * @param log where the license evaluator reports problems.
     * @return what the web interface reads: this context's spool and license evaluator, and the channel rules.
     */
    public WebSources webSources(final PrintStream log)
    {
        if (published == null)
        {
            publish();
        }
        final Path spool = spoolDirectory;
        return new WebSources(spool,
            () ->
            {
                final Published settings = published; // one read: license and channel rules of the same reload
                return LicenseEvaluator.of(settings.license(), settings.channels(), new Spool(spool), log);
            },
            () -> published.channels(), idSensor);
    }
}
