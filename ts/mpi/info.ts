import { core } from "./environment.js";
import { HANDLE4 } from "./constants.js";

/**
 * MPI_Info: string keys and values (MPI-4.0 section 9.4), as mpi4py's Info: hints for
 * communicators, windows, files and spawns (wmpi acts on "wdir", "path" and "host" at Spawn
 * and keeps the others, which Get_info gives back). Free what you create.
 *
 * Errors are thrown as {@link Exception} through MPI.COMM_SELF's error handler; every method
 * raises ERR_INFO on a freed info or MPI.INFO_NULL.
 */
export class Info {
  /** @internal */
  constructor(
    /** the MPI handle the core knows this info by (MPICH's integer value; MPI.INFO_NULL's once freed) */
    public handle: number,
  ) {}

  /**
   * MPI_Info_create, optionally filled (MPI_Info_set) from an object or from [key, value] pairs.
   * @param items the initial keys and values
   * @throws {@link Exception} ERR_INFO_KEY: a key of 0 or more than 254 characters.
   * @example
   * ```ts
   * const info = MPI.Info.Create({ wdir: "/tmp", path: "/opt/bin" });
   * ```
   */
  static Create(items?: Record<string, string> | Iterable<[string, string]>): Info {
    const info = new Info(core().infoCreate());
    if (items) for (const [k, v] of Symbol.iterator in items ? (items as Iterable<[string, string]>) : Object.entries(items)) info.Set(k, v);
    return info;
  }
  /**
   * MPI_Info_dup: a copy with the same keys and values.
   * @throws {@link Exception} ERR_INFO: freed or null.
   * @example
   * ```ts
   * const base = MPI.Info.Create({ a: "1" }), more = base.Dup();
   * more.Set("b", "2");
   * ```
   */
  Dup(): Info {
    return new Info(core().infoDup(this.handle));
  }
  /**
   * MPI_Info_free: the object then holds MPI.INFO_NULL.
   * @throws {@link Exception} ERR_INFO: already freed, MPI.INFO_NULL or MPI.INFO_ENV.
   * @example
   * ```ts
   * const info = MPI.Info.Create();
   * info.Free();
   * ```
   */
  Free(): void {
    core().infoFree(this.handle);
    this.handle = HANDLE4.INFO_NULL;
  }
  /**
   * MPI_Info_set: sets (or replaces) a key's value.
   * @param key 1 to 254 characters
   * @param value any string
   * @throws {@link Exception} ERR_INFO_KEY (a key of 0 or more than 254 characters), ERR_INFO.
   * @example
   * ```ts
   * const info = MPI.Info.Create();
   * info.Set("cb_nodes", "2");
   * ```
   */
  Set(key: string, value: string): void {
    core().infoSet(this.handle, key, String(value));
  }
  /**
   * MPI_Info_get_string: a key's value.
   * @param key the key
   * @returns the value, or undefined if the key is not set
   * @throws {@link Exception} ERR_INFO: freed or null.
   * @example
   * ```ts
   * const host = MPI.INFO_ENV.Get("host");
   * ```
   */
  Get(key: string): string | undefined {
    return core().infoGet(this.handle, key);
  }
  /**
   * MPI_Info_delete: removes a key.
   * @param key the key
   * @throws {@link Exception} ERR_INFO_NOKEY (the key is not set), ERR_INFO.
   * @example
   * ```ts
   * const info = MPI.Info.Create({ a: "1" });
   * info.Delete("a");
   * ```
   */
  Delete(key: string): void {
    core().infoDelete(this.handle, key);
  }
  /**
   * MPI_Info_get_nkeys: how many keys are set.
   * @throws {@link Exception} ERR_INFO: freed or null.
   * @example
   * ```ts
   * console.log(MPI.Info.Create({ a: "1", b: "2" }).Get_nkeys()); // 2
   * ```
   */
  Get_nkeys(): number {
    return core().infoNkeys(this.handle);
  }
  /**
   * MPI_Info_get_nthkey: the n-th key, in the order they were set.
   * @param n from 0 to Get_nkeys() - 1
   * @throws {@link Exception} ERR_ARG (no key number n), ERR_INFO.
   * @example
   * ```ts
   * const first = MPI.Info.Create({ a: "1" }).Get_nthkey(0); // "a"
   * ```
   */
  Get_nthkey(n: number): string {
    return core().infoNthkey(this.handle, n);
  }
  /**
   * The keys, in order (MPI_Info_get_nthkey for each): mpi4py's Info.keys().
   * @throws {@link Exception} ERR_INFO: freed or null.
   * @example
   * ```ts
   * for (const key of MPI.INFO_ENV.keys()) console.log(key, MPI.INFO_ENV.Get(key));
   * ```
   */
  keys(): string[] {
    return Array.from({ length: this.Get_nkeys() }, (_, i) => this.Get_nthkey(i));
  }
  /**
   * The [key, value] pairs, in order (MPI_Info_get_nthkey and MPI_Info_get_string): mpi4py's Info.items().
   * @throws {@link Exception} ERR_INFO: freed or null.
   * @example
   * ```ts
   * const hints = Object.fromEntries(comm.Get_info().items());
   * ```
   */
  items(): [string, string][] {
    return this.keys().map((k) => [k, this.Get(k) as string]);
  }
  /** MPI_Info_get_nkeys: {@link Info.Get_nkeys} as a property. */
  get size(): number {
    return this.Get_nkeys();
  }
  /**
   * Whether this is MPI.INFO_NULL, as MPI_Info_free leaves an info.
   * @example
   * ```ts
   * const info = MPI.Info.Create();
   * info.Free();
   * console.log(info.isNull()); // true
   * ```
   */
  isNull(): boolean {
    return this.handle === HANDLE4.INFO_NULL;
  }
}

export const INFO_NULL = new Info(HANDLE4.INFO_NULL);
export const INFO_ENV = new Info(HANDLE4.INFO_ENV);
