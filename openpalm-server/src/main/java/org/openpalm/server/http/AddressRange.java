package org.openpalm.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IP address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}), as configured for trusted proxies. */
public record AddressRange(byte[] network, int prefixBits) {
    public AddressRange {
        network = network.clone();
        if (network.length != 4 && network.length != 16) throw new IllegalArgumentException("an address is 4 or 16 bytes");
        if (prefixBits < 0 || prefixBits > network.length * 8) throw new IllegalArgumentException("prefix out of range: " + prefixBits);
    }

    /** {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code ::1}, {@code 2001:db8::/32}: literals only, never a name to resolve. */
    public static AddressRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = ClientOrigin.literal(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range: " + text)).getAddress();
        int bits;
        try {
            bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        return new AddressRange(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefixBits % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefixBits == prefixBits && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
