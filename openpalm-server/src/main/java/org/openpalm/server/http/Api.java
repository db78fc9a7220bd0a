package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.Validated;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.idempotency.IdempotencyKey;
import org.openpalm.payments.idempotency.Idempotent;
import org.openpalm.payments.idempotency.RequestFingerprint;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.ApiKey;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalPublicKey;
import org.openpalm.payments.merchant.TerminalRole;
import org.openpalm.payments.attempt.PresentationGuard;
import org.openpalm.payments.attempt.PresentationVerdict;
import org.openpalm.payments.service.EnrolmentOrigin;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.CaptureMethod;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.MerchantService;
import org.openpalm.payments.service.PaymentOutcome;
import org.openpalm.payments.service.PaymentService;
import org.openpalm.server.LoadConfig;
import org.openpalm.payments.loyalty.Basket;
import org.openpalm.payments.loyalty.LineItem;
import org.openpalm.payments.loyalty.LoyaltyService;

/**
 * The HTTP API. Requests are parsed and validated completely (problems name the field) before any
 * service is called; every mutating call needs an {@code Idempotency-Key}.
 *
 * <ul>
 *   <li>{@code GET /health}, {@code GET /ready}, {@code GET /metrics}
 *   <li>admin (bearer admin token): {@code POST /admin/v1/merchants}
 *   <li>merchant (bearer API key): {@code POST /v1/stores}, {@code POST /v1/terminals},
 *       {@code POST /v1/payments}, {@code GET /v1/payments/{id}}, {@code POST /v1/payments/{id}/capture},
 *       {@code POST /v1/payments/{id}/void}, {@code POST /v1/payments/{id}/refunds}
 *   <li>terminal (Ed25519-signed, see {@link TerminalAuth}): {@code POST /terminal/v1/payments/{id}/palm}
 *       (JSON with base64 {@code palm_image}, or multipart with a {@code palm_image} part), and
 *       {@code POST /terminal/v1/enrolments/phone-checks} (a one-time code to the phone) and
 *       {@code POST /terminal/v1/enrolments} (kiosk terminals only; the phone code and the card's
 *       CVV2, verified with the issuer, before anything is written; optional {@code insights_consent},
 *       default false). Every palm received is checked for replays and counted against the
 *       presentation caps ({@link PresentationGuard}).
 *   <li>customer portal, privacy and insights: see {@link PortalApi}, {@link PrivacyApi}, {@link InsightsApi}; webhook endpoints: {@link WebhookApi}
 * </ul>
 */
public final class Api {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int MAX_PALM_IMAGES = 5;

    private final MerchantService merchants;
    private final PaymentService payments;
    private final EnrolmentService enrolment;
    private final Idempotent idempotent;
    private final TerminalAuth terminalAuth;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier ready;
    private final byte[] adminTokenHash;
    private final PalmCaptures captures;
    private final TerminalRateLimiter terminalRate;
    private final long retryAfterSeconds;
    private final PresentationGuard presentations;

    private final PresentationAttackGuard presentationAttacks;
    private final Optional<LoyaltyService> loyalty;

    public Api(MerchantService merchants, PaymentService payments, EnrolmentService enrolment, Idempotent idempotent,
               TerminalAuth terminalAuth, PrometheusMeterRegistry metrics, BooleanSupplier ready, String adminToken, LoadConfig load,
               PresentationGuard presentations, PresentationAttackGuard presentationAttacks) {
        this(merchants, payments, enrolment, idempotent, terminalAuth, metrics, ready, adminToken, load, presentations, presentationAttacks, Optional.empty());
    }

