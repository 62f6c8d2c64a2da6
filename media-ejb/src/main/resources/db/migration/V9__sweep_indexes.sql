-- Fluvius Media, schema version 9: what the sweeps of media-batch look rows up by. Portable SQL, as V1.

-- dedup-sweep: contents that more than one blob holds, a page at a time in hash order (a grouped scan of
-- this index, never a sort of the ledger), then the blobs of one content.
CREATE INDEX ix_media_blob_content ON media_blob (content_hash, fs_key);

-- bulk-copy: whether an entry was copied to the destination already (a re-run skips it).
CREATE INDEX ix_media_entry_source ON media_entry (source_id, fs_key);
