package org.openpalm.payments.card;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.Validated;

class CardNumberTest {
    @Test
    void acceptsLuhnValidNumbersAndMasksThem() {
        Validated<CardNumber> parsed = CardNumber.parse("4111 1111 1111 1111");
        assertThat(parsed).isInstanceOfSatisfying(Validated.Valid.class, v -> {
            CardNumber n = (CardNumber) v.value();
            assertThat(n.toString()).isEqualTo("CardNumber[****1111]").doesNotContain("411111");
            assertThat(n.brand()).isEqualTo(CardBrand.VISA);
            assertThat(n.last4()).isEqualTo("1111");
        });
        assertThat(CardNumber.parse("5555555555554444")).isInstanceOf(Validated.Valid.class);
    }

    @Test
    void refusesBadNumbersWithAReason() {
        assertThat(CardNumber.parse("4111111111111112")).isEqualTo(Validated.invalid("fails the Luhn check"));
        assertThat(CardNumber.parse("4111")).isEqualTo(Validated.invalid("must be 12 to 19 digits"));
        assertThat(CardNumber.parse("4111x11111111111")).isInstanceOf(Validated.Invalid.class);
        assertThat(CardNumber.parse(null)).isInstanceOf(Validated.Invalid.class);
    }

    @Property
    void changingOneDigitBreaksTheLuhnCheck(@ForAll @NumericChars @StringLength(min = 11, max = 18) String body,
                                            @ForAll @IntRange(min = 0, max = 17) int position, @ForAll @IntRange(min = 1, max = 9) int delta) {
        String valid = null;
        for (int c = 0; c < 10; c++) if (CardNumber.luhnValid(body + c)) valid = body + c;
        assertThat(valid).isNotNull();
        int p = position % valid.length();
        char changed = (char) ('0' + (valid.charAt(p) - '0' + delta) % 10);
        String broken = valid.substring(0, p) + changed + valid.substring(p + 1);
        assertThat(CardNumber.luhnValid(broken)).isFalse();
    }
}
