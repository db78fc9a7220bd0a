package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.ConsentKind;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.portal.ClientAddress;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.PortalSignIn;
import org.openpalm.payments.portal.SessionToken;
import org.openpalm.payments.privacy.DataExport;
import org.openpalm.payments.privacy.PrivacyService;

/**
 * The customer portal API, for {@code /portal.html}. Sign-in is a phone number and a one-time code;
 * the session is an HttpOnly, SameSite=Strict cookie. Every mutating call after sign-in takes an
 * {@code Idempotency-Key}.
 *
 * <ul>
 *   <li>{@code POST /portal/v1/sign-in/code} {@code {phone}} (Idempotency-Key): sends a code; 202
 *       whether or not the phone is enrolled, so the answer does not reveal enrolment; 429 with
 *       {@code Retry-After} when this phone or this client asked too often (backoff, daily cap),
 *       enrolled or not
 *   <li>{@code POST /portal/v1/sign-in} {@code {phone, code}}: sets the session cookie. Not
 *       idempotency-keyed on purpose: a replayable stored response would hold the session token
 *       (or lack the cookie); a lost response means asking for a new code
 *   <li>{@code POST /portal/v1/sign-out} (Idempotency-Key)
 *   <li>{@code GET /portal/v1/me}, {@code GET /portal/v1/payments}, {@code GET /portal/v1/cards},
 *       {@code GET /portal/v1/consents}
 *   <li>{@code POST /portal/v1/consents/shopping-insights} {@code {text_version}} (Idempotency-Key): grant
 *   <li>{@code POST /portal/v1/consents/{shopping-insights|biometric-processing}/withdraw}
 *       (Idempotency-Key): withdrawing biometric processing erases the palm data
 *   <li>{@code POST /portal/v1/erasure} {@code {confirm: true}} (Idempotency-Key): delete my palm data
 *   <li>{@code GET /portal/v1/export}: download my data (JSON attachment)
 * </ul>
 */
public final class PortalApi {
    static final String COOKIE = "openpalm_portal";

    private final Api api;
    private final PortalSignIn signIn;
    private final PrivacyService privacy;

    private final java.util.Optional<PalmMembershipsExport> memberships;

    public PortalApi(Api api, PortalSignIn signIn, PrivacyService privacy) {
        this(api, signIn, privacy, java.util.Optional.empty());
    }

    /** With {@code memberships}: the export holds loyalty, entry and age data too. */
    public PortalApi(Api api, PortalSignIn signIn, PrivacyService privacy, java.util.Optional<PalmMembershipsExport> memberships) {
        this.memberships = memberships;
        this.api = api;
        this.signIn = signIn;
        this.privacy = privacy;
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.post("/portal/v1/sign-in/code", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            PhoneNumber phone = Api.valid("phone", PhoneNumber.parse(Json.read(body, PrivacyDto.CodeRequestIn.class).phone()));
            ClientAddress client = client(ctx);
            // not scoped by the phone number, which would then be stored in plain with the key; the
            // request fingerprint binds a key to its phone (another phone with it is a conflict)
            api.mutate(ctx, "portal-code", body, () -> switch (signIn.requestCode(phone, client)) {
                case PortalSignIn.CodeRequest.Accepted a -> sent();
                case PortalSignIn.CodeRequest.Throttled t -> {
                    ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                    yield Api.problemResponse(Problem.of(429, "code-too-soon", "Too soon",
                            "too many codes asked for; ask again in " + t.retryAfterSeconds() + " s"));
                }
            });
        });

