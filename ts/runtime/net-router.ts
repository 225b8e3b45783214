/**
 * The network thread's work (DESIGN.md 2.4): it owns this process's
 * connections to the other processes of the job and moves
 *   - packets from the local ranks' outboxes onto the connection to the
 *     destination's process, and arriving packets into the destination
 *     rank's receive ring (the same rings the shm channel writes);
 *   - rendezvous data: a local rank's rget of a remote rank's memory becomes
 *     a GET frame; the owner's network thread reads the bytes (once its
 *     sender has staged them, for a staged send) and sends DATA frames,
 *     which land at the requester's address, followed by an RGET_DONE
 *     packet in its ring;
 *   - one-sided operations (net-rma.ts): a local rank's put, get or cas on a
 *     remote rank's memory goes to that rank's process, which applies it and
 *     answers; the answer lands here, followed by an RMA_DONE packet.
 * Ranks never wait for the network thread, nor it for them: they meet only
 * in shared memory.
 *
 * Ranks of other jobs (met through ports, net-jobs.ts) have vcs here that
 * mean nothing there (aliases, vc-table.ts): what goes to one leaves with its
 * vc in its own job, on the connection to its process (dialed the first
 * time), and a packet from one arrives with its alias as the source.
 */
import type { Frame } from "../net/frame.js";
import type { FrameLink } from "../net/link.js";
import { parseDirectory, processOf, type JobDirectory } from "./net-jobs.js";
import { copyOut, RmaRelay } from "./net-rma.js";
import { OUTBOX_KIND, OutboxReader, type OutboxRecord } from "./outbox.js";
import { RING } from "./ring-layout.js";
import { MemoryView, openRing, writePacket, type PeerRing } from "./rings.js";
import type { VcTable } from "./vc-table.js";
import { RelayLink } from "./net-relay.js";

/** The packet types the channel makes itself (channel.h): an asynchronous rget landed; a peer is gone; a one-sided operation is done. */
const PKT_RGET_DONE = 3;
const PKT_VC_FAILED = 15;
const PKT_RMA_DONE = 16;
const NO_BYTES = new Uint8Array(0);
/** Rendezvous data goes in DATA frames of at most this many bytes. */
const DATA_CHUNK = 1 << 20;
/** Arrivals queued for a full ring beyond this pause the connection they come from. */
const QUEUE_PAUSE_BYTES = 8 << 20;
/** A connection with this much not yet written takes no more from the outboxes (they fill, and the ranks' sends wait). */
const LINK_FULL_BYTES = 16 << 20;

/** How long records for a rank of another job wait for that job's directory (from the process of this job that met it), or for a page of it to connect. */
const DIRECTORY_WAIT_MS = 10_000;

/** A local rank as the network thread sees it (a thread-mode rank gets its outbox when it first needs the network). */
export interface LocalRank {
  rank: number;
  memory: WebAssembly.Memory;
  outbox?: SharedArrayBuffer;
}

/** Why reading from a connection is paused: arrivals wait for full rings, or what we answer on it waits to be written. */
type HoldReason = "backlog" | "replies";

/** A packet the channel makes itself (channel.h): a header with no payload, from `srcVc`. */
function channelPacket(type: number, srcVc: number, fields: { flags?: number; rreq?: number; aux?: number } = {}): Uint8Array {
  const header = new Uint8Array(RING.HEADER_SIZE);
  const dv = new DataView(header.buffer);
  dv.setUint16(4, type, true);
  dv.setUint16(6, fields.flags ?? 0, true);
  dv.setInt32(8, srcVc, true);
  dv.setUint32(28, fields.rreq ?? 0, true);
  dv.setUint32(36, fields.aux ?? 0, true);
  return header;
}

/** Packets for a local rank whose ring had no room (or was not published yet). */
interface Backlog {
  items: { header: Uint8Array; payload: Uint8Array; from?: FrameLink }[];
  bytes: number;
}

