import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built core shipped with the package: build/wmpi.wasm beside dist/. */
export function coreWasmPath(): string {
  const env = process.env.WMPI_WASM;
  return env && env.length > 0 ? env : fileURLToPath(new URL("../../build/wmpi.wasm", import.meta.url));
}

/** Compiles the core; a launcher does it once and hands the module to every rank. */
export function compileCore(path = coreWasmPath()): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(path));
}
