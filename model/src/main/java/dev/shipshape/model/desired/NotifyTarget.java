package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.FieldException;
import dev.shipshape.model.events.EventKind;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One entry of {@code spec.notify}: where server events go (exactly one of {@code webhook}, {@code email},
 * {@code command}) and which of them ({@code on}; all when left out). Secrets (tokens, passwords) never
 * live in the desired file: they come from {@code headersFile} and {@code credentialsFile}, relative to it.
 *
 * @param on the events this target receives; empty means every event
 */
public record NotifyTarget(Webhook webhook, Email email, List<String> command, Set<EventKind> on) {
    /** Every event but the test one, which {@code shipshape notify test} sends to every target whatever its filter. */
    public static final List<String> EVENT_NAMES = java.util.Arrays.stream(EventKind.values())
            .filter(k -> k != EventKind.TEST).map(EventKind::wireName).toList();

    public NotifyTarget {
        int kinds = (webhook != null ? 1 : 0) + (email != null ? 1 : 0) + (command != null ? 1 : 0);
        if (kinds != 1) {
            throw new FieldException("notify", "each spec.notify entry needs exactly one of webhook, email or command"
                    + " (found " + kinds + "); split it into one entry per target");
        }
        if (command != null) {
            command = List.copyOf(command);
            checkCommand(command);
        }
        on = on == null || on.isEmpty() ? Set.of() : Set.copyOf(on);
    }

    /** Whether this target receives {@code kind}: a test event always, any other when {@code on} lists it or is empty. */
    public boolean wants(EventKind kind) {
        return kind == EventKind.TEST || on.isEmpty() || on.contains(kind);
    }

    @JsonCreator
    static NotifyTarget fromYaml(@JsonProperty("webhook") Webhook webhook, @JsonProperty("email") Email email,
                                 @JsonProperty("command") List<String> command, @JsonProperty("on") List<String> on) {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        if (on != null) {
            on.forEach(name -> kinds.add(parseEvent(name)));
        }
        return new NotifyTarget(webhook, email, command, kinds);
    }

    /** An event name of {@code on}, or a FieldException listing the names. */
    public static EventKind parseEvent(String name) {
        if (EVENT_NAMES.contains(name)) {
            return EventKind.fromWireName(name);
        }
        String near = NearestName.of(name, EVENT_NAMES);
        throw new FieldException("on", "'" + name + "' is not an event" + (near == null ? "" : "; did you mean '" + near + "'?")
                + " Events: " + String.join(", ", EVENT_NAMES));
    }

    static void checkCommand(List<String> argv) {
        if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            throw new FieldException("command", "command needs at least the program to run, e.g. [/usr/local/bin/notify-me, --from-shipshape]");
        }
        for (String a : argv) {
            if (a == null || a.indexOf('\0') >= 0) {
                throw new FieldException("command", "an argument of command is empty or holds a NUL character; write each argument as a string");
            }
        }
    }

    /** The body a webhook receives: shipshape's documented JSON, or the message shape of a chat service. */
    public enum WebhookFormat {
        @JsonProperty("json") JSON,
        @JsonProperty("slack") SLACK,
        @JsonProperty("discord") DISCORD,
        @JsonProperty("teams") TEAMS,
        @JsonProperty("ntfy") NTFY;

        public static final List<String> NAMES = List.of("json", "slack", "discord", "teams", "ntfy");

        public static WebhookFormat parse(String s) {
            if (!NAMES.contains(s)) {
                throw new FieldException("format", "'" + s + "' is not a webhook format; use one of " + String.join(", ", NAMES));
            }
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An HTTP POST of each event.
     *
     * @param headersFile a file of {@code Name: value} lines sent as request headers (an authorization token),
     *                    relative to the desired file; keep it out of Git. Null: no extra headers
     */
    public record Webhook(String url, WebhookFormat format, String headersFile) {
        public Webhook {
            checkUrl(url);
            format = format == null ? WebhookFormat.JSON : format;
            checkFile("headersFile", headersFile);
        }

        public static String checkUrl(String url) {
            if (url == null || url.isBlank()) {
                throw new FieldException("url", "url is required: where to POST the event, e.g. https://hooks.example.com/shipshape");
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new FieldException("url", "'" + url + "' is not a URL (" + e.getReason() + "); write it as https://host/path");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new FieldException("url", "url must be an http:// or https:// URL with a host, e.g. https://hooks.example.com/shipshape");
            }
            if (uri.getRawUserInfo() != null) {
                throw new FieldException("url", "url must not carry a user or password; put an Authorization header in headersFile instead");
            }
            return url;
        }
    }

    /** TLS of an SMTP connection: STARTTLS on the submission port, TLS from the start, or none. */
    public enum Tls {
        @JsonProperty("starttls") STARTTLS,
        @JsonProperty("tls") TLS,
        @JsonProperty("none") NONE;

        public static final List<String> NAMES = List.of("starttls", "tls", "none");

        public static Tls parse(String s) {
            if (!NAMES.contains(s)) {
                throw new FieldException("tls", "'" + s + "' is not a TLS mode; use starttls (port 587), tls (port 465) or none (port 25)");
            }
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        int defaultPort() {
            return this == STARTTLS ? 587 : this == TLS ? 465 : 25;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An e-mail through an SMTP server.
     *
     * @param port            default by {@code tls}: 587, 465 or 25
     * @param credentialsFile a YAML file {@code username: ..., password: ...}, relative to the desired file; null:
     *                        the server takes mail without logging in
     */
    public record Email(String host, Integer port, Tls tls, String from, List<String> to, String credentialsFile) {
        public Email {
            if (host == null || host.isBlank()) {
                throw new FieldException("host", "host is required: the SMTP server, e.g. smtp.example.com");
            }
            tls = tls == null ? Tls.STARTTLS : tls;
            port = port == null ? tls.defaultPort() : port;
            checkPort(port);
            checkAddress("from", from);
            if (to == null || to.isEmpty()) {
                throw new FieldException("to", "to needs at least one address, e.g. to: [ops@example.com]");
            }
            to = List.copyOf(to);
            to.forEach(a -> checkAddress("to", a));
            checkFile("credentialsFile", credentialsFile);
        }

        public static int checkPort(int port) {
            if (port < 1 || port > 65535) {
                throw new FieldException("port", "port " + port + " is not a TCP port; use 1 to 65535 (587 for starttls, 465 for tls)");
            }
            return port;
        }

        public static String checkAddress(String field, String address) {
            if (address == null || address.isBlank()) {
                throw new FieldException(field, field + " needs an e-mail address such as shipshape@example.com");
            }
            int at = address.indexOf('@');
            if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(c -> c <= ' ' || c == ',' || c == ';')) {
                throw new FieldException(field, "'" + address + "' is not one e-mail address; write one address such as"
                        + " ops@example.com (list several under to:)");
            }
            return address;
        }
    }

    static String checkFile(String field, String path) {
        if (path != null && (path.isBlank() || path.indexOf('\0') >= 0)) {
            throw new FieldException(field, field + " is empty or holds a NUL character; name a file (relative to the desired file)"
                    + " or leave " + field + " out");
        }
        return path;
    }
}
