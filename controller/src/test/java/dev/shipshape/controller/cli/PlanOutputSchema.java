package dev.shipshape.controller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** schema/plan-output.schema.json, as the jar ships it, for tests of {@code plan --output json}. */
public final class PlanOutputSchema {
    private static final Schema SCHEMA = load();

    private PlanOutputSchema() {
    }

    private static Schema load() {
        try (InputStream in = PlanOutputSchema.class.getResourceAsStream("/dev/shipshape/schema/plan-output.schema.json")) {
            assertThat(in).as("plan-output.schema.json is packaged").isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about {@code json}; empty when it conforms. */
    public static List<String> errors(String json) {
        try {
            return SCHEMA.validate(new ObjectMapper().readTree(json)).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming every violation when {@code json} does not conform. */
    public static void assertConforms(String json) {
        assertThat(errors(json)).as("plan --output json conforms to plan-output.schema.json:%n%s", json).isEmpty();
    }
}
