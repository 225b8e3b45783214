import type { RankGroup, UniverseLink } from "./job.js";
import type { Universe } from "./universe-protocol.js";

/** What the core asks of its host besides the channel; one implementation per environment. */
export interface Host {
  /** Joins the launcher's universe (dynamic processes), where the environment has one; onGroup hears of each group that joins, onGone of each whose ranks have all exited. */
  joinUniverse?(link: UniverseLink, onGroup: (g: RankGroup) => void, onGone: (base: number, size: number) => void): Universe;
  /** MPI_Comm_join: sends `mine` over socket fd and returns what the other end sent (as long); throws why not. Absent: no sockets here. */
  swapOverFd?(fd: number, mine: Uint8Array): Uint8Array;
  /** Seconds since an epoch shared by the threads of one machine. */
  now(): number;
  hostname(): string;
  /** Ends the whole job; never returns. */
  abort(code: number, message: string): never;
  /** Where C-level output of the rank goes, a line at a time. */
  stdout(line: string): void;
  stderr(line: string): void;
}
