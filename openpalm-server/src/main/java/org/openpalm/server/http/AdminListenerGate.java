package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.function.IntSupplier;

/**
 * Keeps the admin API on its own listener: {@code /admin/} calls are answered only there (404
 * elsewhere), the merchant, terminal and portal APIs never there, and every request there takes a
 * token from its client's {@link RateLimiter} bucket (429 with {@code Retry-After} when empty), so
 * the admin token cannot be guessed at speed.
 */
public final class AdminListenerGate {
    private final IntSupplier adminPort;
    private final IntSupplier publicPort;
    private final RateLimiter limiter;

    /**
     * {@code adminPort}, {@code publicPort}: the listeners' local ports, known once the server runs
     * (port 0 picks one). Admin answers carry the public one in {@code OpenPalm-Public-Port}, for
     * the admin page's links to the reader and kiosk pages.
     */
    public AdminListenerGate(IntSupplier adminPort, IntSupplier publicPort, RateLimiter limiter) {
        this.adminPort = adminPort;
        this.publicPort = publicPort;
        this.limiter = limiter;
    }

    public void routes(JavalinConfig config) {
        config.routes.before(this::check);
    }

    private void check(Context ctx) {
        boolean onAdminListener = ctx.req().getLocalPort() == adminPort.getAsInt();
        String path = ctx.path();
        boolean adminCall = path.startsWith("/admin/");
        if (!onAdminListener) {
            if (adminCall) throw Problem.of(404, "not-found", "Not found", "the admin API is served on its own listener (admin.port)");
            return;
        }
        ctx.header("OpenPalm-Public-Port", Integer.toString(publicPort.getAsInt()));
        var wait = limiter.take(ctx.ip());
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(wait.getAsLong()));
            throw Problem.of(429, "rate-limited", "Too many requests", "too many admin requests; retry after " + wait.getAsLong() + " s");
        }
        if (path.startsWith("/v1/") || path.startsWith("/terminal/") || path.startsWith("/portal/")) {
            throw Problem.of(404, "not-found", "Not found", "the admin listener serves the admin API and its page only");
        }
    }
}
