package io.p3.atlas.server.blob;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Striped in-process locks by sha256: work on one blob that must not interleave with its deletion. */
final class BlobLocks {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    BlobLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    <T> T locked(String sha256, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(sha256.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
