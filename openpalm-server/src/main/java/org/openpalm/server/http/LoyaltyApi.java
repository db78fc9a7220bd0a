package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.access.EntryDecision;
import org.openpalm.payments.access.EntryService;
import org.openpalm.payments.age.AgeAnswer;
import org.openpalm.payments.age.AgeService;
import org.openpalm.payments.age.DocumentType;
import org.openpalm.payments.attempt.PresentationGuard;
import org.openpalm.payments.attempt.PresentationVerdict;
import org.openpalm.payments.customer.ConsentChannel;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.loyalty.LoyaltyProgramme;
import org.openpalm.payments.loyalty.LoyaltyService;
import org.openpalm.payments.loyalty.Membership;
import org.openpalm.payments.loyalty.Reward;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalRole;
import org.openpalm.payments.money.Currency;
import org.openpalm.payments.portal.PortalSignIn;
import org.openpalm.payments.portal.SessionToken;
import org.openpalm.payments.service.PalmLookup;

/**
 * The palm as a membership card (issue 17): loyalty, entry and age checks.
 * <ul>
 *   <li>merchant (API key): {@code POST|GET /v1/loyalty/programme}, {@code GET /v1/loyalty/members},
 *       {@code POST /v1/access/tickets}, {@code GET /v1/entries/daily?days=N}
 *   <li>terminal (signed): {@code POST /terminal/v1/loyalty/members} (join with the palm, consent),
 *       {@code POST /terminal/v1/entry-consents} (kiosk or gate), {@code POST /terminal/v1/entries} (gates only),
 *       {@code POST /terminal/v1/age-attestations} (kiosks only), {@code POST /terminal/v1/age-checks}
 *   <li>portal (session cookie): {@code GET /portal/v1/loyalty}, {@code POST /portal/v1/loyalty/memberships},
 *       {@code POST /portal/v1/loyalty/memberships/{merchant}/leave}
 * </ul>
 */
public final class LoyaltyApi {
    private final Api api;
    private final LoyaltyService loyalty;
    private final EntryService entries;
    private final AgeService ages;
    private final PalmLookup palms;
    private final PortalSignIn signIn;

    public LoyaltyApi(Api api, LoyaltyService loyalty, EntryService entries, AgeService ages, PalmLookup palms, PortalSignIn signIn) {
        this.api = api;
        this.loyalty = loyalty;
        this.entries = entries;
        this.ages = ages;
        this.palms = palms;
        this.signIn = signIn;
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.post("/v1/loyalty/programme", ctx -> {
            Merchant m = api.merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, m.id().value(), body, () -> {
                LoyaltyProgramme p = programme(m.id(), Json.read(body, LoyaltyDto.ProgrammeIn.class));
                return new StoredResponse(200, Json.write(LoyaltyDto.ProgrammeOut.of(loyalty.define(p))));
            });
        });

        r.get("/v1/loyalty/programme", ctx -> {
            Merchant m = api.merchant(ctx);
            LoyaltyProgramme p = loyalty.programme(m.id()).orElseThrow(() -> Problem.of(404, "not-found", "Not found", "no loyalty programme yet"));
            Api.json(ctx, 200, LoyaltyDto.ProgrammeOut.of(p));
        });

        r.get("/v1/loyalty/members", ctx -> {
            Merchant m = api.merchant(ctx);
            int limit = QueryParams.of(ctx, Set.of("limit")).integer("limit", 1, 500, 100);
            List<LoyaltyDto.MembershipOut> members = loyalty.store().members(m.id(), limit).stream()
                    .map(x -> LoyaltyDto.MembershipOut.of(x, loyalty.balance(m.id(), x.customer()))).toList();
            Api.json(ctx, 200, new LoyaltyDto.MembersOut(LoyaltyDto.SummaryOut.of(loyalty.store().summary(m.id())), members));
        });

        r.get("/v1/insights/loyalty", ctx -> {
            Merchant m = api.merchant(ctx);
            ctx.header("Cache-Control", "no-store");
            // insights count only members who also consented to shopping insights
            Api.json(ctx, 200, new LoyaltyDto.LoyaltyInsightsOut(loyalty.store().membersWithInsightsConsent(m.id())));
        });

