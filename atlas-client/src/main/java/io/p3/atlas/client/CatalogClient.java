package io.p3.atlas.client;

import io.grpc.Channel;
import io.p3.atlas.v1.App;
import io.p3.atlas.v1.AssetManifest;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.CreateStreamRequest;
import io.p3.atlas.v1.DeleteAppRequest;
import io.p3.atlas.v1.DeleteChannelRequest;
import io.p3.atlas.v1.DeleteStreamRequest;
import io.p3.atlas.v1.GetAppRequest;
import io.p3.atlas.v1.GetAssetManifestRequest;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.GetStreamRequest;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.ListAppsRequest;
import io.p3.atlas.v1.ListAppsResponse;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import io.p3.atlas.v1.ListStreamsRequest;
import io.p3.atlas.v1.ListStreamsResponse;
import io.p3.atlas.v1.RegisterAppRequest;
import io.p3.atlas.v1.Stream;
import io.p3.atlas.v1.StreamKind;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** CatalogService: TV channels from M3U playlists, the stream catalog, the apps registry, asset manifests. */
public final class CatalogClient {
    /** Playlist imports may take longer than an ordinary call. */
    private static final Duration IMPORT_DEADLINE = Duration.ofMinutes(5);

    private final CatalogServiceGrpc.CatalogServiceBlockingStub stub;
    private final CallOptionsSupport calls;
    private final CallOptionsSupport importCalls = new CallOptionsSupport(IMPORT_DEADLINE);

    CatalogClient(Channel channel, CallOptionsSupport calls) {
        this.stub = CatalogServiceGrpc.newBlockingStub(channel);
        this.calls = calls;
    }

    /** Imports (or re-imports, idempotently) the M3U playlist the server fetches from {@code url}. */
    public ImportChannelsResponse importPlaylistUrl(String url) {
        return CallOptionsSupport.call(() -> importCalls.withDeadline(stub)
                .importChannels(ImportChannelsRequest.newBuilder().setPlaylistUrl(url).build()));
    }

    /** Imports M3U text; {@code source} (may be null) names the import on each channel. */
    public ImportChannelsResponse importPlaylist(String m3u, String source) {
        ImportChannelsRequest.Builder req = ImportChannelsRequest.newBuilder().setPlaylistContent(m3u);
        if (source != null) {
            req.setSource(source);
        }
        return CallOptionsSupport.call(() -> importCalls.withDeadline(stub).importChannels(req.build()));
    }

    /**
     * Up to {@code limit} channels, by name then id, filtered by group, language and a case-insensitive
     * name substring (empty or null: no filter).
     */
    public List<io.p3.atlas.v1.Channel> channels(String group, String language, String query, int limit) {
        return listChannels(group, language, query).first(limit);
    }

    /**
     * The channels, by name then id, filtered by group, language and a case-insensitive name substring
     * (empty or null: no filter), as a lazy listing: pages are fetched as iteration reaches them, and each
     * page reports the listing's {@link Paged.Page#totalSize()}.
     */
    public Paged<io.p3.atlas.v1.Channel> listChannels(String group, String language, String query) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listChannels(
                ListChannelsRequest.newBuilder().setGroup(nz(group)).setLanguage(nz(language)).setQuery(nz(query))
                        .setPageSize(size).setPageToken(token).build())),
                ListChannelsResponse::getChannelsList, ListChannelsResponse::getNextPageToken,
                r -> OptionalInt.of(r.getTotalSize()));
    }

    public io.p3.atlas.v1.Channel channel(String id) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getChannel(GetChannelRequest.newBuilder().setId(id).build()).getChannel());
    }

    public void deleteChannel(String id) {
        CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .deleteChannel(DeleteChannelRequest.newBuilder().setId(id).build()));
    }

    public Stream createStream(Stream stream) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .createStream(CreateStreamRequest.newBuilder().setStream(stream).build()).getStream());
    }

    public Stream stream(String id) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getStream(GetStreamRequest.newBuilder().setId(id).build()).getStream());
    }

    /** Every stream of {@code kind} (UNSPECIFIED: any) carrying {@code tag} (null: any), following pages. */
    public List<Stream> streams(StreamKind kind, String tag) {
        return listStreams(kind, tag).toList();
    }

    /** The streams of {@code kind} (UNSPECIFIED: any) carrying {@code tag} (null: any), by id, lazily. */
    public Paged<Stream> listStreams(StreamKind kind, String tag) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listStreams(
                ListStreamsRequest.newBuilder().setKind(kind).setTag(nz(tag)).setPageSize(size).setPageToken(token)
                        .build())),
                ListStreamsResponse::getStreamsList, ListStreamsResponse::getNextPageToken);
    }

    public void deleteStream(String id) {
        CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .deleteStream(DeleteStreamRequest.newBuilder().setId(id).build()));
    }

    public App registerApp(App app) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .registerApp(RegisterAppRequest.newBuilder().setApp(app).build()).getApp());
    }

    public App app(String id) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getApp(GetAppRequest.newBuilder().setId(id).build()).getApp());
    }

    /** Every app in {@code category} (null: any), following pages. */
    public List<App> apps(String category) {
        return listApps(category).toList();
    }

    /** The apps in {@code category} (null: any), by id, lazily. */
    public Paged<App> listApps(String category) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listApps(
                ListAppsRequest.newBuilder().setCategory(nz(category)).setPageSize(size).setPageToken(token).build())),
                ListAppsResponse::getAppsList, ListAppsResponse::getNextPageToken);
    }

    public void deleteApp(String id) {
        CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .deleteApp(DeleteAppRequest.newBuilder().setId(id).build()));
    }

    /** The manifest of one asset type: {@code sdk}, {@code bundle}, {@code game} or {@code media}. */
    public AssetManifest manifest(String type) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getAssetManifest(GetAssetManifestRequest.newBuilder().setType(type).build()).getManifest());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
