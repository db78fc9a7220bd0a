package org.openpalm.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.server.http.AddressRange;

/**
 * HTTP tuning and transport security.
 *
 * @param host             interface to listen on
 * @param port             TCP port; 0 picks a free one
 * @param maxRequestBytes  largest request body accepted (palm images are the big ones)
 * @param tls              serve HTTPS with this PKCS#12 keystore; empty: plain HTTP (behind a TLS proxy, or local)
 * @param trustedProxies   addresses (or CIDR ranges) whose {@code X-Forwarded-Proto} and {@code X-Forwarded-For}
 *                         are believed; empty: nobody's
 * @param admin            the admin API's own listener
 */
public record HttpSettings(String host, int port, long maxRequestBytes, Optional<Tls> tls, List<AddressRange> trustedProxies, AdminListener admin) {
    public static final HttpSettings DEFAULT = new HttpSettings("127.0.0.1", 8080, 16L << 20);

    public HttpSettings {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
        Objects.requireNonNull(tls, "tls");
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(admin, "admin");
    }

    /** Plain HTTP, no trusted proxy, the admin listener on 127.0.0.1:8081. */
    public HttpSettings(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, Optional.empty(), List.of(), AdminListener.DEFAULT);
    }

    public HttpSettings withAdmin(AdminListener newAdmin) {
        return new HttpSettings(host, port, maxRequestBytes, tls, trustedProxies, newAdmin);
    }

    public HttpSettings withTls(Tls newTls) {
        return new HttpSettings(host, port, maxRequestBytes, Optional.of(newTls), trustedProxies, admin);
    }

    public HttpSettings withTrustedProxies(List<AddressRange> proxies) {
        return new HttpSettings(host, port, maxRequestBytes, tls, proxies, admin);
    }

    /** A PKCS#12 keystore holding the server's key and certificate chain. */
    public record Tls(Path keystoreFile, String keystorePassword) {
        public Tls {
            Objects.requireNonNull(keystoreFile, "keystoreFile");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
        }

        @Override
        public String toString() {
            return "Tls[" + keystoreFile + ", password masked]";
        }
    }

    /**
     * The admin API's listener: only {@code /admin/} calls and the pages are answered there, and
     * {@code /admin/} calls only there.
     *
     * @param host              interface, 127.0.0.1 by default: the operator's machine or an SSH tunnel
     * @param port              TCP port; 0 picks a free one
     * @param requestsPerMinute requests one client address may make per minute (token bucket); more get 429
     */
    public record AdminListener(String host, int port, int requestsPerMinute) {
        public static final AdminListener DEFAULT = new AdminListener("127.0.0.1", 8081, 120);

        public AdminListener {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("admin port out of range: " + port);
            if (requestsPerMinute < 1) throw new IllegalArgumentException("admin requestsPerMinute must be positive");
        }
    }
}
