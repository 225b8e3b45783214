import { readSync, writeSync } from "node:fs";
import net from "node:net";
import { LineSocket } from "./line-socket.js";
import { decodeValue, encodeValue } from "./value-codec.js";
import { checkWireValue, formatLine, parseLine, toWireSafe, type PmiMessage } from "./wire.js";

/** How this process reaches its process manager, read from the environment. */
type Endpoint =
  | { kind: "fd"; fd: number }
  | { kind: "port"; host: string; port: number; id: number | null };

/** The key-value space limits the process manager announced in `cmd=maxes`. */
export interface PmiMaxes {
  kvsnameMax: number;
  keylenMax: number;
  /**
   * Longest value in bytes: the announced vallen_max, cut like MPICH does so a put line stays
   * within 1024 bytes (Hydra and Slurm: 674). {@link encodeValue} output is 4/3 of its input.
   */
  vallenMax: number;
}

/** What {@link PmiClient.init} learned; absent until then. */
interface Session {
  rank: number;
  size: number;
  kvsname: string;
  universeSize: number;
  appnum: number;
  maxes: PmiMaxes;
}

/**
 * A client of the PMI-1 simple wire protocol, spoken by MPICH's Hydra (`mpiexec.hydra`,
 * `mpiexec.mpich`), Slurm's `srun --mpi=pmi1`... and by {@link PmiServer}.
 *
 * The process manager hands the connection over in the environment: either `PMI_FD`, an
 * already connected socket inherited from it (Hydra's default), with `PMI_RANK`/`PMI_SIZE`;
 * or `PMI_PORT=host:port`, a TCP address to connect to, with `PMI_ID` (the rank, sent in a
 * `cmd=initack pmiid=` handshake whose answer gives size and rank) or else `PMI_RANK`/`PMI_SIZE`.
 * `PMI_DEBUG=1` prints every line exchanged to stderr.
 *
 * Requests are answered in order on one connection, so calls are queued and run one at a time;
 * only {@link abort} jumps the queue, since the request ahead of it may never be answered.
 */
export class PmiClient {
  private conn: LineSocket | null = null;
  private socket: net.Socket | null = null;
  private session: Session | null = null;
  private finalized = false;
  private closedError: Error | null = null;
  private readonly unread: string[] = [];
  private readonly waiters: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly debug: boolean;

  /** True if the process manager says this process was spawned (`PMI_SPAWNED`, MPI_Comm_spawn). */
  readonly spawned: boolean;

  private constructor(
    private readonly endpoint: Endpoint,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.debug = isTrue(env.PMI_DEBUG);
    this.spawned = isTrue(env.PMI_SPAWNED);
  }

  /**
   * The client for this process if `PMI_FD` or `PMI_PORT` is set in `env` (default
   * `process.env`), else null. `PMI_FD` wins if both are set, as in MPICH. Throws if a set
   * variable is malformed. Nothing is connected until {@link init}.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): PmiClient | null {
    if (env.PMI_FD !== undefined && env.PMI_FD !== "") {
      return new PmiClient({ kind: "fd", fd: parseIntVar("PMI_FD", env.PMI_FD, 0) }, env);
    }
    const port = env.PMI_PORT;
    if (port !== undefined && port !== "") {
      const colon = port.lastIndexOf(":");
      if (colon <= 0) throw new Error(`PMI: PMI_PORT=${JSON.stringify(port)} is not host:port`);
      const host = port.slice(0, colon).replace(/^\[(.*)\]$/, "$1"); // [::1]:port
      const portNum = parseIntVar("PMI_PORT's port", port.slice(colon + 1), 1);
      const id = env.PMI_ID !== undefined && env.PMI_ID !== "" ? parseIntVar("PMI_ID", env.PMI_ID, 0) : null;
      return new PmiClient({ kind: "port", host, port: portNum, id }, env);
    }
    return null;
  }

  /**
   * Connects and runs the start-up sequence: (`initack` in PMI_PORT mode with PMI_ID), `init`
   * (PMI version 1.1), `get_maxes`, `get_my_kvsname`, `get_universe_size`, `get_appnum`.
   * Rejects with an error naming the step that failed.
   */
  async init(): Promise<void> {
    if (this.conn || this.closedError) throw new Error("PMI: init() called twice (or after close())");
    await this.connect();
    let rank: number;
    let size: number;
    if (this.endpoint.kind === "port" && this.endpoint.id !== null) {
      ({ rank, size } = await this.initack(this.endpoint.id));
    } else {
      if (this.env.PMI_RANK === undefined || this.env.PMI_SIZE === undefined) {
        throw new Error("PMI: PMI_RANK and PMI_SIZE must be set when the process manager does not send them (PMI_FD, or PMI_PORT without PMI_ID)");
      }
      rank = parseIntVar("PMI_RANK", this.env.PMI_RANK, 0);
      size = parseIntVar("PMI_SIZE", this.env.PMI_SIZE, 1);
    }
    if (rank >= size) throw new Error(`PMI: rank ${rank} is not below size ${size}`);

    const init = await this.exchange("init", { pmi_version: 1, pmi_subversion: 1 }, "response_to_init");
    checkRc(init, "init");
    if (init.fields.get("pmi_version") !== "1") {
      throw new Error(`PMI: the process manager answered init with PMI version ${init.fields.get("pmi_version")}, not 1`);
    }
    const m = await this.exchange("get_maxes", {}, "maxes");
    const maxes = lineSafeMaxes({
      kvsnameMax: intField(m, "kvsname_max"),
      keylenMax: intField(m, "keylen_max"),
      vallenMax: intField(m, "vallen_max"),
    });
    const kvsname = stringField(await this.exchange("get_my_kvsname", {}, "my_kvsname"), "kvsname");
    const universeSize = intField(await this.exchange("get_universe_size", {}, "universe_size"), "size");
    const appnum = intField(await this.exchange("get_appnum", {}, "appnum"), "appnum");
    this.session = { rank, size, kvsname, universeSize, appnum, maxes };
  }

