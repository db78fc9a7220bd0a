package org.openpalm.store;

import java.time.Instant;
import java.util.List;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.ApiKeyHash;
import org.openpalm.payments.merchant.ApiKeyInfo;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.MerchantDirectory;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalPublicKey;

final class JdbcMerchantDirectory implements MerchantDirectory {
    private final JdbcTransactor tx;

    JdbcMerchantDirectory(JdbcTransactor tx) {
        this.tx = tx;
    }

    @Override
    public List<Merchant> merchants() {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, name FROM merchants ORDER BY name, id")) {
                return Sql.list(ps, rs -> new Merchant(new MerchantId(rs.getString("id")), rs.getString("name")));
            }
        });
    }

    @Override
    public List<Store> storesOf(MerchantId merchant) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, merchant_id, name FROM stores WHERE merchant_id = ? ORDER BY name, id")) {
                Sql.bind(ps, merchant.value());
                return Sql.list(ps, rs -> new Store(new StoreId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")), rs.getString("name")));
            }
        });
    }

    @Override
    public List<Terminal> terminalsOf(MerchantId merchant) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, merchant_id, store_id, public_key, role FROM terminals WHERE merchant_id = ? ORDER BY store_id, id")) {
                Sql.bind(ps, merchant.value());
                return Sql.list(ps, rs -> new Terminal(new TerminalId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")),
                        new StoreId(rs.getString("store_id")), new TerminalPublicKey(rs.getBytes("public_key")),
                        JdbcMerchantRepository.role(rs.getString("role"))));
            }
        });
    }

    @Override
    public List<ApiKeyInfo> apiKeysOf(MerchantId merchant) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT key_hash, display_prefix, created_at, revoked_at FROM api_keys WHERE merchant_id = ? "
                    + "ORDER BY created_at DESC, key_hash")) {
                Sql.bind(ps, merchant.value());
                return Sql.list(ps, rs -> new ApiKeyInfo(ApiKeyInfo.idOf(new ApiKeyHash(rs.getString("key_hash"))),
                        Sql.optionalString(rs, "display_prefix"), Sql.instant(rs, "created_at"), Sql.optionalInstant(rs, "revoked_at")));
            }
        });
    }

    @Override
    public void addApiKey(MerchantId merchant, ApiKeyHash hash, String displayPrefix, Instant createdAt) {
        tx.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO api_keys (key_hash, merchant_id, display_prefix, created_at) VALUES (?, ?, ?, ?)")) {
                Sql.bind(ps, hash.hex(), merchant.value(), displayPrefix, createdAt);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean revokeApiKey(MerchantId merchant, String keyId, Instant at) {
        if (!ApiKeyInfo.isWellFormedId(keyId)) return false;
        String hashPrefix = keyId.substring(ApiKeyInfo.ID_PREFIX.length());
        return tx.run(c -> {
            try (var ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE merchant_id = ? AND key_hash LIKE ? AND revoked_at IS NULL")) {
                Sql.bind(ps, at, merchant.value(), hashPrefix + "%");
                return ps.executeUpdate() == 1;
            }
        });
    }
}
