package dev.shipshape.model.desired;

import dev.shipshape.model.Problem;
import dev.shipshape.model.YamlTree.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The problems one check of a desired file has found so far, in the order they were found. */
final class ProblemList {
    private final List<Problem> problems = new ArrayList<>();

    void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    void add(Node at, String field, String message) {
        add(at.line(), at.column(), field, message);
    }

    void add(int line, int column, String field, String message) {
        problems.add(new Problem(line, column, field, message));
    }

    /** How many there are; a rule compares it before and after to know whether its parts were fine. */
    int count() {
        return problems.size();
    }

    /** All of them in file order (line, then column; found order where those are equal). */
    List<Problem> sorted() {
        List<Problem> all = new ArrayList<>(problems);
        Collections.sort(all);
        return List.copyOf(all);
    }
}
