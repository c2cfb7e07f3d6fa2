package dev.shipshape.reconcilers.records;

import dev.shipshape.model.Version;
import dev.shipshape.model.rollout.Approval;
import dev.shipshape.model.rollout.HistoryEntry;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The records of issue 18: the approval, the rollout history (bounded) and the cached release index. */
class UpdateRecordsTest {
    private static final Instant T = Instant.parse("2026-12-05T01:00:00Z");

    @TempDir
    Path tmp;
    private ProjectRecords records;

    @BeforeEach
    void setUp() {
        records = new ProjectRecords(new ProjectPaths(tmp));
    }

    @Test
    void anApprovalIsReadBackAsWritten() {
        assertThat(records.approval().read()).isEmpty();
        Approval a = new Approval(Version.parse("1.1.1"), "a".repeat(64), T);
        records.approval().write(a);
        assertThat(new ProjectRecords(new ProjectPaths(tmp)).approval().read()).contains(a);
    }

    @Test
    void theHistoryKeepsTheLastEntriesOldestFirst() {
        HistoryStore history = new HistoryStore(new ProjectPaths(tmp), 4);
        assertThat(history.read()).isEmpty();
        for (int i = 0; i < 4 + 5; i++) {
            history.append(new HistoryEntry("1.0." + i, "1.0." + (i + 1), T, T.plusSeconds(i),
                    "update policy (mode auto)", i % 2 == 0 ? HistoryEntry.Result.SUCCEEDED : HistoryEntry.Result.ROLLED_BACK,
                    List.of("web"), i % 2 == 0 ? null : "not healthy", i % 2 == 0 ? null : "api"));
        }
        List<HistoryEntry> all = records.history().read();
        assertThat(all).hasSize(4);
        assertThat(HistoryStore.LIMIT).isEqualTo(200);
        assertThat(all.get(0).from()).isEqualTo("1.0.5");
        assertThat(all.get(all.size() - 1).to()).isEqualTo("1.0.9");
        assertThat(all.get(0).result()).isEqualTo(HistoryEntry.Result.ROLLED_BACK);
        assertThat(all.get(0).service()).isEqualTo("api");
        assertThat(all.get(1).result()).isEqualTo(HistoryEntry.Result.SUCCEEDED);
        assertThat(all.get(0).duration()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void theIndexCacheKeepsTheTextAndTheLastError() {
        ReleaseIndexCache.Entry e = new ReleaseIndexCache.Entry("f".repeat(64), T, "releases:\n  - {version: 1.0.0}\n",
                "the release index answered HTTP 500");
        records.releaseIndex().write(e);
        assertThat(records.releaseIndex().read()).contains(e);
    }
}
