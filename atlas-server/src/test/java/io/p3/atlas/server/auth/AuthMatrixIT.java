package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Status;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.RawCalls;
import io.p3.atlas.server.testing.Rpcs;
import io.p3.atlas.server.testing.Rpcs.Rpc;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.v1.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a keys file: the 401/403/allowed matrix for every non-public RPC of every service (read from the
 * contract, no per-RPC code) on grpc-java, gRPC-Web and HTTP/JSON, the plain upload routes, wallet
 * binding of node keys, and public reads staying public.
 */
class AuthMatrixIT {
    static final String W = "0x52908400098527886E0F7030069857D2E4169EE7";
    static final String OTHER_W = "0x1111111111111111111111111111111111111111";
    static final String ADMIN = UUID.randomUUID().toString();
    static final String PUBLISHER = UUID.randomUUID().toString();
    static final String NODE = UUID.randomUUID().toString();
    static final String READER = UUID.randomUUID().toString();
    static final Path KEYS = keysFile();

    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2().env("ATLAS_API_KEYS_FILE", KEYS.toString());

    static Path keysFile() {
        try {
            Path f = TestDatabase.newTempDir("atlas-keys-").resolve("keys");
            Files.writeString(f, "# test keys\n"
                    + "sha256:" + ApiKeys.sha256Hex(ADMIN) + " admin\n"
                    + "sha256:" + ApiKeys.sha256Hex(PUBLISHER) + " publisher\n"
                    + "sha256:" + ApiKeys.sha256Hex(NODE) + " node " + W + "\n"
                    + "sha256:" + ApiKeys.sha256Hex(READER) + " reader\n");
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key of a role the access level refuses, or null when every valid key is accepted. */
    static String wrongKey(Access a) {
        return switch (a) {
            case ACCESS_NODE, ACCESS_ADMIN -> PUBLISHER;
            case ACCESS_PUBLISHER -> NODE;
            default -> null;
        };
    }

    static String rightKey(Access a) {
        return switch (a) {
            case ACCESS_NODE -> NODE;
            case ACCESS_PUBLISHER -> PUBLISHER;
            case ACCESS_ANY_KEY -> READER;
            default -> ADMIN;
        };
    }

    static List<Rpc> protectedRpcs() {
        List<Rpc> rpcs = Rpcs.all().stream().filter(r -> r.access() != Access.ACCESS_PUBLIC).toList();
        assertTrue(rpcs.size() >= 18, "every write RPC: " + rpcs.size());
        return rpcs;
    }

    static Metadata bearer(String key) {
        Metadata m = new Metadata();
        if (key != null) {
            m.put(AuthInterceptor.AUTHORIZATION, "Bearer " + key);
        }
        return m;
    }

    static Map<String, String> bearerHeader(String key) {
        return key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
    }

    @Test
    void grpcAndGrpcWebMatrixForEveryProtectedRpc() {
        List<String> failures = new ArrayList<>();
        for (Rpc rpc : protectedRpcs()) {
            byte[] req = rpc.requestWithWallet(W.toLowerCase());
            Map<String, Status.Code> expected = new HashMap<>();
            expected.put("no key", Status.Code.UNAUTHENTICATED);
            expected.put("unknown key", Status.Code.UNAUTHENTICATED);
            for (String transport : List.of("grpc", "grpc-web")) {
                check(failures, rpc, transport, "no key", call(transport, rpc, req, null), Status.Code.UNAUTHENTICATED);
                check(failures, rpc, transport, "unknown key", call(transport, rpc, req, "not-a-key"),
                        Status.Code.UNAUTHENTICATED);
                String wrong = wrongKey(rpc.access());
                if (wrong != null) {
                    check(failures, rpc, transport, "wrong role", call(transport, rpc, req, wrong),
                            Status.Code.PERMISSION_DENIED);
                }
                RawCalls.Result ok = call(transport, rpc, req, rightKey(rpc.access()));
                if (Set.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED, Status.Code.INTERNAL,
                        Status.Code.UNKNOWN).contains(ok.code())) {
                    failures.add(rpc.fullName() + " " + transport + " right role: " + ok.code() + " " + ok.message());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    static RawCalls.Result call(String transport, Rpc rpc, byte[] req, String key) {
        return transport.equals("grpc")
                ? RawCalls.grpc(server.channel(), rpc.fullName(), rpc.grpc().getType(), req, bearer(key))
                : RawCalls.grpcWeb(server.baseUri(), rpc.fullName(), req, bearerHeader(key));
    }

    static void check(List<String> failures, Rpc rpc, String transport, String who, RawCalls.Result r, Status.Code want) {
        if (r.code() != want) {
            failures.add(rpc.fullName() + " " + transport + " " + who + ": " + r.code() + " " + r.message());
        } else if (r.message() != null && (r.message().contains(ADMIN) || r.message().contains("not-a-key"))) {
            failures.add(rpc.fullName() + " echoes the key");
        }
    }

    @Test
    void httpMatrixForEveryProtectedRpcWithAnHttpMapping() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Rpc rpc : protectedRpcs()) {
            if (rpc.http().isEmpty()) {
                continue;
            }
            checked++;
            String path = rpc.httpPath(Map.of("wallet_address", W, "key", "127.0.0.1"));
            HttpResponse<String> none = http(rpc.httpMethod(), path, null);
            if (none.statusCode() != 401 || !none.headers().firstValue("www-authenticate").orElse("").equals("Bearer")
                    || !none.body().contains("\"grpc-code\":\"UNAUTHENTICATED\"")) {
                failures.add(rpc.fullName() + " no key: " + none.statusCode() + " " + none.headers().map() + none.body());
            }
            HttpResponse<String> unknown = http(rpc.httpMethod(), path, "not-a-key");
            if (unknown.statusCode() != 401) {
                failures.add(rpc.fullName() + " unknown key: " + unknown.statusCode());
            }
            String wrong = wrongKey(rpc.access());
            if (wrong != null) {
                HttpResponse<String> denied = http(rpc.httpMethod(), path, wrong);
                if (denied.statusCode() != 403 || !denied.body().contains("\"grpc-code\":\"PERMISSION_DENIED\"")) {
                    failures.add(rpc.fullName() + " wrong role: " + denied.statusCode() + " " + denied.body());
                }
            }
            HttpResponse<String> ok = http(rpc.httpMethod(), path, rightKey(rpc.access()));
            if (ok.statusCode() == 401 || ok.statusCode() == 403 || ok.statusCode() >= 500) {
                failures.add(rpc.fullName() + " right role: " + ok.statusCode() + " " + ok.body());
            }
        }
        assertTrue(checked >= 15, "HTTP mappings checked: " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void plainContentPutNeedsAPublisherKey() {
        String path = "/content/authz-" + UUID.randomUUID() + "?type=media";
        assertEquals(401, http("PUT", path, null).statusCode());
        assertEquals(401, http("PUT", path, "not-a-key").statusCode());
        assertEquals(403, http("PUT", path, NODE).statusCode());
        assertEquals(403, http("PUT", path, READER).statusCode());
        HttpResponse<String> put = http("PUT", path, PUBLISHER);
        assertTrue(put.statusCode() < 300, put.statusCode() + " " + put.body());
        String id = path.substring("/content/".length(), path.indexOf('?'));
        assertEquals(200, http("GET", "/content/" + id, null).statusCode(), "reads stay public");
        assertEquals(403, http("POST", "/some/future/route", PUBLISHER).statusCode(), "unlisted writes are admin-only");
    }

    @Test
    void nodeKeysReportOnlyForTheirWallets() {
        // The key's line has W in mixed case; the request's case does not matter.
        assertEquals(200, http("POST", "/v1/nodes/" + W.toLowerCase() + ":heartbeat", NODE).statusCode());
        assertEquals(200, http("POST", "/v1/nodes/" + W + ":trackContentServed", NODE).statusCode());
        HttpResponse<String> other = http("POST", "/v1/nodes/" + OTHER_W + ":heartbeat", NODE);
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains(OTHER_W), "names the wallet: " + other.body());
        assertEquals(200, http("POST", "/v1/nodes/" + OTHER_W + ":heartbeat", ADMIN).statusCode(), "admin may");

        var hb = Rpcs.all().stream().filter(r -> r.fullName().endsWith("/RecordHeartbeat")).findFirst().orElseThrow();
        for (String transport : List.of("grpc", "grpc-web")) {
            assertEquals(Status.Code.OK, call(transport, hb, hb.requestWithWallet(W), NODE).code(), transport);
            RawCalls.Result denied = call(transport, hb, hb.requestWithWallet(OTHER_W), NODE);
            assertEquals(Status.Code.PERMISSION_DENIED, denied.code(), transport);
            assertTrue(denied.message().contains(OTHER_W), denied.message());
        }
        assertFalse(server.get("/v1/nodes/" + OTHER_W).body().contains("\"peersConnected\":7"));
    }

    @Test
    void readsStayPublicEvenWithAnUnknownKey() {
        assertEquals(200, http("GET", "/v1/nodes", null).statusCode());
        assertEquals(200, http("GET", "/v1/channels", "not-a-key").statusCode());
        assertEquals(200, http("GET", "/v1/eventStats", null).statusCode());
        assertEquals(404, http("GET", "/content/nothing-here", null).statusCode());
        var get = Rpcs.all().stream().filter(r -> r.fullName().endsWith("/GetAssetManifest")).findFirst().orElseThrow();
        assertEquals(Status.Code.INVALID_ARGUMENT, call("grpc", get, new byte[0], null).code(), "reaches validation");
    }

    @Test
    void metricsCountOutcomesWithoutKeys() {
        http("POST", "/v1/channels:import", null);
        String metrics = server.get("/internal/metrics").body();
        assertTrue(metrics.contains("atlas_auth_requests_total{outcome=\"unauthenticated\"}"), metrics);
        for (String key : List.of(ADMIN, PUBLISHER, NODE, READER, ApiKeys.sha256Hex(ADMIN))) {
            assertFalse(metrics.contains(key), "no key material in metrics");
        }
    }

    static HttpResponse<String> http(String method, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("content-type", "application/json");
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return server.send(b.method(method, body ? HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "bytes"
                : "{}") : HttpRequest.BodyPublishers.noBody()).build());
    }
}
