package org.openpalm.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.openpalm.payments.customer.PhoneNumber;

/**
 * Phone numbers at rest: sealed with AES-256-GCM under the current data key (as templates are),
 * bound to their row by the customer id as associated data, and found by a keyed hash
 * (HMAC-SHA-256 under the separate {@link LookupKey}), so no table holds a number in plain and a
 * leaked hash cannot be tested against the few billion possible numbers without the key.
 */
final class PhoneNumberCipher {
    private final TemplateCipher cipher;
    private final LookupKey lookup;

    PhoneNumberCipher(TemplateCipher cipher, LookupKey lookup) {
        this.cipher = cipher;
        this.lookup = lookup;
    }

    /** The look-up hash of {@code phone}: 64 hex characters. */
    String lookupHash(PhoneNumber phone) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookup.key());
            return HexFormat.of().formatHex(mac.doFinal(("phone:" + phone.e164()).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 failed", e);
        }
    }

    TemplateCipher.Sealed seal(PhoneNumber phone, String customerId) {
        return cipher.seal(phone.e164().getBytes(StandardCharsets.UTF_8), associatedData(customerId));
    }

    PhoneNumber open(TemplateCipher.Sealed sealed, String customerId) {
        return new PhoneNumber(new String(cipher.open(sealed, associatedData(customerId)), StandardCharsets.UTF_8));
    }

    private static String associatedData(String customerId) {
        return "customer-phone:" + customerId;
    }
}
