/**
 * The client side of the job-token handshake (handshake.ts) with the
 * platform's WebCrypto instead of node:crypto, for pages (which only dial):
 * the same frames and macs, so a wmpi process cannot tell the two apart. The
 * server's mac is checked with subtle.verify, which compares in constant time.
 */
import { NONCE_BYTES, type Frame } from "./frame.js";
import type { FrameLink } from "./link-types.js";

const enc = new TextEncoder();
const SERVER_LABEL = enc.encode("wmpi1 server");
const CLIENT_LABEL = enc.encode("wmpi1 client");

/** label ‖ first ‖ second ‖ u32le(proc): what each side's mac covers. */
function macInput(label: Uint8Array, first: Uint8Array, second: Uint8Array, proc: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(label.length + first.length + second.length + 4);
  out.set(label, 0);
  out.set(first, label.length);
  out.set(second, label.length + first.length);
  new DataView(out.buffer).setUint32(label.length + first.length + second.length, proc >>> 0, true);
  return out;
}

/**
 * Proves `token` to the server at the other end of `link` as process
 * `myProc`, and checks that it knows the token too; resolves with the
 * server's proc, or rejects (closing the link) with why.
 */
export async function dialPeerWeb(link: FrameLink, token: Uint8Array, myProc: number, timeoutMs = 10_000): Promise<number> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey("raw", new Uint8Array(token), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const nonceC = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  // one frame at a time: the handler lets go of the link at once, so frames after welcome wait
  // in order (in the link's queue) for the caller's onFrame
  let onClosed: ((e: Error) => void) | undefined;
  link.onClose((err) => onClosed?.(new Error(`link closed${err ? `: ${err.message}` : ""}`)));
  const deadline = Date.now() + timeoutMs;
  const next = () =>
    new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        link.offFrame();
        reject(new Error(`timed out after ${timeoutMs} ms`));
      }, Math.max(deadline - Date.now(), 0));
      onClosed = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      link.onFrame((f) => {
        link.offFrame();
        clearTimeout(timer);
        resolve(f);
      });
    });
  try {
    link.send({ type: "hello", proc: myProc, nonce: nonceC });
    const challenge = await next();
    if (challenge.type !== "challenge") throw new Error(`expected challenge, got ${challenge.type}`);
    const ok = await subtle.verify("HMAC", key, new Uint8Array(challenge.mac), macInput(SERVER_LABEL, nonceC, challenge.nonce, challenge.proc));
    if (!ok) throw new Error(`server proc ${challenge.proc} failed to prove the job token`);
    const mac = new Uint8Array(await subtle.sign("HMAC", key, macInput(CLIENT_LABEL, challenge.nonce, nonceC, myProc)));
    link.send({ type: "auth", mac });
    const welcome = await next();
    if (welcome.type !== "welcome") throw new Error(`expected welcome, got ${welcome.type}`);
    onClosed = undefined;
    return challenge.proc;
  } catch (e) {
    link.close();
    throw new Error(`handshake (client) with ${link.peer} failed: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
}
