/**
 * The deadlock detector of a job whose ranks share one process (wmpiexec
 * thread mode, a browser page; issue 10): every rank's ring
 * header says whether it sleeps in a blocking MPI call and what it waits for
 * (wmpi_ring's wait_* words in wasm/src/channel.h, set by the core). When
 * every running rank has slept in such a call, with nothing in its ring, for
 * a while and no message has arrived anywhere meanwhile, none of them can
 * ever wake: the job is deadlocked, and the report says who waits on whom.
 * A rank computing, or waiting outside MPI, is not asleep in MPI: no report.
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

/**
 * Samples the ranks every `everyMs`; calls onDeadlock with the report once
 * every one has been blocked, with no ring moving, for `afterMs`.
 */
export function watchDeadlocks(ranks: () => WatchedRank[], onDeadlock: (report: string) => void, afterMs: number, everyMs = 200): { stop(): void } {
  let since = -1;
  let last = "";
  const timer = setInterval(() => {
    const now = ranks();
    const states = now.map(blocked);
    if (now.length === 0 || states.some((s) => s === undefined)) {
      since = -1;
      return;
    }
    const signature = states.map((s) => s!.tail).join(",");
    if (since < 0 || signature !== last) {
      since = performance.now();
      last = signature;
      return;
    }
    if (performance.now() - since < afterMs) return;
    clearInterval(timer);
    onDeadlock(`deadlock: every rank waits in MPI and no message is on its way\n${states.map((s) => `  ${s!.line}`).join("\n")}`);
  }, everyMs);
  (timer as { unref?: () => void }).unref?.(); // (Node: the watch alone keeps no process alive)
  return { stop: () => clearInterval(timer) };
}
