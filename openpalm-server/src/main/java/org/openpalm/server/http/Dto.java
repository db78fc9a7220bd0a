package org.openpalm.server.http;

import java.util.List;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.Refund;

/** JSON request and response shapes (snake_case on the wire). Requests become domain values in {@link Api}. */
public final class Dto {
    private Dto() {}

    // ---- requests ----
    public record AmountIn(Long minor, String currency) {}

    public record CreateMerchantIn(String name) {}

    public record CreateStoreIn(String name) {}

    /** {@code role}: {@code reader} (default), {@code kiosk} or {@code gate}. */
    public record CreateTerminalIn(String storeId, String publicKey, String role) {}

    /** {@code items} and {@code redeem_points}: for the merchant's loyalty programme (optional). */
    public record CreatePaymentIn(AmountIn amount, String terminalId, String captureMethod, List<LoyaltyDto.ItemIn> items, Boolean redeemPoints,
                                  Integer minimumAge) {}

    public record CaptureIn(AmountIn amount) {}

    public record RefundIn(AmountIn amount) {}

    public record EmptyIn() {}

    public record CreateWebhookIn(String url) {}

    /** {@code landmarks}: the 21 hand landmarks the page found (MediaPipe Hands), optional; see {@link PalmCaptures}. */
    public record PalmIn(String palmImage, String hint, String imageKind, String palmImageNir, List<List<Double>> landmarks) {
        @Override
        public String toString() {
            return "PalmIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars, nir "
                    + (palmImageNir == null ? 0 : palmImageNir.length()) + " chars]";
        }
    }

    /**
     * {@code insights_consent} is optional (absent: false): the separate shopping-insights consent.
     * {@code palm_images_nir} (and the left/right ones) are optional: the 940 nm frame of each
     * capture, same order, judged with it for liveness. {@code left_palm_landmarks} and
     * {@code right_palm_landmarks} are optional: the hand landmarks the page found on each picture
     * (see {@link EnrolmentLandmarks}).
     */
    public record EnrolmentIn(String phone, String cardNumber, String expiry, List<String> palmImages, Boolean biometricConsent,
                              String consentTextVersion, List<String> leftPalmImages, List<String> rightPalmImages, String imageKind,
                              Boolean insightsConsent, String phoneCheckId, String phoneCode, String cvv2,
                              List<String> palmImagesNir, List<String> leftPalmImagesNir, List<String> rightPalmImagesNir,
                              List<List<List<Double>>> leftPalmLandmarks, List<List<List<Double>>> rightPalmLandmarks) {
        @Override
        public String toString() {
            return "EnrolmentIn[masked]";
        }
    }

    /** Starts an enrolment's phone check: a one-time code goes to {@code phone}. */
    public record PhoneCheckIn(String phone) {
        @Override
        public String toString() {
            return "PhoneCheckIn[masked]";
        }
    }

    public record PhoneCheckOut(String phoneCheckId, String expiresAt) {}

    // ---- responses ----
    public record AmountOut(long minor, String currency) {
        static AmountOut of(Money m) {
            return new AmountOut(m.minor(), m.currency().code());
        }
    }

    public record MerchantOut(String merchantId, String name, String apiKey) {}

    public record StoreOut(String storeId, String name) {}

    public record TerminalOut(String terminalId, String storeId, String role) {}

    public record RefundOut(String id, AmountOut amount, String createdAt) {}

    public record AuthorisationOut(String authCode, String rrn) {}

    public record DeclineOut(String code, String reason) {}

    public record PaymentOut(String id, String status, AmountOut amount, AmountOut captured, AmountOut refunded, String terminalId,
                             String customerId, String cardId, AuthorisationOut authorisation, DeclineOut decline,
                             List<RefundOut> refunds, String createdAt, String updatedAt, String captureMethod) {
        static PaymentOut of(Payment p) {
            return new PaymentOut(p.id().value(), p.status().name(), AmountOut.of(p.amount()), AmountOut.of(p.captured()),
                    AmountOut.of(p.refunded()), p.terminal().value(), p.customer().map(Object::toString).orElse(null),
                    p.card().map(Object::toString).orElse(null),
                    p.authorisation().map(a -> new AuthorisationOut(a.authCode(), a.rrn())).orElse(null),
                    p.decline().map(d -> new DeclineOut(d.code(), d.shopperReason())).orElse(null),
                    p.refunds().stream().map(Dto::refund).toList(), p.createdAt().toString(), p.updatedAt().toString(),
                    p.captureMethod().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    static RefundOut refund(Refund r) {
        return new RefundOut(r.id().value(), AmountOut.of(r.amount()), r.at().toString());
    }

    /** What the terminal shows: the result of presenting a palm. */
    /** {@code captureProblem}: with result RETAKE, the capture quality reason (e.g. FINGERS_CLOSED); its message is the shopper message. */
    /** {@code loyalty}: a member's price (original, discount, charged), when a programme priced the payment. */
    public record PalmResultOut(String result, String shopperMessage, Integer candidates, PaymentOut payment, String captureProblem,
                                LoyaltyDto.ApplicationOut loyalty) {
        PalmResultOut(String result, String shopperMessage, Integer candidates, PaymentOut payment, String captureProblem) {
            this(result, shopperMessage, candidates, payment, captureProblem, null);
        }
    }

    public record CardOut(String id, String last4, String brand) {}

    public record EnrolmentOut(String customerId, String enrolmentId, CardOut card) {}

    public record HealthOut(String status) {}

    public record WebhookOut(String id, String url, String secret) {}
}
