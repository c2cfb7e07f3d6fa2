package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rules of a desired file's top level, its metadata and its spec; {@code spec.images} and
 * {@code spec.rollout} have rules of their own.
 */
record DesiredFileRules(FieldChecks checks, ImagesRules images, RolloutRules rollout, NotifyRules notifyRules, SwarmRules swarm) {
    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> SPEC = List.of("version", "source", "projectDir", "config", "images", "rollout", "state", "suspend",
            "notify", "updates", "runtime", "swarm");
    private static final List<String> SOURCE = List.of("url", "checksum", "timeout", "publicKey", "insecure", "index");
    private static final List<String> UPDATES = List.of("policy", "mode", "check");

    /** Rules that report into {@code problems}. */
    static DesiredFileRules reportingTo(ProblemList problems) {
        FieldChecks checks = FieldChecks.reportingTo(problems);
        return new DesiredFileRules(checks, new ImagesRules(checks), new RolloutRules(checks), new NotifyRules(checks),
                new SwarmRules(checks));
    }

    /** Checks the document's root node, which the parser found. */
    void check(Node node) {
        if (!(node instanceof MapNode m)) {
            checks.problems().add(node, null, "the file holds " + node.describe() + " at the top, not a mapping; a desired file is a"
                    + " mapping with apiVersion, kind, metadata and spec");
            return;
        }
        Map<String, Entry> f = checks.fields().of(m, "", TOP, Map.of(
                "apiVersion", "add apiVersion: " + DesiredServer.API_VERSION,
                "kind", "add kind: " + DesiredServer.KIND,
                "metadata", "add metadata: with the project's name",
                "spec", "add spec: with at least version, source.url and projectDir"));
        checks.values().constant(f.get("apiVersion"), "apiVersion", DesiredServer.API_VERSION);
        checks.values().constant(f.get("kind"), "kind", DesiredServer.KIND);
        Entry meta = f.get("metadata");
        if (meta != null && checks.values().mapping(meta.value(), "metadata") instanceof MapNode mm) {
            Map<String, Entry> mf = checks.fields().of(mm, "metadata", List.of("name"), Map.of("name",
                    "add name: with the project name, e.g. name: spacetech"));
            checks.values().string(mf.get("name"), "metadata.name", name -> new Metadata(name));
        }
        Entry spec = f.get("spec");
        if (spec != null && checks.values().mapping(spec.value(), "spec") instanceof MapNode sm) {
            spec(sm);
        }
    }

    private void spec(MapNode m) {
        Map<String, Entry> f = checks.fields().of(m, "spec", SPEC, Map.of(
                "version", "add the target version, e.g. version: 1.2.3",
                "source", "add source: with the url of the release packages",
                "projectDir", "add projectDir: with the project folder, relative to this file"));
        checks.values().version(f.get("version"));
        Entry source = f.get("source");
        if (source != null && checks.values().mapping(source.value(), "spec.source") instanceof MapNode sm) {
            source(sm);
        }
        checks.values().string(f.get("projectDir"), "spec.projectDir", DesiredFileRules::checkProjectDir);
        Entry config = f.get("config");
        if (config != null) {
            checks.values().mapping(config.value(), "spec.config");
        }
        Entry imagesEntry = f.get("images");
        if (imagesEntry != null && checks.values().mapping(imagesEntry.value(), "spec.images") instanceof MapNode im) {
            images.check(im);
        }
        Entry rolloutEntry = f.get("rollout");
        if (rolloutEntry != null && checks.values().mapping(rolloutEntry.value(), "spec.rollout") instanceof MapNode rm) {
            rollout.check(rm);
        }
        checks.values().string(f.get("state"), "spec.state", s -> {
            if (!s.equals("running") && !s.equals("stopped")) {
                throw new FieldException("", "'" + s + "' is not a state; use running (the runbook's up) or stopped (its down)");
            }
            return s;
        });
        checks.values().bool(f.get("suspend"), "spec.suspend");
        Entry notifyEntry = f.get("notify");
        if (notifyEntry != null) {
            notifyRules.check(notifyEntry.value());
        }
        swarm.runtime(f.get("runtime"));
        Entry swarmEntry = f.get("swarm");
        if (swarmEntry != null && checks.values().mapping(swarmEntry.value(), "spec.swarm") instanceof MapNode wm) {
            swarm.swarm(wm);
        }
        Entry updates = f.get("updates");
        if (updates != null && checks.values().mapping(updates.value(), "spec.updates") instanceof MapNode um) {
            updates(um, source != null && source.value() instanceof MapNode sm ? sm : null);
        }
    }

