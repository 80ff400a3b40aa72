// Part of `npm run build`: bundle the workbench's browser validators (api/workbench/validation-bundle.ts) once into
// dist/api/workbench/validators.js, so a production API serves a file and needs no bundler at run time. The forms are
// those the API registers as it starts: the API is built here on an in-memory store and a Temporal connection that is
// never opened, and asked for the script as a browser would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../api/app';
import { builtValidatorsFile } from '../api/workbench/validation-bundle';
import { parseCodecKeys } from '../lib/infra/codec';
import { CaseStore } from '../lib/store/case-store';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bundle-validators-'));
  const store = await CaseStore.open('pglite:memory');
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  try {
    const app = await buildApp({
      temporalClient: new Client({ connection }),
      store,
      codecKeys: parseCodecKeys(`build:${randomBytes(32).toString('base64')}`),
      env: { AUTH_JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY_MS: '0' },
    });
    const res = await app.inject({ method: 'GET', url: '/workbench/assets/validate.js' });
    if (res.statusCode !== 200) throw new Error(`the validators did not build: ${res.statusCode} ${res.body}`);
    writeFileSync(builtValidatorsFile, res.body);
    await app.close();
    process.stderr.write(
      `[build] workbench validators: ${path.relative(process.cwd(), builtValidatorsFile)} (${(res.body.length / 1024).toFixed(0)} KiB)\n`,
    );
  } finally {
    await store.close();
    await connection.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
