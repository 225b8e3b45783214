/**
 * A worker has no import map, so a program's bare `"wmpi"` cannot resolve
 * there: its imports of "wmpi" (static `from "wmpi"`, `import "wmpi"`,
 * `export ... from "wmpi"`, dynamic `import("wmpi")`) are pointed at the
 * rank library's URL instead. Used by startJob() for source text and by
 * scripts/serve.mjs for the programs it serves. Other bare names are left
 * alone (and will not resolve).
 */
export function mapWmpiImports(source: string, libraryUrl: string): string {
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])wmpi\2/g, (_m, head: string, q: string) => `${head}${q}${libraryUrl}${q}`);
}
