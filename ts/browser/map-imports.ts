/**
 * A worker has no import map, so a program's bare `"wmpi"` cannot resolve there: its imports of
 * "wmpi" (static `from "wmpi"`, `import "wmpi"`, `export ... from "wmpi"`, dynamic
 * `import("wmpi")`) are pointed at the rank library's URL instead. Used by startJob() for source
 * text and by scripts/serve.mjs for the programs it serves. Other bare names are left alone (and
 * will not resolve).
 * @param source an ES module's text
 * @param libraryUrl the URL of the rank library (dist/web/wmpi.js)
 * @returns the text with its "wmpi" imports pointed there
 * @example
 * ```ts
 * import { mapWmpiImports } from "wmpi/browser";
 * const mapped = mapWmpiImports(`import { MPI } from "wmpi";`, "/dist/web/wmpi.js");
 * // import { MPI } from "/dist/web/wmpi.js";
 * ```
 */
export function mapWmpiImports(source: string, libraryUrl: string): string {
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])wmpi\2/g, (_m, head: string, q: string) => `${head}${q}${libraryUrl}${q}`);
}