    /** With {@code loyalty}: payments carry baskets for the programmes, palm results show members' prices. */
    public Api(MerchantService merchants, PaymentService payments, EnrolmentService enrolment, Idempotent idempotent,
               TerminalAuth terminalAuth, PrometheusMeterRegistry metrics, BooleanSupplier ready, String adminToken, LoadConfig load,
               PresentationGuard presentations, PresentationAttackGuard presentationAttacks, Optional<LoyaltyService> loyalty) {
        this.loyalty = loyalty;
        this.captures = new PalmCaptures(load);
        this.terminalRate = new TerminalRateLimiter(load.terminalRateLimitRequestsPerMinute(), load.terminalRateLimitBurstRequests(), System::nanoTime);
        this.retryAfterSeconds = load.retryAfterSeconds();
        this.presentations = presentations;
        this.presentationAttacks = presentationAttacks;
        this.merchants = merchants;
        this.payments = payments;
        this.enrolment = enrolment;
        this.idempotent = idempotent;
        this.terminalAuth = terminalAuth;
        this.metrics = metrics;
        this.ready = ready;
        this.adminTokenHash = sha256(adminToken);
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;
        r.exception(Problem.class, (e, ctx) -> problem(ctx, e));
        r.exception(Exception.class, (e, ctx) -> {
            if (BusyDatabase.causedBy(e)) {
                // a full pool or a lock timeout is load, not a fault: the client retries with the same key
                org.slf4j.LoggerFactory.getLogger(Api.class).warn("request {} {}: database busy ({})", ctx.method(), ctx.path(), e.getMessage());
                problem(ctx, Problem.retryLater(503, "database-busy", "Busy", "the database is busy; retry shortly with the same Idempotency-Key",
                        retryAfterSeconds));
                return;
            }
            org.slf4j.LoggerFactory.getLogger(Api.class).error("request {} {} failed: {}", ctx.method(), ctx.path(), e.getClass().getName(), e);
            problem(ctx, Problem.of(500, "internal", "Internal error", "the request failed; nothing was charged twice, retry with the same Idempotency-Key"));
        });
        r.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith(PROBLEM_JSON)) problem(ctx, Problem.of(404, "not-found", "Not found", "no such resource"));
        });
        r.error(413, ctx -> problem(ctx, Problem.of(413, "too-large", "Request too large", "the request body is too large")));

        r.get("/health", ctx -> json(ctx, 200, new Dto.HealthOut("up")));
        r.get("/ready", ctx -> {
            boolean ok = ready.getAsBoolean();
            json(ctx, ok ? 200 : 503, new Dto.HealthOut(ok ? "ready" : "database unreachable"));
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        r.post("/admin/v1/merchants", ctx -> {
            requireAdmin(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutateAtomically(ctx, "admin", body, () -> {
                Dto.CreateMerchantIn in = Json.read(body, Dto.CreateMerchantIn.class);
                String name = requireText("name", in.name(), 200);
                MerchantService.Onboarded o = merchants.onboard(name);
                return new StoredResponse(201, Json.write(new Dto.MerchantOut(o.merchant().id().value(), name, o.apiKey().reveal())));
            });
        });

        r.post("/v1/stores", ctx -> {
            Merchant m = merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutateAtomically(ctx, m.id().value(), body, () -> {
                String name = requireText("name", Json.read(body, Dto.CreateStoreIn.class).name(), 200);
                var store = merchants.addStore(m.id(), name).orElseThrow();
                return new StoredResponse(201, Json.write(new Dto.StoreOut(store.id().value(), store.name())));
            });
        });

        r.post("/v1/terminals", ctx -> {
            Merchant m = merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutateAtomically(ctx, m.id().value(), body, () -> {
                Dto.CreateTerminalIn in = Json.read(body, Dto.CreateTerminalIn.class);
                StoreId store = StoreId.parse(in.storeId()).orElseThrow(() -> Problem.invalid("store_id", "is not a store id"));
                TerminalPublicKey key = ed25519Key(in.publicKey());
                TerminalRole role = terminalRole(in.role());
                return merchants.addTerminal(m.id(), store, key, role)
                        .map(t -> new StoredResponse(201, Json.write(new Dto.TerminalOut(t.id().value(), store.value(), role.wireName()))))
                        .orElseGet(() -> problemResponse(Problem.invalid("store_id", "is not one of your stores")));
            });
        });

        r.post("/v1/payments", ctx -> {
            Merchant m = merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutateAtomically(ctx, m.id().value(), body, () -> {
                Dto.CreatePaymentIn in = Json.read(body, Dto.CreatePaymentIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                Optional<Money> amount = amount("amount", in.amount(), errors);
                Optional<TerminalId> terminal = TerminalId.parse(in.terminalId());
                if (terminal.isEmpty()) errors.add(new Problem.FieldError("terminal_id", "is not a terminal id"));
                Optional<CaptureMethod> captureMethod = captureMethod(in.captureMethod());
                if (captureMethod.isEmpty()) errors.add(new Problem.FieldError("capture_method", "must be manual or automatic"));
                if (in.minimumAge() != null && (in.minimumAge() < 1 || in.minimumAge() > 125)) {
                    errors.add(new Problem.FieldError("minimum_age", "must be 1..125 (18 or 21, say) when the basket holds age-restricted items"));
                }
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                if (amount.orElseThrow().isZero()) throw Problem.invalid("amount.minor", "must be positive");
                Optional<Basket> basket = basket(in, amount.orElseThrow());
                return switch (payments.create(m.id(), merchants.terminal(terminal.orElseThrow()), amount.orElseThrow(), captureMethod.orElseThrow())) {
                    case PaymentService.CreateOutcome.Created c -> {
                        // in the request's transaction (mutateAtomically): the payment and its basket commit together
                        basket.ifPresent(b -> loyalty.orElseThrow().store().saveBasket(c.payment().id(), b));
                        if (in.minimumAge() != null) payments.requireAge(c.payment().id(), in.minimumAge());
                        yield new StoredResponse(201, Json.write(Dto.PaymentOut.of(c.payment())));
                    }
                    case PaymentService.CreateOutcome.UnknownTerminal u -> problemResponse(Problem.invalid("terminal_id", "is not one of your terminals"));
                };
            });
        });

        r.get("/v1/payments/{id}", ctx -> {
            Merchant m = merchant(ctx);
            PaymentId id = paymentId(ctx);
            Payment p = payments.find(m.id(), id).orElseThrow(Api::paymentNotFound);
            json(ctx, 200, Dto.PaymentOut.of(p));
        });

        r.post("/v1/payments/{id}/capture", ctx -> {
            Merchant m = merchant(ctx);
            PaymentId id = paymentId(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutate(ctx, m.id().value(), body, () -> {
                Dto.CaptureIn in = body.length == 0 ? new Dto.CaptureIn(null) : Json.read(body, Dto.CaptureIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                Optional<Money> amount = in.amount() == null ? Optional.empty() : amount("amount", in.amount(), errors);
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                return outcome(payments.capture(m.id(), id, amount), 200);
            });
        });

        r.post("/v1/payments/{id}/void", ctx -> {
            Merchant m = merchant(ctx);
            PaymentId id = paymentId(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutate(ctx, m.id().value(), body, () -> {
                if (body.length > 0) Json.read(body, Dto.EmptyIn.class);
                return outcome(payments.voidPayment(m.id(), id), 200);
            });
        });

        r.post("/v1/payments/{id}/refunds", ctx -> {
            Merchant m = merchant(ctx);
            PaymentId id = paymentId(ctx);
            byte[] body = ctx.bodyAsBytes();
            mutate(ctx, m.id().value(), body, () -> {
                Dto.RefundIn in = Json.read(body, Dto.RefundIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                Optional<Money> amount = amount("amount", in.amount(), errors);
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                if (amount.orElseThrow().isZero()) throw Problem.invalid("amount.minor", "must be positive");
                // the refund id follows from the idempotency key: a retry after a crash cannot refund twice
                RefundId refundId = RefundId.derivedFrom(m.id().value() + "/" + ctx.header("Idempotency-Key"));
                return outcome(payments.refund(m.id(), id, refundId, amount.orElseThrow()), 201);
            });
        });

        // The search's place in the call, for clients and benchmarks (see SearchTiming): around the handler, on its thread.
        r.before("/terminal/v1/payments/{id}/palm", ctx -> SearchTiming.begin());
        r.after("/terminal/v1/payments/{id}/palm", ctx -> SearchTiming.headers().ifPresent(h -> {
            ctx.header("Server-Timing", h.serverTiming());
            ctx.header(SearchTiming.BEGAN_HEADER, h.began());
        }));
        r.post("/terminal/v1/payments/{id}/palm", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = terminal(ctx, body);
            PaymentId id = paymentId(ctx);
            mutate(ctx, t.id().value(), body, () -> {
                String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
                byte[] image;
                Optional<byte[]> nearInfrared;
                Optional<String> hintText;
                Optional<String> kindText;
                Optional<List<List<Double>>> landmarks = Optional.empty();
                if (contentType.startsWith("multipart/form-data")) {
                    String boundary = Multipart.boundary(contentType).orElseThrow(() -> Problem.invalid("Content-Type", "has no multipart boundary"));
                    Map<String, byte[]> parts = Multipart.parse(body, boundary);
                    for (String name : parts.keySet()) {
                        if (!name.equals("palm_image") && !name.equals("palm_image_nir") && !name.equals("hint") && !name.equals("image_kind")) {
                            throw Problem.invalid(name, "is not a known field");
                        }
                    }
                    image = Optional.ofNullable(parts.get("palm_image")).orElseThrow(() -> Problem.invalid("palm_image", "is required"));
                    nearInfrared = Optional.ofNullable(parts.get("palm_image_nir"));
                    hintText = Optional.ofNullable(parts.get("hint")).map(b -> new String(b, StandardCharsets.UTF_8));
                    kindText = Optional.ofNullable(parts.get("image_kind")).map(b -> new String(b, StandardCharsets.UTF_8));
                } else {
                    Dto.PalmIn in = Json.read(body, Dto.PalmIn.class);
                    image = base64("palm_image", in.palmImage());
                    nearInfrared = Optional.ofNullable(in.palmImageNir()).map(nir -> base64("palm_image_nir", nir));
                    hintText = Optional.ofNullable(in.hint());
                    kindText = Optional.ofNullable(in.imageKind());
                    landmarks = Optional.ofNullable(in.landmarks());
                }
                Optional<PalmHint> hint = hintText.map(h -> valid("hint", PalmHint.parse(h)));
                PalmCaptures.ImageKind kind = PalmCaptures.ImageKind.parse("image_kind", kindText);
                if (payments.findForTerminal(t.id(), id).isEmpty()) return problemResponse(paymentNotFound());
                // Caps and replays first, before the image costs any decoding.
                boolean newCapture;
                switch (presentations.admitPayment(t.id(), id, image)) {
                    case PresentationGuard.Admission.NewCapture n -> newCapture = true;
                    case PresentationGuard.Admission.RepeatedForSamePayment again -> newCapture = false;
                    case PresentationGuard.Admission.Refused refused -> { return presentationRefused(ctx, "palm_image", refused.verdict()); }
                }
                // liveness before identification: an artefact is never identified
                switch (captures.liveness(presentationAttacks, t.id(), image, nearInfrared)) {
                    case PresentationAttackGuard.Judged.Live live -> { }
                    case PresentationAttackGuard.Judged.Attack attack -> {
                        return payments.findForTerminal(t.id(), id)
                                .map(p -> palmResult("PRESENTATION_ATTACK", PalmCaptures.NEUTRAL_RETRY_MESSAGE, null, p))
                                .orElseGet(() -> problemResponse(paymentNotFound()));
                    }
                    case PresentationAttackGuard.Judged.Paused paused -> {
                        return problemResponse(Problem.of(423, "terminal-paused", "Palm payment paused",
                                "palm payments on this terminal are paused for " + Math.max(1, paused.remaining().toSeconds()) + " s"));
                    }
                }
                PalmTemplate probe;
                switch (captures.check("palm_image", image, kind, "landmarks", landmarks)) {
                    case PalmCaptures.Checked.Usable u -> probe = u.template();
                    case PalmCaptures.Checked.Retake retake -> {
                        // nothing is written: the shopper follows the prompt and presents the palm again
                        return payments.findForTerminal(t.id(), id)
                                .map(p -> new StoredResponse(200, Json.write(new Dto.PalmResultOut("RETAKE", retake.reason().message(), null,
                                        Dto.PaymentOut.of(p), retake.reason().name()))))
                                .orElseGet(() -> problemResponse(paymentNotFound()));
                    }
                }
                if (newCapture) {
                    PresentationVerdict byTemplate = presentations.checkTemplate(t.id(), id, image, probe);
                    if (!(byTemplate instanceof PresentationVerdict.Admitted)) return presentationRefused(ctx, "palm_image", byTemplate);
                }
                PaymentOutcome result = payments.presentPalm(t.id(), id, probe, hint);
                return switch (result) {
                    case PaymentOutcome.Done d -> memberResult(d.payment());
                    case PaymentOutcome.Declined d -> palmResult("DECLINED", d.payment().decline().map(x -> x.shopperReason()).orElse("Declined"), null, d.payment());
                    case PaymentOutcome.HintNeeded h -> palmResult("HINT_NEEDED", "Enter the last 4 digits of your phone number", h.candidates(), h.payment());
                    case PaymentOutcome.NotRecognised n -> palmResult("NOT_RECOGNISED", "Palm not recognised, please try again", null, n.payment());
                    case PaymentOutcome.Refused f -> problemResponse(Problem.of(409, "payment-state", "Payment state refuses this", f.reason()));
                    case PaymentOutcome.NetworkUnavailable n -> problemResponse(Problem.of(503, "network-unavailable", "Card network unavailable", n.reason()));
                    case PaymentOutcome.Busy b -> problemResponse(Problem.of(503, "busy", "Busy", "too many requests in flight; retry shortly"));
                    case PaymentOutcome.NotFound n -> problemResponse(paymentNotFound());
                };
            });
        });

        r.post("/terminal/v1/enrolments/phone-checks", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = terminal(ctx, body);
            EnrolmentOrigin origin = enrolmentOrigin(t);
            mutate(ctx, t.id().value(), body, () -> {
                PhoneNumber phone = valid("phone", PhoneNumber.parse(Json.read(body, Dto.PhoneCheckIn.class).phone()));
                EnrolmentService.PhoneCheckStarted started = enrolment.startPhoneCheck(origin, phone);
                return new StoredResponse(201, Json.write(new Dto.PhoneCheckOut(started.id().value(), started.expiresAt().toString())));
            });
        });

        r.post("/terminal/v1/enrolments", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = terminal(ctx, body);
            EnrolmentOrigin origin = enrolmentOrigin(t);
            mutate(ctx, t.id().value(), body, () -> {
                Dto.EnrolmentIn in = Json.read(body, Dto.EnrolmentIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                EnrolmentFields f = EnrolmentFields.collect(in.phone(), in.phoneCheckId(), in.phoneCode(), in.cvv2(), in.cardNumber(), in.expiry(),
                        in.biometricConsent(), in.consentTextVersion(), "POST /terminal/v1/enrolments/phone-checks", errors);
                // one hand in palm_images, or each hand in its own field (left_palm_images, right_palm_images)
                Map<String, List<String>> hands = new java.util.LinkedHashMap<>();
                if (in.palmImages() != null) hands.put("palm_images", in.palmImages());
                if (in.leftPalmImages() != null) hands.put("left_palm_images", in.leftPalmImages());
                if (in.rightPalmImages() != null) hands.put("right_palm_images", in.rightPalmImages());
                if (hands.isEmpty()) errors.add(new Problem.FieldError("palm_images", "must hold 1 to " + MAX_PALM_IMAGES + " images"));
                if (hands.containsKey("palm_images") && hands.size() > 1) errors.add(new Problem.FieldError("palm_images", "give either palm_images or left_palm_images/right_palm_images"));
                hands.forEach((field, images) -> {
                    if (images.isEmpty() || images.size() > MAX_PALM_IMAGES) errors.add(new Problem.FieldError(field, "must hold 1 to " + MAX_PALM_IMAGES + " images"));
                });
                Map<String, List<String>> nearInfrared = EnrolmentLiveness.nearInfraredFrames(in, hands, errors);
                EnrolmentLandmarks landmarks = EnrolmentLandmarks.collect(hands, in.leftPalmLandmarks(), in.rightPalmLandmarks(), errors);
                PalmCaptures.ImageKind kind = PalmCaptures.ImageKind.parse("image_kind", Optional.ofNullable(in.imageKind()));
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                List<List<PalmTemplate>> templatesByHand = new ArrayList<>();
                List<byte[]> captureBytes = new ArrayList<>();
                for (var hand : hands.entrySet()) {
                    List<PalmTemplate> templates = new ArrayList<>();
                    for (int i = 0; i < hand.getValue().size(); i++) {
                        String field = hand.getKey() + "[" + i + "]";
                        byte[] capture = base64(field, hand.getValue().get(i));
                        captureBytes.add(capture);
                        // liveness before the template: an artefact presented at enrolment is refused
                        String nirField = hand.getKey() + "_nir[" + i + "]";
                        Optional<byte[]> nir = EnrolmentLiveness.frame(nearInfrared, hand.getKey(), i).map(b -> base64(nirField, b));
                        Optional<StoredResponse> refused = EnrolmentLiveness.refusal(captures.liveness(presentationAttacks, t.id(), capture, nir));
                        if (refused.isPresent()) return refused.get();
                        switch (captures.check(field, capture, kind, EnrolmentLandmarks.field(hand.getKey(), i), landmarks.of(hand.getKey(), i))) {
                            case PalmCaptures.Checked.Usable u -> templates.add(u.template());
                            case PalmCaptures.Checked.Retake retake -> throw PalmCaptures.qualityProblem(field, retake.reason());
                        }
                    }
                    templatesByHand.add(templates);
                }
                var request = new EnrolmentService.EnrolmentRequest(f.phone().orElseThrow(), f.card().orElseThrow(), f.expiry().orElseThrow(),
                        templatesByHand.getFirst(), in.biometricConsent(), f.consentVersion(), Boolean.TRUE.equals(in.insightsConsent()),
                        ConsentChannel.KIOSK, templatesByHand.size() > 1 ? templatesByHand.get(1) : List.of());
                var proof = new EnrolmentService.EnrolmentProof(origin, f.phoneCheck().orElseThrow(), f.phoneCode().orElseThrow(), f.cvv2().orElseThrow(), captureBytes);
                return switch (enrolment.enrol(request, proof)) {
                    case EnrolmentService.EnrolmentOutcome.Enrolled e -> new StoredResponse(201, Json.write(new Dto.EnrolmentOut(
                            e.customer().id().value(), e.enrolment().value(), new Dto.CardOut(e.card().id().value(), e.card().last4(), e.card().brand().name()))));
                    case EnrolmentService.EnrolmentOutcome.ConsentRequired c -> problemResponse(new Problem(422, "https://openpalm.org/problems/consent-required",
                            "Consent required", "biometric processing needs the customer's explicit consent",
                            List.of(new Problem.FieldError("biometric_consent", "must be true"))));
                    case EnrolmentService.EnrolmentOutcome.NoPalm n -> problemResponse(Problem.invalid("palm_images", "must hold at least one image"));
                    case EnrolmentService.EnrolmentOutcome.PhoneAlreadyRegistered p -> problemResponse(Problem.of(409, "phone-registered", "Already registered", "this phone number is already enrolled"));
                    case EnrolmentService.EnrolmentOutcome.PalmAlreadyEnrolled p -> problemResponse(Problem.of(409, "palm-enrolled", "Already enrolled", "this palm is already enrolled"));
                    case EnrolmentService.EnrolmentOutcome.CardRefused c -> problemResponse(new Problem(422, "https://openpalm.org/problems/card-refused",
                            "Card refused", c.reason(), List.of(new Problem.FieldError("card_number", c.reason()))));
                    case EnrolmentService.EnrolmentOutcome.NetworkUnavailable n -> problemResponse(Problem.of(503, "network-unavailable", "Card network unavailable", n.reason()));
                    case EnrolmentService.EnrolmentOutcome.PhoneNotVerified p -> problemResponse(phoneNotVerified(p));
                    case EnrolmentService.EnrolmentOutcome.CardNotVerified c -> problemResponse(new Problem(422, "https://openpalm.org/problems/card-not-verified",
                            "Card not verified", c.reason(), List.of(new Problem.FieldError("cvv2", "does not match the card"))));
                    case EnrolmentService.EnrolmentOutcome.CaptureReplayed c -> problemResponse(replayedCapture("palm_images"));
                };
            });
        });
    }

    /** Only terminals whose role enrols (kiosks); any other gets 403, audited. */
    private EnrolmentOrigin enrolmentOrigin(Terminal t) {
        return enrolment.originOf(t).orElseThrow(() -> Problem.of(403, "terminal-role", "Terminal may not enrol",
                "this terminal is registered as a " + t.role().wireName() + "; only kiosk terminals enrol"));
    }

    static Problem phoneNotVerified(EnrolmentService.EnrolmentOutcome.PhoneNotVerified p) {
        String reason = switch (p.failure()) {
            case NO_CODE_REQUESTED -> "no code is waiting for this phone check: request a new code";
            case WRONG_CODE -> "is not the code sent to the phone (" + p.attemptsLeft() + " attempt(s) left)";
            case EXPIRED -> "has expired: request a new code";
            case TOO_MANY_ATTEMPTS -> "was entered wrong too often: request a new code";
        };
        return new Problem(422, "https://openpalm.org/problems/phone-not-verified", "Phone not verified", "phone_code: " + reason,
                List.of(new Problem.FieldError("phone_code", reason)));
    }

    static Problem replayedCapture(String field) {
        return new Problem(409, "https://openpalm.org/problems/replayed_capture", "Replayed capture",
                "this capture was received before; take a new picture of the palm", List.of(new Problem.FieldError(field, "replayed_capture")));
    }

    /** A refused palm presentation: 409 replayed_capture, or 429 too_many_attempts (with Retry-After for the terminal's minute). */
    private static StoredResponse presentationRefused(Context ctx, String field, PresentationVerdict verdict) {
        Problem p = presentationProblem(field, verdict);
        if (p.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        return problemResponse(p);
    }

    /** The problem of a refused palm presentation (its Retry-After, for the terminal's minute, in the problem). */
    static Problem presentationProblem(String field, PresentationVerdict verdict) {
        return switch (verdict) {
            case PresentationVerdict.Admitted a -> throw new IllegalArgumentException("an admitted capture is not refused");
            case PresentationVerdict.Replayed r -> replayedCapture(field);
            case PresentationVerdict.TooManyForPayment p -> new Problem(429, "https://openpalm.org/problems/too_many_attempts", "Too many attempts",
                    "this payment has had its " + p.limit() + " palm presentations; void it and create a new payment",
                    List.of(new Problem.FieldError(field, "too_many_attempts")));
            case PresentationVerdict.TooManyForTerminal m -> new Problem(429, "https://openpalm.org/problems/too_many_attempts", "Too many attempts",
                    "this terminal made " + m.limitPerMinute() + " palm presentations this minute; retry after " + m.retryAfterSeconds() + " s",
                    List.of(new Problem.FieldError(field, "too_many_attempts"))).retryAfter(m.retryAfterSeconds());
        };
    }

    /** The {@code role} field of a new terminal: absent means reader. */
    static TerminalRole terminalRole(String text) {
        if (text == null) return TerminalRole.READER;
        return TerminalRole.parse(text).orElseThrow(() -> Problem.invalid("role", "must be reader, kiosk or gate"));
    }

    // ---- authentication ----

    Merchant merchant(Context ctx) {
        String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        if (!auth.startsWith("Bearer " + ApiKey.PREFIX)) throw Problem.of(401, "unauthorised", "Unauthorised", "Authorization: Bearer <API key> is required");
        return merchants.authenticate(ApiKey.presented(auth.substring("Bearer ".length()).strip()))
                .orElseThrow(() -> Problem.of(401, "unauthorised", "Unauthorised", "unknown API key"));
    }

    /** After a revocation: the next request of every key reads the database again. */
    void forgetCachedApiKeys() {
        merchants.forgetApiKeys();
    }

    void requireAdmin(Context ctx) {
        String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        if (!auth.startsWith("Bearer ") || !MessageDigest.isEqual(sha256(auth.substring(7).strip()), adminTokenHash)) {
            throw Problem.of(401, "unauthorised", "Unauthorised", "admin token required");
        }
    }

    /** The signing terminal, within its request rate (429 with Retry-After beyond it). */
    Terminal terminal(Context ctx, byte[] body) {
        Terminal terminal = terminalAuth.verify(ctx.method().name(), ctx.path(), Optional.ofNullable(ctx.queryString()),
                Optional.ofNullable(ctx.header("Content-Type")), Optional.ofNullable(ctx.header("X-Terminal-Id")),
                Optional.ofNullable(ctx.header("X-Timestamp")), Optional.ofNullable(ctx.header("X-Nonce")),
                Optional.ofNullable(ctx.header("X-Signature")), body);
        return switch (terminalRate.tryAcquire(terminal.id().value())) {
            case TerminalRateLimiter.Decision.Allowed a -> terminal;
            case TerminalRateLimiter.Decision.Limited l -> throw Problem.retryLater(429, "rate-limited", "Too many requests",
                    "this terminal sent more requests than its rate allows; retry after " + l.retryAfterSeconds() + " s", l.retryAfterSeconds());
        };
    }

    /** Palm image decoding under its bound. */
    PalmCaptures captures() {
        return captures;
    }

    PresentationGuard presentations() {
        return presentations;
    }

    /** Presentation attack detection of a capture at {@code t}, as for payments (gates and age checks use it too). */
    PresentationAttackGuard.Judged liveness(Terminal t, byte[] image, Optional<byte[]> nearInfrared) {
        return captures.liveness(presentationAttacks, t.id(), image, nearInfrared);
    }

    // ---- idempotency ----

    /** A mutating call whose work calls the card network: the key guards it, the state machine refuses repeats. */
    void mutate(Context ctx, String scope, byte[] body, Supplier<StoredResponse> work) {
        respond(ctx, scope, body, work, false);
    }

    /** A mutating call that only writes storage: effect and stored response commit together. */
    void mutateAtomically(Context ctx, String scope, byte[] body, Supplier<StoredResponse> work) {
        respond(ctx, scope, body, work, true);
    }

    private void respond(Context ctx, String scope, byte[] body, Supplier<StoredResponse> work, boolean atomic) {
        IdempotencyKey key = valid("Idempotency-Key", IdempotencyKey.parse(ctx.header("Idempotency-Key")));
        RequestFingerprint fingerprint = RequestFingerprint.of(ctx.method().name() + " " + ctx.path(), body);
        Idempotent.Outcome outcome = atomic ? idempotent.executeAtomically(scope, key, fingerprint, work)
                : idempotent.execute(scope, key, fingerprint, work);
        switch (outcome) {
            case Idempotent.Outcome.Executed e -> write(ctx, e.response());
            case Idempotent.Outcome.Replayed r -> {
                ctx.header("Idempotent-Replayed", "true");
                write(ctx, r.response());
            }
            case Idempotent.Outcome.Conflict c -> problem(ctx, Problem.of(422, "idempotency-key-reused", "Idempotency key reused",
                    "this Idempotency-Key was used with a different request"));
            case Idempotent.Outcome.InProgress p -> problem(ctx, Problem.of(409, "idempotency-key-in-progress", "Request in progress",
                    "a request with this Idempotency-Key is still being processed"));
        }
    }

    private void write(Context ctx, StoredResponse r) {
        // every busy answer (payment permits, card network, database) tells the client when to come back
        if (r.status() == 503) ctx.header("Retry-After", Long.toString(retryAfterSeconds));
        ctx.status(r.status()).contentType(r.status() >= 400 ? PROBLEM_JSON : "application/json").result(r.body());
    }

    // ---- parsing helpers ----

    /** The {@code capture_method} field: absent means manual; empty for an unknown value. */
    private static Optional<CaptureMethod> captureMethod(String text) {
        if (text == null) return Optional.of(CaptureMethod.MANUAL);
        return switch (text) {
            case "manual" -> Optional.of(CaptureMethod.MANUAL);
            case "automatic" -> Optional.of(CaptureMethod.AUTOMATIC);
            default -> Optional.empty();
        };
    }

    static PaymentId paymentId(Context ctx) {
        return PaymentId.parse(ctx.pathParam("id")).orElseThrow(Api::paymentNotFound);
    }

    static Problem paymentNotFound() {
        return Problem.of(404, "not-found", "Not found", "no such payment");
    }

    private static Optional<Money> amount(String field, Dto.AmountIn in, List<Problem.FieldError> errors) {
        if (in == null) {
            errors.add(new Problem.FieldError(field, "is required"));
            return Optional.empty();
        }
        Optional<Currency> currency = Currency.of(in.currency());
        if (currency.isEmpty()) errors.add(new Problem.FieldError(field + ".currency", "is not an ISO 4217 currency code"));
        if (in.minor() == null) errors.add(new Problem.FieldError(field + ".minor", "is required"));
        else if (in.minor() < 0) errors.add(new Problem.FieldError(field + ".minor", "must not be negative"));
        if (currency.isEmpty() || in.minor() == null || in.minor() < 0) return Optional.empty();
        return Optional.of(new Money(in.minor(), currency.get()));
    }

    static <T> Optional<T> collect(String field, Validated<T> v, List<Problem.FieldError> errors) {
        return switch (v) {
            case Validated.Valid<T> ok -> Optional.of(ok.value());
            case Validated.Invalid<T> bad -> {
                errors.add(new Problem.FieldError(field, bad.reason()));
                yield Optional.empty();
            }
        };
    }

    static <T> T valid(String field, Validated<T> v) {
        return switch (v) {
            case Validated.Valid<T> ok -> ok.value();
            case Validated.Invalid<T> bad -> throw Problem.invalid(field, bad.reason());
        };
    }

    static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) throw Problem.invalid(field, "is required");
        if (value.length() > max) throw Problem.invalid(field, "is longer than " + max + " characters");
        return value.strip();
    }

    static byte[] base64(String field, String value) {
        if (value == null || value.isEmpty()) throw Problem.invalid(field, "is required (base64 image)");
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field, "is not valid base64");
        }
    }

    private static TerminalPublicKey ed25519Key(String base64) {
        if (base64 == null) throw Problem.invalid("public_key", "is required (base64 X.509 Ed25519 public key)");
        try {
            byte[] encoded = Base64.getDecoder().decode(base64);
            var key = java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(encoded));
            return new TerminalPublicKey(key.getEncoded());
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw Problem.invalid("public_key", "is not a base64 X.509 Ed25519 public key");
        }
    }

    // ---- responses ----

    private static StoredResponse outcome(PaymentOutcome outcome, int okStatus) {
        return switch (outcome) {
            case PaymentOutcome.Done d -> new StoredResponse(okStatus, Json.write(Dto.PaymentOut.of(d.payment())));
            case PaymentOutcome.Declined d -> new StoredResponse(okStatus, Json.write(Dto.PaymentOut.of(d.payment())));
            case PaymentOutcome.HintNeeded h -> new StoredResponse(okStatus, Json.write(Dto.PaymentOut.of(h.payment())));
            case PaymentOutcome.NotRecognised n -> new StoredResponse(okStatus, Json.write(Dto.PaymentOut.of(n.payment())));
            case PaymentOutcome.Refused f -> problemResponse(Problem.of(409, "payment-state", "Payment state refuses this", f.reason()));
            case PaymentOutcome.NetworkUnavailable n -> problemResponse(Problem.of(503, "network-unavailable", "Card network unavailable", n.reason()));
            case PaymentOutcome.Busy b -> problemResponse(Problem.of(503, "busy", "Busy", "too many requests in flight; retry shortly"));
            case PaymentOutcome.NotFound n -> problemResponse(paymentNotFound());
        };
    }

    /** A palm payment done: approved, or free with the loyalty programme; a member's price shown with it. */
    private StoredResponse memberResult(Payment p) {
        Optional<org.openpalm.payments.loyalty.LoyaltyApplication> applied = loyalty.flatMap(l -> l.store().application(p.id()));
        if (applied.isEmpty()) return palmResult("AUTHORISED", "Approved", null, p);
        var a = applied.get();
        String result = a.free() ? "FREE" : "AUTHORISED";
        String message = a.free() ? "Free with your loyalty reward" : "Approved: " + a.charged() + " after " + a.discount() + " off (" + a.description() + ")";
        return new StoredResponse(200, Json.write(new Dto.PalmResultOut(result, message, null, Dto.PaymentOut.of(p), null,
                LoyaltyDto.ApplicationOut.of(a))));
    }

    /** The loyalty basket of a new payment: its lines must add up to the amount. */
    private Optional<Basket> basket(Dto.CreatePaymentIn in, Money amount) {
        if ((in.items() == null || in.items().isEmpty()) && !Boolean.TRUE.equals(in.redeemPoints())) return Optional.empty();
        if (loyalty.isEmpty()) throw Problem.invalid("items", "loyalty programmes are not enabled on this server");
        List<Problem.FieldError> errors = new ArrayList<>();
        List<LineItem> lines = new ArrayList<>();
        List<LoyaltyDto.ItemIn> items = in.items() == null ? List.of() : in.items();
        if (items.size() > 200) throw Problem.invalid("items", "must hold at most 200 lines");
        for (int i = 0; i < items.size(); i++) {
            LoyaltyDto.ItemIn item = items.get(i);
            String f = "items[" + i + "]";
            if (item == null || item.item() == null || item.item().isBlank() || item.item().length() > 100) errors.add(new Problem.FieldError(f + ".item", "is required (1 to 100 characters)"));
            else if (item.quantity() == null || item.quantity() < 1 || item.quantity() > 10_000) errors.add(new Problem.FieldError(f + ".quantity", "must be 1..10000"));
            else if (item.unitMinor() == null || item.unitMinor() < 0) errors.add(new Problem.FieldError(f + ".unit_minor", "must not be negative"));
            else lines.add(new LineItem(item.item().strip(), item.quantity(), amount.withMinor(item.unitMinor())));
        }
        if (!errors.isEmpty()) throw Problem.invalid(errors);
        Basket basket = new Basket(lines, Boolean.TRUE.equals(in.redeemPoints()));
        if (basket.total().isPresent() && !basket.total().get().equals(amount)) {
            throw Problem.invalid("items", "add up to " + basket.total().get() + ", not the amount " + amount);
        }
        return Optional.of(basket);
    }

    private static StoredResponse palmResult(String result, String message, Integer candidates, Payment p) {
        return new StoredResponse(200, Json.write(new Dto.PalmResultOut(result, message, candidates, Dto.PaymentOut.of(p), null)));
    }

    static StoredResponse problemResponse(Problem p) {
        return new StoredResponse(p.status(), Json.write(p.body()));
    }

    static void problem(Context ctx, Problem p) {
        if (p.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        ctx.status(p.status()).contentType(PROBLEM_JSON).result(Json.write(p.body()));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
