package dev.basalt.auth.oauth2;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which resolved addresses a server-side download may connect to: public unicast only.
 *
 * <p>Refused, following Go's {@code net.IP} predicates that PocketBase's safe client uses:
 * unspecified, loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local unicast and
 * multicast (169.254/16 — which includes cloud metadata endpoints — and fe80::/10), and multicast.
 * Also refused, beyond PocketBase: the whole 0/8 block (Linux routes 0.x to the host itself),
 * 100.64/10 (carrier-grade NAT, used by some cloud metadata services), the broadcast address,
 * deprecated site-local fec0::/10, and IPv6 forms that embed an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64 64:ff9b::/96 and 6to4 2002::/16), which are judged by that IPv4 address.
 */
final class NetworkAddresses {
    private NetworkAddresses() {}

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean thisNetwork = first == 0;
            boolean sharedAddressSpace = first == 100 && second >= 64 && second <= 127;
            boolean broadcast = first == 255 && second == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255;
            return !(thisNetwork || sharedAddressSpace || broadcast);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            InetAddress embedded = embeddedIPv4(b);
            return embedded == null || isPublic(embedded);
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped/-compatible, NAT64 or 6to4 IPv6 address; null otherwise. */
    private static InetAddress embeddedIPv4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0;
        try {
            if (mapped || compatible || nat64) {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
        return null;
    }
}
