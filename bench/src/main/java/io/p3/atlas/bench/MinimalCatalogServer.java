package io.p3.atlas.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.GetChannelResponse;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC baseline: a minimal grpc-java (Netty) server answering {@code CatalogService.ListChannels} and
 * {@code GetChannel} from memory, with the very responses (same bytes) Atlas gave for the same requests,
 * fetched from Atlas once at start. It is what the transport costs with no application work at all.
 *
 * <pre>
 * java -cp … io.p3.atlas.bench.MinimalCatalogServer --port 9090 --from 127.0.0.1:8080 --group "Group 07" \
 *      --page-size 50 --channel-id some-id
 * </pre>
 * Prints {@code ready} once serving; runs until killed.
 */
public final class MinimalCatalogServer extends CatalogServiceGrpc.CatalogServiceImplBase {
    private final Map<ListChannelsRequest, ListChannelsResponse> pages = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        MinimalCatalogServer service = new MinimalCatalogServer();
        String[] from = args.get("from").split(":");
        ManagedChannel atlas = ManagedChannelBuilder.forAddress(from[0], Integer.parseInt(from[1])).usePlaintext()
                .build();
        try {
            var stub = CatalogServiceGrpc.newBlockingStub(atlas);
            ListChannelsRequest list = ListChannelsRequest.newBuilder().setGroup(args.get("group", ""))
                    .setPageSize(args.getInt("page-size", 50)).build();
            ListChannelsResponse page = stub.listChannels(list);
            service.pages.put(list, page);
            page.getChannelsList().forEach(c -> service.channels.put(c.getId(), c));
            String id = args.get("channel-id", "");
            if (!id.isEmpty()) {
                service.channels.put(id, stub.getChannel(GetChannelRequest.newBuilder().setId(id).build())
                        .getChannel());
            }
            System.out.printf("baseline holds a ListChannels page of %d channels (%d bytes)%n",
                    page.getChannelsCount(), page.getSerializedSize());
        } finally {
            atlas.shutdownNow();
        }
        Server server = ServerBuilder.forPort(args.getInt("port", 0)).addService(service).build().start();
        System.out.println("ready on port " + server.getPort());
        server.awaitTermination();
    }

    @Override
    public void listChannels(ListChannelsRequest request, StreamObserver<ListChannelsResponse> reply) {
        ListChannelsResponse page = pages.get(request);
        if (page == null) {
            reply.onError(Status.NOT_FOUND.withDescription("the baseline knows only the benchmarked page")
                    .asRuntimeException());
            return;
        }
        reply.onNext(page);
        reply.onCompleted();
    }

    @Override
    public void getChannel(GetChannelRequest request, StreamObserver<GetChannelResponse> reply) {
        Channel channel = channels.get(request.getId());
        if (channel == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no channel " + request.getId()).asRuntimeException());
            return;
        }
        reply.onNext(GetChannelResponse.newBuilder().setChannel(channel).build());
        reply.onCompleted();
    }
}
