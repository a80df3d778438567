package io.p3.atlas.server.catalog;

import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.catalog.app.AppService;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.catalog.cache.Fresh;
import io.p3.atlas.server.catalog.channel.Channel;
import io.p3.atlas.server.catalog.channel.ChannelService;
import io.p3.atlas.server.catalog.manifest.ManifestService;
import io.p3.atlas.server.catalog.stream.CatalogStreamService;
import io.p3.atlas.server.catalog.stream.Stream;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.CreateStreamRequest;
import io.p3.atlas.v1.CreateStreamResponse;
import io.p3.atlas.v1.DeleteAppRequest;
import io.p3.atlas.v1.DeleteAppResponse;
import io.p3.atlas.v1.DeleteChannelRequest;
import io.p3.atlas.v1.DeleteChannelResponse;
import io.p3.atlas.v1.DeleteStreamRequest;
import io.p3.atlas.v1.DeleteStreamResponse;
import io.p3.atlas.v1.GetAppRequest;
import io.p3.atlas.v1.GetAppResponse;
import io.p3.atlas.v1.GetAssetManifestRequest;
import io.p3.atlas.v1.GetAssetManifestResponse;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.GetChannelResponse;
import io.p3.atlas.v1.GetStreamRequest;
import io.p3.atlas.v1.GetStreamResponse;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.ListAppsRequest;
import io.p3.atlas.v1.ListAppsResponse;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import io.p3.atlas.v1.ListStreamsRequest;
import io.p3.atlas.v1.ListStreamsResponse;
import io.p3.atlas.v1.RegisterAppRequest;
import io.p3.atlas.v1.RegisterAppResponse;
import java.time.Duration;

/**
 * atlas.v1.CatalogService: translates between protos and the catalog's domain services. Every RPC that
 * may reach the database is {@code @Blocking} (run on the blocking executor); the cached reads are not.
 */
