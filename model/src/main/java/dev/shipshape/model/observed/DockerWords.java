package dev.shipshape.model.observed;

import java.util.Locale;

/** Docker's lower-case words for states ("running", "healthy") and the enum constants they stand for. */
final class DockerWords {
    private DockerWords() {
    }

    /** The constant of {@code type} named by {@code word} in any case; {@code otherwise} for null, blank or unknown words. */
    static <E extends Enum<E>> E parse(Class<E> type, String word, E otherwise) {
        if (word == null || word.isBlank()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return otherwise;
        }
    }

    /** Docker's word for {@code constant}. */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
