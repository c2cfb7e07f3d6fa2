package dev.shipshape.controller.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON form of {@link ServerStatus}, shared by the status file and {@code /status}. */
public final class StatusJson {
    /** Thread-safe once configured; building a mapper is costly, so one is shared. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(instants())
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A newer controller may add fields; an older `shipshape status` should still print what it knows.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusJson() {
    }

    public static String write(ServerStatus status) {
        try {
            return MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status record could not be written as JSON", e);
        }
    }

    public static ServerStatus read(String json) throws IOException {
        return MAPPER.readValue(json, ServerStatus.class);
    }

    /**
     * ISO-8601 instants ({@code 2024-05-01T10:00:00Z}). jackson-datatype-jsr310 is not on the classpath
     * and two small adapters are cheaper than another dependency.
     */
    private static SimpleModule instants() {
        SimpleModule m = new SimpleModule("shipshape-instants");
        m.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        m.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return Instant.parse(p.getValueAsString());
                } catch (DateTimeParseException e) {
                    return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getValueAsString(),
                            "not an ISO-8601 instant");
                }
            }
        });
        return m;
    }
}
