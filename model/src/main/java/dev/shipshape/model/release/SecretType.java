package dev.shipshape.model.release;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SecretType {
    /** letters and digits, {@code length} characters */
    @JsonProperty("password") PASSWORD,
    /** hex digits, {@code length} characters */
    @JsonProperty("hex") HEX,
    /** base64 of {@code length} random bytes */
    @JsonProperty("base64") BASE64
}
