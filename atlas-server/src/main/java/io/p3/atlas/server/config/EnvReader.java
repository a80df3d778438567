package io.p3.atlas.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads typed values from an environment map; a malformed value names its variable. */
public final class EnvReader {
    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public Optional<String> optional(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return optional(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be an integer, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public long longValue(String name, long defaultValue) {
        return optional(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be an integer, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    /** A decimal number such as {@code 0.9}. */
    public double decimal(String name, double defaultValue) {
        return optional(name).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException(v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a decimal number such as 0.9, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return optional(name).map(v -> {
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ConfigException(name + " must be true or false, got '" + v + "'");
        }).orElse(defaultValue);
    }

    /**
     * One of {@code allowed} (upper-case words), in any case; returned in upper case. Anything else names the
     * variable and the accepted values.
     */
    public String oneOf(String name, List<String> allowed, String defaultValue) {
        return optional(name).map(v -> {
            String upper = v.toUpperCase(Locale.ROOT);
            if (!allowed.contains(upper)) {
                throw new ConfigException(name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
            }
            return upper;
        }).orElse(defaultValue);
    }

    /** An ISO-8601 duration such as {@code PT60S} or {@code PT6H}. */
    public Duration duration(String name, Duration defaultValue) {
        return optional(name).map(v -> {
            try {
                Duration d = Duration.parse(v);
                if (d.isNegative()) {
                    throw new ConfigException(name + " must not be negative, got '" + v + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + " must be an ISO-8601 duration such as PT60S, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }
}
