package io.p3.atlas.server.catalog.stream;

import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.fields.Fields;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** The catalog's streams (playable entries: a channel or an asset): validation, id generation, cached reads. */
public final class CatalogStreamService {
    static final int MAX_TAGS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final StreamStore store;
    private final CatalogCache cache;
    private final Predicate<String> channelExists;
    private final Clock clock;

    /** {@code channelExists} tells whether a channel id refers to a stored channel. */
    public CatalogStreamService(StreamStore store, CatalogCache cache, Predicate<String> channelExists, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.channelExists = channelExists;
        this.clock = clock;
    }

    /**
     * Validates and stores a new stream (id generated when empty). {@code channelId}/{@code assetId} are
     * null or empty when unset.
     */
    public Stream create(String id, String title, StreamKind kind, String channelId, String assetId,
                         String thumbnailUrl, List<String> tags) {
        String sid = id == null || id.isEmpty() ? newId() : Fields.id("stream.id", id);
        String t = Fields.required("stream.title", title, 256);
        if (kind == null) {
            throw AtlasException.invalidArgument("stream.kind",
                    "stream.kind is required: STREAM_KIND_LIVE, STREAM_KIND_VOD or STREAM_KIND_AUDIO");
        }
        boolean hasChannel = channelId != null && !channelId.isEmpty();
        boolean hasAsset = assetId != null && !assetId.isEmpty();
        if (hasChannel == hasAsset) {
            throw AtlasException.invalidArgument(hasChannel ? "stream.asset_id" : "stream.channel_id",
                    "set exactly one of stream.channel_id and stream.asset_id");
        }
        if (hasChannel && !channelExists.test(Fields.id("stream.channel_id", channelId))) {
            throw AtlasException.invalidArgument("stream.channel_id",
                    "stream.channel_id '" + channelId + "' is not a channel; import it first");
        }
        Stream stream = new Stream(sid, t, kind, hasChannel ? channelId : null,
                hasAsset ? Fields.id("stream.asset_id", assetId) : null,
                Fields.optionalHttpUrl("stream.thumbnail_url", thumbnailUrl), tags(tags), clock.instant());
        boolean created;
        try {
            created = store.insert(stream);
        } catch (StreamStore.MissingTargetException e) {
            // The channel went away since the check above, or the asset does not exist (StreamService's
            // assets are not visible here: the database's foreign key is the check).
            throw hasChannel
                    ? AtlasException.invalidArgument("stream.channel_id",
                            "stream.channel_id '" + channelId + "' is not a channel; import it first")
                    : AtlasException.invalidArgument("stream.asset_id", "stream.asset_id '" + assetId
                            + "' is not an asset; upload it (PUT /content/{id}) or create it (CreateAsset) first");
        }
        cache.invalidateAll();
        if (!created) {
            throw AtlasException.alreadyExists("stream", "a stream with id '" + sid + "' already exists");
        }
        return stream;
    }

    static List<String> tags(List<String> tags) {
        return Fields.tags("stream.tags", tags, MAX_TAGS);
    }

    public Stream get(String id) {
        Fields.id("id", id);
        Optional<Stream> s = cache.get(CatalogCache.Area.STREAMS, List.of("get", id), () -> store.find(id));
        return s.orElseThrow(() -> AtlasException.notFound("stream", "no stream with id '" + id + "'"));
    }

    /** Streams ordered by id; {@code kind} null and {@code tag} empty mean no filter. */
    public Page<Stream> list(StreamKind kind, String tag, int pageSize, String pageToken) {
        String t = tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(Locale.ROOT);
        int size = PageRequest.pageSize(pageSize);
        String filters = (kind == null ? "" : kind.name()) + '\u001e' + (t == null ? "" : t);
        List<String> cursor = PageToken.decode(pageToken, filters, 1);
        return cache.get(CatalogCache.Area.STREAMS, List.of("list", filters, size, pageToken == null ? "" : pageToken),
                () -> Page.cut(store.list(kind, t, cursor == null ? null : cursor.get(0), size + 1),
                        size, filters, s -> List.of(s.id())));
    }

    public void delete(String id) {
        Fields.id("id", id);
        boolean existed = store.delete(id);
        cache.invalidateAll();
        if (!existed) {
            throw AtlasException.notFound("stream", "no stream with id '" + id + "'");
        }
    }

    private static String newId() {
        char[] c = new char[16];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(c);
    }
}
