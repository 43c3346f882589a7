package io.sipsensor.export;

import io.sipsensor.call.EndReason;
import io.sipsensor.channel.DedupKeys;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.json.JsonWriter;

/**
 * A CDR leg as a JSON object: the CSV columns with the same names, plus the extra times the journal keeps
 * (final, cancel, BYE, last message). Absent times are null; times are ISO-8601 UTC with microseconds.
 */
public final class CdrJson
{
    private CdrJson()
    {
    }

    /**
     * @param json where to write.
     * @param leg  the leg.
     */
    public static void write(final JsonWriter json, final CdrLeg leg)
    {
        json.beginObject();
        json.name("id_sensor").value(leg.idSensor());
        json.name("call_id").value(leg.callId());
        json.name("caller").value(leg.caller());
        json.name("called").value(leg.called());
        json.name("ruri_user").value(leg.ruriUser());
        json.name("caller_ip").value(leg.callerIp());
        json.name("caller_port").value(leg.callerPort());
        json.name("called_ip").value(leg.calledIp());
        json.name("called_port").value(leg.calledPort());
        time(json, "start", leg.startNs());
        time(json, "connect", leg.connectNs());
        time(json, "end", leg.endNs());
        if (leg.finalCode() != 0)
        {
            json.name("final_code").value(leg.finalCode());
        }
        else
        {
            json.name("final_code").nullValue();
        }
        json.name("end_reason").value(EndReason.name(leg.endReason()));
        json.name("bye_by").value(leg.byeByName().isEmpty() ? null : leg.byeByName());
        json.name("reinvites").value(leg.reinvites());
        if (leg.startNotCaptured())
        {
            // only on such legs: the call began before the capture (its first INVITE seen was a re-INVITE)
            json.name("start_not_captured").value(true);
        }
        json.name("dedup_key").value(DedupKeys.text(leg.caller(), leg.called()));
        time(json, "final_time", leg.finalNs());
        time(json, "cancel_time", leg.cancelNs());
        time(json, "bye_time", leg.byeNs());
        time(json, "last_packet", leg.lastPacketNs());
        json.endObject();
    }

    private static void time(final JsonWriter json, final String name, final long timeNs)
    {
        final String text = TimeFormat.iso(timeNs);
        json.name(name).value(text.isEmpty() ? null : text);
    }
}
