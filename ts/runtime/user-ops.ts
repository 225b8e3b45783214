/**
 * The JS functions of user-defined ops (MPI.Op.Create), by the id the core
 * knows them under: the host side of the op_call / op_release imports
 * (wasm/src/channel.h). Only numbers cross; the facade wraps the user's
 * function into a callback that views the two buffers.
 */
export type OpCallback = (inPtr: number, inoutPtr: number, count: number, datatype: number) => void;

export class UserOps {
  private readonly fns = new Map<number, OpCallback>();
  private nextId = 1;
  private thrown: { error: unknown } | undefined;

  /** Registers fn; the core calls it through op_call(id, ...) until op_release(id). */
  register(fn: OpCallback): number {
    const id = this.nextId;
    this.nextId = this.nextId === 0x7fffffff ? 1 : this.nextId + 1;
    this.fns.set(id, fn);
    return id;
  }

  /** Drops fn (also what op_release does). */
  unregister(id: number): void {
    this.fns.delete(id);
  }

  /** The first exception a function threw since the last call, which clears it. */
  takeThrown(): { error: unknown } | undefined {
    const t = this.thrown;
    this.thrown = undefined;
    return t;
  }

  /** The imports of module "wmpi" this table provides. */
  imports(): { op_call: (id: number, inPtr: number, inoutPtr: number, count: number, datatype: number) => number; op_release: (id: number) => void } {
    return {
      op_call: (id, inPtr, inoutPtr, count, datatype) => {
        const fn = this.fns.get(id);
        try {
          if (!fn) throw new Error(`wmpi: no JS function for op id ${id}`);
          fn(inPtr >>> 0, inoutPtr >>> 0, count, datatype);
          return 0;
        } catch (error) {
          this.thrown ??= { error };
          return 1;
        }
      },
      op_release: (id) => this.unregister(id),
    };
  }
}
