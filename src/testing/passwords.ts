/**
 * Passwords as the emulator keeps them: salted SHA-256 (WebCrypto, so every runtime has it), never
 * the password. Imported digests are kept with their hasher; `sha256`, `pbkdf2_sha256` (Django's
 * `pbkdf2_sha256$iterations$salt$hash`) and `bcrypt` verify, other hashers cannot be checked here.
 */
import type { StoredPassword } from './user-record.ts';

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary);
}

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Hashes a password set through the API. */
export async function hashPassword(password: string): Promise<StoredPassword> {
  const salt = hex(crypto.getRandomValues(new Uint8Array(16)));
  return { hasher: 'emulator_sha256_salted', salt, digest: await sha256Hex(salt + password) };
}

async function pbkdf2Django(digest: string, password: string): Promise<boolean> {
  const [, iterations, salt, expected] = digest.split('$');
  if (iterations === undefined || salt === undefined || expected === undefined) return false;
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(salt), iterations: Number(iterations) },
    key,
    256,
  );
  return base64(bits) === expected;
}

/** `$2a$`, `$2b$` or `$2y$`, a cost of 04 to 31, then 22 characters of salt and 31 of hash in bcrypt's base64. */
const BCRYPT_DIGEST = /^\$2[aby]\$(?:0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

async function bcrypt(digest: string, password: string): Promise<boolean> {
  // A digest bcrypt cannot read matches no password, as a wrong one would not.
  if (!BCRYPT_DIGEST.test(digest)) return false;
  // Loaded on the first bcrypt digest only, so an emulator that never sees one never loads it. bcryptjs
  // is plain JavaScript (no native addon, no Node built-in needed to compare), so it runs on every
  // runtime the emulator does, and its compare checks the whole hash rather than stopping at the first
  // differing character.
  const { compare } = await import('bcryptjs');
  return compare(password, digest);
}

/** Whether `password` is the stored one; `undefined` when the hasher is one the emulator cannot check. */
export async function verifyPassword(stored: StoredPassword, password: string): Promise<boolean | undefined> {
  switch (stored.hasher) {
    case 'emulator_sha256_salted':
      return (await sha256Hex((stored.salt ?? '') + password)) === stored.digest;
    case 'sha256':
      return (await sha256Hex(password)) === stored.digest.toLowerCase();
    case 'pbkdf2_sha256':
    case 'pbkdf2_sha256_django':
      return pbkdf2Django(stored.digest, password);
    case 'bcrypt':
      return bcrypt(stored.digest, password);
    default:
      return undefined;
  }
}
