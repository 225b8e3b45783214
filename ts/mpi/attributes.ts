import { core } from "./environment.js";

/**
 * Attribute caching with JS values (MPI-4.0 section 7.7, as mpi4py's
 * Create_keyval/Set_attr/Get_attr). The core caches a number per attribute;
 * the value and the keyval's callbacks live here.
 */

/** copy_fn(oldcomm, keyval, value): the new communicator's value, or undefined to not copy it. `true`: copy by reference. */
export type CopyFn<C> = ((oldcomm: C, keyval: number, value: unknown) => unknown) | true;
/** delete_fn(comm, keyval, value): called when the attribute goes (delete, replace, free). */
export type DeleteFn<C> = (comm: C, keyval: number, value: unknown) => void;

interface Keyval {
  copy?: CopyFn<unknown>;
  del?: DeleteFn<unknown>;
}

const keyvals = new Map<number, Keyval>();
const values = new Map<number, unknown>();
/** keyvals with an attribute, per communicator handle */
const attached = new Map<number, Set<number>>();
let nextId = 1;

function isPredefined(keyval: number): boolean {
  return (keyval >>> 30) === 1;
}

export function createKeyval(copy?: CopyFn<unknown>, del?: DeleteFn<unknown>): number {
  const kv = core().commCreateKeyval();
  keyvals.set(kv, { copy, del });
  return kv;
}

export function freeKeyval(keyval: number): number {
  core().commFreeKeyval(keyval);
  return 0x24000000; // MPI_KEYVAL_INVALID
}

function stored(comm: number, keyval: number): number | undefined {
  const [flag, id] = core().commGetAttr(comm, keyval);
  return flag ? id : undefined;
}

function drop(owner: unknown, comm: number, keyval: number, id: number): void {
  const value = values.get(id);
  values.delete(id);
  attached.get(comm)?.delete(keyval);
  keyvals.get(keyval)?.del?.(owner, keyval, value);
}

export function getAttr(comm: number, keyval: number): unknown {
  const [flag, v] = core().commGetAttr(comm, keyval);
  if (!flag) return undefined;
  return isPredefined(keyval) ? v : values.get(v);
}

export function setAttr(owner: unknown, comm: number, keyval: number, value: unknown): void {
  // only a keyval set here is looked up first: a bad one is reported by MPI_Comm_set_attr
  const old = attached.get(comm)?.has(keyval) ? stored(comm, keyval) : undefined;
  const id = nextId++;
  core().commSetAttr(comm, keyval, id); // raises ERR_KEYVAL for a bad or predefined keyval
  values.set(id, value);
  if (old !== undefined) {
    const prev = values.get(old);
    values.delete(old);
    keyvals.get(keyval)?.del?.(owner, keyval, prev);
  }
  let set = attached.get(comm);
  if (!set) attached.set(comm, (set = new Set()));
  set.add(keyval);
}

export function deleteAttr(owner: unknown, comm: number, keyval: number): void {
  const id = attached.get(comm)?.has(keyval) ? stored(comm, keyval) : undefined;
  core().commDeleteAttr(comm, keyval); // raises for a bad keyval or one not set
  if (id !== undefined) drop(owner, comm, keyval, id);
}

/** Runs the copy callbacks of comm's attributes onto newcomm (Dup). */
export function copyAll(owner: unknown, comm: number, newOwner: unknown, newcomm: number): void {
  for (const kv of attached.get(comm) ?? []) {
    const fn = keyvals.get(kv)?.copy;
    if (!fn) continue;
    const value = getAttr(comm, kv);
    const copied = fn === true ? value : fn(owner, kv, value);
    if (copied !== undefined) setAttr(newOwner, newcomm, kv, copied);
  }
}

/** Deletes comm's attributes through their delete callbacks (Free). */
export function deleteAll(owner: unknown, comm: number): void {
  for (const kv of [...(attached.get(comm) ?? [])]) deleteAttr(owner, comm, kv);
  attached.delete(comm);
}
