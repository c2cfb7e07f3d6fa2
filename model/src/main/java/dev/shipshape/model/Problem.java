package dev.shipshape.model;

/**
 * One thing wrong with an input file, where it is and what to do about it.
 *
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param field   the dotted path of the field ({@code spec.rollout.window.days[1]}), or null for the whole file
 * @param message what is wrong; what to do
 */
public record Problem(int line, int column, String field, String message) implements Comparable<Problem> {

    /** {@code file:line:col: field: message}, leaving out what is unknown. */
    public String format(String file) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public int compareTo(Problem o) {
        int c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }
}
