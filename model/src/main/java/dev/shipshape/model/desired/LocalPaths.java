package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;

import java.nio.file.Path;

/**
 * Keeps the host paths a desired file names ({@code spec.source.url} as a file, {@code
 * spec.images.credentialsFile}, {@code spec.images.offline}) inside the desired file's folder.
 *
 * <p>Why: whoever writes the desired file (under {@code run --git}, anyone who may push a commit)
 * would otherwise choose which of root's files shipshape reads: {@code ../../root/.docker/config.json}
 * as registry credentials, any folder as image tarballs, any file as a release package. Only the
 * host's operator may widen this, with {@code --allow-paths-outside} on the command line. The check is
 * on the normalised text (pure, like the rest of the model): a commit cannot create links in the base
 * folder (only the desired file is taken from the clone), and who may edit that folder is trusted with it.
 */
public final class LocalPaths {
    /** The command-line flag that lifts the confinement; named in every refusal. */
    public static final String ALLOW_FLAG = "--allow-paths-outside";

    private LocalPaths() {
    }

    /** Throws an {@link InvalidInputException} naming the first path of {@code file} that leads outside its folder. */
    public static void requireInside(DesiredFile file) {
        Path base = file.baseDir().normalize();
        ServerSpec spec = file.spec();
        Source source = spec.source();
        String sourcePath = fileOf(source);
        if (sourcePath != null) {
            check(file, base, "spec.source.url", source.url(), sourcePath);
        }
        ImagePins images = spec.images();
        if (images.credentialsFile() != null) {
            check(file, base, "spec.images.credentialsFile", images.credentialsFile(), images.credentialsFile());
        }
        if (images.offline() != null) {
            check(file, base, "spec.images.offline", images.offline(), images.offline());
        }
    }

    /** Whether {@code path} (absolute, or relative to {@code base}) stays inside {@code base} once normalised. */
    public static boolean inside(Path base, String path) {
        try {
            return base.resolve(path).normalize().startsWith(base.normalize());
        } catch (IllegalArgumentException e) {
            return false; // not a path of this host (a NUL from a file URL's %00): it names nothing inside
        }
    }

    /** The file path a file:// or plain source names (with a sample version), or null for a server URL. */
    private static String fileOf(Source source) {
        if (source.isPlainPath()) {
            return source.urlFor(Version.parse("0.0.0")).getPath();
        }
        String url = source.urlFor(Version.parse("0.0.0")).toString();
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            return source.urlFor(Version.parse("0.0.0")).getPath();
        }
        return null;
    }

    private static void check(DesiredFile file, Path base, String field, String written, String path) {
        if (path == null || !inside(base, path)) {
            throw new InvalidInputException(file.path().toString(), field, "'" + written + "' is outside " + base
                    + ", the folder of this file; a desired file may only name files inside its own folder, so that"
                    + " whoever writes it cannot make shipshape (running as root) read other files of the host. Move"
                    + " the file or folder into " + base + ", or, if the host's operator chose that path, start"
                    + " shipshape with " + ALLOW_FLAG);
        }
    }
}
