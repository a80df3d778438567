package io.p3.atlas.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The role on a key's line of the keys file. */
public enum Role {
    ADMIN, PUBLISHER, NODE, READER;

    /** The word used in the keys file: {@code admin}, {@code publisher}, {@code node}, {@code reader}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> fromWord(String word) {
        return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
    }

    static String allWords() {
        return Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", "));
    }
}
