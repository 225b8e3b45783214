/**
 * A rank's console, as Node's worker threads have it under wmpiexec: what
 * the program logs becomes lines of the rank's stdout (log, info, debug) or
 * stderr (warn, error, trace), formatted as Node's util.format does (its
 * inspect rules for the common values: quoting, depth 2, one line up to 80
 * columns, numeric arrays grouped in columns), so the same program prints
 * the same text in a browser and under wmpiexec (test/browser-console.test.ts
 * compares the two).
 */

const BREAK_LENGTH = 80;
const MAX_ARRAY_LENGTH = 100;
/** Node's `compact: 3`: up to 3 inner levels may share one line. */
const COMPACT = 3;

interface Ctx {
  /** how many levels of objects are shown (2; 0 under %s) */
  depth: number;
  indentationLvl: number;
  /** the level of the object formatted last: how deep what an object holds goes */
  currentDepth: number;
  seen: object[];
}

const newCtx = (depth = 2): Ctx => ({ depth, indentationLvl: 0, currentDepth: 0, seen: [] });

function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes("`") ? "`" : "'";
  const escaped = s.replace(/[\\\n\t\r\b\f\v\x00-\x1f\x7f]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\v" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`;
  });
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

const formatNumber = (n: number) => (Object.is(n, -0) ? "-0" : `${n}`);

function formatPrimitive(v: unknown, inside: boolean): string | undefined {
  if (typeof v === "string") return inside ? quote(v) : v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return v.toString();
  if (v === undefined || v === null || typeof v === "boolean") return String(v);
  if (typeof v === "function") return `[${v.constructor?.name === "AsyncFunction" ? "AsyncFunction" : "Function"}${v.name ? `: ${v.name}` : " (anonymous)"}]`;
  return undefined;
}

/** One value as Node's util.inspect shows it inside a structure (strings quoted). */
function formatValue(ctx: Ctx, v: unknown, level: number, inside = true): string {
  const p = formatPrimitive(v, inside);
  if (p !== undefined) return p;
  const o = v as object;
  if (o instanceof Error) return o.stack ?? `${o.name}: ${o.message}`;
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? "Invalid Date" : o.toISOString();
  if (o instanceof RegExp) return o.toString();
  if (ctx.seen.includes(o)) return "[Circular *1]";
  return formatRaw(ctx, o, level);
}

function formatRaw(ctx: Ctx, o: object, level: number): string {
  const ctor = (o as { constructor?: { name?: string } }).constructor;
  const name = Object.getPrototypeOf(o) === null ? "[Object: null prototype]" : (ctor?.name ?? "Object");
  let braces: [string, string];
  let array = false;
  let entries: () => string[];
  if (Array.isArray(o)) {
    array = true;
    braces = [name === "Array" ? "[" : `${name}(${o.length}) [`, "]"];
    entries = () => list(o.length, (i) => formatValue(ctx, o[i], level + 1), 2, ctx);
  } else if (ArrayBuffer.isView(o) && !(o instanceof DataView)) {
    array = true;
    const t = o as unknown as ArrayLike<number | bigint>;
    braces = [`${name}(${t.length}) [`, "]"];
    entries = () => list(t.length, (i) => (typeof t[i] === "bigint" ? `${t[i]}n` : formatNumber(t[i] as number)), 0, ctx);
  } else if (o instanceof Map) {
    braces = [`${name}(${o.size}) {`, "}"];
    entries = () => withIndent(ctx, 2, () => [...o].map(([k, x]) => `${formatValue(ctx, k, level + 1)} => ${formatValue(ctx, x, level + 1)}`));
  } else if (o instanceof Set) {
    braces = [`${name}(${o.size}) {`, "}"];
    entries = () => withIndent(ctx, 2, () => [...o].map((x) => formatValue(ctx, x, level + 1)));
  } else {
    braces = [name === "Object" ? "{" : `${name} {`, "}"];
    entries = () =>
      Object.keys(o).map((k) => {
        const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
        return `${key}: ${withIndent(ctx, 2, () => formatValue(ctx, (o as Record<string, unknown>)[k], level + 1))}`;
      });
  }
  const size = Array.isArray(o) || ArrayBuffer.isView(o) ? (o as unknown as ArrayLike<unknown>).length : o instanceof Map || o instanceof Set ? o.size : Object.keys(o).length;
  if (size === 0) return `${braces[0]}${braces[1]}`;
  if (level > ctx.depth) return array ? "[Array]" : `[${name}]`;
  ctx.seen.push(o);
  ctx.currentDepth = level;
  let output: string[];
  try {
    output = entries();
  } finally {
    ctx.seen.pop();
  }
  return reduceToSingleString(ctx, output, braces, array, level, o);
}

