package org.openpalm.server.http;

import io.javalin.config.JavalinConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.openpalm.payments.idempotency.StoredResponse;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.TerminalPublicKey;
import org.openpalm.payments.merchant.TerminalRole;
import org.openpalm.payments.service.BackofficeService;
import org.openpalm.payments.service.MerchantService;

/**
 * The operator console's API (bearer admin token), beside {@code POST /admin/v1/merchants}:
 * <ul>
 *   <li>{@code GET /admin/v1/merchants}, {@code GET /admin/v1/merchants/{id}} (with stores and terminals);
 *   <li>{@code POST /admin/v1/merchants/{id}/stores};
 *   <li>{@code POST /admin/v1/merchants/{id}/terminals {store_id, role?}}: the server makes the terminal's Ed25519 key
 *       pair, keeps the public key and returns the private key once, with the path of the page its
 *       role runs (reader or gate: the reader page; kiosk: the kiosk page) whose URL fragment
 *       carries the credentials (a fragment never reaches a server).
 * </ul>
 */
public final class AdminApi {
    private final Api api;
    private final BackofficeService backoffice;
    private final MerchantService merchants;

    public AdminApi(Api api, BackofficeService backoffice, MerchantService merchants) {
        this.api = api;
        this.backoffice = backoffice;
        this.merchants = merchants;
    }

    public record MerchantItemOut(String merchantId, String name) {}

    public record MerchantListOut(List<MerchantItemOut> merchants) {}

    public record MerchantDetailOut(String merchantId, String name, List<Dto.StoreOut> stores, List<Dto.TerminalOut> terminals) {}

    /** {@code role}: {@code reader} (default), {@code kiosk} or {@code gate}. */
    public record CreateAdminTerminalIn(String storeId, String role) {}

    /**
     * The private key (PKCS#8, base64) and the page paths carrying it are in the first answer only:
     * a replay of the request (same Idempotency-Key) answers without them. The server keeps only the public key.
     */
    public record NewTerminalOut(String terminalId, String storeId, String role, String publicKey, String privateKey, String readerPath, String kioskPath) {
        @Override
        public String toString() {
            return "NewTerminalOut[" + terminalId + ", private key masked]";
        }
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;

        r.get("/admin/v1/merchants", ctx -> {
            api.requireAdmin(ctx);
            QueryParams.of(ctx, Set.of());
            Api.json(ctx, 200, new MerchantListOut(backoffice.merchants().stream()
                    .map(m -> new MerchantItemOut(m.id().value(), m.name())).toList()));
        });

        r.get("/admin/v1/merchants/{id}", ctx -> {
            api.requireAdmin(ctx);
            Merchant m = merchant(ctx.pathParam("id"));
            Api.json(ctx, 200, new MerchantDetailOut(m.id().value(), m.name(),
                    backoffice.stores(m.id()).stream().map(s -> new Dto.StoreOut(s.id().value(), s.name())).toList(),
                    backoffice.terminals(m.id()).stream().map(t -> new Dto.TerminalOut(t.id().value(), t.store().value(), t.role().wireName())).toList()));
        });

        r.post("/admin/v1/merchants/{id}/stores", ctx -> {
            api.requireAdmin(ctx);
            Merchant m = merchant(ctx.pathParam("id"));
            byte[] body = ctx.bodyAsBytes();
            api.mutateAtomically(ctx, "admin", body, () -> {
                String name = Api.requireText("name", Json.read(body, Dto.CreateStoreIn.class).name(), 200);
                var store = merchants.addStore(m.id(), name).orElseThrow();
                return new StoredResponse(201, Json.write(new Dto.StoreOut(store.id().value(), store.name())));
            });
        });

        r.post("/admin/v1/merchants/{id}/terminals", ctx -> {
            api.requireAdmin(ctx);
            Merchant m = merchant(ctx.pathParam("id"));
            byte[] body = ctx.bodyAsBytes();
            // The stored (replayable) response leaves the private key out; only this first answer carries it.
            AtomicReference<String> shownOnce = new AtomicReference<>();
            api.mutateAtomically(ctx, "admin", body, () -> {
                CreateAdminTerminalIn in = Json.read(body, CreateAdminTerminalIn.class);
                StoreId store = StoreId.parse(in.storeId()).orElseThrow(() -> Problem.invalid("store_id", "is not a store id"));
                TerminalRole role = Api.terminalRole(in.role());
                KeyPair pair = ed25519();
                return merchants.addTerminal(m.id(), store, new TerminalPublicKey(pair.getPublic().getEncoded()), role)
                        .map(t -> {
                            String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
                            String privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
                            String fragment = "#terminal=" + t.id().value() + "&key=" + URLEncoder.encode(privateKey, StandardCharsets.UTF_8);
                            // the page the terminal's role runs: a kiosk enrols, a reader or gate takes palms
                            boolean kiosk = role == TerminalRole.KIOSK;
                            shownOnce.set(Json.write(new NewTerminalOut(t.id().value(), store.value(), role.wireName(), publicKey, privateKey,
                                    kiosk ? null : "/reader.html" + fragment, kiosk ? "/kiosk.html" + fragment : null)));
                            return new StoredResponse(201, Json.write(new NewTerminalOut(t.id().value(), store.value(), role.wireName(), publicKey, null, null, null)));
                        })
                        .orElseGet(() -> Api.problemResponse(Problem.invalid("store_id", "is not one of this merchant's stores")));
            });
            if (shownOnce.get() != null) ctx.result(shownOnce.get());
        });
    }

    private Merchant merchant(String id) {
        return MerchantId.parse(id).flatMap(backoffice::merchant)
                .orElseThrow(() -> Problem.of(404, "not-found", "Not found", "no such merchant"));
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 missing from the JDK", e);
        }
    }
}
