package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.FieldException;
import dev.shipshape.model.Version;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code spec.updates}: how new releases listed in {@code spec.source.index} are taken up.
 *
 * @param policy how far from spec.version (the floor) a release may be and still be taken
 * @param mode   what happens with the newest allowed release: shown and notified, waits for an approval, or installed
 * @param check  how often the index is read at most (it is cached in .shipshape between checks)
 */
public record Updates(Policy policy, Mode mode, Duration check) {
    public static final Duration DEFAULT_CHECK = Duration.ofHours(6);

    /** Which releases a policy may pick, relative to the floor. */
    public enum Policy {
        PATCH, MINOR, MAJOR;

        /** Whether {@code candidate} is newer than {@code floor} and within this policy; pre-releases never are. */
        public boolean allows(Version floor, Version candidate) {
            if (!candidate.preRelease().isEmpty() || !floor.isOlderThan(candidate)) {
                return false;
            }
            return switch (this) {
                case MAJOR -> true;
                case MINOR -> part(floor, 0) == part(candidate, 0);
                case PATCH -> part(floor, 0) == part(candidate, 0) && part(floor, 1) == part(candidate, 1);
            };
        }

        private static int part(Version v, int i) {
            return i < v.numbers().size() ? v.numbers().get(i) : 0;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Mode {
        NOTIFY, APPROVE, AUTO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Updates {
        policy = policy == null ? Policy.MINOR : policy;
        mode = mode == null ? Mode.NOTIFY : mode;
        check = check == null ? DEFAULT_CHECK : check;
        TimeoutField.check("check", check, "6h");
    }

    @JsonCreator
    static Updates fromYaml(@JsonProperty("policy") String policy, @JsonProperty("mode") String mode,
                            @JsonProperty("check") String check) {
        return new Updates(policy == null ? null : parsePolicy(policy), mode == null ? null : parseMode(mode),
                check == null ? null : parseCheck(check));
    }

    public static Policy parsePolicy(String text) {
        try {
            if (!text.equals(text.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(text);
            }
            return Policy.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FieldException("policy", "'" + text + "' is not a policy; use patch (1.1.x only), minor (1.x)"
                    + " or major (any newer release)");
        }
    }

    public static Mode parseMode(String text) {
        try {
            if (!text.equals(text.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(text);
            }
            return Mode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FieldException("mode", "'" + text + "' is not a mode; use notify (show and tell),"
                    + " approve (wait for shipshape approve) or auto (upgrade on its own)");
        }
    }

    public static Duration parseCheck(String text) {
        return TimeoutField.parse("check", text, "6h");
    }
}
