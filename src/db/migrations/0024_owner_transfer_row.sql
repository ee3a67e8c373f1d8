-- A case the collections run takes back (回收) and places again in the same run is one transfer,
-- from the old owner to the new: written as one row of the owner history, as a manager's
-- reassignment is, instead of a recall row and an allocation row (117,143 rows a day fewer at
-- 1,000,000 loans). The row keeps both reasons: why 'recall' with the recall's reason in detail,
-- and here the allocation rule that placed it. A plain allocation names its rule here too (and in
-- detail, as before). The history is append-only (collection_case_owner_append_only): rows written
-- before this column keep it empty, their rule in detail.
ALTER TABLE collection_case_owner ADD COLUMN rule_code text;
