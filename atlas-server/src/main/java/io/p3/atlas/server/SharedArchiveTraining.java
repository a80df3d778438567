package io.p3.atlas.server;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ListChannelsRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build's training run for {@link SharedArchive}: started with {@code -XX:ArchiveClassesAtExit}, it
 * starts a server on a throwaway embedded database, makes the calls a first user makes (health, an import,
 * listings over HTTP/JSON and gRPC, an asset upload and ranged read), stops it and exits, so the JVM writes
 * every class that took into the archive.
 *
 * <pre>java -XX:ArchiveClassesAtExit=target/atlas-server.jsa -cp target/atlas-server.jar \
 *     io.p3.atlas.server.SharedArchiveTraining target/cds-training</pre>
 */
public final class SharedArchiveTraining {
    private static final String PLAYLIST = "#EXTM3U\\n#EXTINF:-1 tvg-id=\\\"one.example\\\" group-title=\\\"News\\\","
            + "One\\nhttp://one.example/live.m3u8\\n#EXTINF:-1 group-title=\\\"News\\\",Two\\nhttp://two.example/live.m3u8\\n";

    private SharedArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/cds-training").toAbsolutePath();
        delete(dir);
        try (AtlasServer server = AtlasServer.start(AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "0",
                "ATLAS_DATA_DIR", dir.toString())))) {
            exercise("http://127.0.0.1:" + server.port());
        } finally {
            delete(dir);
        }
        System.exit(0);
    }

    private static void exercise(String base) {
        WebClient http = WebClient.of(base);
        check(http.get("/internal/healthcheck").aggregate().join());
        check(http.execute(RequestHeaders.of(HttpMethod.POST, "/v1/channels:import", HttpHeaderNames.CONTENT_TYPE,
                MediaType.JSON_UTF_8), "{\"playlistContent\":\"" + PLAYLIST + "\"}").aggregate().join());
        for (int i = 0; i < 2; i++) {
            String page = check(http.get("/v1/channels?group=News&pageSize=1").aggregate().join());
            String id = page.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
            check(http.get("/v1/channels/" + id).aggregate().join());
        }
        GrpcClients.newClient(base, CatalogServiceGrpc.CatalogServiceBlockingStub.class)
                .listChannels(ListChannelsRequest.newBuilder().setPageSize(10).build());
        check(http.execute(RequestHeaders.of(HttpMethod.PUT, "/content/training?type=media"), new byte[64 * 1024])
                .aggregate().join());
        check(http.get("/content/training").aggregate().join());
        check(http.execute(RequestHeaders.of(HttpMethod.GET, "/content/training", HttpHeaderNames.RANGE,
                "bytes=0-1023")).aggregate().join());
    }

    private static String check(AggregatedHttpResponse r) {
        if (r.status().code() >= 300) {
            throw new IllegalStateException("training call failed: " + r.status() + " " + r.contentUtf8());
        }
        return r.contentUtf8();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
