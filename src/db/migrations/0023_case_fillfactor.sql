-- A collections run rewrites most open cases every day (where the strategy has them, then their
-- owner). Packed full, a page has no room for the new version beside the old, so every such update
-- went to another page and added an entry to each of the table's five indexes, even when no
-- indexed column changed (3 of 180,001 updates were HOT in a day at 1,000,000 loans). Pages kept
-- 30 % free let those updates stay on their page (HOT) and skip the indexes. New and moved rows
-- honour it at once; rows already packed, as they are next rewritten.
ALTER TABLE collection_case SET (fillfactor = 70);
