package io.sipsensor.generator;

import java.nio.charset.StandardCharsets;

/**
 * Renders the SIP messages of a {@link CallPlan} as a UAC (caller) and a UAS (callee, a gateway) would send them:
 * full or compact header names, tags, branches, CSeq numbering, re-INVITE hold/resume with SDP, and BYE from either
 * side.
 */
final class SipTemplates
{
    private static final String CRLF = "\r\n";

    private final StringBuilder text = new StringBuilder(2048);

    /**
     * @param plan the call.
     * @param slot a {@link CallPlan} message slot.
     * @return the message bytes.
     */
    byte[] render(final CallPlan plan, final int slot)
    {
        text.setLength(0);
        switch (slot)
        {
            case CallPlan.INVITE -> request(plan, "INVITE", 1, false, true, branch(plan, 0), sdp(plan, true, false));
            case CallPlan.TRYING -> response(plan, 100, "Trying", 1, "INVITE", false, branch(plan, 0), null);
            case CallPlan.RINGING -> response(plan, 180, "Ringing", 1, "INVITE", true, branch(plan, 0), null);
            case CallPlan.FINAL -> finalResponse(plan);
            case CallPlan.ACK -> request(plan, "ACK", 1, true, true,
                plan.outcome == Outcome.ANSWERED ? branch(plan, 1) : branch(plan, 0), null);
            case CallPlan.CANCEL -> request(plan, "CANCEL", 1, false, true, branch(plan, 0), null);
            case CallPlan.CANCEL_OK -> response(plan, 200, "OK", 1, "CANCEL", true, branch(plan, 0), null);
            case CallPlan.HOLD -> request(plan, "INVITE", 2, true, true, branch(plan, 2), sdp(plan, true, true));
            case CallPlan.HOLD_OK -> response(plan, 200, "OK", 2, "INVITE", true, branch(plan, 2),
                sdp(plan, false, true));
            case CallPlan.HOLD_ACK -> request(plan, "ACK", 2, true, true, branch(plan, 3), null);
            case CallPlan.RESUME -> request(plan, "INVITE", 3, true, true, branch(plan, 4), sdp(plan, true, false));
            case CallPlan.RESUME_OK -> response(plan, 200, "OK", 3, "INVITE", true, branch(plan, 4),
                sdp(plan, false, false));
            case CallPlan.RESUME_ACK -> request(plan, "ACK", 3, true, true, branch(plan, 5), null);
            case CallPlan.BYE -> request(plan, "BYE", plan.reinvite ? 4 : 2, true, !plan.byeByCallee,
                branch(plan, 6), null);
            case CallPlan.BYE_OK -> byeOk(plan);
            default -> throw new IllegalArgumentException("no message in slot " + slot);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void finalResponse(final CallPlan plan)
    {
        switch (plan.outcome)
        {
            case ANSWERED -> response(plan, 200, "OK", 1, "INVITE", true, branch(plan, 0), sdp(plan, false, false));
            case BUSY -> response(plan, 486, "Busy Here", 1, "INVITE", true, branch(plan, 0), null);
            case NOT_FOUND -> response(plan, 404, "Not Found", 1, "INVITE", true, branch(plan, 0), null);
            case DECLINED -> response(plan, 603, "Decline", 1, "INVITE", true, branch(plan, 0), null);
            case CANCELLED -> response(plan, 487, "Request Terminated", 1, "INVITE", true, branch(plan, 0), null);
        }
    }

    private void byeOk(final CallPlan plan)
    {
        // The 200 to a BYE goes back to whoever sent the BYE, with that side's From/To.
        final int cseq = plan.reinvite ? 4 : 2;
        if (plan.byeByCallee)
        {
            startResponse(200, "OK");
            header(plan, "Via", "v", "SIP/2.0/UDP " + ip(plan.calleeAddress()) + ":5060;branch=" + branch(plan, 6));
            header(plan, "From", "f", calleeNameAddr(plan) + ";tag=" + toTag(plan));
            header(plan, "To", "t", callerNameAddr(plan) + ";tag=" + fromTag(plan));
        }
        else
        {
            startResponse(200, "OK");
            header(plan, "Via", "v", "SIP/2.0/UDP " + ip(plan.callerAddress()) + ":5060;branch=" + branch(plan, 6));
            header(plan, "From", "f", callerNameAddr(plan) + ";tag=" + fromTag(plan));
            header(plan, "To", "t", calleeNameAddr(plan) + ";tag=" + toTag(plan));
        }
        header(plan, "Call-ID", "i", plan.callId());
        text.append("CSeq: ").append(cseq).append(" BYE").append(CRLF);
        header(plan, "Content-Length", "l", "0");
        text.append(CRLF);
    }

    /**
     * @param fromCaller true when the caller sends it (UAC to UAS), false for the callee's BYE.
     */
    private void request(
        final CallPlan plan, final String method, final int cseq, final boolean withToTag, final boolean fromCaller,
        final String branch, final String body)
    {
        final String callee = "sip:" + plan.called() + "@" + ip(plan.calleeAddress()) + ":5060";
        final String caller = "sip:" + plan.caller() + "@" + ip(plan.callerAddress()) + ":5060";
        text.append(method).append(' ').append(fromCaller ? callee : caller).append(" SIP/2.0").append(CRLF);
        if (fromCaller)
        {
            header(plan, "Via", "v", "SIP/2.0/UDP " + ip(plan.callerAddress()) + ":5060;branch=" + branch);
            text.append("Max-Forwards: 70").append(CRLF);
            header(plan, "From", "f", callerNameAddr(plan) + ";tag=" + fromTag(plan));
            header(plan, "To", "t", calleeNameAddr(plan) + (withToTag ? ";tag=" + toTag(plan) : ""));
        }
        else
        {
            header(plan, "Via", "v", "SIP/2.0/UDP " + ip(plan.calleeAddress()) + ":5060;branch=" + branch);
            text.append("Max-Forwards: 70").append(CRLF);
            header(plan, "From", "f", calleeNameAddr(plan) + ";tag=" + toTag(plan));
            header(plan, "To", "t", callerNameAddr(plan) + ";tag=" + fromTag(plan));
        }
        header(plan, "Call-ID", "i", plan.callId());
        text.append("CSeq: ").append(cseq).append(' ').append(method).append(CRLF);
        if ("INVITE".equals(method))
        {
            header(plan, "Contact", "m", "<" + caller + ">");
            header(plan, "Supported", "k", "replaces, timer");
            text.append("User-Agent: sipsensor-generator/1").append(CRLF);
            text.append("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE").append(CRLF);
        }
        body(plan, body);
    }

    private void response(
        final CallPlan plan, final int status, final String reason, final int cseq, final String method,
        final boolean withToTag, final String branch, final String body)
    {
        startResponse(status, reason);
        header(plan, "Via", "v", "SIP/2.0/UDP " + ip(plan.callerAddress()) + ":5060;branch=" + branch +
            ";received=" + ip(plan.callerAddress()));
        header(plan, "From", "f", callerNameAddr(plan) + ";tag=" + fromTag(plan));
        header(plan, "To", "t", calleeNameAddr(plan) + (withToTag ? ";tag=" + toTag(plan) : ""));
        header(plan, "Call-ID", "i", plan.callId());
        text.append("CSeq: ").append(cseq).append(' ').append(method).append(CRLF);
        if (status >= 180 && status < 300 && "INVITE".equals(method))
        {
            header(plan, "Contact", "m", "<sip:" + plan.called() + "@" + ip(plan.calleeAddress()) + ":5060>");
        }
        if (status >= 200)
        {
            text.append("Server: sipsensor-generator-gw/1").append(CRLF);
        }
        body(plan, body);
    }

    private void startResponse(final int status, final String reason)
    {
        text.append("SIP/2.0 ").append(status).append(' ').append(reason).append(CRLF);
    }

    private void body(final CallPlan plan, final String body)
    {
        if (body == null)
        {
            header(plan, "Content-Length", "l", "0");
            text.append(CRLF);
        }
        else
        {
            header(plan, "Content-Type", "c", "application/sdp");
            header(plan, "Content-Length", "l", Integer.toString(body.length()));
            text.append(CRLF).append(body);
        }
    }

    private void header(final CallPlan plan, final String name, final String compactName, final String value)
    {
        text.append(plan.compact ? compactName : name).append(plan.compact ? ":" : ": ").append(value).append(CRLF);
    }

    private static String sdp(final CallPlan plan, final boolean offer, final boolean hold)
    {
        final byte[] address = offer ? plan.callerAddress() : plan.calleeAddress();
        final int port = offer ? GeneratorPorts.callerRtpPort(plan.index) : GeneratorPorts.calleeRtpPort(plan.index);
        return "v=0" + CRLF +
            "o=- " + (plan.index + 1000) + " " + (hold ? 2 : 1) + " IN IP4 " + ip(address) + CRLF +
            "s=-" + CRLF +
            "c=IN IP4 " + ip(address) + CRLF +
            "t=0 0" + CRLF +
            "m=audio " + port + " RTP/AVP 0 8 101" + CRLF +
            "a=rtpmap:0 PCMU/8000" + CRLF +
            "a=rtpmap:8 PCMA/8000" + CRLF +
            "a=rtpmap:101 telephone-event/8000" + CRLF +
            "a=ptime:20" + CRLF +
            (hold ? "a=sendonly" : "a=sendrecv") + CRLF;
    }

    private static String callerNameAddr(final CallPlan plan)
    {
        return "\"Caller " + plan.caller().substring(4) + "\" <sip:" + plan.caller() + "@" +
            ip(plan.callerAddress()) + ">";
    }

    private static String calleeNameAddr(final CallPlan plan)
    {
        return "<sip:" + plan.called() + "@" + ip(plan.calleeAddress()) + ">";
    }

    private static String fromTag(final CallPlan plan)
    {
        return "f" + Integer.toHexString(plan.index * 31 + 17);
    }

    private static String toTag(final CallPlan plan)
    {
        return "t" + Integer.toHexString(plan.index * 37 + 23);
    }

    private static String branch(final CallPlan plan, final int transaction)
    {
        return "z9hG4bK" + Integer.toHexString(plan.index) + "x" + transaction;
    }

    static String ip(final byte[] address)
    {
        return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
    }
}
