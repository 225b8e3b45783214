import { build, type Plugin } from "esbuild";
import { unlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A program ready to run: the file to import, and a cleanup for a transpiled copy. */
export interface Runnable {
  file: string;
  cleanup(): void;
}

const TS = /\.(ts|mts|cts|tsx)$/;
const WMPI_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Imports of wmpi's own files by path (relative, absolute or file: URL) stay
 * imports: a bundled copy would be a second library beside the one the
 * program's `import "wmpi"` loads.
 */
const keepWmpiExternal: Plugin = {
  name: "wmpi-external",
  setup(build) {
    build.onResolve({ filter: /^(\.{1,2}\/|\/|file:)/ }, (args) => {
      const target = args.path.startsWith("file:") ? fileURLToPath(args.path) : path.resolve(args.resolveDir, args.path);
      return target.startsWith(WMPI_DIST + path.sep) ? { path: target, external: true } : undefined;
    });
  },
};

/**
 * Transpiles a TypeScript program once, in the launcher (not per rank): its
 * local imports are bundled, packages stay imports. The output sits beside
 * the program so that its packages (wmpi among them) resolve as they would.
 */
export async function prepareProgram(program: string): Promise<Runnable> {
  const file = path.resolve(program);
  if (!TS.test(file)) return { file, cleanup: () => {} };
  const out = path.join(path.dirname(file), `.${path.basename(file)}.wmpi-${process.pid}.mjs`);
  await build({
    entryPoints: [file],
    outfile: out,
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
    plugins: [keepWmpiExternal],
  });
  return { file: out, cleanup: () => unlinkSync(out) };
}
