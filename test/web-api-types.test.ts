import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiTypes, SCHEMA_FILE } from '../scripts/gen-api-types.js';

describe('web/src/api/schema.d.ts', () => {
  it('matches the OpenAPI document the server builds now (run `npm run gen:api` after changing a route)', async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    const fresh = await renderApiTypes();
    expect(committed === fresh, 'web/src/api/schema.d.ts is stale: run `npm run gen:api`').toBe(true);
  });
});
