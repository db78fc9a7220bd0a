package org.openpalm.iso8583;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The boundary: typed {@link NetworkMessage}s to ISO 8583 frames and back. Frames that do not
 * decode, or decode to fields a typed message cannot accept, are refused with an
 * {@link IsoCodecException}. Thread-safe.
 *
 * <p>Dates on the wire carry no year (fields 7, 13) or a 2-digit year (field 14). Decoding picks the
 * year that puts the date closest to the codec's clock.
 */
public final class NetworkCodec {
    private static final DateTimeFormatter F7 = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final DateTimeFormatter F12 = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter F13 = DateTimeFormatter.ofPattern("MMdd");
    private static final DateTimeFormatter F14 = DateTimeFormatter.ofPattern("yyMM");

    private final IsoCodec codec;
    private final Clock clock;

    public NetworkCodec(IsoCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    public static NetworkCodec openPalm() {
        return new NetworkCodec(IsoCodec.openPalm(), Clock.systemUTC());
    }

    public IsoCodec isoCodec() {
        return codec;
    }

    public byte[] encode(NetworkMessage message) {
        return codec.pack(toIso(message));
    }

    public NetworkMessage decode(byte[] frame) {
        return fromIso(codec.unpack(frame));
    }

    // ------------------------------------------------------------------ typed -> ISO

    public IsoMessage toIso(NetworkMessage message) {
        TreeMap<Integer, String> f = new TreeMap<>();
        switch (message) {
            case AuthorisationRequest r -> putTransaction(f, r.tx());
            case RefundRequest r -> putTransaction(f, r.tx());
            case CompletionAdvice c -> {
                putTransaction(f, c.tx());
                f.put(38, c.approvalCode().value());
                f.put(90, original(c.original()));
            }
            case ReversalAdvice r -> {
                putTransaction(f, r.tx());
                f.put(90, original(r.original()));
            }
            case AuthorisationResponse r -> putReply(f, r.reply());
            case RefundResponse r -> putReply(f, r.reply());
            case CompletionResponse r -> putReply(f, r.reply());
            case ReversalResponse r -> putReply(f, r.reply());
            case NetworkManagementRequest n -> {
                f.put(7, F7.format(n.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, n.stan().digits());
                f.put(70, n.code().code());
            }
            case NetworkManagementResponse n -> {
                f.put(7, F7.format(n.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, n.stan().digits());
                f.put(39, n.responseCode().code());
                f.put(70, n.code().code());
            }
            case TokenisationRequest t -> {
                f.put(2, t.card().digits());
                f.put(3, TokenisationRequest.PROCESSING_CODE);
                f.put(7, F7.format(t.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, t.stan().digits());
                f.put(14, F14.format(t.expiry()));
                f.put(41, t.terminalId().value());
            }
            case AccountVerificationRequest v -> {
                f.put(2, v.card().digits());
                f.put(3, AccountVerificationRequest.PROCESSING_CODE);
                f.put(4, "000000000000");
                f.put(7, F7.format(v.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, v.stan().digits());
                f.put(14, F14.format(v.expiry()));
                f.put(22, AccountVerificationRequest.ENTRY_MODE);
                f.put(25, AccountVerificationRequest.CONDITION_CODE);
                putAcceptor(f, v.acceptor());
                f.put(48, v.securityCode().field48());
                f.put(49, String.format("%03d", v.currency().getNumericCode()));
            }
            case AccountVerificationResponse v -> {
                f.put(3, AccountVerificationRequest.PROCESSING_CODE);
                f.put(4, "000000000000");
                f.put(7, F7.format(v.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, v.stan().digits());
                f.put(25, AccountVerificationRequest.CONDITION_CODE);
                putAcceptor(f, v.acceptor());
                f.put(39, v.responseCode().code());
                f.put(49, String.format("%03d", v.currency().getNumericCode()));
            }
            case TokenisationResponse t -> {
                t.token().ifPresent(tok -> f.put(2, tok.digits()));
                f.put(3, TokenisationRequest.PROCESSING_CODE);
                f.put(7, F7.format(t.transmittedAt().atOffset(ZoneOffset.UTC)));
                f.put(11, t.stan().digits());
                f.put(39, t.responseCode().code());
                f.put(41, t.terminalId().value());
                t.par().ifPresent(p -> f.put(48, p.value()));
            }
        }
        return new IsoMessage(message.mti(), f);
    }

    private static void putTransaction(TreeMap<Integer, String> f, Transaction tx) {
        f.put(2, tx.token().digits());
        f.put(3, tx.type().processingCode());
        f.put(4, String.format("%012d", tx.amount().minorUnits()));
        f.put(7, F7.format(tx.transmittedAt().atOffset(ZoneOffset.UTC)));
        f.put(11, tx.stan().digits());
        f.put(12, F12.format(tx.localDateTime()));
        f.put(13, F13.format(tx.localDateTime()));
        f.put(14, F14.format(tx.expiry()));
        f.put(22, tx.pointOfService().entryMode());
        f.put(25, tx.pointOfService().conditionCode());
        putAcceptor(f, tx.acceptor());
        f.put(37, tx.rrn().value());
        f.put(49, String.format("%03d", tx.amount().currency().getNumericCode()));
    }

    private static void putReply(TreeMap<Integer, String> f, Reply r) {
        f.put(2, r.token().digits());
        f.put(3, r.type().processingCode());
        f.put(4, String.format("%012d", r.amount().minorUnits()));
        f.put(7, F7.format(r.transmittedAt().atOffset(ZoneOffset.UTC)));
        f.put(11, r.stan().digits());
        putAcceptor(f, r.acceptor());
        f.put(37, r.rrn().value());
        r.approvalCode().ifPresent(a -> f.put(38, a.value()));
        f.put(39, r.responseCode().code());
        f.put(49, String.format("%03d", r.amount().currency().getNumericCode()));
    }

    private static void putAcceptor(TreeMap<Integer, String> f, Acceptor a) {
        f.put(32, a.acquirerId());
        f.put(41, a.terminalId().value());
        f.put(42, a.merchantId().value());
    }

    private static String original(OriginalData o) {
        return o.mti() + o.stan().digits() + F7.format(o.transmittedAt().atOffset(ZoneOffset.UTC))
                + String.format("%011d", Long.parseLong(o.acquirerId())) + "00000000000";
    }

    // ------------------------------------------------------------------ ISO -> typed

    public NetworkMessage fromIso(IsoMessage m) {
        return switch (m.mti()) {
            case "0100" -> isAccountVerification(m) ? accountVerification(m) : new AuthorisationRequest(transaction(m, TransactionType.PURCHASE));
            case "0110" -> isAccountVerification(m) ? accountVerificationResponse(m) : new AuthorisationResponse(reply(m));
            case "0200" -> new RefundRequest(transaction(m, TransactionType.REFUND));
            case "0210" -> new RefundResponse(reply(m));
            case "0220" -> new CompletionAdvice(transaction(m, TransactionType.PURCHASE),
                    field(m, 38, ApprovalCode::new), field(m, 90, this::original));
            case "0230" -> new CompletionResponse(reply(m));
            case "0400", "0401" -> new ReversalAdvice(transaction(m, null),
                    field(m, 90, this::original), m.mti().equals("0401"));
            case "0410" -> new ReversalResponse(reply(m));
            case "0600" -> {
                requireProcessingCode(m, TokenisationRequest.PROCESSING_CODE);
                yield new TokenisationRequest(field(m, 2, CardNumber::new), field(m, 14, this::expiry),
                        field(m, 11, this::stan), field(m, 7, this::transmission), field(m, 41, TerminalId::new));
            }
            case "0610" -> {
                requireProcessingCode(m, TokenisationRequest.PROCESSING_CODE);
                ResponseCode rc = field(m, 39, ResponseCode::fromCode);
                Optional<NetworkToken> token = optionalField(m, 2, NetworkToken::new);
                Optional<PaymentAccountReference> par = optionalField(m, 48, PaymentAccountReference::new);
                yield guard(m, () -> new TokenisationResponse(field(m, 11, this::stan), field(m, 7, this::transmission),
                        field(m, 41, TerminalId::new), rc, token, par));
            }
            case "0800" -> new NetworkManagementRequest(field(m, 11, this::stan), field(m, 7, this::transmission),
                    field(m, 70, NetworkManagementCode::fromCode));
            case "0810" -> new NetworkManagementResponse(field(m, 11, this::stan), field(m, 7, this::transmission),
                    field(m, 70, NetworkManagementCode::fromCode), field(m, 39, ResponseCode::fromCode));
            default -> throw new IsoCodecException("MTI " + m.mti() + " is not used on the OpenPalm network");
        };
    }

    /** Field 25 = 51 marks an account verification among 0100/0110 messages. */
    private static boolean isAccountVerification(IsoMessage m) {
        return m.has(25) && m.require(25).equals(AccountVerificationRequest.CONDITION_CODE);
    }

    private AccountVerificationRequest accountVerification(IsoMessage m) {
        requireProcessingCode(m, AccountVerificationRequest.PROCESSING_CODE);
        if (field(m, 4, Long::parseLong) != 0) throw new IsoCodecException("an account verification must have amount 0");
        return guard(m, () -> new AccountVerificationRequest(field(m, 2, CardNumber::new), field(m, 14, this::expiry),
                field(m, 48, SecurityCode::fromField48), field(m, 11, this::stan), field(m, 7, this::transmission), acceptor(m),
                field(m, 49, s -> Money.currencyOfNumeric(Integer.parseInt(s)))));
    }

    private AccountVerificationResponse accountVerificationResponse(IsoMessage m) {
        requireProcessingCode(m, AccountVerificationRequest.PROCESSING_CODE);
        return guard(m, () -> new AccountVerificationResponse(field(m, 11, this::stan), field(m, 7, this::transmission), acceptor(m),
                field(m, 49, s -> Money.currencyOfNumeric(Integer.parseInt(s))), field(m, 39, ResponseCode::fromCode)));
    }

    private static void requireProcessingCode(IsoMessage m, String expected) {
        if (!m.require(3).equals(expected)) {
            throw new IsoCodecException("message " + m.mti() + " needs processing code " + expected);
        }
    }

    private Transaction transaction(IsoMessage m, TransactionType expected) {
        TransactionType type = field(m, 3, TransactionType::fromProcessingCode);
        if (expected != null && type != expected) {
            throw new IsoCodecException("message " + m.mti() + " with processing code " + m.require(3)
                    + " is not supported: expected " + expected.processingCode().substring(0, 2) + "xxxx");
        }
        LocalDateTime local = localDateTime(m.require(12), m.require(13));
        return guard(m, () -> new Transaction(type, field(m, 2, NetworkToken::new), field(m, 14, this::expiry),
                amount(m), field(m, 11, this::stan), field(m, 7, this::transmission), local,
                field(m, 37, RetrievalReference::new),
                new PointOfService(m.require(22), m.require(25)), acceptor(m)));
    }

    private Reply reply(IsoMessage m) {
        return guard(m, () -> new Reply(field(m, 3, TransactionType::fromProcessingCode), field(m, 2, NetworkToken::new),
                amount(m), field(m, 11, this::stan), field(m, 7, this::transmission),
                field(m, 37, RetrievalReference::new), acceptor(m), field(m, 39, ResponseCode::fromCode),
                optionalField(m, 38, ApprovalCode::new)));
    }

    private Acceptor acceptor(IsoMessage m) {
        return guard(m, () -> new Acceptor(m.require(32), field(m, 41, TerminalId::new), field(m, 42, MerchantId::new)));
    }

    private Money amount(IsoMessage m) {
        long minor = field(m, 4, Long::parseLong);
        int currency = field(m, 49, Integer::parseInt);
        return new Money(minor, Money.currencyOfNumeric(currency));
    }

    private Stan stan(String s) {
        return new Stan(Integer.parseInt(s));
    }

    private YearMonth expiry(String yymm) {
        return YearMonth.parse(yymm, F14);
    }

    private OriginalData original(String s) {
        return new OriginalData(s.substring(0, 4), stan(s.substring(4, 10)), transmission(s.substring(10, 20)),
                String.valueOf(Long.parseLong(s.substring(20, 31))));
    }

    /** Field 7 (MMDDhhmmss, UTC) with the year that puts it closest to now. */
    private Instant transmission(String mmddhhmmss) {
        Instant now = clock.instant();
        int year = now.atOffset(ZoneOffset.UTC).getYear();
        Instant best = null;
        for (int y = year - 1; y <= year + 1; y++) {
            try {
                Instant candidate = LocalDateTime.parse(y + mmddhhmmss, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                        .toInstant(ZoneOffset.UTC);
                if (best == null || Math.abs(candidate.getEpochSecond() - now.getEpochSecond())
                        < Math.abs(best.getEpochSecond() - now.getEpochSecond())) {
                    best = candidate;
                }
            } catch (DateTimeException e) {
                // Not a date in this year (e.g. 29 February): try the others.
            }
        }
        if (best == null) {
            throw new IsoCodecException("field 7 is not a valid MMDDhhmmss date-time");
        }
        return best;
    }

    private LocalDateTime localDateTime(String hhmmss, String mmdd) {
        Instant t;
        try {
            t = transmission(mmdd + hhmmss);
        } catch (IsoCodecException e) {
            throw new IsoCodecException("fields 12/13 are not a valid local time and date");
        }
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static <T> T field(IsoMessage m, int number, Function<String, T> parse) {
        String raw = m.require(number);
        try {
            return parse.apply(raw);
        } catch (IsoCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IsoCodecException("message " + m.mti() + " field " + number + " is invalid: " + reason(e));
        }
    }

    private static <T> Optional<T> optionalField(IsoMessage m, int number, Function<String, T> parse) {
        return m.has(number) ? Optional.of(field(m, number, parse)) : Optional.empty();
    }

    private static <T> T guard(IsoMessage m, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IsoCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IsoCodecException("message " + m.mti() + " is invalid: " + reason(e));
        }
    }

    /** Exception text without echoing raw input: value-type messages never contain card data. */
    private static String reason(RuntimeException e) {
        return switch (e) {
            case NumberFormatException n -> "not a number";
            case DateTimeException d -> "not a valid date";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
