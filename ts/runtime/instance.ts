import type { Fd } from "@bjorn3/browser_wasi_shim";
import { ConsoleStdout, File, OpenFile, WASI } from "@bjorn3/browser_wasi_shim";
import type { Host } from "./host.js";
import { readString, writeString } from "./c-strings.js";
import { dynImports } from "./dyn-imports.js";
import { ownGroup, type JobSpec } from "./job.js";
import { NetChannel } from "./net-channel.js";
import { ShmChannel } from "./shm-channel.js";
import { UserOps } from "./user-ops.js";
import { overrideWasi } from "./wasi-overrides.js";

/** One rank's instance of the core: its exports, memory and channel. */
export interface RankInstance {
  exports: Record<string, unknown>;
  memory: WebAssembly.Memory;
  channel: ShmChannel;
  /** Set to true by the core whenever its memory grows: views must be taken again. */
  grown: { value: boolean };
  /** The JS functions of user-defined ops the core applies (op_call). */
  userOps: UserOps;
  /** A C program's module (wmpicc): runs its main, returns its exit code. */
  start(): number;
  /** The memory of rank `vc` if it runs in this process, else undefined (shared windows view it). */
  memoryOf(vc: number): WebAssembly.Memory | undefined;
}

/** A C program (built by wmpicc) to run in a rank: what its main sees. */
export interface ProgramSpec {
  /** argv, argv[0] included */
  args: string[];
  /** its whole environment: only what the user passed on */
  env: Record<string, string>;
}

/** The files a rank's C code (a program's, or MPI-IO's in the core) may reach. */
export interface FileAccess {
  /** the directories (fds 3, 4, ...), each known by its preopened name */
  dirs: Fd[];
  /** the working directory, a path below one of `dirs` (default: the first) */
  cwd?: string;
}

/**
 * Instantiates the core for `job.rank`, wired to the shm channel and the
 * host; or, with `program`, a C program linked with the core (a WASI command
 * whose main start() runs). `files`: what its C code may open (none: nothing).
 */
export function instantiateRank(job: JobSpec, host: Host, program?: ProgramSpec, files?: FileAccess): RankInstance {
  const memory = job.memories[job.rank];
  // as the core reads WMPI_SPIN_US (progress.c): a whole number (decimal or 0x hex), else the default
  const raw = job.env.WMPI_SPIN_US?.trim();
  const configured = raw ? Number(raw) : NaN;
  const spinUs = job.size <= job.cores ? (Number.isInteger(configured) && configured >= 0 ? configured : 250) : 0;
  const channel = new ShmChannel((job.worldVc ?? 0) + job.rank, ownGroup(job), spinUs / 1000, job.groups);
  channel.makeNet = (outbox, doorbell) => {
    // a thread-mode rank's first message to another job: its process now runs a network thread,
    // and a spinning rank would take the core that thread (or the other job, maybe on this
    // machine) needs to deliver what it waits for, as in a job of processes (process-job.ts)
    if (raw === undefined && job.size + 1 >= job.cores) channel.stopSpinning();
    return new NetChannel(channel.selfView, outbox, doorbell);
  };
  if (job.net) channel.net = channel.makeNet(job.net.outbox, job.net.doorbell);
  if (job.universe) channel.universe = host.joinUniverse?.(job.universe, (g) => channel.addGroup(g), (base, size) => channel.dropGroup(base, size));
  const grown = { value: false };
  const userOps = new UserOps();
  const env = Object.entries(program?.env ?? job.env).map(([k, v]) => `${k}=${v}`);
  const stdout = lineWriter((l) => host.stdout(l));
  const stderr = lineWriter((l) => host.stderr(l));
  const wasi = new WASI(program?.args ?? ["wmpi"], env, [
    new OpenFile(new File([])),
    new ConsoleStdout(stdout.write),
    new ConsoleStdout(stderr.write),
    ...(files?.dirs ?? []),
  ], { debug: false });
  overrideWasi(wasi, memory);
  const instance = new WebAssembly.Instance(job.module, {
    env: { memory, emscripten_notify_memory_growth: () => void (grown.value = true) },
    wasi_snapshot_preview1: wasi.wasiImport,
    wmpi: {
      ...channel.imports(),
      ...userOps.imports(),
      job_rank: () => job.rank,
      job_size: () => job.size,
      job_cores: () => job.cores,
      job_process: () => job.process ?? 0,
      ...dynImports(job, memory, channel.universe, program ? undefined : host.swapOverFd),
      job_abort: (code: number, msg: number) => host.abort(code, readString(memory, msg >>> 0)),
      host_now: () => host.now(),
      fs_cwd: (buf: number, len: number) => writeString(memory, buf >>> 0, len, files?.cwd ?? ""),
      host_name: (buf: number, len: number) => writeString(memory, buf >>> 0, len, host.hostname()),
    },
  });
  const exports = instance.exports as Record<string, unknown>;
  if (program === undefined) wasi.initialize({ exports: { memory, _initialize: exports._initialize as () => void } });
  const start = () => {
    try {
      return wasi.start({ exports: { memory, _start: exports._start as () => unknown } });
    } finally {
      // a last line without a newline still goes out, as C's exit flushes it
      stdout.flush();
      stderr.flush();
    }
  };
  return { exports, memory, channel, grown, userOps, start, memoryOf: (vc) => channel.memoryOf(vc) };
}

/** Bytes a program writes, handed on a whole line at a time; flush() hands on a last partial line. */
function lineWriter(line: (text: string) => void): { write: (bytes: Uint8Array) => void; flush: () => void } {
  const decoder = new TextDecoder();
  let pending = "";
  return {
    write(bytes) {
      pending += decoder.decode(bytes, { stream: true });
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        line(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    },
    flush() {
      pending += decoder.decode();
      if (pending) line(pending);
      pending = "";
    },
  };
}
