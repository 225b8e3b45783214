import { buildSync } from "esbuild";
import { unlinkSync } from "node:fs";
import path from "node:path";

/** A program ready to run: the file to import, and a cleanup for a transpiled copy. */
export interface Runnable {
  file: string;
  cleanup(): void;
}

const TS = /\.(ts|mts|cts|tsx)$/;

/**
 * Transpiles a TypeScript program once, in the launcher (not per rank): its
 * local imports are bundled, packages stay imports. The output sits beside
 * the program so that its packages (wmpi among them) resolve as they would.
 */
export function prepareProgram(program: string): Runnable {
  const file = path.resolve(program);
  if (!TS.test(file)) return { file, cleanup: () => {} };
  const out = path.join(path.dirname(file), `.${path.basename(file)}.wmpi-${process.pid}.mjs`);
  buildSync({
    entryPoints: [file],
    outfile: out,
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
  });
  return { file: out, cleanup: () => unlinkSync(out) };
}