        r.post("/portal/v1/sign-in", ctx -> {
            PrivacyDto.SignInIn in = Json.read(ctx.bodyAsBytes(), PrivacyDto.SignInIn.class);
            PhoneNumber phone = Api.valid("phone", PhoneNumber.parse(in.phone()));
            OneTimeCode code = OneTimeCode.parse(in.code()).orElseThrow(() -> Problem.invalid("code", "must be the six digits sent to the phone"));
            switch (signIn.verify(phone, code, client(ctx))) {
                case PortalSignIn.SignIn.SignedIn s -> {
                    ctx.header("Set-Cookie", COOKIE + "=" + s.token().reveal() + "; Path=/portal; Max-Age=" + signIn.config().sessionValiditySeconds()
                            + "; HttpOnly; SameSite=Strict" + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
                    Api.json(ctx, 200, new PrivacyDto.SignedInOut(s.customer().value(), s.expiresAt().toString()));
                }
                case PortalSignIn.SignIn.WrongCode w -> throw new Problem(401, "https://openpalm.org/problems/wrong-code", "Wrong code",
                        "the code is wrong; " + w.attemptsLeft() + " attempt(s) left", List.of(new Problem.FieldError("code", "is wrong")));
                case PortalSignIn.SignIn.CodeExpired e -> throw new Problem(401, "https://openpalm.org/problems/code-expired", "Code expired",
                        "the code has expired; ask for a new one", List.of(new Problem.FieldError("code", "has expired")));
                case PortalSignIn.SignIn.NoCodeRequested n -> throw new Problem(401, "https://openpalm.org/problems/no-code", "No code",
                        "no code is waiting for this phone; ask for one", List.of(new Problem.FieldError("code", "was not requested or is used up")));
                case PortalSignIn.SignIn.TooManyAttempts t -> throw new Problem(429, "https://openpalm.org/problems/too-many-attempts",
                        "Too many attempts", "too many wrong codes; ask for a new one", List.of(new Problem.FieldError("code", "too many wrong attempts")));
                case PortalSignIn.SignIn.Throttled t -> {
                    ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                    throw Problem.of(429, "too-many-sign-ins", "Too many sign-in attempts",
                            "too many codes entered from here; try again in " + t.retryAfterSeconds() + " s");
                }
            }
        });

        r.post("/portal/v1/sign-out", ctx -> {
            SessionToken token = token(ctx);
            CustomerId customer = session(ctx);
            api.mutateAtomically(ctx, scope(customer), ctx.bodyAsBytes(), () -> {
                signIn.signOut(token);
                return new StoredResponse(200, Json.write(new Dto.HealthOut("signed out")));
            });
            ctx.header("Set-Cookie", COOKIE + "=; Path=/portal; Max-Age=0; HttpOnly; SameSite=Strict");
        });

        r.get("/portal/v1/me", ctx -> {
            CustomerId id = session(ctx);
            Customer c = privacy.customer(id).orElseThrow(PortalApi::noSession);
            Api.json(ctx, 200, new PrivacyDto.ProfileOut(id.value(), c.phone().e164(), c.createdAt().toString(), privacy.palmEnrolments(id)));
        });

        r.get("/portal/v1/payments", ctx -> {
            CustomerId id = session(ctx);
            Api.json(ctx, 200, new PrivacyDto.PaymentsOut(privacy.payments(id).stream().map(Dto.PaymentOut::of).toList().reversed()));
        });

        r.get("/portal/v1/cards", ctx -> {
            CustomerId id = session(ctx);
            Api.json(ctx, 200, new PrivacyDto.CardsOut(privacy.cards(id).stream().map(PrivacyDto.CardOut::of).toList()));
        });

        r.get("/portal/v1/consents", ctx -> {
            CustomerId id = session(ctx);
            Api.json(ctx, 200, new PrivacyDto.ConsentsOut(privacy.consents(id).stream().map(PrivacyDto.ConsentOut::of).toList()));
        });

        r.post("/portal/v1/consents/shopping-insights", ctx -> {
            CustomerId id = session(ctx);
            byte[] body = ctx.bodyAsBytes();
            String version = Api.requireText("text_version", Json.read(body, PrivacyDto.GrantIn.class).textVersion(), 40);
            api.mutateAtomically(ctx, scope(id), body, () -> consentResponse(
                    privacy.grantShoppingInsights(id, version, ConsentChannel.PORTAL, actor(id))));
        });

        r.post("/portal/v1/consents/{kind}/withdraw", ctx -> {
            CustomerId id = session(ctx);
            ConsentKind kind = kind(ctx.pathParam("kind"));
            api.mutateAtomically(ctx, scope(id), ctx.bodyAsBytes(), () -> consentResponse(
                    privacy.withdraw(id, kind, ConsentChannel.PORTAL, actor(id))));
        });

        r.post("/portal/v1/erasure", ctx -> {
            CustomerId id = session(ctx);
            byte[] body = ctx.bodyAsBytes();
            if (!Boolean.TRUE.equals(Json.read(body, PrivacyDto.ErasureIn.class).confirm())) {
                throw Problem.invalid("confirm", "must be true: erasure deletes your palm data and stops palm payment");
            }
            api.mutateAtomically(ctx, scope(id), body, () -> erasureResponse(
                    privacy.erasePalmData(id, ConsentChannel.PORTAL, actor(id), "erasure requested in the portal")));
        });

        r.get("/portal/v1/export", ctx -> {
            CustomerId id = session(ctx);
            DataExport export = privacy.export(id, actor(id)).orElseThrow(PortalApi::noSession);
            ctx.header("Content-Disposition", "attachment; filename=\"openpalm-my-data.json\"");
            ctx.header("Cache-Control", "no-store");
            Api.json(ctx, 200, PrivacyDto.ExportOut.of(export, memberships));
        });
    }

