/**
 * Text a terminal prints safely. Messages echo names and values from the user's files: a column
 * name may be 64 KB long or hold escape sequences that recolour or retitle the terminal.
 */

/** Longest quoted name or value a message echoes (characters); longer ones are cut in the middle. */
export const MAX_ECHOED_CHARS = 120;

/**
 * Control characters shown as visible escapes (`\x1b`), except newline and tab; every quoted span
 * longer than MAX_ECHOED_CHARS cut to its start and end with the length, so the fix hint at the
 * end of a message always survives.
 * @example terminalSafe('column "\u001b[31mred"') // 'column "\\x1b[31mred"'
 */
export function terminalSafe(text: string): string {
  const visible = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.replace(/"([^"\n]*)"/g, (whole, inner: string) =>
    inner.length > MAX_ECHOED_CHARS ? `"${inner.slice(0, 60)}…${inner.slice(-20)}" (${inner.length} characters)` : whole,
  );
}
