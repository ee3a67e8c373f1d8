-- A case the collections run takes back (回收) and places again in the same run is one transfer,
-- from the old owner to the new: written as one row of the owner history, as a manager's
-- reassignment is, instead of a recall row and an allocation row (117,143 rows a day fewer at
-- 1,000,000 loans). The row keeps both reasons: why 'recall' with the recall's reason in detail,
-- and the allocation rule that placed it here. A plain allocation names its rule here too (and in
-- detail, as before).
ALTER TABLE collection_case_owner ADD COLUMN rule_code text;
UPDATE collection_case_owner SET rule_code = detail WHERE why = 'allocation';
