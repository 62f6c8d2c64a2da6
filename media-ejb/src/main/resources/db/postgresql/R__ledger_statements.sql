-- Fluvius Media, PostgreSQL only (MediaSchema adds this location when the database is PostgreSQL): the blob
-- ledger's most frequent change as one statement. A put of new content records its blob, drops its write
-- intent and inserts its entry with media_publish_fresh, one round trip that outside a caller's transaction
-- is also the commit (BlobLedger.publish; the general path, JPA in one transaction, does the same in seven).
-- Repeatable: Flyway applies it again whenever this text changes, so the function is replaced, never altered
-- by hand. Its parameters are the columns of the rows it inserts, in the order of the JPA mapping.
--
-- The same locks, in the same order, as the general path (BlobLedger: an intent, then a content's slot, then
-- a blob), and the same checks:
--   * the write's intent must still be a WRITE (garbage collection turns an expired one into a discard):
--     when it is not, SQLSTATE FM001 and nothing changed (the put fails as expired);
--   * with a dedup key, under the content's slot lock, no canonical blob of the content may exist: when one
--     does, FALSE and nothing changed (the caller takes the general path, which references it).
-- Each statement of a PL/pgSQL function sees the rows committed before it began (READ COMMITTED), so the
-- check for a canonical blob, made after the slot lock is granted, sees one committed by a put that held it.

CREATE OR REPLACE FUNCTION media_publish_fresh(
    p_intent_id          UUID,
    p_content_slot       INTEGER,
    p_blob_id            UUID,
    p_fs_key             VARCHAR,
    p_storage_key        VARCHAR,
    p_content_hash       VARCHAR,
    p_compress           VARCHAR,
    p_content_length     BIGINT,
    p_stored_length      BIGINT,
    p_crc32c             BIGINT,
    p_block_size         INTEGER,
    p_block_crc32c       BYTEA,
    p_dedup_key          VARCHAR,
    p_blob_created       TIMESTAMP WITH TIME ZONE,
    p_entry_id           UUID,
    p_filename           VARCHAR,
    p_filemime           VARCHAR,
    p_resource           VARCHAR,
    p_resource_id        VARCHAR,
    p_source_id          UUID,
    p_entry_created      TIMESTAMP WITH TIME ZONE,
    p_meta_keys          VARCHAR[],
    p_meta_values        VARCHAR[])
RETURNS BOOLEAN
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM media_intent WHERE id = p_intent_id AND kind = 'WRITE' FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The write intent % is no longer live', p_intent_id USING ERRCODE = 'FM001';
    END IF;
    IF p_dedup_key IS NOT NULL THEN
        PERFORM 1 FROM media_content_lock WHERE slot = p_content_slot FOR UPDATE;
        PERFORM 1 FROM media_blob WHERE dedup_key = p_dedup_key;
        IF FOUND THEN
            RETURN FALSE;
        END IF;
    END IF;
    INSERT INTO media_blob (id, fs_key, storage_key, content_hash, compress, content_length, stored_length, crc32c,
                            block_size, block_crc32c, dedup_key, ref_count, created, unreferenced_at)
    VALUES (p_blob_id, p_fs_key, p_storage_key, p_content_hash, p_compress, p_content_length, p_stored_length,
            p_crc32c, p_block_size, p_block_crc32c, p_dedup_key, 1, p_blob_created, NULL);
    DELETE FROM media_intent WHERE id = p_intent_id;
    INSERT INTO media_entry (id, filename, filehash, filemime, content_length, fs_key, fs_path, compress,
                             stored_length, crc32c, blob_id, resource, resource_id, source_id, created, updated)
    VALUES (p_entry_id, p_filename, p_content_hash, p_filemime, p_content_length, p_fs_key, p_storage_key,
            p_compress, p_stored_length, p_crc32c, p_blob_id, p_resource, p_resource_id, p_source_id,
            p_entry_created, NULL);
    INSERT INTO media_entry_metadata (entry_id, meta_key, meta_value)
    SELECT p_entry_id, m.meta_key, m.meta_value
    FROM unnest(p_meta_keys, p_meta_values) AS m (meta_key, meta_value);
    RETURN TRUE;
END
$$;
