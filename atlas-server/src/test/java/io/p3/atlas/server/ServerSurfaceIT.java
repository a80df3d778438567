package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.testing.AtlasServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every deployment serves besides the atlas services: reflection, health, docs, metrics, CORS. */
class ServerSurfaceIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres();

    @Test
    void reflectionListsServicesAndResolvesFiles() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        var stub = ServerReflectionGrpc.newStub(server.channel());
        StreamObserver<ServerReflectionRequest> requests = stub.serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse r) {
                services.complete(r.getListServicesResponse().getServiceList().stream()
                        .map(ServiceResponse::getName).toList());
            }

            @Override
            public void onError(Throwable t) {
                services.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> names = services.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        assertTrue(names.contains("atlas.v1.NodeService"), names.toString());
        assertTrue(names.contains("grpc.health.v1.Health"), names.toString());
    }

    @Test
    void grpcHealthServes() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.newBuilder().build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
        assertEquals(200, server.get("/internal/healthcheck").statusCode());
    }

    @Test
    void prometheusMetricsAndDocs() {
        server.postJson("/v1/nodes/0x3000000000000000000000000000000000000003:heartbeat", "{}");
        HttpResponse<String> metrics = server.get("/internal/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("atlas_http_requests_total"), "request metrics");
        assertTrue(metrics.body().contains("atlas_group_commit_batch_size"), "group commit metrics");
        assertTrue(metrics.body().contains("hikaricp_connections"), "pool metrics");

        HttpResponse<String> docs = server.get("/docs/specification.json");
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().contains("atlas.v1.NodeService"));
    }

    @Test
    void corsPreflightForGrpcWebExposesGrpcStatus() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/atlas.v1.NodeService/GetNode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", "https://app.example")
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type,x-grpc-web")
                .build());
        assertEquals(200, r.statusCode());
        assertEquals("https://app.example", r.headers().firstValue("access-control-allow-origin").orElse("")
                .replace("*", "https://app.example"));
        assertTrue(r.headers().firstValue("access-control-allow-headers").orElse("").contains("x-grpc-web"));

        HttpResponse<String> actual = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/v1/nodes/0x3000000000000000000000000000000000000003"))
                .header("origin", "https://app.example").GET().build());
        assertTrue(actual.headers().firstValue("access-control-expose-headers").orElse("").contains("grpc-status"),
                actual.headers().map().toString());
    }
}
