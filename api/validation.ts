/**
 * What request validation shares with the browser (pure): the project's one format, `local-date`, and what each of
 * ajv's complaints means, in Chinese. The API's ajv is request-ajv.ts; the workbench compiles the same schemas with the
 * same ajv into standalone code for the browser (workbench/validation-bundle.ts), so a form is checked in the browser
 * exactly as the API will check it.
 */
import type { ErrorObject } from 'ajv';
import { isSaneLocalDate } from '../workflows/engine/texts';

/** The project's own formats (workflows/engine/schemas.ts registers the same for TypeBox). */
export const projectFormats = {
  'local-date': { type: 'string' as const, validate: (value: string) => isSaneLocalDate(value) },
};

/**
 * What a pattern asks, in words (the same as the case's own refusal says), for the patterns people type into: the
 * group id (workflows/engine/schemas.ts `groupIdPattern`) and a unit code (workflows/ids.ts `unitCodePattern`).
 */
export const patternReasons: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]{1,62}$': '只能用小写字母、数字和连字符，例如 g-2026-01',
  '^[a-z][a-z0-9-]*$': '须是单位名录中的单位代码（小写字母、数字和连字符）',
};

/** What one of ajv's complaints says, in Chinese (without where it is). */
export function reasonOf(error: Pick<ErrorObject, 'keyword' | 'params'>): string {
  const p = error.params as Record<string, unknown>;
  const reasons: Record<string, () => string> = {
    required: () => `缺少必填项“${String(p.missingProperty)}”`,
    additionalProperties: () => `含有接口不认识的字段“${String(p.additionalProperty)}”`,
    type: () => `类型不对（应为 ${String(p.type)}）`,
    format: () =>
      p.format === 'local-date'
        ? '不是有效的日期（YYYY-MM-DD，须是日历上存在的日期，且在前 2 年至后 5 年之内）'
        : `格式不对（${String(p.format)}）`,
    maxLength: () => `过长（最多${String(p.limit)}个字符）`,
    minLength: () => `过短（至少${String(p.limit)}个字符）`,
    maxItems: () => `项数过多（最多${String(p.limit)}项）`,
    minItems: () => `项数过少（至少${String(p.limit)}项）`,
    pattern: () => patternReasons[String(p.pattern)] ?? '格式不对',
    enum: () => `取值不在允许范围内（${(p.allowedValues as unknown[]).join('、')}）`,
    minimum: () => `不能小于 ${String(p.limit)}`,
    maximum: () => `不能大于 ${String(p.limit)}`,
    uniqueItems: () => '不能有重复项',
  };
  return reasons[error.keyword]?.() ?? `不符合要求（${error.keyword}）`;
}
