/**
 * The workbench's sessions, kept server side in the case store (table `workbench_sessions`) for @fastify/session.
 *
 * - The cookie (`workbench_session`: HttpOnly, SameSite=Lax, path /workbench, Secure whenever PUBLIC_URL is https)
 *   holds a random id of 192 bits, signed. The store keeps only the id's SHA-256.
 * - The person's token (the one the pages call the API with), the session's CSRF secret and a form on its way back to
 *   its page (`flash`) are sealed in the row
 *   (AES-256-GCM, with a key derived from SESSION_SECRET). The browser never holds the token.
 * - A session ends after SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS after sign-in or when its token
 *   expires (whichever comes first), at sign-out, or when its person ends it from their list (one, or all of theirs).
 *   Its token is then erased, and every page and every call of the API made for it is refused.
 * - Before sign-in (the sign-in form, the public pages) the CSRF secret is in a cookie signed with a key derived from
 *   the same secret (index.tsx).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import { Signer } from '@fastify/cookie';
import type { ApiConfig } from '../../config';
import { UnsafeConfigurationError } from '../../safe-start';
import { isLoopbackHost } from '../../../lib/infra/loopback';
import { dataDir, writePrivateFileOnce } from '../../../lib/infra/local-secret';
import type { CaseStore, StoredSession } from '../../../lib/store/case-store';
import { workbenchBase } from '../../../lib/channels/links';

export const sessionCookie = 'workbench_session';

declare module 'fastify' {
  interface Session {
    /** Whose session it is: their token's `sub`. */
    person?: string;
    /** Their token, for the API calls the pages make for them (sealed in the store, never in the cookie). */
    token?: string;
    /** The CSRF secret of @fastify/csrf-protection (sealed with the token). */
    _csrf?: string;
    /** The session's handle in its person's list. */
    ref?: string;
    /** When it started and when it must end at the latest (ISO). */
    started?: string;
    expires?: string;
    /** Where it was started from, for its person's list. */
    client?: { address: string; agent: string };
    /**
     * A form sent back to its page (a refusal, 添加一项): what was typed, until the page after the redirect has shown
     * it (sealed with the token: what was typed may be confidential).
     */
    flash?: string;
  }
}

/** What a session's row keeps sealed. */
interface Sealed {
  token: string;
  csrf?: string;
  flash?: string;
}

/** A page or an API call of a session that has ended: the error handler sends the person to sign in again. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
  readonly statusCode = 401;
}

/**
 * `SESSION_SECRET` (or `SESSION_SECRET_FILE`, read into it at start), else, where the API listens on loopback only
 * (`npm start`), a secret generated on first use into the data folder (`session-secret`, 0600), as lib/infra/local-secret.ts
 * keeps the embedded default's. On a network every API of the deployment must sign with the same secret, so it must
 * be set: the start is refused naming it.
 */
export function sessionSecret(config: ApiConfig): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  if (!isLoopbackHost(config.HOST)) {
    throw new UnsafeConfigurationError(
      `SESSION_SECRET is not set (nor SESSION_SECRET_FILE): with HOST=${config.HOST} the API is on a network, and ` +
        'every API of the deployment must sign the workbench’s cookies and seal its sessions with the same secret. ' +
        'Set SESSION_SECRET to a random text of at least 32 characters',
    );
  }
  const file = path.join(dataDir(config), 'session-secret');
  writePrivateFileOnce(file, randomBytes(48).toString('base64url') + '\n');
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new UnsafeConfigurationError(`${file} holds no usable secret: delete it to get a new one`);
  return secret;
}

/** Whether cookies are Secure: whenever people reach the API by an https PUBLIC_URL. */
export function secureCookies(config: ApiConfig): boolean {
  if (!config.PUBLIC_URL) return false;
  try {
    return new URL(config.PUBLIC_URL).protocol === 'https:';
  } catch {
    throw new UnsafeConfigurationError(`PUBLIC_URL=${config.PUBLIC_URL} is not a URL`);
  }
}

const derive = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'workbench-session', purpose, 32));

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

