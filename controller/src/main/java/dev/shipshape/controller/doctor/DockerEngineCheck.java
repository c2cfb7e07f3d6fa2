package dev.shipshape.controller.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.reconcilers.docker.EngineApi;

/** The Docker engine answers and speaks an API version docker-java 3.6 supports. */
final class DockerEngineCheck extends NamedCheck {
    static final String NAME = "docker-engine";
    static final String FIX = "start Docker or set DOCKER_HOST";
    /** docker-java 3.6 speaks API 1.41 (Docker 20.10). */
    static final String MIN_API = "1.41";

    DockerEngineCheck() {
        super(NAME, FIX);
    }

    @Override
    public CheckResult run(DoctorContext context) {
        JsonNode version;
        try {
            version = new EngineApi(context.docker).tree("/version");
        } catch (RuntimeException e) {
            return CheckResult.fail(NAME, "no Docker engine answers at " + context.dockerHost + " (" + Problems.describe(e) + ")", FIX);
        }
        String api = version.path("ApiVersion").textValue();
        String engine = version.path("Version").textValue();
        if (api == null || compareApi(api, MIN_API) < 0) {
            return CheckResult.fail(NAME, "the Docker engine " + engine + " at " + context.dockerHost
                    + " speaks API " + api + ", shipshape needs " + MIN_API + " or newer", "upgrade Docker to 20.10 or newer");
        }
        context.engineAnswered();
        return CheckResult.ok(NAME, "Docker " + engine + " at " + context.dockerHost + " answers, API " + api
                + " (>= " + MIN_API + ")");
    }

    /** Compares API versions such as 1.41 and 1.9 numerically, part by part. */
    static int compareApi(String a, String b) {
        String[] x = a.trim().split("\\.");
        String[] y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
