package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How blobs and pull-through fetches are coordinated through the database (on H2 and PostgreSQL): pins keep
 * the bytes of a write being committed, the sweep collects what a crashed write left, a late write whose
 * bytes were swept records nothing, and fetch leases make other readers wait for (or take over) a fetch.
 * "Another instance" is played by direct calls on the same database and blob store.
 */
abstract class BlobCoordinationContract extends AssetStoreContract {

    BlobWriter.Finished write(String text) {
        BlobWriter w = blobs.newWriter();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        w.write(b, 0, b.length);
        return w.finish();
    }

    /** Another instance's write under way: pinned, its bytes in the store, its asset not recorded yet. */
    String pinAndStore(BlobWriter.Finished f, Duration lease) {
        String pin = store.pinBlob(f.sha256(), f.size(), clock.instant(), clock.instant().plus(lease));
        blobs.commit(f);
        return pin;
    }

    AssetStore.Recorded record(BlobWriter.Finished f, String pin, String id) {
        Asset asset = new Asset(id, AssetKind.MEDIA, "text/plain", f.size(), f.sha256(), null, clock.instant());
        return store.recordWithBlob(f.sha256(), f.size(), pin, clock.instant(), () -> blobs.exists(f.sha256()),
                new AssetStore.NewAsset(asset));
    }

    /** The sha256 of every row of {@code table}. */
    Set<String> rows(String table) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sha256 FROM " + table)) {
            Set<String> shas = new TreeSet<>();
            while (rs.next()) {
                shas.add(rs.getString(1).trim());
            }
            return shas;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sha256 of every blob in the store. */
    Set<String> storedBlobs() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{64}")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aPinnedWriteKeepsItsBytesThroughTheDeletionOfTheLastAssetHoldingThem() {
        BlobWriter.Finished theirs = write("shared");
        String pin = pinAndStore(theirs, BlobReferences.PIN_LEASE);
        upload("mine", AssetKind.MEDIA, "shared");
        assets.delete("mine");
        assertTrue(blobs.exists(theirs.sha256()), "the other write is still committing these bytes");
        assertEquals(0, assets.sweepBlobs());

