// MPICH as a reference over TCP, for the benchmarks that run wmpi across processes
// (bench/pingpong.mjs --net, bench/p2p.mjs's transport series): by default two MPICH ranks of one
// host talk through shared memory, which no socket can match, so the fair reference for wmpi over
// a socket is MPICH made to use one. Also the loopback byte counter that proves it did.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * The environment that forces MPICH's traffic between two processes of one host onto TCP, by
 * device (mpichversion's "MPICH Device"): MPIR_CVAR_NOLOCAL=1 makes ch4 (and ch3) treat every
 * peer as remote, so the netmod carries the bytes, and the netmod is told to use TCP. Debian's
 * MPICH 4.0.2 is ch4:ucx, whose ch4 layer has no shared memory of its own: there UCX_TLS=tcp is
 * what counts (UCX would otherwise pick its own shared memory; measured with loopbackBytes, the
 * NOLOCAL variable alone leaves loopback idle).
 */
export function mpichTcpEnv(device) {
  if (device.startsWith("ch4:ofi")) return { MPIR_CVAR_NOLOCAL: "1", FI_PROVIDER: "tcp" };
  if (device.startsWith("ch3")) return { MPIR_CVAR_NOLOCAL: "1", MPIR_CVAR_NEMESIS_NETMOD: "tcp" };
  return { MPIR_CVAR_NOLOCAL: "1", UCX_TLS: "tcp" };
}

/** The device MPICH was built with ("ch4:ucx", ...), or "" without mpichversion. */
export function mpichDevice() {
  try {
    return execFileSync("mpichversion", [], { encoding: "utf8" }).match(/MPICH Device:\s*(\S+)/)?.[1] ?? "";
  } catch {
    return "";
  }
}

/** The header line naming how the reference was forced onto TCP. */
export const mpichTcpNote = (device) =>
  `MPICH over TCP (device ${device || "?"}): ${Object.entries(mpichTcpEnv(device)).map(([k, v]) => `${k}=${v}`).join(" ")}`;

/**
 * Bytes received on the loopback interface so far (/proc/net/dev), or undefined where there is no
 * such file. Traffic between processes of one host over TCP or WebSocket crosses it; shared
 * memory and Unix sockets do not.
 */
export function loopbackBytes() {
  try {
    const line = readFileSync("/proc/net/dev", "utf8").split("\n").find((l) => l.trim().startsWith("lo:"));
    return line ? Number(line.trim().slice(3).trim().split(/\s+/)[0]) : undefined;
  } catch {
    return undefined;
  }
}
