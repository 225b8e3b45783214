// Two hosts: one job whose ranks live in two network namespaces joined by a veth pair (ranks 0-1
// in the first, 2-3 in the second), over TCP and over WebSocket, with the PMI server in the first
// namespace as a process manager on another machine would be. Each namespace has only its own
// loopback and its end of the pair, with one address on a private /24 and no route beyond it, so
// the ranks in different namespaces can only reach each other through the pair, at those two
// addresses: the test checks that layout, samples the TCP connections inside both namespaces while
// the job runs (all between the two addresses), and counts the bytes that crossed the pair.
// Also MPI-IO into one file from both namespaces, a job over TLS across them, and two independent
// jobs, one per namespace, meeting through a port on a name server. Needs root and
// iproute2; skipped otherwise.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveOpenssl, makeCert } from "./harness/certs.js";
import { expectNoErrors, runCommand } from "./harness/job.js";
import { addressesIn, connectionsIn, inNamespace, makeTwoHosts, netnsUnavailable, routesIn, trafficOn, type TwoHosts } from "./harness/netns.js";
import { runPmiJob, type PmiJobOutput } from "./harness/pmi-procs.js";

const root = path.resolve(import.meta.dirname, "..");
const unavailable = netnsUnavailable();
if (unavailable !== null) console.warn(`hosts.test.ts skipped: cannot make network namespaces (${unavailable})`);

/** A PMI server for `size` processes, running inside namespace `ns` and listening on `host`. */
async function startPmiServer(ns: string, host: string, size: number) {
  const [cmd, ...prefix] = inNamespace(ns);
  const child = spawn(cmd!, [...prefix, process.execPath, path.join(root, "test/harness/pmi-server.mjs"), String(size), host], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.on("close", () => r()));
  const [line] = await Promise.race([
    createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string | undefined]),
    exited.then(() => [undefined]),
  ]);
  if (line === undefined) throw new Error(`the PMI server in ${ns} did not start: ${stderr}`);
  return {
    envs: JSON.parse(line) as Record<string, string>[],
    /** Stops the server; resolves once it has exited. */
    stop: () => {
      child.stdin.end();
      return exited;
    },
    stderr: () => stderr,
  };
}

/** "10.77.5.1:4000" -> ["10.77.5.1", 4000] */
const split = (endpoint: string): [string, number] => {
  const i = endpoint.lastIndexOf(":");
  return [endpoint.slice(0, i), Number(endpoint.slice(i + 1))];
};

