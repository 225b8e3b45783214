// Relaying between two jobs that cannot connect (runtime/net-relay.ts): three in-process
// "processes" of three jobs, each a NetRouter with a rank, where A and B (two pages: directories
// with empty addresses) each met M (a Node job's process) over in-memory links with the real
// directory swap (job-meeting.ts). A learns how to reach B from M, and the reverse; what A's rank
// sends B's goes as fwd frames through M, lands in B's ring with A's rank's alias there as its
// source, and the answer comes back the same way. M stays for the relayed jobs' goodbyes; a
// malformed relayed frame closes only the relay; M dials a process it has no connection to,
// holding the frames meanwhile. No sockets, no browser: this runs in milliseconds.
import { describe, expect, it } from "vitest";
import { memoryLinkPair } from "../ts/net/memory-link.js";
import { meetJob } from "../ts/runtime/job-meeting.js";
import type { JobDirectory } from "../ts/runtime/net-jobs.js";
import { RelayLink } from "../ts/runtime/net-relay.js";
import { MAX_VCS, VcTable } from "../ts/runtime/vc-table.js";
import { HEAP, makeProc, runUntil, takePackets, type Proc } from "./harness/routers.js";

const PKT_EAGER = 1;

/** Process 0 of job `job`, with one rank (vc 0); `address` "" for a page. */
function jobProcess(job: number, address: string): { p: Proc; table: VcTable; dir: JobDirectory } {
  const table = VcTable.create(job, 1, MAX_VCS);
  const p = makeProc(0, [0], [0], { table });
  const dir: JobDirectory = { job, token: "ab".repeat(32), addresses: [address], ranges: [[0, 1, 0]], spawnBase: 1, stride: 2 ** 31 };
  return { p, table, dir };
}

/** The two sides of a connection between two jobs, after the handshake: both swap directories. */
async function meet(a: ReturnType<typeof jobProcess>, b: ReturnType<typeof jobProcess>): Promise<void> {
  const [la, lb] = memoryLinkPair();
  const side = (x: ReturnType<typeof jobProcess>) => ({ router: x.p.router, table: x.table, proc: 0, directory: () => x.dir, log: (m: string) => x.p.failures.push(m), stopped: () => false });
  await Promise.all([meetJob(la, side(a)), meetJob(lb, side(b))]);
}

/** Rank 0 of `from` sends an eager packet with `payload` to vc `to` (a header at HEAP, the payload after it; `aux` marks it). */
function sendPacket(from: Proc, to: number, payload: Uint8Array, aux = 0): void {
  const r = from.ranks.get(0)!;
  const dv = new DataView(r.memory.buffer);
  r.view.u8.fill(0, HEAP, HEAP + 48);
  dv.setUint16(HEAP + 4, PKT_EAGER, true);
  dv.setInt32(HEAP + 8, 0, true); // its vc in its own job
  dv.setUint32(HEAP + 36, aux, true);
  r.view.u8.set(payload, HEAP + 48);
  expect(r.channel.send(to, HEAP, HEAP + 48, payload.length)).toBe(0);
}

async function threeJobs() {
  const a = jobProcess(0xa, ""), m = jobProcess(0xb0, "mem:m"), b = jobProcess(0xc, "");
  await meet(a, m);
  await meet(b, m);
  // M passes B's directory on to A (it met A first), and told B of A when they met
  await runUntil([a.p, m.p, b.p], () => a.p.router.knownJobs().some((d) => d.job === 0xc) && b.p.router.knownJobs().some((d) => d.job === 0xa), "the directories");
  return { a, m, b };
}

