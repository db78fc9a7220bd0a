package org.openpalm.server;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.portal.PortalConfig;

/**
 * The customer portal: how sign-in codes reach the phone, and the sign-in limits.
 *
 * @param codeSender {@code portal.codeSender}: {@code log} (the server log, for the demo and tests)
 *                   or {@code http} (POST to an SMS gateway at {@code portal.codeSenderUrl})
 * @param signIn     code validity, attempts, session length, per-phone and per-client backoff
 */
public record PortalSettings(CodeSender codeSender, PortalConfig signIn) {
    /** The log sender, not chosen explicitly: fine in tests, refused by {@code openpalm serve}. */
    public static final PortalSettings DEFAULT = new PortalSettings(new CodeSender.Log(false), PortalConfig.DEFAULT);

    public PortalSettings {
        Objects.requireNonNull(codeSender, "codeSender");
        Objects.requireNonNull(signIn, "signIn");
    }

    /** Where sign-in codes go. */
    public sealed interface CodeSender {
        /** The server log; {@code chosen}: configured explicitly ({@code portal.codeSender=log}). */
        record Log(boolean chosen) implements CodeSender {}

        /** A JSON POST {@code {"to": "+E164", "text": "..."}} to an SMS gateway, with an optional bearer token. */
        record Http(URI url, Optional<String> bearerToken) implements CodeSender {
            public Http {
                Objects.requireNonNull(url, "url");
                Objects.requireNonNull(bearerToken, "bearerToken");
                boolean local = "127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()) || "[::1]".equals(url.getHost());
                if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && local)) {
                    throw new IllegalArgumentException("portal.codeSenderUrl must be an https URL (plain http only to this machine)");
                }
            }

            @Override
            public String toString() {
                return "Http[" + url + ", token " + (bearerToken.isPresent() ? "set" : "none") + "]";
            }
        }
    }

    /** Why {@code openpalm serve} must not start with these settings, if it must not. */
    public Optional<String> refusalToServe() {
        return switch (codeSender) {
            case CodeSender.Log log when !log.chosen() -> Optional.of("portal.codeSender is not set, so portal sign-in codes would go to the"
                    + " server log: set portal.codeSender=http with portal.codeSenderUrl (an SMS gateway), or portal.codeSender=log to accept that");
            case CodeSender.Log log -> Optional.empty();
            case CodeSender.Http http -> Optional.empty();
        };
    }
}
