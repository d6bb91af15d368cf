/**
 * The emulator's state: users by id, the identifiers they hold (for Clerk's uniqueness rules),
 * tombstones of deleted users (so a `starting_after` cursor naming one still resolves), and
 * memoized views derived from the users (sorted lists), dropped on every change.
 */
import { identifierExists } from './errors.ts';
import { xorshift32 } from './random.ts';
import type { User, UserRecord } from './user-record.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The identifiers Clerk keeps unique across an instance, with the parameter that names each. */
function identifiers(user: User): [key: string, param: string][] {
  const keys: [string, string][] = [];
  // Clerk compares email addresses, usernames and wallets without case; phone numbers and external ids as given.
  for (const e of user.email_addresses) keys.push([`email_address:${e.email_address.toLowerCase()}`, 'email_address']);
  for (const p of user.phone_numbers) keys.push([`phone_number:${p.phone_number}`, 'phone_number']);
  for (const w of user.web3_wallets) keys.push([`web3_wallet:${w.web3_wallet.toLowerCase()}`, 'web3_wallet']);
  if (user.username !== null) keys.push([`username:${user.username.toLowerCase()}`, 'username']);
  if (user.external_id !== null && user.external_id !== undefined)
    keys.push([`external_id:${user.external_id}`, 'external_id']);
  return keys;
}

/** The users of one emulated instance. Records are replaced, never mutated, so snapshots stay valid. */
export class Store {
  private readonly records = new Map<string, UserRecord>();
  private readonly owners = new Map<string, string>();
  private readonly tombstones = new Map<string, number>();
  private readonly usedIds = new Set<string>();
  private readonly derivedViews = new Map<string, unknown>();
  private readonly random: () => number;

  constructor(seed = 1) {
    this.random = xorshift32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5);
  }

  /** A new id such as `user_2b…` (27 base62 characters after the prefix, like Clerk's), never used before here. */
  newId(prefix: string): string {
    let id: string;
    do {
      let tail = '';
      for (let i = 0; i < 27; i++) tail += BASE62[Math.floor(this.random() * 62)];
      id = `${prefix}_${tail}`;
    } while (this.usedIds.has(id));
    this.usedIds.add(id);
    return id;
  }

  get size(): number {
    return this.records.size;
  }

  get(id: string): UserRecord | undefined {
    return this.records.get(id);
  }

  values(): IterableIterator<UserRecord> {
    return this.records.values();
  }

  /** `created_at` of a deleted user, which a cursor may still name. */
  tombstone(id: string): number | undefined {
    return this.tombstones.get(id);
  }

  /** Whether an id is or was a user of this instance. */
  hasUsed(id: string): boolean {
    return this.records.has(id) || this.tombstones.has(id);
  }

  /** Which user holds an identifier: `kind` is `email_address`, `phone_number`, `username`, `web3_wallet` or `external_id`. */
  ownerOf(kind: string, value: string): string | undefined {
    const folded = kind === 'phone_number' || kind === 'external_id' ? value : value.toLowerCase();
    return this.owners.get(`${kind}:${folded}`);
  }

  /** Adds a user; a 422 `form_identifier_exists` (nothing changed) if another user holds one of its identifiers. */
  insert(record: UserRecord): void {
    if (this.hasUsed(record.user.id))
      throw new Error(`fake Clerk: a user with id ${record.user.id} exists or existed already`);
    this.claim(record.user);
    this.usedIds.add(record.user.id);
    this.records.set(record.user.id, record);
    this.changed();
  }

  /** Replaces a user's record; a 422 (nothing changed) if the new identifiers collide with another user's. */
  replace(record: UserRecord): void {
    const before = this.records.get(record.user.id);
    if (before === undefined) throw new Error(`fake Clerk: no user ${record.user.id} to replace`);
    this.release(before.user);
    try {
      this.claim(record.user);
    } catch (error) {
      this.claim(before.user);
      throw error;
    }
    this.records.set(record.user.id, record);
    this.changed();
  }

  /** Deletes a user, leaving a tombstone for cursors. */
  remove(id: string): UserRecord | undefined {
    const record = this.records.get(id);
    if (record === undefined) return undefined;
    this.release(record.user);
    this.records.delete(id);
    this.tombstones.set(id, record.user.created_at);
    this.changed();
    return record;
  }

  /** Every user and tombstone gone (ids stay used, so none is handed out twice). */
  clear(): void {
    this.records.clear();
    this.owners.clear();
    this.tombstones.clear();
    this.changed();
  }

  /** A value computed from the users, kept until the next change. */
  derived<T>(key: string, compute: () => T): T {
    if (this.derivedViews.has(key)) return this.derivedViews.get(key) as T;
    const value = compute();
    this.derivedViews.set(key, value);
    return value;
  }

  private changed(): void {
    this.derivedViews.clear();
  }

  private claim(user: User): void {
    const keys = identifiers(user);
    const seen = new Set<string>();
    for (const [key, param] of keys) {
      const owner = this.owners.get(key);
      if ((owner !== undefined && owner !== user.id) || seen.has(key)) throw identifierExists(param);
      seen.add(key);
    }
    for (const [key] of keys) this.owners.set(key, user.id);
  }

  private release(user: User): void {
    for (const [key] of identifiers(user)) if (this.owners.get(key) === user.id) this.owners.delete(key);
  }
}
