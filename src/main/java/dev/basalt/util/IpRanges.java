package dev.basalt.util;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Matching an IP address against single addresses and CIDR ranges (IPv4 and IPv6). Never resolves host names. */
public final class IpRanges {
    private IpRanges() {}

    /** Whether {@code ip} equals one of the addresses or falls in one of the CIDR ranges; false for an invalid ip. */
    public static boolean contains(List<String> ranges, String ip) {
        byte[] address = parse(ip);
        if (address == null) {
            return false;
        }
        for (String range : ranges) {
            if (matches(range.strip(), address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String range, byte[] address) {
        int slash = range.indexOf('/');
        byte[] base = parse(slash < 0 ? range : range.substring(0, slash));
        if (base == null || base.length != address.length) {
            return false;
        }
        int bits = base.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(range.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > base.length * 8) {
                return false;
            }
        }
        int shift = base.length * 8 - bits;
        return new BigInteger(1, base).shiftRight(shift).equals(new BigInteger(1, address).shiftRight(shift));
    }

    /** The bytes of a literal IPv4/IPv6 address, or null when it is not one. */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty() || !ip.matches("[0-9a-fA-F:.%]+") || (!ip.contains(":") && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length == 16 && isMappedV4(b)) {
                return java.util.Arrays.copyOfRange(b, 12, 16);
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
