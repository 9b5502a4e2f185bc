package io.qscale.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.qscale.rules.policy.Clamp;
import java.io.IOException;
import java.util.Locale;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The one JSON mapper of qscale: java.time values as ISO-8601 text ("2026-11-30T10:00:00Z",
 * "PT3S"), Optional as its value or null. Thread-safe: configured once and only read.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(rulesModule())
            .registerModule(new Jdk8Module())
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /** The rules' closed sets as their wire names ("cooldown"), as records have always stored them. */
    private static SimpleModule rulesModule() {
        SimpleModule module = new SimpleModule("qscale-rules");
        module.addSerializer(Clamp.Kind.class, new StdSerializer<>(Clamp.Kind.class) {
            @Override
            public void serialize(Clamp.Kind kind, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(kind.wire());
            }
        });
        module.addDeserializer(Clamp.Kind.class, new StdDeserializer<>(Clamp.Kind.class) {
            @Override
            public Clamp.Kind deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return Clamp.Kind.valueOf(parser.getValueAsString().toUpperCase(Locale.ROOT));
            }
        });
        return module;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Encodes a value; qscale only encodes its own types, so a failure is a bug. */
    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The {@code id} of a JSON object with a string id; empty for anything else (foreign or malformed items). */
    public static Optional<String> idOf(String json) {
        try {
            JsonNode id = MAPPER.readTree(json).path("id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
