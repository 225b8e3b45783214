import { build, type Plugin } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
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

/** `import "wmpi"` resolves to this launcher's own library, wherever the transpiled copy sits. */
const wmpiIsThisLibrary: Plugin = {
  name: "wmpi-self",
  setup(build) {
    build.onResolve({ filter: /^wmpi$/ }, () => ({ path: path.join(WMPI_DIST, "index.js"), external: true }));
  },
};

/** Programs transpiled by this process and not yet cleaned up: one copy each, however often asked for (spawning a program again, or the job's own). */
const prepared = new Map<string, { copy: Promise<string>; users: number }>();

/**
 * Transpiles a TypeScript program once, in the launcher (not per rank): its
 * local imports are bundled, packages stay imports. The output sits beside
 * the program so that its packages resolve as they would; in a directory
 * that cannot be written it goes to the temporary directory instead. The
 * same program asked for again shares the copy, which the last cleanup removes.
 */
export async function prepareProgram(program: string): Promise<Runnable> {
  const file = path.resolve(program);
  if (!TS.test(file)) return { file, cleanup: () => {} };
  const entry = prepared.get(file) ?? { copy: transpile(file), users: 0 };
  if (!prepared.has(file)) {
    prepared.set(file, entry);
    entry.copy.catch(() => prepared.delete(file));
  }
  const out = await entry.copy;
  entry.users++;
  let done = false;
  return {
    file: out,
    cleanup: () => {
      if (done) return;
      done = true;
      if (--entry.users > 0) return;
      prepared.delete(file);
      rmSync(out, { force: true });
    },
  };
}

/** The transpiled copy's path. */
async function transpile(file: string): Promise<string> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
    write: false,
    outfile: "program.mjs",
    plugins: [wmpiIsThisLibrary, keepWmpiExternal],
  });
  const name = `.${path.basename(file)}.wmpi-${process.pid}.mjs`;
  const code = result.outputFiles[0].contents;
  let out = path.join(path.dirname(file), name);
  try {
    writeFileSync(out, code);
  } catch (e) {
    if (!["EACCES", "EROFS", "EPERM"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    out = path.join(os.tmpdir(), name);
    writeFileSync(out, code);
  }
  return out;
}
