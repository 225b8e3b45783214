/**
 * A browser rank's line to its page's universe (page-universe.ts, in the
 * job's net worker): the same requests and replies as a Node rank's
 * (runtime/universe-protocol.ts), as JSON through a call block
 * (call-block.ts). Slot 1 holds the JSON's length; the text follows.
 *
 * A page's job starts no ranks later (it cannot spawn), so no group is ever
 * announced. Its ranks reach other jobs through the net worker: a rank's
 * outbox is made with the job, and the net worker takes it when the rank
 * first asks for the network ("net").
 */
import type { Reply, Request, Universe } from "../runtime/universe-protocol.js";
import { callAndWait, serveBlock } from "./call-block.js";

/** Bytes of one rank's universe block: port and service names are short (MPI_MAX_PORT_NAME is 256). */
export const UNIVERSE_BLOCK_BYTES = 16384;
const LEN = 1;
const TEXT_AT = 8;
const TEXT_MAX = UNIVERSE_BLOCK_BYTES - TEXT_AT;
/** MPI_ERR_OTHER (mpi.h): a request too long for the block. */
const ERR_OTHER = 15;

type Answer = Omit<Reply, "type" | "id" | "net">;

/** Byte arrays (a spawn's request) travel as arrays of numbers. */
const replacer = (_: string, v: unknown) => (v instanceof Uint8Array ? { bytes: [...v] } : v);
const reviver = (_: string, v: unknown) =>
  v !== null && typeof v === "object" && Array.isArray((v as { bytes?: unknown }).bytes) ? Uint8Array.from((v as { bytes: number[] }).bytes) : v;

/** Writes `value` as JSON into the block; false if it does not fit. */
function put(block: SharedArrayBuffer, value: unknown): boolean {
  const bytes = new TextEncoder().encode(JSON.stringify(value, replacer));
  if (bytes.length > TEXT_MAX) return false;
  new Uint8Array(block, TEXT_AT, bytes.length).set(bytes);
  new Int32Array(block)[LEN] = bytes.length;
  return true;
}

function take<T>(block: SharedArrayBuffer): T {
  const n = new Int32Array(block)[LEN];
  // (TextDecoder refuses views of shared memory)
  return JSON.parse(new TextDecoder().decode(new Uint8Array(block, TEXT_AT, n).slice()), reviver) as T;
}

/** The rank's side. */
export class BlockUniverse implements Universe {
  private readonly i32: Int32Array;
  private nextId = 1;

  constructor(
    private readonly block: SharedArrayBuffer,
    private readonly net: { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer },
  ) {
    this.i32 = new Int32Array(block);
  }

  refresh(): void {}

  call(request: Request): Reply {
    const id = this.nextId++;
    if (!put(this.block, request)) return { type: "reply", id, errclass: ERR_OTHER, text: `a ${request.op} request too long for the page's universe` };
    const answer = callAndWait(this.i32, () => take<Answer>(this.block));
    return { ...answer, type: "reply", id, ...(request.op === "net" && answer.errclass === 0 && { net: this.net }) };
  }
}

/** The net worker's side: answers every rank's block with `answer(rank, request)` until `stopped`. */
export function serveUniverse(blocks: SharedArrayBuffer[], answer: (rank: number, r: Request) => Promise<Answer>, stopped: () => boolean): void {
  blocks.forEach((block, rank) => {
    void serveBlock(new Int32Array(block), stopped, async () => {
      let a: Answer;
      try {
        a = await answer(rank, take<Request>(block));
      } catch (e) {
        a = { errclass: ERR_OTHER, text: e instanceof Error ? e.message : String(e) };
      }
      if (!put(block, a)) put(block, { errclass: ERR_OTHER, text: "an answer too long for the block" });
    });
  });
}
