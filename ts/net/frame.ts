/**
 * The framed binary protocol between wmpi processes (version 1).
 *
 * A frame on the wire is `u32 bodyLength` followed by `bodyLength` bytes of body:
 * `u8 version, u8 type, u16 reserved (0)`, the type's fixed fields, then (for pkt, data,
 * abort, rma_put and rma_reply) a variable tail. All numbers are little-endian. Every length is checked
 * against the type before anything is trusted; the first malformed frame is a FrameError.
 */

/** The protocol version this code speaks; any other version is refused. */
export const WIRE_VERSION = 1;
/** The largest body accepted: a 64 MiB tail plus room for the fixed fields. */
export const MAX_BODY = 64 * 1024 * 1024 + 64;
/** Bytes of the body head (version, type, reserved). */
export const BODY_HEAD = 4;
/** Bytes of the length prefix in front of every body. */
export const LENGTH_PREFIX = 4;
/** Length of hello/challenge nonces. */
export const NONCE_BYTES = 32;
/**
 * The proc a process of another job says in its hello (MPI_Comm_connect to
 * a port): it proves the port token (runtime/net-jobs.ts) instead of the job
 * token.
 */
export const OTHER_JOB = 0xffffffff;
/** Length of HMAC-SHA256 macs. */
export const MAC_BYTES = 32;
/** Length of the device's packet header carried by pkt frames. */
export const PKT_HEADER_BYTES = 48;
/** Longest abort message in UTF-8 bytes. */
export const ABORT_MESSAGE_MAX = 4096;
/** Longest job directory in UTF-8 bytes. */
export const DIRECTORY_MAX = 1 << 20;
/**
 * Tails up to this size are copied into the frame's single buffer by encodeFrame: one
 * write is cheaper than two for small payloads, and the copy is a few hundred ns at most.
 */
export const INLINE_TAIL_MAX = 8192;

/** A decoded or to-be-encoded frame. Byte fields are views (see FrameDecoder for lifetimes). */
export type Frame =
  | { type: "hello"; proc: number; nonce: Uint8Array }
  | { type: "challenge"; proc: number; nonce: Uint8Array; mac: Uint8Array }
  | { type: "auth"; mac: Uint8Array }
  | { type: "welcome" }
  | { type: "pkt"; dst: number; header: Uint8Array; payload: Uint8Array }
  | {
      type: "get";
      dst: number;
      src: number;
      remote: number;
      len: number;
      local: number;
      rreq: number;
      counter: number;
      before: number;
    }
  | { type: "data"; dst: number; local: number; rreq: number; last: boolean; bytes: Uint8Array }
  | { type: "bye" }
  | { type: "abort"; code: number; rank: number; message: string }
  /** keeps an idle connection known alive (the network threads send it every few seconds) */
  | { type: "ping" }
  /**
   * One-sided put (channel.h, chan_rma_put) to rank dst: `bytes` go at `remote + offset` of
   * its memory, part of a put of `total` bytes at `remote` (a large put comes in several
   * frames, in order). `id` names the operation for the reply, which follows the last part.
   */
  | { type: "rma_put"; dst: number; id: number; remote: number; offset: number; total: number; bytes: Uint8Array }
  /** One-sided get: `len` bytes at `remote` of rank dst's memory come back in rma_reply frames. */
  | { type: "rma_get"; dst: number; id: number; remote: number; len: number }
  /** One-sided compare-and-swap on the int32 at `remote` of rank dst's memory; the old value comes back. */
  | { type: "rma_cas"; dst: number; id: number; remote: number; compare: number; swap: number }
  /**
   * The answer to the rma_* frames of operation `id`: the bytes read (a get's, in order, in one
   * or more frames; a cas's old value, 4 little-endian bytes; nothing for a put), `last` on the
   * final one. status RMA_STATUS.BADADDR: the target range was outside the rank's memory and
   * nothing was done (last, no bytes).
   */
  | { type: "rma_reply"; id: number; status: number; last: boolean; bytes: Uint8Array }
  /**
   * Ranks base .. base + size - 1 (vcs) now live in the sender's process (they were spawned
   * there): what the sender's ranks tell others about them is routed to it.
   */
  | { type: "ranks"; base: number; size: number }
  /**
   * What another job needs to reach the processes of a job (`directory`, JSON made by
   * runtime/net-jobs.ts), from its process `proc`: sent first on a connection between two jobs
   * (after the port-token handshake) and passed on to the other processes of the job that learns it.
   */
  | { type: "job"; proc: number; directory: string }
  /**
   * A frame relayed for two processes of other jobs that cannot connect (a page can only dial):
   * `body` is a whole encoded frame from process srcProc of job srcJob to process dstProc of job
   * dstJob. A process of neither job passes it on, unchanged, on its connection to the
   * destination; the destination reads the body as if it had come on a connection from the
   * source (runtime/net-relay.ts).
   */
  | { type: "fwd"; dstJob: number; dstProc: number; srcJob: number; srcProc: number; body: Uint8Array };

