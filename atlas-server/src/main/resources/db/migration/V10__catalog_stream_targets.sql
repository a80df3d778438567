-- A catalog stream plays a channel or an asset that exists. The database keeps it so on every path that
-- deletes one (DeleteChannel, a replacing import, DeleteAsset) and on every instance, atomically: deleting
-- a channel or an asset removes the catalog streams that play it (and their tags, which cascade from the
-- stream). Streams that earlier versions left pointing at nothing go first.
-- (assets belongs to StreamService's content feature; the catalog refers to it only here.)
DELETE FROM catalog_streams
 WHERE channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog_channels c WHERE c.id = catalog_streams.channel_id);
DELETE FROM catalog_streams
 WHERE asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.id = catalog_streams.asset_id);

ALTER TABLE catalog_streams ADD CONSTRAINT catalog_streams_channel_fk
    FOREIGN KEY (channel_id) REFERENCES catalog_channels (id) ON DELETE CASCADE;
ALTER TABLE catalog_streams ADD CONSTRAINT catalog_streams_asset_fk
    FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE;

-- The cascades look streams up by what they play.
CREATE INDEX catalog_streams_by_channel ON catalog_streams (channel_id);
CREATE INDEX catalog_streams_by_asset ON catalog_streams (asset_id);
