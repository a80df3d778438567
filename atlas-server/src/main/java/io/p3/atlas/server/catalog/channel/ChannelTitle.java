package io.p3.atlas.server.catalog.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An iptv-org style title split into its parts: {@code "Az Star TV (1080p) [Not 24/7]"} is the name
 * {@code "Az Star TV"}, quality {@code "1080p"} and label {@code "Not 24/7"}. Only parentheses holding
 * a resolution count as quality; other parentheses stay in the name.
 */
record ChannelTitle(String name, String quality, List<String> labels) {
    private static final Pattern LABEL = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern QUALITY = Pattern.compile("\\((\\d{3,4}[pPiI]|4[kK]|8[kK])\\)");

    ChannelTitle {
        labels = List.copyOf(labels);
    }

    static ChannelTitle parse(String title) {
        List<String> labels = new ArrayList<>();
        Matcher lm = LABEL.matcher(title);
        StringBuilder rest = new StringBuilder();
        while (lm.find()) {
            String label = lm.group(1).strip();
            if (!label.isEmpty() && !labels.contains(label)) {
                labels.add(label);
            }
            lm.appendReplacement(rest, " ");
        }
        lm.appendTail(rest);
        String quality = "";
        Matcher qm = QUALITY.matcher(rest);
        StringBuilder name = new StringBuilder();
        while (qm.find()) {
            if (quality.isEmpty()) {
                quality = qm.group(1).toLowerCase(java.util.Locale.ROOT);
                if (quality.endsWith("k")) {
                    quality = quality.toUpperCase(java.util.Locale.ROOT);
                }
            }
            qm.appendReplacement(name, " ");
        }
        qm.appendTail(name);
        return new ChannelTitle(SPACES.matcher(name).replaceAll(" ").strip(), quality, labels);
    }
}
