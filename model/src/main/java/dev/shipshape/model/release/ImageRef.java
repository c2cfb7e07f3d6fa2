package dev.shipshape.model.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An image reference {@code [registry/]repository[:tag][@sha256:digest]}, as Docker parses it. */
public record ImageRef(String repository, String tag, String digest) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+|/)[a-z0-9]+)*");

    public ImageRef {
        if (repository == null || repository.isBlank()) {
            throw new IllegalArgumentException("an image reference needs a repository, e.g. registry.example.com/product/web:1.0.0");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("'" + digest + "' is not an image digest (sha256: and 64 hex digits)");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    @JsonCreator
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + text + "' is not an image reference");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + text + "' has an invalid tag (letters, digits, '_', '.', '-', at most 128)");
            }
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an image reference (repository names are lower case)");
        }
        return new ImageRef(rest, tag, digest);
    }

    /** The reference a pull asks for: by digest when there is one, so what runs is exactly what was pinned. */
    public String pullReference() {
        return digest != null ? repository + "@" + digest : repository + ":" + tag;
    }

    /** The name:tag Docker lists the image under after a pull by tag. */
    public String taggedName() {
        return repository + ":" + (tag == null ? "latest" : tag);
    }

    public ImageRef withoutDigest() {
        return new ImageRef(repository, tag, null);
    }

    @JsonValue
    @Override
    public String toString() {
        return repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