export class NetRouter {
  private readonly views = new Map<number, MemoryView>();
  private readonly rings = new Map<number, PeerRing>();
  private readonly outboxes: OutboxReader[];
  private readonly backlog = new Map<number, Backlog>();
  /** Where each local rank publishes its ring: its group's start-up board and its slot there. */
  private readonly slots = new Map<number, { board: Int32Array; slot: number }>();
  private readonly bell: Int32Array;
  private retryScheduled = false;
  private closedRanks = 0;
  /** Called once every local rank has closed and what they sent is written out (the network thread says bye). */
  onAllClosed?: () => void;
  /** Outboxes of ranks that closed, waiting for the connections to write out what they sent. */
  private readonly closing: OutboxReader[] = [];
  /** link to each other process, by process id */
  links: (FrameLink | undefined)[] = [];
  procOf: number[] = [];
  /** Processes lost for good: what the ranks send them is dropped. */
  readonly gone = new Set<number>();
  /** When something last arrived from each process (performance.now()). */
  private readonly lastHeard = new Map<number, number>();
  /** Bytes waiting in backlogs that came from each connection. */
  private readonly queuedFrom = new Map<FrameLink, number>();
  /** Connections we stopped reading, and why. */
  private readonly held = new Map<FrameLink, Set<HoldReason>>();
  /** One-sided operations, both as origin and as target. */
  private readonly rma: RmaRelay;
  /** The processes of this job: links[0 .. ownProcs - 1]; connections to other jobs' processes come after. */
  ownProcs = 1;
  /** Other jobs this process can reach, by number. */
  private readonly jobs = new Map<number, JobDirectory>();
  /** Per connection to another job's process (by link index): that job's number. */
  private readonly foreignJob = new Map<number, number>();
  /** The connection to send on to each process of another job ("job:proc" → link index): the first made, so that what a rank sends stays in order. */
  private readonly sendIndex = new Map<string, number>();
  /** When records first waited for an unknown job's directory ("job N"), or for a page's connection ("job:proc"). */
  private readonly awaited = new Map<string, number>();
  /** An alias's vc in its own job, once routed. */
  private readonly wire: number[] = [];
  /** Per job learned from a connection to another job: that connection's index (the process there may relay to it, net-relay.ts). */
  private readonly via = new Map<number, number>();
  /** Connections that go through a third job's process, by "job:proc" of the other side. */
  private readonly relays = new Map<string, RelayLink>();
  /** Connections that said goodbye (their process's ranks are all done), and those this process passed frames on to or from. */
  private readonly byes = new Set<number>();
  private readonly relayedOn = new Set<number>();
  /** Jobs this process was asked to relay to and could not (said once). */
  private readonly unrelayable = new Set<number>();
  /** Whether this process can dial `address` (a page only ws:// and wss://); other processes are reached through a relay. */
  canDial: (address: string) => boolean = (address) => address !== "";
  /** Connects to process `proc` of another job (the network thread: handshake, directories, then addForeign). */
  dial?: (dir: JobDirectory, proc: number) => Promise<void>;
  /** Dials under way, by "job:proc": whoever needs the connection meanwhile waits for the same one. */
  private readonly dialing = new Map<string, Promise<void>>();
  /** fwd frames to pass on to a process this one is dialing, by "job:proc", in the order they came. */
  private readonly heldForDial = new Map<string, Extract<Frame, { type: "fwd" }>[]>();

  constructor(
    readonly proc: number,
    local: LocalRank[],
    board: SharedArrayBuffer,
    doorbell: SharedArrayBuffer,
    /** Reports a protocol violation by a peer (the link is closed). */
    private readonly fail: (message: string) => void,
    /** this process's vcs, and the ranks of other jobs among them */
    private readonly table?: VcTable,
  ) {
    this.outboxes = [];
    this.addLocal(local, board, 0);
    this.bell = new Int32Array(doorbell);
    this.rma = new RmaRelay(this.views, (rank, target, token, flags) =>
      this.deliver(rank, channelPacket(PKT_RMA_DONE, target, { aux: token, flags }), NO_BYTES, this.links[this.procOf[target]]),
    );
  }

  /** Ranks that now live in this process too (spawned here): their group's board has slot 1 + rank - base. */
  addLocal(local: LocalRank[], board: SharedArrayBuffer, base: number): void {
    const b = new Int32Array(board);
    for (const l of local) {
      this.views.set(l.rank, new MemoryView(l.memory));
      if (l.outbox) this.outboxes.push(new OutboxReader(l.outbox));
      this.slots.set(l.rank, { board: b, slot: 1 + l.rank - base });
    }
  }

  /** A local rank's outbox, made when it first needed the network (thread mode). */
  addOutbox(outbox: SharedArrayBuffer): void {
    this.outboxes.push(new OutboxReader(outbox));
  }

