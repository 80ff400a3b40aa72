/**
 * Files people upload (Art. 5: public reports, assessments, work plans and reports): multipart bodies read within the
 * configured limits, each file's type taken from its bytes (not from what the sender claims) and checked against the
 * allowed kinds, its SHA-256 computed, and the file stored in the case store. Files never travel in Temporal payloads:
 * records keep a reference (id, name, type, size, SHA-256).
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { HttpRefusal } from './refusal';
import type { TypeSniffer } from './sniff';
import { SniffFailure, typeSniffer } from './sniff';

/** What may be uploaded: documents and photos officials and the public use. */
export const allowedTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档（.docx）',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格（.xlsx）',
  'text/plain': '纯文本',
};

/**
 * The first bytes file-type knows the allowed kinds by (text has none): PDF, JPEG, PNG, and ZIP for .docx and .xlsx.
 * A file that starts with none of them and is not UTF-8 text cannot be allowed, so it never reaches a parser.
 */
const allowedSignatures = [
  Buffer.from('%PDF-'),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
];

export interface Upload {
  name: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

export interface TypeCheck {
  /** How long file-type may parse (UPLOAD_SNIFF_MS). */
  budgetMs: number;
  sniffer?: TypeSniffer;
  log?: FastifyBaseLogger;
}

/**
 * The type of a file from its bytes, or a 415 naming what is allowed. Text without a signature must be UTF-8. Bytes
 * that start like none of the allowed kinds are refused at once; the others are parsed in a worker thread within the
 * budget, and a parse that runs over or fails is refused too (nothing of the upload is stored).
 */
export async function checkedType(bytes: Buffer, name: string, check: TypeCheck): Promise<string> {
  const allowedList = Object.values(allowedTypes).join('、');
  const text = isUtf8Text(bytes);
  if (!text && !allowedSignatures.some((signature) => bytes.subarray(0, signature.length).equals(signature))) {
    throw new HttpRefusal(415, `不接受文件“${name}”的类型；可以上传：${allowedList}`, 'UnsupportedAttachment');
  }
  let sniffed: string | undefined;
  try {
    sniffed = await (check.sniffer ?? typeSniffer).sniff(bytes, check.budgetMs);
  } catch (err) {
    if (!(err instanceof SniffFailure)) throw err;
    // The file's name stays out of the log (a reporter may have named it after the matter).
    const detail = err.reason === 'crashed' ? { err: err.cause } : {};
    check.log?.warn({ reason: err.reason, size: bytes.length, ...detail }, 'type check of an upload gave no answer');
    if (err.reason === 'busy') {
      throw new HttpRefusal(503, '上传的文件暂时无法检查，请稍后再试', 'UploadCheckBusy', { 'retry-after': '30' });
    }
    const why = err.reason === 'timeout' ? `未能在${check.budgetMs / 1000}秒内识别` : '无法识别';
    throw new HttpRefusal(
      415,
      `${why}文件“${name}”的类型（文件可能已损坏），未保存任何内容；可以上传：${allowedList}`,
      'UnsupportedAttachment',
    );
  }
  const type = sniffed ?? (text ? 'text/plain' : undefined);
  if (!type || !(type in allowedTypes)) {
    throw new HttpRefusal(
      415,
      `不接受文件“${name}”的类型${sniffed ? `（${sniffed}）` : ''}；可以上传：${allowedList}`,
      'UnsupportedAttachment',
    );
  }
  return type;
}

function isUtf8Text(bytes: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex -- control characters other than tab and line breaks are not text
    return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

/**
 * Read a multipart body: its text fields, and its files (field `attachments`, or any file field) within the limits.
 * A file over the size limit answers 413, too many files 413, a type not allowed (or not read within UPLOAD_SNIFF_MS)
 * 415; nothing is stored before all have passed.
 */
/**
 * A route's upload within the API's limits (`ATTACHMENT_MAX_BYTES`, `ATTACHMENTS_PER_UPLOAD`): 415 unless the body is
 * multipart/form-data, then as readMultipart.
 */
export async function readUpload(
  request: FastifyRequest,
  config: { ATTACHMENT_MAX_BYTES: number; ATTACHMENTS_PER_UPLOAD: number },
): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  if (!request.isMultipart()) throw new HttpRefusal(415, '请以 multipart/form-data 上传文件', 'UnsupportedMediaType');
  return readMultipart(request, { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENTS_PER_UPLOAD });
}

export async function readMultipart(
  request: FastifyRequest,
  limits: { maxBytes: number; maxFiles: number },
): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  const tooLarge = () =>
    new HttpRefusal(
      413,
      `单个文件不能超过${Math.floor(limits.maxBytes / 1024 / 1024) || 1}MB，最多${limits.maxFiles}个文件`,
      'AttachmentTooLarge',
    );
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: limits.maxBytes,
        files: limits.maxFiles,
        fields: 20,
        fieldSize: 64 * 1024,
        parts: limits.maxFiles + 20,
      },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        if (!bytes.length) continue;
        const name = (part.filename || 'attachment').slice(0, 200);
        const check = { budgetMs: request.server.config.UPLOAD_SNIFF_MS, log: request.log };
        files.push({ name, contentType: await checkedType(bytes, name, check), bytes, sha256: sha256(bytes) });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof HttpRefusal) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (/FILE_TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/.test(code)) throw tooLarge();
    throw new HttpRefusal(400, '无法读取上传的内容（multipart/form-data）', 'InvalidMultipart');
  }
  return { fields, files };
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A document id that a retry with the same seed (its Idempotency-Key) gives again: the same content, stored once. */
export function stableDocumentId(seed: string): string {
  const h = sha256(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
