/**
 * Group robots officials read notices in (issue 19): the DingTalk custom robot (钉钉自定义机器人) and the WeCom group
 * robot (企业微信群机器人), as their developer documents describe them.
 *
 * - DingTalk: `POST {url}?access_token=…&timestamp=…&sign=…`, where `sign = urlEncode(base64(HmacSHA256(key = secret,
 *   message = timestamp + "\n" + secret)))`, the timestamp in milliseconds (the service takes it within one hour), the
 *   secret starting with `SEC`. Body `{ msgtype: 'markdown', markdown: { title, text }, at: { atMobiles } }`. At most 20
 *   messages a minute per robot; over it, the robot is throttled for 10 minutes.
 * - WeCom: `POST {url}?key=KEY`, no signature (the key is the credential). Body `{ msgtype: 'text', text: { content,
 *   mentioned_mobile_list } }`; text at most 2,048 bytes (UTF-8). At most 20 messages a minute.
 *
 * Both answer HTTP 200 with `{ errcode, errmsg }`: 0 is delivered; each other code is either worth retrying (the
 * service is busy, or we sent too fast) or permanent (a wrong key, secret, keyword or address: retrying cannot help).
 * Pure: the activity (activities/notifications.ts) sends what this builds.
 */
import { createHmac } from 'node:crypto';

export const robotKinds = ['dingtalk', 'wecom'] as const;
export type RobotKind = (typeof robotKinds)[number];
export const robotKindLabels: Record<RobotKind, string> = { dingtalk: '钉钉群机器人', wecom: '企业微信群机器人' };

/** The services' own addresses (a government deployment, 浙政钉-style, names its own `url`). */
export const robotDefaultUrls: Record<RobotKind, string> = {
  dingtalk: 'https://oapi.dingtalk.com/robot/send',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
};

/** The services' documented limit: messages a minute per robot. */
export const robotMessagesPerMinute = 20;

export interface Robot {
  name: string;
  kind: RobotKind;
  /** Where to post, without the credential. */
  url: string;
  /** DingTalk's `access_token`, or WeCom's `key` (from the environment; never logged). */
  token: string;
  /** DingTalk's signing secret (`SEC…`; from the environment; never logged). */
  secret?: string;
  /** Messages a minute this robot may be sent (at most the service's 20). */
  perMinute: number;
  /** DingTalk's keyword security setting: a word every message must contain. */
  keyword?: string;
}

/** DingTalk's signature of a timestamp (milliseconds), URL-encoded, as its document gives it. */
export function dingTalkSign(secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/** The address to post one message to (the credential and, for DingTalk, the timestamp and signature in the query). */
export function robotUrl(robot: Robot, now: number = Date.now()): string {
  const url = new URL(robot.url);
  if (robot.kind === 'wecom') {
    url.searchParams.set('key', robot.token);
    return url.toString();
  }
  url.searchParams.set('access_token', robot.token);
  if (!robot.secret) return url.toString();
  // The signature is URL-encoded already (the document's own step): appended as it is.
  return `${url.toString()}&timestamp=${now}&sign=${dingTalkSign(robot.secret, now)}`;
}

/** The longest text each service takes (UTF-8 bytes): WeCom's documented 2,048 for text; DingTalk's markdown, 5,000. */
export const robotTextBytes: Record<RobotKind, number> = { wecom: 2048, dingtalk: 5000 };

/**
 * A text cut to at most `maxBytes` of UTF-8 with the link to the whole notice kept: `…（全文见：LINK）`. Never cuts a
 * character (or a surrogate pair) in two.
 */
export function fitText(text: string, maxBytes: number, link?: string): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const tail = link ? `…（全文见：${link}）` : '…';
  const room = maxBytes - Buffer.byteLength(tail, 'utf8');
  let used = 0;
  let cut = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > room) break;
    used += size;
    cut += ch;
  }
  return `${cut}${tail}`;
}

export interface RobotMessage {
  subject: string;
  body: string;
  /** The case's page in the workbench, when `PUBLIC_URL` is set. */
  link?: string;
  /** Mobile numbers to @ (from the routing file). */
  mobiles: string[];
}

/** The JSON body one robot takes for a notice. */
export function robotBody(robot: Robot, m: RobotMessage): Record<string, unknown> {
  const withKeyword = (text: string) =>
    robot.keyword && !text.includes(robot.keyword) ? `【${robot.keyword}】${text}` : text;
  if (robot.kind === 'wecom') {
    const content = fitText(
      withKeyword(`${m.subject}\n${m.body}${m.link ? `\n办理：${m.link}` : ''}`),
      robotTextBytes.wecom,
      m.link,
    );
    return {
      msgtype: 'text',
      text: { content, ...(m.mobiles.length ? { mentioned_mobile_list: m.mobiles } : {}) },
    };
  }
  // DingTalk markdown: the @ of a mobile works when the text names it (`@138…`).
  const mention = m.mobiles.length ? `\n\n${m.mobiles.map((x) => `@${x}`).join(' ')}` : '';
  const link = m.link ? `\n\n[在系统中办理](${m.link})` : '';
  const text = fitText(
    withKeyword(`#### ${m.subject}\n\n${m.body.replace(/\n/g, '\n\n')}`),
    robotTextBytes.dingtalk - Buffer.byteLength(`${link}${mention}`, 'utf8'),
    m.link,
  );
  return {
    msgtype: 'markdown',
    markdown: { title: withKeyword(m.subject).slice(0, 64), text: `${text}${link}${mention}` },
    at: { atMobiles: m.mobiles, isAtAll: false },
  };
}

/** What a channel's answer means: delivered, worth another try later, or never deliverable as configured. */
export type ChannelOutcome = { ok: true } | { ok: false; retry: boolean; reason: string };

/** DingTalk: sent too fast (and throttled), or the service busy. */
const dingTalkRetryable = new Set([410100, 400102, -1, 130101]);
/** WeCom: over the frequency limit (45009; 130101 as the issue's documents list it), or the service busy. */
const weComRetryable = new Set([45009, 130101, -1, 45033]);

/** Read a service's answer (HTTP status and JSON body). */
export function robotOutcome(kind: RobotKind, status: number, body: unknown): ChannelOutcome {
  if (status === 408 || status === 429 || status >= 500) return { ok: false, retry: true, reason: `HTTP ${status}` };
  if (status < 200 || status >= 300) return { ok: false, retry: false, reason: `HTTP ${status}` };
  const answer = body as { errcode?: unknown; errmsg?: unknown } | null;
  const code = typeof answer?.errcode === 'number' ? answer.errcode : undefined;
  if (code === 0) return { ok: true };
  const reason = `${robotKindLabels[kind]}答复 errcode ${code ?? '（无）'}：${typeof answer?.errmsg === 'string' ? answer.errmsg : ''}`;
  if (code === undefined) return { ok: false, retry: true, reason };
  const retryable = kind === 'dingtalk' ? dingTalkRetryable : weComRetryable;
  return { ok: false, retry: retryable.has(code), reason };
}
