package dev.portico.snapshot.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON codec of the snapshot contract. Unknown properties are ignored so an older data plane can
 * read a newer operator's snapshot; empty values are left out to keep frames small.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = builder().build();

    /** Sorted properties and map keys: the byte form that {@code contentHash} digests. */
    private static final ObjectMapper CANONICAL = builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .serializationInclusion(JsonInclude.Include.NON_EMPTY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private SnapshotJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toJson(Object value) {
        return new String(toBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String toPrettyJson(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            // where in the document, then what is wrong there: "at routes[0]: namespace is required"
            throw new SnapshotDecodingException("invalid " + type.getSimpleName() + " JSON" + at(e.getPath()) + ": "
                    + problem(e), e);
        } catch (IOException e) {
            throw new SnapshotDecodingException("invalid " + type.getSimpleName() + " JSON: " + e.getMessage(),
                    e);
        }
    }

    private static String at(List<JsonMappingException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (var step : path) {
            if (step.getFieldName() != null) {
                where.append(where.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.length() == 0 ? "" : " at " + where;
    }

    /** A record's own check (its constructor threw) says it best; otherwise Jackson's words without the location. */
    private static String problem(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (e instanceof ValueInstantiationException && cause != null
                && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    public static byte[] canonicalBytes(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