  /** This process's rank in the job (0-based). */
  get rank(): number {
    return this.ready().rank;
  }
  /** Number of processes in the job. */
  get size(): number {
    return this.ready().size;
  }
  /** Name of the job's key-value space. */
  get kvsname(): string {
    return this.ready().kvsname;
  }
  /** Universe size as the process manager reports it; -1 when it does not know (Hydra without -usize). */
  get universeSize(): number {
    return this.ready().universeSize;
  }
  /** Index of this process's executable in an MPMD command line (0 for the first). */
  get appnum(): number {
    return this.ready().appnum;
  }
  /** The key and value length limits: the process manager's, with the value limit cut as in {@link PmiMaxes}. */
  get maxes(): PmiMaxes {
    return { ...this.ready().maxes };
  }

  /**
   * Stores `key`=`value` in the job's key-value space. Both must be printable ASCII without
   * space, `=`, `\` or `;` and fit {@link maxes} (Hydra, Slurm: key 64, value 674 bytes): wrap
   * arbitrary text with {@link encodeValue}. Other processes may see it only after a
   * {@link barrier} that both took part in.
   */
  async put(key: string, value: string): Promise<void> {
    const s = this.active("put");
    checkWireValue(`key ${JSON.stringify(key)}`, key, s.maxes.keylenMax, false);
    checkWireValue(`value of key ${JSON.stringify(key)}`, value, s.maxes.vallenMax);
    const r = await this.exchange("put", { kvsname: s.kvsname, key, value }, "put_result");
    checkRc(r, `put of key ${JSON.stringify(key)}`);
  }

  /** barrier_in/barrier_out: after it, every put of every process before it is visible. */
  async barrier(): Promise<void> {
    this.active("barrier");
    const r = await this.exchange("barrier_in", {}, "barrier_out");
    checkRc(r, "barrier");
  }

  /** The value of `key`; rejects with an error naming the key if no process put it (before a barrier). */
  async get(key: string): Promise<string> {
    const s = this.active("get");
    checkWireValue(`key ${JSON.stringify(key)}`, key, s.maxes.keylenMax, false);
    const r = await this.exchange("get", { kvsname: s.kvsname, key }, "get_result");
    const rc = r.fields.get("rc");
    if (rc !== undefined && rc !== "0") {
      throw new Error(`PMI: get of key ${JSON.stringify(key)} in ${s.kvsname} failed: ${r.fields.get("msg") ?? "no message"} (rc=${rc}); was it put, and did both processes pass a barrier since?`);
    }
    const value = r.fields.get("value");
    if (value === undefined) throw new Error(`PMI: get of key ${JSON.stringify(key)}: the reply has no value field`);
    return value;
  }

