package io.p3.atlas.server.stream;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.server.relay.RelayProtos;
import io.p3.atlas.server.relay.RelayService;
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
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayHeartbeatResponse;
import io.p3.atlas.v1.SelectRelayRequest;
import io.p3.atlas.v1.SelectRelayResponse;
import io.p3.atlas.v1.StreamServiceGrpc;
import io.p3.atlas.v1.UploadAssetRequest;
import io.p3.atlas.v1.UploadAssetResponse;

/**
 * atlas.v1.StreamService: translates between protos and {@link AssetService} / {@link RelayService}.
 * Runs on the blocking executor (the server sets useBlockingTaskExecutor).
 */
public final class StreamGrpcService extends StreamServiceGrpc.StreamServiceImplBase {
    private final AssetService assets;
    private final RelayService relays;
    private final StreamMetrics metrics;

    public StreamGrpcService(AssetService assets, RelayService relays, StreamMetrics metrics) {
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
                assets.createPullThrough(req.getId(), req.getType(), req.getSourceUrl(), req.getContentType())))
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
            Page<Asset> page = assets.list(req.getType(), req.getPageSize(), req.getPageToken());
            ListAssetsResponse.Builder b = ListAssetsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(a -> b.addAssets(AssetProtos.toProto(a)));
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
        Relay r = req.getRelay();
        Replies.reply(out, () -> RegisterRelayResponse.newBuilder().setRelay(RelayProtos.toProto(relays.register(
                r.getId(), r.getWalletAddress(), r.getEndpointUrl(), r.getRegion(), r.getCapacityMbps()))).build());
    }

    @Override
    public void relayHeartbeat(RelayHeartbeatRequest req, StreamObserver<RelayHeartbeatResponse> out) {
        Replies.reply(out, () -> RelayHeartbeatResponse.newBuilder().setRelay(RelayProtos.toProto(
                relays.heartbeat(req.getId(), req.getActiveStreams(), req.getLoad()))).build());
    }

    @Override
    public void listRelays(ListRelaysRequest req, StreamObserver<ListRelaysResponse> out) {
        Replies.reply(out, () -> {
            Page<RelayService.RelayState> page = relays.list(req.getRegion(), RelayProtos.statusFilter(req.getStatus()),
                    req.getPageSize(), req.getPageToken());
            ListRelaysResponse.Builder b = ListRelaysResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(s -> b.addRelays(RelayProtos.toProto(s)));
            return b.build();
        });
    }

    @Override
    public void getRelay(GetRelayRequest req, StreamObserver<GetRelayResponse> out) {
        Replies.reply(out, () -> GetRelayResponse.newBuilder()
                .setRelay(RelayProtos.toProto(relays.get(req.getId()))).build());
    }

    @Override
    public void deregisterRelay(DeregisterRelayRequest req, StreamObserver<DeregisterRelayResponse> out) {
        Replies.reply(out, () -> {
            relays.deregister(req.getId());
            return DeregisterRelayResponse.getDefaultInstance();
        });
    }

    @Override
    public void selectRelay(SelectRelayRequest req, StreamObserver<SelectRelayResponse> out) {
        Replies.reply(out, () -> SelectRelayResponse.newBuilder()
                .setRelay(RelayProtos.toProto(relays.select(req.getStreamId(), req.getRegion()))).build());
    }
}
