package dev.shipshape.controller.doctor;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.download.ReleaseUrls;
import dev.shipshape.reconcilers.download.UrlCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release source has the package of spec.version: a GET of its first byte answers 200 or 206
 * (http, https), or the file exists (file://). Nothing to check when the package is already stored.
 */
final class ReleaseSourceCheck extends NamedCheck {
    static final String NAME = "release-source";
    private static final Pattern CONTENT_RANGE_TOTAL = Pattern.compile("bytes\\s+[^/]*/(\\d+)");

    ReleaseSourceCheck() {
        super(NAME, "check that the release server in spec.source.url is up and reachable from this host");
    }

    @Override
    public CheckResult run(DoctorContext context) {
        return withTrust(context.project.desired().spec().source(), context.sourceProbe().result());
    }

    /**
     * A source that answers but whose packages nothing vouches for (no checksum pin, no public key, over the
     * network) is a warning: its {@code .sha256} comes from the same server as the zip, so whoever controls
     * that server, or the path to an http:// one, chooses what runs as root on this host. {@code insecure: true}
     * is the operator saying so on purpose (a loopback test server): no warning then, on every apply's preflight.
     */
    static CheckResult withTrust(Source source, CheckResult probe) {
        String scheme = source.isPlainPath() ? "" : source.url().strip().substring(0, source.url().strip().indexOf(':'))
                .toLowerCase(Locale.ROOT);
        if (probe.status() != Status.OK || !source.unverified() || source.insecure()
                || !(scheme.equals("http") || scheme.equals("https"))) {
            return probe;
        }
        return CheckResult.warn(NAME, probe.detail() + "; but its packages are unpinned and unsigned: only the .sha256 "
                        + "from the same server vouches for them",
                "add spec.source.publicKey (the vendor's Ed25519 key; packages are then checked against {url}.sig), "
                        + "or pin spec.source.checksum; or write spec.source.insecure: true to accept the risk");
    }

    static DoctorContext.SourceProbe probe(DoctorContext context) {
        Version version = context.version();
        if (context.store.dir(version).isPresent()) {
            return new DoctorContext.SourceProbe(CheckResult.ok(NAME, "release " + version + " is already downloaded"), 0);
        }
        URI url;
        try {
            // a plain path (air-gapped hosts) is a file relative to the desired file's folder
            url = ReleaseUrls.resolve(
                    context.project.desired().spec().source().urlFor(version), context.project.desired().baseDir());
        } catch (IllegalArgumentException e) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "spec.source.url is not a URL for release " + version
                    + " (" + e.getMessage() + ")", "fix spec.source.url"), -1);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("file") ? file(version, url) : http(context, version, url);
    }

    private static DoctorContext.SourceProbe file(Version version, URI url) {
        Path file;
        try {
            file = Path.of(url);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, Redact.url(url) + " is not a local file URL",
                    "write spec.source.url as file:///absolute/path"), -1);
        }
        if (!Files.isRegularFile(file)) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "release " + version + " not found: " + file
                    + " does not exist", "check spec.version and spec.source.url"), -1);
        }
        if (!Files.isReadable(file)) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "shipshape may not read " + file,
                    "check the permissions of " + file), -1);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new DoctorContext.SourceProbe(CheckResult.ok(NAME, file + " exists (" + Problems.bytes(size) + ")"), size);
    }

    private static DoctorContext.SourceProbe http(DoctorContext context, Version version, URI url) {
        String where = Redact.url(url);
        HttpRequest.Builder request = HttpRequest.newBuilder().GET().timeout(context.requestTimeout)
                .header("Range", "bytes=0-0").header("User-Agent", "shipshape-doctor");
        UrlCredentials.target(request, url);
        HttpResponse<InputStream> response;
        try {
            response = (UrlCredentials.present(url) ? context.httpNoRedirects() : context.http()).send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "the release source " + where + " does not answer ("
                    + UrlCredentials.hide(Problems.describe(e), url) + ")", "check that the release server is up and reachable, and spec.source.url"), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "interrupted while asking " + where, null), -1);
        } catch (IllegalArgumentException e) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, where + " is not a URL shipshape can fetch",
                    "fix spec.source.url"), -1);
        }
        try {
            response.body().close();
        } catch (IOException ignored) {
            // only the first byte was asked for; closing drops the rest
        }
        int status = response.statusCode();
        if (status == 200 || status == 206) {
            long size = size(response, status);
            return new DoctorContext.SourceProbe(CheckResult.ok(NAME, where + " answers HTTP " + status
                    + (size >= 0 ? " (" + Problems.bytes(size) + ")" : "")), size);
        }
        if (status == 404 || status == 410) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, "release " + version + " not found at " + where
                    + " (HTTP " + status + ")", "check spec.version and spec.source.url"), -1);
        }
        if (status == 401 || status == 403) {
            return new DoctorContext.SourceProbe(CheckResult.fail(NAME, where + " refused access (HTTP " + status + ")",
                    "check the credentials the release server expects"), -1);
        }
        return new DoctorContext.SourceProbe(CheckResult.fail(NAME, where + " answered HTTP " + status,
                "check spec.source.url, or try again when the release server is back"), -1);
    }

    private static long size(HttpResponse<?> response, int status) {
        if (status == 206) {
            Matcher m = CONTENT_RANGE_TOTAL.matcher(response.headers().firstValue("Content-Range").orElse(""));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
        return response.headers().firstValueAsLong("Content-Length").orElse(-1L);
    }
}
