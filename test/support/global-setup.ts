import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { wrapPglite } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creating a PGlite database costs ~2.5 s and running the migrations more; loading a dump of a
 * migrated one costs well under a second. The dump is made once per run and every test file
 * loads its own copy from it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // one per project (core, browser: vitest.config.ts), each removed when its project ends
  const file = path.join(os.tmpdir(), `daihou-pglite-template-${process.pid}-${project.name.replace(/\W/g, '_')}.tar`);
  const pglite = await PGlite.create();
  const database = wrapPglite(pglite, 'template', true);
  await migrate(database.db);
  const dump = await pglite.dumpDataDir('none');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  return async () => fs.rmSync(file, { force: true });
}
