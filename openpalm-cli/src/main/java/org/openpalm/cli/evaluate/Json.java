package org.openpalm.cli.evaluate;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A minimal JSON writer for the report: objects keep their map's order, non-finite and empty
 * numbers are {@code null} (JSON has no NaN or infinity). Enough for flat reports; not a
 * general serializer.
 */
public final class Json {
    private Json() {}

    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        value(out, object, 0);
        return out.append('\n').toString();
    }

    private static void value(StringBuilder out, Object v, int indent) {
        switch (v) {
            case null -> out.append("null");
            case Map<?, ?> map -> object(out, map, indent);
            case java.util.List<?> list -> array(out, list, indent);
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isFinite(d) ? d.toString() : "null");
            case OptionalDouble od -> value(out, od.isPresent() ? od.getAsDouble() : null, indent);
            case Optional<?> o -> value(out, o.orElse(null), indent);
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append("  ".repeat(indent + 1));
            string(out, String.valueOf(e.getKey()));
            out.append(": ");
            value(out, e.getValue(), indent + 1);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append("  ".repeat(indent)).append('}');
    }

    private static void array(StringBuilder out, java.util.List<?> list, int indent) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            out.append("  ".repeat(indent + 1));
            value(out, list.get(i), indent + 1);
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        out.append("  ".repeat(indent)).append(']');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
