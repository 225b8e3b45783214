/**
 * What every directory wmpi gives C code has in common (host-dir.ts on
 * Node, browser/file-client.ts in a page): the name a preopened one is known
 * by (fd_prestat_get; absent for one the program opened itself) and its kind.
 */
import { Fd, wasi } from "@bjorn3/browser_wasi_shim";

export abstract class WasiDirectory extends Fd {
  constructor(private readonly guestName?: string) {
    super();
  }

  override fd_prestat_get() {
    if (this.guestName === undefined) return { ret: wasi.ERRNO_BADF, prestat: null };
    return { ret: wasi.ERRNO_SUCCESS, prestat: wasi.Prestat.dir(this.guestName) };
  }

  override fd_fdstat_get() {
    return { ret: wasi.ERRNO_SUCCESS, fdstat: new wasi.Fdstat(wasi.FILETYPE_DIRECTORY, 0) };
  }
}
