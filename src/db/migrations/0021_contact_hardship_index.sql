-- The strategy's facts take the hardship tag from every case's uncorrected hardship claims, gathered
-- once a day for all cases (src/modules/collections/facts.ts) rather than looked up case by case:
-- this index holds just those contacts, so the daily gathering reads them and not the whole log.
CREATE INDEX collection_contact_hardship ON collection_contact (case_id, id) WHERE outcome = 'hardship';
