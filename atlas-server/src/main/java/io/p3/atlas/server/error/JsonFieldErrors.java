package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Names the request field at fault when JSON does not convert to a request message (HTTP/JSON
 * transcoding, unframed JSON): the converter only says "NumberFormatException", so on failure the body is
 * re-parsed field by field, descending into messages and lists, until the smallest failing field is found.
 * Runs only for requests that already failed. Messages echo at most a short preview of the value.
 */
public final class JsonFieldErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int PREVIEW = 40;

    private JsonFieldErrors() {
    }

    /**
     * The precise error for a {@code body} of message {@code type} that failed to convert;
     * {@code converts} tells whether a JSON document converts.
     */
    public static AtlasException diagnoseBody(Descriptor type, byte[] body, Predicate<JsonNode> converts) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return notJson(e);
        } catch (java.io.IOException e) {
            return AtlasException.invalidArgument(null, "the request body cannot be read as JSON");
        }
        if (root == null || root.isMissingNode()) {
            return AtlasException.invalidArgument(null, "the request body is empty; send a JSON object");
        }
        if (!root.isObject()) {
            return AtlasException.invalidArgument(null, "the request body must be a JSON object, got " + kind(root));
        }
        AtlasException found = find(type, (ObjectNode) root, "", Function.identity(), converts);
        return found != null ? found
                : AtlasException.invalidArgument(null, "the request body does not match " + type.getFullName());
    }

    /** The error for a body that is not JSON at all (no parser internals or source positions). */
    public static AtlasException notJson(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        int at = m.indexOf(" at [Source");
        m = at < 0 ? m : m.substring(0, at);
        return AtlasException.invalidArgument(null, "the request body is not valid JSON: " + preview(m, 120)
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")"));
    }

    /** The first query parameter whose value does not fit its numeric field, or null. */
    public static AtlasException diagnoseParams(Descriptor type, Iterable<Map.Entry<String, String>> params) {
        for (Map.Entry<String, String> p : params) {
            FieldDescriptor f = field(type, p.getKey());
            if (f != null && !fits(f, p.getValue())) {
                return AtlasException.invalidArgument(f.getName(), "query parameter " + p.getKey() + ": "
                        + f.getName() + " " + expected(f, false) + ", got '" + preview(p.getValue(), PREVIEW) + "'");
            }
        }
        return null;
    }

    private static AtlasException find(Descriptor type, ObjectNode obj, String prefix,
                                       Function<JsonNode, JsonNode> wrap, Predicate<JsonNode> converts) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (converts.test(wrap.apply(single(name, value)))) {
                continue;
            }
            FieldDescriptor f = field(type, name);
            if (f == null) {
                return AtlasException.invalidArgument(prefix + name, "unknown field '" + preview(prefix + name, 80)
                        + "' in " + type.getFullName());
            }
            String path = prefix + f.getName();
            boolean message = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()
                    && !f.getMessageType().getFullName().startsWith("google.protobuf.");
            if (message && !f.isRepeated() && value.isObject()) {
                AtlasException deeper = find(f.getMessageType(), (ObjectNode) value, path + ".",
                        n -> wrap.apply(single(name, n)), converts);
                if (deeper != null) {
                    return deeper;
                }
            }
            if (f.isRepeated() && !f.isMapField() && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    Function<JsonNode, JsonNode> inList = n -> wrap.apply(single(name, NODES.arrayNode().add(n)));
                    if (converts.test(inList.apply(item))) {
                        continue;
                    }
                    if (message && item.isObject()) {
                        AtlasException deeper = find(f.getMessageType(), (ObjectNode) item, path + "[" + i + "].",
                                inList, converts);
                        if (deeper != null) {
                            return deeper;
                        }
                    }
                    return invalid(path + "[" + i + "]", f, false, item);
                }
            }
            return invalid(path, f, f.isRepeated() || f.isMapField(), value);
        }
        return null;
    }

    private static AtlasException invalid(String path, FieldDescriptor f, boolean whole, JsonNode value) {
        return AtlasException.invalidArgument(path, path + " " + expected(f, whole) + ", got "
                + preview(value.toString(), PREVIEW));
    }

    private static ObjectNode single(String name, JsonNode value) {
        ObjectNode o = NODES.objectNode();
        o.set(name, value);
        return o;
    }

    /** A field by proto name or JSON (lowerCamel) name. */
    static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f != null) {
            return f;
        }
        return type.getFields().stream().filter(x -> x.getJsonName().equals(name)).findFirst().orElse(null);
    }

    private static String expected(FieldDescriptor f, boolean whole) {
        if (whole && f.isMapField()) {
            FieldDescriptor value = f.getMessageType().findFieldByName("value");
            return "must be a JSON object whose values each " + expected(value, false);
        }
        if (whole && f.isRepeated()) {
            return "must be a JSON array";
        }
        return switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> "must be a 32-bit integer";
            case UINT32, FIXED32 -> "must be an unsigned 32-bit integer";
            case INT64, SINT64, SFIXED64 -> "must be a 64-bit integer (a JSON number or a string of digits)";
            case UINT64, FIXED64 -> "must be an unsigned 64-bit integer (a JSON number or a string of digits)";
            case FLOAT, DOUBLE -> "must be a number";
            case BOOL -> "must be true or false";
            case STRING -> "must be a string";
            case BYTES -> "must be base64";
            case ENUM -> "must be one of " + f.getEnumType().getValues().stream().limit(12)
                    .map(EnumValueDescriptor::getName).collect(Collectors.joining(", "));
            default -> switch (f.getMessageType().getFullName()) {
                case "google.protobuf.Timestamp" -> "must be an RFC 3339 time such as \"2026-01-01T00:00:00Z\"";
                case "google.protobuf.Duration" -> "must be a duration such as \"1.5s\"";
                default -> "must be a JSON object";
            };
        };
    }

    private static boolean fits(FieldDescriptor f, String value) {
        try {
            switch (f.getType()) {
                case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> Integer.parseInt(value);
                case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> Long.parseLong(value);
                case FLOAT, DOUBLE -> Double.parseDouble(value);
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number"
                : n.isBoolean() ? "a boolean" : n.isNull() ? "null" : "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String preview(String s, int max) {
        String v = s.length() > max ? s.substring(0, max) + "…" : s;
        return v.replaceAll("\\p{Cntrl}", "?");
    }
}
