/**
 * The PMI-1 "simple" wire protocol's line format, shared by the client and the server.
 *
 * One message is one line: `cmd=NAME key=value key=value\n`. Fields are separated by single
 * spaces and split at their first `=`, so a value can never hold a space or a newline. MPICH's
 * newer parsers (4.1+) also treat `\` as an escape character, and PMI-2 ends fields at `;`,
 * so those are kept out of values too; see {@link checkWireValue}.
 */

/** One parsed PMI-1 line: the command name and its fields in order. */
export interface PmiMessage {
  cmd: string;
  fields: Map<string, string>;
}

/** Longest line either side accepts; a longer one means a broken or hostile peer. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Limits this implementation's server announces in `cmd=maxes`, the same numbers as Hydra 4.0.2
 * (checked: `cmd=maxes kvsname_max=256 keylen_max=64 vallen_max=1024`).
 */
export const DEFAULT_MAXES = { kvsnameMax: 256, keylenMax: 64, vallenMax: 1024 } as const;

/** Formats one message as a line (with its trailing newline). Values must already be checked. */
export function formatLine(cmd: string, fields: Record<string, string | number> = {}): string {
  let line = `cmd=${cmd}`;
  for (const [k, v] of Object.entries(fields)) line += ` ${k}=${v}`;
  return line + "\n";
}

/**
 * Parses one line (without its newline). Throws if it does not start with `cmd=`.
 * A field without `=` gets the empty string as its value.
 */
export function parseLine(line: string): PmiMessage {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  if (!text.startsWith("cmd=")) throw new Error(`PMI: malformed line (does not start with "cmd="): ${JSON.stringify(text.slice(0, 200))}`);
  const fields = new Map<string, string>();
  let cmd = "";
  for (const token of text.split(" ")) {
    if (token === "") continue;
    const eq = token.indexOf("=");
    const key = eq < 0 ? token : token.slice(0, eq);
    const value = eq < 0 ? "" : token.slice(eq + 1);
    if (key === "cmd" && cmd === "") cmd = value;
    else fields.set(key, value);
  }
  if (cmd === "") throw new Error(`PMI: malformed line (empty command name): ${JSON.stringify(text.slice(0, 200))}`);
  return { cmd, fields };
}

/**
 * Characters a key or value may hold on the wire: printable ASCII except space, `=`, `\` and `;`.
 * (Hydra 4.0.2 happens to carry `=`, `\` and `;` unchanged, but MPICH 4.1+ unescapes `\`, PMI-2
 * splits at `;`, and older parsers split at `=`, so a portable value avoids all of them.)
 */
const WIRE_SAFE = /^[\x21-\x3a\x3c\x3e-\x5b\x5d-\x7e]*$/;
const WIRE_UNSAFE_CHAR = /[^\x21-\x3a\x3c\x3e-\x5b\x5d-\x7e]/g;

/** `text` with every character the wire cannot carry replaced by `_` (for messages, not data). */
export function toWireSafe(text: string): string {
  return text.replace(WIRE_UNSAFE_CHAR, "_");
}

/**
 * Throws a clear error, naming `what`, if `value` cannot travel in a PMI-1 field: empty when
 * `allowEmpty` is false, longer than `max` bytes, or holding a character outside printable ASCII
 * minus space, `=`, `\` and `;`. Use {@link encodeValue} to carry arbitrary strings.
 */
export function checkWireValue(what: string, value: string, max: number, allowEmpty = true): void {
  if (!allowEmpty && value.length === 0) throw new Error(`PMI: ${what} is empty`);
  if (!WIRE_SAFE.test(value)) {
    const bad = [...value].find((c) => !WIRE_SAFE.test(c)) ?? "";
    throw new Error(`PMI: ${what} contains ${JSON.stringify(bad)}, which the PMI-1 wire protocol cannot carry (allowed: printable ASCII except space, "=", "\\" and ";"; use encodeValue() for arbitrary text)`);
  }
  if (value.length > max) throw new Error(`PMI: ${what} is ${value.length} bytes, over the process manager's limit of ${max}`);
}
