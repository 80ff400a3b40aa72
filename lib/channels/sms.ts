/**
 * SMS (issue 19): Chinese SMS gateways send only pre-approved templates (a template id and its parameters, under an
 * approved signature), so a channel is a small provider interface, and a message is a template with short parameters:
 * the notice's subject, cut, and the link to the case's page.
 *
 * One provider is implemented: Alibaba Cloud SMS (阿里云短信服务, `SendSms`, API version 2017-05-25, RPC style), as its
 * document describes it: a GET of the sorted, percent-encoded parameters, signed with HMAC-SHA1 of
 * `GET&%2F&` + the encoded query under the key `AccessKeySecret + "&"`, Base64. Its answer's `Code` is `OK`, a
 * code worth retrying (flow control, the service busy), or a permanent one (a wrong key or signature, a template or
 * number the gateway will never take). Pure, but for the request in `send` (https, redirects not followed:
 * lib/channels/channel-http.ts).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { channelFetch, redirectOutcome } from './channel-http';
import type { ChannelOutcome } from './robots';

export interface SmsMessage {
  mobiles: string[];
  /** The template's parameters (values at most 35 characters each, as gateways limit a variable). */
  params: Record<string, string>;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<ChannelOutcome>;
}

export interface AliyunSmsSettings {
  /** `https://dysmsapi.aliyuncs.com/` unless a deployment names its own endpoint. */
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (短信签名), e.g. 山西扶贫督查. */
  signName: string;
  /** The approved template of a notice (模板 CODE), with parameters `subject` and `link`. */
  templateCode: string;
}

export const aliyunSmsUrl = 'https://dysmsapi.aliyuncs.com/';

/** Alibaba Cloud's percent-encoding: RFC 3986 (`+` → `%20`, `*` → `%2A`, `~` kept). */
export const aliyunEncode = (s: string): string =>
  encodeURIComponent(s)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~')
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signature of a request's parameters (all but `Signature`), as the document gives it. */
export function aliyunSignature(params: Record<string, string>, accessKeySecret: string, method = 'GET'): string {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k]!)}`)
    .join('&');
  const toSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(query)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
}

/** Codes worth another try later: flow control (per number or per day), the service busy. */
const aliyunRetryable = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'isp.RAM_PERMISSION_DENY',
  'Throttling.User',
  'ServiceUnavailable',
  'InternalError',
]);

export function aliyunOutcome(status: number, body: unknown): ChannelOutcome {
  const answer = body as { Code?: unknown; Message?: unknown } | null;
  const code = typeof answer?.Code === 'string' ? answer.Code : undefined;
  if (code === 'OK') return { ok: true };
  const reason = `阿里云短信答复 ${code ?? `HTTP ${status}`}${typeof answer?.Message === 'string' ? `：${answer.Message}` : ''}`;
  if (status === 408 || status === 429 || status >= 500 || code === undefined)
    return { ok: false, retry: true, reason };
  return { ok: false, retry: aliyunRetryable.has(code), reason };
}

/** Alibaba Cloud SMS (`SendSms`). */
export function aliyunSms(settings: AliyunSmsSettings): SmsProvider {
  return {
    name: 'aliyun',
    async send(message) {
      const params: Record<string, string> = {
        AccessKeyId: settings.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: message.mobiles.join(','),
        RegionId: 'cn-hangzhou',
        SignName: settings.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: settings.templateCode,
        TemplateParam: JSON.stringify(message.params),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const signature = aliyunSignature(params, settings.accessKeySecret);
      const query = [
        `Signature=${aliyunEncode(signature)}`,
        ...Object.entries(params).map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`),
      ].join('&');
      const url = `${settings.url.replace(/\/?$/, '/')}?${query}`;
      let res: Response;
      try {
        // Not followed if redirected, and bounded in time (lib/channels/channel-http.ts).
        res = await channelFetch(url);
      } catch (err) {
        // The address holds the key id and the signature: not named.
        return { ok: false, retry: true, reason: `短信网关无应答（${(err as Error).name}）` };
      }
      return (await redirectOutcome(res, url)) ?? aliyunOutcome(res.status, await res.json().catch(() => undefined));
    },
  };
}

/** A template parameter of at most `max` characters (gateways limit each variable). */
export const smsParam = (s: string, max = 35): string =>
  [...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`;
