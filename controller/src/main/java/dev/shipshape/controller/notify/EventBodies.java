package dev.shipshape.controller.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.desired.NotifyTarget.WebhookFormat;

import java.util.Map;
import java.util.Set;

/**
 * What a target receives for an event: shipshape's own JSON (documented in docs/notifications.md; also what a
 * command reads on stdin), the message shape of Slack, Discord, Teams and ntfy, and an e-mail's subject and text.
 * Pure: the event is already free of secrets when it gets here.
 */
public final class EventBodies {
    /** The {@code apiVersion} of the JSON body; a change that breaks readers gets a new one. */
    public static final String API_VERSION = "shipshape.dev/notification/v1";
    /** Discord refuses a content longer than 2000 characters. */
    static final int DISCORD_LIMIT = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<EventKind> BAD_NEWS = Set.of(EventKind.ROLLED_BACK, EventKind.ROLLOUT_FAILED, EventKind.DEGRADED);

    private EventBodies() {
    }

    /** The documented JSON body. */
    public static String json(ServerEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("apiVersion", API_VERSION);
        n.put("event", e.kind().wireName());
        n.put("key", e.key());
        n.put("project", e.project());
        n.put("at", e.at().toString());
        n.put("from", e.from());
        n.put("to", e.to());
        n.put("service", e.service());
        n.put("summary", e.summary());
        ObjectNode details = n.putObject("details");
        new java.util.TreeMap<>(e.details()).forEach(details::put);
        return write(n);
    }

    /** One line for a title or a subject: {@code [spacetech] rolled-back: 1.1.0 -> 1.2.0 (api)}. */
    public static String title(ServerEvent e) {
        StringBuilder sb = new StringBuilder("[").append(e.project()).append("] ").append(e.kind().wireName());
        if (e.from() != null || e.to() != null) {
            sb.append(": ").append(e.from() == null ? "nothing" : e.from()).append(" -> ").append(e.to() == null ? "?" : e.to());
        }
        if (e.service() != null) {
            sb.append(" (").append(e.service()).append(')');
        }
        return sb.toString();
    }

    /** The summary, then one line per detail: the text of chat messages, e-mails and ntfy. */
    public static String text(ServerEvent e) {
        StringBuilder sb = new StringBuilder(e.summary());
        if (e.service() != null) {
            sb.append("\nservice: ").append(e.service());
        }
        for (Map.Entry<String, String> d : new java.util.TreeMap<>(e.details()).entrySet()) {
            sb.append('\n').append(d.getKey()).append(": ").append(d.getValue());
        }
        sb.append("\nat: ").append(e.at());
        return sb.toString();
    }

    /** The request body of a webhook in {@code format}. */
    public static String webhook(WebhookFormat format, ServerEvent e) {
        return switch (format) {
            case JSON -> json(e);
            case SLACK -> {
                // an incoming webhook's message: text in Slack's mrkdwn, title in bold
                ObjectNode n = JSON.createObjectNode();
                n.put("text", "*" + slackEscape(title(e)) + "*\n" + slackEscape(text(e)));
                yield write(n);
            }
            case DISCORD -> {
                ObjectNode n = JSON.createObjectNode();
                n.put("username", "shipshape");
                String content = "**" + title(e) + "**\n" + text(e);
                n.put("content", content.length() > DISCORD_LIMIT ? content.substring(0, DISCORD_LIMIT - 1) + "…" : content);
                // never let a service name or a health output ping @everyone
                n.putObject("allowed_mentions").putArray("parse");
                yield write(n);
            }
            case TEAMS -> {
                // an Adaptive Card in a message, as Teams workflows ("Post to a channel when a webhook request is received") take it
                ObjectNode n = JSON.createObjectNode();
                n.put("type", "message");
                ArrayNode attachments = n.putArray("attachments");
                ObjectNode attachment = attachments.addObject();
                attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
                ObjectNode card = attachment.putObject("content");
                card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
                card.put("type", "AdaptiveCard");
                card.put("version", "1.4");
                ArrayNode body = card.putArray("body");
                ObjectNode head = body.addObject();
                head.put("type", "TextBlock");
                head.put("text", title(e));
                head.put("weight", "Bolder");
                head.put("wrap", true);
                ObjectNode text = body.addObject();
                text.put("type", "TextBlock");
                text.put("text", text(e).replace("\n", "\n\n"));
                text.put("wrap", true);
                yield write(n);
            }
            case NTFY -> text(e);
        };
    }

    /** The content type of {@link #webhook}'s body. */
    public static String contentType(WebhookFormat format) {
        return format == WebhookFormat.NTFY ? "text/plain; charset=utf-8" : "application/json";
    }

    /** ntfy's headers: the title, a priority (high for bad news) and a tag that shows as an emoji. */
    public static Map<String, String> ntfyHeaders(ServerEvent e) {
        boolean bad = BAD_NEWS.contains(e.kind());
        return Map.of("Title", asciiHeader(title(e)), "Priority", bad ? "high" : "default",
                "Tags", bad ? "warning" : e.kind() == EventKind.UPGRADE_SUCCEEDED || e.kind() == EventKind.RECOVERED
                        ? "white_check_mark" : "information_source");
    }

    /** A header value the HTTP client accepts: printable ASCII only. */
    static String asciiHeader(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return sb.toString();
    }

    private static String slackEscape(String s) {
        // Slack's three control characters in message text
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
