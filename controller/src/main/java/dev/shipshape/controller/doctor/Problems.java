package dev.shipshape.controller.doctor;

import dev.shipshape.model.ShipshapeException;

/** One-line descriptions of what went wrong, without stack traces. */
final class Problems {
    private Problems() {
    }

    static String describe(Throwable e) {
        if (e instanceof ShipshapeException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    static String bytes(long n) {
        if (n < 0) {
            return "unknown";
        }
        double gib = n / (1024.0 * 1024 * 1024);
        if (gib >= 1) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", gib);
        }
        return String.format(java.util.Locale.ROOT, "%d MiB", n / (1024 * 1024));
    }
}
