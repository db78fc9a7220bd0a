package org.openpalm.server.http;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.CardSecurityCode;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.PhoneCheckId;
import org.openpalm.payments.portal.OneTimeCode;

/**
 * The customer's fields that the kiosk enrolment and the phone pre-enrolment validate alike (phone and its
 * one-time code, card with expiry and CVV2, consent). The palm images differ per route and stay there. Each
 * value is empty when its field was bad, the reason then being in the caller's error list, so that one
 * problem names every bad field at once.
 */
record EnrolmentFields(Optional<PhoneNumber> phone, Optional<PhoneCheckId> phoneCheck, Optional<OneTimeCode> phoneCode,
        Optional<CardSecurityCode> cvv2, Optional<CardNumber> card, Optional<Expiry> expiry, String consentVersion) {

    /** @param phoneChecksRoute the route that hands out phone_check_id on this side, named in its error */
    static EnrolmentFields collect(String phone, String phoneCheckId, String phoneCode, String cvv2, String cardNumber, String expiry,
            Boolean biometricConsent, String consentTextVersion, String phoneChecksRoute, List<Problem.FieldError> errors) {
        Optional<PhoneNumber> validPhone = Api.collect("phone", PhoneNumber.parse(phone), errors);
        Optional<PhoneCheckId> phoneCheck = PhoneCheckId.parse(phoneCheckId);
        if (phoneCheck.isEmpty()) errors.add(new Problem.FieldError("phone_check_id", "is required (from " + phoneChecksRoute + ")"));
        Optional<OneTimeCode> code = OneTimeCode.parse(phoneCode);
        if (code.isEmpty()) errors.add(new Problem.FieldError("phone_code", "must be the 6-digit code sent to the phone"));
        Optional<CardSecurityCode> validCvv2 = Api.collect("cvv2", CardSecurityCode.parse(cvv2), errors);
        Optional<CardNumber> card = Api.collect("card_number", CardNumber.parse(cardNumber), errors);
        Optional<Expiry> validExpiry = Api.collect("expiry", Expiry.parse(expiry), errors);
        if (validExpiry.isPresent() && validExpiry.get().expiredAt(YearMonth.now())) errors.add(new Problem.FieldError("expiry", "is in the past"));
        if (biometricConsent == null) errors.add(new Problem.FieldError("biometric_consent", "is required"));
        String consentVersion = consentTextVersion == null ? "" : consentTextVersion;
        if (consentVersion.isBlank() || consentVersion.length() > 40) errors.add(new Problem.FieldError("consent_text_version", "is required (1 to 40 characters)"));
        return new EnrolmentFields(validPhone, phoneCheck, code, validCvv2, card, validExpiry, consentVersion);
    }
}
