package org.openpalm.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JSON at the edge: snake_case, strict (unknown fields, nulls for primitives, trailing tokens and
 * floats for integers all refused). Parse errors become problems naming the field, never echoing
 * the input.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) throw Problem.invalid("body", "a JSON object is required");
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw Problem.invalid(path(e), "is not a known field");
        } catch (InputCoercionException e) {
            throw Problem.invalid(path(e), "is out of range");
        } catch (JsonMappingException e) {
            String field = path(e);
            Throwable cause = e.getCause();
            if (cause instanceof Problem p) throw p;
            if (cause instanceof InputCoercionException || String.valueOf(e.getOriginalMessage()).contains("out of range")) {
                throw Problem.invalid(field.isEmpty() ? "body" : field, "is out of range");
            }
            if (cause instanceof StreamReadException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw Problem.invalid("body", "is not well-formed JSON");
            }
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                throw Problem.invalid(field.isEmpty() ? "body" : field, "is missing or invalid");
            }
            throw Problem.invalid(field.isEmpty() ? "body" : field, "has the wrong type or is missing");
        } catch (StreamReadException e) {
            String field = path(e);
            throw Problem.invalid(field.isEmpty() ? "body" : field, "is not well-formed JSON");
        } catch (IOException e) {
            throw Problem.invalid("body", "could not be read");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String path(StreamReadException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) return "";
        Deque<String> names = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) names.push(c.getCurrentName());
            else if (c.inArray()) names.push("[" + c.getCurrentIndex() + "]");
        }
        return String.join(".", names).replace(".[", "[");
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialised", e);
        }
    }
}
