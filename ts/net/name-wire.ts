/**
 * The wire protocol of MPICH's hydra_nameserver (src/pm/hydra/tools/nameserver),
 * which wmpi-nameserver speaks too, so that either serves mpiexec -nameserver
 * and wmpiexec --nameserver alike.
 *
 * A request is a list of strings, `PUBLISH service port`, `LOOKUP service`
 * or `UNPUBLISH service`: an int32 count, then per string an int32 length
 * and that many bytes, the string and its NUL. An answer is one string the
 * same way: `SUCCESS` or `FAILURE` (publish, unpublish), or the port (lookup;
 * empty: not published). Hydra writes its C ints in host byte order; every
 * machine MPICH runs on today is little-endian, so that is what goes here.
 *
 * Hydra's mpiexec opens one connection per request; the servers take any
 * number of requests on one connection.
 */

/** The port hydra_nameserver listens on, and mpiexec -nameserver HOST connects to (HYDRA_NAMESERVER_DEFAULT_PORT). */
export const NAME_SERVER_DEFAULT_PORT = 6392;

/** The longest string either side accepts: port names are 1024 bytes at most (MPI_MAX_PORT_NAME in MPICH), services are names. */
export const MAX_NAME_STRING = 64 * 1024;
/** The most strings a request may hold (PUBLISH has three). */
const MAX_REQUEST_STRINGS = 16;

/** The three requests of the protocol. */
export type NameRequest =
  | { cmd: "PUBLISH"; service: string; port: string }
  | { cmd: "LOOKUP"; service: string }
  | { cmd: "UNPUBLISH"; service: string };

/** The answers to PUBLISH and UNPUBLISH. */
export const SUCCESS = "SUCCESS";
export const FAILURE = "FAILURE";

/** One string on the wire: its length with the NUL, the UTF-8 bytes, the NUL. */
function encodeString(s: string): Buffer {
  if (s.includes("\0")) throw new Error(`name server: ${JSON.stringify(s.slice(0, 60))} holds a NUL character, which the protocol (C strings) cannot carry`);
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length + 1 > MAX_NAME_STRING) throw new Error(`name server: a string of ${bytes.length} bytes is longer than the ${MAX_NAME_STRING - 1} the protocol allows`);
  const out = Buffer.alloc(4 + bytes.length + 1);
  out.writeInt32LE(bytes.length + 1, 0);
  bytes.copy(out, 4);
  return out;
}

/** The bytes of a request (what Hydra's HYDU_send_strlist writes). */
export function encodeRequest(r: NameRequest): Buffer {
  const strings = r.cmd === "PUBLISH" ? [r.cmd, r.service, r.port] : [r.cmd, r.service];
  const count = Buffer.alloc(4);
  count.writeInt32LE(strings.length, 0);
  return Buffer.concat([count, ...strings.map(encodeString)]);
}

/** The bytes of an answer (what hydra_nameserver's cmd_response writes). */
export function encodeAnswer(s: string): Buffer {
  return encodeString(s);
}

/** A string as the wire holds it: up to its first NUL (Hydra reads C strings), UTF-8. */
function decodeString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("utf8");
}

/**
 * Reads length-prefixed strings from a byte stream that arrives in pieces.
 * Throws (naming what was wrong) on a length the protocol cannot have: the
 * peer is not speaking it, and the connection should end.
 */
class StringReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  /** The next int32, or undefined until 4 bytes are here. */
  int(what: string, max: number, at = 0): number | undefined {
    if (this.buf.length < at + 4) return undefined;
    const n = this.buf.readInt32LE(at);
    if (n < 0 || n > max) throw new Error(`${what} ${n} is not in 0..${max} (is the peer a name server client speaking hydra_nameserver's protocol?)`);
    return n;
  }

  /** The next `count` strings, or undefined until all of them are here (nothing is consumed until then). */
  strings(count: number, at: number): { strings: string[]; end: number } | undefined {
    const strings: string[] = [];
    for (let i = 0; i < count; i++) {
      const len = this.int("string length", MAX_NAME_STRING, at);
      if (len === undefined || this.buf.length < at + 4 + len) return undefined;
      strings.push(decodeString(this.buf.subarray(at + 4, at + 4 + len)));
      at += 4 + len;
    }
    return { strings, end: at };
  }

  consume(end: number): void {
    this.buf = this.buf.subarray(end);
  }

  get buffered(): number {
    return this.buf.length;
  }
}

/** A request as the server read it: one of the protocol's, or what was wrong with it. */
export type ReadRequest = NameRequest | { cmd: "invalid"; why: string };

/** The server's side: turns the bytes of a connection into requests. */
export class RequestReader {
  private readonly reader = new StringReader();

  /** Adds bytes; returns the requests now complete (the rest waits for more bytes). Throws on bytes no client would send. */
  push(chunk: Buffer): ReadRequest[] {
    this.reader.push(chunk);
    const out: ReadRequest[] = [];
    for (;;) {
      const count = this.reader.int("request string count", MAX_REQUEST_STRINGS);
      if (count === undefined) return out;
      const got = this.reader.strings(count, 4);
      if (got === undefined) return out;
      this.reader.consume(got.end);
      out.push(toRequest(got.strings));
    }
  }
}

function toRequest([cmd, ...args]: string[]): ReadRequest {
  if (cmd === "PUBLISH" && args.length === 2) return { cmd, service: args[0], port: args[1] };
  if ((cmd === "LOOKUP" || cmd === "UNPUBLISH") && args.length === 1) return { cmd, service: args[0] };
  return { cmd: "invalid", why: `unknown request ${JSON.stringify([cmd, ...args].join(" ").slice(0, 80))} (expected PUBLISH service port, LOOKUP service or UNPUBLISH service)` };
}

/** The client's side: the one answer to a request. */
export class AnswerReader {
  private readonly reader = new StringReader();

  /** Adds bytes; returns the answer once it is complete. Throws on a length no name server would send. */
  push(chunk: Buffer): string | undefined {
    this.reader.push(chunk);
    // older hydra_nameservers sent strings without their NUL (an empty answer: length 0, no bytes)
    return this.reader.strings(1, 0)?.strings[0];
  }

  /** Bytes of an answer that has not completed. */
  get buffered(): number {
    return this.reader.buffered;
  }
}
