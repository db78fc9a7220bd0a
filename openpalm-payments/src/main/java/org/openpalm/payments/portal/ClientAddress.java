package org.openpalm.payments.portal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Who asks, for the per-client sign-in backoff: an IPv4 address, or the /64 prefix of an IPv6
 * address (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let
 * one client rotate through billions of them).
 */
public record ClientAddress(String value) {
    public ClientAddress {
        if (value == null || value.isBlank() || value.length() > 64) throw new IllegalArgumentException("a client address is 1 to 64 characters");
    }

    public static ClientAddress of(InetAddress address) {
        if (address instanceof Inet6Address v6 && !isMappedV4(v6)) {
            byte[] prefix = Arrays.copyOf(v6.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return new ClientAddress(InetAddress.getByAddress(prefix).getHostAddress() + "/64");
            } catch (java.net.UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return new ClientAddress(address.getHostAddress());
    }

    private static boolean isMappedV4(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
