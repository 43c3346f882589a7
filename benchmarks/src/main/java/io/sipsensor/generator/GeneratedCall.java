package io.sipsensor.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SIP messages of one generated call, rendered in memory in the order they are sent: what
 * {@link TrafficGenerator} writes into a capture for the same settings, call index and start time, without the
 * frames around them. For benchmarks and harnesses that feed the call tracker directly (no capture file).
 * Allocates; set-up only.
 */
public final class GeneratedCall
{
    private final CallPlan plan;
    private final long[] times;
    private final byte[][] messages;
    private final boolean[] fromCaller;

    private GeneratedCall(final CallPlan plan, final long[] times, final byte[][] messages, final boolean[] fromCaller)
    {
        this.plan = plan;
        this.times = times;
        this.messages = messages;
        this.fromCaller = fromCaller;
    }

    /**
     * @param settings generator settings (outcome shares, hold time, compact share, seed).
     * @param index    call index (the Call-ID, numbers and outcome derive from it).
     * @param startNs  time of its INVITE.
     * @return the call's messages.
     */
    public static GeneratedCall of(final GeneratorSettings settings, final int index, final long startNs)
    {
        final CallPlan plan = new CallPlan(settings, index, startNs);
        final SipTemplates templates = new SipTemplates();
        final List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < CallPlan.SIP_SLOTS; slot++)
        {
            if (plan.times[slot] != Long.MIN_VALUE)
            {
                slots.add(slot);
            }
        }
        slots.sort((a, b) -> Long.compare(plan.times[a], plan.times[b]));
        final long[] times = new long[slots.size()];
        final byte[][] messages = new byte[slots.size()][];
        final boolean[] fromCaller = new boolean[slots.size()];
        for (int i = 0; i < slots.size(); i++)
        {
            final int slot = slots.get(i);
            times[i] = plan.times[slot];
            messages[i] = templates.render(plan, slot);
            fromCaller[i] = TrafficGenerator.sentByCaller(plan, slot);
        }
        return new GeneratedCall(plan, times, messages, fromCaller);
    }

    /** @return messages of the call. */
    public int messageCount()
    {
        return messages.length;
    }

    /**
     * @param message index in send order.
     * @return its capture time, ns since the epoch.
     */
    public long timeNs(final int message)
    {
        return times[message];
    }

    /**
     * @param message index in send order.
     * @return its bytes (the UDP payload).
     */
    public byte[] bytes(final int message)
    {
        return messages[message];
    }

    /**
     * @param message index in send order.
     * @return true when the caller sends it (source = caller address), false for the callee.
     */
    public boolean fromCaller(final int message)
    {
        return fromCaller[message];
    }

    /** @return the caller's IPv4 address. */
    public byte[] callerAddress()
    {
        return plan.callerAddress();
    }

    /** @return the callee's IPv4 address. */
    public byte[] calleeAddress()
    {
        return plan.calleeAddress();
    }

    /** @return the leg a correct sensor reports for the call. */
    public ExpectedLeg expectedLeg()
    {
        return plan.expectedLeg();
    }

    @Override
    public String toString()
    {
        return "GeneratedCall[" + plan.callId() + ", " + messages.length + " messages at " + Arrays.toString(times) +
            "]";
    }
}
