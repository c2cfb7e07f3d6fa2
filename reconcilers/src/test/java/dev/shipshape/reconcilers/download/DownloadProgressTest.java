package dev.shipshape.reconcilers.download;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadProgressTest {
    @Test
    void aTerminalGetsABarRedrawnInPlaceAtMostTenTimesASecond() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        DownloadProgress p = new DownloadProgress("x", 0, 1000, new PrintStream(out, true, StandardCharsets.UTF_8), now::get);

        for (int i = 1; i <= 100; i++) {
            now.addAndGet(10_000_000); // 10 ms per buffer
            p.update(i * 10L);
        }
        p.finish();

        String text = out.toString(StandardCharsets.UTF_8);
        long redraws = text.chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(9L, 12L); // one second: ~10 redraws, plus the final one
        assertThat(text).endsWith("] 100% 1000 B / 1000 B (1000 of 1000 bytes)\n");
        assertThat(text).doesNotContain("\n[");
    }

    @Test
    void withoutATerminalNothingIsPrinted() {
        AtomicLong now = new AtomicLong();
        DownloadProgress p = new DownloadProgress("x", 500, 2048, null, now::get);
        now.addAndGet(DownloadProgress.LOG_INTERVAL_NANOS + 1);
        p.update(1024); // logs one line; must not fail without a terminal
        p.finish();
        assertThat(p.amount()).isEqualTo("50% 1.0 KiB / 2.0 KiB (1024 of 2048 bytes)");
    }

    @Test
    void anUnknownTotalShowsBytesOnly() {
        DownloadProgress p = new DownloadProgress("x", 0, -1, null, () -> 0);
        p.update(3 * 1024 * 1024);
        assertThat(p.amount()).isEqualTo("3.0 MiB (3145728 bytes)");
    }
}
