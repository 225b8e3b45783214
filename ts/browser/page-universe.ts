/**
 * The universe of a page's job (launcher/universe.ts is wmpiexec's): the
 * ports its ranks open and the names they publish, and the way to other
 * jobs' ports. It lives in the job's net worker (net-worker.ts) and answers
 * the ranks' requests (universe-block.ts).
 *
 * A page cannot listen: its ports are the job's own (its ranks may connect
 * and accept among themselves), and it reaches a Node job (wmpiexec --net
 * ws) by connecting to that job's port, as another job would. Nor can it
 * spawn.
 */
import { answerName, localNames } from "../runtime/name-service.js";
import { formatPortName, jobHex, parsePortName } from "../runtime/port-name.js";
import { UNIVERSE_ERR as ERR, type Reply, type Request } from "../runtime/universe-protocol.js";
import type { VcTable } from "../runtime/vc-table.js";

type Answer = Omit<Reply, "type" | "id" | "net">;

/** What the universe needs of the net worker. */
export interface PageNetwork {
  /** Connects to the job behind a port (where it listens, its port token, its number); rejects with why not. */
  bridge(address: string, token: string, job: number): Promise<void>;
  /** Rank `rank` sends to other jobs from now on: route what its outbox holds. */
  addOutbox(rank: number): void;
  log(message: string): void;
}

export class PageUniverse {
  private readonly id: string;
  private readonly ports = new Map<string, { vc: number; id: number }>();
  private readonly names = localNames();
  private nextPort = 0;

  constructor(
    private readonly table: VcTable,
    private readonly network: PageNetwork,
  ) {
    this.id = jobHex(table.job);
  }

  async answer(rank: number, m: Request): Promise<Answer> {
    switch (m.op) {
      case "open-port": {
        const id = this.nextPort++;
        const name = formatPortName({ job: this.id, vc: m.vc, id });
        this.ports.set(name, { vc: m.vc, id });
        return { errclass: 0, text: name };
      }
      case "close-port":
        if (this.ports.get(m.name)?.vc !== m.vc) return { errclass: ERR.PORT };
        this.ports.delete(m.name);
        return { errclass: 0 };
      case "port-vc": {
        const p = this.ports.get(m.name) ?? (await this.otherJobPort(m.name));
        return p ? { errclass: 0, vc: p.vc, portId: p.id } : { errclass: ERR.PORT };
      }
      case "net":
        this.network.addOutbox(rank);
        return { errclass: 0 };
      case "name":
        return answerName(this.names, m.action, m.service, m.port);
      case "spawn":
        return { errclass: ERR.UNSUPPORTED_OPERATION, text: "a page cannot start ranks: its job's size is the np it was started with" };
    }
  }

  /** A port of another job: connects to it, and gives its rank a vc here; undefined if it cannot (the log says why). */
  private async otherJobPort(name: string): Promise<{ vc: number; id: number } | undefined> {
    const p = parsePortName(name);
    if (!p || p.job === this.id || p.reach === undefined) return undefined;
    const job = Number.parseInt(p.job, 16);
    try {
      await this.network.bridge(p.reach.address, p.reach.token, job);
    } catch (e) {
      this.network.log(`cannot connect to ${p.reach.address}: ${e instanceof Error ? e.message : e}`);
      return undefined;
    }
    const vc = this.table.vcOf(job, p.vc);
    return vc === undefined ? undefined : { vc, id: p.id };
  }
}
