// What a merchant's endpoint or command said, quoted in a job's last error: their text is
// untrusted, so control characters (terminal escapes, NULs, line breaks that would forge a log
// line) go, and it is cut short so one error cannot fill the sale's card.

/** `text` on one line without control characters, at most `max` characters ('…' when cut). */
export function quotedExcerpt(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is stripped
  const bare = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  const flat = bare.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
