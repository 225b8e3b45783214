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
     * MPI_Comm_spawn: starts maxprocs ranks of a new job running command, and connects them to this
     * communicator's processes (their MPI.Comm.Get_parent()). Collective over this communicator;
     * the arguments are read at root. A command is a program wmpiexec can run: a TS or JS file, or
     * a .wasm built by wmpicc, found from the working directory (info "wdir") or info "path".
     * @param command the program
     * @param args its command-line arguments
     * @param maxprocs how many ranks (default 1)
     * @param info "wdir", "path", "host" (this host only)
     * @param root the rank whose arguments count (default 0)
     * @param errcodes filled at the root with one error class per child (MPI.SUCCESS for those that started)
     * @returns the intercommunicator to the children (remote group: their MPI.COMM_WORLD)
     * @throws {@link Exception} ERR_SPAWN (no such program, a wdir that is not a directory, another
     * host), ERR_ARG (maxprocs 0), ERR_ROOT (root is not a rank).
     * @example
     * ```ts
     * const workers = comm.Spawn("worker.ts", ["--steps", "10"], 4);
     * workers.bcast({ task: "start" }, rank === 0 ? MPI.ROOT : MPI.PROC_NULL);
     * const results = workers.gather(null, MPI.ROOT);
     * workers.Disconnect();
     * ```
     */
    Spawn(command: string, args?: readonly string[] | null, maxprocs?: number, info?: Info | null, root?: number, errcodes?: number[]): Intercomm;
    /**
     * MPI_Comm_spawn_multiple: like Spawn, for several commands that share one MPI_COMM_WORLD (the
     * MPI.APPNUM attribute tells a child which command it runs).
     * @param command the programs
     * @param args one argument list per command
     * @param maxprocs ranks per command (default 1 each)
     * @param info one Info for all, or one per command
     * @param root the rank whose arguments count (default 0)
     * @param errcodes filled at the root with one list of error classes per command
     * @returns the intercommunicator to all the children
     * @throws {@link Exception} ERR_ARG (args, maxprocs or info lists not one per command, no process
     * to start); ERR_SPAWN, ERR_ROOT (as {@link Intracomm.Spawn}).
     * @example
     * ```ts
     * const children = comm.Spawn_multiple(["master.ts", "worker.ts"], [[], []], [1, 3]);
     * ```
     */
    Spawn_multiple(command: readonly string[], args?: readonly (readonly string[])[] | null, maxprocs?: readonly number[] | null,
      info?: Info | readonly Info[] | null, root?: number, errcodes?: number[][]): Intercomm;
    /**
     * MPI_Comm_accept: waits for a group to Connect to port_name (read at root, which opened it
     * with MPI.Open_port). Collective over this communicator.
     * @param port_name the port
     * @param info hints
     * @param root the rank that opened the port (default 0)
     * @returns the intercommunicator to the group that connected
     * @throws {@link Exception} ERR_PORT (not a port root opened), ERR_ROOT.
     * @example
     * ```ts
     * const port = rank === 0 ? MPI.Open_port() : "";
     * if (rank === 0) MPI.Publish_name("solver", port);
     * const client = comm.Accept(port, null, 0);
     * ```
     */
    Accept(port_name: string, info?: Info | null, root?: number): Intercomm;
    /**
     * MPI_Comm_connect: joins the group accepting on port_name (read at root). Collective over this communicator.
     * @param port_name the port (from the other job, or MPI.Lookup_name)
     * @param info hints
     * @param root the rank whose port_name counts (default 0)
     * @returns the intercommunicator to the accepting group
     * @throws {@link Exception} ERR_PORT (no such port is open), ERR_ROOT.
     * @example
     * ```ts
     * const port = rank === 0 ? MPI.Lookup_name("solver") : "";
     * const server = comm.Connect(port, null, 0);
     * ```
     */
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

/**
 * MPI_Open_port: a new port name this rank can Accept on; give it to the other job (or
 * Publish_name it). Close it with Close_port.
 * @param info hints
 * @throws {@link Exception} only ERR_OTHER (before MPI.Init or after MPI.Finalize).
 * @example
 * ```ts
 * const port = MPI.Open_port();
 * console.log(`connect to ${port}`);
 * ```
 */
export function Open_port(info?: Info | null): string {
  return core().openPort(infoHandle(info));
}

/**
 * MPI_Close_port: a port of Open_port stops taking connections.
 * @param port_name the port
 * @throws {@link Exception} ERR_PORT: not a port this rank opened.
 * @example
 * ```ts
 * const port = MPI.Open_port();
 * MPI.Close_port(port);
 * ```
 */
export function Close_port(port_name: string): void {
  core().closePort(port_name);
}

/**
 * MPI_Publish_name: other jobs of this launcher (or of any wmpiexec given the same --nameserver) find port_name
 * as service_name with Lookup_name.
 * @param service_name the name
 * @param port_name a port of Open_port
 * @param info hints
 * @throws {@link Exception} ERR_SERVICE: service_name is published already.
 * @example
 * ```ts
 * const port = MPI.Open_port();
 * MPI.Publish_name("solver", port);
 * ```
 */
export function Publish_name(service_name: string, port_name: string, info?: Info | null): void {
  core().nameService("publish", service_name, infoHandle(info), port_name);
}

/**
 * MPI_Lookup_name: the port published as service_name.
 * @param service_name the name
 * @param info hints
 * @throws {@link Exception} ERR_NAME: nothing is published under that name.
 * @example
 * ```ts
 * const server = comm.Connect(MPI.Lookup_name("solver"));
 * ```
 */
export function Lookup_name(service_name: string, info?: Info | null): string {
  return core().nameService("lookup", service_name, infoHandle(info));
}

/**
 * MPI_Unpublish_name: withdraws a name Publish_name published.
 * @param service_name the name
 * @param port_name the port it was published with
 * @param info hints
 * @throws {@link Exception} ERR_SERVICE: not published with that port.
 * @example
 * ```ts
 * const port = MPI.Open_port();
 * MPI.Publish_name("solver", port);
 * MPI.Unpublish_name("solver", port);
 * ```
 */
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
    /**
     * MPI_Comm_get_parent: in a job started by Spawn, the intercommunicator to the parents; else MPI.COMM_NULL.
     * @throws {@link Exception} only ERR_OTHER (before MPI.Init or after MPI.Finalize).
     * @example
     * ```ts
     * const parent = MPI.Comm.Get_parent();
     * if (!parent.isNull()) parent.send(`child ${rank} ready`, 0);
     * ```
     */
    let Get_parent: () => Intercomm;
    /**
     * MPI_Comm_join: the intercommunicator to the rank at the other end of a connected socket, which
     * calls Join too. The socket is a file descriptor, as mpi4py takes (sock.fileno()), or a connected
     * net.Socket, which is paused first (the port names go over it while this rank waits in the call;
     * data Node had already read from it would be lost to Join). Over Node's sockets only.
     * @param socket a connected socket's descriptor, or the net.Socket
     * @throws {@link Exception} ERR_ARG: not a connected socket this rank can use.
     * @example
     * ```ts
     * import { MPI } from "wmpi";
     * import { connect } from "node:net";
     * const socket = connect(5000, "other-host");
     * socket.once("connect", () => {
     *   const peer = MPI.Comm.Join(socket);
     *   peer.send("hello", 0);
     * });
     * ```
     */
    let Join: (socket: JoinSocket) => Intercomm;
  }
}
