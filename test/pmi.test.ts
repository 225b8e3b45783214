// PMI-1: the client and server of ts/pmi against each other (in one process and with child
// processes), MPICH's own simple PMI client against our server, and our client under MPICH's
// real Hydra (mpiexec.mpich). Child processes import the compiled client from dist/ (built by
// scripts/setup.sh, or `npx tsc -p tsconfig.json`).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PmiClient } from "../ts/pmi/client.js";
import { PmiServer } from "../ts/pmi/server.js";
import { decodeValue, encodeValue, maxEncodedTextBytes } from "../ts/pmi/value-codec.js";
import { checkWireValue, parseLine } from "../ts/pmi/wire.js";
import { runCommand } from "./harness/job.js";

const job = "test/jobs/pmi-kvs.mjs";
const found = (cmd: string) => !spawnSync(cmd, ["--version"], { stdio: "ignore" }).error;
const hasHydra = found("mpiexec.mpich");
const hasMpicc = found("mpicc");

/** process.env without PMI variables, so a child only sees the manager the test gives it. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("PMI_")) env[k] = v;
  return env;
}

interface Child {
  rank: number;
  kill(): void;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `n` processes of `cmd args` as PMI ranks of `server`. */
function startRanks(server: PmiServer, n: number, cmd: string, args: string[]): Child[] {
  return Array.from({ length: n }, (_, rank) => {
    const child = spawn(cmd, args, { env: { ...cleanEnv(), ...server.envFor(rank) }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
    return { rank, kill: () => child.kill("SIGKILL"), done };
  });
}

/** The JSON reports pmi-kvs.mjs printed, by rank. */
function reports(stdout: string): Map<number, { rank: number; size: number; seen: Record<string, string>; missing?: string; kvsname: string }> {
  const out = new Map();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = JSON.parse(line);
    out.set(r.rank, r);
  }
  return out;
}

function expectFullExchange(stdout: string, n: number): void {
  const rs = reports(stdout);
  expect([...rs.keys()].sort(), stdout).toEqual([...Array(n).keys()]);
  for (const r of rs.values()) {
    expect(r.size).toBe(n);
    for (let peer = 0; peer < n; peer++) expect(r.seen[peer]).toBe(`rank ${peer} = ok ✓`);
  }
  expect(new Set([...rs.values()].map((r) => r.kvsname)).size).toBe(1);
}

describe("PMI-1 wire format and value encoding", () => {
  it("rejects keys and values the wire cannot carry, naming them", () => {
    expect(() => checkWireValue("value of key \"a\"", "x y", 1024)).toThrow(/value of key "a" contains " "/);
    for (const bad of ["a=b", "a\\b", "a;b", "a\nb", "é"]) expect(() => checkWireValue("v", bad, 1024)).toThrow(/cannot carry/);
    expect(() => checkWireValue("v", "x".repeat(1025), 1024)).toThrow(/1025 bytes, over the process manager's limit of 1024/);
    expect(() => checkWireValue("key", "", 64, false)).toThrow(/key is empty/);
    expect(() => checkWireValue("v", "tcp://10.0.0.1:4000,ws://[::1]:80/x?y", 1024)).not.toThrow();
  });

  it("encodes any text into wire-safe values and back", () => {
    for (const text of ["", "a b=c\\d;e\nf", JSON.stringify({ host: "10.1.2.3", ports: [1, 2] }), "ünïcødé ✓ 🚀"]) {
      const v = encodeValue(text);
      expect(() => checkWireValue("v", v, 1024)).not.toThrow();
      expect(decodeValue(v)).toBe(text);
    }
    expect(encodeValue("x".repeat(maxEncodedTextBytes(1024))).length).toBeLessThanOrEqual(1024);
    expect(() => decodeValue("not base64!")).toThrow(/not base64url/);
  });

  it("parses Hydra's replies", () => {
    const m = parseLine("cmd=get_result rc=-1 msg=key_x_not_found value=unknown");
    expect(m.cmd).toBe("get_result");
    expect(Object.fromEntries(m.fields)).toEqual({ rc: "-1", msg: "key_x_not_found", value: "unknown" });
    expect(() => parseLine("hello")).toThrow(/does not start with "cmd="/);
  });
});

describe("PmiClient with PmiServer in one process", () => {
  let server: PmiServer | undefined;
  const clients: PmiClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
  });

  async function connect(size: number, opts: Partial<Parameters<typeof PmiServer.start>[0]> = {}): Promise<PmiClient[]> {
    server = await PmiServer.start({ size, kvsname: "kvs_test", universeSize: 8, appnum: 2, ...opts });
    for (let r = 0; r < size; r++) clients.push(PmiClient.fromEnv(server.envFor(r))!);
    await Promise.all(clients.map((c) => c.init()));
    return clients;
  }

  it("hands out rank, size and job facts, and publishes puts only at a barrier", async () => {
    const [a, b] = await connect(2);
    expect([a.rank, a.size, b.rank, b.size]).toEqual([0, 2, 1, 2]);
    expect([a.kvsname, a.universeSize, a.appnum]).toEqual(["kvs_test", 8, 2]);
    // 256/64/1024 announced, value limit cut to 674 as MPICH does so a put line fits 1024 bytes
    expect(a.maxes).toEqual({ kvsnameMax: 256, keylenMax: 64, vallenMax: 674 });
    await a.put("k0", "v0");
    await b.put("k1", "v1");
    // like Hydra, nothing is visible (not even one's own put) before the barrier
    await expect(a.get("k0")).rejects.toThrow(/get of key "k0" in kvs_test failed: key_k0_not_found/);
    await Promise.all([a.barrier(), b.barrier()]);
    expect(await a.get("k1")).toBe("v1");
    expect(await b.get("k0")).toBe("v0");
    await expect(b.get("nope")).rejects.toThrow(/key "nope".*not_found/);
    await Promise.all([a.finalize(), b.finalize()]);
    await expect(a.put("x", "y")).rejects.toThrow(/put\(\) called after finalize\(\)/);
  });

  it("holds published names for every process (MPI_Publish_name through PMI), any text in them", async () => {
    const [a, b] = await connect(2);
    const port = "wmpi-port:ab12:0:3";
    expect(await a.publishName("my service = ünï", port)).toBe(true);
    expect(await b.publishName("my service = ünï", "other")).toBe(false);
    expect(await b.lookupName("my service = ünï")).toBe(port);
    expect(await b.lookupName("none")).toBeUndefined();
    expect(await b.unpublishName("none")).toBe(false);
    expect(await a.unpublishName("my service = ünï")).toBe(true);
    expect(await b.lookupName("my service = ünï")).toBeUndefined();
  });

  it("rejects bad keys and values before sending them", async () => {
    const [a] = await connect(1);
    await expect(a.put("k", "has space")).rejects.toThrow(/value of key "k" contains " "/);
    await expect(a.put("k".repeat(65), "v")).rejects.toThrow(/over the process manager's limit of 64/);
    await expect(a.put("k", "v".repeat(675))).rejects.toThrow(/675 bytes, over the process manager's limit of 674/);
    await a.put("k", "v".repeat(674));
  });

  it("delivers abort to onAbort with the rank, the code and the message", async () => {
    let resolve!: (v: [number, number, string]) => void;
    const aborted = new Promise<[number, number, string]>((r) => (resolve = r));
    const [, b] = await connect(2, { onAbort: (rank, code, msg) => resolve([rank, code, msg]) });
    // a barrier that can never complete must not hold the abort back
    void b.barrier().catch(() => {});
    await b.abort(9, "disk full");
    expect(await aborted).toEqual([1, 9, "disk_full"]);
  });

  it("fails clearly before init, with no manager, and on a wrong PMI_ID", async () => {
    const c = PmiClient.fromEnv({ PMI_PORT: "127.0.0.1:1", PMI_ID: "0" })!;
    expect(() => c.rank).toThrow(/not initialized/);
    await expect(c.init()).rejects.toThrow(/cannot connect to the process manager at PMI_PORT=127.0.0.1:1/);
    expect(PmiClient.fromEnv({})).toBeNull();
    expect(() => PmiClient.fromEnv({ PMI_PORT: "nohostport" })).toThrow(/not host:port/);
    server = await PmiServer.start({ size: 2 });
    const bad = PmiClient.fromEnv({ ...server.envFor(0), PMI_ID: "5" })!;
    clients.push(bad);
    await expect(bad.init()).rejects.toThrow(/initack pmiid=5 failed: pmiid_5_not_in_0..1/);
  });
});

describe("PmiServer with client processes", () => {
  it("4 processes put, pass a barrier and read every key; a missing key fails clearly", async () => {
    const server = await PmiServer.start({ size: 4 });
    try {
      const ranks = startRanks(server, 4, process.execPath, [job, "--missing"]);
      const outs = await Promise.all(ranks.map((r) => r.done));
      for (const o of outs) expect(o.code, o.stderr).toBe(0);
      const all = outs.map((o) => o.stdout).join("");
      expectFullExchange(all, 4);
      for (const r of reports(all).values()) expect(r.missing).toMatch(/get of key "no-such-key" in kvs_\S+ failed: key_no-such-key_not_found \(rc=-1\)/);
    } finally {
      await server.close();
    }
  });

  it("abort reaches onAbort with the rank and code; the others are reported lost once killed", async () => {
    let resolve!: (v: [number, number, string]) => void;
    const aborted = new Promise<[number, number, string]>((r) => (resolve = r));
    const lost: number[] = [];
    const server = await PmiServer.start({ size: 3, onAbort: (rank, code, msg) => resolve([rank, code, msg]), onLost: (rank) => lost.push(rank) });
    try {
      const ranks = startRanks(server, 3, process.execPath, [job, "--abort-rank", "1", "--abort-code", "7"]);
      expect(await aborted).toEqual([1, 7, "rank_1_gives_up_on_purpose"]);
      for (const r of ranks) r.kill();
      await Promise.all(ranks.map((r) => r.done));
      await new Promise((r) => setTimeout(r, 100)); // let the server see the sockets close
      expect(lost.sort()).toEqual([0, 2]);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!hasMpicc)("serves MPICH's own simple PMI client: a C MPI program (mpicc) runs 3 ranks", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-pmi-"));
    const server = await PmiServer.start({ size: 3 });
    try {
      writeFileSync(
        path.join(dir, "allreduce.c"),
        `#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
  int rank, size, sum = 0;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  printf("rank %d of %d: sum %d\\n", rank, size, sum);
  MPI_Finalize();
  return 0;
}
`,
      );
      const cc = await runCommand("mpicc", ["-o", path.join(dir, "allreduce"), path.join(dir, "allreduce.c")]);
      expect(cc.code, cc.stderr).toBe(0);
      const outs = await Promise.all(startRanks(server, 3, path.join(dir, "allreduce"), []).map((r) => r.done));
      outs.forEach((o, rank) => {
        expect(o.code, o.stderr).toBe(0);
        expect(o.stdout).toBe(`rank ${rank} of 3: sum 3\n`);
      });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasHydra)("PmiClient under MPICH's Hydra (mpiexec.mpich; skipped when it is not installed)", () => {
  const hydra = (args: string[]) => runCommand("mpiexec.mpich", args, { env: cleanEnv(), timeoutMs: 30_000 });

  it("-n 4: the inherited PMI_FD connection", async () => {
    const out = await hydra(["-n", "4", process.execPath, job, "--missing"]);
    expect(out.code, out.stderr).toBe(0);
    expectFullExchange(out.stdout, 4);
    for (const r of reports(out.stdout).values()) expect(r.missing).toMatch(/key "no-such-key".*key_no-such-key_not_found/);
  });

  it("-pmi-port -n 3: the PMI_PORT connection with the initack handshake", async () => {
    const out = await hydra(["-pmi-port", "-n", "3", process.execPath, job]);
    expect(out.code, out.stderr).toBe(0);
    expectFullExchange(out.stdout, 3);
  });

  it("-ppn 2 -hosts localhost,127.0.0.1 -n 4: two proxies share one key-value space", async () => {
    const out = await hydra(["-ppn", "2", "-hosts", "localhost,127.0.0.1", "-n", "4", process.execPath, job]);
    expect(out.code, out.stderr).toBe(0);
    expectFullExchange(out.stdout, 4);
  });

  it("-ppn 2 -hosts localhost -n 4: one proxy, two ranks per host", async () => {
    const out = await hydra(["-ppn", "2", "-hosts", "localhost", "-n", "4", process.execPath, job]);
    expect(out.code, out.stderr).toBe(0);
    expectFullExchange(out.stdout, 4);
  });

  it("-n 3 where rank 1 calls abort(7): the job ends with exit code 7, no hang", async () => {
    const out = await hydra(["-n", "3", process.execPath, job, "--abort-rank", "1", "--abort-code", "7"]);
    expect(out.code).toBe(7);
    expect(out.stderr).toContain("rank 1 gives up on purpose");
  });
});
