package io.p3.atlas.server.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated inputs from a seeded {@link Random}: protobuf messages built from descriptors with
 * extreme field values, random bytes, malformed and deeply nested JSON, query strings, M3U playlists.
 * String fields that name URLs only ever point to a closed loopback port: fuzzing never leaves the machine.
 */
public final class FuzzInputs {
    private static final String[] STRINGS = {"", " ", "0", "-1", "x", "%00", "%zz", "NaN", "true", "null", "{}", "[]",
            "\u0000", "\uFFFF", "é", "😀", "../../etc/passwd", "' OR 1=1 --", "\"", "\\", "<script>", "0x12",
            "0x52908400098527886E0F7030069857D2E4169EE7", "STREAM_KIND_LIVE", "sdk", "2026-02-30", "9999-99-99",
            "2026-01-01T00:00:00Z", "1e400", "-9223372036854775809", "18446744073709551616", "a,b", "a b", "\r\n"};
    private static final String LOOPBACK_URL = "http://127.0.0.1:1/fuzz";

    private final Random random;

    public FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public String string() {
        return switch (random.nextInt(5)) {
            case 0 -> STRINGS[random.nextInt(STRINGS.length)];
            case 1 -> randomChars(random.nextInt(40));
            case 2 -> "x".repeat(random.nextInt(3) == 0 ? 70_000 : 300);
            default -> STRINGS[random.nextInt(STRINGS.length)] + randomChars(random.nextInt(8));
        };
    }

    public String randomChars(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            b.appendCodePoint(kind < 6 ? 32 + random.nextInt(95) : kind < 8 ? random.nextInt(32) : 0x80 + random.nextInt(0x2F00));
        }
        return b.toString();
    }

    public byte[] bytes(int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }

    /** A message of {@code type} with random, often extreme, values in random fields. */
    public DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        for (FieldDescriptor f : type.getFields()) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            // Many items only at the top and only small ones: the point is the item cap, not the byte cap.
            boolean many = f.isRepeated() && depth == 0 && random.nextInt(8) == 0;
            int count = many ? 1500 : f.isRepeated() ? random.nextInt(4) : 1;
            for (int i = 0; i < count; i++) {
                Object v = many && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        ? DynamicMessage.getDefaultInstance(f.getMessageType())
                        : many ? value(f, 99) : value(f, depth);
                if (v == null) {
                    break;
                }
                if (f.isRepeated()) {
                    b.addRepeatedField(f, v);
                } else {
                    b.setField(f, v);
                }
            }
        }
        return b.build();
    }

    private Object value(FieldDescriptor f, int depth) {
        return switch (f.getJavaType()) {
            case INT -> List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()).get(random.nextInt(6));
            case LONG -> List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, random.nextLong()).get(random.nextInt(6));
            case FLOAT -> List.of(0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MAX_VALUE, 0.5f).get(random.nextInt(6));
            case DOUBLE -> List.of(0d, -1d, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 2.5).get(random.nextInt(6));
            case BOOLEAN -> random.nextBoolean();
            case STRING -> f.getName().endsWith("url") ? (random.nextBoolean() ? LOOPBACK_URL : "")
                    : depth > 3 ? randomChars(6) : string();
            case BYTE_STRING -> ByteString.copyFrom(bytes(depth > 3 ? 8 : 256));
            case ENUM -> random.nextInt(4) == 0 ? f.getEnumType().findValueByNumberCreatingIfUnknown(random.nextInt(1000))
                    : f.getEnumType().getValues().get(random.nextInt(f.getEnumType().getValues().size()));
            case MESSAGE -> depth > 3 ? null : message(f.getMessageType(), depth + 1);
        };
    }

    /** {@code valid} with random bytes flipped, cut or inserted. */
    public byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        if (b.length == 0) {
            return bytes(16);
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            default -> {
                byte[] insert = bytes(8);
                byte[] out = new byte[b.length + insert.length];
                int at = random.nextInt(b.length);
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(insert, 0, out, at, insert.length);
                System.arraycopy(b, at, out, at + insert.length, b.length - at);
                b = out;
            }
        }
        return b;
    }

    /** A random JSON value; objects use the field names of {@code type} (JSON and proto spellings). */
    public String json(Descriptor type, int depth) {
        int kind = random.nextInt(depth > 2 ? 6 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> List.of("0", "-1", "1e400", "-0", "9223372036854775808", "1.5", "NaN").get(random.nextInt(7));
            case 3, 4 -> quote(string());
            case 5 -> "\"" + STRINGS[random.nextInt(STRINGS.length)].replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 6 -> "[" + json(type, depth + 1) + "," + json(type, depth + 1) + "]";
            default -> {
                StringBuilder b = new StringBuilder("{");
                List<FieldDescriptor> fields = type.getFields();
                for (int i = 0; i < 1 + random.nextInt(4) && !fields.isEmpty(); i++) {
                    FieldDescriptor f = fields.get(random.nextInt(fields.size()));
                    String name = random.nextBoolean() ? f.getJsonName() : f.getName();
                    Descriptor inner = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? f.getMessageType() : type;
                    String value = f.getName().endsWith("url") ? quote(LOOPBACK_URL) : json(inner, depth + 1);
                    b.append(i == 0 ? "" : ",").append(quote(name)).append(':').append(value);
                }
                yield b.append('}').toString();
            }
        };
    }

    /** Broken JSON: cut, unbalanced, nested deeper than any parser allows, or not JSON at all. */
    public String malformedJson(String valid) {
        return switch (random.nextInt(6)) {
            case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
            case 1 -> "[".repeat(3000) + "]".repeat(3000);
            case 2 -> "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
            case 3 -> randomChars(50);
            case 4 -> valid + "}}";
            default -> "\"" + randomChars(10);
        };
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A playlist with random damage: lines dropped, doubled, cut, attributes broken, junk inserted. */
    public String m3u() {
        String[] base = {"#EXTM3U x-tvg-url=\"http://127.0.0.1:1/epg\"",
                "#EXTINF:-1 tvg-id=\"a.b\" tvg-name=\"A, B\" tvg-logo=\"http://127.0.0.1:1/l.png\" group-title=\"News\",A (1080p) [Geo]",
                "#EXTVLCOPT:http-referrer=http://127.0.0.1:1/", "http://127.0.0.1:1/a.m3u8",
                "#EXTINF:0,B", "#EXTGRP:Music", "rtmp://127.0.0.1:1/live/b", "#EXTINF:-1 tvg-language=German,", "udp://@239.0.0.1:1234"};
        StringBuilder b = new StringBuilder(random.nextInt(5) == 0 ? "\uFEFF" : "");
        for (int i = 0; i < 2 + random.nextInt(20); i++) {
            String line = base[random.nextInt(base.length)];
            line = switch (random.nextInt(7)) {
                case 0 -> line.substring(0, random.nextInt(line.length() + 1));
                case 1 -> line.replace("\"", "");
                case 2 -> line + randomChars(random.nextInt(30));
                case 3 -> randomChars(random.nextInt(30));
                case 4 -> line.replace(",", "\",\"");
                default -> line;
            };
            b.append(line).append(random.nextInt(4) == 0 ? "\r\n" : random.nextInt(10) == 0 ? "\r" : "\n");
        }
        return b.toString();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
