package dev.shipshape.model.plan;

import dev.shipshape.model.Version;

import java.net.URI;

/** Fetch, verify and extract the package of {@code version} into the package store. */
public record DownloadRelease(Version version, URI url) implements Action {
    @Override
    public String kind() {
        return "download";
    }

    @Override
    public String describe() {
        return "download release " + version + " from " + Redact.url(url);
    }

    @Override
    public Reason why() {
        return Reason.PACKAGE_MISSING;
    }

    @Override
    public String detail() {
        return "release " + version + " from " + Redact.url(url);
    }
}
