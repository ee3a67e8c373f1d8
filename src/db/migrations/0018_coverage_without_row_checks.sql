-- collection_coverage is the watchdog's snapshot of one business date: only the collections run
-- writes it (src/modules/collections/coverage.ts), each row from the loan, its open case and its
-- branch as read in that same transaction, and loans, cases and branches are never deleted; its
-- team and collector columns already carried no keys. Checked row by row, its three foreign keys
-- cost 3.3 of the 3.6 s it took to store the 97,143 uncovered loans of a day at 1,000,000 loans
-- (each check a query per row; the loan's also a row lock written to the WAL), for rows that
-- cannot break them.
ALTER TABLE collection_coverage DROP CONSTRAINT collection_coverage_loan_id_fkey;
ALTER TABLE collection_coverage DROP CONSTRAINT collection_coverage_case_id_fkey;
ALTER TABLE collection_coverage DROP CONSTRAINT collection_coverage_branch_id_fkey;
