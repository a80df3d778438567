package io.p3.atlas.server.catalog;

import io.p3.atlas.server.error.AtlasException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of catalog request fields; each failure is INVALID_ARGUMENT naming the field. */
public final class Fields {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

    private Fields() {
    }

    /** {@code id} if it is a well-formed, URL-safe id (usable as an HTTP path segment). */
    public static String id(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required");
        }
        if (!ID.matcher(id).matches()) {
            throw AtlasException.invalidArgument(field, field + " must be 1-128 characters of A-Z a-z 0-9 . _ ~ -"
                    + " starting with a letter or digit, got '" + abbreviate(id) + "'");
        }
        return id;
    }

    /** {@code value} stripped; required and at most {@code max} characters. */
    public static String required(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required");
        }
        return optional(field, v, max);
    }

    /** {@code value} stripped (empty if null); at most {@code max} characters. */
    public static String optional(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.length() > max) {
            throw AtlasException.invalidArgument(field, field + " must be at most " + max + " characters, got "
                    + v.length());
        }
        return v;
    }

    /** Empty, or an absolute http/https URL of at most 2048 characters. */
    public static String optionalHttpUrl(String field, String value) {
        String v = optional(field, value, 2048);
        if (v.isEmpty()) {
            return v;
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw AtlasException.invalidArgument(field, field + " must be an absolute http or https URL, got '"
                + abbreviate(v) + "'");
    }

    public static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
