/**
 * wmpi-nameserver's server: published names shared by independent jobs
 * (MPI_Publish_name in one, MPI_Lookup_name in another), over the protocol
 * of MPICH's hydra_nameserver (name-wire.ts), so that wmpiexec --nameserver
 * and mpiexec -nameserver can use either.
 *
 * Where hydra_nameserver (MPICH 4.0) goes wrong, this one does not: a
 * refused PUBLISH is not kept (hydra's keeps the second port, which a lookup
 * returns once the first is unpublished); UNPUBLISH frees what it removes;
 * a lookup of an unknown name answers length 0 (hydra's sends an empty
 * string, which mpiexec takes for a port named ""); a client that sends
 * something else loses its connection, not the server its life.
 */
import net from "node:net";
import { hostPart } from "./address.js";
import { encodeAnswer, FAILURE, RequestReader, SUCCESS, type NameRequest } from "./name-wire.js";

/** Settings of a {@link NameServer}. */
export interface NameServerOptions {
  /** TCP port (0: any free one). */
  port: number;
  /** Address to listen on (default: every interface, as hydra_nameserver does). */
  host?: string;
  /** Told of clients that broke the protocol (their connection is closed). */
  onProtocolError?: (peer: string, why: string) => void;
}

/** A running name server. */
export class NameServer {
  /** service -> port, as the clients sent them */
  private readonly names = new Map<string, string>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly opts: NameServerOptions,
    /** The address it listens on, and its port. */
    readonly host: string,
    readonly port: number,
  ) {
    server.on("connection", (socket) => this.serve(socket));
  }

  /** Starts listening; rejects with an Error naming the address if it cannot. */
  static async start(opts: NameServerOptions): Promise<NameServer> {
    if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`NameServer: port ${opts.port} is not in 0..65535`);
    const server = net.createServer();
    const where = `${hostPart(opts.host ?? "*")}:${opts.port}`;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new Error(`name server: cannot listen on ${where}: ${e.code === "EADDRINUSE" ? "the port is taken (another name server?)" : e.message}`)),
      );
      server.listen({ port: opts.port, host: opts.host }, resolve);
    });
    const a = server.address() as net.AddressInfo;
    return new NameServer(server, opts, a.address, a.port);
  }

  /** The names published now (service -> port). */
  published(): ReadonlyMap<string, string> {
    return this.names;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    // a client that vanishes mid-request is no concern of the others
    socket.on("error", () => {});
    const peer = `${hostPart(socket.remoteAddress ?? "?")}:${socket.remotePort ?? "?"}`;
    const reader = new RequestReader();
    socket.on("data", (chunk: Buffer) => {
      let requests;
      try {
        requests = reader.push(chunk);
      } catch (e) {
        this.opts.onProtocolError?.(peer, e instanceof Error ? e.message : String(e));
        socket.destroy();
        return;
      }
      for (const r of requests) {
        if (r.cmd === "invalid") {
          this.opts.onProtocolError?.(peer, r.why);
          socket.destroy();
          return;
        }
        socket.write(this.answer(r));
      }
    });
  }

  private answer(r: NameRequest): Buffer {
    const known = this.names.get(r.service);
    switch (r.cmd) {
      case "LOOKUP":
        // not published: length 0, which Hydra's mpiexec reads as "no port" (an empty string it would take for one)
        return known === undefined ? Buffer.alloc(4) : encodeAnswer(known);
      case "PUBLISH":
        // an empty port could not be told from "not published" by a lookup
        if (known !== undefined || r.port === "") return encodeAnswer(FAILURE);
        this.names.set(r.service, r.port);
        return encodeAnswer(SUCCESS);
      case "UNPUBLISH":
        return encodeAnswer(this.names.delete(r.service) ? SUCCESS : FAILURE);
    }
  }
}
