-- A case's page keeps half its room free, not 30 % (migration 0023). A collections day rewrites
-- most open cases (180,001 of 214,286 at 1,000,000 loans in the bench: where the strategy has them,
-- or their new owner), and a case's row is about 230 bytes: a page filled to 70 % holds some 26 of
-- them and has room for the new versions of only about 9, so the rest went to another page with an
-- entry in each index (69,320 of the day's updates). Filled to half, a page has room for a new
-- version of every row on it, and the updates stay on their page (HOT). The table grows from about
-- 1.4 to 2 times the rows' size; the reads that scan it (the facts, the allocation, the workloads)
-- read the open cases once each. New and moved rows honour it at once; rows already packed, as
-- they are next moved.
ALTER TABLE collection_case SET (fillfactor = 50);
