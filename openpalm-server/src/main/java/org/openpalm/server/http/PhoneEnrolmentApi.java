package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.portal.PortalSignIn;
import org.openpalm.payments.portal.SessionToken;
import org.openpalm.payments.service.EnrolmentOrigin;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.service.PreEnrolmentService;
import org.openpalm.payments.service.PreEnrolmentStore;

/**
 * The shopper's phone page, {@code /enrol.html}: pre-enrolment without a kiosk. Not signed (the
 * shopper has no key); each client address is held to {@link PhonePageConfig}'s rates, and the
 * phone code, the issuer's account verification and the replay checks are those of the kiosk
 * ({@link EnrolmentService}). The palms stay {@code PENDING_CONFIRMATION} until the first palm
 * payment confirms them ({@link PreEnrolmentService}).
 * <ul>
 *   <li>{@code POST /enrol/v1/phone-checks} {@code {phone}} (Idempotency-Key): a one-time code to the phone
 *   <li>{@code POST /enrol/v1/captures/check} {@code {palm_image, image_kind, landmarks}}: is this capture usable? Writes
 *       nothing. {@code landmarks}: MediaPipe Hands' 21 points found by the page; the palm square is
 *       then cut from them and the pixels judged here again
 *   <li>{@code POST /enrol/v1/pre-enrolments} (Idempotency-Key): the kiosk's enrolment body
 *       ({@code phone, phone_check_id, phone_code, card_number, expiry, cvv2, biometric_consent,
 *       consent_text_version, left_palm_images, right_palm_images, image_kind}) and optional
 *       {@code left_palm_landmarks}, {@code right_palm_landmarks} (one list per image); 201 with
 *       {@code status: PENDING_CONFIRMATION} and when it lapses
 *   <li>{@code GET /portal/v1/pre-enrolment} (portal session): the signed-in customer's pre-enrolment state
 * </ul>
 */
public final class PhoneEnrolmentApi {
    private static final int MAX_PALM_IMAGES = 5;

    private final Api api;
    private final EnrolmentService enrolment;
    private final PreEnrolmentService preEnrolments;
    private final PortalSignIn signIn;
    private final RateLimiter requests;
    private final RateLimiter codes;

    /**
     * Rates of the unsigned phone page, per client address.
     *
     * @param requestsPerMinute every call of the page
     * @param codesPerMinute    one-time codes asked for (each is a text message someone pays for)
     */
    public record PhonePageConfig(int requestsPerMinute, int codesPerMinute) {
        public static final PhonePageConfig DEFAULT = new PhonePageConfig(120, 5);

        public PhonePageConfig {
            if (requestsPerMinute < 1 || codesPerMinute < 1) throw new IllegalArgumentException("rates must be positive");
        }
    }

    public PhoneEnrolmentApi(Api api, EnrolmentService enrolment, PreEnrolmentService preEnrolments, PortalSignIn signIn, PhonePageConfig config) {
        this.api = api;
        this.enrolment = enrolment;
        this.preEnrolments = preEnrolments;
        this.signIn = signIn;
        this.requests = new RateLimiter(config.requestsPerMinute(), 10_000, System::nanoTime);
        this.codes = new RateLimiter(config.codesPerMinute(), 10_000, System::nanoTime);
    }