  /** Ranks base .. base + size - 1 of this process have exited: nothing is delivered to them any more. */
  dropLocal(base: number, size: number): void {
    for (let r = base; r < base + size; r++) {
      this.views.delete(r);
      this.rings.delete(r);
      this.slots.delete(r);
      this.backlog.delete(r);
    }
  }

  /** Learns how to reach another job's processes; true if it is new (the caller tells the rest of this job). */
  learnJob(dir: JobDirectory): boolean {
    if (this.jobs.has(dir.job) || dir.job === this.table?.job) return false;
    this.jobs.set(dir.job, dir);
    return true;
  }

  /**
   * Tells how to reach another job to the other processes of this job
   * (unless `toOwn` is false: they were told) and to every process of other
   * jobs this one is connected to: a job that learns ranks of a third from a
   * second (in an intercommunicator's exchange of names) can then reach them.
   * Only what is new is passed on, so it ends.
   */
  shareJob(dir: JobDirectory, toOwn = true): void {
    const frame = { type: "job", proc: this.proc, directory: JSON.stringify(dir) } as const;
    this.links.forEach((link, index) => {
      const foreign = this.foreignJob.get(index);
      if (foreign === undefined ? toOwn && index < this.ownProcs : foreign !== dir.job) link?.send(frame);
    });
  }

  /** The other jobs this process knows how to reach (a job met now is told them all). */
  knownJobs(): JobDirectory[] {
    return [...this.jobs.values()];
  }

  /** A connection to process `proc` of job `job` (after the handshake and the directories): its link index. */
  addForeign(link: FrameLink, job: number, proc: number): number {
    const index = Math.max(this.links.length, this.ownProcs);
    this.links[index] = link;
    this.foreignJob.set(index, job);
    const key = `${job}:${proc}`;
    const before = this.sendIndex.get(key);
    if (before === undefined || this.gone.has(before)) this.sendIndex.set(key, index);
    this.heard(index);
    return index;
  }

  /** True if what goes to process `proc` of job `job` has a connection to go on. */
  reaches(job: number, proc: number): boolean {
    const index = this.sendIndex.get(`${job}:${proc}`);
    return index !== undefined && !this.gone.has(index);
  }

  /**
   * The link index to send to alias vc on (and its vc there, in `wire`), or
   * undefined while that is not known yet: the records wait. A rank of a job
   * that cannot be reached gets a link index that is gone, and every local
   * rank a VC_FAILED for it.
   */
  private routeAlias(alias: number): number | undefined {
    const name = this.table?.aliasName(alias);
    if (name === undefined) return undefined; // a rank spawned in another process of this job, not announced yet
    const [job, vc] = name;
    const dir = this.jobs.get(job);
    let index: number | undefined;
    if (dir === undefined) {
      // the process of this job that met it passes its directory on: wait for it, a while
      if (this.stillWaiting(`job ${job}`)) return undefined;
      index = this.deadEnd(`job ${job.toString(16)} (of rank ${alias}) is one this process was never told how to reach`);
    } else {
      const proc = processOf(dir, vc);
      const key = `${job}:${proc}`;
      index = this.sendIndex.get(key);
      if (index === undefined && proc === undefined) index = this.deadEnd(`job ${job.toString(16)} has no rank ${vc}`);
      else if (index === undefined && !this.canDial(dir.addresses[proc!])) {
        // a page (browser/net-worker.ts): nobody can dial it. It dials every process of a job it
        // meets; others reach it through the process of a third job that told them of it (and a
        // page reaches a process it cannot dial, one not on WebSocket, that way too)
        const through = this.via.get(job);
        const viaLink = through === undefined ? undefined : this.links[through];
        if (viaLink !== undefined && !(viaLink instanceof RelayLink)) index = this.relay({ job, proc: proc! }, viaLink);
        else if (this.stillWaiting(key)) return undefined;
        else index = this.deadEnd(`process ${proc} of job ${job.toString(16)} (a page) never connected to this process`);
      } else if (index === undefined) {
        if (!this.dialing.has(key) && this.dial)
          this.connect(dir, proc!).catch((e: unknown) => {
            if (!this.sendIndex.has(key)) this.sendIndex.set(key, this.deadEnd(`cannot reach process ${proc} of job ${job.toString(16)} at ${dir.addresses[proc!]}: ${e instanceof Error ? e.message : e}`));
          });
        return undefined;
      }
    }
    this.procOf[alias] = index;
    this.wire[alias] = vc;
    if (this.gone.has(index)) for (const local of this.views.keys()) this.deliver(local, channelPacket(PKT_VC_FAILED, alias), NO_BYTES);
    return index;
  }

