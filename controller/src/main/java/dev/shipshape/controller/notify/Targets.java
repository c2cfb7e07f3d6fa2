package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.NotifyTarget;
import dev.shipshape.reconcilers.ProjectContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The targets of a desired file's {@code spec.notify}, named for status and metrics. */
final class Targets {
    private Targets() {
    }

    static List<Target> of(ProjectContext project) {
        Path base = project.desired().baseDir();
        List<Target> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NotifyTarget t : project.desired().spec().notifications()) {
            String name = unique(baseName(t), seen);
            if (t.webhook() != null) {
                out.add(new WebhookTarget(name, t, base));
            } else if (t.email() != null) {
                out.add(new EmailTarget(name, t, base));
            } else {
                out.add(new CommandTarget(name, t, base));
            }
        }
        return List.copyOf(out);
    }

    /** webhook:HOST[:PORT], email:HOST, command:PROGRAM; nothing a token could hide in. */
    static String baseName(NotifyTarget t) {
        if (t.webhook() != null) {
            return "webhook:" + WebhookTarget.shownHost(URI.create(t.webhook().url().strip()));
        }
        if (t.email() != null) {
            return "email:" + t.email().host();
        }
        return "command:" + Path.of(t.command().get(0)).getFileName();
    }

    /** The second target of the same name is NAME#2, and so on. */
    private static String unique(String name, Map<String, Integer> seen) {
        int n = seen.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "#" + n;
    }
}
