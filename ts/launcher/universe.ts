/**
 * The universe of one process's ranks (MPI-4.0 11.8-11.10): every group of
 * ranks spawned here, the ports its ranks open and (in a thread-mode job)
 * the names they publish. It lives in the main thread of wmpiexec (thread
 * mode) or of each process of a job of processes, and answers its ranks'
 * requests (runtime/universe-client.ts).
 *
 * vcs: the job started by wmpiexec is vcs 0..np-1; each spawn adds a group
 * at the next free vcs of this process's range (process p of a job of
 * processes: np + p * PROCESS_VCS ..), which it shares with the ranks of
 * other jobs met through ports (runtime/vc-table.ts). Spawned ranks are threads of the
 * spawning root's process. Before a spawn returns, every rank of this
 * process hears of the new group (its memories and start-up board), and in a
 * job of processes the network thread has told the other processes that
 * these vcs live here, so whichever rank the children later talk to can
 * answer.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { nodeCores } from "../runtime/host-node.js";
import { createBoard, createRankMemory, ownGroup, rankMemoryPages, type RankGroup } from "../runtime/job.js";
import { wmpiEnv } from "../runtime/singleton.js";
import { UNIVERSE_ERR as ERR, type NameService, type Reply, type Request } from "../runtime/universe-protocol.js";
import type { JobNetwork } from "../runtime/net-jobs.js";
import type { SpawnJobSpec } from "../runtime/process-job.js";
import { MAX_VCS, VcTable } from "../runtime/vc-table.js";
import { answerName, localNames } from "../runtime/name-service.js";
import { formatPortName, jobHex, parsePortName } from "../runtime/port-name.js";
import { ThreadNetwork } from "./thread-network.js";
import { startChildJob, WMPIEXEC, type ChildJob } from "./child-job.js";
import { compileCore } from "../runtime/wasm-file.js";
import { remoteNames } from "../net/name-client.js";
import type { RankData } from "../runtime/worker-main.js";
import type { LaunchOptions } from "./cli.js";
import { sampleWaits, type WatchedRank, type Waits } from "../runtime/deadlock.js";
import { parseSpawnRequest, type SpawnCommand } from "./spawn-request.js";
import { prepareProgram, type Runnable } from "./transpile.js";

/** The most ranks spawning may grow a thread-mode job to, when --universe-size does not say. */
export const MAX_THREAD_RANKS = 256;

/** Where a universe runs: wmpiexec in thread mode, or one process of a job of processes. */
export interface UniverseHost {
  /** the vcs this universe gives out (its job's number names its ports) */
  table: VcTable;
  /** how many ranks started here may run at once */
  limit: number;
  /** MPI_UNIVERSE_SIZE */
  size: number;
  /** this process's way to other jobs, given the groups of ranks running here (thread mode starts it now) */
  network(groups: RankGroup[]): Promise<JobNetwork>;
  /** the name service of the job (thread mode: this universe's own; a job of processes: its process manager's) */
  names: NameService;
  /** makes a new group's ranks reachable over the network (and, in a job of processes, gives each its network channel) */
  place?(group: RankGroup): Promise<Partial<RankData>[]>;
  /** a group's ranks have all exited */
  forget?(base: number, size: number): void;
  /** where children go unless info "wmpi_mode" says: threads of this process (default), or a job of processes */
  children?: "thread" | "process";
  /** a job under a process manager other than wmpiexec (Hydra): starts children as processes through it (PMI spawn) */
  spawnJob?(spec: SpawnJobSpec): Promise<void>;
  /** ends what the host holds (the thread-mode network) */
  close?(): Promise<void>;
  /** a job of processes: whether vc may be a rank of another process (the vcs the job's processes can give out) */
  remoteVc?(vc: number): boolean;
}

/** What the universe needs of the threads that run its ranks (threads.ts). */
export interface ThreadStarter {
  start(ranks: RankData[]): void;
  /** Ends the job with this failure. */
  fail(failure: string): void;
}

/** A rank to start: its program (and the module that runs it), argv, command number, and working directory (info "wdir"). */
interface NewRank {
  file: string;
  module: WebAssembly.Module;
  args: string[];
  appnum: number;
  cwd?: string;
}

interface Client {
  vc: number;
  port: MessagePort;
  bell: Int32Array;
}

