import { Type } from '@sinclair/typebox';
import { yellowDaysSetting } from '../calendar/deadline-policy';

/**
 * Settings that more than one part reads: each section that reads one lists it (the same definition), so a section
 * is all its part needs; docs/configuration.md lists each once, under the first section that reads it.
 */
export const DATA_DIR = Type.String({
  default: '.data',
  description:
    'Folder (relative to the project) of the embedded Temporal database, the embedded case store and the keys generated on first use; kept 0700, its files 0600',
});

export const PUBLIC_URL = Type.Optional(
  Type.String({ description: 'Base URL people use to reach the API (links in answers and in notices)' }),
);

export const UNITS_FILE = Type.Optional(Type.String({ description: 'Units registry (default data/units.json)' }));

export const DOCUMENT_NUMBERS_FILE = Type.Optional(
  Type.String({
    description:
      'Formats of the document numbers (发文字号) per series, JSON: {"request": "晋脱贫请〔{year}〕{n}号"} (defaults in lib/documents/case-documents.ts)',
  }),
);

export const WORKBENCH_YELLOW_DAYS = Type.Integer({
  ...yellowDaysSetting,
  description:
    'The workbench shows an item yellow (黄灯) from this many days before its due date, red when overdue; the worker sends the 黄灯提醒 then (0: no yellow notice)',
});