  /**
   * The connection to process `other.proc` of job `other.job` through the
   * process at the end of `via` (made the first time, net-relay.ts): its link index.
   */
  private relay(other: { job: number; proc: number }, via: FrameLink): number {
    const key = `${other.job}:${other.proc}`;
    const known = this.relays.get(key);
    if (known !== undefined) return this.sendIndex.get(key)!;
    const link = new RelayLink(via, { job: this.table?.job ?? 0, proc: this.proc }, other);
    this.relays.set(key, link);
    const index = this.addForeign(link, other.job, other.proc);
    link.onFrame((f) => (f.type === "bye" ? this.sawBye(index) : this.receive(f, link, index)));
    link.onClose((err) => {
      this.relays.delete(key);
      this.links[index] = undefined;
      this.lose(index);
      // (closed here, without an error: this process is shutting down)
      if (!this.byes.has(index) && err) this.fail(`lost process ${other.proc} of job ${other.job.toString(16)} (${err.message}); operations with its ranks fail`);
    });
    return index;
  }

  /** A fwd frame: for a process here (read it as from its source), or to pass on to its destination. */
  private forwarded(f: Extract<Frame, { type: "fwd" }>, link: FrameLink, from: number): void {
    if (f.dstJob === (this.table?.job ?? 0)) {
      if (f.dstProc !== this.proc) return this.violation(link, from, `a relayed frame for process ${f.dstProc}, not this one`);
      if (f.srcJob === f.dstJob) return this.violation(link, from, "a relayed frame from this job itself");
      const key = `${f.srcJob}:${f.srcProc}`;
      if (!this.relays.has(key)) this.relay({ job: f.srcJob, proc: f.srcProc }, link);
      this.relays.get(key)!.deliver(f.body);
      return;
    }
    const index = this.sendIndex.get(`${f.dstJob}:${f.dstProc}`);
    const to = index === undefined ? undefined : this.links[index];
    if (to !== undefined && !(to instanceof RelayLink)) {
      this.relayedOn.add(from).add(index!);
      return to.send(f);
    }
    if (this.holdForDial(f)) return void this.relayedOn.add(from);
    if (this.unrelayable.has(f.dstJob)) return;
    this.unrelayable.add(f.dstJob);
    this.fail(`cannot pass on frames for process ${f.dstProc} of job ${f.dstJob.toString(16)}: no connection to it here`);
  }

  /** The process at the end of connection `index` said goodbye: its closing is no news. */
  sawBye(index: number): void {
    this.byes.add(index);
  }

  saidBye(index: number): boolean {
    return this.byes.has(index);
  }

  /** True while a process this one passed frames for is connected and has not said goodbye. */
  get relayPending(): boolean {
    for (const i of this.relayedOn) if (this.links[i] !== undefined && !this.byes.has(i)) return true;
    return false;
  }

  /** Dials process `proc` of job `dir.job` (once: a second caller meanwhile gets the same dial). */
  private connect(dir: JobDirectory, proc: number): Promise<void> {
    const key = `${dir.job}:${proc}`;
    let dialed = this.dialing.get(key);
    if (dialed === undefined) {
      dialed = this.dial!(dir, proc).finally(() => this.dialing.delete(key));
      this.dialing.set(key, dialed);
    }
    return dialed;
  }

