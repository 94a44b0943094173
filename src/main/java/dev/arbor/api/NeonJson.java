package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.arbor.domain.ArborException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one JSON configuration for the Neon API, used by the server and the client alike: snake_case
 * names, nulls left out, unknown fields ignored (Neon adds fields over time), RFC 3339 timestamps, and
 * strict scalar types so that {@code "protected": "yes"} or {@code "name": 5} is refused instead of coerced.
 */
public final class NeonJson {
    private static final ObjectMapper MAPPER = build();

    private NeonJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; copy it if you need something else. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Formats an instant as RFC 3339 in UTC; fractional seconds appear only when present, so values round-trip. */
    public static String formatInstant(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /**
     * Formats an instant for a request field Neon documents as RFC 3339 "with precision up to seconds"
     * ({@code expires_at}): the fraction is dropped, so a preset such as "in 7 days" computed from the clock
     * is sent as {@code 2026-12-02T23:16:41Z}, not with nanoseconds.
     */
    public static String formatToSecond(Instant t) {
        return formatInstant(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * Parses an RFC 3339 timestamp with a zone ({@code Z} or an offset), fractional seconds allowed.
     * {@code field} names the input in the sentence a person sees when it is malformed.
     */
    public static Instant parseInstant(String text, String field) {
        if (text == null) {
            throw ArborException.invalid("INVALID_TIMESTAMP", field + " needs an RFC 3339 timestamp such as 2025-01-15T10:30:00Z.");
        }
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ArborException.invalid("INVALID_TIMESTAMP", "\"" + text + "\" in " + field
                    + " is not an RFC 3339 timestamp with a time zone, such as 2025-01-15T10:30:00Z.");
        }
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(timeModule())
                .build();
        // Numbers and booleans where text belongs are a client bug worth reporting, not silently stringified.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private static SimpleModule timeModule() {
        SimpleModule module = new SimpleModule("neon-time");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(formatInstant(value));
            }
        });
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                String text = p.getText();
                try {
                    return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 timestamp");
                }
            }
        });
        return module;
    }
}