  /**
   * The process manager's name service (MPI_Publish_name, as MPICH's PMI-1 speaks it:
   * `cmd=publish_name service= port=`): false if `service` is published already. Under Hydra
   * it needs a name server (`hydra_nameserver`, `mpiexec -nameserver HOST`).
   */
  async publishName(service: string, port: string): Promise<boolean> {
    this.active("publish_name");
    const r = await this.exchange("publish_name", { service: encodeValue(service), port: encodeValue(port) }, "publish_result");
    return nameAnswer(r, "publish_name", service);
  }

  /** The port published as `service`, or undefined (`cmd=lookup_name`). */
  async lookupName(service: string): Promise<string | undefined> {
    this.active("lookup_name");
    const r = await this.exchange("lookup_name", { service: encodeValue(service) }, "lookup_result");
    const port = r.fields.get("port");
    // Hydra with hydra_nameserver answers an unknown name rc=0 with an empty port
    return nameAnswer(r, "lookup_name", service) && port ? decodeValue(port) : undefined;
  }

  /** Withdraws `service`; false if it was not published (`cmd=unpublish_name`). */
  async unpublishName(service: string): Promise<boolean> {
    this.active("unpublish_name");
    const r = await this.exchange("unpublish_name", { service: encodeValue(service) }, "unpublish_result");
    return nameAnswer(r, "unpublish_name", service);
  }

  /**
   * PMI_Spawn_multiple as MPICH's PMI-1 client sends it: one `mcmd=spawn`
   * block per command (nprocs, execname, its args, info keys such as wdir and
   * path), each with the key-value pairs to put into the new job's space
   * first (`preput`); the process manager starts them as a job of its own
   * (PMI_SPAWNED=1) and answers `cmd=spawn_result rc=`. Rejects with the
   * reason when it refuses. Values are lines: they may hold spaces, not newlines.
   */
  async spawn(commands: { execname: string; args: string[]; nprocs: number; info: [string, string][] }[], preput: [string, string][]): Promise<void> {
    this.active("spawn");
    const line = (k: string, v: string | number) => {
      if (String(v).includes("\n")) throw new Error(`PMI: spawn: ${k} holds a newline, which the PMI-1 wire cannot carry`);
      return `${k}=${v}\n`;
    };
    let text = "";
    commands.forEach((c, i) => {
      text += `mcmd=spawn\n${line("nprocs", c.nprocs)}${line("execname", c.execname)}${line("totspawns", commands.length)}${line("spawnssofar", i + 1)}`;
      c.args.forEach((a, j) => (text += line(`arg${j + 1}`, a)));
      text += line("argcnt", c.args.length) + line("preput_num", preput.length);
      preput.forEach(([k, v], j) => (text += line(`preput_key_${j}`, k) + line(`preput_val_${j}`, v)));
      text += line("info_num", c.info.length);
      c.info.forEach(([k, v], j) => (text += line(`info_key_${j}`, k) + line(`info_val_${j}`, v)));
      text += "endcmd\n";
    });
    const r = await this.serialized(async () => {
      this.send(text);
      return parseLine(await this.readLine("cmd=spawn_result"));
    });
    if (r.cmd !== "spawn_result") throw new Error(`PMI: expected cmd=spawn_result in reply to mcmd=spawn, got cmd=${r.cmd}`);
    checkRc(r, "spawn");
  }

  /** Tells the process manager this process is done with PMI (`cmd=finalize`). The connection stays open until {@link close}. */
  async finalize(): Promise<void> {
    if (this.finalized) return; // finalizeNow() did
    this.active("finalize");
    await this.exchange("finalize", {}, "finalize_ack");
    this.finalized = true;
  }

