// The npm package: `npm pack`, install the tarball into a new project, and use it there
// (import with types, npx wmpiexec) with no emscripten and no repository around it.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm package", () => {
  it("installs from its tarball and runs a TypeScript job with npx wmpiexec", async () => {
    const pack = await runCommand(npm, ["pack", "--silent", "--pack-destination", dir], { timeoutMs: 120_000 });
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const app = path.join(dir, "app");
    await runCommand("mkdir", ["-p", app]);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    writeFileSync(path.join(app, "main.ts"), [
      'import { MPI } from "wmpi";',
      "const comm = MPI.COMM_WORLD;",
      "const out: Float64Array = new Float64Array(4).fill(comm.rank);",
      "const into = new Float64Array(4);",
      "comm.Sendrecv(out, (comm.rank + 1) % comm.size, 0, into, MPI.ANY_SOURCE, 0);",
      "console.log(`rank ${comm.rank} got ${into[0]}`);",
    ].join("\n"));
    writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] }, files: ["main.ts"] }));
    const install = await runCommand(npm, ["install", "--no-audit", "--no-fund", "--silent", path.join(dir, tarball)], { cwd: app, timeoutMs: 150_000 });
    expect(install.code, install.stderr).toBe(0);
    const tsc = await runCommand(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", path.join(app, "tsconfig.json")]);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const run = await runCommand(npm, ["exec", "--no", "--", "wmpiexec", "-n", "2", "main.ts"], { cwd: app });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("rank 0 got 1");
    expect(run.stdout).toContain("rank 1 got 0");
  });
});
