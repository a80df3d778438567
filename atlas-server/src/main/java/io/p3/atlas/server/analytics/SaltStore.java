package io.p3.atlas.server.analytics;

import java.time.LocalDate;
import java.util.Optional;

/** Where the per-day anonymization salts live (shared by every server on the same database). */
public interface SaltStore {

    /**
     * The salt of {@code day}: stores {@code candidate} if the day has none yet, then returns whatever is
     * stored, so concurrent callers (threads or servers) agree on one salt.
     */
    byte[] saltFor(LocalDate day, byte[] candidate);

    /** The stored salt of {@code day}, if any. */
    Optional<byte[]> findSalt(LocalDate day);

    /** Deletes the salts of days before {@code day}; returns how many. */
    int deleteSaltsBefore(LocalDate day);
}
