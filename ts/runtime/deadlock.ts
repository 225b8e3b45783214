/**
 * The deadlock detector (issue 10): every rank's ring
 * header says whether it sleeps in a blocking MPI call and what it waits for
 * (wmpi_ring's wait_* words in wasm/src/channel.h, set by the core). When
 * every running rank has slept in such a call, with nothing in its ring, for
 * a while and no message has arrived anywhere meanwhile, none of them can
 * ever wake: the job is deadlocked, and the report says who waits on whom.
 * A rank computing, or waiting outside MPI, is not asleep in MPI: no report.
 *
 * The ranks of one process are sampled here (sampleWaits); a job of
 * processes sends each process's sample to wmpiexec, which joins them
 * (joinWaits) and watches the whole job the same way.
 */
import { readString } from "./c-strings.js";
import { RING } from "./ring-layout.js";

/** A rank the detector watches: its vc, its memory, and where it publishes its ring. */
export interface WatchedRank {
  vc: number;
  memory: WebAssembly.Memory;
  board: Int32Array;
  slot: number;
}

const WAIT = { RECV: 1, SEND: 2, GROUP: 3 } as const;
/** Communicator handles of mpi.h that have names. */
const COMM_NAMES: Record<number, string> = { 0x44000000: "MPI_COMM_WORLD", 0x44000001: "MPI_COMM_SELF" };

/** What one rank waits for, as a report line; undefined if it is not asleep in a blocking call with an empty ring. */
function blocked(r: WatchedRank): { line: string; tail: number } | undefined {
  const ring = Atomics.load(r.board, r.slot) >>> 0;
  if (ring === 0) return undefined; // still starting
  const i32 = new Int32Array(r.memory.buffer);
  const at = (off: number) => Atomics.load(i32, (ring + off) >> 2);
  const kind = at(RING.WAIT_KIND);
  const tail = at(RING.TAIL);
  if (kind === 0 || at(RING.SLEEPING) <= 0 || tail !== at(RING.HEAD)) return undefined;
  const peer = at(RING.WAIT_PEER);
  const comm = at(RING.WAIT_COMM) >>> 0;
  const call = readString(r.memory, at(RING.WAIT_CALL) >>> 0, 64) || "an MPI call";
  const commName = COMM_NAMES[comm] ?? `communicator 0x${comm.toString(16)}`;
  const who = peer === -1 ? "any rank" : `rank ${peer}`;
  const what =
    kind === WAIT.RECV ? `for a message from ${who} with tag ${at(RING.WAIT_TAG) === -1 ? "any" : at(RING.WAIT_TAG)}`
    : kind === WAIT.SEND ? `for ${who} to take a message with tag ${at(RING.WAIT_TAG)}`
    : kind === WAIT.GROUP ? "for the rest of the group (a collective)"
    : "for its requests";
  return { line: `rank ${r.vc} waits in ${call} ${what} on ${commName}`, tail };
}

/** What some ranks do: "busy" when one of them is not asleep in MPI with an empty ring; else each one's report line and ring tail. */
export type Waits = "busy" | { lines: { vc: number; line: string }[]; tails: number[] };

/** Samples `ranks` (none: waits of nobody, which joins as nothing). */
export function sampleWaits(ranks: WatchedRank[]): Waits {
  const lines: { vc: number; line: string }[] = [];
  const tails: number[] = [];
  for (const r of ranks) {
    const b = blocked(r);
    if (b === undefined) return "busy";
    lines.push({ vc: r.vc, line: b.line });
    tails.push(b.tail);
  }
  return { lines, tails };
}

/** The waits of several groups of ranks (the processes of a job) as one. */
export function joinWaits(parts: Waits[]): Waits {
  if (parts.some((p) => p === "busy")) return "busy";
  const all = parts as Exclude<Waits, "busy">[];
  return { lines: all.flatMap((p) => p.lines), tails: all.flatMap((p) => p.tails) };
}

/**
 * Samples the waits every `everyMs`; calls onDeadlock with the report once
 * every rank has been blocked, with no ring moving, for `afterMs`.
 */
export function watchDeadlocks(sample: () => Waits, onDeadlock: (report: string) => void, afterMs: number, everyMs = 200): { stop(): void } {
  let since = -1;
  let last = "";
  const timer = setInterval(() => {
    const waits = sample();
    if (waits === "busy" || waits.lines.length === 0) {
      since = -1;
      return;
    }
    const signature = waits.tails.join(",");
    if (since < 0 || signature !== last) {
      since = performance.now();
      last = signature;
      return;
    }
    if (performance.now() - since < afterMs) return;
    clearInterval(timer);
    const lines = waits.lines.sort((a, b) => a.vc - b.vc).map((l) => `  ${l.line}`);
    onDeadlock(`deadlock: every rank waits in MPI and no message is on its way\n${lines.join("\n")}`);
  }, everyMs);
  (timer as { unref?: () => void }).unref?.(); // (Node: the watch alone keeps no process alive)
  return { stop: () => clearInterval(timer) };
}
