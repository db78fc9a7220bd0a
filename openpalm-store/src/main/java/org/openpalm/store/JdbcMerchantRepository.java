package org.openpalm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.StoreId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.merchant.ApiKeyHash;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.MerchantRepository;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.merchant.TerminalPublicKey;

final class JdbcMerchantRepository implements MerchantRepository {
    private final JdbcTransactor tx;

    JdbcMerchantRepository(JdbcTransactor tx) {
        this.tx = tx;
    }

    private void update(String sql, Object... params) {
        tx.run(c -> {
            try (var ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void saveMerchant(Merchant m) {
        update("INSERT INTO merchants (id, name) VALUES (?, ?)", m.id().value(), m.name());
    }

    @Override
    public void saveStore(Store s) {
        update("INSERT INTO stores (id, merchant_id, name) VALUES (?, ?, ?)", s.id().value(), s.merchant().value(), s.name());
    }

    @Override
    public void saveTerminal(Terminal t) {
        update("INSERT INTO terminals (id, merchant_id, store_id, public_key, role) VALUES (?, ?, ?, ?, ?)",
                t.id().value(), t.merchant().value(), t.store().value(), t.publicKey().encoded(), t.role().wireName());
    }

    @Override
    public void saveApiKey(MerchantId merchant, ApiKeyHash hash) {
        update("INSERT INTO api_keys (key_hash, merchant_id) VALUES (?, ?)", hash.hex(), merchant.value());
    }

    /** The stored role; the column's CHECK constraint admits only known roles. */
    static org.openpalm.payments.merchant.TerminalRole role(String stored) {
        return org.openpalm.payments.merchant.TerminalRole.parse(stored)
                .orElseThrow(() -> new StoreException("unknown terminal role in the database: " + stored, null));
    }

    private static Merchant merchant(ResultSet rs) throws SQLException {
        return new Merchant(new MerchantId(rs.getString("id")), rs.getString("name"));
    }

    @Override
    public Optional<Merchant> findMerchant(MerchantId id) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, name FROM merchants WHERE id = ?")) {
                Sql.bind(ps, id.value());
                return Sql.one(ps, JdbcMerchantRepository::merchant);
            }
        });
    }

    @Override
    public Optional<Store> findStore(StoreId id) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, merchant_id, name FROM stores WHERE id = ?")) {
                Sql.bind(ps, id.value());
                return Sql.one(ps, rs -> new Store(new StoreId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")), rs.getString("name")));
            }
        });
    }

    @Override
    public Optional<Terminal> findTerminal(TerminalId id) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT id, merchant_id, store_id, public_key, role FROM terminals WHERE id = ?")) {
                Sql.bind(ps, id.value());
                return Sql.one(ps, rs -> new Terminal(new TerminalId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")),
                        new StoreId(rs.getString("store_id")), new TerminalPublicKey(rs.getBytes("public_key")),
                        JdbcMerchantRepository.role(rs.getString("role"))));
            }
        });
    }

    @Override
    public Optional<Merchant> findMerchantByApiKey(ApiKeyHash hash) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT m.id, m.name FROM api_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_hash = ? AND k.revoked_at IS NULL")) {
                Sql.bind(ps, hash.hex());
                return Sql.one(ps, JdbcMerchantRepository::merchant);
            }
        });
    }
}