export class Universe {
  /** This job's number in its ports, 8 hex digits (so a port of another job is not mistaken for one of ours). */
  readonly id: string;
  private readonly groups: RankGroup[] = [];
  private readonly clients: Client[] = [];
  private readonly ports = new Map<string, { vc: number; id: number }>();
  private readonly programs: Runnable[] = [];
  private readonly core: WebAssembly.Module;
  private nextPort = 0;
  /** Ranks started here (not joined) and running, and ranks a spawn under way has counted on: what the limit bounds. */
  private readonly started = new Set<number>();
  private reserved = 0;
  /** The vcs of the ranks in this process (their closed ports are closed, not another process's). */
  private readonly localVcs = new Set<number>();
  /** Children spawned as jobs of processes, under way. */
  private readonly childJobs = new Set<ChildJob>();
  /** Spawned groups whose root has not yet looked up its parents' port: its exit would leave them waiting. */
  private readonly unconnected = new Map<number, { group: RankGroup; port: string }>();
  /** Runs rank threads (threads.ts gives it once the first job runs). */
  threads: ThreadStarter = {
    start: () => {
      throw new Error("the universe has no threads yet");
    },
    fail: () => {},
  };

  constructor(private readonly opts: Pick<LaunchOptions, "env" | "args" | "universeSize">, private readonly host: UniverseHost, core?: WebAssembly.Module) {
    this.core = core ?? compileCore();
    this.id = jobHex(host.table.job);
  }

  /** The universe of a thread-mode job of np ranks. */
  static forThreads(opts: Pick<LaunchOptions, "env" | "args" | "universeSize" | "np" | "bind" | "net" | "nameserver">): Universe {
    const size = opts.universeSize ?? Math.max(opts.np, nodeCores());
    const table = VcTable.create(randomBytes(4).readUInt32LE() || 1, 0, MAX_VCS);
    // the network thread (to other jobs), once a port needs it
    let net: Promise<ThreadNetwork> | undefined;
    const universe: Universe = new Universe(opts, {
      table,
      limit: opts.universeSize ?? MAX_THREAD_RANKS,
      size,
      names: opts.nameserver ? remoteNames(opts.nameserver) : localNames(),
      network: (groups) =>
        (net ??= ThreadNetwork.start(groups, table, { ...wmpiEnv(process.env), ...opts.env }, opts.bind, opts.net === "ws", (why) => universe.threads.fail(why))),
      place: async (group) => ((await net)?.addGroup(group), []),
      forget: (base, size) => void net?.then((n) => n.dropGroup(base, size)),
      close: async () => (await net)?.close(),
    });
    return universe;
  }

  /** The ranks of the job wmpiexec starts (thread mode). */
  firstJob(file: string, np: number): Promise<RankData[]> {
    const module = file.endsWith(".wasm") ? compileCore(file) : this.core;
    return this.newGroup(Array.from({ length: np }, () => ({ file, module, args: this.opts.args, appnum: 0 })));
  }

  /** A rank that did not start here (a job of processes: the process's own ranks) joins this universe. */
  join(data: RankData): RankData {
    // its group's ranks in this process are local to the ranks spawned here too
    if (!this.groups.some((g) => g.base === (data.worldVc ?? 0))) this.groups.push(ownGroup(data));
    this.localVcs.add((data.worldVc ?? 0) + data.rank);
    return { ...data, ...this.link(data.rank + (data.worldVc ?? 0)), universeSize: this.host.size, vcTable: this.host.table.buffer };
  }

  /** The ranks running in this process, as the deadlock detector watches them. */
  liveRanks(): WatchedRank[] {
    const out: WatchedRank[] = [];
    for (const g of this.groups) {
      const board = new Int32Array(g.board);
      g.memories.forEach((memory, i) => {
        if (memory && this.localVcs.has(g.base + i)) out.push({ vc: g.base + i, memory, board, slot: 1 + i });
      });
    }
    return out;
  }

  /**
   * What the ranks running here wait for, as the deadlock detector judges
   * them: never all stuck ("busy") once other jobs may reach them (a port
   * they could connect to is open, or ranks of another job have met these),
   * since what those send cannot be seen from here.
   */
  waits(): Waits {
    const reachable = this.host.table.aliases > 0 || this.childJobs.size > 0 || [...this.ports.keys()].some((name) => parsePortName(name)?.reach !== undefined);
    return reachable ? "busy" : sampleWaits(this.liveRanks());
  }

  /** A rank's line to the universe. */
  private link(vc: number): Pick<RankData, "universe"> {
    const { port1, port2 } = new MessageChannel();
    const client = { vc, port: port1, bell: new Int32Array(new SharedArrayBuffer(4)) };
    this.clients.push(client);
    port1.on("message", (m: Request & { id: number }) => void this.answer(client, vc, m));
    port1.unref();
    return { universe: { port: port2, bell: client.bell.buffer as SharedArrayBuffer } };
  }

