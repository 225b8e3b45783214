/**
 * Dynamic processes (MPI-4.0 11.8-11.10), as mpi4py spells them:
 * Intracomm.Spawn / Spawn_multiple, Comm.Get_parent, Intracomm.Accept /
 * Connect, and the module functions Open_port, Close_port, Publish_name,
 * Lookup_name, Unpublish_name. (Comm.Disconnect is in comm.ts.)
 *
 * A command is a program wmpiexec can run: a TS/JS file or a .wasm built by
 * wmpicc, found from the working directory (info "wdir") or info "path".
 */
import type { SpawnSpec } from "../abi/core.js";
import { Comm, COMM_NULL, Intercomm, Intracomm } from "./comm.js";
import { HANDLE, HANDLE4 } from "./constants.js";
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import type { Info } from "./info.js";
import { fail } from "./int-arrays.js";

declare module "./comm.js" {
  interface Intracomm {
    /**
     * MPI_Comm_spawn: starts maxprocs ranks of `command` with `args` (read at
     * root); collective over this communicator. Returns the intercommunicator
     * to the children; `errcodes`, if given, gets one MPI error class per child
     * at the root (the only rank that knows how many there are).
     */
    Spawn(command: string, args?: readonly string[] | null, maxprocs?: number, info?: Info | null, root?: number, errcodes?: number[]): Intercomm;
    /** MPI_Comm_spawn_multiple: several commands, one MPI_COMM_WORLD for all their ranks (MPI.APPNUM tells them apart). */
    Spawn_multiple(command: readonly string[], args?: readonly (readonly string[])[] | null, maxprocs?: readonly number[] | null,
      info?: Info | readonly Info[] | null, root?: number, errcodes?: number[][]): Intercomm;
    /** MPI_Comm_accept: waits for a group to connect to port_name (read at root). */
    Accept(port_name: string, info?: Info | null, root?: number): Intercomm;
    /** MPI_Comm_connect: joins the group accepting on port_name (read at root). */
    Connect(port_name: string, info?: Info | null, root?: number): Intercomm;
  }
}

const infoHandle = (info: Info | null | undefined) => info?.handle ?? HANDLE4.INFO_NULL;

/** The spawn; `errcodes` (filled at the root only, where the core reports them) if given. */
function spawn(comm: Intracomm, single: boolean, specs: SpawnSpec[], root: number, errcodes: number[] | undefined): Intercomm {
  const atRoot = errcodes !== undefined && comm.Get_rank() === root;
  return new Intercomm(core().commSpawn(single, specs, root, comm.handle, atRoot ? errcodes : undefined));
}

/** Raises MPI_ERR_ARG on comm's error handler for a bad argument of the facade's own. */
function argError(comm: Comm, message: string): never {
  fail(comm.handle, ErrorClass.ERR_ARG, message);
}

Object.assign(Intracomm.prototype, {
  Spawn(this: Intracomm, command: string, args?: readonly string[] | null, maxprocs = 1, info?: Info | null, root = 0, errcodes?: number[]): Intercomm {
    return spawn(this, true, [{ command, args: [...(args ?? [])], maxprocs, info: infoHandle(info) }], root, errcodes);
  },
  Spawn_multiple(this: Intracomm, command: readonly string[], args?: readonly (readonly string[])[] | null, maxprocs?: readonly number[] | null,
    info?: Info | readonly Info[] | null, root = 0, errcodes?: number[][]): Intercomm {
    const n = command.length;
    const fc = "MPI_Comm_spawn_multiple";
    if (args != null && args.length !== n) argError(this, `${fc}: ${args.length} argument lists for ${n} commands (args)`);
    if (maxprocs != null && maxprocs.length !== n) argError(this, `${fc}: ${maxprocs.length} maxprocs for ${n} commands (maxprocs)`);
    if (Array.isArray(info) && info.length !== n) argError(this, `${fc}: ${info.length} infos for ${n} commands (info)`);
    const specs = command.map((c, i): SpawnSpec => ({
      command: c,
      args: [...(args?.[i] ?? [])],
      maxprocs: maxprocs?.[i] ?? 1,
      info: infoHandle(Array.isArray(info) ? (info as readonly Info[])[i] : (info as Info | null | undefined)),
    }));
    const codes: number[] | undefined = errcodes && [];
    try {
      return spawn(this, false, specs, root, codes);
    } finally {
      // one list per command, as mpi4py gives them
      let at = 0;
      if (codes?.length) errcodes?.splice(0, errcodes.length, ...specs.map((s) => codes.slice(at, (at += Math.max(s.maxprocs, 0)))));
    }
  },
  Accept(this: Intracomm, port_name: string, info?: Info | null, root = 0): Intercomm {
    return new Intercomm(core().commAccept(false, port_name, infoHandle(info), root, this.handle));
  },
  Connect(this: Intracomm, port_name: string, info?: Info | null, root = 0): Intercomm {
    return new Intercomm(core().commAccept(true, port_name, infoHandle(info), root, this.handle));
  },
});

/** MPI_Comm_get_parent: the intercommunicator to the parents of a spawned job, or MPI.COMM_NULL. */
export function Get_parent(): Intercomm {
  const h = core().commGetParent();
  return h === HANDLE.COMM_NULL ? (COMM_NULL as Intercomm) : new Intercomm(h);
}

/** MPI_Open_port: a new port name this rank can accept on. */
export function Open_port(info?: Info | null): string {
  return core().openPort(infoHandle(info));
}

/** MPI_Close_port. */
export function Close_port(port_name: string): void {
  core().closePort(port_name);
}

/** MPI_Publish_name: other jobs of this launcher find port_name as service_name. */
export function Publish_name(service_name: string, port_name: string, info?: Info | null): void {
  core().nameService("publish", service_name, infoHandle(info), port_name);
}

/** MPI_Lookup_name: the port published as service_name (MPI.ERR_NAME if none). */
export function Lookup_name(service_name: string, info?: Info | null): string {
  return core().nameService("lookup", service_name, infoHandle(info));
}

/** MPI_Unpublish_name. */
export function Unpublish_name(service_name: string, port_name: string, info?: Info | null): void {
  core().nameService("unpublish", service_name, infoHandle(info), port_name);
}

/** What Join takes: a file descriptor, or a connected net.Socket (anything with a Unix descriptor behind it). */
export type JoinSocket = number | { pause(): unknown; _handle?: { fd?: number } | null };

/**
 * MPI_Comm_join: the intercommunicator to the rank at the other end of a
 * connected socket, which calls Join too: a file descriptor, as mpi4py takes
 * (sock.fileno()), or a connected net.Socket, which is paused first (the
 * port names go over it while this rank waits in the call; data Node had
 * already read from it would be lost to Join). Over Node's sockets only: a C
 * program's descriptors are its sandbox's, and have no sockets.
 */
export function Join(socket: JoinSocket): Intercomm {
  let fd = socket;
  if (typeof socket !== "number") {
    socket.pause();
    fd = socket._handle?.fd ?? -1;
  }
  return new Intercomm(core().commJoin(fd as number));
}

// mpi4py's classmethods: MPI.Comm.Get_parent(), MPI.Comm.Join(fd)
Object.assign(Comm, { Get_parent, Join });
declare module "./comm.js" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Comm {
    /** MPI_Comm_get_parent (see dynamic.ts Get_parent). */
    let Get_parent: () => Intercomm;
    /** MPI_Comm_join (see dynamic.ts Join). */
    let Join: (socket: JoinSocket) => Intercomm;
  }
}