describe("relaying between two pages through a third job's process", () => {
  it("a packet from A's rank reaches B's rank through M, with A's rank's alias in B as its source; the answer comes back", async () => {
    const { a, m, b } = await threeJobs();
    const procs = [a.p, m.p, b.p];
    // each names the other's rank by an alias of its own, as the intercommunicator exchange would
    const bInA = a.table.vcOf(0xc, 0)!;
    const aInB = b.table.vcOf(0xa, 0)!;
    sendPacket(a.p, bInA, new Uint8Array([1, 2, 3]));
    const rb = b.p.ranks.get(0)!;
    await runUntil(procs, () => (takePackets(rb), rb.packets.length > 0), "A's packet in B's ring");
    expect(rb.packets[0]).toMatchObject({ type: PKT_EAGER, srcVc: aInB });
    sendPacket(b.p, aInB, new Uint8Array([4]));
    const ra = a.p.ranks.get(0)!;
    await runUntil(procs, () => (takePackets(ra), ra.packets.length > 0), "B's answer in A's ring");
    expect(ra.packets[0]).toMatchObject({ type: PKT_EAGER, srcVc: bInA });
    // the connections A and B use for each other are relays through M; M holds none of its own for them
    expect(a.p.router.links.some((l) => l instanceof RelayLink)).toBe(true);
    expect(m.p.router.links.some((l) => l instanceof RelayLink)).toBe(false);
    expect([...a.p.failures, ...m.p.failures, ...b.p.failures]).toEqual([]);
    // M relayed for A and B: it stays until both say goodbye
    expect(m.p.router.relayPending).toBe(true);
    for (const p of [a.p, b.p]) for (const l of p.router.links) l?.send({ type: "bye" });
    await runUntil(procs, () => !m.p.router.relayPending, "M's relaying to be over");
  });

  it("a relayed frame that is not a frame closes only that relay, saying so", async () => {
    const { a, b } = await threeJobs();
    const bInA = a.table.vcOf(0xc, 0)!;
    sendPacket(a.p, bInA, new Uint8Array([9]));
    await runUntil([a.p, b.p], () => b.p.router.links.some((l) => l instanceof RelayLink), "B's relay to A");
    const toA = a.p.router.links.find((l) => l instanceof RelayLink) as RelayLink;
    toA.via.send({ type: "fwd", dstJob: 0xc, dstProc: 0, srcJob: 0xa, srcProc: 0, body: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) });
    await runUntil([a.p, b.p], () => b.p.failures.length > 0, "B to notice");
    expect(b.p.failures.join("\n")).toMatch(/lost process 0 of job a/);
    expect(b.p.router.links.filter((l) => l !== undefined && !(l instanceof RelayLink))).toHaveLength(1); // its connection to M stays
  });

  it("M passes frames on to a process it was not connected to: it dials it, holding the frames meanwhile", async () => {
    const { a, m } = await threeJobs();
    // D: a job M knows of (as from a job frame) and can dial, but has no connection to; A cannot dial it (a page, D not on WebSocket)
    const d = jobProcess(0xd, "mem:d");
    a.p.router.canDial = (address) => address.startsWith("ws");
    let dials = 0;
    m.p.router.dial = async (dir, proc) => {
      dials++;
      expect([dir.job, proc]).toEqual([0xd, 0]);
      await meet(m, d);
    };
    m.p.router.learnJob(d.dir);
    m.p.router.shareJob(d.dir);
    const procs = [a.p, m.p, d.p];
    await runUntil(procs, () => a.p.router.knownJobs().some((x) => x.job === 0xd), "A to hear of D");
    const dInA = a.table.vcOf(0xd, 0)!;
    for (const n of [1, 2, 3]) sendPacket(a.p, dInA, new Uint8Array([n]), n);
    const rd = d.p.ranks.get(0)!;
    await runUntil(procs, () => (takePackets(rd), rd.packets.length === 3), "A's packets in D's ring");
    // in order, each from A's rank's alias in D
    expect(rd.packets.map((p) => [p.aux, p.srcVc])).toEqual([1, 2, 3].map((n) => [n, d.table.vcOf(0xa, 0)]));
    expect(dials).toBe(1);
    expect([...a.p.failures, ...m.p.failures, ...d.p.failures]).toEqual([]);
  });
});