    /** A capture to check: the picture, what it shows, and the hand landmarks the page found (optional). */
    public record CaptureIn(String palmImage, String imageKind, List<List<Double>> landmarks) {
        @Override
        public String toString() {
            return "CaptureIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    /**
     * The kiosk's enrolment body, plus the landmarks the page found on each picture
     * ({@code left_palm_landmarks[i]} for {@code left_palm_images[i]}; null or absent where none).
     */
    public record PreEnrolmentIn(String phone, String cardNumber, String expiry, List<String> palmImages, Boolean biometricConsent,
                                 String consentTextVersion, List<String> leftPalmImages, List<String> rightPalmImages, String imageKind,
                                 Boolean insightsConsent, String phoneCheckId, String phoneCode, String cvv2,
                                 List<List<List<Double>>> leftPalmLandmarks, List<List<List<Double>>> rightPalmLandmarks) {
        @Override
        public String toString() {
            return "PreEnrolmentIn[masked]";
        }
    }

    /** What the pre-enrolment answers: pending until the first palm payment, and until when. */
    public record PreEnrolmentOut(String customerId, String enrolmentId, String status, String expiresAt, Dto.CardOut card) {}

    /** The portal's view: {@code PENDING_CONFIRMATION} (with its lapse and tries), or {@code ACTIVE}. */
    public record PreEnrolmentStateOut(String status, String expiresAt, Integer failedConfirmations, Integer maxFailedConfirmations) {}

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.post("/enrol/v1/phone-checks", ctx -> {
            String client = client(ctx);
            limit(codes, client);
            byte[] body = ctx.bodyAsBytes();
            api.mutate(ctx, scope(client), body, () -> {
                PhoneNumber phone = Api.valid("phone", PhoneNumber.parse(Json.read(body, Dto.PhoneCheckIn.class).phone()));
                EnrolmentService.PhoneCheckStarted started = enrolment.startPhoneCheck(origin(client), phone);
                return new StoredResponse(201, Json.write(new Dto.PhoneCheckOut(started.id().value(), started.expiresAt().toString())));
            });
        });

        r.post("/enrol/v1/captures/check", ctx -> {
            client(ctx);
            CaptureIn in = Json.read(ctx.bodyAsBytes(), CaptureIn.class);
            PalmCaptures.ImageKind kind = PalmCaptures.ImageKind.parse("image_kind", Optional.ofNullable(in.imageKind()));
            TerminalPagesApi.CaptureCheckOut out = switch (api.captures().check("palm_image", Api.base64("palm_image", in.palmImage()), kind,
                    "landmarks", Optional.ofNullable(in.landmarks()))) {
                case PalmCaptures.Checked.Usable u -> new TerminalPagesApi.CaptureCheckOut(true, null, "Good capture", u.side().map(Enum::name).orElse(null));
                case PalmCaptures.Checked.Retake k -> new TerminalPagesApi.CaptureCheckOut(false, k.reason().name(), k.reason().message(), null);
            };
            Api.json(ctx, 200, out);
        });

        r.post("/enrol/v1/pre-enrolments", ctx -> {
            String client = client(ctx);
            byte[] body = ctx.bodyAsBytes();
            api.mutate(ctx, scope(client), body, () -> preEnrol(origin(client), Json.read(body, PreEnrolmentIn.class)));
        });

        r.get("/portal/v1/pre-enrolment", ctx -> {
            String token = ctx.cookie(PortalApi.COOKIE);
            if (token == null || token.isBlank()) throw noSession();
            CustomerId customer = signIn.session(SessionToken.presented(token)).orElseThrow(PhoneEnrolmentApi::noSession);
            Optional<PreEnrolmentStore.Pending> pending = preEnrolments.pending(customer);
            int max = preEnrolments.config().maxFailedConfirmations();
            Api.json(ctx, 200, pending.map(p -> new PreEnrolmentStateOut("PENDING_CONFIRMATION", p.expiresAt().toString(), p.failedConfirmations(), max))
                    .orElseGet(() -> new PreEnrolmentStateOut("ACTIVE", null, null, null)));
        });
    }

