package dev.shipshape.controller.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.model.desired.NotifyTarget.WebhookFormat;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bodies each kind of target receives, as docs/notifications.md documents them. */
class EventBodiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ServerEvent ROLLED_BACK = new ServerEvent("rolled-back:1.1.0->1.2.0:abc", EventKind.ROLLED_BACK, "spacetech",
            Instant.parse("2026-12-05T01:02:03Z"), "1.1.0", "1.2.0", "api",
            "the upgrade of spacetech to 1.2.0 failed at service api; rolling back to 1.1.0",
            Map.of("reason", "api did not become healthy within 8s (<unhealthy> & @everyone)"));

    @Test
    void theJsonBodyHasEveryDocumentedField() throws Exception {
        JsonNode n = JSON.readTree(EventBodies.json(ROLLED_BACK));
        assertThat(n.path("apiVersion").asText()).isEqualTo("shipshape.dev/notification/v1");
        assertThat(n.path("event").asText()).isEqualTo("rolled-back");
        assertThat(n.path("key").asText()).isEqualTo("rolled-back:1.1.0->1.2.0:abc");
        assertThat(n.path("project").asText()).isEqualTo("spacetech");
        assertThat(n.path("at").asText()).isEqualTo("2026-12-05T01:02:03Z");
        assertThat(n.path("from").asText()).isEqualTo("1.1.0");
        assertThat(n.path("to").asText()).isEqualTo("1.2.0");
        assertThat(n.path("service").asText()).isEqualTo("api");
        assertThat(n.path("summary").asText()).startsWith("the upgrade of spacetech");
        assertThat(n.path("details").path("reason").asText()).contains("did not become healthy");
    }

    @Test
    void aMissingVersionIsNullInJson() throws Exception {
        ServerEvent e = new ServerEvent("degraded:crash-loop", EventKind.DEGRADED, "p", Instant.EPOCH, null, null, null, "s",
                Map.of());
        JsonNode n = JSON.readTree(EventBodies.json(e));
        assertThat(n.path("from").isNull()).isTrue();
        assertThat(n.path("service").isNull()).isTrue();
        assertThat(EventBodies.title(e)).isEqualTo("[p] degraded");
    }

    @Test
    void slackGetsTextWithItsControlCharactersEscaped() throws Exception {
        JsonNode n = JSON.readTree(EventBodies.webhook(WebhookFormat.SLACK, ROLLED_BACK));
        assertThat(n.fieldNames()).toIterable().containsExactly("text");
        assertThat(n.path("text").asText()).startsWith("*[spacetech] rolled-back: 1.1.0 -&gt; 1.2.0 (api)*")
                .contains("&lt;unhealthy&gt; &amp;").doesNotContain("<unhealthy>");
    }

    @Test
    void discordGetsContentThatPingsNobodyAndFitsItsLimit() throws Exception {
        JsonNode n = JSON.readTree(EventBodies.webhook(WebhookFormat.DISCORD, ROLLED_BACK));
        assertThat(n.path("content").asText()).startsWith("**[spacetech] rolled-back").contains("service: api");
        assertThat(n.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(n.path("allowed_mentions").path("parse")).isEmpty();
        ServerEvent longOne = new ServerEvent("k", EventKind.DEGRADED, "p", Instant.EPOCH, null, null, null, "x".repeat(5000),
                Map.of());
        assertThat(JSON.readTree(EventBodies.webhook(WebhookFormat.DISCORD, longOne)).path("content").asText())
                .hasSize(EventBodies.DISCORD_LIMIT);
    }

    @Test
    void teamsGetsAnAdaptiveCard() throws Exception {
        JsonNode n = JSON.readTree(EventBodies.webhook(WebhookFormat.TEAMS, ROLLED_BACK));
        assertThat(n.path("type").asText()).isEqualTo("message");
        JsonNode attachment = n.path("attachments").path(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(attachment.path("content").path("body").path(0).path("text").asText())
                .isEqualTo("[spacetech] rolled-back: 1.1.0 -> 1.2.0 (api)");
    }

    @Test
    void ntfyGetsPlainTextWithATitleAndAPriority() {
        assertThat(EventBodies.webhook(WebhookFormat.NTFY, ROLLED_BACK)).startsWith("the upgrade of spacetech")
                .contains("\nservice: api\n");
        assertThat(EventBodies.contentType(WebhookFormat.NTFY)).startsWith("text/plain");
        assertThat(EventBodies.ntfyHeaders(ROLLED_BACK)).containsEntry("Priority", "high")
                .containsEntry("Title", "[spacetech] rolled-back: 1.1.0 -> 1.2.0 (api)");
        assertThat(EventBodies.asciiHeader("caf\u00e9 \u2192 ok")).isEqualTo("caf? ? ok");
    }
}