  /**
   * A fwd frame for a process this one has no connection to: dialed now if
   * it can be (its job's directory is known and its address dialable), the
   * frame and those after it held until then; true if so.
   */
  private holdForDial(f: Extract<Frame, { type: "fwd" }>): boolean {
    const key = `${f.dstJob}:${f.dstProc}`;
    const dir = this.jobs.get(f.dstJob);
    if (dir === undefined || this.dial === undefined || !this.canDial(dir.addresses[f.dstProc] ?? "")) return false;
    let held = this.heldForDial.get(key);
    if (held === undefined) {
      held = [];
      this.heldForDial.set(key, held);
      const over = (why?: string) => {
        const frames = this.heldForDial.get(key) ?? [];
        this.heldForDial.delete(key);
        const index = this.sendIndex.get(key);
        const to = index === undefined ? undefined : this.links[index];
        if (why !== undefined || to === undefined || to instanceof RelayLink)
          return this.fail(`cannot pass on frames for process ${f.dstProc} of job ${f.dstJob.toString(16)}: ${why ?? "no connection to it"}`);
        this.relayedOn.add(index!);
        for (const g of frames) to.send(g);
      };
      this.connect(dir, f.dstProc).then(() => over(), (e: unknown) => over(e instanceof Error ? e.message : String(e)));
    }
    held.push({ ...f, body: f.body.slice() }); // (the decoder's views are not kept)
    return true;
  }

  /** True until `what` (a job's directory, a page's connection) has been awaited DIRECTORY_WAIT_MS. */
  private stillWaiting(what: string): boolean {
    const since = this.awaited.get(what) ?? performance.now();
    this.awaited.set(what, since);
    return performance.now() - since < DIRECTORY_WAIT_MS;
  }

  /** A link index that is gone from the start: what is routed to it is dropped. */
  private deadEnd(why: string): number {
    const index = Math.max(this.links.length, this.ownProcs);
    this.links[index] = undefined;
    this.gone.add(index);
    this.fail(why);
    return index;
  }

  /** Ranks base .. base + size - 1 live in process `proc` (it said so with a ranks frame). */
  addRemote(base: number, size: number, proc: number): void {
    for (let r = base; r < base + size; r++) this.procOf[r] = proc;
  }

  /** One-sided operations sent and not yet answered. */
  get rmaWaiting(): number {
    return this.rma.waiting;
  }

  /** True if any outbox holds a record. */
  get pending(): boolean {
    return this.outboxes.some((o) => o.ready);
  }

  /** Moves every waiting outbox record onto its connection; returns how many. */
  drain(): number {
    let n = 0;
    for (const o of this.outboxes) n += o.drain((r) => this.forward(r, o));
    if (this.closing.length > 0 && this.links.every((l) => l === undefined || l.bufferedAmount === 0)) {
      // the last rank to close may exit as soon as it is told: say bye first
      if (this.closedRanks === this.outboxes.length) this.onAllClosed?.();
      for (const reader of this.closing) reader.markFlushed();
      this.closing.length = 0;
    }
    return n;
  }


  /**
   * Moves outbox records onto the connections until `stopped`: after traffic
   * it polls for `spinMs`, yielding a turn (`turn`) to the connections
   * between drains; records waiting for a backed-up connection are retried
   * each millisecond; otherwise it sleeps on the doorbell.
   */
  async pump(spinMs: number, stopped: () => boolean, turn: () => Promise<void>): Promise<void> {
    let busy = performance.now();
    while (!stopped()) {
      const moved = this.drain();
      if (moved > 0) busy = performance.now();
      if (performance.now() - busy < spinMs || moved > 0) await turn();
      else if (this.pending) await new Promise((r) => setTimeout(r, 1));
      else await this.sleep(20);
    }
  }

  /** Sleeps until a rank rings the doorbell (or `ms` pass), unless a record already waits. */
  async sleep(ms: number): Promise<void> {
    const v = Atomics.load(this.bell, 1);
    Atomics.add(this.bell, 0, 1);
    try {
      if (this.pending) return;
      const r = Atomics.waitAsync(this.bell, 1, v, ms);
      if (r.async) await r.value;
    } finally {
      Atomics.sub(this.bell, 0, 1);
    }
  }

