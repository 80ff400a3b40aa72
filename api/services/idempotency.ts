/**
 * The one derivation of an `Idempotency-Key` (issue 31): the caller, the workflow and the key make the request's key;
 * everything a request names after it (the Update id of its step, the ids of the files or statements it stores, a
 * nomination's id) is derived from that, so a retry names the same things and another caller's key never collides.
 */
import { randomBytes } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Actor } from '../../workflows/domain';
import { sha256, stableDocumentId } from '../uploads';

/** The key of one request: who sent it (person, role, unit, group), to which workflow, under which key. */
export function requestKey(actor: Actor, workflowId: string, key: string): string {
  return sha256(stringify([actor.id, actor.role, actor.unit ?? '', actor.group ?? '', workflowId, key]));
}

/**
 * A step's Update id and the request the case remembers: a retry (same key, same step and body) is the same Update,
 * which Temporal answers once; the same key with another step or body is a new Update, which the case refuses as a
 * reused key (it remembers the fingerprint each key was accepted for).
 */
export function stepRequest(actor: Actor, workflowId: string, stepName: string, input: unknown, key: string) {
  const request = { key: requestKey(actor, workflowId, key), fingerprint: sha256(stringify([stepName, input])) };
  return { request, updateId: `${stepName}-${sha256(request.key + request.fingerprint).slice(0, 32)}` };
}

/** An Update id for a step sent without a key (one we know, so that a late answer can be looked up). */
export const freshUpdateId = (stepName: string) => `${stepName}-${randomBytes(9).toString('base64url')}`;

/** A UUID-shaped id derived from a request's key and what it names (`statement:basic-1`), stable across retries. */
export const derivedId = (requestKeyHex: string, what: string): string => stableDocumentId(`${requestKeyHex}\n${what}`);
