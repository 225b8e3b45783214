import net from "node:net";
import type { NameService } from "../runtime/universe-protocol.js";
import { LineSocket } from "./line-socket.js";
import { DEFAULT_MAXES, checkWireValue, formatLine, parseLine, toWireSafe, type PmiMessage } from "./wire.js";

/** Settings of a {@link PmiServer}. */
export interface PmiServerOptions {
  /** Number of processes in the job: every barrier waits for this many clients. */
  size: number;
  /** Name of the key-value space (default: `kvs_<pid>_<random>`). */
  kvsname?: string;
  /** Answer to `get_universe_size` (default: `size`). */
  universeSize?: number;
  /** Answer to `get_appnum` (default 0). */
  appnum?: number;
  /** Address to listen on (default 127.0.0.1; port 0, chosen by the system). */
  host?: string;
  /**
   * A client sent `cmd=abort`: `rank` is its PMI_ID (-1 if it never sent one), `message` has
   * `_` where the wire could not carry a character. Default: print it on stderr.
   */
  onAbort?: (rank: number, code: number, message: string) => void;
  /**
   * A client's connection closed before it sent `cmd=finalize` (it crashed or was killed):
   * barriers cannot complete any more, so the owner should end the job. `rank` is -1 if unknown.
   */
  onLost?: (rank: number) => void;
  /**
   * Where publish_name, lookup_name and unpublish_name go (wmpiexec --nameserver: a name server
   * shared with other jobs), given the values as the client sent them. Default: a table of this
   * server's own. A failure of it answers the client rc=-1 with why (rc=1: "no").
   */
  names?: NameService;
}

/** One client connection and what it has put since its last barrier. */
interface Client {
  conn: LineSocket;
  rank: number;
  pending: Map<string, string>;
  finalized: boolean;
  aborted: boolean;
  /** lines that came while a name request was out with opts.names: answered in order once it is back */
  held: string[] | null;
}

/**
 * A PMI-1 process manager endpoint over TCP (the PMI_PORT mode of MPICH's simple PMI): what
 * wmpiexec's process mode gives its children, and the tests' stand-in for Slurm. It serves
 * `initack`, `init`, `get_maxes`, `get_my_kvsname`, `get_universe_size`, `get_appnum`, `put`,
 * `get`, `barrier_in`, `finalize` and `abort`, with Hydra's semantics: a put becomes visible
 * to `get` (of any process, the putter included) at the next barrier that all `size` clients
 * enter; a missing key answers `rc=-1 msg=key_<key>_not_found`.
 */
export class PmiServer {
  private readonly clients = new Set<Client>();
  private readonly kvs = new Map<string, string>();
  /** published service names and their ports (MPI_Publish_name) */
  private readonly names = new Map<string, string>();
  private readonly barrier = new Set<Client>();
  private readonly kvsname: string;
  private closing = false;