    /** spec.updates: its values, and what it needs from spec.source (an index; no pin of one package). */
    private void updates(MapNode um, MapNode source) {
        Map<String, Entry> uf = checks.fields().of(um, "spec.updates", UPDATES, Map.of());
        checks.values().string(uf.get("policy"), "spec.updates.policy", Updates::parsePolicy);
        Updates.Mode mode = checks.values().string(uf.get("mode"), "spec.updates.mode", Updates::parseMode);
        checks.values().string(uf.get("check"), "spec.updates.check", Updates::parseCheck);
        if (source == null) {
            return;
        }
        Entry index = source.get("index");
        if (index == null || index.value() instanceof ScalarNode s && s.isNull()) {
            checks.problems().add(um.line(), um.column(), "spec.updates", "updates need a release index to find new"
                    + " releases in; add spec.source.index (the vendor's index.yaml or index.json), or remove spec.updates");
        }
        Entry checksum = source.get("checksum");
        if (mode != null && mode != Updates.Mode.NOTIFY && checksum != null
                && !(checksum.value() instanceof ScalarNode s && s.isNull())) {
            checks.problems().add(checksum.value(), "spec.source.checksum", "a checksum pins one package, so no newer"
                    + " release found by spec.updates could ever match it; remove checksum and verify packages with"
                    + " source.publicKey (or their {url}.sha256), or remove spec.updates");
        }
    }

    private void source(MapNode sm) {
        Map<String, Entry> sf = checks.fields().of(sm, "spec.source", SOURCE, Map.of("url",
                "add url: with where release packages come from, e.g. https://releases.example.com/server-{version}.zip"));
        String url = checks.values().string(sf.get("url"), "spec.source.url", Source::checkUrl);
        String checksum = checks.values().string(sf.get("checksum"), "spec.source.checksum", Source::checkChecksum);
        checks.values().string(sf.get("timeout"), "spec.source.timeout", Source::parseTimeout);
        String publicKey = checks.values().string(sf.get("publicKey"), "spec.source.publicKey", Source::checkPublicKey);
        checks.values().bool(sf.get("insecure"), "spec.source.insecure");
        String index = checks.values().string(sf.get("index"), "spec.source.index", Source::checkIndex);
        Entry insecure = sf.get("insecure");
        boolean saidInsecure = insecure != null && insecure.value() instanceof ScalarNode s && s.isBoolean()
                && s.text().equalsIgnoreCase("true");
        // A pin or key that is present but wrong was reported above; do not also call the url unprotected.
        if (url != null && (checksum != null || sf.get("checksum") == null) && (publicKey != null || sf.get("publicKey") == null)) {
            try {
                Source.checkTransport(url, checksum, publicKey, saidInsecure);
            } catch (FieldException e) {
                checks.problems().add(sf.get("url").value(), "spec.source.url", e.getMessage());
            }
        }
        if (index != null && (publicKey != null || sf.get("publicKey") == null)) {
            try {
                Source.checkIndexTransport(index, publicKey, saidInsecure);
            } catch (FieldException e) {
                checks.problems().add(sf.get("index").value(), "spec.source.index", e.getMessage());
            }
        }
    }

    /** projectDir must stay inside the desired file's folder: relative, and no way out through '..'. */
    static String checkProjectDir(String dir) {
        if (dir.isBlank()) {
            throw new FieldException("", "projectDir is empty; name the folder (relative to this file) that holds global.yaml");
        }
        if (dir.indexOf('\0') >= 0) {
            throw new FieldException("", "projectDir contains a NUL character; remove it");
        }
        Path p = Path.of(dir);
        if (p.isAbsolute() || p.normalize().startsWith("..")) {
            throw new FieldException("", "'" + dir + "' must be a folder inside the folder of this file (no absolute path,"
                    + " no '..' leading out); move the project folder next to the desired file or the file next to it");
        }
        return dir;
    }
}