  /**
   * Ends what the universe holds: transpiled copies of spawned programs,
   * the thread-mode network. Children spawned as processes are part of the
   * job: it ends when they do (killed, if the job failed).
   */
  async close(failed = false): Promise<void> {
    for (const child of this.childJobs) if (failed) child.kill();
    await Promise.all([...this.childJobs].map((c) => c.exited));
    for (const p of this.programs.splice(0)) p.cleanup();
    await this.host.close?.();
  }

  /**
   * A rank started here has exited. Its group's memories are let go once all
   * its ranks have (the ranks running forget them), and no longer count
   * against the limit; a spawned group whose root never reached its parents
   * ends the job, which would otherwise wait in MPI_Comm_spawn for good.
   */
  exited(vc: number): void {
    const group = this.groups.find((g) => vc >= g.base && vc < g.base + g.size);
    if (group === undefined || !this.localVcs.delete(vc)) return;
    // its ports go with it: a connect to one fails at once instead of waiting for an accept that cannot come
    for (const [name, p] of this.ports) if (p.vc === vc) this.ports.delete(name);
    const client = this.clients.findIndex((c) => c.vc === vc);
    if (client >= 0) this.clients.splice(client, 1)[0].port.close();
    const waiting = this.unconnected.get(group.base);
    if (waiting !== undefined && vc === group.base) {
      this.threads.fail(`spawned rank ${vc} (rank 0 of ${group.size} started by MPI_Comm_spawn) exited without connecting to its parents (did it call MPI_Init?): they would wait in MPI_Comm_spawn for good`);
    }
    this.started.delete(vc);
    for (let r = group.base; r < group.base + group.size; r++) if (this.localVcs.has(r)) return;
    this.unconnected.delete(group.base);
    this.groups.splice(this.groups.indexOf(group), 1);
    this.host.forget?.(group.base, group.size);
    for (const c of this.clients) c.port.postMessage({ type: "group-gone", base: group.base, size: group.size });
  }

  /** A new group of ranks: its memories and board, told to every rank running here, and each rank's data. */
  private async newGroup(ranks: NewRank[], parentPort?: string): Promise<RankData[]> {
    const env = { ...wmpiEnv(process.env), ...this.opts.env };
    const pages = rankMemoryPages(env);
    const base = this.host.table.take(ranks.length);
    if (base === undefined) throw new Error(`this process has given out all the vcs its ranks may have (${ranks.length} more wanted)`);
    const group: RankGroup = { base, size: ranks.length, memories: ranks.map(() => createRankMemory(pages)), board: createBoard(ranks.length) };
    for (let r = group.base; r < group.base + group.size; r++) {
      this.localVcs.add(r);
      this.started.add(r);
    }
    if (parentPort !== undefined) this.unconnected.set(group.base, { group, port: parentPort });
    const placed = (await this.host.place?.(group)) ?? [];
    for (const c of this.clients) c.port.postMessage({ type: "group", group });
    const others = [...this.groups];
    this.groups.push(group);
    return ranks.map((r, rank): RankData => ({
      rank,
      size: ranks.length,
      worldVc: group.base,
      cores: nodeCores(),
      module: r.module,
      memories: group.memories,
      board: group.board,
      env,
      program: r.file,
      args: r.args,
      programEnv: this.opts.env,
      ...this.link(group.base + rank),
      groups: others,
      universeSize: this.host.size,
      appnum: r.appnum,
      parentPort,
      cwd: r.cwd,
      vcTable: this.host.table.buffer,
      ...placed[rank],
    }));
  }

  private async answer(client: Client, vc: number, m: Request & { id: number }): Promise<void> {
    let reply: Omit<Reply, "type" | "id">;
    try {
      reply = await this.handle(vc, m);
    } catch (e) {
      // (a bug, or the name service failing): the request fails with the reason; a name request as
      // MPICH's fails when its name server does (pmi_nameserv.c): MPI_ERR_NAME, unpublish MPI_ERR_SERVICE
      const errclass = m.op === "spawn" ? ERR.SPAWN : m.op !== "name" ? ERR.OTHER : m.action === "unpublish" ? ERR.SERVICE : ERR.NAME;
      reply = { errclass, text: e instanceof Error ? e.message : String(e) };
    }
    client.port.postMessage({ type: "reply", id: m.id, ...reply } satisfies Reply);
    Atomics.add(client.bell, 0, 1);
    Atomics.notify(client.bell, 0);
  }

