package dev.shipshape.reconcilers.export;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The mustache.java factory for package templates: no HTML escaping (the output is YAML, env and
 * config files, not HTML), strict name lookup, and no way to load another file. Partials and
 * template inheritance would read files by name, which would let a package read files outside
 * itself, so they are refused when the template is compiled.
 */
final class StrictMustacheFactory extends DefaultMustacheFactory {

    StrictMustacheFactory() {
        setObjectHandler(new StrictObjectHandler());
    }

    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
        return new DefaultMustacheVisitor(this) {
            @Override
            public void partial(TemplateContext tc, String variable, String indent) {
                throw refused(tc, variable, "partials ({{> " + variable + "}})");
            }

            @Override
            public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                throw refused(tc, variable, "dynamic partials ({{>* " + variable + "}})");
            }

            @Override
            public void extend(TemplateContext tc, String variable, Mustache mustache) {
                throw refused(tc, variable, "template inheritance ({{< " + variable + "}})");
            }
        };
    }

    // Belt and braces: nothing above should ever ask for a file by name.
    @Override
    public Reader getReader(String resourceName) {
        throw new TemplateProblem(null, null, "templates cannot read other files ('" + resourceName + "')");
    }

    @Override
    public Mustache compilePartial(String s) {
        throw new TemplateProblem(null, null, "templates cannot include other files ('" + s + "')");
    }

    private static TemplateProblem refused(TemplateContext tc, String name, String what) {
        return new TemplateProblem(tc, null, what + " are not allowed: a template cannot include other files."
                + " Put the content into this template, or render it as a template of its own");
    }
}
