/**
 * The browser's validators: every form's request schema (each step of the contracts, and the forms on pages of their
 * own) compiled once by the API's own ajv (request-ajv.ts, all errors) into standalone code, and bundled with
 * client/validate.ts by esbuild into one script, built on its first request and kept in memory. Standalone code needs
 * no eval, so the pages' CSP stays `script-src 'self'`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { TObject } from '@sinclair/typebox';
import { build } from 'esbuild';
import { requestAjv } from '../request-ajv';

/** A source module of this folder, as TypeScript (tests, `npm start` from source) or as built JavaScript (dist). */
function moduleFile(relative: string): string {
  for (const ext of ['.ts', '.js']) {
    const file = path.join(__dirname, `${relative}${ext}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`workbench: ${relative} not found next to ${__dirname}`);
}

export interface ValidationBundle {
  /** A form's request schema, under its key (`patrol.issueFeedback`, `form.propose`): its validator's name. */
  register(key: string, schema: TObject): string;
  /** The validator's name of a form's schema (`data-validate`), or undefined for a form without one. */
  nameOf(key: string): string | undefined;
  /** The script and its ETag (built on the first call, with every schema registered by then). */
  script(): Promise<{ code: string; etag: string }>;
}

export function validationBundle(): ValidationBundle {
  const schemas = new Map<string, { name: string; schema: TObject }>();
  let built: Promise<{ code: string; etag: string }> | undefined;

  async function compile(): Promise<{ code: string; etag: string }> {
    const formats = moduleFile('client/formats');
    const ajv = requestAjv(false, {
      allErrors: true,
      code: { source: true, formats: _`require(${formats}).formats` },
    });
    for (const { name, schema } of schemas.values()) ajv.addSchema(schema, name);
    const validators = standaloneCode(ajv, Object.fromEntries([...schemas.values()].map(({ name }) => [name, name])));
    const entry = moduleFile('client/validate');
    const result = await build({
      stdin: {
        contents: `${validators}\nrequire(${JSON.stringify(entry)}).install(module.exports);\n`,
        loader: 'js',
        resolveDir: path.join(__dirname, '..', '..'),
        sourcefile: 'validators.js',
      },
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    return { code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 16)}"` };
  }

  return {
    register(key, schema) {
      if (built) throw new Error(`workbench: the form schema ${key} was registered after the validators were built`);
      const known = schemas.get(key);
      if (known) return known.name;
      const name = `v${schemas.size}`;
      schemas.set(key, { name, schema });
      return name;
    },
    nameOf: (key) => schemas.get(key)?.name,
    script: () => {
      built ??= compile().catch((err: unknown) => {
        built = undefined;
        throw err;
      });
      return built;
    },
  };
}
