/**
 * A rank's console, as Node's worker threads have it under wmpiexec: what
 * the program logs becomes lines of the rank's stdout (log, info, debug) or
 * stderr (warn, error, trace), formatted close to Node's util.format, so
 * the same program prints the same text in a browser and under wmpiexec.
 */

/** Node-like rendering of one value inside a structure (strings quoted). */
function inspect(v: unknown, depth: number, seen: Set<object>): string {
  if (typeof v === "string") return depth === 0 ? v : `'${v}'`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return v.toString();
  if (typeof v === "function") return `[Function: ${v.name || "(anonymous)"}]`;
  if (v === null || typeof v !== "object") return String(v);
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (seen.has(v)) return "[Circular *1]";
  if (depth > 2) return Array.isArray(v) ? "[Array]" : "[Object]";
  seen.add(v);
  try {
    const inner = (x: unknown) => inspect(x, depth + 1, seen);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const items = Array.from(v as unknown as ArrayLike<number | bigint>).slice(0, 100).map(inner);
      const more = (v as unknown as ArrayLike<unknown>).length > 100 ? [`... ${(v as unknown as ArrayLike<unknown>).length - 100} more items`] : [];
      return `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length}) ${list(items.concat(more), "[", "]")}`;
    }
    if (Array.isArray(v)) return list(v.slice(0, 100).map(inner).concat(v.length > 100 ? [`... ${v.length - 100} more items`] : []), "[", "]");
    if (v instanceof Map) return `Map(${v.size}) ${list([...v].map(([k, x]) => `${inner(k)} => ${inner(x)}`), "{", "}")}`;
    if (v instanceof Set) return `Set(${v.size}) ${list([...v].map(inner), "{", "}")}`;
    const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : "";
    const keys = Object.keys(v).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inner((v as Record<string, unknown>)[k])}`);
    return name + list(keys, "{", "}");
  } finally {
    seen.delete(v);
  }
}

function list(items: string[], open: string, close: string): string {
  if (items.length === 0) return `${open}${close}`;
  const one = `${open} ${items.join(", ")} ${close}`;
  return one.length <= 72 ? one : `${open}\n  ${items.join(",\n  ")}\n${close}`;
}

/** console.log's arguments as one text: printf-style %s %d %i %f %j %o %O %c in a first string, then the rest. */
export function formatArgs(args: unknown[]): string {
  const out: string[] = [];
  let rest = args;
  if (typeof args[0] === "string" && args[0].includes("%")) {
    let i = 1;
    const first = args[0].replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (i >= args.length) return m;
      const a = args[i++];
      if (c === "s") return typeof a === "string" ? a : inspect(a, 1, new Set());
      if (c === "d" || c === "i") return typeof a === "bigint" ? `${a}n` : String(c === "i" ? Math.trunc(Number(a)) : Number(a));
      if (c === "f") return String(Number(a));
      if (c === "j") return JSON.stringify(a);
      if (c === "c") return "";
      return inspect(a, 1, new Set());
    });
    out.push(first);
    rest = args.slice(i);
  } else if (args.length > 0) {
    out.push(inspect(args[0], 0, new Set()));
    rest = args.slice(1);
  }
  for (const a of rest) out.push(inspect(a, 0, new Set()));
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
