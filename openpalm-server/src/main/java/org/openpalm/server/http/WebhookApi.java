package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.service.MerchantService;

/**
 * {@code POST /v1/webhook-endpoints {url}} (merchant, Idempotency-Key): registers an endpoint; the
 * secret is in the first answer only. The URL must pass {@link WebhookTargets} (https, public
 * addresses): a 400 names {@code url} with the reason otherwise.
 */
public final class WebhookApi {
    private final Api api;
    private final MerchantService merchants;
    private final WebhookTargets targets;

    public WebhookApi(Api api, MerchantService merchants, WebhookTargets targets) {
        this.api = api;
        this.merchants = merchants;
        this.targets = targets;
    }

    public void routes(JavalinConfig config) {
        config.routes.post("/v1/webhook-endpoints", ctx -> {
            Merchant m = api.merchant(ctx);
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, m.id().value(), body, () -> {
                String url = Api.requireText("url", Json.read(body, Dto.CreateWebhookIn.class).url(), 2000);
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    throw Problem.invalid("url", "is not a URL");
                }
                if (targets.check(uri) instanceof WebhookTargets.Verdict.Refused refused) throw Problem.invalid("url", refused.reason());
                var endpoint = merchants.addWebhookEndpoint(m.id(), uri, Instant.now());
                return new StoredResponse(201, Json.write(new Dto.WebhookOut(endpoint.id().value(), url, endpoint.secret().reveal())));
            });
        });
    }
}
