package dev.shipshape.reconcilers.docker;

import dev.shipshape.model.plan.ServiceImage;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a pull says to people: why it was refused (credentials, a digest the registry lacks), which
 * services it concerns and what to fix; and how the engine's words are read (a 401, an unknown
 * manifest). A registry password never reaches these texts: it is scrubbed from the engine's words.
 */
final class PullMessages {
    /** HTTP 401 as a status, not as digits of a port or an address (127.0.0.1:40129 is no refusal). */
    private static final Pattern STATUS_401 = Pattern.compile("(?<![\\d.:])401(?![\\d.:])");
    static final String WHERE_CREDENTIALS_GO = "Put the credentials in user-secret (base64 of a YAML with"
            + " registries: {%1$s: {username: ..., password: ...}}), in the YAML file spec.images.credentialsFile names"
            + " (same shape), or in Docker's config.json (`docker login %1$s`)";

    private PullMessages() {
    }

    /** 90s, 2m30s, 500ms: as the desired file writes durations. */
    static String text(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }


    static ReconcileException credentialsRefused(ImageRef ref, String registry,
                                                         Optional<RegistryCredentials.Credential> credential, String message) {
        String what = credential.map(c -> "the registry " + registry + " refused the credentials for it from " + c.source()
                        + " (user " + c.username() + "); check the username and password. ")
                .orElse("the registry " + registry + " requires credentials and none are configured for " + registry + ". ");
        return new ReconcileException("pulling " + ref + " was refused: " + what + WHERE_CREDENTIALS_GO.formatted(registry)
                + ". Nothing was stopped; the running version keeps serving. (The engine said: " + message + ")", false);
    }

    static boolean refusedForCredentials(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return false; // nothing answered: the registry is down, which is transient, whatever digits the address has
        }
        return m.contains("no basic auth credentials") || m.contains("unauthorized") || m.contains("authentication required")
                || STATUS_401.matcher(m).find();
    }

    static boolean unknownManifest(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("manifest unknown") || m.contains("not found");
    }

    static String scrub(String message, Optional<RegistryCredentials.Credential> credential) {
        return credential.map(c -> c.scrub(message)).orElse(message);
    }

    static String servicesText(List<ServiceImage> services) {
        if (services.isEmpty()) {
            return "an image";
        }
        return (services.size() == 1 ? "service " : "services ")
                + services.stream().map(ServiceImage::service).collect(Collectors.joining(", "));
    }

    static String fix(List<ServiceImage> services, ProjectContext project) {
        List<String> pinnedHere = services.stream().map(ServiceImage::service)
                .filter(s -> project.desired() != null && project.desired().spec().images().digests().containsKey(s)).toList();
        if (!pinnedHere.isEmpty()) {
            return "Fix or remove spec.images.digests." + String.join(", spec.images.digests.", pinnedHere)
                    + " in " + project.desired().path() + ".";
        }
        return "The release pins this digest: check the registry, or the release package.";
    }
}
