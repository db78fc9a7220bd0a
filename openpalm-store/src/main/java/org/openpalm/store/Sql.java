package org.openpalm.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers shared by the repositories. */
final class Sql {
    private Sql() {}

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i] instanceof Optional<?> o ? o.orElse(null) : params[i];
            int index = i + 1;
            // parameter values are an open set of JDK types, so an instanceof chain rather than a switch
            if (p == null) ps.setNull(index, Types.NULL);
            else if (p instanceof Instant t) ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            else if (p instanceof String s) ps.setString(index, s);
            else if (p instanceof Long l) ps.setLong(index, l);
            else if (p instanceof Integer n) ps.setInt(index, n);
            else if (p instanceof Boolean b) ps.setBoolean(index, b);
            else if (p instanceof byte[] b) ps.setBytes(index, b);
            else if (p instanceof java.time.LocalDate d) ps.setObject(index, d);
            else throw new IllegalArgumentException("unsupported SQL parameter type " + p.getClass().getName());
        }
    }

    static <T> List<T> list(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        }
    }

    static <T> Optional<T> one(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
        List<T> rows = list(ps, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
