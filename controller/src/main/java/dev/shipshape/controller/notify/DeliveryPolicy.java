package dev.shipshape.controller.notify;

import java.time.Duration;

/**
 * How often and how late a failed delivery is tried again: {@code attempts} in all, the n-th retry after
 * {@code first * 2^(n-1)}, at most {@code max}. Bounded, so a dead receiver costs a few requests, not a queue.
 */
public record DeliveryPolicy(int attempts, Duration first, Duration max) {
    /** 6 attempts over about two minutes: 2 s, 4 s, 8 s, 16 s, 32 s apart. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(6, Duration.ofSeconds(2), Duration.ofMinutes(1));

    public DeliveryPolicy {
        if (attempts < 1 || first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("attempts >= 1 and 0 <= first <= max");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Whether attempt {@code attempt} (1-based) failing leaves another one. */
    public boolean retriesAfter(int attempt) {
        return attempt < attempts;
    }
}
