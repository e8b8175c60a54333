-- A listing whose content changes gets a new version row; the old one is marked superseded, never deleted or
-- rewritten. Deleting a tenth of a wide table's rows made DuckDB rewrite most of it at the next checkpoint
-- (1.4-1.9 s for 100,000 of 1,000,000 rows), while appends and narrow flag updates stay cheap. The versions are
-- also the listing's content history (when its pay or time changed). `listings` stays the current state.
ALTER TABLE listings RENAME TO listing_versions;
ALTER TABLE listing_versions ADD COLUMN superseded BOOLEAN DEFAULT 'false';
CREATE VIEW listings AS SELECT * EXCLUDE (superseded) FROM listing_versions WHERE NOT superseded;
