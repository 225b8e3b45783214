/**
 * A rank's side of the launcher's universe (launcher/universe.ts): the
 * launcher spawns jobs, holds ports and published names, and tells every rank
 * of each new group of ranks. A rank asks synchronously (its C code is inside
 * an MPI call): it posts the request, sleeps until the launcher bumps the
 * bell, then takes the answer with receiveMessageOnPort, handling the group
 * announcements that came before it.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { RankGroup, UniverseLink } from "./job.js";
import type { FromUniverse, Reply, Request, Universe } from "./universe-protocol.js";

export class UniverseClient implements Universe {
  private readonly port: MessagePort;
  private readonly bell: Int32Array;
  private nextId = 1;

  constructor(
    link: UniverseLink,
    private readonly onGroup: (g: RankGroup) => void,
    private readonly onGone: (base: number, size: number) => void,
  ) {
    if (!("port" in link)) throw new Error("wmpi: a page's universe link reached a Node rank");
    this.bell = new Int32Array(link.bell);
    this.port = link.port as MessagePort;
  }

  /** Handles what the launcher has sent so far (group announcements). */
  refresh(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.handle(m.message as FromUniverse);
  }

  /** Asks the launcher and waits for its answer. */
  call(request: Request): Reply {
    const id = this.nextId++;
    this.port.postMessage({ ...request, id });
    for (;;) {
      const seen = Atomics.load(this.bell, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = this.handle(m.message as FromUniverse);
        if (reply?.id === id) return reply;
      }
      Atomics.wait(this.bell, 0, seen, 1000);
    }
  }

  private handle(m: FromUniverse): Reply | undefined {
    if (m.type === "group") this.onGroup(m.group);
    else if (m.type === "group-gone") this.onGone(m.base, m.size);
    return m.type === "reply" ? m : undefined;
  }
}