/** The name of a frame type. */
export type FrameType = Frame["type"];

/** A malformed frame (or byte stream) from the peer; the link that saw it is closed. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

/** rma_reply's status: done, or the range was outside the target's memory (WMPI_CHAN_BADADDR of channel.h). */
export const RMA_STATUS = { OK: 0, BADADDR: 2 } as const;

/** The u32 fields of a get frame, in wire order. */
const GET_FIELDS = ["dst", "src", "remote", "len", "local", "rreq", "counter", "before"] as const;
/** The u32 fields of rma_put and rma_get frames, in wire order. */
const RMA_PUT_FIELDS = ["dst", "id", "remote", "offset", "total"] as const;
const RMA_GET_FIELDS = ["dst", "id", "remote", "len"] as const;
/** The u32 fields of a fwd frame, in wire order. */
const FWD_FIELDS = ["dstJob", "dstProc", "srcJob", "srcProc"] as const;
/** The u32 fields of an rma_cas frame; its i32 compare and swap follow. */
const RMA_CAS_FIELDS = ["dst", "id", "remote"] as const;

/** Type codes in wire order; index = code. */
const TYPE_NAMES: readonly (FrameType | undefined)[] = [
  undefined,
  "hello",
  "challenge",
  "auth",
  "welcome",
  "pkt",
  "get",
  "data",
  "bye",
  "abort",
  "ping",
  // 11 is not used: tests take it as their example of an unknown type
  undefined,
  "rma_put",
  "rma_get",
  "rma_cas",
  "rma_reply",
  "ranks",
  "job",
  "fwd",
];
const TYPE_CODES: Record<FrameType, number> = {
  hello: 1,
  challenge: 2,
  auth: 3,
  welcome: 4,
  pkt: 5,
  get: 6,
  data: 7,
  bye: 8,
  abort: 9,
  ping: 10,
  rma_put: 12,
  rma_get: 13,
  rma_cas: 14,
  rma_reply: 15,
  ranks: 16,
  job: 17,
  fwd: 18,
};
/** Bytes of fixed fields after the body head, by type code. */
const FIXED: readonly number[] = [0, 4 + NONCE_BYTES, 4 + NONCE_BYTES + MAC_BYTES, MAC_BYTES, 0, 4 + PKT_HEADER_BYTES, 32, 16, 0, 8, 0, 0, 20, 16, 20, 8, 8, 4, 16];
/** Whether the type has a variable tail, by type code. */
const HAS_TAIL: readonly boolean[] = [false, false, false, false, false, true, false, true, false, true, false, false, true, false, false, true, false, true, true];

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

// Field access by fixed byte stores: endian-independent, no DataView allocation per frame.
function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}
function getU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function checkU32(v: number, type: FrameType, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`encodeFrame(${type}): ${field} must be an integer in 0..2^32-1, got ${v}`);
  }
}
function checkI32(v: number, type: FrameType, field: string): void {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
    throw new RangeError(`encodeFrame(${type}): ${field} must be a 32-bit signed integer, got ${v}`);
  }
}
/** Checks the u32 fields `keys` of frame `f` and writes them in order from `b[o]`. */
function putFields<F extends Frame>(b: Uint8Array, o: number, f: F, keys: readonly (keyof F & string)[]): void {
  keys.forEach((k, i) => {
    const v = f[k] as number;
    checkU32(v, f.type, k);
    putU32(b, o + 4 * i, v);
  });
}
/** Reads the u32 fields `keys` in order from `b[o]` into `into`. */
function getFields<F>(b: Uint8Array, o: number, into: F, keys: readonly (keyof F & string)[]): F {
  keys.forEach((k, i) => ((into as Record<string, unknown>)[k] = getU32(b, o + 4 * i)));
  return into;
}
function checkBytes(b: Uint8Array, n: number, type: FrameType, field: string): void {
  if (!(b instanceof Uint8Array) || b.byteLength !== n) {
    throw new RangeError(`encodeFrame(${type}): ${field} must be a Uint8Array of ${n} bytes`);
  }
}

