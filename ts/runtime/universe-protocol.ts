/** What a rank and the launcher's universe say to each other (universe-client.ts, launcher/universe.ts). */
import type { RankGroup } from "./job.js";

/** MPI error classes of the answers (mpi.h). */
export const UNIVERSE_ERR = { OTHER: 15, PORT: 38, SERVICE: 41, NAME: 33, SPAWN: 42, UNSUPPORTED_OPERATION: 44 } as const;

/** What a rank asks (the launcher answers each with a Reply of the same id). */
export type Request =
  /** reach: other jobs may connect to it (MPI_Open_port); otherwise this job's ranks only (a spawn's) */
  | { op: "open-port"; vc: number; reach: boolean }
  /** thread mode: this rank's channel to the network, which it first needs now (a rank of another job) */
  | { op: "net"; vc: number }
  | { op: "close-port"; vc: number; name: string }
  | { op: "port-vc"; name: string }
  | { op: "name"; action: "publish" | "lookup" | "unpublish"; service: string; port: string }
  | { op: "spawn"; vc: number; request: Uint8Array; port: string };

/** The launcher's answer: an MPI error class, and what the request asked for. */
export interface Reply {
  type: "reply";
  id: number;
  errclass: number;
  /** open-port, name lookup: the port; spawn failure: why */
  text?: string;
  /** port-vc: the vc and the port's number there */
  vc?: number;
  portId?: number;
  /** spawn: one error class per child */
  errcodes?: number[];
  /** net: the rank's outbox and its process's doorbell */
  net?: { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer };
}

/** A group of ranks that joined the universe. */
export interface GroupNotice {
  type: "group";
  group: RankGroup;
}

/** A group of ranks whose threads have all exited: its memories are to be let go. */
export interface GroupGone {
  type: "group-gone";
  base: number;
  size: number;
}

export type FromUniverse = Reply | GroupNotice | GroupGone;

/** MPI_Publish_name and friends: publish fails if the service is published; unpublish if it is not, or with another port. */
export interface NameService {
  publish(service: string, port: string): Promise<boolean>;
  lookup(service: string): Promise<string | undefined>;
  unpublish(service: string, port: string): Promise<boolean>;
}

/** A rank's synchronous line to the universe. */
export interface Universe {
  /** Handles what the launcher has sent so far (group announcements). */
  refresh(): void;
  /** Asks the launcher and waits for its answer. */
  call(request: Request): Reply;
}