  private constructor(
    private readonly server: net.Server,
    private readonly opts: PmiServerOptions,
    /** The TCP port the server listens on. */
    readonly port: number,
    /** The address the server listens on. */
    readonly host: string,
  ) {
    this.kvsname = opts.kvsname ?? `kvs_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    checkWireValue("kvsname", this.kvsname, DEFAULT_MAXES.kvsnameMax, false);
    server.on("connection", (socket) => this.accept(socket));
  }

  /** Starts listening on `opts.host` (default 127.0.0.1), port chosen by the system. */
  static async start(opts: PmiServerOptions): Promise<PmiServer> {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new Error(`PmiServer: size ${opts.size} is not a positive integer`);
    const host = opts.host ?? "127.0.0.1";
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err) => reject(new Error(`PmiServer: cannot listen on ${host}: ${err.message}`)));
      server.listen(0, host, () => resolve());
    });
    const port = (server.address() as net.AddressInfo).port;
    return new PmiServer(server, opts, port, host);
  }

  /**
   * The environment a child process needs to reach this server as PMI rank `rank`: PMI_PORT,
   * PMI_ID (for the initack handshake), PMI_RANK and PMI_SIZE. The child must not also inherit
   * a PMI_FD (from a Hydra above this process): clients prefer PMI_FD over PMI_PORT.
   */
  envFor(rank: number): Record<string, string> {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.opts.size) throw new Error(`PmiServer.envFor: rank ${rank} is not in [0, ${this.opts.size})`);
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return { PMI_PORT: `${host}:${this.port}`, PMI_ID: String(rank), PMI_RANK: String(rank), PMI_SIZE: String(this.opts.size) };
  }

  /** Closes every client connection (not reported to onLost) and stops listening. */
  async close(): Promise<void> {
    this.closing = true;
    for (const c of this.clients) c.conn.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    // the callbacks run on later events, once `client` is assigned
    let client!: Client;
    const conn = new LineSocket(socket, (line) => this.handle(client, line), () => this.lost(client));
    client = { conn, rank: -1, pending: new Map(), finalized: false, aborted: false, held: null };
    this.clients.add(client);
  }

  private lost(client: Client): void {
    this.clients.delete(client);
    this.barrier.delete(client);
    if (!client.finalized && !client.aborted && !this.closing) this.opts.onLost?.(client.rank);
  }

  private reply(client: Client, cmd: string, fields: Record<string, string | number> = {}): void {
    client.conn.write(formatLine(cmd, fields));
  }

  private handle(client: Client, line: string): void {
    // an abort jumps the queue (the request ahead of it may never be answered)
    if (client.held !== null && !line.startsWith("cmd=abort")) {
      client.held.push(line);
      return;
    }
    let msg: PmiMessage;
    try {
      msg = parseLine(line);
    } catch {
      this.reply(client, "error", { rc: -1, msg: "malformed_line" });
      client.conn.destroy();
      return;
    }
    const f = msg.fields;
    switch (msg.cmd) {
      case "initack":
        return this.initack(client, f.get("pmiid"));
      case "init":
        if (f.get("pmi_version") !== "1") {
          return this.reply(client, "response_to_init", { pmi_version: 1, pmi_subversion: 1, rc: -1, msg: `unsupported_pmi_version_${toWireSafe(f.get("pmi_version") ?? "none")}` });
        }
        return this.reply(client, "response_to_init", { pmi_version: 1, pmi_subversion: 1, rc: 0 });
      case "get_maxes":
        return this.reply(client, "maxes", { kvsname_max: DEFAULT_MAXES.kvsnameMax, keylen_max: DEFAULT_MAXES.keylenMax, vallen_max: DEFAULT_MAXES.vallenMax });
      case "get_my_kvsname":
        return this.reply(client, "my_kvsname", { kvsname: this.kvsname });
      case "get_universe_size":
        return this.reply(client, "universe_size", { size: this.opts.universeSize ?? this.opts.size });
      case "get_appnum":
        return this.reply(client, "appnum", { appnum: this.opts.appnum ?? 0 });
      case "put":
        return this.put(client, f);
      case "get":
        return this.get(client, f);
      case "barrier_in":
        return this.barrierIn(client);
      case "publish_name":
      case "lookup_name":
      case "unpublish_name":
        return this.opts.names ? this.forwardName(client, this.opts.names, msg.cmd, f) : this.nameService(client, msg.cmd, f);
      case "finalize":
        client.finalized = true;
        return this.reply(client, "finalize_ack");
      case "abort": {
        client.aborted = true;
        const code = Number(f.get("exitcode") ?? "1");
        const message = f.get("message") ?? "";
        if (this.opts.onAbort) this.opts.onAbort(client.rank, Number.isInteger(code) ? code : 1, message);
        else process.stderr.write(`PMI: rank ${client.rank} aborted the job with exit code ${code}: ${message}\n`);
        return;
      }
      default:
        return this.reply(client, "error", { rc: -1, msg: `unknown_command_${toWireSafe(msg.cmd)}` });
    }
  }

  /** The name service (MPI_Publish_name ...), answered as Hydra's: rc=0, or rc=1 with why. */
  private nameService(client: Client, cmd: "publish_name" | "lookup_name" | "unpublish_name", f: Map<string, string>): void {
    const service = f.get("service");
    const result = cmd.replace("_name", "_result");
    if (service === undefined) return this.reply(client, result, { info: "ok", rc: 1, msg: "no_service_given" });
    const known = this.names.get(service);
    if (cmd === "lookup_name")
      return this.reply(client, result, known === undefined ? { info: "ok", rc: 1, msg: "service_not_found" } : { info: "ok", port: known, rc: 0 });
    if (cmd === "publish_name") {
      const port = f.get("port");
      if (known !== undefined || port === undefined) return this.reply(client, result, { info: "ok", rc: 1, msg: "key_already_present" });
      this.names.set(service, port);
    } else {
      if (known === undefined) return this.reply(client, result, { info: "ok", rc: 1, msg: "service_not_found" });
      this.names.delete(service);
    }
    this.reply(client, result, { info: "ok", rc: 0, msg: "success" });
  }

  /**
   * A name request answered by opts.names, as Hydra answers those it sends to its name server;
   * the client's next lines wait for it. PMI unpublishes by name alone: the name goes whatever
   * port it has (names.unpublish wants it: it is looked up first).
   */
  private forwardName(client: Client, names: NameService, cmd: "publish_name" | "lookup_name" | "unpublish_name", f: Map<string, string>): void {
    const service = f.get("service");
    const port = f.get("port");
    const result = cmd.replace("_name", "_result");
    if (service === undefined || (cmd === "publish_name" && port === undefined))
      return this.reply(client, result, { info: "ok", rc: 1, msg: service === undefined ? "no_service_given" : "key_already_present" });
    const asked = PmiServer.askNames(names, cmd, service, port ?? "");
    client.held = [];
    void asked
      // (cut: a C client reads lines of 1024 bytes at most)
      .catch((e: unknown) => ({ rc: -1, msg: toWireSafe(e instanceof Error ? e.message : String(e)).slice(0, 400) }))
      .then((answer) => {
        const held = client.held ?? [];
        client.held = null;
        if (!this.clients.has(client)) return;
        this.reply(client, result, { info: "ok", ...answer });
        for (const line of held) this.handle(client, line);
      });
  }

  /** The fields of Hydra's answer to a name request, from `names`. */
  private static async askNames(names: NameService, cmd: "publish_name" | "lookup_name" | "unpublish_name", service: string, port: string): Promise<Record<string, string | number>> {
    if (cmd === "lookup_name") {
      const found = await names.lookup(service);
      return found === undefined ? { rc: 1, msg: "service_not_found" } : { port: found, rc: 0 };
    }
    if (cmd === "publish_name") return (await names.publish(service, port)) ? { rc: 0, msg: "success" } : { rc: 1, msg: "key_already_present" };
    const found = await names.lookup(service);
    return found !== undefined && (await names.unpublish(service, found)) ? { rc: 0, msg: "success" } : { rc: 1, msg: "service_not_found" };
  }

  private initack(client: Client, pmiid: string | undefined): void {
    const id = Number(pmiid);
    if (pmiid === undefined || !/^\d+$/.test(pmiid) || id >= this.opts.size) {
      return this.reply(client, "initack", { rc: -1, msg: `pmiid_${toWireSafe(pmiid ?? "missing")}_not_in_0..${this.opts.size - 1}` });
    }
    for (const other of this.clients) {
      if (other !== client && other.rank === id) return this.reply(client, "initack", { rc: -1, msg: `pmiid_${id}_already_connected` });
    }
    client.rank = id;
    // MPICH's simple PMI reads exactly these three lines, in this order, after the initack.
    client.conn.write(formatLine("initack", { rc: 0 }) + formatLine("set", { size: this.opts.size }) + formatLine("set", { rank: id }) + formatLine("set", { debug: 0 }));
  }

  private put(client: Client, f: Map<string, string>): void {
    const error = this.checkKvs(f.get("kvsname")) ?? this.checkKey(f.get("key"));
    if (error) return this.reply(client, "put_result", { rc: -1, msg: error });
    const value = f.get("value") ?? "";
    if (value.length > DEFAULT_MAXES.vallenMax) return this.reply(client, "put_result", { rc: -1, msg: `value_longer_than_${DEFAULT_MAXES.vallenMax}` });
    client.pending.set(f.get("key")!, value);
    this.reply(client, "put_result", { rc: 0, msg: "success" });
  }

  private get(client: Client, f: Map<string, string>): void {
    const error = this.checkKvs(f.get("kvsname")) ?? this.checkKey(f.get("key"));
    if (error) return this.reply(client, "get_result", { rc: -1, msg: error });
    const key = f.get("key")!;
    const value = this.kvs.get(key);
    if (value === undefined) return this.reply(client, "get_result", { rc: -1, msg: `key_${key}_not_found`, value: "unknown" });
    this.reply(client, "get_result", { rc: 0, msg: "success", value });
  }

  private barrierIn(client: Client): void {
    this.barrier.add(client);
    if (this.barrier.size < this.opts.size) return;
    // Everyone is in: publish every put made before this barrier, then release all.
    for (const c of this.clients) {
      for (const [k, v] of c.pending) this.kvs.set(k, v);
      c.pending.clear();
    }
    for (const c of this.barrier) this.reply(c, "barrier_out");
    this.barrier.clear();
  }

  private checkKvs(name: string | undefined): string | null {
    return name === this.kvsname ? null : `unknown_kvsname_${toWireSafe(name ?? "missing")}`;
  }

  private checkKey(key: string | undefined): string | null {
    if (key === undefined || key === "") return "missing_key";
    return key.length > DEFAULT_MAXES.keylenMax ? `key_longer_than_${DEFAULT_MAXES.keylenMax}` : null;
  }
}