/**
 * The frame as buffers to write in order: the first holds the length prefix, the body head
 * and the fixed fields (and the tail when it is at most INLINE_TAIL_MAX bytes); a larger
 * tail follows as the caller's own view, not copied, so it must not change until written.
 * Throws RangeError for a field out of range or a body over MAX_BODY.
 */
export function encodeFrame(f: Frame): Uint8Array[] {
  const code = TYPE_CODES[f.type];
  if (code === undefined) throw new RangeError(`encodeFrame: unknown frame type ${String((f as { type: unknown }).type)}`);
  let tail: Uint8Array | undefined;
  if (f.type === "pkt") tail = f.payload;
  else if (f.type === "data" || f.type === "rma_put" || f.type === "rma_reply") tail = f.bytes;
  else if (f.type === "fwd") tail = f.body;
  else if (f.type === "abort") {
    tail = utf8Encoder.encode(f.message);
    if (tail.byteLength > ABORT_MESSAGE_MAX) {
      throw new RangeError(`encodeFrame(abort): message is ${tail.byteLength} UTF-8 bytes, limit ${ABORT_MESSAGE_MAX}`);
    }
  } else if (f.type === "job") {
    tail = utf8Encoder.encode(f.directory);
    if (tail.byteLength > DIRECTORY_MAX) throw new RangeError(`encodeFrame(job): directory is ${tail.byteLength} UTF-8 bytes, limit ${DIRECTORY_MAX}`);
  }
  const tailLen = tail === undefined ? 0 : tail.byteLength;
  const body = BODY_HEAD + FIXED[code]! + tailLen;
  if (body > MAX_BODY) throw new RangeError(`encodeFrame(${f.type}): body of ${body} bytes exceeds MAX_BODY ${MAX_BODY}`);
  const inline = tailLen <= INLINE_TAIL_MAX;
  const headLen = LENGTH_PREFIX + BODY_HEAD + FIXED[code]!;
  const b = new Uint8Array(inline ? headLen + tailLen : headLen);
  putU32(b, 0, body);
  b[4] = WIRE_VERSION;
  b[5] = code;
  // b[6], b[7]: reserved, already 0
  const o = LENGTH_PREFIX + BODY_HEAD;
  switch (f.type) {
    case "hello":
    case "challenge":
      checkU32(f.proc, f.type, "proc");
      checkBytes(f.nonce, NONCE_BYTES, f.type, "nonce");
      putU32(b, o, f.proc);
      b.set(f.nonce, o + 4);
      if (f.type === "challenge") {
        checkBytes(f.mac, MAC_BYTES, f.type, "mac");
        b.set(f.mac, o + 4 + NONCE_BYTES);
      }
      break;
    case "auth":
      checkBytes(f.mac, MAC_BYTES, f.type, "mac");
      b.set(f.mac, o);
      break;
    case "pkt":
      checkU32(f.dst, f.type, "dst");
      checkBytes(f.header, PKT_HEADER_BYTES, f.type, "header");
      putU32(b, o, f.dst);
      b.set(f.header, o + 4);
      break;
    case "get":
      putFields(b, o, f, GET_FIELDS);
      break;
    case "data":
      checkU32(f.dst, f.type, "dst");
      checkU32(f.local, f.type, "local");
      checkU32(f.rreq, f.type, "rreq");
      putU32(b, o, f.dst);
      putU32(b, o + 4, f.local);
      putU32(b, o + 8, f.rreq);
      b[o + 12] = f.last ? 1 : 0;
      break;
    case "abort":
      checkI32(f.code, f.type, "code");
      checkU32(f.rank, f.type, "rank");
      putU32(b, o, f.code);
      putU32(b, o + 4, f.rank);
      break;
    case "rma_put":
      putFields(b, o, f, RMA_PUT_FIELDS);
      if (f.offset + f.bytes.byteLength > f.total) {
        throw new RangeError(`encodeFrame(rma_put): ${f.bytes.byteLength} bytes at offset ${f.offset} run past the total of ${f.total}`);
      }
      break;
    case "rma_get":
      putFields(b, o, f, RMA_GET_FIELDS);
      break;
    case "rma_cas":
      putFields(b, o, f, RMA_CAS_FIELDS);
      checkI32(f.compare, f.type, "compare");
      checkI32(f.swap, f.type, "swap");
      putU32(b, o + 12, f.compare);
      putU32(b, o + 16, f.swap);
      break;
    case "rma_reply":
      checkU32(f.id, f.type, "id");
      if (f.status !== RMA_STATUS.OK && f.status !== RMA_STATUS.BADADDR) throw new RangeError(`encodeFrame(rma_reply): status must be 0 or 2, got ${f.status}`);
      if (f.status !== RMA_STATUS.OK && (!f.last || f.bytes.byteLength > 0)) throw new RangeError("encodeFrame(rma_reply): a failed operation's reply is its last and carries no bytes");
      putU32(b, o, f.id);
      b[o + 4] = f.status;
      b[o + 5] = f.last ? 1 : 0;
      break;
    case "ranks":
      checkU32(f.base, f.type, "base");
      checkU32(f.size, f.type, "size");
      putU32(b, o, f.base);
      putU32(b, o + 4, f.size);
      break;
    case "job":
      checkU32(f.proc, f.type, "proc");
      putU32(b, o, f.proc);
      break;
    case "fwd":
      putFields(b, o, f, FWD_FIELDS);
      break;
    case "welcome":
    case "bye":
    case "ping":
      break;
  }
  if (tail === undefined || tailLen === 0) return [b];
  if (inline) {
    b.set(tail, headLen);
    return [b];
  }
  return [b, tail];
}