/** A verified token's claims (it was verified at sign-in; here it is only read). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
    exp: number;
    role: string;
    name?: string;
    unit?: string;
    group?: string;
  };

/** The sessions: @fastify/session's store over the case store, and what the pages ask of them. */
export class WorkbenchSessions implements SessionStore {
  /** Signs the session cookie (@fastify/session). */
  readonly signer: Signer;
  /** What @fastify/cookie signs the other cookies with: the CSRF cookie before sign-in, the OIDC sign-in's. */
  readonly cookieSecret: string;
  readonly secure: boolean;
  /** The session cookie's attributes. */
  readonly cookie: { path: string; httpOnly: true; sameSite: 'lax'; secure: boolean };
  private readonly sealKey: Buffer;
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    config: ApiConfig,
    private readonly store: CaseStore,
  ) {
    const secret = sessionSecret(config);
    this.signer = new Signer(derive(secret, 'session cookie').toString('base64url'));
    this.cookieSecret = derive(secret, 'other cookies').toString('base64url');
    this.sealKey = derive(secret, 'session sealing');
    this.secure = secureCookies(config);
    this.cookie = { path: workbenchBase, httpOnly: true, sameSite: 'lax', secure: this.secure };
    this.idleMs = config.SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.SESSION_MAX_HOURS * 3_600_000;
  }

  /** A new session's fields, for a token just verified: it ends with the token if that comes first. */
  fieldsFor(token: string, client: { address: string; agent: string }, now = Date.now()): Session {
    const { sub, exp } = claimsOf(token);
    return {
      person: sub,
      token,
      ref: randomUUID(),
      started: new Date(now).toISOString(),
      expires: new Date(Math.min(now + this.maxMs, exp * 1000)).toISOString(),
      client: { address: client.address.slice(0, 64), agent: client.agent.slice(0, 300) },
    } as Session;
  }

  /** Who a session's (verified) token names, for the audit trail. */
  actorOf(token: string | undefined): { id: string; role: string; unit?: string; group?: string } | undefined {
    if (!token) return undefined;
    const { sub, role, unit, group } = claimsOf(token);
    return { id: sub, role, ...(unit ? { unit } : {}), ...(group ? { group } : {}) };
  }

  /** Keep the person a sign-in's token names in the directory of people (a unit's 承办人 are picked from it). */
  async remember(token: string, now = new Date()): Promise<void> {
    const c = claimsOf(token);
    const name = (c.name ?? c.sub).slice(0, 100);
    await this.store.rememberPerson(
      { id: c.sub, name, role: c.role, ...(c.unit ? { unit: c.unit } : {}), ...(c.group ? { group: c.group } : {}) },
      now,
    );
  }

  // ---- @fastify/session's store ----

  get(sessionId: string, callback: (err: unknown, session?: Session | null) => void): void {
    this.load(sessionId).then(
      (session) => callback(null, session),
      (err: unknown) => callback(err),
    );
  }

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    this.save(sessionId, session).then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    this.store.endSessions({ idHash: hashOf(sessionId) }, 'signed-out', new Date()).then(() => callback(), callback);
  }

  // ---- what the pages ask ----

  /** Whether the session is still live: asked before each call of the API made with its token. */
  live(sessionId: string): Promise<boolean> {
    const now = Date.now();
    return this.store.sessionLive(hashOf(sessionId), new Date(now), new Date(now - this.idleMs));
  }

  /** A person's live sessions, the last used first. */
  list(person: string): Promise<StoredSession[]> {
    const now = Date.now();
    return this.store.sessionsOf(person, new Date(now), new Date(now - this.idleMs));
  }

  /** End one of a person's sessions (by its handle in their list), or all of them. Answers how many ended. */
  end(person: string, ref?: string): Promise<number> {
    return this.store.endSessions(
      ref === undefined ? { person } : { person, ref },
      ref === undefined ? 'signed-out-everywhere' : 'ended-by-person',
      new Date(),
    );
  }

  /** End a session whose token the API no longer accepts. */
  refused(sessionId: string): Promise<number> {
    return this.store.endSessions({ idHash: hashOf(sessionId) }, 'token-refused', new Date());
  }

  /**
   * A session outside the workbench's pages (Temporal UI's codec session, api/routes/codec.ts): kept, timed out, listed
   * and ended like any other of its person's; answers the signed id for its own cookie, and when it ends at the latest.
   */
  async startFor(
    token: string,
    client: { address: string; agent: string },
  ): Promise<{ cookie: string; expires: string }> {
    const sessionId = randomBytes(24).toString('base64url');
    const session = this.fieldsFor(token, client);
    await this.save(sessionId, session);
    return { cookie: this.signer.sign(sessionId), expires: session.expires! };
  }

  /** The token of a live session from its signed cookie (`startFor`), or undefined; each use counts as activity. */
  async tokenOf(signedCookie: string): Promise<string | undefined> {
    const { valid, value } = this.signer.unsign(signedCookie);
    if (!valid || !value) return undefined;
    return (await this.load(value))?.token;
  }

  /** Forget the sessions past their end (at each sign-in). */
  purge(): Promise<void> {
    return this.store.purgeSessions(new Date());
  }

  private async load(sessionId: string): Promise<Session | null> {
    const idHash = hashOf(sessionId);
    const now = Date.now();
    const row = await this.store.touchSession(idHash, new Date(now), new Date(now - this.idleMs));
    const opened = row?.sealed ? this.open(row.sealed, idHash) : undefined;
    if (!row || !opened) {
      // Idle too long, past its end, or sealed with another secret: it has ended for good, and its token is erased.
      await this.store.endSessions({ idHash }, 'timed-out', new Date(now));
      return null;
    }
    return {
      person: row.person,
      token: opened.token,
      ...(opened.csrf ? { _csrf: opened.csrf } : {}),
      ...(opened.flash ? { flash: opened.flash } : {}),
      ref: row.ref,
      started: row.startedAt,
      expires: row.expiresAt,
      client: { address: row.clientAddress, agent: row.userAgent },
    } as Session;
  }

  private async save(sessionId: string, s: Session): Promise<void> {
    // Nothing is kept for a visitor who has not signed in.
    if (!s.person || !s.token || !s.ref || !s.started || !s.expires || !s.client) return;
    const idHash = hashOf(sessionId);
    await this.store.saveSession({
      idHash,
      ref: s.ref,
      person: s.person,
      sealed: this.seal(
        { token: s.token, ...(s._csrf ? { csrf: s._csrf } : {}), ...(s.flash ? { flash: s.flash } : {}) },
        idHash,
      ),
      clientAddress: s.client.address,
      userAgent: s.client.agent,
      startedAt: s.started,
      expiresAt: s.expires,
    });
  }

  /** `IV (12 bytes) | tag (16 bytes) | ciphertext`, with the row's id hash as associated data. */
  private seal(value: Sealed, idHash: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv).setAAD(Buffer.from(idHash));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(sealed: Buffer, idHash: string): Sealed | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, sealed.subarray(0, 12))
        .setAAD(Buffer.from(idHash))
        .setAuthTag(sealed.subarray(12, 28));
      const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Sealed;
    } catch {
      return undefined;
    }
  }
}

/** Browsers by the token of their user agent, the more specific first (Edge's also names Chrome and Safari). */
const browsers: Array<[RegExp, string]> = [
  [/MicroMessenger\/(\d+)/, '微信'],
  [/DingTalk\/(\d+)/i, '钉钉'],
  [/Edg\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari/, 'Safari'],
];

/** A browser's user agent in a few words for its person's list: `Chrome 131 · Windows`. */
export function shortAgent(agent: string): string {
  const found = browsers.map(([re, name]) => [re.exec(agent)?.[1], name] as const).find(([v]) => v !== undefined);
  const system = ['Android', 'iPhone', 'iPad', 'Windows', 'Mac OS X', 'Linux']
    .find((s) => agent.includes(s))
    ?.replace('Mac OS X', 'macOS');
  const short = [found && `${found[1]} ${found[0]}`, system].filter(Boolean).join(' · ');
  return short || (agent.length > 40 ? `${agent.slice(0, 40)}…` : agent || '未知');
}