    /** The client, for the per-client backoff: {@code ctx.ip()} believes X-Forwarded-For only from trusted proxies (see Main). */
    private static ClientAddress client(Context ctx) {
        return ClientOrigin.literal(ctx.ip()).map(ClientAddress::of).orElseGet(() -> new ClientAddress("unknown"));
    }

    private StoredResponse sent() {
        return new StoredResponse(202, Json.write(new PrivacyDto.CodeSentOut("sent", signIn.config().codeValiditySeconds())));
    }

    static String actor(CustomerId id) {
        return "customer:" + id.value();
    }

    private static String scope(CustomerId id) {
        return "portal:" + id.value();
    }

    /** The consent kind in a path: {@code shopping-insights} or {@code biometric-processing}. */
    static ConsentKind kind(String text) {
        for (ConsentKind k : ConsentKind.values()) {
            if (k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(text)) return k;
        }
        throw Problem.invalid("kind", "must be shopping-insights or biometric-processing");
    }

    static StoredResponse consentResponse(PrivacyService.ConsentChange change) {
        return switch (change) {
            case PrivacyService.ConsentChange.Granted g -> new StoredResponse(200, Json.write(new PrivacyDto.ConsentChangeOut(PrivacyDto.ConsentOut.of(g.consent()), null)));
            case PrivacyService.ConsentChange.Withdrawn w -> new StoredResponse(200, Json.write(new PrivacyDto.ConsentChangeOut(
                    PrivacyDto.ConsentOut.of(w.consent()), w.palmEnrolmentsErased())));
            case PrivacyService.ConsentChange.AlreadyGranted a -> Api.problemResponse(Problem.of(409, "consent-already-granted",
                    "Consent already granted", a.consent().kind() + " is already granted"));
            case PrivacyService.ConsentChange.AlreadyWithdrawn a -> Api.problemResponse(Problem.of(409, "consent-already-withdrawn",
                    "Consent already withdrawn", a.consent().kind() + " was already withdrawn"));
            case PrivacyService.ConsentChange.NeverGiven n -> Api.problemResponse(Problem.of(409, "consent-not-given", "Consent not given",
                    "this consent was never given, so there is nothing to withdraw"));
            case PrivacyService.ConsentChange.UnknownCustomer u -> Api.problemResponse(Problem.of(404, "not-found", "Not found", "no such customer"));
        };
    }

    static StoredResponse erasureResponse(PrivacyService.Erasure erasure) {
        return switch (erasure) {
            case PrivacyService.Erasure.Erased e -> new StoredResponse(200, Json.write(new PrivacyDto.ErasureOut("erased", e.palmEnrolments())));
            case PrivacyService.Erasure.NothingHeld n -> Api.problemResponse(Problem.of(409, "nothing-to-erase", "Nothing to erase",
                    "no palm data is held for this customer"));
            case PrivacyService.Erasure.UnknownCustomer u -> Api.problemResponse(Problem.of(404, "not-found", "Not found", "no such customer"));
        };
    }

    private static SessionToken token(Context ctx) {
        String value = ctx.cookie(COOKIE);
        if (value == null || value.isBlank()) throw noSession();
        return SessionToken.presented(value);
    }

    private CustomerId session(Context ctx) {
        return signIn.session(token(ctx)).orElseThrow(PortalApi::noSession);
    }

    private static Problem noSession() {
        return Problem.of(401, "no-session", "Not signed in", "sign in with your phone number and a one-time code");
    }
}
