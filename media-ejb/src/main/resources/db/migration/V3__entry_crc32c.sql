-- CRC32C of each entry's original bytes, recorded by every put and checked by every whole read
-- (cheaper than re-hashing SHA-256 on each download). Entries stored before have none: their reads
-- keep checking the SHA-256.
ALTER TABLE media_entry ADD COLUMN crc32c BIGINT;
