package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.p3.atlas.server.content.ContentTesting.random;
import static io.p3.atlas.server.content.ContentTesting.sha256;
import static io.p3.atlas.server.content.ContentTesting.tempFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /content/{id} and POST /v1/assets:upload with a real HTTP client (HTTP/1.1, as curl and players speak
 * it) against the server on PostgreSQL: upload, GET, HEAD, Range, 304, 416, If-Range, caching headers,
 * size cap, metrics, and the transcoded /v1/assets routes beside them. Runs once with blobs in files and
 * once with blobs on S3 (s3proxy): the answers must be the same.
 */
@ClassTemplate
class ContentHttpIT {
    static final int MAX = 12 * 1024 * 1024;

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().onEachBlobStore()
            .env("ATLAS_MAX_ASSET_BYTES", Integer.toString(MAX))
            .env("ATLAS_CACHE_MEMORY_BYTES", Integer.toString(16 * 1024 * 1024));

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();


    static HttpResponse<byte[]> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path));
    }

    static HttpResponse<byte[]> put(String path, byte[] body) {
        return send(req(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }


    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void putThenGetHeadRangeAnd304() {
        byte[] movie = random(300_000, 1);
        HttpResponse<byte[]> created = put("/content/demo?type=media", movie);
        assertEquals(201, created.statusCode(), text(created));
        assertTrue(text(created).contains("\"sha256\":\"" + sha256(movie) + "\""), text(created));
        assertTrue(text(created).contains("\"url\":\"/content/demo\""), text(created));
        String etag = "\"" + sha256(movie).substring(0, 32) + "\"";

        HttpResponse<byte[]> get = send(req("/content/demo").GET());
        assertEquals(200, get.statusCode());
        assertArrayEquals(movie, get.body());
        assertEquals(etag, header(get, "etag"));
        assertEquals("bytes", header(get, "accept-ranges"));
        assertEquals("public, max-age=31536000, immutable", header(get, "cache-control"));
        assertEquals("application/octet-stream", header(get, "content-type"));
        assertEquals("300000", header(get, "content-length"));

        HttpResponse<byte[]> head = send(req("/content/demo").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("300000", header(head, "content-length"));
        assertEquals(etag, header(head, "etag"));
        assertEquals(0, head.body().length);

        HttpResponse<byte[]> range = send(req("/content/demo").header("Range", "bytes=0-99").GET());
        assertEquals(206, range.statusCode());
        assertEquals(100, range.body().length);
        assertArrayEquals(Arrays.copyOfRange(movie, 0, 100), range.body());
        assertEquals("bytes 0-99/300000", header(range, "content-range"));
        assertEquals("100", header(range, "content-length"));

        HttpResponse<byte[]> suffix = send(req("/content/demo").header("Range", "bytes=-10").GET());
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(movie, 299_990, 300_000), suffix.body());

        HttpResponse<byte[]> notModified = send(req("/content/demo").header("If-None-Match", etag).GET());
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(etag, header(notModified, "etag"));

        HttpResponse<byte[]> unsatisfiable = send(req("/content/demo").header("Range", "bytes=300000-").GET());
        assertEquals(416, unsatisfiable.statusCode());
        assertEquals("bytes */300000", header(unsatisfiable, "content-range"));

        HttpResponse<byte[]> ifRangeMatch = send(req("/content/demo").header("Range", "bytes=10-19")
                .header("If-Range", etag).GET());
        assertEquals(206, ifRangeMatch.statusCode());
        assertArrayEquals(Arrays.copyOfRange(movie, 10, 20), ifRangeMatch.body());

        HttpResponse<byte[]> ifRangeStale = send(req("/content/demo").header("Range", "bytes=10-19")
                .header("If-Range", "\"stale\"").GET());
        assertEquals(200, ifRangeStale.statusCode());
        assertArrayEquals(movie, ifRangeStale.body());
    }

    @Test
    void largeAssetsStreamFromDiskAcrossArmeriasDefaultRequestCap() {
        byte[] big = random(11 * 1024 * 1024, 2); // over Armeria's 10 MiB default, under the 12 MiB cap
        HttpResponse<byte[]> created = put("/content/big?type=game", big);
        assertEquals(201, created.statusCode(), text(created));
        HttpResponse<byte[]> get = send(req("/content/big").GET());
        assertEquals(200, get.statusCode());
        assertArrayEquals(big, get.body());
        HttpResponse<byte[]> tail = send(req("/content/big").header("Range", "bytes=11534000-").GET());
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(big, 11_534_000, big.length), tail.body());
        HttpResponse<byte[]> middle = send(req("/content/big").header("Range", "bytes=5000000-5065535").GET());
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 5000000-5065535/" + big.length, header(middle, "content-range"));
        assertArrayEquals(Arrays.copyOfRange(big, 5_000_000, 5_065_536), middle.body());
    }

    @Test
    void overTheCapIsRejectedAndNothingStored() {
        HttpResponse<byte[]> tooBig = put("/content/huge?type=media", new byte[MAX + 1]);
        assertEquals(413, tooBig.statusCode(), text(tooBig));
        assertTrue(text(tooBig).contains("ATLAS_MAX_ASSET_BYTES"), text(tooBig));
        assertEquals(404, send(req("/content/huge").GET()).statusCode());
        assertEquals(404, server.get("/v1/assets/huge").statusCode());
        assertEquals(0, tempFiles(server));
    }

    @Test
    void uploadErrorsNameTheProblem() {
        HttpResponse<byte[]> noType = put("/content/x", new byte[] {1});
        assertEquals(400, noType.statusCode());
        assertTrue(text(noType).contains("type"), text(noType));
        HttpResponse<byte[]> badSha = put("/content/x?type=sdk&sha256=" + "0".repeat(64), new byte[] {1});
        assertEquals(400, badSha.statusCode());
        assertTrue(text(badSha).contains("sha256"), text(badSha));
        assertEquals(404, send(req("/content/x").GET()).statusCode());

        assertEquals(201, put("/content/fixed?type=sdk", "v1".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(201, put("/content/fixed?type=sdk", "v1".getBytes(StandardCharsets.UTF_8)).statusCode(),
                "same bytes again is idempotent");
        HttpResponse<byte[]> conflict = put("/content/fixed?type=sdk", "v2".getBytes(StandardCharsets.UTF_8));
        assertEquals(409, conflict.statusCode());
        assertTrue(text(conflict).contains("ALREADY_EXISTS"), text(conflict));
    }

    @Test
    void multipartUploadLikeCurlF() {
        String boundary = "----atlas" + System.nanoTime();
        byte[] file = "console.log('sdk');".getBytes(StandardCharsets.UTF_8);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"sdk.js\"\r\n"
                + "Content-Type: text/javascript\r\n\r\n";
        String tail = "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"type\"\r\n\r\nsdk\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"id\"\r\n\r\nsdk-1.0.js\r\n"
                + "--" + boundary + "--\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), file, tail.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> res = send(req("/v1/assets:upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, res.statusCode(), text(res));
        assertTrue(text(res).contains("\"id\":\"sdk-1.0.js\""), text(res));
        assertTrue(text(res).contains("\"type\":\"ASSET_TYPE_SDK\""), text(res));
        HttpResponse<byte[]> get = send(req("/content/sdk-1.0.js").GET());
        assertArrayEquals(file, get.body());
        assertEquals("text/javascript", header(get, "content-type"));

        HttpResponse<byte[]> noFile = send(req("/v1/assets:upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"type\"\r\n\r\nsdk\r\n--" + boundary + "--\r\n")));
        assertEquals(400, noFile.statusCode());
        assertTrue(text(noFile).contains("file"), text(noFile));
    }

    @Test
    void transcodedAssetRoutesLiveBesideThePlainOnes() {
        assertEquals(201, put("/content/both?type=bundle", new byte[] {1, 2, 3}).statusCode());
        var get = server.get("/v1/assets/both");
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("\"size\":\"3\""), get.body());
        assertTrue(get.body().contains("\"url\":\"/content/both\""), get.body());
        var list = server.get("/v1/assets?type=ASSET_TYPE_BUNDLE");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"id\":\"both\""), list.body());
        var created = server.postJson("/v1/assets",
                "{\"id\":\"remote\",\"type\":\"ASSET_TYPE_MEDIA\",\"sourceUrl\":\"https://example.org/a.mp4\"}");
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"fetched\":false"), created.body());
        var bad = server.postJson("/v1/assets", "{\"id\":\"r2\",\"type\":\"ASSET_TYPE_MEDIA\",\"sourceUrl\":\"ftp://x\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("source_url"), bad.body());
        var delete = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/assets/both")).DELETE().build());
        assertEquals(200, delete.statusCode(), delete.body());
        assertEquals(404, send(req("/content/both").GET()).statusCode());
    }

    @Test
    void bytesServedAndCacheTiersAreCounted() {
        byte[] clip = random(1000, 3);
        assertEquals(201, put("/content/clip?type=media", clip).statusCode());
        double before = metric("atlas_stream_bytes_served_bytes_total", "transport=\"http\"", "type=\"media\"");
        double memoryHitsBefore = metric("atlas_stream_cache_requests_total", "tier=\"memory\"", "result=\"hit\"");
        send(req("/content/clip").GET());
        send(req("/content/clip").header("Range", "bytes=0-9").GET());
        assertEquals(before + 1010, metric("atlas_stream_bytes_served_bytes_total", "transport=\"http\"",
                "type=\"media\""));
        assertTrue(metric("atlas_stream_cache_requests_total", "tier=\"memory\"", "result=\"hit\"")
                >= memoryHitsBefore + 1, "the second read comes from memory");
    }

    static double metric(String name, String... labels) {
        String body = server.get("/internal/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            String l = m.group(1);
            if (Arrays.stream(labels).allMatch(l::contains)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
