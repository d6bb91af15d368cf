/**
 * xorshift32: a tiny, seedable generator for test data and fault dice (not for anything secret).
 * `state` is the starting state, a non-zero 32-bit integer; each caller derives it from its own seed,
 * so generators seeded alike in different places still differ. Returns numbers in [0, 1).
 */
export function xorshift32(state: number): () => number {
  let s = state >>> 0;
  if (s === 0) throw new Error('xorshift32 needs a non-zero starting state');
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}
