package io.p3.atlas.server.stream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.p3.atlas.server.grpc.ProtoTimes;

/** Domain asset → atlas.v1.Asset (gRPC replies and the JSON bodies of the plain HTTP routes). */
final class AssetProtos {
    private static final JsonFormat.Printer JSON = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

    private AssetProtos() {
    }

    static io.p3.atlas.v1.Asset toProto(Asset a) {
        io.p3.atlas.v1.Asset.Builder b = io.p3.atlas.v1.Asset.newBuilder()
                .setId(a.id())
                .setType(a.type())
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

    /** The asset as proto3 JSON (lowerCamelCase, int64 as strings), as the transcoded routes answer. */
    static String toJson(Asset a) {
        try {
            return JSON.print(toProto(a));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an Asset always prints as JSON", e);
        }
    }
}
