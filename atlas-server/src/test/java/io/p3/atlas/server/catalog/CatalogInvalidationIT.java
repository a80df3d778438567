package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.DeleteChannelRequest;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ListChannelsRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two server instances on one PostgreSQL database with a one-hour cache TTL: a write on one is seen on
 * the other soon after, through LISTEN/NOTIFY, not after the TTL.
 */
class CatalogInvalidationIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().env("ATLAS_CATALOG_TTL", "PT1H");

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static int total(CatalogServiceGrpc.CatalogServiceBlockingStub stub) {
        return stub.listChannels(ListChannelsRequest.getDefaultInstance()).getTotalSize();
    }

    /** total_size of the HTTP/JSON reply of instance {@code port} (a rendered reply, once it is cached there). */
    static int httpTotal(int port) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/channels"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            return Integer.parseInt(body.replaceAll("(?s).*\"totalSize\":(\\d+).*", "$1"));
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code value} once it equals {@code expected}, or its last value after a bounded wait. */
    static int await(int expected, IntSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int v = value.getAsInt();
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = value.getAsInt();
        }
        return v;
    }

    @Test
    void aWriteOnOneInstanceEmptiesTheOthersCaches() throws InterruptedException {
        try (AtlasServer other = AtlasServer.start(server.config())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", other.port()).usePlaintext().build();
            try {
                CatalogServiceGrpc.CatalogServiceBlockingStub a = CatalogServiceGrpc.newBlockingStub(server.channel());
                CatalogServiceGrpc.CatalogServiceBlockingStub b = CatalogServiceGrpc.newBlockingStub(channel);
                assertEquals(0, total(b)); // cached on b for an hour, unless told
                assertEquals(0, httpTotal(other.port()));
                assertEquals(0, httpTotal(other.port())); // the rendered HTTP/JSON reply too
                a.importChannels(ImportChannelsRequest.newBuilder()
                        .setPlaylistContent("#EXTM3U\n#EXTINF:-1,Solo\nhttp://solo.example/\n").build());
                assertEquals(1, await(1, () -> total(b)));
                assertEquals(1, httpTotal(other.port()), "the rendered reply ends with its cache entry");
                assertEquals(1, httpTotal(server.port()));

                String id = b.listChannels(ListChannelsRequest.getDefaultInstance()).getChannels(0).getId();
                b.deleteChannel(DeleteChannelRequest.newBuilder().setId(id).build());
                assertEquals(0, await(0, () -> total(a)));
                assertEquals(0, httpTotal(server.port()));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