  /**
   * Sends `cmd=finalize` and waits for its answer synchronously, on the
   * connection's file descriptor: for a process that may exit the next moment
   * (MPI_Finalize, then process.exit), which the process manager would
   * otherwise take for a crash. False if it could not (then call finalize()).
   */
  finalizeNow(): boolean {
    if (this.finalized) return true;
    const fd = this.endpoint.kind === "fd" ? this.endpoint.fd : (this.socket as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
    if (this.conn === null || typeof fd !== "number" || fd < 0) return false;
    const line = formatLine("finalize", {});
    this.trace("->", line);
    writeSync(fd, line);
    // wait for the answer too: a process manager writing it to a process that has gone fails the job
    const reply = readLineSync(fd, 5000);
    this.trace("<-", reply + "\n");
    if (reply !== undefined && parseLine(reply).cmd !== "finalize_ack") this.unread.push(reply);
    this.finalized = true;
    return true;
  }

  /**
   * Asks the process manager to end the job with exit code `code` (`cmd=abort exitcode=`);
   * resolves when the request is written. `message` is sent along with characters the wire
   * cannot carry replaced by `_` (Hydra ignores it); the caller prints it where users look.
   * Skips the queue: a request ahead of it (a barrier some process never reaches) may never end.
   */
  async abort(code: number, message: string): Promise<void> {
    if (!Number.isInteger(code)) throw new Error(`PMI: abort exit code ${code} is not an integer`);
    const conn = this.conn;
    if (!conn || this.closedError) throw new Error("PMI: abort() needs a connection to the process manager (call init() first; the client is not connected or already closed)");
    const limit = this.session?.maxes.vallenMax ?? 256;
    const wireMessage = toWireSafe(message).slice(0, limit) || "_";
    const line = formatLine("abort", { exitcode: code, message: wireMessage });
    this.trace("->", line);
    await new Promise<void>((resolve, reject) =>
      conn.write(line, (err) => (err ? reject(new Error(`PMI: could not send abort: ${err.message}`)) : resolve())),
    );
  }

  /** Closes the connection; pending requests reject. Safe to call more than once. */
  close(): void {
    this.fail(new Error("PMI: client closed"));
    this.conn?.destroy();
  }

  private ready(): Session {
    if (!this.session) throw new Error("PMI: the client is not initialized (call and await init() first)");
    return this.session;
  }

  private active(op: string): Session {
    const s = this.ready();
    if (this.finalized) throw new Error(`PMI: ${op}() called after finalize()`);
    return s;
  }

  private async connect(): Promise<void> {
    const ep = this.endpoint;
    let socket: net.Socket;
    if (ep.kind === "fd") {
      try {
        socket = new net.Socket({ fd: ep.fd, readable: true, writable: true });
      } catch (err) {
        throw new Error(`PMI: PMI_FD=${ep.fd} is not a usable socket: ${(err as Error).message}`);
      }
    } else {
      socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host: ep.host, port: ep.port });
        s.once("connect", () => resolve(s));
        s.once("error", (err) => reject(new Error(`PMI: cannot connect to the process manager at PMI_PORT=${ep.host}:${ep.port}: ${err.message}`)));
      });
      socket.setNoDelay(true);
    }
    this.socket = socket;
    this.conn = new LineSocket(socket, (line) => this.receive(line), (err) => {
      this.fail(new Error(`PMI: the connection to the process manager ${err ? `failed: ${err.message}` : "closed"}`));
    });
    socket.unref(); // idle PMI must not keep the process alive; exchange() refs it while waiting
  }

  /** PMI_PORT handshake: `cmd=initack pmiid=ID`, then `cmd=initack` and three `cmd=set` lines. */
  private async initack(id: number): Promise<{ rank: number; size: number }> {
    return this.serialized(async () => {
      this.send(formatLine("initack", { pmiid: id }));
      const ack = parseLine(await this.readLine("initack"));
      if (ack.cmd !== "initack") throw new Error(`PMI: expected cmd=initack in reply to cmd=initack pmiid=${id}, got cmd=${ack.cmd}`);
      checkRc(ack, `initack pmiid=${id}`);
      const set = new Map<string, string>();
      for (let i = 0; i < 3; i++) {
        const msg = parseLine(await this.readLine("cmd=set after initack"));
        if (msg.cmd !== "set") throw new Error(`PMI: expected cmd=set after initack, got cmd=${msg.cmd}`);
        for (const [k, v] of msg.fields) set.set(k, v);
      }
      const size = set.get("size");
      const rank = set.get("rank");
      if (size === undefined || rank === undefined) throw new Error("PMI: the initack handshake did not set both size and rank");
      return { rank: parseIntVar("rank from initack", rank, 0), size: parseIntVar("size from initack", size, 1) };
    });
  }

  /** Sends `cmd=name fields...` and waits for the reply, which must be `cmd=expect`. */
  private exchange(name: string, fields: Record<string, string | number>, expect: string): Promise<PmiMessage> {
    return this.serialized(async () => {
      this.send(formatLine(name, fields));
      const reply = parseLine(await this.readLine(`cmd=${expect}`));
      if (reply.cmd !== expect) {
        throw new Error(`PMI: expected cmd=${expect} in reply to cmd=${name}, got cmd=${reply.cmd}${reply.fields.has("msg") ? ` (${reply.fields.get("msg")})` : ""}`);
      }
      return reply;
    });
  }

  /** Runs `task` after every earlier request, keeping the socket referenced meanwhile. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.inFlight++ === 0) this.conn?.socket.ref();
      try {
        return await task();
      } finally {
        if (--this.inFlight === 0) this.conn?.socket.unref();
      }
    };
    const result = this.queue.then(run);
    this.queue = result.then(() => undefined, () => undefined);
    return result;
  }

  private send(line: string): void {
    if (this.closedError) throw this.closedError;
    this.trace("->", line);
    this.conn!.write(line);
  }

  private readLine(what: string): Promise<string> {
    const line = this.unread.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closedError) return Promise.reject(new Error(`${this.closedError.message} (while waiting for ${what})`));
    return new Promise((resolve, reject) =>
      this.waiters.push({ resolve, reject: (err) => reject(new Error(`${err.message} (while waiting for ${what})`)) }),
    );
  }

  private receive(line: string): void {
    this.trace("<-", line + "\n");
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(line);
    else this.unread.push(line);
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  private trace(dir: string, line: string): void {
    if (this.debug) process.stderr.write(`[pmi ${this.session?.rank ?? this.env.PMI_RANK ?? this.env.PMI_ID ?? "?"}] ${dir} ${line}`);
  }
}

/** Longest PMI-1 line MPICH's simple PMI and Slurm's PMI-1 server (mpi/pmi2 plugin) read. */
const PMIU_MAXLINE = 1024;