/**
 * Checks a body's length against its head; returns the type code. `b[o..o+4)` is the body
 * head. Called as soon as 8 bytes of a frame are in, so a bad head is refused before the
 * body is buffered.
 */
function checkHead(b: Uint8Array, o: number, bodyLen: number): number {
  const version = b[o]!;
  if (version !== WIRE_VERSION) throw new FrameError(`frame has wire version ${version}, expected ${WIRE_VERSION}`);
  const code = b[o + 1]!;
  const name = TYPE_NAMES[code];
  if (name === undefined) throw new FrameError(`unknown frame type ${code} (body length ${bodyLen})`);
  const reserved = b[o + 2]! | (b[o + 3]! << 8);
  if (reserved !== 0) throw new FrameError(`${name} frame has reserved field ${reserved}, must be 0`);
  const want = BODY_HEAD + FIXED[code]!;
  if (HAS_TAIL[code] ? bodyLen < want : bodyLen !== want) {
    throw new FrameError(`${name} frame has body length ${bodyLen}, expected ${HAS_TAIL[code] ? "at least " : ""}${want}`);
  }
  if (code === 9 && bodyLen - want > ABORT_MESSAGE_MAX) {
    throw new FrameError(`abort frame message is ${bodyLen - want} bytes, limit ${ABORT_MESSAGE_MAX}`);
  }
  if (code === 17 && bodyLen - want > DIRECTORY_MAX) throw new FrameError(`job frame directory is ${bodyLen - want} bytes, limit ${DIRECTORY_MAX}`);
  return code;
}

function checkLength(bodyLen: number, maxBody: number): void {
  if (bodyLen < BODY_HEAD) throw new FrameError(`frame body length ${bodyLen} is below the minimum ${BODY_HEAD}`);
  if (bodyLen > maxBody)
    throw new FrameError(`frame body length ${bodyLen} exceeds ${maxBody === MAX_BODY ? `MAX_BODY ${MAX_BODY}` : `the ${maxBody} bytes allowed now`}`);
}

/**
 * Decodes a head-checked frame from its fixed fields at `b[f..)` and its tail; byte fields
 * are views into `b` and `tail`.
 */
