// Browser ranks (issue 10): jobs of Web Worker ranks in headless Chromium (Debian's chromium,
// driven by playwright-core), served by scripts/serve.mjs with the COOP/COEP headers. The same
// programs as under wmpiexec (hello, ring, ping-pong, allreduce) on 1, 2 and 4 ranks with their
// per-rank output; C programs built by wmpicc, with argv, environment and traps; an MPI error, an
// abort and a thrown exception ending the job with their text; the Promise forms inside a rank and
// a page whose main thread keeps running while ranks block; and a page that is not cross-origin
// isolated explaining the two headers. Screenshots go to build/screenshots/.
// Without Chromium (or playwright-core) every test is skipped, with the reason in its name.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { startBrowserRig, type BrowserRig, type Server } from "./harness/browser.js";

interface OutputLine {
  rank: number;
  stream: "stdout" | "stderr";
  line: string;
}
interface Result {
  code: number;
  failure?: string;
  output: OutputLine[];
  refused?: string;
}

const root = path.resolve(import.meta.dirname, "..");
const shots = path.join(root, "build/screenshots");
const cdir = path.join(root, "build/browser-c");
const problem: string | undefined = await chromiumProblem();
const missingBuild = existsSync(path.join(root, "dist/web/index.js")) ? undefined : "dist/web is not built (npm run build)";
const skip = problem ?? missingBuild;

let rig: BrowserRig | undefined;
let page: Page;
let isolated: Server;
let plain: Server;

