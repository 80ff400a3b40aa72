/** The ajv the API validates requests with (and the workbench compiles the browser's validators with). */
import Ajv from 'ajv';
import type { Options } from 'ajv';
import addFormats from 'ajv-formats';
import { projectFormats } from './validation';

/** The ajv of request validation: the project's formats, and coercion only where asked. */
export function requestAjv(coerceTypes: false | 'array', extra: Options = {}): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
    ...extra,
  });
  addFormats(ajv);
  ajv.addFormat('local-date', projectFormats['local-date']);
  return ajv;
}
