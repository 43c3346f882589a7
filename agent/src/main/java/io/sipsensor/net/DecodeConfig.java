package io.sipsensor.net;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;

import static io.sipsensor.config.SettingValues.number;
import static io.sipsensor.config.SettingValues.seconds;

/**
 * Layer 2..4 decoding settings as the config file names them: IP fragment reassembly limits and the UDP ports on
 * which tunnels and HEP are decoded.
 */
public final class DecodeConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("ipfrag_max_datagrams", "1024",
            "IP datagrams reassembled at once; fragments beyond are counted and dropped"),
        new Setting("ipfrag_timeout", "30",
            "seconds an incomplete fragmented datagram is kept"),
        new Setting("vxlan_port", "4789",
            "UDP destination port whose datagrams are decoded as VXLAN (inner Ethernet frames); 0 turns VXLAN off"),
        new Setting("hep_port", "9060",
            "UDP destination port on which HEP v3 (HOMER) packets are received and their SIP decoded; 0 turns HEP " +
                "off"),
        new Setting("gtpu_port", "2152",
            "UDP destination port whose datagrams are decoded as GTP-U v1 (a mobile core's user plane); 0 turns it " +
                "off"));

    private int ipFragmentMaxDatagrams;
    private long ipFragmentTimeoutNs;
    private int vxlanPort;
    private int hepPort;
    private int gtpuPort;

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    @Override
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "ipfrag_max_datagrams" -> ipFragmentMaxDatagrams = (int)number(source, key, text, 1, 1 << 20);
            case "ipfrag_timeout" -> ipFragmentTimeoutNs = seconds(source, key, text, 1, 3_600);
            case "vxlan_port" -> vxlanPort = (int)number(source, key, text, 0, 65535);
            case "hep_port" -> hepPort = (int)number(source, key, text, 0, 65535);
            case "gtpu_port" -> gtpuPort = (int)number(source, key, text, 0, 65535);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return IP fragment reassembly limits. */
    public ReassemblySettings reassemblySettings()
    {
        return new ReassemblySettings().maxDatagrams(ipFragmentMaxDatagrams).timeoutNs(ipFragmentTimeoutNs);
    }

    /** @return the ports tunnels and HEP are decoded on. */
    public EncapsulationSettings encapsulationSettings()
    {
        return new EncapsulationSettings().vxlanPort(vxlanPort).hepPort(hepPort).gtpuPort(gtpuPort);
    }
}
