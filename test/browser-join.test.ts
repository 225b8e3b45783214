// A page's ranks join a Node job over WebSocket (issue 10): a wmpiexec job started with --net ws
// opens a port (test/jobs/dyn_jobs.ts as the server); Web Worker ranks in headless Chromium,
// started with startJob's `network`, connect to it (test/browser/programs/join.ts) and run the
// same rounds two wmpiexec jobs run (test/jobs/connect-round.ts): point-to-point eager and
// rendezvous, intercommunicator collectives, Merge, and Put/Get on a window of the merged
// communicator; a port with a forged token is refused first. The Node job runs as threads and as
// a job of processes (the page then dials every process), and as processes over TLS (wss://, with a
// certificate the test makes, which the page's browser context is told to accept). Without
// Chromium every test is skipped.
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

/** Runs join.ts on `np` page ranks against `port`. */
async function joinFromPage(np: number, port: string, rounds: number): Promise<Result> {
  await page.goto(`${rig!.isolated.url}/test/browser/blank.html`);
  await page.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
  const program = `/test/browser/programs/join.ts?${new URLSearchParams({ port, rounds: String(rounds) })}`;
  return page.evaluate(
    ([np, program]) => {
      const w = window as unknown as { wmpi: { startJob(o: object): { result: Promise<Result> } } };
      return w.wmpi.startJob({ np, program, network: true, files: false }).result;
    },
    [np, program] as const,
  );
}

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
      const result = await joinFromPage(2, port, 2);
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
});
