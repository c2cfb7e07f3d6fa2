package dev.shipshape.model;

/**
 * A record refused one of its fields. Thrown from record constructors so that the error names the
 * field itself ({@code spec.source.url}), not only the mapping that holds it.
 */
public class FieldException extends IllegalArgumentException {
    private final String field;

    public FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
