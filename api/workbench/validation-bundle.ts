/**
 * The browser's validators: every form's request schema (each step of the contracts, and the forms on pages of their
 * own) compiled once by the API's own ajv (request-ajv.ts, all errors) into standalone code, and bundled with
 * client/validate.ts by esbuild into one script. Standalone code needs no eval, so the pages' CSP stays
 * `script-src 'self'`.
 *
 * `npm run build` writes the script next to the built module (dist/api/workbench/validators.js,
 * scripts/bundle-validators.ts), headed by the fingerprint of the schemas it was built from: a production API serves
 * that file and needs no bundler (esbuild is a development dependency). Run from the sources (tests, a developer's
 * machine), or with a file built from other schemas, the script is bundled on its first request and kept in memory.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { TObject } from '@sinclair/typebox';
import type * as Esbuild from 'esbuild';
import { requestAjv } from '../request-ajv';

/** Where `npm run build` puts the bundled validators: beside this module in dist/. */
export const builtValidatorsFile = path.join(__dirname, 'validators.js');
const header = (fingerprint: string) => `/* validators ${fingerprint} */\n`;

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
  /** Whether the script comes from `npm run build`'s file (true) or is bundled in this process (false). */
  prebuilt(): boolean;
}

const etagOf = (code: string) => `"${createHash('sha256').update(code).digest('hex').slice(0, 16)}"`;

export function validationBundle(): ValidationBundle {
  const schemas = new Map<string, { name: string; schema: TObject }>();
  let built: Promise<{ code: string; etag: string }> | undefined;

  const fingerprint = () =>
    createHash('sha256')
      .update(JSON.stringify([...schemas.entries()]))
      .digest('hex')
      .slice(0, 32);

  /** The file `npm run build` wrote, if it was built from the schemas registered here. */
  function fromBuild(): string | undefined {
    if (!existsSync(builtValidatorsFile)) return undefined;
    const code = readFileSync(builtValidatorsFile, 'utf8');
    return code.startsWith(header(fingerprint())) ? code : undefined;
  }

  async function compile(): Promise<{ code: string; etag: string }> {
    const file = fromBuild();
    if (file !== undefined) return { code: file, etag: etagOf(file) };
    let esbuild: typeof Esbuild;
    try {
      esbuild = await import('esbuild');
    } catch {
      throw new Error(
        `workbench: ${builtValidatorsFile} is missing or was built from other forms, and esbuild (a development dependency) is not installed: run npm run build`,
      );
    }
    const formats = moduleFile('client/formats');
    const ajv = requestAjv(false, {
      allErrors: true,
      code: { source: true, formats: _`require(${formats}).formats` },
    });
    for (const { name, schema } of schemas.values()) ajv.addSchema(schema, name);
    const validators = standaloneCode(ajv, Object.fromEntries([...schemas.values()].map(({ name }) => [name, name])));
    const entry = moduleFile('client/validate');
    const result = await esbuild.build({
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
    const code = header(fingerprint()) + result.outputFiles[0]!.text;
    return { code, etag: etagOf(code) };
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
    prebuilt: () => fromBuild() !== undefined,
    script: () => {
      built ??= compile().catch((err: unknown) => {
        built = undefined;
        throw err;
      });
      return built;
    },
  };
}
