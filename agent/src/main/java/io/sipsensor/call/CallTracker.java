package io.sipsensor.call;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
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
 * A capture that begins in the middle of a call sees a re-INVITE (To-tag present) for a Call-ID it never saw set
 * up. The endpoints have a dialog, so that is a call: its leg starts, and counts as answered, at that re-INVITE,
 * flagged {@link CallState#FLAG_START_NOT_CAPTURED} and counted as {@code calls_start_not_captured}.
 * <p>
 * Calls live as records in a {@link CallStore} (no object per call), indexed by a {@link CallTable}, and in one of
 * seven {@link CallList}s by timeout rule, so expiry costs O(1) per message. Nothing allocates per message once the
 * store has grown to the working set. Legs are handed to the listener as a reused {@link CallState} view.
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
    /** Calls restored from a saved-calls file and not seen since; their end field holds their stop instant. */
    private static final int LIST_RESTORED = 6;
    private static final int NONE = CallStore.NONE;
    private static final long LEG_SEQUENCE_MASK = (1L << 40) - 1;

    private CallTrackerSettings settings;
    private final LegListener listener;
    private final CallStore store = new CallStore();
    private final LongCallIds longCallIds = new LongCallIds();
    private final DeadlineBound bound = new DeadlineBound();
    private final CallTable table;
    private final CallList setupList = new CallList(store, bound, LIST_SETUP);
    private final CallList establishedList = new CallList(store, bound, LIST_ESTABLISHED);
    private final CallList lingerList = new CallList(store, bound, LIST_LINGER);
    private final CallList authList = new CallList(store, bound, LIST_AUTH);
    private final CallList byeList = new CallList(store, bound, LIST_BYE);
    private final CallList byeConfirmedList = new CallList(store, bound, LIST_BYE_CONFIRMED);
    private final CallList restoredList = new CallList(store, bound, LIST_RESTORED);
    private final byte[] longCallIdScratch = new byte[LongCallIds.MAX_LENGTH];
    private final CallState leg = new CallState();
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
    private final AtomicCounter startNotCaptured;

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
        this.table = new CallTable(store, longCallIds, Math.min(settings.maxCalls(), 1 << 16));
        callsActive = counters.get(SensorCounter.CALLS_TRACKED);
        callsStarted = counters.get(SensorCounter.CALLS_STARTED);
        legsCompleted = counters.get(SensorCounter.LEGS_COMPLETED);
        callsLimitReached = counters.get(SensorCounter.CALLS_LIMIT_REACHED);
        withoutInvite = counters.get(SensorCounter.DIALOG_MESSAGES_WITHOUT_INVITE);
        retransmissions = counters.get(SensorCounter.RETRANSMISSIONS);
        fieldsTruncated = counters.get(SensorCounter.CALL_FIELDS_TRUNCATED);
        callsOpen = counters.get(SensorCounter.CALLS_ACTIVE);
        startNotCaptured = counters.get(SensorCounter.CALLS_START_NOT_CAPTURED);
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
        final int call = table.find(hash, callIdScratch, kept, callIdLength, buffer, callIdOffset);

        if (call == NONE)
        {
            if (message.isRequest() && message.method() == SipMethod.INVITE)
            {
                startCall(message, info, hash, timeNs, hasTag(message, message.toIndex()));
            }
            else if (message.isRequest() && message.method() == SipMethod.BYE)
            {
                withoutInvite.incrementRelease();
            }
            return;
        }

        final CallStore store = this.store;
        if (store.getSignedByte(call, CallStore.LIST_ID) == LIST_RESTORED)
        {
            resume(call, timeNs);
        }
        final int state = store.getByte(call, CallStore.STATE);
        if (state == CallState.STATE_LINGER)
        {
            if (store.getSignedByte(call, CallStore.LIST_ID) == LIST_BYE && !message.isRequest() &&
                message.cseqMethod() == SipMethod.BYE && message.statusCode() >= 200 && message.statusCode() < 300)
            {
                // the BYE is answered: keep the Call-ID for bye_confirmed_timeout from here
                byeList.remove(call);
                if (timeNs > store.getLong(call, CallStore.LAST_PACKET))
                {
                    store.putLong(call, CallStore.LAST_PACKET, timeNs);
                }
                store.putLong(call, CallStore.DEADLINE, timeNs + settings.byeConfirmedTimeoutNs());
                byeConfirmedList.append(call);
                return;
            }
            retransmissions.incrementRelease();
            return;
        }

        if (timeNs > store.getLong(call, CallStore.LAST_PACKET))
        {
            store.putLong(call, CallStore.LAST_PACKET, timeNs);
        }
        if (message.isRequest())
        {
            onRequest(call, message, timeNs);
        }
        else
        {
            onResponse(call, message, timeNs);
        }
        if (store.getByte(call, CallStore.STATE) == CallState.STATE_SETUP &&
            store.getSignedByte(call, CallStore.LIST_ID) == LIST_SETUP)
        {
            store.putLong(call, CallStore.DEADLINE, timeNs + settings.setupTimeoutNs());
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
        if (timeNs < bound.ns())
        {
            return; // the common case: every packet (RTP too) moves the clock, few of them expire anything
        }

        expire(timeNs, timeNs);
        bound.set(Math.min(Math.min(Math.min(headDeadline(setupList), headDeadline(establishedList)),
            Math.min(headDeadline(authList), headDeadline(lingerList))),
            Math.min(Math.min(headDeadline(byeList), headDeadline(byeConfirmedList)), headDeadline(restoredList))));
    }

    private long headDeadline(final CallList list)
    {
        final int head = list.head();
        return head == NONE ? Long.MAX_VALUE : store.getLong(head, CallStore.DEADLINE);
    }

    /**
     * End of input: every call still open is closed by the definitions (no BYE or no final response: timeout at its
     * last SIP message; pending outcomes resolved) and every Call-ID is forgotten.
     */
    public void flush()
    {
        expire(Long.MAX_VALUE, nowNs);
    }

    /**
     * Ends or forgets every call whose deadline is at or before a limit, list by list (each list is in deadline
     * order, so only its head is looked at): what {@link #tick} does as time passes and {@link #flush} at the end.
     *
     * @param limitNs calls due at or before this are expired ({@code Long.MAX_VALUE}: all of them).
     * @param endNs   when a leg ended by a timeout ends.
     */
    private void expire(final long limitNs, final long endNs)
    {
        final CallStore store = this.store;
        int head;
        while ((head = setupList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            complete(head, store.getLong(head, CallStore.CANCEL) != CallState.NO_TIME ?
                EndReason.CANCEL : EndReason.TIMEOUT, endNs);
        }
        while ((head = establishedList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            complete(head, EndReason.TIMEOUT, endNs);
        }
        while ((head = authList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            complete(head, EndReason.FINAL, endNs);
            release(head);
        }
        while ((head = lingerList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            if (store.getByte(head, CallStore.STATE) == CallState.STATE_PENDING)
            {
                complete(head, EndReason.FINAL, endNs);
            }
            release(head);
        }
        while ((head = byeList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            release(head);
        }
        while ((head = byeConfirmedList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            release(head);
        }
        while ((head = restoredList.head()) != NONE && store.getLong(head, CallStore.DEADLINE) <= limitNs)
        {
            complete(head, EndReason.SHUTDOWN, store.getLong(head, CallStore.END));
        }
    }

    /**
     * Copies every call in progress (not ended, or ended with its outcome still pending) into a save, each with its
     * stop instant: {@code stopNs}, or for a call restored and not seen since, the instant it was first saved at.
     * Allocates nothing once the save's buffer has grown to the calls in progress.
     *
     * @param save     receives the calls (begun here).
     * @param kind     {@link SavedCalls#KIND_STOP} or {@link SavedCalls#KIND_CHECKPOINT}.
     * @param stopNs   the stop instant (wall clock).
     * @param idSensor the sensor's id, for the file's header.
     * @return calls saved.
     */
    public int saveOpenCalls(final SavedCalls save, final int kind, final long stopNs, final int idSensor)
    {
        save.begin(kind, stopNs, idSensor);
        saveList(save, setupList, stopNs);
        saveList(save, establishedList, stopNs);
        saveList(save, authList, stopNs);
        saveList(save, lingerList, stopNs);
        saveList(save, restoredList, stopNs);
        return save.count();
    }

    private void saveList(final SavedCalls save, final CallList list, final long stopNs)
    {
        final CallStore store = this.store;
        for (int call = list.head(); call != NONE; call = store.getInt(call, CallStore.NEXT))
        {
            final int state = store.getByte(call, CallStore.STATE);
            if (state == CallState.STATE_SETUP || state == CallState.STATE_ESTABLISHED ||
                state == CallState.STATE_PENDING)
            {
                save.append(store, call, longCallIds,
                    list == restoredList ? store.getLong(call, CallStore.END) : stopNs, longCallIdScratch);
            }
        }
    }

    /**
     * Forgets every call in progress without a leg (they were saved for the next start), then ends what remains
     * as {@link #flush} does: the live stop after {@link #saveOpenCalls}.
     */
    public void suspend()
    {
        final CallStore store = this.store;
        for (final CallList list : new CallList[]{setupList, establishedList, authList, lingerList, restoredList})
        {
            int call = list.head();
            while (call != NONE)
            {
                final int next = store.getInt(call, CallStore.NEXT);
                final int state = store.getByte(call, CallStore.STATE);
                if (state != CallState.STATE_LINGER && state != CallState.STATE_FREE)
                {
                    open--;
                    release(call);
                }
                call = next;
            }
        }
        callsOpen.setRelease(open);
        flush();
    }

    /**
     * Ends every call in progress now with end reason {@link EndReason#SHUTDOWN} (a live stop whose calls cannot be
     * saved), then ends what remains as {@link #flush} does.
     *
     * @param stopNs the stop instant.
     */
    public void endAtShutdown(final long stopNs)
    {
        final CallStore store = this.store;
        for (final CallList list : new CallList[]{setupList, establishedList, authList, lingerList, restoredList})
        {
            int call = list.head();
            while (call != NONE)
            {
                final int next = store.getInt(call, CallStore.NEXT);
                final int state = store.getByte(call, CallStore.STATE);
                if (state != CallState.STATE_LINGER && state != CallState.STATE_FREE)
                {
                    complete(call, EndReason.SHUTDOWN,
                        list == restoredList ? store.getLong(call, CallStore.END) : stopNs);
                }
                call = next;
            }
        }
        flush();
    }

    /**
     * Forgets, without a leg, the calls restored and not seen again (an offline run leaves them saved for the next
     * live start; {@link #saveOpenCalls} with only those is what it saves back).
     *
     * @param save     receives them.
     * @param idSensor the sensor's id.
     * @param nowNs    the wall clock (the save's time; each call keeps its own stop instant).
     * @return calls saved.
     */
    public int suspendRestored(final SavedCalls save, final int idSensor, final long nowNs)
    {
        save.begin(SavedCalls.KIND_STOP, nowNs, idSensor);
        saveList(save, restoredList, nowNs);
        int call;
        while ((call = restoredList.head()) != NONE)
        {
            open--;
            release(call);
        }
        callsOpen.setRelease(open);
        return save.count();
    }

    /**
     * Takes back calls saved by an earlier run: each is tracked again with its leg id, times and text, and counted
     * as started (its leg's start event goes to the listener, and its connect event if it was answered). A call
     * seen again continues as if there had been no stop; one not seen again by its deadline ends at its stop
     * instant with end reason {@link EndReason#SHUTDOWN}. A Call-ID already tracked is skipped. Not counted in
     * {@code calls_started} (the run that saw its INVITE counted it). Tracking thread,
     * before the first message.
     *
     * @param saved        what a saved-calls file held.
     * @param resumeFromNs when tracking resumes (the wall clock at a live start; Long.MIN_VALUE reading files).
     * @param windowNs     how long after {@code max(resumeFromNs, stop instant)} a call not seen again is kept;
     *                     negative: not at all (it ends at the first tick, or at {@link #flush}).
     * @return calls restored.
     */
    public int restore(final SavedCalls.Loaded saved, final long resumeFromNs, final long windowNs)
    {
        final CallStore store = this.store;
        final org.agrona.concurrent.UnsafeBuffer bytes = saved.buffer();
        int restored = 0;
        for (int i = 0; i < saved.count(); i++)
        {
            final int offset = saved.offsets()[i];
            final int state = bytes.getByte(offset + CallStore.STATE) & 0xFF;
            final int kept = bytes.getByte(offset + CallStore.CALL_ID_LENGTH) & 0xFF;
            final int fullLength = bytes.getInt(offset + CallStore.CALL_ID_FULL_LENGTH);
            final int longLength = bytes.getInt(offset + CallStore.RECORD_LENGTH, SavedCalls.ORDER);
            if ((state != CallState.STATE_SETUP && state != CallState.STATE_ESTABLISHED &&
                state != CallState.STATE_PENDING) || kept > CallState.MAX_CALL_ID ||
                (fullLength > kept && longLength == 0) || tracked >= settings.maxCalls())
            {
                continue;
            }
            bytes.getBytes(offset + CallStore.TEXT, callIdScratch, 0, kept);
            final long hash = bytes.getLong(offset + CallStore.HASH);
            final org.agrona.concurrent.UnsafeBuffer longId = new org.agrona.concurrent.UnsafeBuffer(
                bytes, offset + CallStore.RECORD_LENGTH + 4, longLength);
            if (table.find(hash, callIdScratch, kept, fullLength, longId, 0) != NONE)
            {
                continue;
            }
            final int call = store.acquire();
            store.chunk(call).putBytes(CallStore.base(call), bytes, offset, CallStore.RECORD_LENGTH);
            store.putInt(call, CallStore.PREVIOUS, NONE);
            store.putInt(call, CallStore.NEXT, NONE);
            store.putByte(call, CallStore.LIST_ID, -1);
            store.putByte(call, CallStore.END_REASON, EndReason.TIMEOUT);
            if (longLength > 0)
            {
                longCallIds.store(call, longId, 0, longLength);
            }
            final long stopNs = store.getLong(call, CallStore.END);
            store.putLong(call, CallStore.DEADLINE,
                windowNs < 0 ? Long.MIN_VALUE : Math.max(resumeFromNs, stopNs) + windowNs);
            legSequence = Math.max(legSequence, store.getLong(call, CallStore.LEG_ID) & LEG_SEQUENCE_MASK);
            table.put(call);
            restoredList.append(call);
            tracked++;
            open++;
            restored++;
            leg.load(store, call);
            leg.loadLongCallId(longCallIds, call);
            listener.onStart(leg);
            if (leg.connectNs() != CallState.NO_TIME)
            {
                listener.onConnect(leg);
            }
        }
        callsActive.setRelease(tracked);
        callsOpen.setRelease(open);
        return restored;
    }

    /**
     * A restored call is seen again: it leaves the restored list for the list of its state, as if never saved.
     */
    private void resume(final int call, final long timeNs)
    {
        final CallStore store = this.store;
        restoredList.remove(call);
        store.putLong(call, CallStore.END, CallState.NO_TIME);
        switch (store.getByte(call, CallStore.STATE))
        {
            case CallState.STATE_SETUP ->
            {
                store.putLong(call, CallStore.DEADLINE, timeNs + settings.setupTimeoutNs());
                setupList.append(call);
            }
            case CallState.STATE_ESTABLISHED ->
            {
                // its absolute timeout may come later than it would have (the list is in append order)
                store.putLong(call, CallStore.DEADLINE,
                    Math.max(timeNs, store.getLong(call, CallStore.START) + settings.absoluteTimeoutNs()));
                establishedList.append(call);
            }
            default ->
            {
                if (store.getLong(call, CallStore.CANCEL) != CallState.NO_TIME)
                {
                    store.putLong(call, CallStore.DEADLINE, timeNs + settings.lingerNs());
                    lingerList.append(call);
                }
                else
                {
                    store.putLong(call, CallStore.DEADLINE, timeNs + settings.authRetryTimeoutNs());
                    authList.append(call);
                }
            }
        }
    }

    /**
     * @return heap bytes held for call state (records and index), for sizing reports.
     */
    public long stateBytes()
    {
        return store.bytesAllocated() + table.bytesAllocated();
    }

    /**
     * @param midDialog the INVITE is a re-INVITE (To-tag) of a dialog whose start the capture missed: the leg starts
     *                  established here, flagged {@link CallState#FLAG_START_NOT_CAPTURED}, and only a BYE or a
     *                  timeout ends it (responses to that re-INVITE say nothing about the call's setup).
     */
    private void startCall(
        final SipMessage message, final PacketInfo info, final long hash, final long timeNs, final boolean midDialog)
    {
        if (tracked >= settings.maxCalls())
        {
            callsLimitReached.incrementRelease();
            return;
        }

        final CallStore store = this.store;
        final int call = store.acquire();
        store.putLong(call, CallStore.HASH, hash);
        copyText(call, message, info);
        store.putByte(call, CallStore.STATE, CallState.STATE_SETUP);
        store.putLong(call, CallStore.START, timeNs);
        store.putLong(call, CallStore.LAST_PACKET, timeNs);
        store.putInt(call, CallStore.INITIAL_CSEQ, (int)message.cseqNumber());
        store.putInt(call, CallStore.MAX_INVITE_CSEQ, (int)message.cseqNumber());
        store.putLong(call, CallStore.DEADLINE, timeNs + settings.setupTimeoutNs());
        store.putLong(call, CallStore.LEG_ID, legIdBase | (++legSequence & LEG_SEQUENCE_MASK));

        table.put(call);
        if (midDialog)
        {
            store.putByte(call, CallStore.FLAGS, CallState.FLAG_START_NOT_CAPTURED);
            store.putByte(call, CallStore.STATE, CallState.STATE_ESTABLISHED);
            store.putLong(call, CallStore.CONNECT, timeNs);
            store.putInt(call, CallStore.REINVITES, 1);
            store.putLong(call, CallStore.DEADLINE, timeNs + settings.absoluteTimeoutNs());
            establishedList.append(call);
            startNotCaptured.incrementRelease();
        }
        else
        {
            setupList.append(call);
        }
        tracked++;
        open++;
        callsStarted.incrementRelease();
        callsActive.setRelease(tracked);
        callsOpen.setRelease(open);
        leg.load(store, call);
        leg.loadLongCallId(longCallIds, call);
        listener.onStart(leg);
        if (midDialog)
        {
            listener.onConnect(leg);
        }
    }

    private void copyText(final int call, final SipMessage message, final PacketInfo info)
    {
        final DirectBuffer buffer = message.buffer();
        final CallStore store = this.store;
        final org.agrona.concurrent.UnsafeBuffer chunk = store.chunk(call);
        final int text = CallStore.base(call) + CallStore.TEXT;
        boolean truncated = false;

        final int callIdLength = message.callIdLength();
        final int kept = Math.min(callIdLength, CallState.MAX_CALL_ID);
        store.putInt(call, CallStore.CALL_ID_FULL_LENGTH, callIdLength);
        store.putByte(call, CallStore.CALL_ID_LENGTH, kept);
        if (kept < callIdLength)
        {
            // the whole Call-ID beside the record: matched against, and journaled whole
            longCallIds.store(call, buffer, message.callIdOffset(), callIdLength);
            truncated |= callIdLength > LongCallIds.MAX_LENGTH;
        }
        chunk.putBytes(text, callIdScratch, 0, kept);
        int position = kept;

        // From: caller user and tag
        if (message.fromIndex() >= 0 && nameAddr.wrap(message, message.fromIndex()))
        {
            if (nameAddr.tagLength() > 0)
            {
                store.putLong(call, CallStore.FROM_TAG_HASH,
                    CallIdHash.hash(buffer, nameAddr.tagOffset(), nameAddr.tagLength()));
            }
            final SipUri uri = nameAddr.uri();
            final int length = Math.min(uri.userLength(), (CallState.TEXT_CAPACITY - position) / 3);
            truncated |= length < uri.userLength();
            chunk.putBytes(text + position, buffer, uri.userOffset(), length);
            store.putByte(call, CallStore.CALLER_LENGTH, length);
            position += length;
        }

        // To: called user
        if (message.toIndex() >= 0 && nameAddr.wrap(message, message.toIndex()))
        {
            final SipUri uri = nameAddr.uri();
            final int length = Math.min(uri.userLength(), (CallState.TEXT_CAPACITY - position) / 2);
            truncated |= length < uri.userLength();
            chunk.putBytes(text + position, buffer, uri.userOffset(), length);
            store.putByte(call, CallStore.CALLED_LENGTH, length);
            position += length;
        }

        // Request-URI user
        if (requestUri.wrap(buffer, message.requestUriOffset(), message.requestUriLength()))
        {
            final int length = Math.min(requestUri.userLength(), CallState.TEXT_CAPACITY - position);
            truncated |= length < requestUri.userLength();
            chunk.putBytes(text + position, buffer, requestUri.userOffset(), length);
            store.putByte(call, CallStore.RURI_LENGTH, length);
        }

        if (truncated)
        {
            fieldsTruncated.incrementRelease();
        }

        final int base = CallStore.base(call);
        chunk.putByte(base + CallStore.IP_VERSION, (byte)info.ipVersion);
        chunk.putBytes(base + CallStore.CALLER_IP, info.sourceAddress, 0, 16);
        chunk.putBytes(base + CallStore.CALLED_IP, info.destinationAddress, 0, 16);
        chunk.putShort(base + CallStore.CALLER_PORT, (short)info.sourcePort);
        chunk.putShort(base + CallStore.CALLED_PORT, (short)info.destinationPort);
    }

    private void onRequest(final int call, final SipMessage message, final long timeNs)
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

    private void onInvite(final int call, final SipMessage message, final long timeNs)
    {
        final CallStore store = this.store;
        final long cseq = message.cseqNumber();
        final long initialCseq = store.getUnsignedInt(call, CallStore.INITIAL_CSEQ);
        final long maxInviteCseq = store.getUnsignedInt(call, CallStore.MAX_INVITE_CSEQ);
        final boolean inDialog = hasTag(message, message.toIndex());
        if (!inDialog && cseq == initialCseq)
        {
            retransmissions.incrementRelease();
        }
        else if (!inDialog && store.getByte(call, CallStore.STATE) == CallState.STATE_PENDING &&
            isAuthChallenge(store.getUnsignedShort(call, CallStore.FINAL_CODE)) && cseq > initialCseq)
        {
            // Retried INVITE after an authentication challenge: the same attempt goes on.
            store.putInt(call, CallStore.INITIAL_CSEQ, (int)cseq);
            store.putInt(call, CallStore.MAX_INVITE_CSEQ, (int)Math.max(maxInviteCseq, cseq));
            store.putShort(call, CallStore.FINAL_CODE, 0);
            store.putLong(call, CallStore.FINAL_TIME, CallState.NO_TIME);
            store.putByte(call, CallStore.STATE, CallState.STATE_SETUP);
            authList.remove(call);
            store.putLong(call, CallStore.DEADLINE, timeNs + settings.setupTimeoutNs());
            setupList.append(call);
        }
        else if (cseq > maxInviteCseq)
        {
            store.putInt(call, CallStore.REINVITES, store.getInt(call, CallStore.REINVITES) + 1);
            store.putInt(call, CallStore.MAX_INVITE_CSEQ, (int)cseq);
        }
        else
        {
            retransmissions.incrementRelease();
        }
    }

    private void onBye(final int call, final SipMessage message, final long timeNs)
    {
        final CallStore store = this.store;
        if (store.getLong(call, CallStore.BYE) != CallState.NO_TIME)
        {
            retransmissions.incrementRelease();
            return;
        }
        store.putLong(call, CallStore.BYE, timeNs);
        int byeBy = CallState.BYE_BY_CALLEE;
        if (message.fromIndex() >= 0 && nameAddr.wrap(message, message.fromIndex()) && nameAddr.tagLength() > 0)
        {
            final long tagHash = CallIdHash.hash(message.buffer(), nameAddr.tagOffset(), nameAddr.tagLength());
            if (tagHash == store.getLong(call, CallStore.FROM_TAG_HASH))
            {
                byeBy = CallState.BYE_BY_CALLER;
            }
        }
        store.putByte(call, CallStore.BYE_BY, byeBy);
        final int state = store.getByte(call, CallStore.STATE);
        if (state == CallState.STATE_SETUP || state == CallState.STATE_ESTABLISHED)
        {
            complete(call, EndReason.BYE, timeNs);
        }
    }

    private void onCancel(final int call, final long timeNs)
    {
        final CallStore store = this.store;
        if (store.getLong(call, CallStore.CANCEL) != CallState.NO_TIME)
        {
            retransmissions.incrementRelease();
            return;
        }
        store.putLong(call, CallStore.CANCEL, timeNs);
        if (store.getByte(call, CallStore.STATE) == CallState.STATE_SETUP)
        {
            // Wait (at most the linger time) for the final response the CANCEL should provoke.
            store.putByte(call, CallStore.STATE, CallState.STATE_PENDING);
            setupList.remove(call);
            store.putLong(call, CallStore.DEADLINE, timeNs + settings.lingerNs());
            lingerList.append(call);
        }
    }

    private void onResponse(final int call, final SipMessage message, final long timeNs)
    {
        final CallStore store = this.store;
        if (message.cseqMethod() != SipMethod.INVITE ||
            message.cseqNumber() != store.getUnsignedInt(call, CallStore.INITIAL_CSEQ))
        {
            return;
        }
        final int status = message.statusCode();
        if (status < 200 || (store.getByte(call, CallStore.FLAGS) & CallState.FLAG_START_NOT_CAPTURED) != 0)
        {
            return;
        }
        final int state = store.getByte(call, CallStore.STATE);
        if (status < 300)
        {
            if (store.getLong(call, CallStore.CONNECT) == CallState.NO_TIME)
            {
                store.putLong(call, CallStore.CONNECT, timeNs);
                leg.load(store, call);
        leg.loadLongCallId(longCallIds, call);
                listener.onConnect(leg);
                if (store.getUnsignedShort(call, CallStore.FINAL_CODE) == 0)
                {
                    store.putShort(call, CallStore.FINAL_CODE, status);
                    store.putLong(call, CallStore.FINAL_TIME, timeNs);
                }
                if (state == CallState.STATE_SETUP || state == CallState.STATE_PENDING)
                {
                    removeFromList(call);
                    store.putByte(call, CallStore.STATE, CallState.STATE_ESTABLISHED);
                    store.putLong(call, CallStore.DEADLINE,
                        store.getLong(call, CallStore.START) + settings.absoluteTimeoutNs());
                    establishedList.append(call);
                }
            }
            else
            {
                retransmissions.incrementRelease();
            }
            return;
        }

        if (store.getUnsignedShort(call, CallStore.FINAL_CODE) != 0)
        {
            retransmissions.incrementRelease();
            return;
        }
        store.putShort(call, CallStore.FINAL_CODE, status);
        store.putLong(call, CallStore.FINAL_TIME, timeNs);
        if (isAuthChallenge(status) && store.getLong(call, CallStore.CANCEL) == CallState.NO_TIME)
        {
            if (state == CallState.STATE_SETUP)
            {
                // Wait for the INVITE retried with credentials: the same attempt goes on.
                store.putByte(call, CallStore.STATE, CallState.STATE_PENDING);
                setupList.remove(call);
                store.putLong(call, CallStore.DEADLINE, timeNs + settings.authRetryTimeoutNs());
                authList.append(call);
            }
        }
        else if (state == CallState.STATE_SETUP || state == CallState.STATE_PENDING)
        {
            complete(call, EndReason.FINAL, timeNs);
        }
    }

    /**
     * Sets the end by the definitions, hands the leg to the listener and keeps the Call-ID lingering.
     *
     * @param reason BYE or TIMEOUT as observed; FINAL and CANCEL are decided here from the recorded times.
     */
    private void complete(final int call, final int reason, final long timeNs)
    {
        final CallStore store = this.store;
        final long lastPacketNs = store.getLong(call, CallStore.LAST_PACKET);
        switch (reason)
        {
            case EndReason.BYE ->
            {
                store.putByte(call, CallStore.END_REASON, EndReason.BYE);
                store.putLong(call, CallStore.END, store.getLong(call, CallStore.BYE));
            }
            case EndReason.TIMEOUT ->
            {
                store.putByte(call, CallStore.END_REASON, EndReason.TIMEOUT);
                store.putLong(call, CallStore.END, lastPacketNs);
            }
            case EndReason.SHUTDOWN ->
            {
                // not seen again after a restart: it ends when the sensor stopped watching it
                store.putByte(call, CallStore.END_REASON, EndReason.SHUTDOWN);
                store.putLong(call, CallStore.END, Math.max(timeNs, store.getLong(call, CallStore.START)));
            }
            default ->
            {
                // Failed: the earlier of the final non-2xx response and the CANCEL.
                final long cancelNs = store.getLong(call, CallStore.CANCEL);
                final long finalNs = store.getLong(call, CallStore.FINAL_TIME);
                final boolean cancelFirst = cancelNs != CallState.NO_TIME &&
                    (finalNs == CallState.NO_TIME || cancelNs <= finalNs);
                if (cancelFirst)
                {
                    store.putByte(call, CallStore.END_REASON, EndReason.CANCEL);
                    store.putLong(call, CallStore.END, cancelNs);
                }
                else if (finalNs != CallState.NO_TIME)
                {
                    store.putByte(call, CallStore.END_REASON, EndReason.FINAL);
                    store.putLong(call, CallStore.END, finalNs);
                }
                else
                {
                    store.putByte(call, CallStore.END_REASON, EndReason.TIMEOUT);
                    store.putLong(call, CallStore.END, lastPacketNs);
                }
            }
        }

        legsCompleted.incrementRelease();
        open--;
        callsOpen.setRelease(open);
        leg.load(store, call);
        leg.loadLongCallId(longCallIds, call);
        listener.onLeg(leg);

        removeFromList(call);
        store.putByte(call, CallStore.STATE, CallState.STATE_LINGER);
        if (store.getByte(call, CallStore.END_REASON) == EndReason.BYE)
        {
            // absorb the BYE transaction: bye_timeout until its 2xx, then bye_confirmed_timeout
            store.putLong(call, CallStore.DEADLINE, Math.max(timeNs, lastPacketNs) + settings.byeTimeoutNs());
            byeList.append(call);
        }
        else
        {
            store.putLong(call, CallStore.DEADLINE, Math.max(timeNs, lastPacketNs) + settings.lingerNs());
            lingerList.append(call);
        }
    }

    private void removeFromList(final int call)
    {
        switch (store.getSignedByte(call, CallStore.LIST_ID))
        {
            case LIST_SETUP -> setupList.remove(call);
            case LIST_ESTABLISHED -> establishedList.remove(call);
            case LIST_LINGER -> lingerList.remove(call);
            case LIST_AUTH -> authList.remove(call);
            case LIST_BYE -> byeList.remove(call);
            case LIST_BYE_CONFIRMED -> byeConfirmedList.remove(call);
            case LIST_RESTORED -> restoredList.remove(call);
            default ->
            {
            }
        }
    }

    private void release(final int call)
    {
        removeFromList(call);
        table.remove(call);
        tracked--;
        callsActive.setRelease(tracked);
        longCallIds.release(call);
        store.release(call);
    }

    private boolean hasTag(final SipMessage message, final int headerIndex)
    {
        return headerIndex >= 0 && nameAddr.wrap(message, headerIndex) && nameAddr.tagLength() > 0;
    }

    private static boolean isAuthChallenge(final int status)
    {
        return status == 401 || status == 407;
    }
}
