package io.p3.atlas.server.relay;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relay registry configuration.
 *
 * @param saturation    {@code ATLAS_RELAY_SATURATION}: a relay whose load is at or above this is not selected
 *                      (default 0.9, in (0, 1])
 * @param expiry        {@code ATLAS_RELAY_EXPIRY}: a relay silent this long is removed (default PT24H, at least
 *                      the 2-minute online window)
 * @param sweepInterval {@code ATLAS_RELAY_SWEEP_INTERVAL}: how often silent relays are looked for (default PT1M)
 * @param neighbours    {@code ATLAS_RELAY_REGIONS}: for a region, the regions to fall back to, nearest first, e.g.
 *                      {@code eu-west=eu-central,us-east;us-east=us-west,eu-west} (default: none, any region)
 */
public record RelayConfig(double saturation, Duration expiry, Duration sweepInterval,
                          Map<String, List<String>> neighbours) {

    public RelayConfig {
        if (!(saturation > 0 && saturation <= 1)) {
            throw new ConfigException("ATLAS_RELAY_SATURATION must be above 0 and at most 1, got " + saturation);
        }
        if (expiry.compareTo(RelayService.ONLINE_WINDOW) < 0) {
            throw new ConfigException("ATLAS_RELAY_EXPIRY must be at least PT2M (a relay is online for 2 minutes"
                    + " after its last heartbeat), got " + expiry);
        }
        if (sweepInterval.isZero()) {
            throw new ConfigException("ATLAS_RELAY_SWEEP_INTERVAL must be longer than zero");
        }
        neighbours = Map.copyOf(neighbours);
    }

    public static RelayConfig from(EnvReader env) {
        return new RelayConfig(
                env.decimal("ATLAS_RELAY_SATURATION", 0.9),
                env.duration("ATLAS_RELAY_EXPIRY", Duration.ofHours(24)),
                env.duration("ATLAS_RELAY_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                regions(env.string("ATLAS_RELAY_REGIONS", "")));
    }

    /** Parses {@code region=neighbour,neighbour;region=…} (regions follow the region rule, any case). */
    static Map<String, List<String>> regions(String value) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("ATLAS_RELAY_REGIONS must be 'region=neighbour,neighbour;region=…'"
                        + " (nearest neighbour first), got '" + entry.strip() + "'");
            }
            String region = region(entry.substring(0, eq));
            List<String> near = new ArrayList<>();
            for (String n : entry.substring(eq + 1).split(",")) {
                String r = n.isBlank() ? null : region(n);
                if (r != null && !r.equals(region) && !near.contains(r)) {
                    near.add(r);
                }
            }
            if (out.put(region, List.copyOf(near)) != null) {
                throw new ConfigException("ATLAS_RELAY_REGIONS names region '" + region + "' twice");
            }
        }
        return out;
    }

    private static String region(String raw) {
        try {
            return Fields.region("ATLAS_RELAY_REGIONS", raw, true);
        } catch (AtlasException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
