package io.sipsensor.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Watches the link state of the capture interfaces in {@code /sys/class/net}: an interface that is down captures
 * nothing (AF_PACKET binds to it without complaint), so the operator is told at start and whenever one goes down or
 * comes back, one line each, and the counters say how many are down now and how often one went down. {@code any} and
 * systems without sysfs are not watched.
 * <p>
 * Main thread; a poll reads two small sysfs files per interface and allocates (it runs a few times a second, off the
 * capture path).
 */
public final class InterfaceWatch
{
    private static final int IFF_UP = 0x1;

    /** Link state of an interface. */
    public enum State
    {
        /** Up and with a carrier (or a link that reports no carrier state). */
        UP,
        /** Administratively down: {@code ip link set IF down}. */
        ADMIN_DOWN,
        /** Up, but no carrier: cable, mirror session or peer gone. */
        NO_CARRIER,
        /** Gone: the interface was removed. */
        GONE
    }

    private final Path sysfs;
    private final List<String> names = new ArrayList<>();
    private final List<State> states = new ArrayList<>();
    private final Consumer<String> log;
    private long downEvents;

    /**
     * @param sysfs      usually {@code /sys/class/net}.
     * @param interfaces the capture interfaces ({@code any} is skipped).
     * @param log        told one line per change, without the {@code sipsensor: } prefix.
     */
    public InterfaceWatch(final Path sysfs, final List<String> interfaces, final Consumer<String> log)
    {
        this.sysfs = sysfs;
        this.log = log;
        if (Files.isDirectory(sysfs))
        {
            for (final String name : interfaces)
            {
                if (!"any".equals(name))
                {
                    names.add(name);
                    states.add(null);
                }
            }
        }
    }

    /**
     * Reads the state of each interface and says what changed (at the first poll: every interface that is down).
     */
    public void poll()
    {
        for (int i = 0; i < names.size(); i++)
        {
            final String name = names.get(i);
            final State now = state(sysfs.resolve(name));
            final State before = states.get(i);
            if (now == before)
            {
                continue;
            }
            states.set(i, now);
            if (now == State.UP)
            {
                if (before != null)
                {
                    log.accept("interface " + name + " is up again: capturing on it");
                }
            }
            else
            {
                if (before == null || before == State.UP)
                {
                    downEvents++;
                }
                log.accept("interface " + name + " " + describe(name, now));
            }
        }
    }

    /** @return capture interfaces down now. */
    public int down()
    {
        int down = 0;
        for (final State state : states)
        {
            if (state != null && state != State.UP)
            {
                down++;
            }
        }
        return down;
    }

    /** @return times a capture interface was found down (at start, or going down later). */
    public long downEvents()
    {
        return downEvents;
    }

    /**
     * @param device an interface's folder in sysfs.
     * @return its state now.
     */
    static State state(final Path device)
    {
        try
        {
            final int flags = Integer.decode(read(device.resolve("flags")));
            if ((flags & IFF_UP) == 0)
            {
                return State.ADMIN_DOWN;
            }
            final String operstate = read(device.resolve("operstate"));
            return "down".equals(operstate) || "lowerlayerdown".equals(operstate) || "dormant".equals(operstate) ?
                State.NO_CARRIER : State.UP;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return Files.exists(device) ? State.UP : State.GONE;
        }
    }

    /**
     * @return the rest of the line for an interface that is not up: what it means and what to do.
     */
    static String describe(final String name, final State state)
    {
        return switch (state)
        {
            case ADMIN_DOWN -> "is down: nothing is captured on it until it is up ('ip link set " + name + " up')";
            case NO_CARRIER -> "is up but has no carrier: nothing arrives until the link is back (check the cable " +
                "and the switch's mirror session)";
            case GONE -> "is gone: nothing is captured on it (it was removed; restart the agent once it is back)";
            case UP -> "is up";
        };
    }

    private static String read(final Path file) throws IOException
    {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
