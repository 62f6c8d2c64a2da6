-- Keys that sign download links (POST /files/{id}/links), shared by every server of a deployment. The secret
-- is sealed with the master key from the Elytron credential store (AES-GCM, with the master key's id), never
-- stored in the clear. The newest key with no retired_at signs; a retired key's links are accepted until
-- accepted_until.
CREATE TABLE media_link_key (
    key_id         VARCHAR(36)                 NOT NULL,
    sealed_secret  VARCHAR(512)                NOT NULL,
    created        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    retired_at     TIMESTAMP(6) WITH TIME ZONE,
    accepted_until TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_media_link_key PRIMARY KEY (key_id)
);
