// A page's ranks join a Node job over WebSocket (issue 10): a wmpiexec job started with --net ws
// opens a port (test/jobs/dyn_jobs.ts as the server); Web Worker ranks in headless Chromium,
// started with startJob's `network`, connect to it (test/browser/programs/join.ts) and run the
// same rounds two wmpiexec jobs run (test/jobs/connect-round.ts): point-to-point eager and
// rendezvous, intercommunicator collectives, Merge, and Put/Get on a window of the merged
// communicator; a port with a forged token is refused first; a Node job that dies fails the page's
// waiting receive. The Node job runs as threads and as
// a job of processes (the page then dials every process), and as processes over TLS (wss://, with a
// certificate the test makes, which the page's browser context is told to accept). Without
// Chromium every test is skipped.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { startBrowserRig, type BrowserRig } from "./harness/browser.js";
import { haveOpenssl, makeCert } from "./harness/certs.js";
import { expectNoErrors, runJob, type JobOutput } from "./harness/job.js";

interface Result {
  code: number;
  failure?: string;
  output: { rank: number; stream: string; line: string }[];
}

const root = path.resolve(import.meta.dirname, "..");
const problem: string | undefined = await chromiumProblem();
const built = existsSync(path.join(root, "dist/web/net-worker.js"));
const skip = problem ?? (built ? undefined : "dist/web is not built (npm run build)");

let rig: BrowserRig | undefined;
let page: Page;
const certDir = mkdtempSync(path.join(os.tmpdir(), "wmpi-join-certs-"));

beforeAll(async () => {
  if (skip) return;
  rig = await startBrowserRig();
  // the test's self-signed certificate: a class would use one its browsers trust
  page = await (await rig.browser.newContext({ ignoreHTTPSErrors: true })).newPage();
}, 60_000);
afterAll(async () => {
  await rig?.close();
  rmSync(certDir, { recursive: true, force: true });
});

