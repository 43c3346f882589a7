package io.sipsensor.export;

import io.sipsensor.call.EndReason;
import io.sipsensor.channel.ChannelExplainer;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.json.JsonWriter;

import java.io.PrintStream;

/**
 * A license count explained, as text a user can send when disputing a count, or as JSON.
 */
public final class ExplanationReport
{
    private ExplanationReport()
    {
    }

    /**
     * @param out         where to print.
     * @param explanation what to print.
     */
    public static void text(final PrintStream out, final ChannelExplainer.Explanation explanation)
    {
        out.println("License channels active at " + TimeFormat.iso(explanation.atNs()) + ": " +
            explanation.channels().size() + " (from " + explanation.legsActive() + " legs active at that instant)");
        int n = 1;
        for (final ChannelExplainer.ExplainedChannel channel : explanation.channels())
        {
            out.println();
            out.println("channel " + n++ + "  key " + channel.key() + "  active " + TimeFormat.iso(channel.startNs()) +
                " .. " + TimeFormat.iso(channel.endNs()) + "  legs " + channel.legs().size());
            for (final ChannelExplainer.ExplainedLeg explained : channel.legs())
            {
                final CdrLeg leg = explained.leg();
                out.println("  sensor " + leg.idSensor() + "  " + leg.callId() + "  " + leg.caller() + " -> " +
                    leg.called() + "  " + TimeFormat.iso(leg.startNs()) + " .. " + TimeFormat.iso(leg.endNs()) +
                    "  " + (leg.finalCode() == 0 ? "no final" : leg.finalCode()) + " " +
                    EndReason.name(leg.endReason()));
                out.println("      " + explained.why());
            }
        }
        if (!explanation.excluded487().isEmpty())
        {
            out.println();
            out.println("Not counted (ended with 487 Request Terminated):");
            for (final CdrLeg leg : explanation.excluded487())
            {
                out.println("  sensor " + leg.idSensor() + "  " + leg.callId() + "  " + leg.caller() + " -> " +
                    leg.called() + "  " + TimeFormat.iso(leg.startNs()) + " .. " + TimeFormat.iso(leg.endNs()));
            }
        }
    }

    /**
     * @param out         where to print.
     * @param explanation what to print.
     */
    public static void json(final PrintStream out, final ChannelExplainer.Explanation explanation)
    {
        final StringBuilder text = new StringBuilder();
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("at").value(TimeFormat.iso(explanation.atNs()));
        json.name("license_channels").value(explanation.channels().size());
        json.name("legs_active").value(explanation.legsActive());
        json.name("channels").beginArray();
        for (final ChannelExplainer.ExplainedChannel channel : explanation.channels())
        {
            json.beginObject();
            json.name("key").value(channel.key());
            json.name("start").value(TimeFormat.iso(channel.startNs()));
            json.name("end").value(TimeFormat.iso(channel.endNs()));
            json.name("legs").beginArray();
            for (final ChannelExplainer.ExplainedLeg explained : channel.legs())
            {
                json.beginObject();
                json.name("why").value(explained.why());
                json.name("leg");
                CdrJson.write(json, explained.leg());
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.name("not_counted_487").beginArray();
        for (final CdrLeg leg : explanation.excluded487())
        {
            CdrJson.write(json, leg);
        }
        json.endArray();
        json.endObject();
        out.print(text);
    }
}
