import { core } from "./environment.js";
import { HANDLE4 } from "./constants.js";

/** MPI_Info: string keys and values (MPI-4.0 section 9.4), as mpi4py's Info, also usable like a Map. */
export class Info {
  /** @internal */
  constructor(public handle: number) {}

  /** MPI_Info_create, optionally filled from an object or [key, value] pairs. */
  static Create(items?: Record<string, string> | Iterable<[string, string]>): Info {
    const info = new Info(core().infoCreate());
    if (items) for (const [k, v] of Symbol.iterator in items ? (items as Iterable<[string, string]>) : Object.entries(items)) info.Set(k, v);
    return info;
  }
  /** MPI_Info_dup. */
  Dup(): Info {
    return new Info(core().infoDup(this.handle));
  }
  /** MPI_Info_free: the object becomes MPI.INFO_NULL. */
  Free(): void {
    core().infoFree(this.handle);
    this.handle = HANDLE4.INFO_NULL;
  }
  /** MPI_Info_set. */
  Set(key: string, value: string): void {
    core().infoSet(this.handle, key, String(value));
  }
  /** MPI_Info_get_string: the value, or undefined. */
  Get(key: string): string | undefined {
    return core().infoGet(this.handle, key);
  }
  /** MPI_Info_delete (MPI.ERR_INFO_NOKEY if absent). */
  Delete(key: string): void {
    core().infoDelete(this.handle, key);
  }
  /** MPI_Info_get_nkeys. */
  Get_nkeys(): number {
    return core().infoNkeys(this.handle);
  }
  /** MPI_Info_get_nthkey. */
  Get_nthkey(n: number): string {
    return core().infoNthkey(this.handle, n);
  }
  keys(): string[] {
    return Array.from({ length: this.Get_nkeys() }, (_, i) => this.Get_nthkey(i));
  }
  items(): [string, string][] {
    return this.keys().map((k) => [k, this.Get(k) as string]);
  }
  get size(): number {
    return this.Get_nkeys();
  }
  isNull(): boolean {
    return this.handle === HANDLE4.INFO_NULL;
  }
}

export const INFO_NULL = new Info(HANDLE4.INFO_NULL);
export const INFO_ENV = new Info(HANDLE4.INFO_ENV);
