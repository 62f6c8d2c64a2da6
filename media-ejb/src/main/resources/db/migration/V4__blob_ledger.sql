-- Fluvius Media, schema version 4: the blob ledger (io.fluvius.media.core.ledger), the database's record of
-- which stored objects exist and which entries reference them, so that the database, not a JVM, keeps the
-- data-safety invariants (DESIGN.md) with any number of servers sharing it. Portable SQL, as V1.

-- One row per stored object per filesystem. dedup_key is set on the one canonical blob of a content
-- (hash, compression, filesystem) only, and unique: concurrent identical puts on any server converge on
-- it. Blobs of puts made with dedup off leave it NULL, outside the constraint (NULLs never collide, on H2
-- as on PostgreSQL). block_crc32c holds a CRC32C per block_size bytes of the stored bytes, 4 bytes each.
CREATE TABLE media_blob (
    id              UUID                        NOT NULL,
    fs_key          VARCHAR(64)                 NOT NULL,
    storage_key     VARCHAR(512)                NOT NULL,
    content_hash    VARCHAR(64)                 NOT NULL,
    compress        VARCHAR(16),
    content_length  BIGINT                      NOT NULL,
    stored_length   BIGINT                      NOT NULL,
    crc32c          BIGINT,
    block_size      INTEGER                     NOT NULL,
    block_crc32c    BYTEA,
    dedup_key       VARCHAR(160),
    ref_count       BIGINT                      NOT NULL,
    created         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    unreferenced_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_media_blob PRIMARY KEY (id),
    CONSTRAINT uq_media_blob_storage_key UNIQUE (fs_key, storage_key),
    CONSTRAINT uq_media_blob_dedup_key UNIQUE (dedup_key),
    CONSTRAINT ck_media_blob_ref_count CHECK (ref_count >= 0)
);
-- Garbage collection's scan: blobs unreferenced since a cutoff.
CREATE INDEX ix_media_blob_unreferenced ON media_blob (unreferenced_at, id);

-- Work on storage not owned by a blob yet (a write in progress, a pin, bytes to discard), committed before
-- the work starts; see StorageIntent. A pin's blob cannot be deleted while the pin exists.
CREATE TABLE media_intent (
    id          UUID                        NOT NULL,
    kind        VARCHAR(16)                 NOT NULL,
    fs_key      VARCHAR(64)                 NOT NULL,
    storage_key VARCHAR(512),
    blob_id     UUID,
    lease_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_media_intent PRIMARY KEY (id),
    CONSTRAINT fk_media_intent_blob FOREIGN KEY (blob_id) REFERENCES media_blob (id)
);
CREATE INDEX ix_media_intent_lease ON media_intent (lease_until, id);
CREATE INDEX ix_media_intent_blob ON media_intent (blob_id);

-- Rows that always exist, one of which a transaction locks before it decides on a content's blob, when the
-- blob row may not exist yet (JpaMediaManager.lockContent): a content hashes onto one slot.
CREATE TABLE media_content_lock (
    slot INTEGER NOT NULL,
    CONSTRAINT pk_media_content_lock PRIMARY KEY (slot)
);
INSERT INTO media_content_lock (slot)
WITH RECURSIVE slots (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM slots WHERE n < 1023)
SELECT n FROM slots;

-- Backfill: one blob per stored object that entries point at, referenced by exactly those entries. Objects
-- under a content key (sha256/…: stored with dedup on) become their content's canonical blob; objects of
-- entries stored with dedup off (objects/…) keep no dedup key. A blob takes the smallest id among its
-- entries' ids (unique per object; portable, where UUID generation is not). These blobs have no block
-- checksums: their reads are checked whole.
INSERT INTO media_blob (id, fs_key, storage_key, content_hash, compress, content_length, stored_length, crc32c,
                        block_size, block_crc32c, dedup_key, ref_count, created, unreferenced_at)
SELECT (SELECT e.id FROM media_entry e WHERE e.fs_key = g.fs_key AND e.fs_path = g.fs_path
        ORDER BY e.id FETCH FIRST 1 ROWS ONLY),
       g.fs_key, g.fs_path, g.content_hash, g.compress, g.content_length, g.stored_length, g.crc32c,
       0, NULL,
       CASE WHEN g.fs_path LIKE 'sha256/%' THEN g.content_hash || '.' || COALESCE(g.compress, 'raw') || '@' || g.fs_key END,
       g.refs, g.created, NULL
FROM (SELECT fs_key, fs_path, MIN(filehash) AS content_hash, MIN(compress) AS compress,
             MIN(content_length) AS content_length, MIN(stored_length) AS stored_length,
             MIN(crc32c) AS crc32c, COUNT(*) AS refs, MIN(created) AS created
      FROM media_entry
      GROUP BY fs_key, fs_path) g;

ALTER TABLE media_entry ADD COLUMN blob_id UUID;
UPDATE media_entry SET blob_id = (SELECT b.id FROM media_blob b
                                  WHERE b.fs_key = media_entry.fs_key AND b.storage_key = media_entry.fs_path);
ALTER TABLE media_entry ALTER COLUMN blob_id SET NOT NULL;
ALTER TABLE media_entry ADD CONSTRAINT fk_media_entry_blob FOREIGN KEY (blob_id) REFERENCES media_blob (id);
CREATE INDEX ix_media_entry_blob ON media_entry (blob_id);
