-- The unpaid-installments index carries each row's schedule version, so the scans that find what
-- falls due in a window (collections' lead time, close of business's candidates) check a row
-- against its loan's current version from the index alone: at 1,000,000 loans the window's rows
-- lay on 165,000 heap pages, each read only to learn the version.
CREATE INDEX installment_unpaid_due_v ON installment (due_date, loan_id) INCLUDE (version) WHERE settled_on IS NULL;
DROP INDEX installment_unpaid_due;
ALTER INDEX installment_unpaid_due_v RENAME TO installment_unpaid_due;
