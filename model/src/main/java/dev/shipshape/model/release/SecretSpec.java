package dev.shipshape.model.release;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.regex.Pattern;

/** A secret the release needs, generated once into generated-secret.yaml when missing. */
public record SecretSpec(@JsonProperty(required = true) String key,
                         @JsonProperty(required = true) SecretType type,
                         Integer length) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public SecretSpec {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a secret key; use dotted names like db.password");
        }
        if (length == null) {
            length = 32;
        }
        if (length < 8 || length > 1024) {
            throw new IllegalArgumentException("length of secret '" + key + "' must be between 8 and 1024");
        }
    }

    public String[] path() {
        return key.split("\\.");
    }
}
