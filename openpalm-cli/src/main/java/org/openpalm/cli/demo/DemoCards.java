package org.openpalm.cli.demo;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.Luhn;
import org.openpalm.iso8583.Money;
import org.openpalm.iso8583.sim.AccountConfig;
import org.openpalm.iso8583.sim.CardStatus;
import org.openpalm.iso8583.sim.IssuerConfig;
import org.openpalm.iso8583.sim.SimConfig;

/**
 * The demo's card network: the simulator's built-in test cards plus one card per demo customer at
 * a "demo-bank" issuer. The network token is unique per card, so every enrolled customer needs a
 * card of their own. Card numbers depend only on their index, so a later run of the demo starts a
 * simulator that knows the cards (and issues the same tokens) as the run that seeded the data.
 */
public final class DemoCards {
    /** 4000 0012 + 7 digits of index + the Luhn check digit: a 16-digit Visa-range test number. */
    private static final String PREFIX = "40000012";
    private static final long BALANCE_MINOR = 100_000_000;
    private static final long PER_TRANSACTION_LIMIT_MINOR = 500_000;

    private DemoCards() {}

    /** Card number {@code index} (0 or more) of the demo bank. */
    public static String number(int index) {
        if (index < 0 || index > 9_999_999) throw new IllegalArgumentException("card index out of range: " + index);
        String body = PREFIX + String.format("%07d", index);
        return body + Luhn.checkDigit(body);
    }

    /** The CVV2 of demo card {@code index}: the last three digits of its number, as for every test card. */
    public static String cvv2(int index) {
        return AccountConfig.testSecurityCodeOf(new CardNumber(number(index))).digits();
    }

    /** The simulator configuration: test cards and {@code cards} demo-bank cards valid until {@code expiry}. */
    public static SimConfig simConfig(int port, int cards, YearMonth expiry) {
        SimConfig testCards = SimConfig.testCards(port);
        List<AccountConfig> accounts = new ArrayList<>();
        for (int i = 0; i < cards; i++) {
            accounts.add(new AccountConfig(new CardNumber(number(i)), expiry, Money.of(BALANCE_MINOR, "EUR"),
                    PER_TRANSACTION_LIMIT_MINOR, CardStatus.ACTIVE));
        }
        List<IssuerConfig> issuers = new ArrayList<>(testCards.issuers());
        issuers.add(new IssuerConfig("demo-bank", true, 0, 0, 0, accounts));
        return new SimConfig(port, testCards.randomSeed(), issuers);
    }
}
