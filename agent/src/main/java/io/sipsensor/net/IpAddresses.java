package io.sipsensor.net;

/**
 * Text forms of IP addresses held as bytes. Allocates; used when a CDR is written, not per packet.
 */
public final class IpAddresses
{
    private IpAddresses()
    {
    }

    /**
     * @param ipVersion 4 or 6.
     * @param address   4 (or more, first 4 used) bytes for IPv4, 16 for IPv6.
     * @return dotted quad, or the RFC 5952 canonical IPv6 text (lower case, longest zero run as "::").
     */
    public static String format(final int ipVersion, final byte[] address)
    {
        if (ipVersion == 4)
        {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." +
                (address[3] & 0xFF);
        }
        if (ipVersion != 6)
        {
            return "";
        }

        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not shortened
        for (int i = 0; i < 8; )
        {
            if (groups[i] == 0)
            {
                int j = i;
                while (j < 8 && groups[j] == 0)
                {
                    j++;
                }
                if (j - i > bestLength)
                {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }

        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':')
            {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