/** Runs `program` on `np` ranks in the test page; saves a screenshot named `shot`. */
async function runPage(np: number, program: string, shot: string, args: string[] = []): Promise<Result> {
  const q = new URLSearchParams({ np: String(np), program });
  if (args.length) q.set("args", args.join(","));
  await page.goto(`${isolated.url}/test/browser/job.html?${q}`);
  await page.waitForFunction(() => (window as unknown as { wmpiResult?: unknown }).wmpiResult !== undefined, null, { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
  return page.evaluate(() => (window as unknown as { wmpiResult: Result }).wmpiResult);
}

/** startJob of wmpi/browser, as the blank page holds it (window.wmpi). */
type StartJob = (o: Record<string, unknown>) => { result: Promise<Result> };

/** The empty test page, once it has loaded wmpi/browser as window.wmpi. */
async function blankPage(): Promise<void> {
  await page.goto(`${isolated.url}/test/browser/blank.html`);
  await page.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
}

/** The lines of each rank on one stream, in the order the rank wrote them. */
function byRank(r: Result, np: number, stream = "stdout"): string[][] {
  const out: string[][] = Array.from({ length: np }, () => []);
  for (const l of r.output) if (l.stream === stream) out[l.rank].push(l.line);
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** What each program prints, per rank, under wmpiexec (the same files run there). */
const programs: Record<string, { file: string; expect(np: number): string[][] }> = {
  hello: {
    file: "/examples/hello.ts",
    expect: (np) => range(np).map((r) => [`Hello, World! I am process ${r} of ${np} on 127.0.0.1.`]),
  },
  ring: {
    file: "/examples/ring.ts",
    expect: (np) =>
      range(np).map((r) => {
        const prev = (r - 1 + np) % np;
        const got = `rank ${r}: got 1000 doubles of value ${prev} from rank ${prev}`;
        return r === 0 ? [`rank 0: the token came back after visiting ${np - 1} other ranks`, got] : [got];
      }),
  },
  pingpong: {
    file: "/test/browser/programs/pingpong.ts",
    expect: (np) => range(np).map((r) => [`rank ${r}: 100 round trips with rank ${(r ^ 1) < np ? r ^ 1 : r}, ball at 200`]),
  },
  allreduce: {
    file: "/test/browser/programs/allreduce.ts",
    expect: (np) => {
      const sq = range(np).reduce((a, r) => a + r * r, 0);
      return range(np).map((r) => [`rank ${r}: sum ${(np * (np - 1)) / 2},${np},${sq} max ${np - 1}`]);
    },
  },
};

describe.skipIf(skip !== undefined)(`browser ranks${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // started here: the server uses the built package, which the skip reason covers
    rig = await startBrowserRig();
    ({ isolated, plain } = rig);
    page = await rig.browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  for (const [name, p] of Object.entries(programs))
    for (const np of [1, 2, 4])
      it(`${name} on ${np} rank${np > 1 ? "s" : ""} prints what it does under wmpiexec`, async () => {
        const r = await runPage(np, p.file, `${name}-${np}`);
        expect(r.failure).toBeUndefined();
        expect(r.code).toBe(0);
        expect(byRank(r, np)).toEqual(p.expect(np));
        expect(r.output.filter((l) => l.stream === "stderr")).toEqual([]);
      });

  it("an MPI error in a rank ends the job with the MPI.Exception's text", async () => {
    const r = await runPage(2, "/test/browser/programs/mpi-error.ts", "mpi-error");
    expect(r.code).toBe(1);
    expect(r.failure).toMatch(/^rank 1 failed: MPI\.Exception: MPI_Send: invalid rank 5 \(dest\): the communicator has 2 ranks \[MPI_ERR_RANK\]/);
    expect(await page.locator("#status").innerText()).toContain("MPI_ERR_RANK");
  });

  it("MPI_Abort ends every rank, even one blocked in a receive, with its code", async () => {
    const r = await runPage(3, "/test/browser/programs/abort.ts", "abort");
    expect(r.code).toBe(7);
    expect(r.failure).toBe("rank 2 aborted the job: MPI_Abort(errorcode=7)");
    expect(byRank(r, 3)[2]).toEqual(["about to abort"]);
  });

  it("ranks may await the Promise forms (waitAsync); objects print as Node prints them", async () => {
    const r = await runPage(3, "/test/browser/programs/promises.ts", "promises");
    expect(r.failure).toBeUndefined();
    expect(byRank(r, 3)).toEqual(
      range(3).map((k) => {
        const prev = (k + 2) % 3;
        return [`rank ${k}: got ${prev + 0.5} and { from: ${prev}, list: [ 1, 'two', { three: 3 } ] }`];
      }),
    );
  });

  it("a program given as source text gets wmpi; the page's main thread runs on while its ranks block", async () => {
    await blankPage();
    const r = await page.evaluate(async () => {
      const { startJob } = (window as unknown as { wmpi: { startJob: StartJob } }).wmpi;
      // rank 1 keeps rank 0 blocked in Recv for 400 ms; the page counts its timer ticks meanwhile
      const source = `
        import { MPI } from "wmpi";
        const comm = MPI.COMM_WORLD, buf = new Int32Array(1);
        if (comm.rank === 1) { const t = performance.now(); while (performance.now() - t < 400); comm.Send(buf, 0, 1); }
        else { comm.Recv(buf, 1, 1); console.log("rank 0 waited"); }`;
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const result = await startJob({ np: 2, program: { source } }).result;
      clearInterval(timer);
      return { ...result, ticks };
    });
    expect(r.failure).toBeUndefined();
    expect(r.output.map((l: OutputLine) => l.line)).toEqual(["rank 0 waited"]);
    expect(r.ticks).toBeGreaterThanOrEqual(15);
  });

  it("with deadlockSeconds, a job whose ranks all wait in MPI ends with the report of who waits on whom", async () => {
    await blankPage();
    const r = await page.evaluate(async () => {
      const { startJob } = (window as unknown as { wmpi: { startJob: StartJob } }).wmpi;
      const source = `import { MPI } from "wmpi";
        const c = MPI.COMM_WORLD;
        c.Ssend(new Int32Array(1), (c.rank + 1) % c.size, 4);`;
      return startJob({ np: 2, program: { source }, deadlockSeconds: 1 }).result;
    });
    expect(r.code).toBe(1);
    expect(r.failure).toContain("deadlock: every rank waits in MPI and no message is on its way");
    expect(r.failure).toContain("rank 0 waits in MPI_Ssend for rank 1 to take a message with tag 4 on MPI_COMM_WORLD");
    expect(r.failure).toContain("rank 1 waits in MPI_Ssend for rank 0 to take a message with tag 4 on MPI_COMM_WORLD");
  });

  it("a program that throws in a callback fails the job with its error, naming the rank", async () => {
    await blankPage();
    const r = await page.evaluate(async () => {
      const { startJob } = (window as unknown as { wmpi: { startJob: StartJob } }).wmpi;
      // (a rank is done when its module settles: the timer fires while it awaits)
      const source = `import { MPI } from "wmpi";
        if (MPI.COMM_WORLD.rank === 1) setTimeout(() => { throw new RangeError("late trouble"); }, 10);
        await new Promise((r) => setTimeout(r, 200));`;
      return startJob({ np: 2, program: { source } }).result;
    });
    expect(r.code).toBe(1);
    expect(r.failure).toMatch(/^rank 1 failed: RangeError: late trouble/);
  });

  it("a TypeScript program that does not compile fails the job with the compiler's message", async () => {
    mkdirSync(path.join(root, "build/browser-tmp"), { recursive: true });
    writeFileSync(path.join(root, "build/browser-tmp/typo.ts"), 'import { MPI } from "wmpi";\nconst n: number = ;\n');
    const r = await runPage(2, "/build/browser-tmp/typo.ts", "typo");
    expect(r.code).toBe(1);
    expect(r.failure).toMatch(/^rank \d failed: SyntaxError: typo\.ts:2:18: Unexpected ";"/);
  });

  it("a program that cannot be loaded fails the job naming its URL; terminate() ends ranks blocked for good", async () => {
    await blankPage();
    const r = await page.evaluate(async () => {
      const { startJob } = (window as unknown as { wmpi: { startJob: StartJob } }).wmpi;
      const missing = await startJob({ np: 2, program: "/test/browser/programs/no-such-program.js" }).result;
      const job = startJob({ np: 2, program: { source: `import { MPI } from "wmpi"; MPI.COMM_WORLD.Recv(new Int32Array(1), MPI.ANY_SOURCE, 1);` } }) as {
        result: Promise<Result>;
        terminate(): void;
      };
      setTimeout(() => job.terminate(), 300);
      return { missing, stuck: await job.result };
    });
    expect(r.missing.code).toBe(1);
    expect(r.missing.failure).toMatch(/^rank \d failed: TypeError: .*\/test\/browser\/programs\/no-such-program\.js/);
    expect(r.stuck).toMatchObject({ code: 143, failure: "terminated" });
  });

  describe("C programs built by wmpicc", () => {
    const built = (() => {
      try {
        mkdirSync(cdir, { recursive: true });
        for (const [src, out] of [["examples/c/cpi.c", "cpi.wasm"], ["test/c/ring.c", "ring.wasm"], ["test/c/faults.c", "faults.wasm"], ["test/c/exits.c", "exits.wasm"]])
          execFileSync(process.execPath, [path.join(root, "bin/wmpicc.js"), "-O2", path.join(root, src), "-o", path.join(cdir, out)], { stdio: "pipe" });
        return true;
      } catch {
        return false;
      }
    })();

    it.runIf(built)("cpi runs on 4 ranks and finds pi", async () => {
      const r = await runPage(4, "/build/browser-c/cpi.wasm", "c-cpi-4");
      expect(r.code).toBe(0);
      const lines = byRank(r, 4);
      expect(byRank(r, 4, "stderr")).toEqual(range(4).map((k) => [`Process ${k} of 4 is on 127.0.0.1`]));
      expect(lines[0].join("\n")).toMatch(/pi is approximately 3\.14159265\d*, Error is 0\.0000000008/);
    });

    it.runIf(built)("main gets its argv and only the environment the page gives", async () => {
      await blankPage();
      const r = await page.evaluate(async () => {
        const { startJob } = (window as unknown as { wmpi: { startJob: StartJob } }).wmpi;
        return startJob({ np: 3, program: "/build/browser-c/ring.wasm", args: ["hey"], env: { GREETING: "hi" } }).result;
      });
      expect(r.failure).toBeUndefined();
      expect(byRank(r, 3)).toEqual(range(3).map((k) => [`rank ${k} of 3: token ${k === 0 ? 3 : k + 1}, arg hey, GREETING hi, PATH (unset)`]));
    });

    it.runIf(built)("MPI_Abort, exit() and a non-zero return from main end the job with their codes", async () => {
      const abort = await runPage(3, "/build/browser-c/exits.wasm", "c-abort", ["abort"]);
      expect(abort).toMatchObject({ code: 7, failure: "rank 1 aborted the job: MPI_Abort(errorcode=7)" });
      const exit = await runPage(3, "/build/browser-c/exits.wasm", "c-exit", ["exit"]);
      expect(exit).toMatchObject({ code: 9, failure: "rank 1 exited with code 9" });
      const ret = await runPage(3, "/build/browser-c/exits.wasm", "c-return", ["return"]);
      expect(ret).toMatchObject({ code: 5, failure: "rank 1 exited with code 5" });
    });

    it.runIf(built)("a trap ends the job naming the rank, the trap and the wasm functions", async () => {
      const r = await runPage(3, "/build/browser-c/faults.wasm", "c-trap", ["oob"]);
      expect(r.code).toBe(1);
      expect(r.failure).toMatch(/^rank 1 trapped: memory access out of bounds\n\s+at \S+ \(\S*faults\.wasm:wasm-function\[\d+\]/);
    });
  });

  it("the page's main thread is no rank: importing wmpi there explains where MPI runs", async () => {
    await blankPage();
    // a string: vitest would rewrite an import() in a function it compiles
    const text = await page.evaluate(`import("/dist/web/wmpi.js").then(() => "imported", (e) => e.message)`);
    expect(text).toContain("in a browser, MPI runs in the ranks of a job started by startJob() of wmpi/browser");
  });

  it("a page that is not cross-origin isolated explains the two headers, and startJob refuses", async () => {
    await page.goto(`${plain.url}/test/browser/job.html?np=2&program=/examples/hello.ts`);
    await page.waitForFunction(() => (window as unknown as { wmpiResult?: unknown }).wmpiResult !== undefined, null, { timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, "not-isolated.png"), fullPage: true });
    const shown = await page.locator("#problem").innerText();
    for (const text of [shown, (await page.evaluate(() => (window as unknown as { wmpiResult: Result }).wmpiResult)).refused ?? ""]) {
      expect(text).toContain("Cross-Origin-Opener-Policy: same-origin");
      expect(text).toContain("Cross-Origin-Embedder-Policy: require-corp");
      expect(text).toContain("SharedArrayBuffer");
    }
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  });
});