/**
 * MPICH's rule (simple PMI's PMI_Init): shrink the announced limits so that a whole
 * `cmd=put kvsname= key= value=` line fits in {@link PMIU_MAXLINE} bytes. Hydra and Slurm
 * announce 256/64/1024, which gives values of at most 674 bytes.
 */
function lineSafeMaxes(m: PmiMaxes): PmiMaxes {
  if (m.kvsnameMax + m.keylenMax + m.vallenMax + 30 <= PMIU_MAXLINE) return m;
  const keylenMax = Math.min(m.keylenMax, 256);
  return { kvsnameMax: m.kvsnameMax, keylenMax, vallenMax: Math.max(0, PMIU_MAXLINE - m.kvsnameMax - keylenMax - 30) };
}

/** Throws unless `rc` is absent or 0 (Hydra adds rc to most replies; 0 means success). */
function checkRc(msg: PmiMessage, what: string): void {
  const rc = msg.fields.get("rc");
  if (rc !== undefined && rc !== "0") throw new Error(`PMI: ${what} failed: ${msg.fields.get("msg") ?? "no message"} (rc=${rc})`);
}

function stringField(msg: PmiMessage, key: string): string {
  const v = msg.fields.get(key);
  if (v === undefined || v === "") throw new Error(`PMI: reply cmd=${msg.cmd} lacks ${key}`);
  return v;
}

function intField(msg: PmiMessage, key: string): number {
  const v = stringField(msg, key);
  if (!/^-?\d+$/.test(v)) throw new Error(`PMI: reply cmd=${msg.cmd} has ${key}=${v}, not an integer`);
  return Number(v);
}

function parseIntVar(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new Error(`PMI: ${name}=${JSON.stringify(text)} is not an integer >= ${min}`);
  return Number(text);
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v !== "" && v !== "0";
}

/**
 * Reads one line from a (non-blocking) socket descriptor, blocking this
 * thread: at most `ms` milliseconds; undefined if none came.
 */
function readLineSync(fd: number, ms: number): string | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const buf = Buffer.alloc(1);
  let line = "";
  const until = performance.now() + ms;
  while (performance.now() < until) {
    let n = 0;
    try {
      n = readSync(fd, buf, 0, 1, null); // a byte at a time: never read past the line
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") return undefined;
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    if (n === 0) return undefined;
    if (buf[0] === 10) return line;
    line += String.fromCharCode(buf[0]!);
  }
  return undefined;
}

/**
 * A name request's answer: rc=0 yes, rc=1 no (Hydra: key_already_present, service_not_found).
 * Any other rc is a failure of the name service itself (wmpiexec's PMI server: its name server
 * is unreachable), thrown with the process manager's message.
 */
function nameAnswer(r: PmiMessage, cmd: string, service: string): boolean {
  const rc = r.fields.get("rc");
  if (rc === "0" || rc === "1") return rc === "0";
  throw new Error(`PMI: ${cmd} of ${JSON.stringify(service)} failed: ${r.fields.get("msg") ?? "no message"} (rc=${rc ?? "missing"})`);
}
