package org.openpalm.payments.service;

import org.openpalm.payments.payment.Payment;

/** The result of a payment operation, for the API to render. */
public sealed interface PaymentOutcome {
    /** The operation applied; the payment in its new state (AUTHORISED, CAPTURED, VOIDED, ...). */
    record Done(Payment payment) implements PaymentOutcome {}

    record Declined(Payment payment) implements PaymentOutcome {}

    record HintNeeded(Payment payment, int candidates) implements PaymentOutcome {}

    /** No enrolled palm matched; the payment still awaits a palm (capture again, or void). */
    record NotRecognised(Payment payment) implements PaymentOutcome {}

    /** The state machine refused: the reason says why. Nothing changed. */
    record Refused(Payment payment, String reason) implements PaymentOutcome {}

    /** The card network did not answer or refused to; nothing changed, retry later. */
    record NetworkUnavailable(Payment payment, String reason) implements PaymentOutcome {}

    /** Too many requests in flight; nothing changed, retry later. */
    record Busy() implements PaymentOutcome {}

    record NotFound() implements PaymentOutcome {}
}
