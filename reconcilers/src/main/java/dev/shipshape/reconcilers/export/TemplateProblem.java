package dev.shipshape.reconcilers.export;

import com.github.mustachejava.TemplateContext;

/**
 * Raised from inside mustache.java's compile or render; carries the template position so
 * {@link TemplateRenderer} can turn it into an error naming file, line and key. The message
 * holds names only, never values.
 */
final class TemplateProblem extends RuntimeException {
    private final transient TemplateContext context;
    private final String key;

    TemplateProblem(TemplateContext context, String key, String problem) {
        super(problem, null, false, false);
        this.context = context;
        this.key = key;
    }

    int line() {
        return context == null ? 0 : context.line();
    }

    String key() {
        return key;
    }
}
