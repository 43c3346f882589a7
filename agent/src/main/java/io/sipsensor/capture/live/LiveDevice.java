package io.sipsensor.capture.live;

/**
 * An interface to capture on, as the AF_PACKET engine needs it.
 *
 * @param name        interface name, or {@code any}.
 * @param index       kernel interface index; 0 for {@code any}.
 * @param cooked      true to read frames from the network header (SOCK_DGRAM) and rebuild a Linux cooked header:
 *                    for {@code any} and for links without Ethernet framing.
 * @param promiscuous put the interface in promiscuous mode while the socket is open.
 */
record LiveDevice(String name, int index, boolean cooked, boolean promiscuous)
{
    /** The pseudo-interface that captures on every interface. */
    static final String ANY = "any";
}
