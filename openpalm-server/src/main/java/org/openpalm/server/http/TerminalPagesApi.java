package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.service.BackofficeService;

/**
 * What the browser terminals (palm reader, enrolment kiosk) need besides paying and enrolling,
 * signed like every terminal call (see {@link TerminalAuth}):
 * <ul>
 *   <li>{@code GET /terminal/v1/payments/pending?wait_seconds=N}: the payment the till created on
 *       this terminal that waits for a palm (200), or none (204) after waiting up to N seconds (long poll);
 *   <li>{@code POST /terminal/v1/captures/check}: is this capture usable? Writes nothing.
 * </ul>
 */
public final class TerminalPagesApi {
    private final Api api;
    private final BackofficeService backoffice;
    private final WebApiConfig tuning;

    public TerminalPagesApi(Api api, BackofficeService backoffice, WebApiConfig tuning) {
        this.api = api;
        this.backoffice = backoffice;
        this.tuning = tuning;
    }

    public record PendingOut(Dto.PaymentOut payment) {}

    /** {@code landmarks}: the 21 hand landmarks the page found (MediaPipe Hands), optional; see {@link PalmCaptures}. */
    public record CaptureCheckIn(String palmImage, String imageKind, List<List<Double>> landmarks) {
        @Override
        public String toString() {
            return "CaptureCheckIn[image " + (palmImage == null ? 0 : palmImage.length()) + " chars]";
        }
    }

    /** {@code accepted}, or the reason and the instruction to show; {@code hand_side} when the whole hand was seen. */
    public record CaptureCheckOut(boolean accepted, String reason, String shopperMessage, String handSide) {}

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.get("/terminal/v1/payments/pending", ctx -> {
            Terminal t = api.terminal(ctx, ctx.bodyAsBytes());
            int waitSeconds = QueryParams.of(ctx, Set.of("wait_seconds")).integer("wait_seconds", 0, tuning.longPollMaxSeconds(), 0);
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            Optional<Payment> pending = backoffice.awaitingPalm(t.id());
            // virtual threads: a sleeping long poll holds no platform thread
            while (pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(tuning.longPollIntervalMillis());
                pending = backoffice.awaitingPalm(t.id());
            }
            if (pending.isPresent()) Api.json(ctx, 200, new PendingOut(Dto.PaymentOut.of(pending.get())));
            else ctx.status(204);
        });

        r.post("/terminal/v1/captures/check", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            api.terminal(ctx, body);
            CaptureCheckIn in = Json.read(body, CaptureCheckIn.class);
            PalmCaptures.ImageKind kind = PalmCaptures.ImageKind.parse("image_kind", Optional.ofNullable(in.imageKind()));
            CaptureCheckOut out = switch (api.captures().check("palm_image", Api.base64("palm_image", in.palmImage()), kind,
                    "landmarks", Optional.ofNullable(in.landmarks()))) {
                case PalmCaptures.Checked.Usable u -> new CaptureCheckOut(true, null, "Good capture", u.side().map(Enum::name).orElse(null));
                case PalmCaptures.Checked.Retake k -> new CaptureCheckOut(false, k.reason().name(), k.reason().message(), null);
            };
            Api.json(ctx, 200, out);
        });
    }
}
