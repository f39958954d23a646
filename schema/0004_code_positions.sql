-- Adding a code looks up the last position among its siblings: an index keeps that O(log n), so
-- importing a codebook of many codes stays linear.
CREATE INDEX codes_parent_position ON codes(ifnull(parent_id, 0), position);
