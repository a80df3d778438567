-- CatalogService: channels imported from M3U playlists, the stream catalog, the app registry.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

-- One row per stream URL: re-imports update the row whose url_hash (SHA-256 of the URL) matches.
CREATE TABLE catalog_channels (
    id            VARCHAR(80)   PRIMARY KEY,
    url_hash      CHAR(64)      NOT NULL,
    url           VARCHAR(2048) NOT NULL,
    name          VARCHAR(512)  NOT NULL,
    name_lower    VARCHAR(512)  NOT NULL,
    logo          VARCHAR(2048) NOT NULL DEFAULT '',
    group_title   VARCHAR(256)  NOT NULL DEFAULT '',
    group_lower   VARCHAR(256)  NOT NULL DEFAULT '',
    language      VARCHAR(256)  NOT NULL DEFAULT '',
    language_lower VARCHAR(256) NOT NULL DEFAULT '',
    tvg_id        VARCHAR(256)  NOT NULL DEFAULT '',
    http_referrer VARCHAR(2048) NOT NULL DEFAULT '',
    user_agent    VARCHAR(512)  NOT NULL DEFAULT '',
    labels        VARCHAR(1024) NOT NULL DEFAULT '',
    quality       VARCHAR(32)   NOT NULL DEFAULT '',
    source        VARCHAR(2048) NOT NULL DEFAULT '',
    create_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    update_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT catalog_channels_url_hash UNIQUE (url_hash)
);

-- ListChannels: ordered by name then id (keyset), filtered by language or group.
CREATE INDEX catalog_channels_by_name ON catalog_channels (name, id);
CREATE INDEX catalog_channels_by_language ON catalog_channels (language_lower, name, id);
CREATE INDEX catalog_channels_by_group ON catalog_channels (group_lower, name, id);

-- Conditional GET on re-import of a playlist URL.
CREATE TABLE catalog_playlist_sources (
    url           VARCHAR(2048) NOT NULL,
    url_hash      CHAR(64)      PRIMARY KEY,
    etag          VARCHAR(1024),
    last_modified VARCHAR(128),
    import_time   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE catalog_streams (
    id            VARCHAR(128)  PRIMARY KEY,
    title         VARCHAR(256)  NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    channel_id    VARCHAR(128),
    asset_id      VARCHAR(128),
    thumbnail_url VARCHAR(2048) NOT NULL DEFAULT '',
    create_time   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX catalog_streams_by_kind ON catalog_streams (kind, id);

CREATE TABLE catalog_stream_tags (
    stream_id     VARCHAR(128)  NOT NULL REFERENCES catalog_streams (id) ON DELETE CASCADE,
    tag           VARCHAR(64)   NOT NULL,
    PRIMARY KEY (stream_id, tag)
);

CREATE INDEX catalog_stream_tags_by_tag ON catalog_stream_tags (tag, stream_id);

CREATE TABLE catalog_apps (
    id             VARCHAR(128)  PRIMARY KEY,
    name           VARCHAR(256)  NOT NULL,
    description    VARCHAR(4096) NOT NULL DEFAULT '',
    entry_asset_id VARCHAR(128)  NOT NULL DEFAULT '',
    version        VARCHAR(64)   NOT NULL DEFAULT '',
    icon_url       VARCHAR(2048) NOT NULL DEFAULT '',
    category       VARCHAR(64)   NOT NULL DEFAULT '',
    category_lower VARCHAR(64)   NOT NULL DEFAULT '',
    create_time    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX catalog_apps_by_category ON catalog_apps (category_lower, id);
