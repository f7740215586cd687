// How the search indexes key their documents: account_id * 2^42 + the row's id, so one account's
// documents are one rowid range (schemas 4 and 5 built them so; ids are far below 2^42, and a
// larger one is left out of the index rather than collide). Runtime code reads the spans here;
// the migrations keep their own copies, as history does not change (a test holds them equal).
export const SESSION_SEARCH_SPAN = 4398046511104; // 2^42
export const FULFILLMENT_SEARCH_SPAN = SESSION_SEARCH_SPAN;

// Where SQLite's trigram tokenizer folds a letter otherwise than one code point's toLowerCase():
// its case table is an older Unicode's, and it folds as Unicode's simple case folding does in a
// few places lowercasing does not (final sigma, the long s). Read from SQLite 3.x's own output
// (test/unit/store/search-fold.test.ts compares every letter), so that a candidate the index
// offers is checked against its row by the same rule that built the index.
const FOLDED_ALIKE: ReadonlyArray<readonly [number, number]> = [
  [0xb5, 0x3bc],
  [0x17f, 0x73],
  [0x345, 0x3b9],
  [0x3c2, 0x3c3],
  [0x3d0, 0x3b2],
  [0x3d1, 0x3b8],
  [0x3d5, 0x3c6],
  [0x3d6, 0x3c0],
  [0x3f0, 0x3ba],
  [0x3f1, 0x3c1],
  [0x3f5, 0x3b5],
  [0x1e9b, 0x1e61],
  [0x1fbe, 0x3b9],
  [0xfffe, 0xfffd],
  [0xffff, 0xfffd],
];
/** Letters (first, last) SQLite leaves as they are, though toLowerCase() changes them. */
const KEPT: ReadonlyArray<readonly [number, number]> = [
  [0x37f, 0x37f],
  [0x528, 0x528],
  [0x52a, 0x52a],
  [0x52c, 0x52c],
  [0x52e, 0x52e],
  [0x13a0, 0x13f5],
  [0x1c89, 0x1c89],
  [0x1c90, 0x1cba],
  [0x1cbd, 0x1cbf],
  [0x2c2f, 0x2c2f],
  [0xa698, 0xa698],
  [0xa69a, 0xa69a],
  [0xa796, 0xa796],
  [0xa798, 0xa798],
  [0xa79a, 0xa79a],
  [0xa79c, 0xa79c],
  [0xa79e, 0xa79e],
  [0xa7ab, 0xa7ae],
  [0xa7b0, 0xa7b4],
  [0xa7b6, 0xa7b6],
  [0xa7b8, 0xa7b8],
  [0xa7ba, 0xa7ba],
  [0xa7bc, 0xa7bc],
  [0xa7be, 0xa7be],
  [0xa7c0, 0xa7c0],
  [0xa7c2, 0xa7c2],
  [0xa7c4, 0xa7c7],
  [0xa7c9, 0xa7c9],
  [0xa7cb, 0xa7cc],
  [0xa7ce, 0xa7ce],
  [0xa7d0, 0xa7d0],
  [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4],
  [0xa7d6, 0xa7d6],
  [0xa7d8, 0xa7d8],
  [0xa7da, 0xa7da],
  [0xa7dc, 0xa7dc],
  [0xa7f5, 0xa7f5],
  [0x104b0, 0x104d3],
  [0x10570, 0x1057a],
  [0x1057c, 0x1058a],
  [0x1058c, 0x10592],
  [0x10594, 0x10595],
  [0x10c80, 0x10cb2],
  [0x10d50, 0x10d65],
  [0x118a0, 0x118bf],
  [0x16e40, 0x16e5f],
  [0x16ea0, 0x16eb8],
  [0x1e900, 0x1e921],
];
const alike = new Map(FOLDED_ALIKE);

/** One code point as the trigram index folds it (case_sensitive 0, no diacritics removed). */
export function foldCodePoint(c: number): number {
  if (c < 0x41) return c;
  if (c <= 0x5a) return c + 0x20;
  if (c < 0xb5) return c;
  const same = alike.get(c);
  if (same !== undefined) return same;
  if (KEPT.some(([first, last]) => c >= first && c <= last)) return c;
  const lower = String.fromCodePoint(c).toLowerCase();
  // İ lowers to two code points; the index keeps it whole.
  const only = lower.codePointAt(0) ?? c;
  return lower.length === String.fromCodePoint(only).length ? only : c;
}

const folded = new Map<number, string>();

/** Text as the trigram index folds it, code point by code point. */
export function foldForSearch(text: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range, where both fold A-Z alike
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) {
      out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : ch;
      continue;
    }
    let f = folded.get(c);
    if (f === undefined) {
      f = String.fromCodePoint(foldCodePoint(c));
      folded.set(c, f);
    }
    out += f;
  }
  return out;
}
