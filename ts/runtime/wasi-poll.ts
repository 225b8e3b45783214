/**
 * WASI poll_oneoff for C programs (usleep, nanosleep, clock_nanosleep, and
 * poll/select with a timeout), in place of @bjorn3/browser_wasi_shim's,
 * which spins on the clock and reads a subscription's flags from the wrong
 * offset (36, where the layout has the precision's high half; the flags are
 * at 40): a C program's usleep(10000) never returned. Clock subscriptions
 * only (files are always ready and have no such subscriptions here): the
 * rank sleeps in Atomics.wait until the earliest deadline, then reports
 * every clock that has expired by then.
 */
import { wasi as W } from "@bjorn3/browser_wasi_shim";

/** wasi_snapshot_preview1 layouts: a subscription is 48 bytes, an event 32. */
const SUB = { SIZE: 48, USERDATA: 0, TAG: 8, CLOCK_ID: 16, TIMEOUT: 24, FLAGS: 40 } as const;
const EVENT = { SIZE: 32, USERDATA: 0, ERROR: 8, TYPE: 10 } as const;
const ABSTIME = 1;

const nap = new Int32Array(new SharedArrayBuffer(4));

/** Nanoseconds now on WASI clock `id` (REALTIME: since the epoch; MONOTONIC: since this thread began); undefined for another clock. */
function now(id: number): bigint | undefined {
  if (id === W.CLOCKID_REALTIME) return BigInt(Date.now()) * 1_000_000n;
  if (id === W.CLOCKID_MONOTONIC) return BigInt(Math.round(performance.now() * 1e6));
  return undefined;
}

export function pollOneoff(memory: WebAssembly.Memory): (inPtr: number, outPtr: number, n: number, neventsPtr: number) => number {
  return (inPtr, outPtr, n, neventsPtr) => {
    if (n === 0) return W.ERRNO_INVAL;
    const dv = () => new DataView(memory.buffer);
    // each subscription's deadline as a delay from now, in ms
    const subs: { userdata: bigint; delayMs: number }[] = [];
    for (let i = 0; i < n; i++) {
      const at = (inPtr >>> 0) + i * SUB.SIZE;
      const v = dv();
      if (v.getUint8(at + SUB.TAG) !== W.EVENTTYPE_CLOCK) return W.ERRNO_NOTSUP;
      const t = now(v.getUint32(at + SUB.CLOCK_ID, true));
      if (t === undefined) return W.ERRNO_INVAL;
      const timeout = v.getBigUint64(at + SUB.TIMEOUT, true);
      const abs = (v.getUint16(at + SUB.FLAGS, true) & ABSTIME) !== 0;
      const delayNs = abs ? timeout - t : timeout;
      subs.push({ userdata: v.getBigUint64(at + SUB.USERDATA, true), delayMs: delayNs > 0n ? Number(delayNs) / 1e6 : 0 });
    }
    const wait = Math.min(...subs.map((s) => s.delayMs));
    if (wait > 0) Atomics.wait(nap, 0, 0, wait);
    let events = 0;
    for (const s of subs) {
      if (s.delayMs > wait) continue;
      const at = (outPtr >>> 0) + events++ * EVENT.SIZE;
      const v = dv();
      for (let b = 0; b < EVENT.SIZE; b += 4) v.setUint32(at + b, 0);
      v.setBigUint64(at + EVENT.USERDATA, s.userdata, true);
      v.setUint16(at + EVENT.ERROR, W.ERRNO_SUCCESS, true);
      v.setUint8(at + EVENT.TYPE, W.EVENTTYPE_CLOCK);
    }
    dv().setUint32(neventsPtr >>> 0, events, true);
    return W.ERRNO_SUCCESS;
  };
}
