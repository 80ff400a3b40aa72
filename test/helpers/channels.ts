import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A notification routes file (NOTIFICATION_ROUTES_FILE) in a new temporary folder, with no webhooks; its path. */
export function routesFile(routes: Array<{ role: string; email: string[] }>): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'routes-')), 'routes.json');
  writeFileSync(file, JSON.stringify({ webhooks: {}, routes }));
  return file;
}

/** A mail as the receiving SMTP server got it. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  notificationId: string;
  /** File names of the attachments. */
  attachments: string[];
}

/**
 * A real SMTP server on loopback (the `smtp-server` package). Addresses starting with `nobody@` are rejected
 * with 550, as a mail server does for a mailbox that does not exist.
 */
export async function startSmtpServer(): Promise<{ port: number; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        const err = Object.assign(new Error(`550 5.1.1 <${address.address}>: mailbox unavailable`), {
          responseCode: 550,
        });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
            notificationId: mail.headers.get('x-notification-id') as string,
            attachments: mail.attachments.map((a) => a.filename ?? ''),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedHook {
  notificationId: string;
  signatureValid: boolean;
  body: { notificationId: string; caseId: string; subject: string; text: string; to: { role: string } };
}

/** One request as it reached a receiver: its headers and exact body, to send again (a replay). */
export interface RawRequest {
  headers: Record<string, string>;
  raw: string;
}

/** Why a webhook receiver refused a request (the receiver checks of docs/deadlines.md, in order). */
export type HookRefusal = 'no-signature' | 'stale' | 'future' | 'bad-signature' | 'replayed';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An HTTP receiver on loopback that can be stopped and started again on the same port (an outage). While stopped it
 * keeps its port and drops every connection at once: had it let the port go, another server of a test running
 * alongside (a Temporal dev server's UI or metrics) could take it and answer in its place.
 */
abstract class LoopbackReceiver {
  private server?: Server;
  private down = false;
  private readonly sockets = new Set<Socket>();
  port = 0;

  /** Answer one request, given its body. */
  protected abstract handle(req: IncomingMessage, raw: string, res: ServerResponse): void;

  async start(): Promise<void> {
    this.down = false;
    if (this.server) return;
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => this.handle(req, raw, res));
    });
    this.server.on('connection', (socket: Socket) => {
      if (this.down) return void socket.destroy();
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** An outage: every connection, open or new, is dropped; the port stays this receiver's. */
  async stop(): Promise<void> {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return Promise.resolve();
  }

  /** Let the port go (at the end of a test file). */
  async close(): Promise<void> {
    await this.stop();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * A real webhook receiver on loopback that checks a request as docs/deadlines.md tells the office's own receiver to
 * (issue 30, item 8): `X-Signature` is `sha256=` + hex HMAC-SHA256 of `X-Signature-Timestamp` + "." + the body, the
 * timestamp (Unix seconds) within 5 minutes of its clock either way, and a (timestamp, signature) pair taken once. A
 * refused request is answered 401 and never taken. It can be stopped and started again on the same port (an outage).
 */
export class WebhookReceiver extends LoopbackReceiver {
  /** The freshness window docs/deadlines.md documents, written here independently of activities/notifications.ts. */
  static readonly toleranceSeconds = 300;
  /** Distinct notifications taken, as a receiver that de-duplicates on the id keeps them. */
  readonly received: ReceivedHook[] = [];
  /** Every request that reached the receiver, duplicates and refusals included (by notification id). */
  readonly hits: string[] = [];
  /** Every request taken, as it came (for a test to replay). */
  readonly requests: RawRequest[] = [];
  /** Every refusal, with its reason. */
  readonly refusals: Array<{ notificationId: string; reason: HookRefusal }> = [];
  /** How far the receiver's clock is ahead of the machine's (a test moves it past the window). */
  clockAheadMs = 0;
  /** Signatures taken, with their timestamps: a pair seen before is a replay (kept for the window, then dropped). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly secret: string) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  private check(req: IncomingMessage, raw: string): HookRefusal | undefined {
    const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
    const given = String(req.headers['x-signature'] ?? '');
    if (!/^\d{1,12}$/.test(timestamp) || !given) return 'no-signature';
    const now = Math.floor((Date.now() + this.clockAheadMs) / 1000);
    if (Number(timestamp) < now - WebhookReceiver.toleranceSeconds) return 'stale';
    if (Number(timestamp) > now + WebhookReceiver.toleranceSeconds) return 'future';
    const expected = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${raw}`).digest('hex')}`;
    if (Buffer.byteLength(given) !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
      return 'bad-signature';
    for (const [sig, at] of this.seen) if (at < now - WebhookReceiver.toleranceSeconds) this.seen.delete(sig);
    if (this.seen.has(given)) return 'replayed';
    this.seen.set(given, Number(timestamp));
    return undefined;
  }

  protected override handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const notificationId = String(req.headers['x-notification-id'] ?? '');
    this.hits.push(notificationId);
    const refusal = this.check(req, raw);
    if (refusal) {
      this.refusals.push({ notificationId, reason: refusal });
      res.writeHead(401).end();
      return;
    }
    this.requests.push({ headers: { ...(req.headers as Record<string, string>) }, raw });
    // De-duplicate on the notification id, as receivers are asked to.
    if (!this.received.some((h) => h.notificationId === notificationId)) {
      this.received.push({ notificationId, signatureValid: true, body: JSON.parse(raw) as ReceivedHook['body'] });
    }
    res.writeHead(200).end();
  }
}

/**
 * A server on loopback that answers every request with a redirect to `to` (a moved address, or something in between
 * sending the channel elsewhere), and counts what it was asked.
 */
export class RedirectingServer extends LoopbackReceiver {
  readonly hits: string[] = [];
  to = '';

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  protected override handle(req: IncomingMessage, _raw: string, res: ServerResponse): void {
    this.hits.push(req.url ?? '/');
    res.writeHead(302, { location: `${this.to}${req.url ?? '/'}` }).end();
  }
}

/** A server on loopback that only counts the requests that reach it (where a redirect points). */
export class CountingServer extends LoopbackReceiver {
  readonly hits: string[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected override handle(req: IncomingMessage, _raw: string, res: ServerResponse): void {
    this.hits.push(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok","Code":"OK"}');
  }
}

/** One message a robot receiver took, with when it took it. */
export interface RobotMessageReceived {
  at: number;
  body: {
    msgtype: string;
    text?: { content: string; mentioned_mobile_list?: string[] };
    markdown?: { title: string; text: string };
    at?: { atMobiles?: string[] };
  };
}

/**
 * A group robot on loopback that speaks the service's documented protocol and enforces its rules, so a test proves the
 * channel against the rules, not against our own code:
 * - DingTalk (`/robot/send?access_token=…&timestamp=…&sign=…`): the token; the signature (HmacSHA256 of
 *   `timestamp + "\n" + secret`, Base64, URL-encoded), recomputed here; the timestamp within one hour; at most 20
 *   messages in any 60 seconds, after which it refuses everything for 10 minutes (errcode 410100), as DingTalk
 *   throttles a robot.
 * - WeCom (`/cgi-bin/webhook/send?key=…`): the key (errcode 93000); text of at most 2,048 bytes (40058); at most 20
 *   messages in any 60 seconds (45009).
 */
export class RobotReceiver extends LoopbackReceiver {
  readonly received: RobotMessageReceived[] = [];
  /** Every refusal, by errcode (a test asserts none for the rate). */
  readonly refusals: Array<{ errcode: number; errmsg: string }> = [];
  private throttledUntil = 0;

  constructor(
    readonly kind: 'dingtalk' | 'wecom',
    private readonly credential: string,
    private readonly secret?: string,
    private readonly perMinute = 20,
  ) {
    super();
  }

  /** The robot's address without its credential, as the routes file names it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.kind === 'dingtalk' ? '/robot/send' : '/cgi-bin/webhook/send'}`;
  }

  /** The most messages taken in any 60 seconds. */
  get busiestMinute(): number {
    const at = this.received.map((m) => m.at);
    return Math.max(0, ...at.map((t) => at.filter((u) => u >= t && u < t + 60_000).length));
  }

  private check(url: URL, raw: string): { errcode: number; errmsg: string } {
    const now = Date.now();
    if (this.kind === 'dingtalk') {
      if (url.searchParams.get('access_token') !== this.credential)
        return { errcode: 300001, errmsg: 'token is not exist' };
      if (this.secret) {
        const timestamp = Number(url.searchParams.get('timestamp'));
        if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > 3_600_000)
          return { errcode: 310000, errmsg: 'sign not match, more: [timestamp out of range]' };
        // The query as sent: `sign` is URL-encoded Base64; URLSearchParams decodes it once.
        const expected = createHmac('sha256', this.secret).update(`${timestamp}\n${this.secret}`).digest('base64');
        if (url.searchParams.get('sign') !== expected) return { errcode: 310000, errmsg: 'sign not match' };
      }
      if (now < this.throttledUntil) return { errcode: 410100, errmsg: 'send too fast, exceed 20 times per minute' };
    } else if (url.searchParams.get('key') !== this.credential) {
      return { errcode: 93000, errmsg: 'invalid webhook url, please check' };
    }
    const body = JSON.parse(raw) as RobotMessageReceived['body'];
    if (this.kind === 'wecom' && body.msgtype === 'text' && Buffer.byteLength(body.text?.content ?? '') > 2048)
      return { errcode: 40058, errmsg: 'content exceed max length 2048' };
    if (this.received.filter((m) => m.at > now - 60_000).length >= this.perMinute) {
      if (this.kind === 'dingtalk') this.throttledUntil = now + 600_000;
      return this.kind === 'dingtalk'
        ? { errcode: 410100, errmsg: 'send too fast, exceed 20 times per minute' }
        : { errcode: 45009, errmsg: 'api freq out of limit' };
    }
    this.received.push({ at: now, body });
    return { errcode: 0, errmsg: 'ok' };
  }

  protected override handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    let answer: { errcode: number; errmsg: string };
    try {
      answer = this.check(new URL(req.url ?? '/', 'http://127.0.0.1'), raw);
    } catch {
      answer = { errcode: 40001, errmsg: 'invalid request body' };
    }
    if (answer.errcode !== 0) this.refusals.push(answer);
    // Both services answer HTTP 200 and say the outcome in the body.
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }
}

/**
 * Alibaba Cloud SMS (`SendSms`, 2017-05-25) on loopback: it recomputes the request's HMAC-SHA1 signature from the
 * parameters as its document describes, checks the AccessKey, the signature name and the template, and answers in the
 * service's JSON (`Code: "OK"`, or the error code). `busy` answers `isp.SYSTEM_ERROR` (an outage the gateway reports);
 * `stop()` takes it off the network altogether.
 */
export class AliyunSmsReceiver extends LoopbackReceiver {
  readonly received: Array<{ mobiles: string[]; params: Record<string, string>; signName: string; template: string }> =
    [];
  readonly refusals: string[] = [];
  busy = false;

  constructor(
    private readonly accessKeyId: string,
    private readonly accessKeySecret: string,
    private readonly signName: string,
    private readonly templateCode: string,
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  private answer(url: URL): { Code: string; Message: string; BizId?: string } {
    const params = Object.fromEntries(url.searchParams.entries());
    const { Signature: signature, ...signed } = params;
    // RFC 3986 encoding, as the document specifies it (independently of lib/channels/sms.ts).
    const enc = (s: string) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const query = Object.keys(signed)
      .sort()
      .map((k) => `${enc(k)}=${enc(signed[k]!)}`)
      .join('&');
    const expected = createHmac('sha1', `${this.accessKeySecret}&`)
      .update(`GET&${enc('/')}&${enc(query)}`)
      .digest('base64');
    if (params.AccessKeyId !== this.accessKeyId)
      return { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' };
    if (signature !== expected)
      return { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' };
    if (params.Action !== 'SendSms' || params.Version !== '2017-05-25')
      return { Code: 'InvalidAction', Message: 'unknown action' };
    if (params.SignName !== this.signName) return { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '签名不合法' };
    if (params.TemplateCode !== this.templateCode) return { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' };
    if (this.busy) return { Code: 'isp.SYSTEM_ERROR', Message: '系统错误' };
    const mobiles = String(params.PhoneNumbers).split(',');
    this.received.push({
      mobiles,
      params: JSON.parse(String(params.TemplateParam)) as Record<string, string>,
      signName: String(params.SignName),
      template: String(params.TemplateCode),
    });
    return { Code: 'OK', Message: 'OK', BizId: String(this.received.length) };
  }

  protected override handle(req: IncomingMessage, _raw: string, res: ServerResponse): void {
    const answer = this.answer(new URL(req.url ?? '/', 'http://127.0.0.1'));
    if (answer.Code !== 'OK') this.refusals.push(answer.Code);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...answer, RequestId: 'r' }));
  }
}
