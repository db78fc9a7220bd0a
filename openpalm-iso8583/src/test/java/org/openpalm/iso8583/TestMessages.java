package org.openpalm.iso8583;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Fixtures: well-formed typed messages. */
public final class TestMessages {
    private TestMessages() {}

    public static final Acceptor ACCEPTOR = new Acceptor("12345", new TerminalId("TERM0001"), new MerchantId("MERCHANT0000001"));

    public static Transaction purchase(NetworkToken token, long minor, Stan stan) {
        return transaction(TransactionType.PURCHASE, token, minor, stan, ACCEPTOR);
    }

    public static Transaction transaction(TransactionType type, NetworkToken token, long minor, Stan stan, Acceptor acceptor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new Transaction(type, token, YearMonth.now(ZoneOffset.UTC).plusYears(2), Money.of(minor, "EUR"), stan, now,
                LocalDateTime.ofInstant(now, ZoneOffset.UTC), new RetrievalReference(String.format("RRN%09d", stan.value())),
                PointOfService.PALM, acceptor);
    }

    public static Arbitrary<NetworkMessage> arbitraryMessages() {
        Arbitrary<NetworkToken> token = Arbitraries.strings().numeric().ofMinLength(13).ofMaxLength(19).map(NetworkToken::new);
        Arbitrary<Stan> stan = Arbitraries.integers().between(1, 999_999).map(Stan::new);
        Arbitrary<Long> amount = Arbitraries.longs().between(0, Money.MAX_MINOR_UNITS);
        Arbitrary<String> currency = Arbitraries.of("EUR", "USD", "GBP", "JPY", "CHF");
        Arbitrary<Instant> time = Arbitraries.longs().between(-150L * 86400, 150L * 86400)
                .map(s -> Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(s));
        Arbitrary<YearMonth> expiry = Arbitraries.integers().between(0, 1000)
                .map(m -> YearMonth.of(2000, 1).plusMonths(m));
        Arbitrary<Acceptor> acceptor = Combinators.combine(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11).map(s -> String.valueOf(Long.parseLong(s))),
                Arbitraries.strings().withCharRange(' ', '~').ofLength(8).map(TerminalId::new),
                Arbitraries.strings().withCharRange(' ', '~').ofLength(15).map(MerchantId::new)).as(Acceptor::new);
        Arbitrary<Transaction> tx = Combinators.combine(Arbitraries.of(TransactionType.class), token, expiry,
                Combinators.combine(amount, currency).as(Money::of), stan, time,
                Arbitraries.strings().alpha().numeric().ofLength(12).map(RetrievalReference::new), acceptor)
                .as((type, tok, exp, money, st, t, rrn, acc) -> new Transaction(type, tok, exp, money, st, t,
                        LocalDateTime.ofInstant(t, ZoneOffset.UTC), rrn, PointOfService.PALM, acc));
        Arbitrary<Optional<ApprovalCode>> approval = Arbitraries.strings().alpha().numeric().ofLength(6)
                .map(ApprovalCode::new).optional();
        Arbitrary<Reply> reply = Combinators.combine(tx, Arbitraries.of(ResponseCode.class), approval)
                .as(Reply::to);
        Arbitrary<OriginalData> original = Combinators.combine(tx, Arbitraries.of("0100", "0200", "0220"))
                .as((t, m) -> OriginalData.of(m, t));
        Arbitrary<CardNumber> card = Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(18)
                .map(b -> new CardNumber(b + Luhn.checkDigit(b)));
        Arbitrary<SecurityCode> cvv2 = Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(4).map(SecurityCode::new);
        Arbitrary<java.util.Currency> isoCurrency = currency.map(java.util.Currency::getInstance);
        return Arbitraries.oneOf(
                Combinators.combine(card, expiry, cvv2, stan, time, acceptor, isoCurrency).as(AccountVerificationRequest::new),
                Combinators.combine(stan, time, acceptor, isoCurrency, Arbitraries.of(ResponseCode.class)).as(AccountVerificationResponse::new),
                tx.filter(t -> t.type() == TransactionType.PURCHASE).map(AuthorisationRequest::new),
                tx.filter(t -> t.type() == TransactionType.REFUND).map(RefundRequest::new),
                Combinators.combine(tx.filter(t -> t.type() == TransactionType.PURCHASE),
                        approval.filter(Optional::isPresent).map(Optional::get), original).as(CompletionAdvice::new),
                Combinators.combine(tx, original, Arbitraries.of(true, false)).as(ReversalAdvice::new),
                reply.map(AuthorisationResponse::new), reply.map(RefundResponse::new),
                reply.map(CompletionResponse::new), reply.map(ReversalResponse::new),
                Combinators.combine(stan, time, Arbitraries.of(NetworkManagementCode.class)).as(NetworkManagementRequest::new),
                Combinators.combine(stan, time, Arbitraries.of(NetworkManagementCode.class), Arbitraries.of(ResponseCode.class))
                        .as(NetworkManagementResponse::new),
                Combinators.combine(card, expiry, stan, time, acceptor.map(Acceptor::terminalId)).as(TokenisationRequest::new),
                Combinators.combine(stan, time, acceptor.map(Acceptor::terminalId), token,
                        Arbitraries.strings().withCharRange('A', 'Z').numeric().ofLength(29).map(PaymentAccountReference::new),
                        Arbitraries.of(true, false))
                        .as((s, t, term, tok, par, ok) -> ok
                                ? new TokenisationResponse(s, t, term, ResponseCode.APPROVED, Optional.of(tok), Optional.of(par))
                                : new TokenisationResponse(s, t, term, ResponseCode.INVALID_CARD, Optional.empty(), Optional.empty())));
    }
}