  private async handle(vc: number, m: Request): Promise<Omit<Reply, "type" | "id">> {
    switch (m.op) {
      case "open-port": {
        // a port other jobs may connect to carries where this process listens for them, and the token they prove
        const net = m.reach ? await this.host.network(this.groups) : undefined;
        const id = this.nextPort++;
        const name = formatPortName({ job: this.id, vc: m.vc, id, ...(net && { reach: { token: net.portToken, address: net.address } }) });
        this.ports.set(name, { vc: m.vc, id });
        return { errclass: 0, text: name };
      }
      case "net": {
        const box = (await this.host.network(this.groups)).outbox?.();
        return box ? { errclass: 0, net: box } : { errclass: ERR.OTHER, text: "this process has no network for its ranks" };
      }
      case "close-port":
        if (this.ports.get(m.name)?.vc !== m.vc) return { errclass: ERR.PORT };
        this.ports.delete(m.name);
        return { errclass: 0 };
      case "port-vc": {
        const p = this.ports.get(m.name) ?? this.remotePort(m.name) ?? (await this.otherJobPort(m.name));
        if (p) for (const [base, w] of this.unconnected) if (w.port === m.name && vc === base) this.unconnected.delete(base);
        return p ? { errclass: 0, vc: p.vc, portId: p.id } : { errclass: ERR.PORT };
      }
      case "name":
        return answerName(this.host.names, m.action, m.service, m.port);
      case "spawn":
        return this.spawn(parseSpawnRequest(m.request), m.port);
    }
  }

  /** A port of this job opened in another process (whose universe alone knows whether it is open still). */
  private remotePort(name: string): { vc: number; id: number } | undefined {
    const p = parsePortName(name);
    if (!p || p.job !== this.id) return undefined;
    // a rank of this process: its port would be in this.ports, were it open
    return this.localVcs.has(p.vc) || !this.host.remoteVc?.(p.vc) ? undefined : { vc: p.vc, id: p.id };
  }

  /**
   * A port of another job: connects to it (proving the token the port
   * carries; the other job's processes learn this one's), and gives its rank
   * a vc here. Undefined if the port is not one, or cannot be reached.
   */
  private async otherJobPort(name: string): Promise<{ vc: number; id: number } | undefined> {
    const p = parsePortName(name);
    if (!p || p.job === this.id || p.reach === undefined) return undefined;
    const job = Number.parseInt(p.job, 16);
    try {
      await (await this.host.network(this.groups)).bridge(p.reach.address, p.reach.token, job);
    } catch {
      return undefined; // (the network thread said why in the log)
    }
    const vc = this.host.table.vcOf(job, p.vc);
    return vc === undefined ? undefined : { vc, id: p.id };
  }

  /** Starts the children of a spawn; all or none. */
  private async spawn(commands: SpawnCommand[], port: string): Promise<Omit<Reply, "type" | "id">> {
    const total = commands.reduce((n, c) => n + c.maxprocs, 0);
    const refuse = (text: string) => ({ errclass: ERR.SPAWN, text, errcodes: new Array<number>(total).fill(ERR.SPAWN) });
    const used = this.started.size + this.reserved;
    if (used + total > this.host.limit)
      return refuse(
        `starting ${total} more would make ${used + total} ranks here, more than the universe's ${this.host.limit}` +
          (this.opts.universeSize === undefined ? "" : " (--universe-size)"),
      );
    if (total > this.host.table.left) return refuse(`this process has given out all the vcs its spawned ranks may have (${this.host.table.left} left)`);
    // counted now: a spawn that starts meanwhile (below, the program is being prepared) sees them
    this.reserved += total;
    try {
      return await this.startCommands(commands, port, total, refuse);
    } finally {
      this.reserved -= total;
    }
  }

  private async startCommands(commands: SpawnCommand[], port: string, total: number, refuse: (text: string) => Omit<Reply, "type" | "id">): Promise<Omit<Reply, "type" | "id">> {
    const places = commands.map((c) => this.place(c));
    const failed = places.find((p) => "error" in p);
    if (failed && "error" in failed) return refuse(failed.error);
    const wanted = places.flatMap((p, i) => ("error" in p || commands[i].maxprocs === 0 ? [] : [{ where: p, c: commands[i] }]));
    if (wanted.some((w) => w.where.processes)) {
      // one MPI_COMM_WORLD: all threads or all processes
      if (!wanted.every((w) => w.where.processes)) return refuse(`info "wmpi_mode": the commands of one spawn are all threads or all processes`);
      return this.startChildJob(wanted.map((w) => ({ file: w.where.file, args: w.c.args, np: w.c.maxprocs })), wanted[0].where.wdir, port, total);
    }
    const ranks: NewRank[] = [];
    for (const [appnum, c] of commands.entries()) {
      const where = places[appnum] as { file: string; wdir?: string };
      if (c.maxprocs === 0) continue;
      const program = await prepareProgram(where.file).catch((e: unknown) => ({ error: e instanceof Error ? e.message.split("\n")[0] : String(e) }));
      if ("error" in program) return refuse(`cannot run ${where.file}: ${program.error}`);
      this.programs.push(program);
      const module = where.file.endsWith(".wasm") ? compileCore(where.file) : this.core;
      for (let i = 0; i < c.maxprocs; i++) ranks.push({ file: program.file, module, args: c.args, appnum, cwd: where.wdir });
    }
    this.threads.start(await this.newGroup(ranks, port));
    return { errclass: 0, errcodes: new Array<number>(total).fill(0) };
  }