function parseFrame(b: Uint8Array, f: number, code: number, tail: Uint8Array): Frame {
  switch (code) {
    case 1:
      return { type: "hello", proc: getU32(b, f), nonce: b.subarray(f + 4, f + 4 + NONCE_BYTES) };
    case 2:
      return {
        type: "challenge",
        proc: getU32(b, f),
        nonce: b.subarray(f + 4, f + 4 + NONCE_BYTES),
        mac: b.subarray(f + 4 + NONCE_BYTES, f + 4 + NONCE_BYTES + MAC_BYTES),
      };
    case 3:
      return { type: "auth", mac: b.subarray(f, f + MAC_BYTES) };
    case 4:
      return { type: "welcome" };
    case 5:
      return {
        type: "pkt",
        dst: getU32(b, f),
        header: b.subarray(f + 4, f + 4 + PKT_HEADER_BYTES),
        payload: tail,
      };
    case 6:
      return getFields(b, f, { type: "get" } as Extract<Frame, { type: "get" }>, GET_FIELDS);
    case 7: {
      const last = b[f + 12]!;
      if (last > 1) throw new FrameError(`data frame has last = ${last}, must be 0 or 1`);
      if (b[f + 13] !== 0 || b[f + 14] !== 0 || b[f + 15] !== 0) throw new FrameError("data frame has nonzero padding after last");
      return {
        type: "data",
        dst: getU32(b, f),
        local: getU32(b, f + 4),
        rreq: getU32(b, f + 8),
        last: last === 1,
        bytes: tail,
      };
    }
    case 8:
      return { type: "bye" };
    case 10:
      return { type: "ping" };
    case 12: {
      const put = getFields(b, f, { type: "rma_put", bytes: tail } as Extract<Frame, { type: "rma_put" }>, RMA_PUT_FIELDS);
      if (put.offset + tail.byteLength > put.total) {
        throw new FrameError(`rma_put frame carries ${tail.byteLength} bytes at offset ${put.offset}, past its total of ${put.total}`);
      }
      return put;
    }
    case 13:
      return getFields(b, f, { type: "rma_get" } as Extract<Frame, { type: "rma_get" }>, RMA_GET_FIELDS);
    case 14: {
      const cas = getFields(b, f, { type: "rma_cas" } as Extract<Frame, { type: "rma_cas" }>, RMA_CAS_FIELDS);
      cas.compare = getU32(b, f + 12) | 0;
      cas.swap = getU32(b, f + 16) | 0;
      return cas;
    }
    case 15: {
      const status = b[f + 4]!;
      const last = b[f + 5]!;
      if (status !== RMA_STATUS.OK && status !== RMA_STATUS.BADADDR) throw new FrameError(`rma_reply frame has status ${status}, must be 0 or 2`);
      if (last > 1) throw new FrameError(`rma_reply frame has last = ${last}, must be 0 or 1`);
      if (b[f + 6] !== 0 || b[f + 7] !== 0) throw new FrameError("rma_reply frame has nonzero padding after last");
      if (status !== RMA_STATUS.OK && (last !== 1 || tail.byteLength > 0)) {
        throw new FrameError(`rma_reply frame with status ${status} must be the last and carry no bytes (it has ${tail.byteLength})`);
      }
      return { type: "rma_reply", id: getU32(b, f), status, last: last === 1, bytes: tail };
    }
    case 16:
      return { type: "ranks", base: getU32(b, f), size: getU32(b, f + 4) };
    case 18:
      return getFields(b, f, { type: "fwd", body: tail } as Extract<Frame, { type: "fwd" }>, FWD_FIELDS);
    case 17:
      try {
        return { type: "job", proc: getU32(b, f), directory: utf8Decoder.decode(tail) };
      } catch {
        throw new FrameError(`job frame directory is not valid UTF-8 (${tail.byteLength} bytes)`);
      }
    default: {
      // 9: abort (checkHead refused every other code)
      let message: string;
      try {
        message = utf8Decoder.decode(tail);
      } catch {
        throw new FrameError(`abort frame message is not valid UTF-8 (${tail.byteLength} bytes)`);
      }
      return { type: "abort", code: getU32(b, f) | 0, rank: getU32(b, f + 4), message };
    }
  }
}

/** Uninitialised memory where Node has it (every byte is written before use), else zeroed. */
const allocBytes: (n: number) => Uint8Array =
  typeof Buffer === "function" ? (n) => Buffer.allocUnsafe(n) : (n) => new Uint8Array(n);
const NO_BYTES = new Uint8Array(0);

/**
 * Streaming decoder: push the bytes as they come, get back the frames completed by them.
 *
 * Lifetime of byte fields: when a frame lies wholly inside one pushed chunk, its byte fields
 * (nonce, mac, header, payload, bytes) are views into that chunk; so is a tail that arrives
 * whole in a later chunk than its frame's head (the usual case over WebSocket, where a large
 * tail is a message of its own). The caller must not reuse a pushed chunk while such a frame
 * is in use (Node's socket and ws chunks are fresh buffers, so this holds there); a view also
 * keeps its whole chunk alive. Other parts are assembled in buffers of their own, allocated
 * only after the frame's length and head have been checked (an oversized length is refused
 * after 4 bytes, before any buffering).
 *
 * Throws FrameError on the first malformed frame and stays failed: every later push throws.
 * Valid frames earlier in the failing chunk are not returned (the link is closing anyway).
 */
