package dev.shipshape.controller.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.model.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files that hold a target's secrets: {@code headersFile} ({@code Name: value} lines) and
 * {@code credentialsFile} (YAML {@code username}, {@code password}). Read at each delivery, so a rotated token
 * applies at once; their content never reaches a message (only the field and the path do).
 */
final class SecretFile {
    /** Headers the HTTP client sets itself, or that would change what the request is. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("connection", "content-length", "expect",
            "host", "upgrade", "transfer-encoding");

    private SecretFile() {
    }

    static Map<String, String> headers(Path file, String field) throws DeliveryException {
        Map<String, String> headers = new LinkedHashMap<>();
        String text = read(file, field);
        int n = 0;
        for (String line : text.split("\r?\n")) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new DeliveryException(field + " " + file + ": line " + n + " is not 'Name: value'; fix it (the value is"
                        + " not shown here)");
            }
            String name = l.substring(0, colon).strip();
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new DeliveryException(field + " " + file + ": line " + n + " names the header '" + name
                        + "', which cannot be set; use a header such as Authorization");
            }
            headers.put(name, l.substring(colon + 1).strip());
        }
        return headers;
    }

    /** username and password, both required. */
    static String[] credentials(Path file, String field) throws DeliveryException {
        JsonNode node;
        try {
            node = Yaml.mapper().readTree(read(file, field));
        } catch (IOException | RuntimeException e) {
            throw new DeliveryException(field + " " + file + " is not YAML; write username: ... and password: ...");
        }
        if (node == null || !node.path("username").isTextual() || !node.path("password").isValueNode()
                || node.path("password").isNull()) {
            throw new DeliveryException(field + " " + file + " needs username: and password: (strings)");
        }
        return new String[] {node.path("username").asText(), node.path("password").asText()};
    }

    private static String read(Path file, String field) throws DeliveryException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DeliveryException(field + " names " + file + ", which does not exist; create it or remove the field");
        } catch (IOException e) {
            throw new DeliveryException("cannot read " + field + " " + file + " (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
    }
}
