import { STATUS_SIZE } from "../abi/core.js";
import { core } from "./environment.js";

/** A region of linear memory reused by calls that finish before they return; it only grows. */
class Region {
  ptr = 0;
  size = 0;
  constructor(private readonly limit: number) {}
  /** A pointer to at least n bytes, or 0 if n is over the limit (the caller then mallocs its own). */
  get(n: number): number {
    if (n > this.limit) return 0;
    if (n > this.size) {
      const c = core();
      if (this.ptr) c.free(this.ptr);
      this.size = Math.max(n, 2 * this.size, 256);
      this.ptr = c.malloc(this.size);
    }
    return this.ptr;
  }
}

/** Scratch memory for blocking calls: one status, arrays of handles and statuses, staging for small buffers. */
export const scratch = {
  statusRegion: new Region(Infinity),
  statusesRegion: new Region(Infinity),
  handlesRegion: new Region(Infinity),
  indicesRegion: new Region(Infinity),
  sendRegion: new Region(1 << 20),
  recvRegion: new Region(1 << 20),
  /** the buffers of blocking collectives (a JS op inside one must not communicate) */
  collSendRegion: new Region(1 << 16),
  collRecvRegion: new Region(1 << 16),
  /** One MPI_Status. */
  status(): number {
    return this.statusRegion.get(STATUS_SIZE);
  },
  /** n MPI_Status. */
  statuses(n: number): number {
    return this.statusesRegion.get(STATUS_SIZE * Math.max(n, 1));
  },
  /** n request handles. */
  handles(n: number): number {
    return this.handlesRegion.get(4 * Math.max(n, 1));
  },
  /** n ints. */
  indices(n: number): number {
    return this.indicesRegion.get(4 * Math.max(n, 1));
  },
};