        r.post("/v1/access/tickets", ctx -> {
            Merchant m = api.merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, m.id().value(), body, () -> {
                LoyaltyDto.TicketIn in = Json.read(body, LoyaltyDto.TicketIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                Optional<CustomerId> customer = CustomerId.parse(in.customerId());
                if (customer.isEmpty()) errors.add(new Problem.FieldError("customer_id", "is not a customer id"));
                Optional<java.time.Instant> from = instant("valid_from", in.validFrom(), errors);
                Optional<java.time.Instant> until = instant("valid_until", in.validUntil(), errors);
                String holder = in.holderName() == null ? "" : in.holderName().strip();
                if (holder.isEmpty() || holder.length() > 100) errors.add(new Problem.FieldError("holder_name", "is required (1 to 100 characters)"));
                if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) errors.add(new Problem.FieldError("valid_until", "must be after valid_from"));
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                return new StoredResponse(201, Json.write(LoyaltyDto.TicketOut.of(entries.issue(m.id(), customer.get(), holder, from.get(), until.get()))));
            });
        });

        r.get("/v1/entries/daily", ctx -> {
            Merchant m = api.merchant(ctx);
            int days = QueryParams.of(ctx, Set.of("days")).integer("days", 1, 366, 30);
            Api.json(ctx, 200, new LoyaltyDto.EntriesOut(entries.perDay(m.id(), days).stream().map(LoyaltyDto.DailyEntriesOut::of).toList()));
        });

        r.post("/terminal/v1/loyalty/members", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = api.terminal(ctx, body);
            api.mutate(ctx, t.id().value(), body, () -> {
                LoyaltyDto.JoinIn in = Json.read(body, LoyaltyDto.JoinIn.class);
                String name = Api.requireText("display_name", in.displayName(), 100);
                String version = Api.requireText("consent_text_version", in.consentTextVersion(), 40);
                if (!Boolean.TRUE.equals(in.loyaltyConsent())) throw Problem.invalid("loyalty_consent", "must be true: joining uses your palm as this shop's loyalty card");
                PalmTemplate probe = template(ctx, t, "loyalty-join", in.palmImage(), in.palmImageNir(), in.imageKind());
                return switch (palms.lookup(probe)) {
                    case PalmLookup.Found.NotRecognised n -> ok(new LoyaltyDto.JoinOut("NOT_RECOGNISED", "Palm not recognised: enrol at a kiosk first", null));
                    case PalmLookup.Found.Ambiguous a -> ok(new LoyaltyDto.JoinOut("AMBIGUOUS", "We could not tell you apart: ask staff", null));
                    case PalmLookup.Found.Customer c -> joined(loyalty.join(t.merchant(), c.id(), name, version,
                            ConsentChannel.KIOSK));
                };
            });
        });

        r.post("/terminal/v1/entry-consents", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = api.terminal(ctx, body);
            if (t.role() == TerminalRole.READER) throw Problem.of(403, "terminal-role", "Terminal may not do this", "entry consents are given at kiosks and gates");
            api.mutate(ctx, t.id().value(), body, () -> {
                LoyaltyDto.EntryConsentIn in = Json.read(body, LoyaltyDto.EntryConsentIn.class);
                String version = Api.requireText("consent_text_version", in.consentTextVersion(), 40);
                if (!Boolean.TRUE.equals(in.entryConsent())) throw Problem.invalid("entry_consent", "must be true: \"use my palm to enter\" this merchant");
                PalmTemplate probe = template(ctx, t, "entry-consent", in.palmImage(), in.palmImageNir(), in.imageKind());
                return switch (palms.lookup(probe)) {
                    case PalmLookup.Found.NotRecognised n -> Api.problemResponse(Problem.of(422, "not-recognised", "Palm not recognised", "enrol at a kiosk first"));
                    case PalmLookup.Found.Ambiguous a -> Api.problemResponse(Problem.of(422, "ambiguous", "Palm ambiguous", "ask staff"));
                    case PalmLookup.Found.Customer c -> new StoredResponse(201, Json.write(LoyaltyDto.EntryConsentOut.of(
                            entries.grant(t.merchant(), c.id(), version, ConsentChannel.KIOSK))));
                };
            });
        });

        r.post("/terminal/v1/entries", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = api.terminal(ctx, body);
            if (t.role() != TerminalRole.GATE) throw Problem.of(403, "terminal-role", "Terminal may not do this", "only gate terminals admit entries");
            api.mutate(ctx, t.id().value(), body, () -> {
                LoyaltyDto.PalmIn in = Json.read(body, LoyaltyDto.PalmIn.class);
                PalmTemplate probe = template(ctx, t, "entry", in.palmImage(), in.palmImageNir(), in.imageKind());
                LoyaltyDto.EntryOut out = switch (entries.enter(t, probe)) {
                    case EntryDecision.Allowed a -> new LoyaltyDto.EntryOut("ALLOWED", a.displayName(), a.via().name(), null, "Welcome, " + a.displayName());
                    case EntryDecision.Denied d -> new LoyaltyDto.EntryOut("DENIED", null, null, d.reason().name(), d.reason().message());
                };
                return ok(out);
            });
        });

        r.post("/terminal/v1/age-attestations", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = api.terminal(ctx, body);
            if (t.role() != TerminalRole.KIOSK) throw Problem.of(403, "terminal-role", "Terminal may not do this", "age attestations are recorded at staffed kiosks");
            api.mutate(ctx, t.id().value(), body, () -> {
                LoyaltyDto.AttestationIn in = Json.read(body, LoyaltyDto.AttestationIn.class);
                List<Problem.FieldError> errors = new ArrayList<>();
                Optional<LocalDate> born = Optional.empty();
                try {
                    born = Optional.of(LocalDate.parse(in.bornOnOrBefore() == null ? "" : in.bornOnOrBefore()));
                    if (born.get().isAfter(LocalDate.now(java.time.ZoneOffset.UTC))) errors.add(new Problem.FieldError("born_on_or_before", "is in the future"));
                } catch (DateTimeParseException e) {
                    errors.add(new Problem.FieldError("born_on_or_before", "must be a date (YYYY-MM-DD)"));
                }
                String staff = in.staffId() == null ? "" : in.staffId().strip();
                if (staff.isEmpty() || staff.length() > 40) errors.add(new Problem.FieldError("staff_id", "is required (1 to 40 characters)"));
                Optional<DocumentType> document = DocumentType.parse(in.documentType());
                if (document.isEmpty()) errors.add(new Problem.FieldError("document_type", "must be passport, id_card, driving_licence or residence_permit"));
                if (!errors.isEmpty()) throw Problem.invalid(errors);
                PalmTemplate probe = template(ctx, t, "age-attestation", in.palmImage(), in.palmImageNir(), in.imageKind());
                return switch (ages.attest(t, probe, born.get(), staff, document.get())) {
                    case AgeService.AttestOutcome.Attested a -> new StoredResponse(201, Json.write(LoyaltyDto.AttestationOut.of(a.attestation())));
                    case AgeService.AttestOutcome.NotRecognised n -> Api.problemResponse(Problem.of(422, "not-recognised", "Palm not recognised", "enrol first"));
                    case AgeService.AttestOutcome.Ambiguous a -> Api.problemResponse(Problem.of(422, "ambiguous", "Palm ambiguous", "present the palm again"));
                };
            });
        });

        r.post("/terminal/v1/age-checks", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            Terminal t = api.terminal(ctx, body);
            api.mutate(ctx, t.id().value(), body, () -> {
                LoyaltyDto.AgeCheckIn in = Json.read(body, LoyaltyDto.AgeCheckIn.class);
                if (in.minimumAge() == null || in.minimumAge() < 1 || in.minimumAge() > 125) throw Problem.invalid("minimum_age", "must be 1..125 (18 or 21, say)");
                int age = in.minimumAge();
                PalmTemplate probe = template(ctx, t, "age-check", in.palmImage(), in.palmImageNir(), in.imageKind());
                LoyaltyDto.AgeCheckOut out = switch (ages.check(t, probe, age)) {
                    case AgeAnswer.Yes y -> new LoyaltyDto.AgeCheckOut(age, "YES", age + "+: yes");
                    case AgeAnswer.No n -> new LoyaltyDto.AgeCheckOut(age, "NO", age + "+: no");
                    case AgeAnswer.NotVerified v -> new LoyaltyDto.AgeCheckOut(age, "NOT_VERIFIED", v.howTo());
                    case AgeAnswer.NotRecognised n -> new LoyaltyDto.AgeCheckOut(age, "NOT_RECOGNISED", "Palm not recognised: staff check an ID document");
                    case AgeAnswer.Ambiguous a -> new LoyaltyDto.AgeCheckOut(age, "NOT_RECOGNISED", "We could not tell you apart: staff check an ID document");
                };
                return ok(out);
            });
        });

        r.get("/portal/v1/loyalty", ctx -> {
            CustomerId id = session(ctx);
            List<LoyaltyDto.PortalProgrammeOut> out = new ArrayList<>();
            for (Membership m : loyalty.store().membershipsOf(id)) {
                long balance = loyalty.balance(m.merchant(), id);
                out.add(new LoyaltyDto.PortalProgrammeOut(LoyaltyDto.MembershipOut.of(m, balance),
                        loyalty.programme(m.merchant()).map(LoyaltyProgramme::name).orElse(null), balance,
                        loyalty.store().history(m.merchant(), id, 50).stream().map(LoyaltyDto.PointsOut::of).toList()));
            }
            Api.json(ctx, 200, new LoyaltyDto.PortalLoyaltyOut(out));
        });

        r.post("/portal/v1/loyalty/memberships", ctx -> {
            CustomerId id = session(ctx);
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, "portal:" + id.value(), body, () -> {
                LoyaltyDto.PortalJoinIn in = Json.read(body, LoyaltyDto.PortalJoinIn.class);
                MerchantId merchant = MerchantId.parse(in.merchantId()).orElseThrow(() -> Problem.invalid("merchant_id", "is not a merchant id"));
                String name = Api.requireText("display_name", in.displayName(), 100);
                String version = Api.requireText("consent_text_version", in.consentTextVersion(), 40);
                return joined(loyalty.join(merchant, id, name, version, ConsentChannel.PORTAL));
            });
        });

        r.post("/portal/v1/loyalty/memberships/{merchant}/leave", ctx -> {
            CustomerId id = session(ctx);
            MerchantId merchant = MerchantId.parse(ctx.pathParam("merchant")).orElseThrow(() -> Problem.of(404, "not-found", "Not found", "no such membership"));
            api.mutateAtomically(ctx, "portal:" + id.value(), ctx.bodyAsBytes(), () -> loyalty.leave(merchant, id, ConsentChannel.PORTAL)
                    ? ok(new LoyaltyDto.JoinOut("LEFT", "You left the programme", null))
                    : Api.problemResponse(Problem.of(404, "not-found", "Not found", "no such membership")));
        });
    }

    private static StoredResponse ok(Object body) {
        return new StoredResponse(200, Json.write(body));
    }

    private StoredResponse joined(LoyaltyService.JoinOutcome outcome) {
        return switch (outcome) {
            case LoyaltyService.JoinOutcome.Joined j -> new StoredResponse(201, Json.write(new LoyaltyDto.JoinOut("JOINED",
                    "Welcome, " + j.membership().displayName() + ": your palm is now your loyalty card", LoyaltyDto.MembershipOut.of(j.membership(), 0L))));
            case LoyaltyService.JoinOutcome.AlreadyMember a -> ok(new LoyaltyDto.JoinOut("ALREADY_MEMBER", "You are already a member",
                    LoyaltyDto.MembershipOut.of(a.membership(), loyalty.balance(a.membership().merchant(), a.membership().customer()))));
            case LoyaltyService.JoinOutcome.NoProgramme n -> Api.problemResponse(Problem.of(404, "no-programme", "No loyalty programme",
                    "this merchant has no loyalty programme"));
        };
    }

    /**
     * The probe of a capture at {@code t} for {@code use} (entry, age check, ...), through the checks
     * a payment's capture passes, in the same order: the terminal's per-minute cap and the replay
     * rules ({@link PresentationGuard#admitCapture}: a capture seen before, on any server, for any
     * use, is refused unless this very request is being retried), liveness (a print or a screen is
     * never identified; the shopper gets the neutral retry message), quality.
     */
    private PalmTemplate template(Context ctx, Terminal t, String use, String image, String nearInfrared, String kind) {
        byte[] bytes = Api.base64("palm_image", image);
        Optional<byte[]> nir = Optional.ofNullable(nearInfrared).map(n -> Api.base64("palm_image_nir", n));
        PresentationGuard presentations = api.presentations();
        // the key was validated before this work began (Api.mutate)
        String request = ctx.header("Idempotency-Key");
        boolean newCapture = switch (presentations.admitCapture(t.id(), use, request, bytes)) {
            case PresentationGuard.Admission.NewCapture n -> true;
            case PresentationGuard.Admission.RepeatedForSamePayment again -> false;
            case PresentationGuard.Admission.Refused refused -> throw Api.presentationProblem("palm_image", refused.verdict());
        };
        switch (api.liveness(t, bytes, nir)) {
            case PresentationAttackGuard.Judged.Live live -> { }
            case PresentationAttackGuard.Judged.Attack attack -> throw new Problem(422, "https://openpalm.org/problems/retake", "Present your palm again",
                    PalmCaptures.NEUTRAL_RETRY_MESSAGE, List.of(new Problem.FieldError("palm_image", "retake")));
            case PresentationAttackGuard.Judged.Paused paused -> throw Problem.of(423, "terminal-paused", "Palm use paused",
                    "palm use on this terminal is paused for " + Math.max(1, paused.remaining().toSeconds()) + " s");
        }
        PalmTemplate probe = switch (api.captures().check("palm_image", bytes, PalmCaptures.ImageKind.parse("image_kind", Optional.ofNullable(kind)))) {
            case PalmCaptures.Checked.Usable u -> u.template();
            case PalmCaptures.Checked.Retake retake -> throw PalmCaptures.qualityProblem("palm_image", retake.reason());
        };
        if (newCapture) {
            PresentationVerdict byTemplate = presentations.checkTemplate(t.id(), use + ":" + t.id().value(), bytes, probe);
            if (!(byTemplate instanceof PresentationVerdict.Admitted)) throw Api.presentationProblem("palm_image", byTemplate);
        }
        return probe;
    }

    private static Optional<java.time.Instant> instant(String field, String text, List<Problem.FieldError> errors) {
        try {
            return Optional.of(java.time.Instant.parse(text == null ? "" : text));
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO 8601 instant (2026-12-05T10:00:00Z)"));
            return Optional.empty();
        }
    }

    static LoyaltyProgramme programme(MerchantId merchant, LoyaltyDto.ProgrammeIn in) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 200) errors.add(new Problem.FieldError("name", "is required (1 to 200 characters)"));
        Optional<Currency> currency = Currency.of(in.currency());
        if (currency.isEmpty()) errors.add(new Problem.FieldError("currency", "is not an ISO 4217 currency code"));
        int rate = in.pointsPerUnit() == null ? 0 : in.pointsPerUnit();
        if (rate < 0 || rate > 10_000) errors.add(new Problem.FieldError("points_per_unit", "must be 0..10000"));
        Optional<Reward.EveryNthItemFree> nth = Optional.empty();
        if (in.everyNthItemFree() != null) {
            LoyaltyDto.EveryNthIn e = in.everyNthItemFree();
            if (e.item() == null || e.item().isBlank() || e.item().length() > 100) errors.add(new Problem.FieldError("every_nth_item_free.item", "is required (1 to 100 characters)"));
            else if (e.n() == null || e.n() < 2 || e.n() > 1000) errors.add(new Problem.FieldError("every_nth_item_free.n", "must be 2..1000"));
            else nth = Optional.of(new Reward.EveryNthItemFree(e.item().strip(), e.n()));
        }
        Optional<Reward.PercentOff> pct = Optional.empty();
        if (in.percentOff() != null) {
            if (in.percentOff() < 1 || in.percentOff() > 100) errors.add(new Problem.FieldError("percent_off", "must be 1..100"));
            else pct = Optional.of(new Reward.PercentOff(in.percentOff()));
        }
        Optional<Reward.PointsRedemption> redeem = Optional.empty();
        if (in.pointsRedemption() != null) {
            LoyaltyDto.RedemptionIn x = in.pointsRedemption();
            if (x.points() == null || x.points() < 1) errors.add(new Problem.FieldError("points_redemption.points", "must be positive"));
            else if (x.discountMinor() == null || x.discountMinor() < 1) errors.add(new Problem.FieldError("points_redemption.discount_minor", "must be positive"));
            else redeem = Optional.of(new Reward.PointsRedemption(x.points(), x.discountMinor()));
        }
        if (!errors.isEmpty()) throw Problem.invalid(errors);
        return new LoyaltyProgramme(merchant, name, currency.get(), rate, nth, pct, redeem, java.time.Instant.EPOCH);
    }

    private CustomerId session(Context ctx) {
        String value = ctx.cookie(PortalApi.COOKIE);
        Problem none = Problem.of(401, "no-session", "Not signed in", "sign in with your phone number and a one-time code");
        if (value == null || value.isBlank()) throw none;
        return signIn.session(SessionToken.presented(value)).orElseThrow(() -> none);
    }
}
