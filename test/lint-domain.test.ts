import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

it('keeps I/O and the clock out of src/domain/', async () => {
  const messages = await lintAs(
    'src/domain/example.ts',
    [
      "import fs from 'node:fs';",
      "import { sql } from 'kysely';",
      "import { Hono } from 'hono';",
      "import { openDatabase } from '../db/database.js';",
      'export const today = () => new Date();',
      'export const stamp = () => Date.now();',
      'export const env = () => process.env.X;',
      'export const used = [fs, sql, Hono, openDatabase];',
    ].join('\n'),
  );
  expect(messages.filter((m) => m.includes('src/domain/ is pure: no I/O'))).toHaveLength(4);
  expect(messages.filter((m) => m.includes('reads no clock'))).toHaveLength(2);
  expect(messages).toContain("Unexpected use of 'process'. src/domain/ is pure: pass settings in as arguments.");
});

it('allows the same code outside src/domain/, and pure date arithmetic inside it', async () => {
  expect(await lintAs('src/modules/example.ts', "import fs from 'node:fs';\nexport const now = () => new Date(fs.statSync('.').mtimeMs);\n")).toEqual([]);
  expect(await lintAs('src/domain/example.ts', "export const at = (iso: string) => new Date(iso).getTime();\n")).toEqual([]);
});