    private StoredResponse preEnrol(EnrolmentOrigin origin, PreEnrolmentIn in) {
        List<Problem.FieldError> errors = new ArrayList<>();
        EnrolmentFields f = EnrolmentFields.collect(in.phone(), in.phoneCheckId(), in.phoneCode(), in.cvv2(), in.cardNumber(), in.expiry(),
                in.biometricConsent(), in.consentTextVersion(), "POST /enrol/v1/phone-checks", errors);
        if (in.palmImages() != null) errors.add(new Problem.FieldError("palm_images", "the phone page sends left_palm_images and right_palm_images"));
        Map<String, List<String>> hands = new LinkedHashMap<>();
        hands.put("left_palm_images", in.leftPalmImages());
        hands.put("right_palm_images", in.rightPalmImages());
        hands.forEach((field, images) -> {
            if (images == null || images.isEmpty() || images.size() > MAX_PALM_IMAGES) errors.add(new Problem.FieldError(field, "must hold 1 to " + MAX_PALM_IMAGES + " images"));
        });
        EnrolmentLandmarks landmarks = EnrolmentLandmarks.collect(hands, in.leftPalmLandmarks(), in.rightPalmLandmarks(), errors);
        PalmCaptures.ImageKind kind = PalmCaptures.ImageKind.parse("image_kind", Optional.ofNullable(in.imageKind()));
        if (!errors.isEmpty()) throw Problem.invalid(errors);
        List<List<PalmTemplate>> templatesByHand = new ArrayList<>();
        List<byte[]> captureBytes = new ArrayList<>();
        for (var hand : hands.entrySet()) {
            List<PalmTemplate> templates = new ArrayList<>();
            for (int i = 0; i < hand.getValue().size(); i++) {
                String field = hand.getKey() + "[" + i + "]";
                byte[] capture = Api.base64(field, hand.getValue().get(i));
                captureBytes.add(capture);
                switch (api.captures().check(field, capture, kind, EnrolmentLandmarks.field(hand.getKey(), i), landmarks.of(hand.getKey(), i))) {
                    case PalmCaptures.Checked.Usable u -> templates.add(u.template());
                    case PalmCaptures.Checked.Retake retake -> throw PalmCaptures.qualityProblem(field, retake.reason());
                }
            }
            templatesByHand.add(templates);
        }
        var request = new EnrolmentService.EnrolmentRequest(f.phone().orElseThrow(), f.card().orElseThrow(), f.expiry().orElseThrow(), templatesByHand.getFirst(),
                in.biometricConsent(), f.consentVersion(), Boolean.TRUE.equals(in.insightsConsent()), ConsentChannel.PHONE_PAGE, templatesByHand.get(1));
        var proof = new EnrolmentService.EnrolmentProof(origin, f.phoneCheck().orElseThrow(), f.phoneCode().orElseThrow(), f.cvv2().orElseThrow(), captureBytes);
        return switch (preEnrolments.preEnrol(request, proof)) {
            case EnrolmentService.EnrolmentOutcome.Enrolled e -> new StoredResponse(201, Json.write(new PreEnrolmentOut(e.customer().id().value(),
                    e.enrolment().value(), "PENDING_CONFIRMATION", preEnrolments.pending(e.customer().id()).map(p -> p.expiresAt().toString()).orElse(null),
                    new Dto.CardOut(e.card().id().value(), e.card().last4(), e.card().brand().name()))));
            case EnrolmentService.EnrolmentOutcome.ConsentRequired c -> Api.problemResponse(new Problem(422, "https://openpalm.org/problems/consent-required",
                    "Consent required", "biometric processing needs the customer's explicit consent",
                    List.of(new Problem.FieldError("biometric_consent", "must be true"))));
            case EnrolmentService.EnrolmentOutcome.NoPalm n -> Api.problemResponse(Problem.invalid("left_palm_images", "must hold at least one image"));
            case EnrolmentService.EnrolmentOutcome.PhoneAlreadyRegistered p -> Api.problemResponse(Problem.of(409, "phone-registered", "Already registered",
                    "this phone number is already enrolled or pre-enrolled"));
            case EnrolmentService.EnrolmentOutcome.PalmAlreadyEnrolled p -> Api.problemResponse(Problem.of(409, "palm-enrolled", "Already enrolled",
                    "this palm is already enrolled"));
            case EnrolmentService.EnrolmentOutcome.CardRefused c -> Api.problemResponse(new Problem(422, "https://openpalm.org/problems/card-refused",
                    "Card refused", c.reason(), List.of(new Problem.FieldError("card_number", c.reason()))));
            case EnrolmentService.EnrolmentOutcome.NetworkUnavailable n -> Api.problemResponse(Problem.of(503, "network-unavailable",
                    "Card network unavailable", n.reason()));
            case EnrolmentService.EnrolmentOutcome.PhoneNotVerified p -> Api.problemResponse(Api.phoneNotVerified(p));
            case EnrolmentService.EnrolmentOutcome.CardNotVerified c -> Api.problemResponse(new Problem(422, "https://openpalm.org/problems/card-not-verified",
                    "Card not verified", c.reason(), List.of(new Problem.FieldError("cvv2", "does not match the card"))));
            case EnrolmentService.EnrolmentOutcome.CaptureReplayed c -> Api.problemResponse(Api.replayedCapture("left_palm_images"));
        };
    }

    /** The client address, within its request rate (429 with Retry-After beyond it). */
    private String client(Context ctx) {
        String client = ClientOrigin.literal(ctx.ip()).map(java.net.InetAddress::getHostAddress).orElse("unknown");
        limit(requests, client);
        return client;
    }

    private static void limit(RateLimiter limiter, String client) {
        OptionalLong wait = limiter.take(client);
        if (wait.isPresent()) {
            throw Problem.retryLater(429, "rate-limited", "Too many requests", "too many requests from here; retry after " + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    /**
     * The phone page's origin for the audit log: a digest of the client address, not the address
     * itself (the log is kept long; the address is personal data).
     */
    private static EnrolmentOrigin origin(String client) {
        return new EnrolmentOrigin.PhonePage(digest(client));
    }

    private static String scope(String client) {
        return "phone-page:" + digest(client);
    }

    private static String digest(String client) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("openpalm-phone-page:" + client).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Problem noSession() {
        return Problem.of(401, "no-session", "Not signed in", "sign in with your phone number and a one-time code");
    }
}