  /** Sends one outbox record on its way; false to leave it while its connection is backed up. */
  private forward(r: OutboxRecord, from: OutboxReader): boolean {
    if (r.kind === OUTBOX_KIND.CLOSE) {
      this.closedRanks++;
      this.closing.push(from); // flushed once every connection has written what it holds
      return true;
    }
    // a rank spawned in another process, whose ranks frame is still on its way, or a rank of another
    // job not routed yet: the record waits for it
    if (this.procOf[r.dst] === undefined && this.routeAlias(r.dst) === undefined) return false;
    const link = this.linkTo(r.dst);
    if (link === undefined) return true; // its process is gone: dropped (the rank learns it from VC_FAILED)
    if (link.bufferedAmount > LINK_FULL_BYTES) return false;
    const dst = this.wire[r.dst] ?? r.dst;
    if (r.kind === OUTBOX_KIND.PKT) {
      // copies: the outbox space is reused as soon as this drain returns
      link.send({ type: "pkt", dst, header: r.body.slice(0, RING.HEADER_SIZE), payload: r.body.slice(RING.HEADER_SIZE) });
    } else if (r.kind === OUTBOX_KIND.GET) {
      const dv = new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
      const f = (i: number) => dv.getUint32(4 * i, true);
      link.send({ type: "get", dst, remote: f(0), len: f(1), local: f(2), rreq: f(3), counter: f(4), before: f(5), src: f(6) });
    } else if (r.kind === OUTBOX_KIND.RMA_PUT || r.kind === OUTBOX_KIND.RMA_GET || r.kind === OUTBOX_KIND.RMA_CAS) {
      link.send(this.rma.request(r, this.procOf[r.dst], dst));
    } else {
      throw new Error(`wmpi network thread: unknown outbox record kind ${r.kind}`);
    }
    return true;
  }

  private linkTo(rank: number): FrameLink | undefined {
    const p = this.procOf[rank];
    const link = p === undefined ? undefined : this.links[p];
    if (link === undefined && !this.gone.has(p)) this.fail(`no connection to rank ${rank} (process ${p ?? "unknown"})`);
    return link;
  }

  /**
   * Process `proc` is gone for good: every local rank learns that each of its
   * ranks has failed (a VC_FAILED packet), and fails what needed them.
   */
  lose(proc: number): void {
    if (this.gone.has(proc)) return;
    this.gone.add(proc);
    this.links[proc] = undefined;
    this.rma.lose(proc);
    for (let r = 0; r < this.procOf.length; r++) {
      if (this.procOf[r] !== proc) continue;
      const header = channelPacket(PKT_VC_FAILED, r);
      for (const local of this.views.keys()) this.deliver(local, header, NO_BYTES);
    }
  }

  /** Notes that process `from` is alive (anything arrived from it). */
  heard(from: number): void {
    this.lastHeard.set(from, performance.now());
  }

  /**
   * Pings every connection each `everyMs`, and gives up on a process that
   * has sent nothing for `deadMs` (a host that stopped answering sends no
   * reset): it is lost as if its connection had closed.
   */
  startHeartbeat(everyMs: number, deadMs: number, lost: (proc: number, message: string) => void): void {
    for (let p = 0; p < this.links.length; p++) if (this.links[p]) this.heard(p);
    const timer = setInterval(() => {
      const now = performance.now();
      this.links.forEach((link, p) => {
        if (link === undefined) return;
        link.send({ type: "ping" });
        if (this.held.has(link)) return this.heard(p); // we stopped reading it: its silence says nothing
        const silent = now - (this.lastHeard.get(p) ?? now);
        if (silent <= deadMs) return;
        this.lose(p);
        link.close();
        lost(p, `process ${p} has not answered for ${(silent / 1000).toFixed(1)} s`);
      });
    }, everyMs);
    (timer as { unref?: () => void }).unref?.(); // (Node: the heartbeat alone keeps no process alive; a page's timers are numbers)
  }

