package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.regex.Pattern;

public record Metadata(@JsonProperty(required = true) String name) {
    /** Docker compose's own rule for project names, so `docker compose -p NAME` works on ours. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public Metadata {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new dev.shipshape.model.FieldException("name", "'" + name + "' is not a valid project name: use lower-case letters, digits,"
                    + " '-' and '_', starting with a letter or digit, at most 63 characters");
        }
    }
}
