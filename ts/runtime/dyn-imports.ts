/**
 * The core's imports for dynamic processes (channel.h, "the universe"):
 * ports, names and spawning, answered by the launcher's universe through
 * this rank's UniverseClient. Without a universe (a job started by a process
 * manager, a singleton) they say MPI_ERR_UNSUPPORTED_OPERATION.
 */
import { readString, writeString } from "./c-strings.js";
import type { JobSpec } from "./job.js";
import type { Universe } from "./universe-protocol.js";
import { VcTable } from "./vc-table.js";

/** The MPI error classes these imports return (mpi.h). */
const ERR_UNSUPPORTED_OPERATION = 44;
const ERR_PORT = 38;
const ERR_ARG = 12;
const ERR_NO_MEM = 34;
const NAME_ACTIONS = ["publish", "lookup", "unpublish"] as const;

/**
 * Imports for a rank whose memory is `memory`. `swapOverFd`: MPI_Comm_join's
 * exchange over an OS socket (absent for C programs: their descriptors are
 * their sandbox's, and the browser has none).
 */
export function dynImports(
  job: JobSpec,
  memory: WebAssembly.Memory,
  universe: Universe | undefined,
  swapOverFd?: (fd: number, mine: Uint8Array) => Uint8Array,
): Record<string, (...args: number[]) => number | void> {
  const vc = (job.worldVc ?? 0) + job.rank;
  // what the core passes is NUL-terminated within MPI_MAX_PORT_NAME (port names) or a little more (service names)
  const str = (ptr: number) => readString(memory, ptr >>> 0, 4096);
  const table = job.vcTable ? new VcTable(job.vcTable) : undefined;
  const ints = (ptr: number, n: number) => new Int32Array(memory.buffer, ptr >>> 0, n);
  return {
    dyn_fd_swap: (fd, mine, theirs, len) => {
      if (!swapOverFd) return ERR_ARG;
      try {
        const got = swapOverFd(fd, new Uint8Array(memory.buffer, mine >>> 0, len).slice());
        new Uint8Array(memory.buffer, theirs >>> 0, len).set(got);
        return 0;
      } catch {
        return ERR_ARG;
      }
    },
    dyn_names: (vcs, n, names) => {
      const from = ints(vcs, n), to = ints(names, 2 * n);
      for (let i = 0; i < n; i++) {
        const [j, v] = table?.nameOf(from[i]) ?? [0, from[i]];
        to[2 * i] = j;
        to[2 * i + 1] = v;
      }
    },
    dyn_vcs: (names, n, vcs) => {
      const from = ints(names, 2 * n), to = ints(vcs, n);
      for (let i = 0; i < n; i++) {
        const own = (table?.job ?? 0) === from[2 * i] >>> 0;
        const vc = own ? from[2 * i + 1] : table?.vcOf(from[2 * i], from[2 * i + 1]);
        if (vc === undefined) return table ? ERR_NO_MEM : ERR_PORT;
        to[i] = vc;
      }
      return 0;
    },
    job_world_vc: () => job.worldVc ?? 0,
    job_universe_size: () => job.universeSize ?? job.size,
    job_appnum: () => job.appnum ?? 0,
    job_parent_port: (buf, len) => (job.parentPort ? writeString(memory, buf >>> 0, len, job.parentPort) : 0),
    dyn_open_port: (buf, len, reach) => {
      if (!universe) return ERR_UNSUPPORTED_OPERATION;
      const r = universe.call({ op: "open-port", vc, reach: reach !== 0 });
      if (r.errclass === 0) writeString(memory, buf >>> 0, len, r.text ?? "");
      return r.errclass;
    },
    dyn_close_port: (name) => (universe ? universe.call({ op: "close-port", vc, name: str(name) }).errclass : ERR_UNSUPPORTED_OPERATION),
    dyn_port_vc: (name, id) => {
      if (!universe) return -1;
      const r = universe.call({ op: "port-vc", name: str(name) });
      if (r.errclass !== 0) return -1;
      new Int32Array(memory.buffer, id >>> 0, 1)[0] = r.portId ?? 0;
      return r.vc ?? -1;
    },
    dyn_name: (op, service, port, len, why, whylen) => {
      if (!universe) return ERR_UNSUPPORTED_OPERATION;
      const action = NAME_ACTIONS[op];
      const r = universe.call({ op: "name", action, service: str(service), port: action === "lookup" ? "" : str(port) });
      if (r.errclass === 0 && action === "lookup") writeString(memory, port >>> 0, len, r.text ?? "");
      // (a refusal carries no text; a failure of the name service says why)
      if (r.errclass !== 0 && r.text) writeString(memory, why >>> 0, whylen, r.text);
      return r.errclass;
    },
    dyn_spawn: (request, reqlen, port, errcodes, msg, msglen) => {
      if (!universe) return ERR_UNSUPPORTED_OPERATION;
      const bytes = new Uint8Array(memory.buffer, request >>> 0, reqlen).slice();
      const r = universe.call({ op: "spawn", vc, request: bytes, port: str(port) });
      if (r.errcodes) new Int32Array(memory.buffer, errcodes >>> 0, r.errcodes.length).set(r.errcodes);
      if (r.errclass !== 0) writeString(memory, msg >>> 0, msglen, r.text ?? "");
      return r.errclass;
    },
  };
}
