// Reads vitest's JSON report: fails unless the PostgreSQL half ran and passed, then prints the
// plain closing line CI reads.
import fs from 'node:fs';

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tests = report.testResults.flatMap((file) => file.assertionResults);
const count = (pred) => tests.filter(pred).length;
const onPostgres = (t) => t.ancestorTitles.some((title) => title.endsWith('[postgres]'));
const onPglite = (t) => t.ancestorTitles.some((title) => title.endsWith('[pglite]'));
const passed = count((t) => t.status === 'passed');
const failed = count((t) => t.status === 'failed');
const skipped = count((t) => t.status !== 'passed' && t.status !== 'failed');
const pgPassed = count((t) => onPostgres(t) && t.status === 'passed');
const pglitePassed = count((t) => onPglite(t) && t.status === 'passed');
console.log(`ci: ${pglitePassed} database tests passed on PGlite, ${pgPassed} on PostgreSQL`);
if (pgPassed === 0 || pgPassed !== pglitePassed) {
  console.error('ci: the PostgreSQL half of the suite did not run in full (is TEST_DATABASE_URL set?)');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || !report.success ? 1 : 0);
