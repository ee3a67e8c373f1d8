import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ScoreError, scoreCommand } from '../src/cli/score.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TAIWAN = path.resolve(ROOT, '../shared/data/UCI_Credit_Card.csv');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-score-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function daihou(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/index.ts'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

async function failure(argv: string[]): Promise<ScoreError> {
  try {
    await scoreCommand(argv);
  } catch (e) {
    if (e instanceof ScoreError) return e;
    throw e;
  }
  throw new Error(`expected daihou score ${argv.join(' ')} to fail`);
}

describe('daihou score train on the Taiwan default data', () => {
  it('beats plain logistic regression (hold-out AUC 0.724) with AUC ≥ 0.76 on rows 20,001–30,000', async () => {
    const card = path.join(dir, 'card.json');
    const started = performance.now();
    const out = await daihou(['score', 'train', '--data', TAIWAN, '--target', 'target', '--exclude', 'ID', '--holdout-from', '20001', '--json', '--card', card]);
    const seconds = (performance.now() - started) / 1000;
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    const figures = JSON.parse(lines.at(-1)!) as Record<string, number>;
    expect(Object.keys(figures)).toEqual(['auc', 'ks', 'gini', 'cvAuc', 'holdoutAuc', 'holdoutKs']);
    expect(figures.holdoutAuc).toBeGreaterThanOrEqual(0.76);
    expect(figures.holdoutKs).toBeGreaterThan(0.3926);
    expect(figures.cvAuc).toBeGreaterThan(0.7227);
    expect(figures.gini).toBeCloseTo(2 * figures.auc! - 1, 5);
    // Data rows count from 1 after the header: the split the reference figures use.
    expect(out.stdout).toContain('rows 1–20000, 20000');
    expect(out.stdout).toContain('rows 20001–30000, 10000');
    const written = JSON.parse(fs.readFileSync(card, 'utf8'));
    expect(written.trainingData).toEqual({ file: 'UCI_Credit_Card.csv', sha256: createHash('sha256').update(fs.readFileSync(TAIWAN)).digest('hex'), rows: 30000, trainRows: 20000, holdoutFrom: 20001 });
    expect(written.features.map((f: { name: string }) => f.name)).toContain('PAY_0');
    expect(written.features.map((f: { name: string }) => f.name)).not.toContain('ID');
    expect(written.metrics.holdout.auc).toBeCloseTo(figures.holdoutAuc!, 5);
    console.log(`score train on ${TAIWAN}: ${JSON.stringify(figures)} in ${seconds.toFixed(1)} s`);
  }, 90_000);
});

describe('daihou score errors name what is wrong', () => {
  it('as one line on stderr with exit code 1, or 2 for a wrong option', async () => {
    const missing = await daihou(['score', 'train', '--data', 'nope.csv', '--target', 'bad']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([1, '', 'daihou: --data: no such file: nope.csv\n']);
    const unknown = await daihou(['score', 'train', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^daihou: Unknown option '--bogus'.*\n\nusage:\n {2}daihou score train/s);
  }, 60_000);

  const good = file('good.csv', 'id,x,bad\n1,5,0\n2,7,1\n3,,0\n');

  it('a missing file, a missing target column, a target not 0/1, a non-numeric cell', async () => {
    const missing = await failure(['train', '--data', path.join(dir, 'nope.csv'), '--target', 'bad']);
    expect(missing.message).toBe(`--data: no such file: ${path.join(dir, 'nope.csv')}`);
    const noTarget = await failure(['train', '--data', good, '--target', 'default']);
    expect([noTarget.message, noTarget.exitCode]).toEqual(['good.csv: no target column "default"; the columns are id, x, bad', 2]);
    const target = await failure(['train', '--data', file('t.csv', 'x,bad\n1,0\n2,yes\n'), '--target', 'bad']);
    expect([target.message, target.exitCode]).toEqual(['t.csv: row 2: the target bad must be 0 or 1 (1 = bad), got "yes"', 1]);
    const cell = await failure(['train', '--data', file('n.csv', 'x,bad\n1,0\n2,1\nabc,0\n'), '--target', 'bad']);
    expect(cell.message).toBe('n.csv: row 3, column x: not a number: "abc" (leave the cell empty for a missing value)');
    const ragged = await failure(['train', '--data', file('r.csv', 'x,bad\n1,0\n2,1,3\n'), '--target', 'bad']);
    expect(ragged.message).toMatch(/^r\.csv: not a readable CSV after data row 1: /);
  });

  it('wrong options', async () => {
    expect((await failure(['train', '--target', 'bad'])).exitCode).toBe(2);
    expect((await failure(['train', '--data', good, '--target', 'bad', '--holdout-from', '1'])).message).toContain('--holdout-from must be a data row number from 2 on');
    expect((await failure(['train', '--data', good, '--target', 'bad', '--holdout-from', '4'])).message).toBe('--holdout-from 4: the file has only 3 data rows');
    expect((await failure(['train', '--data', good, '--target', 'bad', '--exclude', 'id,y'])).message).toContain('cannot exclude "y"');
    expect((await failure(['rank'])).message).toContain('unknown score command "rank"');
    expect((await failure(['psi', '--expected', good, '--actual', good])).message).toBe('good.csv: no column "score" (--column); the columns are id, x, bad');
  });

  it('trains a tiny file and prints the figures in one language on request', async () => {
    const out = await scoreCommand(['train', '--data', good, '--target', 'bad', '--exclude', 'id', '--lang', 'en-US', '--json']);
    expect(out).toContain('Training: rows 1–3, 3 rows, bad 1 (33.33%)');
    expect(out).not.toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.parse(out.split('\n').at(-1)!)).toEqual({ auc: expect.any(Number), ks: expect.any(Number), gini: expect.any(Number), cvAuc: expect.any(Number), holdoutAuc: null, holdoutKs: null });
  });
});

describe('daihou score psi', () => {
  it('bins at the deciles of the expected sample; worked by hand', async () => {
    // Expected 1..10: one score per decile. Actual 1, 2, 3, 6: 25% in four deciles, none in six.
    // 4 · (0.25 − 0.1) · ln 2.5 + 6 · (0.0001 − 0.1) · ln(0.0001 / 0.1) = 0.549774 + 4.140509 = 4.690283
    const expected = file('expected.csv', 'score\n' + Array.from({ length: 10 }, (_, i) => i + 1).join('\n') + '\n');
    const actual = file('actual.csv', 'id,score\n1,1\n2,2\n3,3\n4,6\n');
    const out = await scoreCommand(['psi', '--expected', expected, '--actual', actual, '--json']);
    const result = JSON.parse(out.split('\n').at(-1)!);
    expect(result.psi).toBeCloseTo(4.690283, 5);
    expect(result.verdict).toBe('shift');
    expect(result.bins).toHaveLength(10);
    expect(out).toContain('PSI 4.6903: 显著偏移 shift (> 0.25)');
    const same = await scoreCommand(['psi', '--expected', expected, '--actual', expected, '--lang', 'zh-CN']);
    expect(same).toContain('PSI 0.0000: 稳定 (< 0.1)');
  });
});
