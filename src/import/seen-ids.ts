/**
 * The `external_id`s met so far in one import, to refuse a repeated one. A Set of strings would hold
 * every id for the whole run; this keeps a 64-bit fingerprint per id in typed arrays (16 bytes per id
 * at most, outside the JavaScript heap's object graph), so a million records cost about 16 MB and no
 * garbage. Two different ids share a fingerprint with odds of about n² / 2⁶⁵ (under one in ten
 * million for a million ids); such a record would be reported as repeated, never sent twice.
 */
export class SeenIds {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private used = new Uint8Array(1024);
  private count = 0;

  /** Adds `id`; false when it (or an id with the same fingerprint) was added before. */
  add(id: string): boolean {
    const [h, l] = fingerprint(id);
    if (this.count * 2 >= this.used.length) this.grow();
    const slot = this.find(h, l);
    if (this.used[slot] === 1) return false;
    this.used[slot] = 1;
    this.high[slot] = h;
    this.low[slot] = l;
    this.count++;
    return true;
  }

  /** How many distinct ids were added. */
  get size(): number {
    return this.count;
  }

  /** The slot holding (h, l), or the empty slot where it belongs (open addressing, linear probing). */
  private find(h: number, l: number): number {
    const mask = this.used.length - 1;
    let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
    while (this.used[slot] === 1 && (this.high[slot] !== h || this.low[slot] !== l)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, used } = this;
    this.high = new Uint32Array(used.length * 2);
    this.low = new Uint32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let i = 0; i < used.length; i++) {
      if (used[i] !== 1) continue;
      const slot = this.find(high[i] as number, low[i] as number);
      this.used[slot] = 1;
      this.high[slot] = high[i] as number;
      this.low[slot] = low[i] as number;
    }
  }
}

/** Two independent 32-bit FNV-1a style hashes over the UTF-16 code units, with a final avalanche. */
function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [mix(a), mix(b ^ 0x27d4eb2f)];
}

function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
