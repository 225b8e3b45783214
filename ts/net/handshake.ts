import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { MAX_BODY, NONCE_BYTES, type Frame } from "./frame.js";
import type { FrameLink } from "./link-types.js";

/**
 * The job-token handshake that opens every link:
 *   client → hello{proc, nonceC}
 *   server → challenge{proc, nonceS, macS = HMAC(token, "wmpi1 server" ‖ nonceC ‖ nonceS ‖ u32 serverProc)}
 *   client checks macS → auth{macC = HMAC(token, "wmpi1 client" ‖ nonceS ‖ nonceC ‖ u32 clientProc)}
 *   server checks macC (timingSafeEqual) → welcome
 * HMAC is SHA-256; the token itself never crosses the wire. Fresh nonces on both sides make
 * a recorded handshake useless on a new connection, and the two labels keep a server's mac
 * from being reflected as a client's.
 */

/** (OTHER_JOB is frame.ts's: a page, which has no node:crypto, says it too.) */
export { OTHER_JOB } from "./frame.js";

/** Default time for the whole handshake, in ms. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * The longest frame body a server accepts before the client has proved the
 * token (a hello is 40 bytes): a stranger cannot make it buffer more. (Not
 * applied on the client's side: the server's first frames after welcome may
 * arrive in the same read as welcome.)
 */
export const HANDSHAKE_MAX_BODY = 128;
/** The shortest job token accepted, in bytes. */
export const MIN_TOKEN_BYTES = 16;

const SERVER_LABEL = Buffer.from("wmpi1 server", "ascii");
const CLIENT_LABEL = Buffer.from("wmpi1 client", "ascii");

function u32le(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

function mac(token: Uint8Array, label: Buffer, first: Uint8Array, second: Uint8Array, proc: number): Buffer {
  return createHmac("sha256", token).update(label).update(first).update(second).update(u32le(proc)).digest();
}

function checkArgs(token: Uint8Array, myProc: number, who: string): void {
  if (!(token instanceof Uint8Array) || token.byteLength < MIN_TOKEN_BYTES) {
    throw new RangeError(`${who}: the job token must be a Uint8Array of at least ${MIN_TOKEN_BYTES} bytes`);
  }
  if (!Number.isInteger(myProc) || myProc < 0 || myProc > 0xffffffff) throw new RangeError(`${who}: bad proc id ${myProc}`);
}

/** A handshake step: returns the peer's proc when the handshake is complete, else undefined; throws to refuse. */
type Step = (f: Frame) => number | undefined;

/** Describes an unexpected frame (with the abort message when the peer aborted). */
function unexpected(f: Frame, wanted: string): Error {
  const extra = f.type === "abort" ? ` (rank ${f.rank} aborted with code ${f.code}: ${f.message})` : "";
  return new Error(`expected ${wanted}, got ${f.type}${extra}`);
}

/**
 * Runs `step` on the link's frames until it yields the peer's proc, then hands the link back
 * (offFrame: later frames wait for the caller's onFrame). On a refusal, an early close or
 * the timeout, the link is closed and the promise rejects with an Error naming the peer.
 */
function run(link: FrameLink, side: string, timeoutMs: number, step: Step): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (proc: number | undefined, err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.offFrame();
      if (err !== undefined) {
        link.close();
        reject(new Error(`handshake (${side}) with ${link.peer} failed: ${err.message}`, { cause: err }));
      } else resolve(proc!);
    };
    const timer = setTimeout(() => settle(undefined, new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    link.onClose((err) => settle(undefined, new Error(`link closed${err ? `: ${err.message}` : ""}`)));
    link.onFrame((f) => {
      if (settled) return;
      let proc: number | undefined;
      try {
        proc = step(f);
      } catch (e) {
        settle(undefined, e as Error);
        return;
      }
      if (proc !== undefined) settle(proc);
    });
  });
}

/**
 * Server side: resolves with the peer's proc id once it proved the token; rejects (and closes the link) otherwise.
 * `tokenFor` may pick the token by the proc the peer says it is (OTHER_JOB: the port token).
 */
export function acceptPeer(
  link: FrameLink,
  tokenFor: Uint8Array | ((proc: number) => Uint8Array),
  myProc: number,
  timeoutMs = HANDSHAKE_TIMEOUT_MS,
): Promise<number> {
  if (tokenFor instanceof Uint8Array) checkArgs(tokenFor, myProc, "acceptPeer");
  link.limitBody(HANDSHAKE_MAX_BODY);
  let hello: { proc: number; nonceC: Buffer; nonceS: Buffer } | undefined;
  let token: Uint8Array;
  return run(link, "server", timeoutMs, (f) => {
    if (hello === undefined) {
      if (f.type !== "hello") throw unexpected(f, "hello");
      token = tokenFor instanceof Uint8Array ? tokenFor : tokenFor(f.proc);
      checkArgs(token, myProc, "acceptPeer");
      // Copy: the nonce may be a view into a receive buffer.
      const nonceC = Buffer.from(f.nonce);
      const nonceS = randomBytes(NONCE_BYTES);
      hello = { proc: f.proc, nonceC, nonceS };
      link.send({ type: "challenge", proc: myProc, nonce: nonceS, mac: mac(token, SERVER_LABEL, nonceC, nonceS, myProc) });
      return undefined;
    }
    if (f.type !== "auth") throw unexpected(f, "auth");
    const want = mac(token, CLIENT_LABEL, hello.nonceS, hello.nonceC, hello.proc);
    if (!timingSafeEqual(f.mac, want)) throw new Error(`proc ${hello.proc} sent a bad auth mac (wrong job token or a replayed handshake)`);
    link.send({ type: "welcome" });
    link.limitBody(MAX_BODY);
    return hello.proc;
  });
}

/** Client side: resolves with the server's proc id once both sides proved the token; rejects (and closes the link) otherwise. */
export function dialPeer(link: FrameLink, token: Uint8Array, myProc: number, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<number> {
  checkArgs(token, myProc, "dialPeer");
  const nonceC = randomBytes(NONCE_BYTES);
  let serverProc: number | undefined;
  const done = run(link, "client", timeoutMs, (f) => {
    if (serverProc === undefined) {
      if (f.type !== "challenge") throw unexpected(f, "challenge");
      const want = mac(token, SERVER_LABEL, nonceC, f.nonce, f.proc);
      if (!timingSafeEqual(f.mac, want)) throw new Error(`server proc ${f.proc} failed to prove the job token`);
      serverProc = f.proc;
      link.send({ type: "auth", mac: mac(token, CLIENT_LABEL, f.nonce, nonceC, myProc) });
      return undefined;
    }
    if (f.type !== "welcome") throw unexpected(f, "welcome");
    return serverProc;
  });
  link.send({ type: "hello", proc: myProc, nonce: nonceC });
  return done;
}