public final class CatalogGrpcService extends CatalogServiceGrpc.CatalogServiceImplBase {
    static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);

    private final ChannelService channels;
    private final CatalogStreamService streams;
    private final AppService apps;
    private final ManifestService manifests;
    private final CachedReplies replies;

    public CatalogGrpcService(ChannelService channels, CatalogStreamService streams, AppService apps,
                              ManifestService manifests, CatalogCache cache) {
        this.channels = channels;
        this.replies = new CachedReplies(cache);
        this.streams = streams;
        this.apps = apps;
        this.manifests = manifests;
    }

    @Blocking
    @Override
    public void importChannels(ImportChannelsRequest req, StreamObserver<ImportChannelsResponse> out) {
        // A large playlist takes longer than the server's default request timeout; the caller's deadline still applies.
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null) {
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, IMPORT_TIMEOUT);
        }
        Replies.reply(out, () -> CatalogProtos.toProto(switch (req.getPlaylistCase()) {
            case PLAYLIST_URL -> channels.importUrl(req.getPlaylistUrl(), req.getSource(), req.getReplaceSource());
            case PLAYLIST_CONTENT -> channels.importContent(req.getPlaylistContent(), req.getSource(),
                    req.getReplaceSource());
            default -> throw AtlasException.invalidArgument("playlist_content",
                    "set one of playlist_url and playlist_content");
        }));
    }

    /** Not {@code @Blocking}: a cached reply is sent from the event loop (see {@link CachedReplies}). */
    @Override
    public void listChannels(ListChannelsRequest req, StreamObserver<ListChannelsResponse> out) {
        replies.reply(CatalogServiceGrpc.getListChannelsMethod(), req, out, () -> {
            Fresh<Page<Channel>> page = channels.listFresh(req.getGroup(), req.getLanguage(), req.getQuery(),
                    req.getPageSize(), req.getPageToken());
            ListChannelsResponse.Builder b = ListChannelsResponse.newBuilder().setTotalSize(page.value().totalSize());
            PageReplies.fill(page.value(), CatalogProtos::toProto, b::addChannels, b::setNextPageToken);
            return page.with(b.build());
        });
    }

    /** Not {@code @Blocking}: a cached reply is sent from the event loop (see {@link CachedReplies}). */
    @Override
    public void getChannel(GetChannelRequest req, StreamObserver<GetChannelResponse> out) {
        replies.reply(CatalogServiceGrpc.getGetChannelMethod(), req, out, () -> {
            Fresh<Channel> channel = channels.getFresh(req.getId());
            return channel.with(GetChannelResponse.newBuilder().setChannel(CatalogProtos.toProto(channel.value()))
                    .build());
        });
    }

    @Blocking
    @Override
    public void deleteChannel(DeleteChannelRequest req, StreamObserver<DeleteChannelResponse> out) {
        Replies.reply(out, () -> {
            channels.delete(req.getId());
            return DeleteChannelResponse.getDefaultInstance();
        });
    }

    @Blocking
    @Override
    public void createStream(CreateStreamRequest req, StreamObserver<CreateStreamResponse> out) {
        Replies.reply(out, () -> {
            io.p3.atlas.v1.Stream s = req.getStream();
            Stream created = streams.create(s.getId(), s.getTitle(), CatalogProtos.fromProto(s.getKind(), "stream.kind"),
                    s.getChannelId(), s.getAssetId(), s.getThumbnailUrl(), s.getTagsList());
            return CreateStreamResponse.newBuilder().setStream(CatalogProtos.toProto(created)).build();
        });
    }

    @Blocking
    @Override
    public void getStream(GetStreamRequest req, StreamObserver<GetStreamResponse> out) {
        Replies.reply(out, () -> GetStreamResponse.newBuilder()
                .setStream(CatalogProtos.toProto(streams.get(req.getId()))).build());
    }

    @Blocking
    @Override
    public void listStreams(ListStreamsRequest req, StreamObserver<ListStreamsResponse> out) {
        Replies.reply(out, () -> {
            ListStreamsResponse.Builder b = ListStreamsResponse.newBuilder();
            PageReplies.fill(streams.list(CatalogProtos.fromProto(req.getKind(), "kind"), req.getTag(), req.getPageSize(),
                    req.getPageToken()), CatalogProtos::toProto, b::addStreams, b::setNextPageToken);
            return b.build();
        });
    }

    @Blocking
    @Override
    public void deleteStream(DeleteStreamRequest req, StreamObserver<DeleteStreamResponse> out) {
        Replies.reply(out, () -> {
            streams.delete(req.getId());
            return DeleteStreamResponse.getDefaultInstance();
        });
    }

    @Blocking
    @Override
    public void registerApp(RegisterAppRequest req, StreamObserver<RegisterAppResponse> out) {
        Replies.reply(out, () -> RegisterAppResponse.newBuilder()
                .setApp(CatalogProtos.toProto(apps.register(CatalogProtos.fromProto(req.getApp())))).build());
    }

    @Blocking
    @Override
    public void getApp(GetAppRequest req, StreamObserver<GetAppResponse> out) {
        Replies.reply(out, () -> GetAppResponse.newBuilder().setApp(CatalogProtos.toProto(apps.get(req.getId())))
                .build());
    }

    @Blocking
    @Override
    public void listApps(ListAppsRequest req, StreamObserver<ListAppsResponse> out) {
        Replies.reply(out, () -> {
            ListAppsResponse.Builder b = ListAppsResponse.newBuilder();
            PageReplies.fill(apps.list(req.getCategory(), req.getPageSize(), req.getPageToken()),
                    CatalogProtos::toProto, b::addApps, b::setNextPageToken);
            return b.build();
        });
    }

    @Blocking
    @Override
    public void deleteApp(DeleteAppRequest req, StreamObserver<DeleteAppResponse> out) {
        Replies.reply(out, () -> {
            apps.delete(req.getId());
            return DeleteAppResponse.getDefaultInstance();
        });
    }

    @Blocking
    @Override
    public void getAssetManifest(GetAssetManifestRequest req, StreamObserver<GetAssetManifestResponse> out) {
        Replies.reply(out, () -> GetAssetManifestResponse.newBuilder()
                .setManifest(CatalogProtos.toProto(manifests.manifest(req.getType()))).build());
    }
}
