package io.p3.atlas.server.analytics;

import io.p3.atlas.server.fields.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The rules one event must meet. Problems name the field; wallet addresses are never echoed. */
final class EventValidator {
    static final int MAX_NAME = 64;
    static final int MAX_PROPERTIES = 32;
    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 1024;
    static final Duration MAX_FUTURE = Duration.ofHours(24);
    static final Duration MAX_PAST = Duration.ofDays(30);


    private EventValidator() {
    }

    /** A problem with one field of an event. */
    record Problem(String field, String reason) {
    }

    /** The first problem of {@code e} received at {@code now}, or null if it is valid. */
    static Problem check(EventInput e, Instant now) {
        if (e.name() == null || e.name().isEmpty()) {
            return new Problem("name", "name is required");
        }
        if (!isName(e.name())) {
            return new Problem("name", "name must be 1 to " + MAX_NAME + " characters of [a-z0-9_.-], got '"
                    + Fields.shorten(e.name()) + "'");
        }
        if (!Fields.isEmpty(e.walletAddress()) && !Fields.isWallet(e.walletAddress())) {
            return new Problem("wallet_address", "wallet_address must be 0x followed by 40 hex digits");
        }
        for (var id : new String[][] {{"stream_id", e.streamId()}, {"asset_id", e.assetId()}, {"app_id", e.appId()}}) {
            if (!Fields.isEmpty(id[1]) && !Fields.isId(id[1])) {
                return new Problem(id[0], id[0] + " must be " + Fields.ID_RULE + ", got '" + Fields.shorten(id[1]) + "'");
            }
        }
        Problem p = checkProperties(e.properties());
        if (p != null) {
            return p;
        }
        if (e.eventTime() != null) {
            if (e.eventTime().isAfter(now.plus(MAX_FUTURE))) {
                return new Problem("event_time", "event_time must not be more than 24 h in the future, got "
                        + e.eventTime());
            }
            if (e.eventTime().isBefore(now.minus(MAX_PAST))) {
                return new Problem("event_time", "event_time must not be more than 30 days in the past, got "
                        + e.eventTime());
            }
        }
        return null;
    }

    /** [a-z0-9_.-]{1,MAX_NAME}, checked without a regex (once per event). */
    static boolean isName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Problem checkProperties(Map<String, String> props) {
        if (props == null) {
            return null;
        }
        if (props.size() > MAX_PROPERTIES) {
            return new Problem("properties", "properties must have at most " + MAX_PROPERTIES + " entries, got "
                    + props.size());
        }
        for (Map.Entry<String, String> p : props.entrySet()) {
            if (p.getKey().isEmpty() || p.getKey().length() > MAX_KEY) {
                return new Problem("properties", "property keys must be 1 to " + MAX_KEY + " characters, got '"
                        + Fields.shorten(p.getKey()) + "'");
            }
            if (p.getValue().length() > MAX_VALUE) {
                return new Problem("properties", "property '" + p.getKey() + "' must be at most " + MAX_VALUE
                        + " characters, got " + p.getValue().length());
            }
        }
        return null;
    }

}
