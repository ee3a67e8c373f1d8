-- The loans list (GET /api/v1/loans and its export) pages by keyset: each sort reads an index on
-- (sort key, id) from just after the previous page, so the first page and the thousandth cost the
-- same, and a filter on a close-of-business column starts from loan_status.

-- Sorts on the loan itself.
CREATE INDEX loan_disbursement_keyset ON loan (disbursement_date, id);
CREATE INDEX loan_principal_keyset ON loan (principal_fen, id);
-- "My loans": a loan officer's book; and a small product (floor plan) without reading the others.
CREATE INDEX loan_officer_keyset ON loan (officer_user_id, id) WHERE officer_user_id IS NOT NULL;
CREATE INDEX loan_product_keyset ON loan (product_code, id);

-- Sorts on the last close of business: DPD and outstanding principal.
CREATE INDEX loan_status_dpd_keyset ON loan_status (dpd, loan_id);
CREATE INDEX loan_status_outstanding_keyset ON loan_status (outstanding_principal_fen, loan_id);

-- Filters on it: a rare value (M5, 损失, stage 3) would otherwise mean reading most of the book to
-- fill a page in id order. The common value (M0, 正常, stage 1) fills a page from the first rows
-- read and is left out, so most of the status rows a close rewrites update none of these.
CREATE INDEX loan_status_bucket_keyset ON loan_status (bucket, loan_id) WHERE bucket <> 'M0';
CREATE INDEX loan_status_class_keyset ON loan_status (risk_class, loan_id) WHERE risk_class <> 'normal';
CREATE INDEX loan_status_stage_keyset ON loan_status (stage, loan_id) WHERE stage <> 1;
