/** TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) over WebCrypto, and backup codes. */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh random base32 secret (160 bits). */
export function newTotpSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) out += BASE32[Number.parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

function decodeBase32(secret: string): Uint8Array<ArrayBuffer> {
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value >= 0) bits += value.toString(2).padStart(5, '0');
  }
  const bytes = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return bytes;
}

/** The 6-digit code of `secret` at `timeMs`. */
export async function totpCode(secret: string, timeMs: number): Promise<string> {
  const counter = Math.floor(timeMs / 30_000);
  const message = new Uint8Array(8);
  new DataView(message.buffer).setUint32(4, counter >>> 0);
  new DataView(message.buffer).setUint32(0, Math.floor(counter / 0x1_0000_0000));
  const key = await crypto.subtle.importKey('raw', decodeBase32(secret), { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  const offset = (mac[19] as number) & 0xf;
  const binary =
    (((mac[offset] as number) & 0x7f) << 24) |
    ((mac[offset + 1] as number) << 16) |
    ((mac[offset + 2] as number) << 8) |
    (mac[offset + 3] as number);
  return String(binary % 1_000_000).padStart(6, '0');
}

/** Whether `code` is the code of `secret` one step before, at or after `timeMs` (clock drift). */
export async function verifyTotp(secret: string, code: string, timeMs: number): Promise<boolean> {
  for (const drift of [0, -30_000, 30_000]) if ((await totpCode(secret, timeMs + drift)) === code) return true;
  return false;
}
