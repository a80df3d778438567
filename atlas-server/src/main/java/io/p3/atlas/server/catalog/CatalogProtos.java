package io.p3.atlas.server.catalog;

import io.p3.atlas.server.catalog.app.App;
import io.p3.atlas.server.catalog.channel.Channel;
import io.p3.atlas.server.catalog.channel.ImportResult;
import io.p3.atlas.server.catalog.manifest.AssetManifest;
import io.p3.atlas.server.catalog.manifest.ManifestAsset;
import io.p3.atlas.server.catalog.stream.Stream;
import io.p3.atlas.server.catalog.stream.StreamKind;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.ImportError;

/** Conversions between catalog domain records and atlas.v1 messages. */
final class CatalogProtos {
    private CatalogProtos() {
    }

    static io.p3.atlas.v1.Channel toProto(Channel c) {
        return io.p3.atlas.v1.Channel.newBuilder()
                .setId(c.id()).setName(c.name()).setLogo(c.logo()).setUrl(c.url()).setGroup(c.group())
                .setLanguage(c.language()).setTvgId(c.tvgId()).setHttpReferrer(c.httpReferrer())
                .setUserAgent(c.userAgent()).addAllLabels(c.labels()).setQuality(c.quality()).setSource(c.source())
                .setCreateTime(ProtoTimes.toProto(c.createTime())).setUpdateTime(ProtoTimes.toProto(c.updateTime()))
                .build();
    }

    static ImportChannelsResponse toProto(ImportResult r) {
        ImportChannelsResponse.Builder b = ImportChannelsResponse.newBuilder()
                .setImportedCount(r.imported()).setUpdatedCount(r.updated()).setSkippedCount(r.skipped())
                .setNotModified(r.notModified()).setRemovedCount(r.removed());
        r.errors().forEach(e -> b.addErrors(ImportError.newBuilder().setLine(e.line()).setReason(e.reason())));
        return b.build();
    }

    static io.p3.atlas.v1.Stream toProto(Stream s) {
        io.p3.atlas.v1.Stream.Builder b = io.p3.atlas.v1.Stream.newBuilder()
                .setId(s.id()).setTitle(s.title()).setKind(toProto(s.kind())).setThumbnailUrl(s.thumbnailUrl())
                .addAllTags(s.tags()).setCreateTime(ProtoTimes.toProto(s.createTime()));
        if (s.channelId() != null) {
            b.setChannelId(s.channelId());
        } else if (s.assetId() != null) {
            b.setAssetId(s.assetId());
        }
        return b.build();
    }

    static io.p3.atlas.v1.StreamKind toProto(StreamKind kind) {
        return switch (kind) {
            case LIVE -> io.p3.atlas.v1.StreamKind.STREAM_KIND_LIVE;
            case VOD -> io.p3.atlas.v1.StreamKind.STREAM_KIND_VOD;
            case AUDIO -> io.p3.atlas.v1.StreamKind.STREAM_KIND_AUDIO;
        };
    }

    /**
     * The domain kind, or null when unset (no filter; a create says it is required). A number this server
     * doesn't know is INVALID_ARGUMENT naming {@code field}, never read as "unset".
     */
    static StreamKind fromProto(io.p3.atlas.v1.StreamKind kind, String field) {
        return switch (kind) {
            case STREAM_KIND_LIVE -> StreamKind.LIVE;
            case STREAM_KIND_VOD -> StreamKind.VOD;
            case STREAM_KIND_AUDIO -> StreamKind.AUDIO;
            case STREAM_KIND_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw AtlasException.invalidArgument(field, field
                    + " must be one of live, vod, audio (or STREAM_KIND_LIVE, STREAM_KIND_VOD, STREAM_KIND_AUDIO)");
        };
    }

    static io.p3.atlas.v1.App toProto(App a) {
        return io.p3.atlas.v1.App.newBuilder()
                .setId(a.id()).setName(a.name()).setDescription(a.description()).setEntryAssetId(a.entryAssetId())
                .setVersion(a.version()).setIconUrl(a.iconUrl()).setCategory(a.category())
                .setCreateTime(ProtoTimes.toProto(a.createTime()))
                .build();
    }

    static App fromProto(io.p3.atlas.v1.App a) {
        return new App(a.getId(), a.getName(), a.getDescription(), a.getEntryAssetId(), a.getVersion(),
                a.getIconUrl(), a.getCategory(), null);
    }

    static io.p3.atlas.v1.AssetManifest toProto(AssetManifest m) {
        io.p3.atlas.v1.AssetManifest.Builder b = io.p3.atlas.v1.AssetManifest.newBuilder()
                .setType(io.p3.atlas.v1.AssetType.valueOf("ASSET_TYPE_" + m.type().name())).setTotalSize(m.totalSize()).setEtag(m.etag())
                .setGenerateTime(ProtoTimes.toProto(m.generateTime()));
        for (ManifestAsset a : m.assets()) {
            b.addAssets(io.p3.atlas.v1.ManifestAsset.newBuilder()
                    .setId(a.id()).setUrl(a.url()).setSize(a.size()).setSha256(a.sha256()).setEtag(a.etag()));
        }
        return b.build();
    }
}
