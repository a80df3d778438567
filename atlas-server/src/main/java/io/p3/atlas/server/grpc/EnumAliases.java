package io.p3.atlas.server.grpc;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names an enum value goes by in JSON and query parameters: its contract name
 * ({@code ASSET_TYPE_MEDIA}, any case), its number, and the documented short alias, the name without the
 * enum's prefix in lower case ({@code media} for {@code AssetType.ASSET_TYPE_MEDIA}, {@code live} for
 * {@code StreamKind.STREAM_KIND_LIVE}). {@code *_UNSPECIFIED} has no alias (leave the field out instead).
 */
public final class EnumAliases {
    private static final String UNSPECIFIED = "UNSPECIFIED";

    private EnumAliases() {
    }

    /** The value {@code text} names (contract name, alias or number), or null if it names none. */
    public static EnumValueDescriptor resolve(EnumDescriptor type, String text) {
        String t = text.strip();
        EnumValueDescriptor byName = type.findValueByName(t.toUpperCase(Locale.ROOT));
        if (byName != null) {
            return byName;
        }
        String prefix = prefix(type);
        EnumValueDescriptor byAlias = type.findValueByName(prefix + t.toUpperCase(Locale.ROOT));
        if (byAlias != null && !byAlias.getName().endsWith("_" + UNSPECIFIED)) {
            return byAlias;
        }
        try {
            return type.findValueByNumber(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The value's alias: {@code media}. */
    public static String alias(EnumValueDescriptor value) {
        String name = value.getName();
        String prefix = prefix(value.getType());
        return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).toLowerCase(Locale.ROOT);
    }

    /** The accepted values for a message: {@code sdk, bundle, game or media (or ASSET_TYPE_SDK, …)}. */
    public static String accepted(EnumDescriptor type) {
        var values = type.getValues().stream().filter(v -> !v.getName().endsWith("_" + UNSPECIFIED)).toList();
        if (values.isEmpty()) {
            return "(no values)";
        }
        String aliases = values.stream().map(EnumAliases::alias).collect(Collectors.joining(", "));
        return aliases + " (or " + values.get(0).getName() + ", …)";
    }

    /** {@code ASSET_TYPE_} for {@code AssetType}: the upper snake case of the enum's name and an underscore. */
    static String prefix(EnumDescriptor type) {
        return type.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    }
}
