-- What the last collections run that evaluated an open case saw: the day, a digest of the loan's
-- standing facts (everything the strategy looks at but the date: facts.ts) with the strategies in
-- force, and the first later day on which the strategy could decide otherwise on those facts
-- (nextEvaluationOn in src/domain/collections/standing.ts; NULL: none). A run evaluates the case
-- again only on or after that day, or once the digest differs; a NULL digest (a new case, or one
-- from before this column) is always evaluated.
ALTER TABLE collection_case
  ADD COLUMN evaluated_on date,
  ADD COLUMN facts_digest uuid,
  ADD COLUMN evaluate_again_on date;