/** Waits for the server job to write its port's name into `file`. */
async function portFrom(file: string, job: Promise<JobOutput>): Promise<string> {
  let over: JobOutput | undefined;
  void job.then((o) => (over = o));
  for (let i = 0; i < 600; i++) {
    try {
      return readFileSync(file, "utf8");
    } catch {
      if (over) throw new Error(`the server job ended before it opened its port\n${over.stdout}\n${over.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error("the server job never wrote its port");
}

type JobWindow = { wmpi: { startJob(o: object): { result: Promise<Result> } }; lines: string[]; joined: Promise<Result> };

/** Starts `program` on `np` ranks of page `on` with startJob's network; its lines collect in window.lines, its result in window.joined. */
async function startOnPage(on: Page, np: number, program: string): Promise<void> {
  await on.goto(`${rig!.isolated.url}/test/browser/blank.html`);
  await on.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
  await on.evaluate(
    ([np, program]) => {
      const w = window as unknown as JobWindow;
      w.lines = [];
      w.joined = w.wmpi.startJob({ np, program, network: true, files: false, onOutput: (l: { line: string }) => w.lines.push(l.line) }).result;
    },
    [np, program] as const,
  );
}

const resultOf = (on: Page): Promise<Result> => on.evaluate(() => (window as unknown as JobWindow).joined);
const joinProgram = (port: string, rounds: number, first = 0) => `/test/browser/programs/join.ts?${new URLSearchParams({ port, rounds: String(rounds), first: String(first) })}`;

const tls = () => {
  const c = makeCert(certDir, "job", ["127.0.0.1"]);
  return ["--tls-cert", c.cert, "--tls-key", c.key, "--tls-ca", c.cert];
};
const modes: { name: string; args: () => string[]; scheme: string; needs?: string }[] = [
  { name: "threads", args: () => ["--net", "ws"], scheme: "ws" },
  { name: "processes (--ppn 1)", args: () => ["--ppn", "1", "--net", "ws"], scheme: "ws" },
  { name: "processes over TLS", args: () => ["--ppn", "1", "--net", "ws", ...tls()], scheme: "wss", needs: haveOpenssl() ? undefined : "no openssl" },
];

describe.skipIf(skip)(`a page's ranks join a Node job over WebSocket${skip ? ` (skipped: ${skip})` : ""}`, () => {
  for (const mode of modes) {
    it.skipIf(mode.needs)(`2 page ranks connect to 2 Node ranks as ${mode.name}, twice; a forged token is refused`, async () => {
      const file = path.join(os.tmpdir(), `wmpi-join-${process.pid}-${mode.scheme}-${mode.name.length}`);
      rmSync(file, { force: true });
      const server = runJob(2, "dyn_jobs.ts", { args: ["server", file, "2"], launcherArgs: mode.args(), timeoutMs: 90_000 });
      const port = await portFrom(file, server);
      expect(port).toMatch(new RegExp(`^wmpi-port:[0-9a-f]{8}:\\d+:\\d+:[0-9a-f]{64}:${mode.scheme}://`));
      await startOnPage(page, 2, joinProgram(port, 2));
      const result = await resultOf(page);
      const lines = result.output.map((l) => `${l.rank}: ${l.line}`);
      expect(result.failure, lines.join("\n")).toBeUndefined();
      expect(result.code).toBe(0);
      expect(lines).toEqual(expect.arrayContaining(["0: round 1 done", "1: round 1 done", "0: rank 0: No Errors", "1: rank 1: No Errors"]));
      expect(lines.find((l) => l.startsWith("0: forged:"))).toMatch(/MPI_Comm_connect/);
      const served = await server;
      expectNoErrors(served, 2);
      // the page said goodbye: the Node job saw no connection lost
      expect(served.stderr).not.toMatch(/lost process/);
    }, 120_000);
  }

  it("two pages (a class's browsers) join one Node job through one port, at once: it accepts each in turn", async () => {
    const file = path.join(os.tmpdir(), `wmpi-join-${process.pid}-two-pages`);
    rmSync(file, { force: true });
    const server = runJob(3, "dyn_jobs.ts", { args: ["server", file, "2"], launcherArgs: ["--net", "ws"], timeoutMs: 90_000 });
    const port = await portFrom(file, server);
    const other = await page.context().newPage();
    try {
      // the second page connects while the first is being served (so it is accepted second: the server counts rounds)
      await startOnPage(page, 2, joinProgram(port, 1, 0));
      await page.waitForFunction(() => (window as unknown as JobWindow).lines.includes("connected 0"), null, { timeout: 30_000 });
      await startOnPage(other, 1, joinProgram(port, 1, 1));
      for (const [on, np] of [[page, 2], [other, 1]] as const) {
        const r = await resultOf(on);
        expect(r.failure).toBeUndefined();
        expect(r.output.filter((l) => /^rank \d+: No Errors$/.test(l.line))).toHaveLength(np);
      }
    } finally {
      await other.close();
    }
    expectNoErrors(await server, 3);
  }, 120_000);

  it("the Node job dies while a page's rank waits for it: the receive fails with MPI_ERR_PROC_ABORTED, no hang", async () => {
    const file = path.join(os.tmpdir(), `wmpi-join-${process.pid}-lost`);
    rmSync(file, { force: true });
    // the server accepts, then waits in a receive the page never matches, until the test kills it
    const child = spawn(process.execPath, [path.join(root, "bin/wmpiexec.js"), "-n", "1", "--net", "ws", path.join(root, "test/jobs/dyn_jobs.ts"), "server", file, "1"], { stdio: "ignore" });
    const exited = new Promise<JobOutput>((resolve) => child.on("close", (code) => resolve({ code, stdout: "", stderr: "", ms: 0 })));
    const port = await portFrom(file, exited);
    await startOnPage(page, 1, `/test/browser/programs/join-lost.ts?${new URLSearchParams({ port })}`);
    await page.waitForFunction(() => (window as unknown as JobWindow).lines.includes("connected"), null, { timeout: 30_000 });
    child.kill("SIGKILL");
    const result = await resultOf(page);
    expect(result.code).toBe(1);
    expect(result.failure).toMatch(/^rank 0 failed: MPI\.Exception: MPI_Recv: the process of a peer it needs \(a rank of another job, or of a spawned one\) has failed or was lost \[MPI_ERR_PROC_ABORTED\]/);
    await exited;
  }, 60_000);

  it("two pages and a Node job in one communicator: the pages' messages to each other go through the Node job (alltoall)", async () => {
    const meet = mkdtempSync(path.join(os.tmpdir(), "wmpi-join-three-"));
    const server = runJob(2, "three_jobs.ts", { args: ["a", meet, "pages"], launcherArgs: ["--ppn", "1", "--net", "ws"], timeoutMs: 90_000 });
    const other = await page.context().newPage();
    try {
      await startOnPage(page, 2, `/test/browser/programs/join-three.ts?${new URLSearchParams({ role: "b", port: await portFrom(path.join(meet, "ab"), server) })}`);
      await startOnPage(other, 2, `/test/browser/programs/join-three.ts?${new URLSearchParams({ role: "c", port: await portFrom(path.join(meet, "abc"), server) })}`);
      for (const on of [page, other]) {
        const r = await resultOf(on);
        if (r.failure) throw new Error(`${r.failure}\n${r.output.map((l) => `${l.rank}: ${l.line}`).join("\n")}`);
        expect(r.output.filter((l) => /^rank \d+: No Errors$/.test(l.line))).toHaveLength(2);
      }
    } finally {
      await other.close();
      rmSync(meet, { recursive: true, force: true });
    }
    expectNoErrors(await server, 2);
  }, 120_000);

  it("a network worker that does not start fails the job, naming it, instead of leaving Connect waiting", async () => {
    await page.goto(`${rig!.isolated.url}/test/browser/blank.html`);
    await page.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => {
      const w = window as unknown as JobWindow;
      const port = "wmpi-port:00000001:0:0:" + "0".repeat(64) + ":ws://127.0.0.1:9";
      return w.wmpi.startJob({ np: 1, program: `/test/browser/programs/join-lost.ts?port=${encodeURIComponent(port)}`, network: true, files: false, netWorkerUrl: "/no-such-net-worker.js" }).result;
    });
    expect(result.code).toBe(1);
    expect(result.failure).toMatch(/^the job's network worker failed: /);
  }, 60_000);
});
