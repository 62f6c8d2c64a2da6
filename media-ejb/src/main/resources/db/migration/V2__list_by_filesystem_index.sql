-- Listing the entries of one filesystem, oldest first, reads this index in order instead of sorting.
CREATE INDEX ix_media_entry_fs_created ON media_entry (fs_key, created, id);
