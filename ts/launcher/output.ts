import type { Readable, Writable } from "node:stream";

/** Copies a rank's stream to `out` whole lines at a time, optionally prefixed with "[rank] ". */
export function forwardLines(from: Readable, out: Writable, prefix: string): Promise<void> {
  let pending = "";
  from.setEncoding("utf8");
  from.on("data", (chunk: string) => {
    const text = pending + chunk;
    const end = text.lastIndexOf("\n");
    if (end < 0) {
      pending = text;
      return;
    }
    pending = text.slice(end + 1);
    const lines = text.slice(0, end + 1);
    out.write(prefix ? lines.replace(/^/gm, prefix).slice(0, -prefix.length) : lines);
  });
  return new Promise((resolve) =>
    from.on("end", () => {
      if (pending) out.write(`${prefix}${pending}\n`);
      resolve();
    }),
  );
}
