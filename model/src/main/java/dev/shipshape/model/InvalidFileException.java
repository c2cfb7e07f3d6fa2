package dev.shipshape.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found in one input file, reported at once so a user fixes them in one go. The
 * message has one line per problem, {@code file:line:col: field: what is wrong; what to do}, in
 * the order they appear in the file. {@link #line()}, {@link #column()} and {@link #field()} are
 * those of the first problem, so callers that show one position still show a real one.
 */
public class InvalidFileException extends InvalidInputException {
    private final List<Problem> problems;

    public InvalidFileException(String file, List<Problem> problems) {
        super(file, first(problems).line(), first(problems).column(), first(problems).field(), first(problems).message(),
                problems.stream().map(p -> p.format(file)).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    private static Problem first(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidFileException needs at least one problem");
        }
        return problems.get(0);
    }

    /** Every problem, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
