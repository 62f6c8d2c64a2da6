-- Fluvius Media, schema version 1: the tables of MediaEntry and MediaFilesystem (io.fluvius.media.core).
-- Portable SQL: the same script runs on H2 2.2 (the embedded default) and PostgreSQL 15. Column names and
-- types are the JPA mapping's; the application checks them against the mapping at every start.
-- A released migration is never edited: change the schema with a new V<n>__<what>.sql beside this one.

CREATE TABLE media_entry (
    id             UUID                        NOT NULL,
    filename       VARCHAR(1024)               NOT NULL,
    filehash       VARCHAR(64)                 NOT NULL,
    filemime       VARCHAR(255)                NOT NULL,
    content_length BIGINT                      NOT NULL,
    fs_key         VARCHAR(64)                 NOT NULL,
    fs_path        VARCHAR(512)                NOT NULL,
    -- CompressionMethod by name; NULL when the stored bytes are the original ones.
    compress       VARCHAR(16),
    stored_length  BIGINT                      NOT NULL,
    resource       VARCHAR(255),
    resource_id    VARCHAR(255),
    source_id      UUID,
    created        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated        TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_media_entry PRIMARY KEY (id)
);

CREATE TABLE media_entry_metadata (
    entry_id   UUID          NOT NULL,
    meta_key   VARCHAR(255)  NOT NULL,
    meta_value VARCHAR(4000),
    CONSTRAINT pk_media_entry_metadata PRIMARY KEY (entry_id, meta_key),
    CONSTRAINT fk_media_entry_metadata_entry FOREIGN KEY (entry_id) REFERENCES media_entry (id) ON DELETE CASCADE
);

-- The queries the product makes: a resource's files in listing order, dedup by content on a
-- filesystem, the entries that share one stored blob, and every entry in listing order.
CREATE INDEX ix_media_entry_resource ON media_entry (resource, resource_id, created, id);
CREATE INDEX ix_media_entry_fs_hash ON media_entry (fs_key, filehash);
CREATE INDEX ix_media_entry_fs_path ON media_entry (fs_key, fs_path);
CREATE INDEX ix_media_entry_created ON media_entry (created, id);

CREATE TABLE media_filesystem (
    fs_key   VARCHAR(64)                 NOT NULL,
    protocol VARCHAR(32)                 NOT NULL,
    name     VARCHAR(255),
    created  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_media_filesystem PRIMARY KEY (fs_key)
);

CREATE TABLE media_filesystem_param (
    fs_key      VARCHAR(64)   NOT NULL,
    param_name  VARCHAR(128)  NOT NULL,
    param_value VARCHAR(4000),
    CONSTRAINT pk_media_filesystem_param PRIMARY KEY (fs_key, param_name),
    CONSTRAINT fk_media_filesystem_param_fs FOREIGN KEY (fs_key) REFERENCES media_filesystem (fs_key) ON DELETE CASCADE
);
