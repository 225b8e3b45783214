// The transport series of bench/p2p.mjs (issue 11: "threads, processes over Unix socket / TCP /
// WebSocket"): osu_bw, osu_bibw and the Sendrecv ring of wmpi buffers with one Node process per
// rank (wmpiexec --mode process --net unix|tcp|ws), against MPICH C forced onto TCP
// (bench/mpich-tcp.mjs). They run in the same rounds as the thread series, interleaved with
// them; bench/suite/datasets.mjs gives them tables and figures of their own, whose reference is
// MPICH C over TCP, since MPICH's default shared memory is no fair reference for a socket.

/** wmpi buffers across processes, by transport: the mode's suffix is wmpiexec's --net. */
export const PROC_MODES = ["proc-unix", "proc-tcp", "proc-ws"];

/** The reference of the transport series: the MPICH C program with its traffic forced onto TCP. */
export const TCP_REFERENCE = "mpich-tcp";

export const TRANSPORT_MODES = [TCP_REFERENCE, ...PROC_MODES];

export const isTransportMode = (mode) => TRANSPORT_MODES.includes(mode);

/**
 * Whether the TCP reference runs at `ranks`: Debian's MPICH 4.0.2 (ch4:ucx) with UCX_TLS=tcp hangs
 * in MPI_Finalize at 3 ranks or more in most runs, after every result is printed (here 8 of 10
 * runs at 3 ranks, 4 of 6 at 4, none of 12 at 2; one rank spins in uct_tcp_iface_progress while
 * the others wait in the PMI barrier, as in openucx/ucx#8738, UCX's TCP transport hanging in
 * cleanup). Beyond 2 ranks the ring across processes is compared with MPICH C through shared
 * memory instead (bench/suite/datasets.mjs), and a note says so.
 */
export const tcpReferenceRuns = (device, ranks) => ranks <= 2 || !(device ?? "").startsWith("ch4:ucx");

/**
 * The tests a contender runs at `ranks` (`device`: MPICH's): the transport series skip the
 * ping-pong, which bench/net-pingpong.mjs measures across these transports already (with Open MPI
 * over TCP too), and the TCP reference runs none where it would hang.
 */
export function testsOf(mode, tests, ranks, device) {
  if (mode === TCP_REFERENCE && !tcpReferenceRuns(device, ranks)) return [];
  return isTransportMode(mode) ? tests.filter((t) => t !== "pingpong") : tests;
}

/** wmpiexec's options that put each rank of a transport mode in its own process on that transport. */
export const launcherOptionsOf = (mode) => ["--mode", "process", "--net", mode.slice("proc-".length)];

/** Modes whose bytes must cross the loopback interface: TCP, and WebSocket over TCP. */
export const OVER_LOOPBACK = [TCP_REFERENCE, "proc-tcp", "proc-ws"];

/**
 * The bytes the timed steps of a job's result lines sent between ranks (a lower bound of what
 * crossed the wire: warm-ups, checks, acknowledgements and headers come on top): a bw step is a
 * window of `window` messages, bibw one each way, a ring step one message per rank, a ping-pong
 * step one each way.
 */
export function timedPayload(lines, ranks) {
  const messages = { pingpong: () => 2, bw: (w) => w, bibw: (w) => 2 * w, ring: () => ranks };
  return lines.filter((l) => messages[l.test] && l.size > 0).reduce((sum, l) => sum + l.iters * l.size * messages[l.test](l.window), 0);
}

/**
 * Whether each mode of OVER_LOOPBACK did go over loopback: `loopback[mode]` = { bytes: received
 * on loopback during its jobs, payload: timedPayload of their lines }. What goes over TCP crosses
 * loopback, so fewer bytes than the payload mean shared memory carried it, and its figures are
 * not the transport's. Other processes' loopback traffic can only hide such a failure, not fake one.
 */
export function loopbackVerdicts(loopback) {
  const ok = [];
  const failed = [];
  for (const [mode, l] of Object.entries(loopback)) {
    const line = `${mode}: ${(l.bytes / 1e6).toFixed(1)} MB crossed loopback during its jobs; their timed steps sent ${(l.payload / 1e6).toFixed(1)} MB`;
    if (l.bytes >= l.payload) ok.push(`${line} (over TCP, as meant)`);
    else failed.push(`${line}: NOT over TCP, its figures are not the transport's (bench/mpich-tcp.mjs)`);
  }
  return { ok, failed };
}
