/**
 * wmpicc: compiles and links C MPI programs to one standalone .wasm (the
 * program and wmpi's core, build/libwmpi.a) that `wmpiexec` runs, as `mpicc`
 * does for a native MPI. Arguments go to emcc as they are; wmpicc adds wmpi's
 * mpi.h, the shared-memory flags and the core. `-show` prints the command.
 *
 * A call that wmpi does not implement is an error: at compile time (mpi.h
 * declares only what wmpi has, and an undeclared function is an error), and
 * at link time (any import the program would need from outside wmpi and WASI
 * fails the link, naming the symbol).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const INCLUDE = path.join(ROOT, "wasm/include");
const LIBRARY = path.join(ROOT, "build/libwmpi.a");

/** Flags for every compile: shared-memory atomics (ranks' memories are shared), wmpi's mpi.h. */
const COMPILE = ["-matomics", "-mbulk-memory", `-I${INCLUDE}`, "-Werror=implicit-function-declaration"];
/** Flags for the link: a standalone WASI program with one imported shared memory, as wmpiexec gives it. */
const LINK = [
  "-sSTANDALONE_WASM",
  "-sIMPORTED_MEMORY",
  "-Wl,--shared-memory",
  "-sINITIAL_MEMORY=16MB",
  "-sMAXIMUM_MEMORY=4GB",
  "-sALLOW_MEMORY_GROWTH=1",
  // the core's channel imports (module "wmpi") are undefined by design; wmpicc checks the rest itself
  "-sERROR_ON_UNDEFINED_SYMBOLS=0",
  "-sWARN_ON_UNDEFINED_SYMBOLS=0",
  // keep function names: a trap's stack names the functions (wmpiexec prints it)
  "--profiling-funcs",
];
/** What a wmpi program may import: WASI, the core's host functions, and the memory. */
const ALLOWED_IMPORTS = new Set(["env.memory", "env.emscripten_notify_memory_growth"]);
const ALLOWED_MODULES = new Set(["wasi_snapshot_preview1", "wmpi"]);

/** The emcc command for `args`, and the .wasm it links (undefined for -c, -E, -S, -M). */
export function emccCommand(args: string[]): { argv: string[]; output?: string } {
  const compileOnly = args.some((a) => a === "-c" || a === "-E" || a === "-S" || a === "-M" || a === "-MM");
  if (compileOnly) return { argv: [...COMPILE, ...args] };
  const o = args.indexOf("-o");
  const output = o >= 0 ? args[o + 1] : "a.out.wasm";
  const extra = o >= 0 ? [] : ["-o", output];
  return { argv: [...COMPILE, ...args, ...extra, ...LINK, LIBRARY], output };
}

/** Why `name` is missing: a system call WASI lacks (dup, chmod, ...), or a symbol nothing defines. */
export function explainMissing(name: string): string {
  const call = /^__syscall_(\w+?)(?:32|64)?$/.exec(name);
  if (call) return `undefined symbol: ${name} (the C library's ${call[1]}(), which the WebAssembly sandbox (WASI) does not offer)`;
  return `undefined symbol: ${name} (wmpi does not implement it, or a library is missing from the link)`;
}

/** Imports of a linked program that neither wmpi nor WASI provides: its undefined symbols. */
export function undefinedSymbols(wasm: string): string[] {
  const module = new WebAssembly.Module(readFileSync(wasm));
  return WebAssembly.Module.imports(module)
    .filter((i) => !ALLOWED_MODULES.has(i.module) && !ALLOWED_IMPORTS.has(`${i.module}.${i.name}`))
    .map((i) => i.name);
}

/** Runs wmpicc with `args`; returns the exit code. */
export function main(args: string[]): number {
  const emcc = process.env.EMCC ?? "emcc";
  const show = args.includes("-show");
  const { argv, output } = emccCommand(args.filter((a) => a !== "-show"));
  if (show) {
    process.stdout.write(`${[emcc, ...argv].join(" ")}\n`);
    return 0;
  }
  if (args.length === 0) {
    process.stderr.write("Usage: wmpicc [-show] [emcc options] file.c... [-o prog.wasm]\n");
    return 2;
  }
  if (output !== undefined && !existsSync(LIBRARY)) {
    process.stderr.write(`wmpicc: ${LIBRARY} is missing: build it with \`make\` in ${ROOT}\n`);
    return 1;
  }
  // Debian's emscripten finds its node modules here
  const env = { ...process.env, NODE_PATH: process.env.NODE_PATH ?? "/usr/share/nodejs" };
  const r = spawnSync(emcc, argv, { stdio: "inherit", env });
  if (r.error) {
    process.stderr.write(`wmpicc: cannot run ${emcc}: ${r.error.message}\n`);
    return 1;
  }
  if (r.status !== 0 || output === undefined) return r.status ?? 1;
  const missing = undefinedSymbols(output);
  if (missing.length === 0) return 0;
  rmSync(output, { force: true });
  for (const name of missing) process.stderr.write(`wmpicc: error: ${explainMissing(name)}\n`);
  return 1;
}
