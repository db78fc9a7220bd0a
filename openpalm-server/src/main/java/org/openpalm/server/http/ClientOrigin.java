package org.openpalm.server.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who sent a request and whether it came over TLS, believing {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-For} only from the configured proxies: anybody else could write them to get
 * a {@code Secure} cookie on plain HTTP or to dodge the per-client backoff.
 */
public final class ClientOrigin {
    /** An IP literal (v4, v6 without brackets): only these are turned into addresses, never a name to resolve. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private final List<AddressRange> trustedProxies;

    public ClientOrigin(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Over TLS: our own ({@code tls}), or a trusted proxy's, as it says in {@code X-Forwarded-Proto}. */
    public boolean isSecure(boolean tls, String peer, Optional<String> forwardedProto) {
        if (tls) return true;
        return isTrustedProxy(peer) && forwardedProto.map(p -> p.split(",")[0].strip().equalsIgnoreCase("https")).orElse(false);
    }

    /**
     * The client's address: the peer; when the peer is a trusted proxy, the nearest address in
     * {@code X-Forwarded-For} that is not itself a trusted proxy (the ones before it could be made up).
     */
    public String clientAddress(String peer, Optional<String> forwardedFor) {
        if (!isTrustedProxy(peer) || forwardedFor.isEmpty()) return peer;
        String[] hops = forwardedFor.get().split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops[i].strip());
            if (hop.isEmpty()) return client; // garbage: stop at the last address we can vouch for
            client = hop.get().getHostAddress();
            if (!trusted(hop.get())) return client;
        }
        return client;
    }

    public boolean isTrustedProxy(String peer) {
        return literal(peer).map(this::trusted).orElse(false);
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange r : trustedProxies) if (r.contains(address)) return true;
        return false;
    }

    /** The address of an IP literal ({@code [v6]} accepted), without any DNS look-up. */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) return Optional.empty();
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IP_LITERAL.matcher(t).matches()) return Optional.empty();
        try {
            return Optional.of(InetAddress.ofLiteral(t)); // never a DNS look-up
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
