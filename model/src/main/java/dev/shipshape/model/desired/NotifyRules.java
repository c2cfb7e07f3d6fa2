package dev.shipshape.model.desired;

import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.ListNode;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.List;
import java.util.Map;

/** The rules of {@code spec.notify}: a list of targets, each a webhook, an e-mail or a command, with an event filter. */
record NotifyRules(FieldChecks checks) {
    private static final List<String> TARGET = List.of("webhook", "email", "command", "on");
    private static final List<String> WEBHOOK = List.of("url", "format", "headersFile");
    private static final List<String> EMAIL = List.of("host", "port", "tls", "from", "to", "credentialsFile");

    void check(Node n) {
        if (!(n instanceof ListNode list)) {
            checks.problems().add(n, "spec.notify", "expected a list of targets (lines starting with '- webhook:', '- email:'"
                    + " or '- command:'), found " + n.describe());
            return;
        }
        for (int i = 0; i < list.items().size(); i++) {
            String path = "spec.notify[" + i + "]";
            Node item = list.items().get(i);
            if (checks.values().mapping(item, path) instanceof MapNode m) {
                target(m, path);
            }
        }
    }

    private void target(MapNode m, String path) {
        Map<String, Entry> f = checks.fields().of(m, path, TARGET, Map.of());
        long kinds = f.keySet().stream().filter(k -> !k.equals("on")).count();
        if (kinds != 1) {
            checks.problems().add(m, path, kinds == 0
                    ? "a target needs one of webhook, email or command; add one, or remove the entry"
                    : "a target has exactly one of webhook, email or command, found " + kinds + "; split it into one entry per target");
        }
        Entry webhook = f.get("webhook");
        if (webhook != null && checks.values().mapping(webhook.value(), path + ".webhook") instanceof MapNode wm) {
            webhook(wm, path + ".webhook");
        }
        Entry email = f.get("email");
        if (email != null && checks.values().mapping(email.value(), path + ".email") instanceof MapNode em) {
            email(em, path + ".email");
        }
        Entry command = f.get("command");
        if (command != null) {
            command(command.value(), path + ".command");
        }
        Entry on = f.get("on");
        if (on != null) {
            strings(on.value(), path + ".on", "a list of event names such as [rolled-back, rollout-failed]", s -> {
                NotifyTarget.parseEvent(s);
                return s;
            });
        }
    }

    private void webhook(MapNode m, String path) {
        Map<String, Entry> f = checks.fields().of(m, path, WEBHOOK, Map.of("url",
                "add url: with where to POST the event, e.g. https://hooks.example.com/shipshape"));
        checks.values().string(f.get("url"), path + ".url", NotifyTarget.Webhook::checkUrl);
        checks.values().string(f.get("format"), path + ".format", NotifyTarget.WebhookFormat::parse);
        checks.values().string(f.get("headersFile"), path + ".headersFile", s -> NotifyTarget.checkFile("headersFile", s));
    }

    private void email(MapNode m, String path) {
        Map<String, Entry> f = checks.fields().of(m, path, EMAIL, Map.of(
                "host", "add host: with the SMTP server, e.g. smtp.example.com",
                "from", "add from: with the sender address, e.g. shipshape@example.com",
                "to", "add to: with the recipients, e.g. [ops@example.com]"));
        checks.values().string(f.get("host"), path + ".host", s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("host is empty; name the SMTP server, e.g. smtp.example.com");
            }
            return s;
        });
        Entry port = f.get("port");
        if (port != null) {
            if (port.value() instanceof ScalarNode s && s.isNumber() && s.text().matches("[0-9]{1,9}")) {
                try {
                    NotifyTarget.Email.checkPort(Integer.parseInt(s.text()));
                } catch (IllegalArgumentException e) {
                    checks.problems().add(s, path + ".port", e.getMessage());
                }
            } else {
                checks.problems().add(port.value(), path + ".port", "expected a port number such as 587, found "
                        + port.value().describe());
            }
        }
        checks.values().string(f.get("tls"), path + ".tls", NotifyTarget.Tls::parse);
        checks.values().string(f.get("from"), path + ".from", s -> NotifyTarget.Email.checkAddress("from", s));
        Entry to = f.get("to");
        if (to != null) {
            strings(to.value(), path + ".to", "a list of addresses such as [ops@example.com]",
                    s -> NotifyTarget.Email.checkAddress("to", s));
        }
        checks.values().string(f.get("credentialsFile"), path + ".credentialsFile",
                s -> NotifyTarget.checkFile("credentialsFile", s));
    }

    private void command(Node n, String path) {
        strings(n, path, "the program and its arguments as a list, e.g. [/usr/local/bin/notify-me, --quiet]", s -> {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an argument holds a NUL character; remove it");
            }
            return s;
        });
        if (n instanceof ListNode l && !l.items().isEmpty() && l.items().get(0) instanceof ScalarNode s && s.isString()
                && s.text().isBlank()) {
            checks.problems().add(s, path + "[0]", "the program to run is empty; name it, e.g. /usr/local/bin/notify-me");
        }
    }

    /** A non-empty list of strings, each checked by {@code check}. */
    private void strings(Node n, String path, String expected, java.util.function.Function<String, Object> check) {
        if (!(n instanceof ListNode list)) {
            checks.problems().add(n, path, "expected " + expected + ", found " + n.describe());
            return;
        }
        if (list.items().isEmpty()) {
            checks.problems().add(list, path, "the list is empty; expected " + expected);
        }
        for (int i = 0; i < list.items().size(); i++) {
            checks.values().scalarString(list.items().get(i), path + "[" + i + "]", check);
        }
    }
}