export class FrameDecoder {
  /** The longest body accepted now (a peer that has not proved the job token gets only small frames). */
  maxBody = MAX_BODY;
  /** Length prefix and body head of a frame whose first 8 bytes are split across chunks. */
  private readonly head = new Uint8Array(LENGTH_PREFIX + BODY_HEAD);
  private headFill = 0;
  /** The frame being assembled across chunks: type code, fixed fields, tail, and their fills. */
  private code = 0;
  private fixed: Uint8Array | null = null;
  private fixedFill = 0;
  private tailLen = 0;
  private tail: Uint8Array | null = null;
  private tailFill = 0;
  private failure: FrameError | null = null;

  /** Bytes held of an incomplete frame (nonzero when the stream ends mid-frame). */
  get partial(): number {
    if (this.fixed === null) return this.headFill;
    return LENGTH_PREFIX + BODY_HEAD + this.fixedFill + this.tailFill;
  }

  /** Decodes `chunk`, returning the frames it completes, in order. */
  push(chunk: Uint8Array): Frame[] {
    if (this.failure !== null) throw new FrameError(`stream already failed: ${this.failure.message}`);
    try {
      return this.decode(chunk);
    } catch (e) {
      // Anything but a FrameError is a bug here, not the peer's fault: it goes up as it is.
      this.failure = e instanceof FrameError ? e : new FrameError(`decoder failed: ${String(e)}`);
      this.fixed = null;
      this.tail = null;
      throw e;
    }
  }

  private decode(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    const n = chunk.byteLength;
    let pos = 0;
    while (pos < n) {
      if (this.fixed === null) {
        if (this.headFill === 0 && n - pos >= LENGTH_PREFIX + BODY_HEAD) {
          const len = getU32(chunk, pos);
          checkLength(len, this.maxBody);
          const code = checkHead(chunk, pos + LENGTH_PREFIX, len);
          const start = pos + LENGTH_PREFIX;
          if (n - start >= len) {
            // Fast path: the whole frame is in this chunk.
            const tailAt = start + BODY_HEAD + FIXED[code]!;
            frames.push(parseFrame(chunk, start + BODY_HEAD, code, chunk.subarray(tailAt, start + len)));
            pos = start + len;
            continue;
          }
          this.startFrame(len, code);
          pos += LENGTH_PREFIX + BODY_HEAD;
          continue;
        }
        const take = Math.min(LENGTH_PREFIX + BODY_HEAD - this.headFill, n - pos);
        this.head.set(chunk.subarray(pos, pos + take), this.headFill);
        const before = this.headFill;
        this.headFill += take;
        pos += take;
        // Refuse a bad length as soon as its 4 bytes are in.
        if (before < LENGTH_PREFIX && this.headFill >= LENGTH_PREFIX) checkLength(getU32(this.head, 0), this.maxBody);
        if (this.headFill < LENGTH_PREFIX + BODY_HEAD) return frames;
        const len = getU32(this.head, 0);
        this.headFill = 0;
        this.startFrame(len, checkHead(this.head, LENGTH_PREFIX, len));
      } else if (this.fixedFill < this.fixed.byteLength) {
        const take = Math.min(this.fixed.byteLength - this.fixedFill, n - pos);
        this.fixed.set(chunk.subarray(pos, pos + take), this.fixedFill);
        this.fixedFill += take;
        pos += take;
      } else if (this.tail === null) {
        if (n - pos >= this.tailLen) {
          // The whole tail is here: a view, no copy.
          this.tail = chunk.subarray(pos, pos + this.tailLen);
          this.tailFill = this.tailLen;
          pos += this.tailLen;
        } else {
          this.tail = allocBytes(this.tailLen);
          this.tailFill = 0;
        }
      } else {
        const take = Math.min(this.tailLen - this.tailFill, n - pos);
        this.tail.set(chunk.subarray(pos, pos + take), this.tailFill);
        this.tailFill += take;
        pos += take;
      }
      if (this.fixed !== null && this.fixedFill === this.fixed.byteLength && (this.tailLen === 0 || this.tailFill === this.tailLen)) {
        frames.push(parseFrame(this.fixed, 0, this.code, this.tail ?? NO_BYTES));
        this.fixed = null;
        this.tail = null;
        this.tailFill = 0;
      }
    }
    return frames;
  }

  /** Starts assembling a checked frame whose 8-byte head has been consumed. */
  private startFrame(len: number, code: number): void {
    this.code = code;
    this.fixed = new Uint8Array(FIXED[code]!);
    this.fixedFill = 0;
    this.tailLen = len - BODY_HEAD - FIXED[code]!;
    this.tail = null;
    this.tailFill = 0;
  }
}
