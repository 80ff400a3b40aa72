import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A real webhook receiver on loopback that checks the HMAC-SHA256 signature over the body, as a WeCom/DingTalk
 * bridge would. It can be stopped and started again on the same port (an outage).
 */
export class WebhookReceiver {
  /** Distinct notifications, as a receiver that de-duplicates on the id keeps them. */
  readonly received: ReceivedHook[] = [];
  /** Every request that reached the receiver, duplicates included. */
  readonly hits: string[] = [];
  private server?: Server;
  port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const expected = `sha256=${createHmac('sha256', this.secret).update(raw).digest('hex')}`;
        const given = String(req.headers['x-signature-256'] ?? '');
        const signatureValid =
          given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
        const notificationId = String(req.headers['x-notification-id'] ?? '');
        this.hits.push(notificationId);
        // De-duplicate on the notification id, as receivers are asked to.
        if (!this.received.some((h) => h.notificationId === notificationId)) {
          this.received.push({ notificationId, signatureValid, body: JSON.parse(raw) as ReceivedHook['body'] });
        }
        res.writeHead(signatureValid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