describe.skipIf(unavailable !== null)("one job across two network namespaces", () => {
  let hosts: TwoHosts;
  let dir = "";
  beforeAll(() => {
    hosts = makeTwoHosts();
    dir = mkdtempSync(path.join(tmpdir(), "wmpi-hosts-"));
  });
  afterAll(() => {
    hosts?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("each namespace has only its loopback and its end of the pair, and no route beyond the /24", () => {
    for (let k = 0; k < 2; k++) {
      expect(addressesIn(hosts.ns[k]!).sort()).toEqual(["127.0.0.1", hosts.addr[k]].sort());
      const routes = routesIn(hosts.ns[k]!).filter((r) => !r.startsWith("local ") && !r.startsWith("broadcast "));
      expect(routes).toEqual([`${hosts.subnet}0/24 dev ${hosts.veth[k]} proto kernel scope link src ${hosts.addr[k]}`]);
    }
  });

  /**
   * Runs `job` as two processes of two ranks, one per namespace, each listening on its own
   * address, while sampling the TCP connections in both namespaces. Returns the job's output,
   * the connections seen, the PMI server's port and the bytes that crossed the pair.
   */
  async function across(job: string, env: Record<string, string>, cwd?: string) {
    const pmi = await startPmiServer(hosts.ns[0], hosts.addr[0], 2);
    const seen: [Set<string>, Set<string>] = [new Set(), new Set()];
    let running = true;
    const sampling = (async () => {
      while (running) {
        for (let k = 0; k < 2; k++) for (const c of await connectionsIn(hosts.ns[k]!)) seen[k].add(c);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const before = trafficOn(hosts.ns[1], hosts.veth[1]);
    let out: PmiJobOutput;
    try {
      out = await runPmiJob(
        [0, 1].map((k) => ({
          prefix: inNamespace(hosts.ns[k]!),
          cwd,
          env: { ...pmi.envs[k], ...env, WMPI_BIND: hosts.addr[k]!, WMPI_PROC_RANKS: `${2 * k}:2`, WMPI_NP: "4" },
        })),
        job,
      );
    } finally {
      running = false;
      await sampling;
      await pmi.stop();
    }
    const after = trafficOn(hosts.ns[1], hosts.veth[1]);
    const pmiPort = Number(pmi.envs[0]!.PMI_PORT!.split(":")[1]);
    const conns = seen.map((s) => [...s].map((c) => c.split(" ").map(split) as [[string, number], [string, number]]));
    out.stderr += pmi.stderr(); // aborts and lost processes, for a failing job's report
    return { out, conns, pmiPort, sent: after.tx - before.tx, received: after.rx - before.rx };
  }

  /** Checks that the job ran, that every connection seen joined the two addresses, and that the ranks' own link was among them. */
  function expectOnlyThePair(r: Awaited<ReturnType<typeof across>>) {
    expectNoErrors(r.out, 4);
    const [a, b] = hosts.addr;
    // the second namespace: every connection from its address to the first's
    expect(r.conns[1].length).toBeGreaterThan(0);
    for (const [[local], [peer]] of r.conns[1]) expect([local, peer]).toEqual([b, a]);
    // the first: the same pairs seen from the other side, and its own process's PMI connection to itself
    for (const [[local], [peer]] of r.conns[0]) {
      expect(local).toBe(a);
      expect([a, b]).toContain(peer);
    }
    // the network link between the processes (not only PMI) was seen: second namespace to the first's listener
    expect(r.conns[1].some(([, [, port]]) => port !== r.pmiPort)).toBe(true);
    // and the data crossed the pair, both ways (the jobs move megabytes; PMI alone is a few kB)
    expect(r.sent).toBeGreaterThan(256 * 1024);
    expect(r.received).toBeGreaterThan(256 * 1024);
  }

  for (const net of ["tcp", "ws"]) {
    for (const job of ["p2p_buf.ts", "coll_buf.ts"]) {
      it(`${job}, 4 ranks (2 per namespace) over ${net}`, async () => {
        const r = await across(job, { WMPI_NET: net });
        expectOnlyThePair(r);
        console.log(`${job} over ${net}: ${r.out.ms} ms, ${r.sent} B out and ${r.received} B in on ${hosts.veth[1]}, connections seen in the second namespace: ${r.conns[1].length}`);
      });
    }
  }

  // MPI-IO from two hosts into one file (the namespaces share the file system, as hosts share NFS or
  // Lustre): every access routine, and the shared file pointer and atomic mode through one-sided
  // operations across the pair; every byte is checked, and the jobs delete their files
  for (const job of ["io_access.ts", "io_shared.ts"]) {
    it(`${job}, 4 ranks (2 per namespace) over tcp, one file`, async () => {
      const cwd = mkdtempSync(path.join(tmpdir(), "wmpi-hosts-io-"));
      try {
        const r = await across(job, { WMPI_NET: "tcp" }, cwd);
        expectNoErrors(r.out, 4);
        expect(r.conns[1].some(([, [, port]]) => port !== r.pmiPort)).toBe(true);
        expect(readdirSync(cwd)).toEqual([]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  // two independent jobs, one per namespace, meet through a port published on a name server in
  // the first: the server job in threads, the client job as two processes over TCP
  it("two jobs, one per namespace, connect through a port published on wmpi-nameserver", async () => {
    const [cmd, ...prefix] = inNamespace(hosts.ns[0]);
    const ns = spawn(cmd!, [...prefix, process.execPath, path.join(root, "bin/wmpi-nameserver.js"), "--port", "0", "--bind", hosts.addr[0]], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [line] = (await createInterface({ input: ns.stdout })[Symbol.asyncIterator]().next()).value.match(/\S+$/) as [string];
      const job = (k: number, role: string, extra: string[]) =>
        runCommand(inNamespace(hosts.ns[k])[0]!, [...inNamespace(hosts.ns[k]).slice(1), process.execPath, path.join(root, "bin/wmpiexec.js"), ...extra, "--bind", hosts.addr[k]!, "--nameserver", line, path.join(root, "test/jobs/dyn_jobs.ts"), role, "--name", "across", "2"]);
      const before = trafficOn(hosts.ns[1], hosts.veth[1]);
      const [server, client] = await Promise.all([job(0, "server", ["-n", "2"]), job(1, "client", ["-n", "4", "--ppn", "2", "--net", "tcp"])]);
      const after = trafficOn(hosts.ns[1], hosts.veth[1]);
      expectNoErrors(server, 2);
      expectNoErrors(client, 4);
      // the rendezvous messages (2.4 MB each way per round) crossed the pair
      expect(after.tx - before.tx).toBeGreaterThan(4e6);
      expect(after.rx - before.rx).toBeGreaterThan(4e6);
    } finally {
      ns.kill();
    }
  });

  it.skipIf(!haveOpenssl())("p2p_buf.ts, 4 ranks over TLS sockets, the certificate naming both addresses", async () => {
    const cert = makeCert(dir, "hosts", hosts.addr);
    const r = await across("p2p_buf.ts", { WMPI_NET: "tcp", WMPI_TLS_CERT: cert.cert, WMPI_TLS_KEY: cert.key, WMPI_TLS_CA: cert.cert });
    expectOnlyThePair(r);
  });
});
