package dev.shipshape.reconcilers.export;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.GuardException;
import com.github.mustachejava.util.Wrapper;

import java.util.List;
import java.util.Map;

/**
 * Name lookup for templates. Two differences from mustache.java's default:
 * <ul>
 * <li>only keys of configuration mappings are visible, never Java methods or fields: a package
 * template must not reach into objects ({@code {{x.class.classLoader}}});</li>
 * <li>a name that resolves to nothing (absent, or null) is an error instead of an empty string,
 * so a typo or a missing setting cannot silently render a broken configuration.</li>
 * </ul>
 * The check sits in the binding because that is where mustache.java resolves every name of a
 * value, section and inverted section, and where the template position is known.
 */
final class StrictObjectHandler extends ReflectionObjectHandler {

    @Override
    protected Wrapper findWrapper(int scopeIndex, Wrapper[] wrappers, List<Guard> guards, Object scope, String name) {
        if (!(coerce(scope) instanceof Map)) {
            return null;
        }
        return super.findWrapper(scopeIndex, wrappers, guards, scope, name);
    }

    @Override
    public Binding createBinding(String name, TemplateContext tc, Code code) {
        boolean value = code instanceof ValueCode;
        // No caching of lookups (mustache.java's GuardedBinding): templates are small and rendered
        // rarely, and a fresh lookup each time keeps the strictness check simple and obviously right.
        return scopes -> {
            Wrapper wrapper = find(name, scopes);
            if (wrapper instanceof MissingWrapper) {
                throw new TemplateProblem(tc, name, "the configuration has no value named '" + name + "'");
            }
            Object result;
            try {
                result = coerce(wrapper.call(scopes));
            } catch (GuardException e) {
                throw new IllegalStateException("template lookup of '" + name + "' changed while rendering", e);
            }
            if (result == null) {
                throw new TemplateProblem(tc, name, "'" + name + "' is empty (null) in the configuration");
            }
            if (value && (result instanceof Map || result instanceof List)) {
                throw new TemplateProblem(tc, name, "'" + name + "' is a " + (result instanceof Map ? "mapping" : "list")
                        + ", not a single value; name one of its entries, or use a section {{#" + name + "}}…{{/" + name + "}}");
            }
            return result;
        };
    }
}
