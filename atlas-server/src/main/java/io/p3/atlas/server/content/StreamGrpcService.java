package io.p3.atlas.server.content;

import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.CreateAssetRequest;
import io.p3.atlas.v1.CreateAssetResponse;
import io.p3.atlas.v1.DeleteAssetRequest;
import io.p3.atlas.v1.DeleteAssetResponse;
import io.p3.atlas.v1.DeregisterRelayRequest;
import io.p3.atlas.v1.DeregisterRelayResponse;
import io.p3.atlas.v1.GetAssetRequest;
import io.p3.atlas.v1.GetAssetResponse;
import io.p3.atlas.v1.GetRelayRequest;
import io.p3.atlas.v1.GetRelayResponse;
import io.p3.atlas.v1.ListAssetsRequest;
import io.p3.atlas.v1.ListAssetsResponse;
import io.p3.atlas.v1.ListRelaysRequest;
import io.p3.atlas.v1.ListRelaysResponse;
import io.p3.atlas.v1.ReadAssetRequest;
import io.p3.atlas.v1.ReadAssetResponse;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.RegisterRelayResponse;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayHeartbeatResponse;
import io.p3.atlas.v1.SelectRelayRequest;
import io.p3.atlas.v1.SelectRelayResponse;
import io.p3.atlas.v1.StreamServiceGrpc;
import io.p3.atlas.v1.UploadAssetRequest;
import io.p3.atlas.v1.UploadAssetResponse;

/**
 * atlas.v1.StreamService: translates between protos and {@link AssetService}. The contract serves the relay
 * registry's RPCs in the same service: those go to {@code relays}, the relay feature's half (wired by the
 * composition root), so this feature never imports the relay feature. Runs on the blocking executor
 * ({@code @Blocking}).
 */
@Blocking // every RPC may reach the database: run on the blocking executor
public final class StreamGrpcService extends StreamServiceGrpc.StreamServiceImplBase {
    private final AssetService assets;
    private final StreamServiceGrpc.AsyncService relays;
    private final ContentMetrics metrics;

    public StreamGrpcService(AssetService assets, StreamServiceGrpc.AsyncService relays, ContentMetrics metrics) {
        this.assets = assets;
        this.relays = relays;
        this.metrics = metrics;
    }

    @Override
    public StreamObserver<UploadAssetRequest> uploadAsset(StreamObserver<UploadAssetResponse> out) {
        return new UploadAssetObserver(assets, out);
    }

    @Override
    public void createAsset(CreateAssetRequest req, StreamObserver<CreateAssetResponse> out) {
        Replies.reply(out, () -> CreateAssetResponse.newBuilder().setAsset(AssetProtos.toProto(
                assets.createPullThrough(req.getId(), AssetProtos.kind(req.getType(), "type"), req.getSourceUrl(),
                        req.getContentType())))
                .build());
    }

    @Override
    public void getAsset(GetAssetRequest req, StreamObserver<GetAssetResponse> out) {
        Replies.reply(out, () -> GetAssetResponse.newBuilder()
                .setAsset(AssetProtos.toProto(assets.get(req.getId()))).build());
    }

    @Override
    public void listAssets(ListAssetsRequest req, StreamObserver<ListAssetsResponse> out) {
        Replies.reply(out, () -> {
            ListAssetsResponse.Builder b = ListAssetsResponse.newBuilder();
            PageReplies.fill(assets.list(AssetProtos.filter(req.getType(), "type"), req.getPageSize(),
                    req.getPageToken()), AssetProtos::toProto, b::addAssets, b::setNextPageToken);
            return b.build();
        });
    }

    @Override
    public void deleteAsset(DeleteAssetRequest req, StreamObserver<DeleteAssetResponse> out) {
        Replies.reply(out, () -> {
            assets.delete(req.getId());
            return DeleteAssetResponse.getDefaultInstance();
        });
    }

    /**
     * Streams a stored asset from memory or disk; a pull-through asset whose first fetch is under way
     * (including the one this read starts) follows the download as its bytes arrive.
     */
    @Override
    public void readAsset(ReadAssetRequest req, StreamObserver<ReadAssetResponse> out) {
        ServerCallStreamObserver<ReadAssetResponse> call = (ServerCallStreamObserver<ReadAssetResponse>) out;
        AssetChunkStreamer streamer;
        try {
            AssetService.Read read = assets.read(req.getId(), req.getOffset(), req.getLength());
            if (read instanceof AssetService.Follow follow) {
                FollowingChunkStreamer following = FollowingChunkStreamer.open(call, follow, metrics);
                if (following != null) {
                    ServiceRequestContext.current().blockingTaskExecutor().execute(following);
                    return;
                }
                read = assets.slice(follow.download().done().join(), follow.offset(), follow.length());
            }
            AssetService.Slice slice = (AssetService.Slice) read;
            streamer = new AssetChunkStreamer(call, slice.asset(), assets.open(slice.asset()), slice.offset(),
                    slice.length(), metrics);
        } catch (RuntimeException e) {
            out.onError(e);
            return;
        }
        streamer.start();
    }

    @Override
    public void registerRelay(RegisterRelayRequest req, StreamObserver<RegisterRelayResponse> out) {
        relays.registerRelay(req, out);
    }

    @Override
    public void relayHeartbeat(RelayHeartbeatRequest req, StreamObserver<RelayHeartbeatResponse> out) {
        relays.relayHeartbeat(req, out);
    }

    @Override
    public void listRelays(ListRelaysRequest req, StreamObserver<ListRelaysResponse> out) {
        relays.listRelays(req, out);
    }

    @Override
    public void getRelay(GetRelayRequest req, StreamObserver<GetRelayResponse> out) {
        relays.getRelay(req, out);
    }

    @Override
    public void deregisterRelay(DeregisterRelayRequest req, StreamObserver<DeregisterRelayResponse> out) {
        relays.deregisterRelay(req, out);
    }

    @Override
    public void selectRelay(SelectRelayRequest req, StreamObserver<SelectRelayResponse> out) {
        relays.selectRelay(req, out);
    }
}
