/**
 * AES keys as Node's `KeyObject`s, made once per key. `createCipheriv` given a key's bytes makes a new `KeyObject` on
 * every call; with the payload codec and the store's sealing on every step that was a measured share of the API's and
 * the worker's main thread (issue 37: `prepareSecretKey` ~1.5 ms a step on the embedded stack).
 */
import type { KeyObject } from 'node:crypto';
import { createSecretKey } from 'node:crypto';

const made = new WeakMap<Buffer, KeyObject>();

/** The `KeyObject` of these key bytes (the same object for the same Buffer). */
export function secretKey(bytes: Buffer): KeyObject {
  let key = made.get(bytes);
  if (!key) made.set(bytes, (key = createSecretKey(bytes)));
  return key;
}
