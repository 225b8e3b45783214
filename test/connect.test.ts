// Independent jobs meet through ports (issue 9): two wmpiexec jobs, started apart, connect with
// MPI_Comm_connect / MPI_Comm_accept and use the intercommunicator (point-to-point eager and
// rendezvous, collectives, Merge, one-sided operations on the merged communicator), disconnect
// and connect again. Every pairing of threads and processes (Unix sockets and TCP) runs the same
// program, test/jobs/dyn_jobs.ts; the port travels through a file or a name server. A port with
// another token is refused; a server waiting in Accept is not taken for a deadlock. MPI.Comm.Join
// joins the two ends of a TCP socket, in one job and across two.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSuite, WMPIEXEC } from "./harness/ctest.js";
import { expectNoErrors, runCommand, runJob, type JobOutput } from "./harness/job.js";
import { startWmpiNameserver, type ServerProcess } from "./harness/nameserver.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-connect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Runs a server job and a client job of dyn_jobs.ts at once; resolves with both outputs. */
async function pair(server: { np: number; args: string[] }, client: { np: number; args: string[] }, where?: string[], rounds = "2"): Promise<[JobOutput, JobOutput]> {
  const meet = where ?? [path.join(dir, `port-${files++}`)];
  return Promise.all([
    runJob(server.np, "dyn_jobs.ts", { args: ["server", ...meet, rounds], launcherArgs: server.args }),
    runJob(client.np, "dyn_jobs.ts", { args: ["client", ...meet, rounds], launcherArgs: client.args }),
  ]);
}

const modes = [
  { label: "threads", args: [] as string[] },
  { label: "threads, ports over WebSocket (--net ws)", args: ["--net", "ws"] },
  { label: "processes (--ppn 1)", args: ["--ppn", "1"] },
  { label: "processes (--ppn 2, TCP)", args: ["--ppn", "2", "--net", "tcp"] },
];

describe("two jobs connect through a port, twice", () => {
  // each mode with itself and with the next (the sizes differ so that the groups do)
  const pairs = modes.flatMap((s, i) => [[s, s], [s, modes[(i + 1) % modes.length]]]);
  for (const [s, c] of pairs) {
    it(`server in ${s.label} (3 ranks), client in ${c.label} (2 ranks)`, async () => {
      const [so, co] = await pair({ np: 3, args: s.args }, { np: 2, args: c.args });
      expectNoErrors(so, 3);
      expectNoErrors(co, 2);
      expect(so.stderr + co.stderr).not.toMatch(/lost|refused|broke the protocol/);
    });
  }
  it("1 rank meets 4", async () => {
    const [so, co] = await pair({ np: 1, args: [] }, { np: 4, args: ["--ppn", "2"] });
    expectNoErrors(so, 1);
    expectNoErrors(co, 4);
  });
});

describe("three jobs: the second passes the first's ranks to the third", () => {
  it("the third reaches the first directly (it was told how when it met the second): alltoall over all three", async () => {
    const meet = mkdtempSync(path.join(dir, "three-"));
    const [a, b, c] = await Promise.all([
      runJob(2, "three_jobs.ts", { args: ["a", meet] }),
      runJob(2, "three_jobs.ts", { args: ["b", meet], launcherArgs: ["--ppn", "1"] }),
      runJob(3, "three_jobs.ts", { args: ["c", meet] }),
    ]);
    expectNoErrors(a, 2);
    expectNoErrors(b, 2);
    expectNoErrors(c, 3);
    expect(a.stderr + b.stderr + c.stderr).not.toMatch(/lost|refused|never told|broke the protocol/);
  });
});

describe("a port with another token", () => {
  it("is refused with MPI.ERR_PORT, and the server goes on to accept the real client; waiting in Accept is no deadlock", async () => {
    const file = path.join(dir, `port-${files++}`);
    // the detector would judge a job whose every rank waits, with nothing on its way, after 1 s
    const server = runJob(2, "dyn_jobs.ts", { args: ["server", file, "1"], launcherArgs: ["--env", "WMPI_DEADLOCK_SECONDS=1"] });
    const forged = await runJob(1, "dyn_jobs.ts", { args: ["forged", file] });
    expectNoErrors(forged, 1);
    await new Promise((r) => setTimeout(r, 1500));
    const client = await runJob(2, "dyn_jobs.ts", { args: ["client", file, "1"] });
    expectNoErrors(client, 2);
    const so = await server;
    expectNoErrors(so, 2);
    expect(so.stderr).toMatch(/refused a connection/);
  });
});

describe("the port through a name server (wmpiexec --nameserver)", () => {
  let ns: ServerProcess;
  beforeAll(async () => void (ns = await startWmpiNameserver()));
  afterAll(() => ns?.stop());
  for (const [s, c] of [[modes[0], modes[2]], [modes[3], modes[1]]]) {
    it(`server in ${s.label} publishes, client in ${c.label} looks it up`, async () => {
      const service = `connect-test-${files++}`;
      const [so, co] = await pair(
        { np: 2, args: ["--nameserver", ns.text, ...s.args] },
        { np: 2, args: ["--nameserver", ns.text, ...c.args] },
        ["--name", service],
        "1",
      );
      expectNoErrors(so, 2);
      expectNoErrors(co, 2);
    });
  }
});

describe("MPI.Comm.Join over a TCP socket", () => {
  for (const mode of [modes[0], modes[2]]) {
    it(`two ranks of one job (${mode.label}); a descriptor that is no socket, or closed, is MPI.ERR_ARG`, async () => {
      expectNoErrors(await runJob(2, "dyn_join.ts", { args: ["pair"], launcherArgs: mode.args }), 2);
    });
  }
  it("two independent jobs (threads and a process)", async () => {
    const file = path.join(dir, `tcp-port-${files++}`);
    const [a, b] = await Promise.all([runJob(1, "dyn_join.ts", { args: ["listen", file] }), runJob(1, "dyn_join.ts", { args: ["dial", file], launcherArgs: ["--ppn", "1"] })]);
    expectNoErrors(a, 1);
    expectNoErrors(b, 1);
  });
});

describe("C programs (wmpicc): two jobs through a port", () => {
  const cdir = path.join(dir, "c");
  beforeAll(async () => {
    mkdirSync(cdir);
    await buildSuite(cdir, path.resolve(import.meta.dirname, "c/jobs"), ["connect_jobs"]);
  }, 240_000);
  for (const [s, c] of [[modes[0], modes[2]], [modes[2], modes[0]]]) {
    it(`server in ${s.label} (2 ranks), client in ${c.label} (3 ranks); MPI_Comm_join refused (MPI_ERR_ARG)`, async () => {
      const file = path.join(cdir, `port-${files++}`);
      const run = (np: number, role: string, args: string[]) =>
        runCommand(process.execPath, [WMPIEXEC, "-n", String(np), ...args, "--preopen", cdir, "connect_jobs.wasm", role, file], { cwd: cdir });
      const [so, co] = await Promise.all([run(2, "server", s.args), run(3, "client", c.args)]);
      expect({ code: so.code, stdout: so.stdout }, so.stderr).toEqual({ code: 0, stdout: " No Errors\n" });
      expect({ code: co.code, stdout: co.stdout }, co.stderr).toEqual({ code: 0, stdout: " No Errors\n" });
    });
  }
});
