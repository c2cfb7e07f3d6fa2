package dev.shipshape.reconcilers.export;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import dev.shipshape.model.InvalidInputException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders the {@code config/} folder of a release package in memory: every {@code *.tmpl} file
 * through Mustache into the same path without the suffix, every other file copied byte for byte.
 * The same package and context always give the same bytes.
 */
// Not final: tests count how often a release is rendered.
public class TemplateRenderer {
    public static final String CONFIG_DIR = "config";
    public static final String SUFFIX = ".tmpl";
    /** A broken template is the vendor's to fix; the user can only get another package. */
    private static final String PACKAGE_FAULT = "; the release package's template is faulty: get a fixed package from its"
            + " vendor (nothing was changed)";

    public TemplateRenderer() {
    }

    /**
     * @param packageDir the extracted release package
     * @param context    the names templates may use (see {@link TemplateScope})
     * @return file content by path relative to the export folder ('/'-separated), sorted by path
     */
    public SortedMap<String, byte[]> render(Path packageDir, Map<String, Object> context) {
        Path configDir = packageDir.resolve(CONFIG_DIR);
        if (Files.isSymbolicLink(configDir) || !Files.isDirectory(configDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(configDir.toString(), null, "a release package needs a config/ folder"
                    + " (not a symbolic link) holding the templates of its export; re-download or fix the package");
        }
        // One factory per rendering: nothing compiled for one package is ever reused for another.
        StrictMustacheFactory factory = new StrictMustacheFactory();
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (Path file : files(configDir)) {
            String relative = relative(configDir, file);
            String source = CONFIG_DIR + "/" + relative;
            byte[] bytes = read(file);
            String target = relative;
            if (relative.endsWith(SUFFIX)) {
                target = relative.substring(0, relative.length() - SUFFIX.length());
                if (target.isEmpty() || target.endsWith("/")) {
                    throw new InvalidInputException(source, null, "a template needs a name before " + SUFFIX);
                }
                bytes = renderOne(factory, source, bytes, context);
            }
            if (out.put(target, bytes) != null) {
                throw new InvalidInputException(source, null, "renders to '" + target + "', which another file of config/"
                        + " also produces; keep only one of " + target + " and " + target + SUFFIX);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static byte[] renderOne(StrictMustacheFactory factory, String source, byte[] bytes, Map<String, Object> context) {
        String text = Utf8.decode(bytes).orElseThrow(() ->
                new InvalidInputException(source, null, "a template must be UTF-8 text"));
        TemplateLimits.checkNesting(source, text);
        try {
            Mustache mustache = factory.compile(new StringReader(text), source);
            TemplateLimits.BoundedWriter writer = new TemplateLimits.BoundedWriter();
            mustache.execute(writer, (Object) context).flush();
            return writer.toString().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            throw translate(source, e);
        } catch (StackOverflowError e) {
            // Belt and braces behind the nesting check: an input must never end the caller's thread.
            throw new InvalidInputException(source, null, "cannot render the template: it recurses too deeply"
                    + PACKAGE_FAULT);
        }
    }

    /** mustache.java wraps what is thrown inside it, sometimes twice; find our own problem in the chain. */
    private static InvalidInputException translate(String source, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateProblem p) {
                String fix = p.key() == null ? "" : "; set " + p.key() + " in global.yaml (or spec.config of the desired file),"
                        + " or fix the name in the template";
                return new InvalidInputException(source, p.line(), 0, p.key(), p.getMessage() + fix);
            }
        }
        if (e instanceof MustacheException m) {
            int line = m.getContext() == null ? 0 : m.getContext().line();
            // Only the message of the innermost mustache error: it names the template problem, not values.
            String problem = m.getCause() instanceof MustacheException inner && inner.getMessage() != null
                    ? inner.getMessage() : String.valueOf(e.getMessage());
            return new InvalidInputException(source, line, 0, null, "cannot render the template: " + problem + PACKAGE_FAULT);
        }
        return new InvalidInputException(source, null, "cannot render the template: " + e.getClass().getSimpleName() + PACKAGE_FAULT);
    }

    private static List<Path> files(Path configDir) {
        List<Path> files = new ArrayList<>();
        try {
            // walkFileTree does not follow links unless asked: a link shows up as a link and is refused.
            Files.walkFileTree(configDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink()) {
                        throw new InvalidInputException(file.toString(), null, "is a symbolic link; a release package must"
                                + " not point outside itself. Replace it by the file it points to.");
                    }
                    if (!attrs.isRegularFile()) {
                        throw new InvalidInputException(file.toString(), null, "is not a regular file; config/ may hold"
                                + " only files and folders");
                    }
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ExportIoException("cannot list " + configDir + " (" + e.getMessage() + ")", e);
        }
        return files;
    }

    private static String relative(Path configDir, Path file) {
        Path rel = configDir.relativize(file);
        if (rel.isAbsolute() || rel.normalize().startsWith("..") || !rel.normalize().equals(rel)) {
            throw new InvalidInputException(file.toString(), null, "is not inside the config/ folder of the package");
        }
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExportIoException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
