/**
 * What every open file wmpi gives C code has in common (host-dir.ts on
 * Node, browser/file-client.ts in a page): its own position, which fd_seek
 * and fd_tell move and tell (and non-positional reads and writes advance).
 */
import { Fd, wasi } from "@bjorn3/browser_wasi_shim";

export abstract class WasiFile extends Fd {
  protected position = 0;

  /** The file's size, for SEEK_END (undefined: it could not be found). */
  protected abstract end(): number | undefined;

  override fd_seek(offset: bigint, whence: number) {
    let base: number | undefined;
    if (whence === wasi.WHENCE_SET) base = 0;
    else if (whence === wasi.WHENCE_CUR) base = this.position;
    else if (whence === wasi.WHENCE_END) base = this.end();
    else return { ret: wasi.ERRNO_INVAL, offset: 0n };
    if (base === undefined) return { ret: wasi.ERRNO_IO, offset: 0n };
    const to = base + Number(offset);
    if (to < 0) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.position = to;
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(to) };
  }

  override fd_tell() {
    return { ret: wasi.ERRNO_SUCCESS, offset: BigInt(this.position) };
  }
}
