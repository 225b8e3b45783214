// The point-to-point and collective job bodies, unchanged, over the network channel: ranks in
// separate processes (wmpiexec --mode process) over Unix sockets, TCP and WebSocket, and mixed
// (--ppn 2: pairs of ranks share a process and memory, pairs talk over the network).
import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../ts/launcher/cli.js";
import { expectNoErrors, runJob } from "./harness/job.js";

const placements: [string, string[]][] = [
  ["processes over unix sockets", ["--mode", "process", "--net", "unix"]],
  ["processes over TCP", ["--mode", "process", "--net", "tcp"]],
  ["processes over WebSocket", ["--mode", "process", "--net", "ws"]],
  ["two ranks per process over unix sockets", ["--ppn", "2", "--net", "unix"]],
];

for (const [name, launcherArgs] of placements) {
  describe(name, () => {
    const np = 3;
    it(`point-to-point buffers and objects, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "p2p_buf.ts", { launcherArgs }), np);
      expectNoErrors(await runJob(np, "p2p_obj.ts", { launcherArgs }), np);
    });
    it(`request lifecycles and the environment, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "lifecycle.ts", { launcherArgs, env: { WMPI_WAITASYNC_POLL_MS: "5000" } }), np);
      expectNoErrors(await runJob(np, "env.ts", { launcherArgs }), np);
    });
    it(`collectives, buffers and objects, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "coll_buf.ts", { launcherArgs }), np);
      expectNoErrors(await runJob(np, "coll_obj.ts", { launcherArgs }), np);
    });
  });
}

describe("more placements over unix sockets", () => {
  const launcherArgs = ["--mode", "process"];
  it("collectives on an intercommunicator, 4 ranks", async () => {
    expectNoErrors(await runJob(4, "coll_inter.ts", { launcherArgs }), 4);
  });
  it("derived datatypes and the pipelined rendezvous, 2 ranks", async () => {
    expectNoErrors(await runJob(2, "datatypes.ts", { launcherArgs, env: { WMPI_PIPELINE_CHUNK: "16384" } }), 2);
  });
  it("communicators, 5 ranks of 2 per process", async () => {
    expectNoErrors(await runJob(5, "comms.ts", { launcherArgs: ["--ppn", "2"] }), 5);
  });
});

describe("stress over the network", () => {
  const args = ["--small", "20000", "--large", "50"];
  it("20,000 messages among 4 ranks, two per process, over TCP", async () => {
    expectNoErrors(await runJob(4, "stress.ts", { launcherArgs: ["--ppn", "2", "--net", "tcp"], args, timeoutMs: 120_000 }), 4);
  });
  it("with 64-cell rings: arrivals wait in the network thread for room", async () => {
    const env = { WMPI_RING_CELLS: "64" };
    const few = ["--small", "10000", "--large", "20"];
    expectNoErrors(await runJob(4, "stress.ts", { launcherArgs: ["--mode", "process"], args: few, env, timeoutMs: 120_000 }), 4);
  });
});

describe("64 ranks in 64 processes on 2 cores (oversubscribed)", () => {
  it("start and run the buffer collectives", async () => {
    expectNoErrors(await runJob(64, "coll_buf.ts", { launcherArgs: ["--mode", "process"], timeoutMs: 400_000 }), 64);
  });
});

describe("a process killed mid-transfer", () => {
  const launcherArgs = ["--mode", "process"];
  it("ends the job, naming the rank", async () => {
    const out = await runJob(3, "peer_death.ts", { launcherArgs });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/wmpiexec: rank 2 (ended before finishing the job|exited with signal SIGKILL)/);
  });
  it("with --disable-auto-cleanup, the others' operations with it fail with ERR_PROC_ABORTED and they go on", async () => {
    const out = await runJob(3, "peer_death.ts", { launcherArgs: [...launcherArgs, "--disable-auto-cleanup"] });
    expect(out.code).not.toBe(0);
    expect(out.stdout).toContain("rank 0: No Errors");
    expect(out.stdout).toContain("rank 1: No Errors");
    expect(out.stderr).toMatch(/lost process 2 \(rank 2\)/);
  });
  it("a process that stops answering is found by the heartbeat, and the job ends", async () => {
    const out = await runJob(3, "peer_death.ts", { launcherArgs, args: ["--stop"], env: { WMPI_NET_TIMEOUT: "2" } });
    expect(out.code).not.toBe(0);
    // each survivor's heartbeat fires on its own clock: the first to finish ends the job (exit 1:
    // the job lost a process), which may stop the other before it reports
    expect(out.stdout).toMatch(/rank [01]: No Errors/);
    expect(out.stderr).toMatch(/lost process 2 \(rank 2\): process 2 has not answered for [\d.]+ s/);
  });
});

describe("placement options", () => {
  const parse = (argv: string[]) => parseArgs([...argv, "prog.ts"]);
  it("--mode, --ppn, --net, --bind and --iface parse; mistakes are named", () => {
    expect(parse([])).toMatchObject({ mode: "thread" });
    expect(parse(["--ppn", "3", "--net", "ws"])).toMatchObject({ mode: "process", ppn: 3, net: "ws" });
    expect(parse(["--mode", "process", "--bind", "0.0.0.0"])).toMatchObject({ mode: "process", bind: "0.0.0.0" });
    expect(parse(["--iface", "lo"])).toMatchObject({ bind: "127.0.0.1" });
    expect(() => parse(["--mode", "fork"])).toThrow(new UsageError('--mode takes thread or process, not "fork"'));
    expect(() => parse(["--ppn", "0"])).toThrow(/--ppn takes a positive whole number/);
    expect(() => parse(["--net", "udp"])).toThrow(/--net takes unix, tcp or ws/);
    expect(() => parse(["--iface", "no-such-if0"])).toThrow(/no network interface "no-such-if0"/);
  });
  it("a TCP job listening on the address of --iface lo", async () => {
    expectNoErrors(await runJob(2, "p2p_buf.ts", { launcherArgs: ["--mode", "process", "--net", "tcp", "--iface", "lo"] }), 2);
  });
});
