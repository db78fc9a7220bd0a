package org.openpalm.server.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Where webhooks may go: https URLs whose host resolves only to public addresses. Loopback,
 * private (RFC 1918, unique-local, carrier-grade NAT), link-local (cloud metadata at
 * 169.254.169.254), multicast, unspecified and reserved addresses are refused, at registration and
 * again before every delivery, since a name's addresses can change after registration. Between the
 * check and the connection the JVM's DNS cache (30 s by default) answers with the addresses just
 * checked. Redirects are never followed (see {@link WebhookDispatcher}).
 */
public final class WebhookTargets {
    /**
     * @param allowPlainHttp accept {@code http://} URLs (tests, the demo); never in production
     * @param allowLoopback  accept loopback addresses (tests, the demo, whose receivers run on this machine)
     */
    public record Policy(boolean allowPlainHttp, boolean allowLoopback) {
        /** https only, public addresses only. */
        public static final Policy STRICT = new Policy(false, false);
    }

    /** Whether a URL may receive webhooks. */
    public sealed interface Verdict {
        record Allowed(List<InetAddress> addresses) implements Verdict {}

        record Refused(String reason) implements Verdict {}
    }

    private static final List<AddressRange> LOOPBACK = ranges("127.0.0.0/8", "::1/128");
    private static final List<AddressRange> INTERNAL = ranges(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4", "::/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    /** Resolves a host name to its addresses (the JDK's resolver; tests may give another). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Policy policy;
    private final Resolver resolver;

    public WebhookTargets(Policy policy) {
        this(policy, InetAddress::getAllByName);
    }

    public WebhookTargets(Policy policy, Resolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public Policy policy() {
        return policy;
    }

    public Verdict check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null) {
            return new Verdict.Refused("must be an absolute https URL without user information");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && policy.allowPlainHttp())) {
            return new Verdict.Refused(policy.allowPlainHttp() ? "must be an http(s) URL" : "must be an https URL");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Verdict.Refused("its host " + host + " does not resolve");
        }
        if (addresses.length == 0) return new Verdict.Refused("its host " + host + " does not resolve");
        for (InetAddress a : addresses) {
            // every address must be acceptable: the client may connect to any of them
            if (in(LOOPBACK, a) && !policy.allowLoopback()) return refused(host, a, "a loopback address");
            if (in(INTERNAL, a)) return refused(host, a, "a private, link-local, multicast or reserved address");
        }
        return new Verdict.Allowed(List.of(addresses));
    }

    private static Verdict refused(String host, InetAddress a, String what) {
        return new Verdict.Refused("its host " + host + " resolves to " + a.getHostAddress() + ", " + what + ": webhooks go to public addresses only");
    }

    private static boolean in(List<AddressRange> ranges, InetAddress a) {
        for (AddressRange r : ranges) if (r.contains(a)) return true;
        return false;
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return java.util.Arrays.stream(cidrs).map(AddressRange::parse).toList();
    }
}
