package org.openpalm.server;

/**
 * HTTP tuning.
 *
 * @param host             interface to listen on
 * @param port             TCP port; 0 picks a free one
 * @param maxRequestBytes  largest request body accepted (palm images are the big ones)
 */
public record HttpSettings(String host, int port, long maxRequestBytes) {
    public static final HttpSettings DEFAULT = new HttpSettings("127.0.0.1", 8080, 16L << 20);

    public HttpSettings {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
    }
}
