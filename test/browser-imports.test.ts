// A worker has no import map: startJob() (source text) and scripts/serve.mjs (programs it serves)
// point a program's imports of "wmpi" at the rank library, and nothing else.
import { describe, expect, it } from "vitest";
import { mapWmpiImports } from "../ts/browser/map-imports.js";

const LIB = "http://h/dist/web/wmpi.js";

describe("mapWmpiImports", () => {
  it("maps static, side-effect, re-export and dynamic imports of wmpi", () => {
    const src = [
      `import { MPI } from "wmpi";`,
      `import * as w from 'wmpi';`,
      `import "wmpi";`,
      `export { MPI as M } from "wmpi";`,
      `const m = await import("wmpi");`,
      `const n = await import( 'wmpi' );`,
      `import{MPI as X}from"wmpi";`,
    ].join("\n");
    expect(mapWmpiImports(src, LIB)).toBe(
      [
        `import { MPI } from "${LIB}";`,
        `import * as w from '${LIB}';`,
        `import "${LIB}";`,
        `export { MPI as M } from "${LIB}";`,
        `const m = await import("${LIB}");`,
        `const n = await import( '${LIB}' );`,
        `import{MPI as X}from"${LIB}";`,
      ].join("\n"),
    );
  });

  it("leaves other modules, strings and names alone", () => {
    const src = [
      `import { startJob } from "wmpi/browser";`,
      `import x from "wmpi-extra";`,
      `console.log("wmpi", 'wmpi');`,
      `const from = "wmpi".length;`,
      `import y from "./wmpi";`,
    ].join("\n");
    expect(mapWmpiImports(src, LIB)).toBe(src);
  });
});