/** Elements of an array: at most 100, then "... n more items". */
function list(length: number, item: (i: number) => string, indent: number, ctx: Ctx): string[] {
  const shown = Math.min(length, MAX_ARRAY_LENGTH);
  const out = withIndent(ctx, indent, () => Array.from({ length: shown }, (_, i) => item(i)));
  if (length > shown) out.push(`... ${length - shown} more item${length - shown > 1 ? "s" : ""}`);
  return out;
}

function withIndent<T>(ctx: Ctx, by: number, f: () => T): T {
  ctx.indentationLvl += by;
  try {
    return f();
  } finally {
    ctx.indentationLvl -= by;
  }
}

function reduceToSingleString(ctx: Ctx, output: string[], braces: [string, string], array: boolean, level: number, value: object): string {
  const entries = output.length;
  if (array && entries > 6) output = groupArrayElements(ctx, output, value as ArrayLike<unknown>);
  if (ctx.currentDepth - level < COMPACT && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + 10;
    const total = output.reduce((a, s) => a + s.length, output.length + start);
    if (total <= BREAK_LENGTH) {
      const joined = output.join(", ");
      if (!joined.includes("\n")) return `${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${" ".repeat(ctx.indentationLvl)}`;
  return `${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

/** Node's grouping of many short array elements into aligned columns (lib/internal/util/inspect.js). */
function groupArrayElements(ctx: Ctx, output: string[], value: ArrayLike<unknown>): string[] {
  let totalLength = 0;
  let maxLength = 0;
  const outputLength = output.length - (value.length > MAX_ARRAY_LENGTH ? 1 : 0);
  const separatorSpace = 2;
  const dataLen: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const len = output[i].length;
    dataLen.push(len);
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < BREAK_LENGTH && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((BREAK_LENGTH - ctx.indentationLvl) / actualMax),
      COMPACT * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength: number[] = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
      maxLineLength.push(lineLength + separatorSpace);
    }
    let numeric = true;
    for (let i = 0; i < output.length; i++)
      if (typeof value[i] !== "number" && typeof value[i] !== "bigint") {
        numeric = false;
        break;
      }
    const tmp: string[] = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let str = "";
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        str += numeric ? cell.padStart(maxLineLength[j - i], " ") : cell.padEnd(maxLineLength[j - i], " ");
      }
      str += numeric ? output[j].padStart(maxLineLength[j - i] - separatorSpace, " ") : output[j];
      tmp.push(str);
    }
    if (value.length > MAX_ARRAY_LENGTH) tmp.push(output[outputLength]);
    return tmp;
  }
  return output;
}

/** console.log's arguments as one text, as util.format: %s %d %i %f %j %o %O %c %% in a first string, then the rest. */
export function formatArgs(args: unknown[]): string {
  const out: string[] = [];
  let rest = args;
  if (typeof args[0] === "string" && args[0].includes("%")) {
    let i = 1;
    const first = args[0].replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (i >= args.length) return m;
      const a = args[i++];
      if (c === "s") {
        if (typeof a === "bigint") return `${a}n`;
        if (typeof a === "object" && a !== null) return formatValue(newCtx(0), a, 0);
        return typeof a === "number" ? formatNumber(a) : String(a);
      }
      if (c === "d" || c === "i") {
        if (typeof a === "bigint") return `${a}n`;
        if (typeof a === "object" && a !== null) return "NaN";
        return formatNumber(c === "i" ? Math.trunc(Number(a)) : Number(a));
      }
      if (c === "f") return typeof a === "symbol" ? "NaN" : formatNumber(Number(a));
      if (c === "j") {
        try {
          return JSON.stringify(a);
        } catch {
          return "[Circular]";
        }
      }
      if (c === "c") return "";
      // %o, %O: inspect (Node's %o also shows hidden properties, which are left out here)
      return formatValue(newCtx(c === "o" ? 4 : 2), a, 0);
    });
    out.push(first);
    rest = args.slice(i);
  } else if (args.length > 0) {
    out.push(formatValue(newCtx(), args[0], 0, false));
    rest = args.slice(1);
  }
  for (const a of rest) out.push(formatValue(newCtx(), a, 0, false));
  return out.join(" ");
}

/** Sends this thread's console output to `line` (every line of a multi-line text on its own). */
export function captureConsole(line: (stream: "stdout" | "stderr", text: string) => void): void {
  const to = (stream: "stdout" | "stderr") => (...args: unknown[]) => {
    for (const l of formatArgs(args).split("\n")) line(stream, l);
  };
  const c = console as unknown as Record<string, unknown>;
  for (const name of ["log", "info", "debug"]) c[name] = to("stdout");
  for (const name of ["warn", "error"]) c[name] = to("stderr");
  c.trace = (...args: unknown[]) => to("stderr")(`Trace: ${formatArgs(args)}\n${(new Error().stack ?? "").split("\n").slice(2).join("\n")}`);
}
