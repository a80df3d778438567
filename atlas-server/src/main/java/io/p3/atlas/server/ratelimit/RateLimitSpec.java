package io.p3.atlas.server.ratelimit;

import io.p3.atlas.server.config.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A budget as configured: {@code <requests>/<period>} with an optional burst, e.g. {@code 600/1m},
 * {@code 50/1s burst 100}; or {@code off}. A client's bucket holds {@code burst} tokens (default
 * {@code requests}) and refills {@code requests} tokens per {@code period}, continuously.
 *
 * @param requests tokens added per period (0 when off)
 * @param period   the refill period
 * @param burst    the bucket's capacity
 */
public record RateLimitSpec(long requests, Duration period, long burst) {
    public static final RateLimitSpec OFF = new RateLimitSpec(0, Duration.ZERO, 0);
    private static final Pattern FORM = Pattern.compile(
            "(\\d{1,12})\\s*/\\s*(\\d{0,9})\\s*(ms|s|m|h|d)(?:\\s+burst\\s+(\\d{1,12}))?");

    public boolean off() {
        return requests == 0;
    }

    /** Parses {@code value} of the variable {@code name}; a malformed value names the variable. */
    public static RateLimitSpec parse(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return OFF;
        }
        Matcher m = FORM.matcher(v);
        if (!m.matches()) {
            throw new ConfigException(name + " must look like 600/1m, 50/1s burst 100 or off, got '" + value + "'");
        }
        long requests = Long.parseLong(m.group(1));
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        long burst = m.group(4) == null ? requests : Long.parseLong(m.group(4));
        if (requests < 1 || period.isZero() || burst < 1) {
            throw new ConfigException(name + " needs at least 1 request per non-zero period (and a burst of at"
                    + " least 1), got '" + value + "'; use off to turn the budget off");
        }
        return new RateLimitSpec(requests, period, burst);
    }

    /** Seconds in the period, at least 1 (the {@code w} of RateLimit-Policy). */
    public long windowSeconds() {
        return Math.max(1, (period.toMillis() + 999) / 1000);
    }

    /** How long an empty-to-{@code remaining} bucket needs to be full again. */
    public Duration timeToFull(long remaining) {
        long missing = Math.max(0, burst - remaining);
        double nanos = (double) missing * period.toNanos() / requests;
        return Duration.ofNanos((long) Math.ceil(nanos));
    }

    /** Canonical text: {@code 600/1m}, {@code 50/1s burst 100}, {@code off}. */
    @Override
    public String toString() {
        if (off()) {
            return "off";
        }
        String p = period.toMillis() % 86_400_000 == 0 ? period.toDays() + "d"
                : period.toMillis() % 3_600_000 == 0 ? period.toHours() + "h"
                : period.toMillis() % 60_000 == 0 ? period.toMinutes() + "m"
                : period.toMillis() % 1000 == 0 ? period.toSeconds() + "s" : period.toMillis() + "ms";
        return requests + "/" + p + (burst == requests ? "" : " burst " + burst);
    }
}