  /**
   * Children as a job of processes (child-job.ts): they connect to the
   * parents' port over the network, as another job's ranks would. The spawn
   * fails the whole job if that job ends in failure, or ends without ever
   * having met the parents (who would wait in MPI_Comm_spawn for good).
   */
  private async startChildJob(apps: { file: string; args: string[]; np: number }[], wdir: string | undefined, port: string, total: number): Promise<Omit<Reply, "type" | "id">> {
    const net = await this.host.network(this.groups);
    const parentPort = `${port}:${net.portToken}:${net.address}`;
    if (this.host.spawnJob) {
      // under Hydra: its PMI spawn starts them (wmpiexec --pmi in each), as mpiexec would any MPI program
      const commands = apps.map((a) => ({ execname: process.execPath, args: [WMPIEXEC, "--pmi", a.file, ...a.args], nprocs: a.np }));
      await this.host.spawnJob({ commands, wdir, parentPort });
      return { errclass: 0, errcodes: new Array<number>(total).fill(0) };
    }
    const child = startChildJob({
      apps,
      cwd: wdir,
      parentPort,
      universeSize: this.opts.universeSize,
      env: this.opts.env,
    });
    this.childJobs.add(child);
    void child.exited.then((code) => {
      this.childJobs.delete(child);
      const what = `the job of ${total} process${total === 1 ? "" : "es"} spawned to run ${apps.map((a) => path.basename(a.file)).join(", ")}`;
      if (code !== 0) this.threads.fail(`${what} failed (exit code ${code})`);
      else if (!this.host.table.met(child.job)) this.threads.fail(`${what} exited without connecting to its parents (did it call MPI_Init?): they would wait in MPI_Comm_spawn for good`);
    });
    return { errclass: 0, errcodes: new Array<number>(total).fill(0) };
  }

  /**
   * The program file a command names, from its info keys (wdir, path, host,
   * file, wmpi_mode), and the working directory info "wdir" asks for; or why
   * it cannot run. processes: the children are to be a job of processes.
   */
  private place(c: SpawnCommand): { file: string; wdir?: string; processes?: boolean } | { error: string } {
    const info = new Map(c.info);
    const file = info.get("file");
    if (file !== undefined) {
      // MPI-4.0 11.8.4 "file": more info keys, one "key value" (or key=value) a line
      if (!existsSync(file)) return { error: `info "file": no such file ${file}` };
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const m = /^\s*([^\s=#]+)\s*[=\s]\s*(.*?)\s*$/.exec(line);
        if (m && !info.has(m[1])) info.set(m[1], m[2]);
      }
    }
    const host = info.get("host");
    if (host !== undefined && !["localhost", "127.0.0.1", os.hostname()].includes(host))
      return { error: `info "host": ${host} is not this host (spawned ranks are threads of the root's process)` };
    const mode = info.get("wmpi_mode") ?? this.host.children ?? "thread";
    if (mode !== "thread" && mode !== "process") return { error: `info "wmpi_mode": "${mode}" is neither "thread" nor "process"` };
    const wdir = path.resolve(info.get("wdir") ?? ".");
    if (info.has("wdir") && !statSync(wdir, { throwIfNoEntry: false })?.isDirectory()) return { error: `info "wdir": no such directory ${wdir}` };
    const dirs = path.isAbsolute(c.command) ? [""] : [wdir, ...(info.get("path")?.split(path.delimiter) ?? [])];
    for (const d of dirs) {
      const candidate = path.resolve(d, c.command);
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return { file: candidate, wdir: info.has("wdir") ? wdir : undefined, processes: mode === "process" };
    }
    return { error: `cannot spawn "${c.command}": no such program (looked in ${dirs.map((d) => d || "/").join(", ")})` };
  }
}