  /** Handles a frame that arrived on the connection from process `from` (after its handshake). */
  receive(f: Frame, link: FrameLink, from: number): void {
    this.heard(from);
    switch (f.type) {
      case "ping":
        break;
      case "pkt": {
        if (!this.isLocal(f.dst, link, from)) return;
        const job = this.foreignJob.get(from);
        const header = job === undefined ? f.header : this.fromJob(job, f.header);
        if (header === undefined) return this.violation(link, from, `a packet from a rank of job ${job!.toString(16)}, and no vcs are left here for its ranks`);
        this.deliver(f.dst, header, f.payload, link);
        break;
      }
      case "get":
        if (!this.isLocal(f.dst, link, from)) return;
        void this.serveGet(f, link, from);
        break;
      case "data":
        if (!this.isLocal(f.dst, link, from)) return;
        if (!this.land(f.dst, f.local, f.bytes)) return this.violation(link, from, `${f.bytes.length} bytes for 0x${f.local.toString(16)}, outside rank ${f.dst}'s memory`);
        if (f.last) this.rgetDone(f.dst, f.rreq, link);
        break;
      case "rma_put":
      case "rma_get":
      case "rma_cas":
        if (!this.isLocal(f.dst, link, from)) return;
        for (const reply of this.rma.serve(f, from)) link.send(reply);
        this.holdWhileBacked(link, from);
        break;
      case "rma_reply": {
        const wrong = this.rma.reply(f, from);
        if (wrong !== undefined) this.violation(link, from, wrong);
        break;
      }
      case "ranks":
        if (f.size > 1 << 16 || f.base + f.size > 2 ** 31 || from >= this.ownProcs) return this.violation(link, from, `ranks ${f.base}..+${f.size}: not a group of ranks of this job`);
        this.addRemote(f.base, f.size, from);
        break;
      case "job": {
        // how to reach a job: from another process of this job that met it, or from another job that knows it
        let dir: JobDirectory;
        try {
          dir = parseDirectory(f.directory);
        } catch (e) {
          return this.violation(link, from, e instanceof Error ? e.message : String(e));
        }
        if (!this.learnJob(dir)) break;
        // a process of another job that knows it may relay to it, should it not be dialable
        if (from >= this.ownProcs && !(link instanceof RelayLink)) this.via.set(dir.job, from);
        this.shareJob(dir, from >= this.ownProcs);
        break;
      }
      case "fwd":
        this.forwarded(f, link, from);
        break;
      default:
        this.violation(link, from, `unexpected ${f.type} frame`);
    }
  }

  /** A packet header from a rank of another job, with its alias here as the source; undefined if no vcs are left. */
  private fromJob(job: number, header: Uint8Array): Uint8Array | undefined {
    const src = new DataView(header.buffer, header.byteOffset, header.byteLength).getInt32(8, true);
    const alias = this.table?.vcOf(job, src);
    if (alias === undefined) return undefined;
    const copy = new Uint8Array(header); // (a copy: slice() of a Buffer is a view)
    new DataView(copy.buffer).setInt32(8, alias, true);
    return copy;
  }

  private isLocal(rank: number, link: FrameLink, from: number): boolean {
    if (this.views.has(rank)) return true;
    this.violation(link, from, `a frame for rank ${rank}, which does not live in process ${this.proc}`);
    return false;
  }

  private violation(link: FrameLink, from: number, what: string): void {
    link.close();
    this.fail(`process ${from} (${link.peer}) broke the protocol: ${what}; connection closed`);
  }

  /** Puts a packet into a local rank's ring, or queues it until there is room. */
  private deliver(rank: number, header: Uint8Array, payload: Uint8Array, from?: FrameLink): void {
    const q = this.backlog.get(rank);
    if (q === undefined && this.tryWrite(rank, header, payload)) return;
    const b = q ?? { items: [], bytes: 0 };
    this.backlog.set(rank, b);
    // the decoder may hand out views of its input: keep copies
    const bytes = payload.length + header.length;
    b.items.push({ header: header.slice(), payload: payload.slice(), from });
    b.bytes += bytes;
    if (from) {
      const queued = (this.queuedFrom.get(from) ?? 0) + bytes;
      this.queuedFrom.set(from, queued);
      if (queued > QUEUE_PAUSE_BYTES) this.hold(from, "backlog", true);
    }
    this.scheduleRetry();
  }

  private tryWrite(rank: number, header: Uint8Array, payload: Uint8Array): boolean {
    let ring = this.rings.get(rank);
    if (ring === undefined) {
      const { board, slot } = this.slots.get(rank)!;
      const addr = Atomics.load(board, slot) >>> 0;
      if (addr === 0) return false; // the rank has not opened its ring yet
      ring = openRing(this.views.get(rank)!, addr);
      this.rings.set(rank, ring);
    }
    return writePacket(ring, header, payload);
  }

  private scheduleRetry(): void {
    if (this.retryScheduled) return;
    this.retryScheduled = true;
    setTimeout(() => {
      this.retryScheduled = false;
      this.retryBacklog();
    }, 0);
  }

  private retryBacklog(): void {
    for (const [rank, b] of this.backlog) {
      while (b.items.length > 0 && this.tryWrite(rank, b.items[0].header, b.items[0].payload)) {
        const it = b.items.shift()!;
        const bytes = it.payload.length + it.header.length;
        b.bytes -= bytes;
        if (it.from) this.dequeued(it.from, bytes);
      }
      if (b.items.length === 0) this.backlog.delete(rank);
    }
    if (this.backlog.size > 0) this.scheduleRetry();
  }

