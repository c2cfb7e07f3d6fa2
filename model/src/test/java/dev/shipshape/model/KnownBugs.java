package dev.shipshape.model;

import org.junit.jupiter.api.Assumptions;

/**
 * Gates tests on bugs of model/src/main that make whole groups of tests meaningless. Once the bug
 * is fixed, the gated tests run by themselves; the bug itself is pinned by a @Disabled("bug: ...") test.
 */
public final class KnownBugs {
    private KnownBugs() {
    }

    record Probe(String required, String optional) {
    }

    private static final boolean OPTIONAL_FIELDS_MAY_BE_OMITTED = probe();

    private static boolean probe() {
        try {
            Yaml.read("probe.yaml", "required: x\n", Probe.class);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * bug: Yaml.newMapper() enables DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, so every
     * record component is required: a desired file without spec.source.checksum, a manifest without
     * upgradeFrom/jobs/notices, a compose service without entrypoint/user/... are all refused.
     */
    public static void assumeOptionalFieldsMayBeOmitted() {
        Assumptions.assumeTrue(OPTIONAL_FIELDS_MAY_BE_OMITTED,
                "bug: Yaml enables FAIL_ON_MISSING_CREATOR_PROPERTIES, so optional record fields are required");
    }
}
