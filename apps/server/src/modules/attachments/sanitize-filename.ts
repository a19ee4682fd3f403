/** Longest file name kept (characters); a longer one loses the end of its stem, never its extension. */
const maxLength = 200;

/**
 * A file name safe to store, show and send back: the last path segment only; without the invisible
 * characters that can disguise a name (bidirectional overrides, embeddings, isolates and marks, which
 * make `invoice‮fdp.exe` look like `invoiceexe.pdf`), C0/C1 control characters and DEL; characters
 * that are special in file systems and shells replaced; at most 200 characters with the real extension
 * kept at the end. Never empty.
 */
export function sanitizeFilename(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/["<>|*?:]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  const chars = [...cleaned];
  if (chars.length === 0) return 'file';
  if (chars.length <= maxLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? [...cleaned.slice(dot)].slice(0, 20) : [];
  return chars.slice(0, maxLength - ext.length).join('') + ext.join('');
}
