package dev.shipshape.model;

/**
 * Input a user or a vendor wrote is wrong. The message always names the file, and where the
 * parser knows them, the line, column and field, followed by what to do about it.
 */
public class InvalidInputException extends ShipshapeException {
    private final String file;
    private final int line;
    private final int column;
    private final String field;

    public InvalidInputException(String file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    /**
     * For subclasses that format several problems into one message: {@code line}, {@code column}, {@code field}
     * and {@code problem} describe the first, {@code message} is the whole text.
     */
    protected InvalidInputException(String file, int line, int column, String field, String problem, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    public InvalidInputException(String file, String field, String problem) {
        this(file, 0, 0, field, problem);
    }

    private static String format(String file, int line, int column, String field, String problem) {
        return new Problem(line, column, field, problem).format(file);
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    public String field() { return field; }
}