  /** Bytes from `link` left the backlog: read from it again once little of it waits. */
  private dequeued(link: FrameLink, bytes: number): void {
    const queued = (this.queuedFrom.get(link) ?? 0) - bytes;
    this.queuedFrom.set(link, queued);
    if (queued <= QUEUE_PAUSE_BYTES / 2) this.hold(link, "backlog", false);
  }

  /** Stops reading `link` while any reason holds (the first pauses it, the last one gone resumes it). */
  private hold(link: FrameLink, reason: HoldReason, on: boolean): void {
    let reasons = this.held.get(link);
    if (on) {
      if (reasons === undefined) {
        reasons = new Set();
        this.held.set(link, reasons);
        link.pause();
      }
      reasons.add(reason);
    } else if (reasons?.delete(reason) && reasons.size === 0) {
      this.held.delete(link);
      link.resume(); // may deliver held frames at once, and hold again
    }
  }

  /**
   * Reads no more one-sided requests from process `from` while our answers
   * to it are backed up (a get's bytes are read when it arrives, so reading
   * on would pile them up here); its process then holds them in its outboxes.
   */
  private holdWhileBacked(link: FrameLink, from: number): void {
    if (link.bufferedAmount <= LINK_FULL_BYTES || this.held.get(link)?.has("replies")) return;
    this.hold(link, "replies", true);
    const timer = setInterval(() => {
      if (link.bufferedAmount > LINK_FULL_BYTES / 2 && this.links[from] === link) return;
      clearInterval(timer);
      this.hold(link, "replies", false);
    }, 1);
  }

  /** Reads the bytes a remote rank asked for (waiting for a staged sender) and sends them back. */
  private async serveGet(f: Extract<Frame, { type: "get" }>, link: FrameLink, from: number): Promise<void> {
    const view = this.views.get(f.dst)!;
    view.cover(f.remote, f.len);
    if (f.remote + f.len > view.u8.length) return this.violation(link, from, `a read of ${f.len} bytes at 0x${f.remote.toString(16)}, outside rank ${f.dst}'s memory`);
    let done = 0;
    do {
      let avail = f.len;
      if (f.counter !== 0) avail = await this.staged(view, f.counter, f.before, done, f.len, from);
      if (avail < 0) return; // the requester's process is gone
      // take no more of the rank's memory than the connection can carry soon
      while (link.bufferedAmount > LINK_FULL_BYTES && !this.gone.has(from)) await new Promise((r) => setTimeout(r, 1));
      if (this.gone.has(from)) return;
      const end = Math.min(avail, done + DATA_CHUNK);
      view.cover(f.remote, f.len);
      // a copy: the rank may reuse its buffer once the receiver has it all
      const bytes = copyOut(view.u8, f.remote + done, end - done);
      link.send({ type: "data", dst: f.src, local: f.local + done, rreq: f.rreq, last: end === f.len, bytes });
      done = end;
    } while (done < f.len);
  }

  /**
   * Bytes of a staged send available beyond `done` (at most len), waiting for
   * its sender to stage more; -1 once the requesting process `from` is gone.
   */
  private async staged(view: MemoryView, counter: number, before: number, done: number, len: number, from: number): Promise<number> {
    view.cover(counter, 4);
    for (;;) {
      const count = Atomics.load(view.i32, counter >> 2) >>> 0;
      const avail = Math.min(Math.max(count - before, 0), len);
      if (avail > done) return avail;
      if (this.gone.has(from)) return -1;
      const r = Atomics.waitAsync(view.i32, counter >> 2, count | 0, 5);
      if (r.async) await r.value;
    }
  }

  /** Writes rendezvous bytes that arrived into a local rank's memory; false if they would fall outside it. */
  private land(rank: number, local: number, bytes: Uint8Array): boolean {
    const view = this.views.get(rank)!;
    view.cover(local, bytes.length);
    if (local + bytes.length > view.u8.length) return false;
    view.u8.set(bytes, local);
    return true;
  }

  /** Tells a local rank that its rget has landed (after the data: the ring publishes in order). */
  private rgetDone(rank: number, rreq: number, from: FrameLink): void {
    // src_vc -1: the device looks only at rreq
    this.deliver(rank, channelPacket(PKT_RGET_DONE, -1, { rreq }), NO_BYTES, from);
  }
}
