package org.openpalm.server.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Security headers on every response the handlers make, pages, JSON, problems and 404s alike: set at the
 * Jetty level, around Javalin. The pages load their scripts and styles from files, so the policy
 * needs no {@code 'unsafe-inline'}; {@code blob:} and {@code data:} images are the camera frames and
 * downloads the pages make themselves. HSTS only over TLS (ours, or a trusted proxy's).
 */
public final class SecurityHeaders extends Handler.Wrapper {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private final ClientOrigin origin;

    public SecurityHeaders(ClientOrigin origin) {
        this.origin = origin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        if (origin.isSecure(request.isSecure(), Request.getRemoteAddr(request), Optional.ofNullable(request.getHeaders().get("X-Forwarded-Proto")))) {
            headers.put("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        return super.handle(request, response, callback);
    }
}
