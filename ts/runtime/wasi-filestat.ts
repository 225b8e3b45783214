/**
 * WASI's filestat as the spec lays it out, for the file systems wmpi gives C
 * code (host-dir.ts on Node, browser/file-client.ts in a page):
 * @bjorn3/browser_wasi_shim 0.4.2 writes the times at 38, 46 and 52, over the
 * size, so fstat() would report a wrong size.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";

export class Filestat extends wasi.Filestat {
  override write_bytes(view: DataView, ptr: number): void {
    view.setBigUint64(ptr, this.dev, true);
    view.setBigUint64(ptr + 8, this.ino, true);
    view.setUint8(ptr + 16, this.filetype);
    view.setBigUint64(ptr + 24, this.nlink, true);
    view.setBigUint64(ptr + 32, this.size, true);
    view.setBigUint64(ptr + 40, this.atim, true);
    view.setBigUint64(ptr + 48, this.mtim, true);
    view.setBigUint64(ptr + 56, this.ctim, true);
  }
}
