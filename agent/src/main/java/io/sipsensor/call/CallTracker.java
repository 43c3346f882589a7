package io.sipsensor.call;

import io.sipsensor.agent.Counters;
import io.sipsensor.agent.SensorCounter;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.NameAddr;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipMethod;
import io.sipsensor.sip.SipUri;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Turns SIP messages into CDR legs by the corpus definitions: a leg per Call-ID that carries a dialog-initiating
 * INVITE; start at the first INVITE, connect at the first 2xx to the initial INVITE's CSeq, end at the first BYE
 * (answered), at the earlier of the final non-2xx and the CANCEL (failed), else at the last SIP message (timeout).
 * Re-INVITEs stay in their leg; retransmissions change nothing. A 401/407 followed by a retried INVITE (same
 * Call-ID, higher CSeq, no To-tag) continues the same attempt: the retried INVITE becomes the initial one.
 * <p>
 * Calls live in a {@link CallTable} and in one of four {@link CallList}s by timeout rule, so expiry costs O(1) per
 * message. Call states are pooled: nothing allocates per message once the pool has grown to the working set.
 * <p>
 * Owned by one thread (the packet thread). Time is capture time, advanced by the messages and {@link #tick}.
 */
public final class CallTracker
{
    private static final int LIST_SETUP = 0;
    private static final int LIST_ESTABLISHED = 1;
    private static final int LIST_LINGER = 2;
    private static final int LIST_AUTH = 3;
    private static final int LIST_BYE = 4;
    private static final int LIST_BYE_CONFIRMED = 5;

    private CallTrackerSettings settings;
    private final LegListener listener;
    private final CallTable table;
    private final CallList setupList = new CallList(LIST_SETUP);
    private final CallList establishedList = new CallList(LIST_ESTABLISHED);
    private final CallList lingerList = new CallList(LIST_LINGER);
    private final CallList authList = new CallList(LIST_AUTH);
    private final CallList byeList = new CallList(LIST_BYE);
    private final CallList byeConfirmedList = new CallList(LIST_BYE_CONFIRMED);
    private final NameAddr nameAddr = new NameAddr();
    private final SipUri requestUri = new SipUri();
    private final byte[] callIdScratch = new byte[CallState.MAX_CALL_ID];

    private final AtomicCounter callsActive;
    private final AtomicCounter callsStarted;
    private final AtomicCounter legsCompleted;
    private final AtomicCounter callsLimitReached;
    private final AtomicCounter withoutInvite;
    private final AtomicCounter retransmissions;
    private final AtomicCounter fieldsTruncated;
    private final AtomicCounter callsOpen;

    private CallState freeList;
    private int tracked;
    private int open;
    private long legIdBase;
    private long legSequence;
    private long nowNs = Long.MIN_VALUE;

    /**
     * @param settings limits and timeouts.
     * @param counters where call counters are kept.
     * @param listener receives every completed leg, on this thread.
     */
    public CallTracker(final CallTrackerSettings settings, final Counters counters, final LegListener listener)
    {
        this.settings = settings;
        this.listener = listener;
        this.table = new CallTable(Math.min(settings.maxCalls(), 1 << 16));
        callsActive = counters.get(SensorCounter.CALLS_TRACKED);
        callsStarted = counters.get(SensorCounter.CALLS_STARTED);
        legsCompleted = counters.get(SensorCounter.LEGS_COMPLETED);
        callsLimitReached = counters.get(SensorCounter.CALLS_LIMIT_REACHED);
        withoutInvite = counters.get(SensorCounter.DIALOG_MESSAGES_WITHOUT_INVITE);
        retransmissions = counters.get(SensorCounter.RETRANSMISSIONS);
        fieldsTruncated = counters.get(SensorCounter.CALL_FIELDS_TRUNCATED);
        callsOpen = counters.get(SensorCounter.CALLS_ACTIVE);
    }

    /**
     * Sets the high bits of the leg ids this tracker gives out ({@link CallState#legId()}): ids are
     * {@code base | sequence}, the sequence counting from 1 in the low 40 bits. Tracking thread, before the first
     * call.
     *
     * @param base e.g. the sensor id and the tracker's number shifted above bit 40.
     * @return this.
     */
    public CallTracker legIdBase(final long base)
    {
        this.legIdBase = base;
        return this;
    }

    /**
     * Replaces the limits and timeouts (a configuration reload). Calls already waiting in a timeout list keep the
     * deadline they were given; every deadline set from now on uses the new values. Tracking thread.
     *
     * @param settings the new settings.
     */
    public void settings(final CallTrackerSettings settings)
    {
        this.settings = settings;
    }

    /**
     * @return the limits and timeouts in use.
     */
    public CallTrackerSettings settings()
    {
        return settings;
    }

    /**
     * @return calls started whose leg has not been emitted yet (in progress).
     */
    public int openCalls()
    {
        return open;
    }

    /**
     * @return Call-IDs tracked now (in setup, established, or lingering after their leg was emitted).
     */
    public int trackedCalls()
    {
        return tracked;
    }

    /**
     * Applies one parsed SIP message (result OK or INCOMPLETE_BODY).
     *
     * @param message the parsed message.
     * @param info    addresses and capture time of the datagram or segment that completed it.
     */
    public void onMessage(final SipMessage message, final PacketInfo info)
    {
        final long timeNs = info.timestampNs;
        tick(timeNs);

        final DirectBuffer buffer = message.buffer();
        final int callIdOffset = message.callIdOffset();
        final int callIdLength = message.callIdLength();
        final long hash = CallIdHash.hash(buffer, callIdOffset, callIdLength);
        final int kept = Math.min(callIdLength, CallState.MAX_CALL_ID);
        buffer.getBytes(callIdOffset, callIdScratch, 0, kept);
        final CallState call = table.find(hash, callIdScratch, kept, callIdLength);

        if (call == null)
        {
            if (message.isRequest() && message.method() == SipMethod.INVITE)
            {
                if (hasTag(message, message.toIndex()))
                {
                    withoutInvite.incrementRelease();
                }
                else
                {
                    startCall(message, info, hash, timeNs);
                }
            }
            else if (message.isRequest() && message.method() == SipMethod.BYE)
            {
                withoutInvite.incrementRelease();
            }
            return;
        }

        if (call.state == CallState.STATE_LINGER)
        {
            if (call.listId == LIST_BYE && !message.isRequest() && message.cseqMethod() == SipMethod.BYE &&
                message.statusCode() >= 200 && message.statusCode() < 300)
            {
                // the BYE is answered: keep the Call-ID for bye_confirmed_timeout from here
                byeList.remove(call);
                call.lastPacketNs = Math.max(call.lastPacketNs, timeNs);
                call.deadlineNs = timeNs + settings.byeConfirmedTimeoutNs();
                byeConfirmedList.append(call);
                return;
            }
            retransmissions.incrementRelease();
            return;
        }

        call.lastPacketNs = Math.max(call.lastPacketNs, timeNs);
        if (message.isRequest())
        {
            onRequest(call, message, timeNs);
        }
        else
        {
            onResponse(call, message, timeNs);
        }
        if (call.state == CallState.STATE_SETUP && call.listId == LIST_SETUP)
        {
            call.deadlineNs = timeNs + settings.setupTimeoutNs();
            setupList.moveToTail(call);
        }
    }

    /**
     * Advances capture time and closes what has timed out: unanswered calls silent for the setup timeout, answered
     * calls past the absolute timeout, pending outcomes and lingering Call-IDs.
     *
     * @param timeNs current capture time (earlier times than already seen are ignored).
     */
    public void tick(final long timeNs)
    {
        if (timeNs <= nowNs)
        {
            return;
        }
        nowNs = timeNs;

        CallState head;
        while ((head = setupList.head()) != null && head.deadlineNs <= timeNs)
        {
            complete(head, head.cancelNs != CallState.NO_TIME ? EndReason.CANCEL : EndReason.TIMEOUT, timeNs);
        }
        while ((head = establishedList.head()) != null && head.deadlineNs <= timeNs)
        {
            complete(head, EndReason.TIMEOUT, timeNs);
        }
        while ((head = authList.head()) != null && head.deadlineNs <= timeNs)
        {
            complete(head, EndReason.FINAL, timeNs);
            release(head);
        }
        while ((head = lingerList.head()) != null && head.deadlineNs <= timeNs)
        {
            if (head.state == CallState.STATE_PENDING)
            {
                complete(head, EndReason.FINAL, timeNs);
            }
            release(head);
        }
        while ((head = byeList.head()) != null && head.deadlineNs <= timeNs)
        {
            release(head);
        }
        while ((head = byeConfirmedList.head()) != null && head.deadlineNs <= timeNs)
        {
            release(head);
        }
    }

    /**
     * End of input: every call still open is closed by the definitions (no BYE or no final response: timeout at its
     * last SIP message; pending outcomes resolved) and every Call-ID is forgotten.
     */
    public void flush()
    {
        CallState head;
        while ((head = setupList.head()) != null)
        {
            complete(head, head.cancelNs != CallState.NO_TIME ? EndReason.CANCEL : EndReason.TIMEOUT, nowNs);
        }
        while ((head = establishedList.head()) != null)
        {
            complete(head, EndReason.TIMEOUT, nowNs);
        }
        while ((head = authList.head()) != null)
        {
            complete(head, EndReason.FINAL, nowNs);
            release(head);
        }
        while ((head = lingerList.head()) != null)
        {
            if (head.state == CallState.STATE_PENDING)
            {
                complete(head, EndReason.FINAL, nowNs);
            }
            release(head);
        }
        while ((head = byeList.head()) != null)
        {
            release(head);
        }
        while ((head = byeConfirmedList.head()) != null)
        {
            release(head);
        }
    }

    private void startCall(final SipMessage message, final PacketInfo info, final long hash, final long timeNs)
    {
        if (tracked >= settings.maxCalls())
        {
            callsLimitReached.incrementRelease();
            return;
        }

        final CallState call = acquire();
        call.hash = hash;
        copyText(call, message, info, timeNs);
        call.state = CallState.STATE_SETUP;
        call.startNs = timeNs;
        call.lastPacketNs = timeNs;
        call.initialCseq = message.cseqNumber();
        call.maxInviteCseq = message.cseqNumber();
        call.deadlineNs = timeNs + settings.setupTimeoutNs();

        call.legId = legIdBase | (++legSequence & LEG_SEQUENCE_MASK);

        table.put(call);
        setupList.append(call);
        tracked++;
        open++;
        callsStarted.incrementRelease();
        callsActive.setRelease(tracked);
        callsOpen.setRelease(open);
        listener.onStart(call);
    }

    private void copyText(final CallState call, final SipMessage message, final PacketInfo info, final long timeNs)
    {
        final DirectBuffer buffer = message.buffer();
        final byte[] text = call.text;
        boolean truncated = false;

        final int callIdLength = message.callIdLength();
        call.callIdFullLength = callIdLength;
        call.callIdLength = Math.min(callIdLength, CallState.MAX_CALL_ID);
        truncated |= call.callIdLength < callIdLength;
        System.arraycopy(callIdScratch, 0, text, 0, call.callIdLength);
        int position = call.callIdLength;

        // From: caller user and tag
        call.callerOffset = position;
        call.fromTagHash = 0;
        if (message.fromIndex() >= 0 && nameAddr.wrap(message, message.fromIndex()))
        {
            if (nameAddr.tagLength() > 0)
            {
                call.fromTagHash = CallIdHash.hash(buffer, nameAddr.tagOffset(), nameAddr.tagLength());
            }
            final SipUri uri = nameAddr.uri();
            final int length = Math.min(uri.userLength(), (CallState.TEXT_CAPACITY - position) / 3);
            truncated |= length < uri.userLength();
            buffer.getBytes(uri.userOffset(), text, position, length);
            call.callerLength = length;
            position += length;
        }

        // To: called user
        call.calledOffset = position;
        if (message.toIndex() >= 0 && nameAddr.wrap(message, message.toIndex()))
        {
            final SipUri uri = nameAddr.uri();
            final int length = Math.min(uri.userLength(), (CallState.TEXT_CAPACITY - position) / 2);
            truncated |= length < uri.userLength();
            buffer.getBytes(uri.userOffset(), text, position, length);
            call.calledLength = length;
            position += length;
        }

        // Request-URI user
        call.ruriOffset = position;
        if (requestUri.wrap(buffer, message.requestUriOffset(), message.requestUriLength()))
        {
            final int length = Math.min(requestUri.userLength(), CallState.TEXT_CAPACITY - position);
            truncated |= length < requestUri.userLength();
            buffer.getBytes(requestUri.userOffset(), text, position, length);
            call.ruriLength = length;
        }

        if (truncated)
        {
            fieldsTruncated.incrementRelease();
        }

        call.ipVersion = info.ipVersion;
        System.arraycopy(info.sourceAddress, 0, call.callerIp, 0, 16);
        System.arraycopy(info.destinationAddress, 0, call.calledIp, 0, 16);
        call.callerPort = info.sourcePort;
        call.calledPort = info.destinationPort;
    }

    private void onRequest(final CallState call, final SipMessage message, final long timeNs)
    {
        switch (message.method())
        {
            case SipMethod.INVITE -> onInvite(call, message, timeNs);
            case SipMethod.BYE -> onBye(call, message, timeNs);
            case SipMethod.CANCEL -> onCancel(call, timeNs);
            default ->
            {
                // ACK, PRACK, UPDATE, INFO, ...: only the last-message time matters.
            }
        }
    }

    private void onInvite(final CallState call, final SipMessage message, final long timeNs)
    {
        final long cseq = message.cseqNumber();
        final boolean inDialog = hasTag(message, message.toIndex());
        if (!inDialog && cseq == call.initialCseq)
        {
            retransmissions.incrementRelease();
        }
        else if (!inDialog && call.state == CallState.STATE_PENDING && isAuthChallenge(call.finalCode) &&
            cseq > call.initialCseq)
        {
            // Retried INVITE after an authentication challenge: the same attempt goes on.
            call.initialCseq = cseq;
            call.maxInviteCseq = Math.max(call.maxInviteCseq, cseq);
            call.finalCode = 0;
            call.finalNs = CallState.NO_TIME;
            call.state = CallState.STATE_SETUP;
            authList.remove(call);
            call.deadlineNs = timeNs + settings.setupTimeoutNs();
            setupList.append(call);
        }
        else if (cseq > call.maxInviteCseq)
        {
            call.reinvites++;
            call.maxInviteCseq = cseq;
        }
        else
        {
            retransmissions.incrementRelease();
        }
    }

    private void onBye(final CallState call, final SipMessage message, final long timeNs)
    {
        if (call.byeNs != CallState.NO_TIME)
        {
            retransmissions.incrementRelease();
            return;
        }
        call.byeNs = timeNs;
        call.byeBy = CallState.BYE_BY_CALLEE;
        if (message.fromIndex() >= 0 && nameAddr.wrap(message, message.fromIndex()) && nameAddr.tagLength() > 0)
        {
            final long tagHash = CallIdHash.hash(message.buffer(), nameAddr.tagOffset(), nameAddr.tagLength());
            if (tagHash == call.fromTagHash)
            {
                call.byeBy = CallState.BYE_BY_CALLER;
            }
        }
        if (call.state == CallState.STATE_SETUP || call.state == CallState.STATE_ESTABLISHED)
        {
            complete(call, EndReason.BYE, timeNs);
        }
    }

    private void onCancel(final CallState call, final long timeNs)
    {
        if (call.cancelNs != CallState.NO_TIME)
        {
            retransmissions.incrementRelease();
            return;
        }
        call.cancelNs = timeNs;
        if (call.state == CallState.STATE_SETUP)
        {
            // Wait (at most the linger time) for the final response the CANCEL should provoke.
            call.state = CallState.STATE_PENDING;
            setupList.remove(call);
            call.deadlineNs = timeNs + settings.lingerNs();
            lingerList.append(call);
        }
    }

    private void onResponse(final CallState call, final SipMessage message, final long timeNs)
    {
        if (message.cseqMethod() != SipMethod.INVITE || message.cseqNumber() != call.initialCseq)
        {
            return;
        }
        final int status = message.statusCode();
        if (status < 200)
        {
            return;
        }
        if (status < 300)
        {
            if (call.connectNs == CallState.NO_TIME)
            {
                call.connectNs = timeNs;
                listener.onConnect(call);
                if (call.finalCode == 0)
                {
                    call.finalCode = status;
                    call.finalNs = timeNs;
                }
                if (call.state == CallState.STATE_SETUP || call.state == CallState.STATE_PENDING)
                {
                    removeFromList(call);
                    call.state = CallState.STATE_ESTABLISHED;
                    call.deadlineNs = call.startNs + settings.absoluteTimeoutNs();
                    establishedList.append(call);
                }
            }
            else
            {
                retransmissions.incrementRelease();
            }
            return;
        }

        if (call.finalCode != 0)
        {
            retransmissions.incrementRelease();
            return;
        }
        call.finalCode = status;
        call.finalNs = timeNs;
        if (isAuthChallenge(status) && call.cancelNs == CallState.NO_TIME)
        {
            if (call.state == CallState.STATE_SETUP)
            {
                // Wait for the INVITE retried with credentials: the same attempt goes on.
                call.state = CallState.STATE_PENDING;
                setupList.remove(call);
                call.deadlineNs = timeNs + settings.authRetryTimeoutNs();
                authList.append(call);
            }
        }
        else if (call.state == CallState.STATE_SETUP || call.state == CallState.STATE_PENDING)
        {
            complete(call, EndReason.FINAL, timeNs);
        }
    }

    /**
     * Sets the end by the definitions, hands the leg to the listener and keeps the Call-ID lingering.
     *
     * @param reason BYE or TIMEOUT as observed; FINAL and CANCEL are decided here from the recorded times.
     */
    private void complete(final CallState call, final int reason, final long timeNs)
    {
        switch (reason)
        {
            case EndReason.BYE ->
            {
                call.endReason = EndReason.BYE;
                call.endNs = call.byeNs;
            }
            case EndReason.TIMEOUT ->
            {
                call.endReason = EndReason.TIMEOUT;
                call.endNs = call.lastPacketNs;
            }
            default ->
            {
                // Failed: the earlier of the final non-2xx response and the CANCEL.
                final boolean cancelFirst = call.cancelNs != CallState.NO_TIME &&
                    (call.finalNs == CallState.NO_TIME || call.cancelNs <= call.finalNs);
                if (cancelFirst)
                {
                    call.endReason = EndReason.CANCEL;
                    call.endNs = call.cancelNs;
                }
                else if (call.finalNs != CallState.NO_TIME)
                {
                    call.endReason = EndReason.FINAL;
                    call.endNs = call.finalNs;
                }
                else
                {
                    call.endReason = EndReason.TIMEOUT;
                    call.endNs = call.lastPacketNs;
                }
            }
        }

        legsCompleted.incrementRelease();
        open--;
        callsOpen.setRelease(open);
        listener.onLeg(call);

        removeFromList(call);
        call.state = CallState.STATE_LINGER;
        if (call.endReason == EndReason.BYE)
        {
            // absorb the BYE transaction: bye_timeout until its 2xx, then bye_confirmed_timeout
            call.deadlineNs = Math.max(timeNs, call.lastPacketNs) + settings.byeTimeoutNs();
            byeList.append(call);
        }
        else
        {
            call.deadlineNs = Math.max(timeNs, call.lastPacketNs) + settings.lingerNs();
            lingerList.append(call);
        }
    }

    private void removeFromList(final CallState call)
    {
        switch (call.listId)
        {
            case LIST_SETUP -> setupList.remove(call);
            case LIST_ESTABLISHED -> establishedList.remove(call);
            case LIST_LINGER -> lingerList.remove(call);
            case LIST_AUTH -> authList.remove(call);
            case LIST_BYE -> byeList.remove(call);
            case LIST_BYE_CONFIRMED -> byeConfirmedList.remove(call);
            default ->
            {
            }
        }
    }

    private CallState acquire()
    {
        CallState call = freeList;
        if (call == null)
        {
            call = new CallState();
        }
        else
        {
            freeList = call.next;
        }
        call.reset();
        return call;
    }

    private void release(final CallState call)
    {
        removeFromList(call);
        table.remove(call);
        tracked--;
        callsActive.setRelease(tracked);
        call.state = CallState.STATE_FREE;
        call.next = freeList;
        freeList = call;
    }

    private boolean hasTag(final SipMessage message, final int headerIndex)
    {
        return headerIndex >= 0 && nameAddr.wrap(message, headerIndex) && nameAddr.tagLength() > 0;
    }

    private static final long LEG_SEQUENCE_MASK = (1L << 40) - 1;

    private static boolean isAuthChallenge(final int status)
    {
        return status == 401 || status == 407;
    }
}