        assertEquals(AssetStore.Outcome.RECORDED, record(theirs, pin, "theirs").outcome());
        assertEquals(theirs.sha256(), assets.get("theirs").sha256());
        assertEquals(Set.of(), rows("blob_pins"));
        assets.delete("theirs");
        assertFalse(blobs.exists(theirs.sha256()));
        assertEquals(Set.of(), rows("blobs"));
    }

    @Test
    void theSweepCollectsTheBytesOfACrashedWriteOnceItsPinExpires() {
        BlobWriter.Finished crashed = write("orphan");
        pinAndStore(crashed, BlobReferences.PIN_LEASE); // ... and the server died before recording its asset
        upload("kept", AssetKind.MEDIA, "kept");
        assertEquals(0, assets.sweepBlobs());
        assertTrue(blobs.exists(crashed.sha256()));

        clock.advance(BlobReferences.PIN_LEASE.plusSeconds(1));
        assertEquals(1, assets.sweepBlobs());
        assertFalse(blobs.exists(crashed.sha256()));
        assertEquals(Set.of(sha256("kept")), rows("blobs"));
        assertEquals(Set.of(), rows("blob_pins"));
        assertEquals(Set.of(sha256("kept")), storedBlobs());
        assertEquals(0, assets.sweepBlobs());
    }

    @Test
    void aLateWriteWhoseBytesWereSweptRecordsNothing() {
        BlobWriter.Finished late = write("late bytes");
        String pin = pinAndStore(late, Duration.ZERO); // its pin expired at once
        assertEquals(1, assets.sweepBlobs());
        assertEquals(AssetStore.Outcome.BYTES_LOST, record(late, pin, "late").outcome());
        assertTrue(store.find("late").isEmpty());
        assertTrue(references.release(late.sha256()), "as the committer does when nothing was recorded");
        assertEquals(Set.of(), rows("blobs"));

        // Expired but not swept yet: the bytes are still there (checked under the lock), so it records.
        BlobWriter.Finished slow = write("slow bytes");
        String slowPin = pinAndStore(slow, Duration.ZERO);
        assertEquals(AssetStore.Outcome.RECORDED, record(slow, slowPin, "slow").outcome());
        assertEquals(0, assets.sweepBlobs());
        assertTrue(blobs.exists(slow.sha256()));
    }

    @Test
    void uploadsAndDeletesOfTheSameBytesFromManyThreadsLeaveNoAssetWithoutItsBlobAndNoBlobWithoutAsset()
            throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(executor.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 60; i++) {
                    String id = "race" + random.nextInt(4);
                    if (random.nextInt(5) < 3) {
                        assertEquals(sha256("same"), upload(id, AssetKind.MEDIA, "same").sha256());
                    } else {
                        try {
                            assets.delete(id);
                        } catch (AtlasException e) {
                            assertEquals(ErrorCode.NOT_FOUND, e.code());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(120, TimeUnit.SECONDS);
        }
        Set<String> referenced = new TreeSet<>(rows("assets"));
        assertEquals(referenced, storedBlobs());
        assertEquals(referenced, rows("blobs"));
        assertEquals(Set.of(), rows("blob_pins"));
        assertEquals(0, tempFiles());
    }

    @Test
    void aFirstReadWaitsForTheFetchOfAnotherInstanceInsteadOfGoingUpstream() throws Exception {
        upstream = (uri, max, sink) -> {
            throw new IllegalStateException("this instance must not fetch");
        };
        assets.createPullThrough("remote", AssetKind.MEDIA, "http://127.0.0.1:9/remote.mp4", null);
        Instant now = clock.instant();
        assertTrue(store.claimFetch("remote", "other-instance", now, now.plus(PullThrough.LEASE)));
        CompletableFuture<Asset> read = assets.fetched("remote");
        Thread.sleep(300);
        assertFalse(read.isDone(), "waits while the other instance fetches");

        BlobWriter.Finished fetched = write("remote bytes"); // the other instance commits what it fetched
        assertEquals(AssetStore.Outcome.RECORDED, references.commit(fetched,
                new AssetStore.Fetched("remote", fetched.sha256(), fetched.size(), "video/mp4")).outcome());
        Asset a = read.get(10, TimeUnit.SECONDS);
        assertEquals(fetched.sha256(), a.sha256());
        assertEquals("video/mp4", a.contentType());
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void aLeaseThatWasNotRenewedIsTakenOver() throws Exception {
        upstream = (uri, max, sink) -> {
            try {
                sink.accept("video/mp4", 3, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assets.createPullThrough("stale", AssetKind.MEDIA, "http://127.0.0.1:9/stale.mp4", null);
        Instant now = clock.instant();
        assertTrue(store.claimFetch("stale", "crashed-instance", now, now.plus(PullThrough.LEASE)));
        assertFalse(store.claimFetch("stale", pullThrough.instance(), now, now.plus(PullThrough.LEASE)));
        CompletableFuture<Asset> read = assets.fetched("stale");
        Thread.sleep(200);
        assertFalse(read.isDone());
        assertEquals(0, upstreamCalls.get());

        clock.advance(PullThrough.LEASE.plusSeconds(1));
        assertEquals(3L, read.get(10, TimeUnit.SECONDS).size());
        assertEquals(1, upstreamCalls.get());
    }

    @Test
    void aRenewedLeaseHoldsAndAFailedFetchGivesItUp() throws Exception {
        assets.createPullThrough("held", AssetKind.MEDIA, "http://127.0.0.1:9/held.mp4", null);
        Instant now = clock.instant();
        assertTrue(store.claimFetch("held", "a", now, now.plus(PullThrough.LEASE)));
        assertEquals(1, store.renewFetches("a", now.plus(PullThrough.LEASE.multipliedBy(2))));
        clock.advance(PullThrough.LEASE.plusSeconds(1));
        assertFalse(store.claimFetch("held", "b", clock.instant(), clock.instant().plus(PullThrough.LEASE)));
        store.dropFetch("held", "a");
        assertTrue(store.claimFetch("held", "b", clock.instant(), clock.instant().plus(PullThrough.LEASE)));
        store.dropFetch("held", "b");

        upstream = (uri, max, sink) -> {
            throw AtlasException.unavailable("upstream down", null);
        };
        assertThrows(() -> assets.fetched("held").get(10, TimeUnit.SECONDS));
        // The failed fetch gave its lease up: another instance may try at once.
        assertTrue(store.claimFetch("held", "c", clock.instant(), clock.instant().plus(PullThrough.LEASE)));
    }

    static void assertThrows(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, e);
    }
}
