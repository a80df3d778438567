package io.p3.atlas.client;

import io.grpc.MethodDescriptor;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.CreateAssetRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which calls may be repeated after {@code UNAVAILABLE}: the server may or may not have done the first
 * attempt, so only calls whose repetition leaves the same state are. The README's "Java SDK" section
 * shows this table with the reasons; keep both in step.
 */
final class Idempotency {
    private static final Predicate<Object> ALWAYS = request -> true;
    private static final Map<String, Predicate<Object>> SAFE = new HashMap<>();

    static {
        // Reads.
        safe(NodeServiceGrpc.getGetNodeMethod(), NodeServiceGrpc.getListDailyMetricsMethod(),
                NodeServiceGrpc.getListNodesMethod(),
                CatalogServiceGrpc.getListChannelsMethod(), CatalogServiceGrpc.getGetChannelMethod(),
                CatalogServiceGrpc.getGetStreamMethod(), CatalogServiceGrpc.getListStreamsMethod(),
                CatalogServiceGrpc.getGetAppMethod(), CatalogServiceGrpc.getListAppsMethod(),
                CatalogServiceGrpc.getGetAssetManifestMethod(),
                StreamServiceGrpc.getGetAssetMethod(), StreamServiceGrpc.getListAssetsMethod(),
                StreamServiceGrpc.getReadAssetMethod(), StreamServiceGrpc.getGetRelayMethod(),
                StreamServiceGrpc.getListRelaysMethod(), StreamServiceGrpc.getSelectRelayMethod(),
                AnalyticsServiceGrpc.getGetEventStatsMethod());
        // Writes whose repetition leaves the same state.
        safe(NodeServiceGrpc.getRecordHeartbeatMethod(), // uptime is the sum of gaps: an extra point adds none
                CatalogServiceGrpc.getImportChannelsMethod(), // keyed by stream URL: a re-import updates
                CatalogServiceGrpc.getDeleteChannelMethod(), CatalogServiceGrpc.getDeleteStreamMethod(),
                CatalogServiceGrpc.getDeleteAppMethod(), StreamServiceGrpc.getDeleteAssetMethod(),
                StreamServiceGrpc.getRegisterRelayMethod(), // an upsert
                StreamServiceGrpc.getDeregisterRelayMethod());
        // Absolute load: the same state again, unless it carries work to credit (those deltas add up).
        SAFE.put(StreamServiceGrpc.getRelayHeartbeatMethod().getFullMethodName(),
                request -> request instanceof RelayHeartbeatRequest
                        && ((RelayHeartbeatRequest) request).getBytesServedDelta() == 0
                        && ((RelayHeartbeatRequest) request).getTasksCompletedDelta() == 0);
        // The same registration again is answered with the existing asset; without an id the server
        // would make a second asset under a new UUID.
        SAFE.put(StreamServiceGrpc.getCreateAssetMethod().getFullMethodName(),
                request -> request instanceof CreateAssetRequest && !((CreateAssetRequest) request).getId().isEmpty());
        // Never: TrackContentServed, IngestEvents and a RelayHeartbeat with deltas add, CreateStream and RegisterApp answer ALREADY_EXISTS
        // to their own repetition, UploadAsset and StreamEvents are client streams.
    }

    private Idempotency() {
    }

    private static void safe(MethodDescriptor<?, ?>... methods) {
        for (MethodDescriptor<?, ?> m : methods) {
            SAFE.put(m.getFullMethodName(), ALWAYS);
        }
    }

    /** True if {@code request} to {@code method} may be sent again after UNAVAILABLE. */
    static boolean safeToRepeat(MethodDescriptor<?, ?> method, Object request) {
        Predicate<Object> rule = SAFE.get(method.getFullMethodName());
        if (rule != null) {
            return rule.test(request);
        }
        return method.isIdempotent() || method.isSafe();
    }
}
