package io.p3.atlas.server.content;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.ProtoJson;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.v1.AssetType;

/**
 * The transport edge of assets: domain asset → atlas.v1.Asset (gRPC replies and the JSON bodies of the
 * plain HTTP routes), and atlas.v1.AssetType ⇄ {@link AssetKind}.
 */
final class AssetProtos {
    private static final ProtoJson JSON = ProtoJson.of(io.p3.atlas.v1.Asset.getDefaultInstance());

    private static final String NAMES = "sdk, bundle, game, media (or ASSET_TYPE_SDK, ASSET_TYPE_BUNDLE, ASSET_TYPE_GAME,"
            + " ASSET_TYPE_MEDIA)";

    private AssetProtos() {
    }

    static io.p3.atlas.v1.Asset toProto(Asset a) {
        io.p3.atlas.v1.Asset.Builder b = io.p3.atlas.v1.Asset.newBuilder()
                .setId(a.id())
                .setType(toProto(a.type()))
                .setUrl(a.url())
                .setContentType(a.contentType())
                .setFetched(a.fetched())
                .setCreateTime(ProtoTimes.toProto(a.createTime()));
        if (a.fetched()) {
            b.setSize(a.size()).setSha256(a.sha256()).setEtag(a.etag());
        }
        if (a.sourceUrl() != null) {
            b.setSourceUrl(a.sourceUrl());
        }
        return b.build();
    }

    static AssetType toProto(AssetKind kind) {
        return AssetType.valueOf(kind.dbValue());
    }

    /** A required type: UNSPECIFIED (or a number this server doesn't know) is INVALID_ARGUMENT naming {@code field}. */
    static AssetKind kind(AssetType type, String field) {
        if (type == AssetType.ASSET_TYPE_UNSPECIFIED) {
            throw AtlasException.invalidArgument(field, field + " is required: " + NAMES);
        }
        return filter(type, field);
    }

    /** An optional type filter: UNSPECIFIED is no filter (null); an unknown number is INVALID_ARGUMENT. */
    static AssetKind filter(AssetType type, String field) {
        return switch (type) {
            case ASSET_TYPE_SDK -> AssetKind.SDK;
            case ASSET_TYPE_BUNDLE -> AssetKind.BUNDLE;
            case ASSET_TYPE_GAME -> AssetKind.GAME;
            case ASSET_TYPE_MEDIA -> AssetKind.MEDIA;
            case ASSET_TYPE_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw AtlasException.invalidArgument(field, field + " must be one of " + NAMES);
        };
    }

    /** The asset as proto3 JSON (lowerCamelCase, int64 as strings), as the transcoded routes answer. */
    static String toJson(Asset a) {
        return JSON.print(toProto(a));
    }
}
