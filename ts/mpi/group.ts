import { core } from "./environment.js";
import { HANDLE4 } from "./constants.js";

/**
 * MPI_Group: an ordered set of processes (MPI-4.0 section 7.3), as mpi4py's Group: what a
 * communicator is made of (Comm.Get_group) and what Intracomm.Create takes. A group is local: its
 * operations communicate with no one. Free groups when done.
 *
 * Errors are thrown as {@link Exception} through MPI.COMM_SELF's error handler; every method raises
 * ERR_GROUP on a freed group or MPI.GROUP_NULL.
 */
export class Group {
  /** @internal */
  constructor(
    /** the MPI handle the core knows this group by (MPICH's integer value; MPI.GROUP_NULL's once freed) */
    public handle: number,
  ) {}

  /**
   * MPI_Group_size: how many processes.
   * @throws {@link Exception} ERR_GROUP: freed or null.
   * @example
   * ```ts
   * const n = comm.Get_group().Get_size(); // size
   * ```
   */
  Get_size(): number {
    return core().groupSize(this.handle);
  }
  /** MPI_Group_size: {@link Group.Get_size} as a property. */
  get size(): number {
    return this.Get_size();
  }
  /**
   * MPI_Group_rank: this process's rank in the group, or MPI.UNDEFINED if it is not a member.
   * @throws {@link Exception} ERR_GROUP: freed or null.
   * @example
   * ```ts
   * const evens = comm.Get_group().Range_incl([[0, size - 1, 2]]);
   * const inEvens = evens.Get_rank() !== MPI.UNDEFINED;
   * ```
   */
  Get_rank(): number {
    return core().groupRank(this.handle);
  }
  /** MPI_Group_rank: {@link Group.Get_rank} as a property. */
  get rank(): number {
    return this.Get_rank();
  }
  /**
   * MPI_Group_translate_ranks: the ranks in group2 of processes given by their ranks in this group.
   * @param ranks1 ranks in this group (undefined: all of them)
   * @param group2 the other group
   * @returns one rank per entry of ranks1, MPI.UNDEFINED for a process not in group2
   * @throws {@link Exception} ERR_RANK (a rank not in this group), ERR_GROUP.
   * @example
   * ```ts
   * const world = comm.Get_group(), odds = world.Range_incl([[1, size - 1, 2]]);
   * const inWorld = odds.Translate_ranks(undefined, world); // [1, 3, ...]
   * ```
   */
  Translate_ranks(ranks1: number[] | undefined, group2: Group): number[] {
    const ranks = ranks1 ?? Array.from({ length: this.size }, (_, i) => i);
    return core().groupTranslateRanks(this.handle, ranks, group2.handle);
  }
  /**
   * MPI_Group_compare: MPI.IDENT (same members, same order), MPI.SIMILAR (same members) or MPI.UNEQUAL.
   * @param group2 the other group
   * @throws {@link Exception} ERR_GROUP: either group freed or null.
   * @example
   * ```ts
   * const g = comm.Get_group();
   * console.log(g.Compare(g.Incl([...Array(size).keys()].reverse())) === MPI.SIMILAR || size === 1);
   * ```
   */
  Compare(group2: Group): number {
    return core().groupCompare(this.handle, group2.handle);
  }
  /**
   * MPI_Group_union: group1's members, then group2's that are not in group1.
   * @param group1 the first group
   * @param group2 the second group
   * @throws {@link Exception} ERR_GROUP: either group freed or null.
   * @example
   * ```ts
   * const g = comm.Get_group();
   * const ends = MPI.Group.Union(g.Incl([0]), g.Incl([size - 1]));
   * ```
   */
  static Union(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(0, group1.handle, group2.handle));
  }
  /**
   * MPI_Group_intersection: group1's members that are in group2, in group1's order.
   * @param group1 the first group
   * @param group2 the second group
   * @throws {@link Exception} ERR_GROUP: either group freed or null.
   * @example
   * ```ts
   * const world = comm.Get_group();
   * const both = MPI.Group.Intersection(world, MPI.COMM_SELF.Get_group()); // just me
   * ```
   */
  static Intersection(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(1, group1.handle, group2.handle));
  }
  /**
   * MPI_Group_difference: group1's members that are not in group2.
   * @param group1 the first group
   * @param group2 the second group
   * @throws {@link Exception} ERR_GROUP: either group freed or null.
   * @example
   * ```ts
   * const others = MPI.Group.Difference(comm.Get_group(), MPI.COMM_SELF.Get_group());
   * ```
   */
  static Difference(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(2, group1.handle, group2.handle));
  }
  /**
   * MPI_Group_incl: the members at ranks, in that order.
   * @param ranks distinct ranks of this group
   * @throws {@link Exception} ERR_RANK (a rank not in the group), ERR_ARG (more ranks than members), ERR_GROUP.
   * @example
   * ```ts
   * const root = comm.Get_group().Incl([0]);
   * ```
   */
  Incl(ranks: number[]): Group {
    return new Group(core().groupIncl(this.handle, false, false, ranks));
  }
  /**
   * MPI_Group_excl: the members not at ranks, in their order.
   * @param ranks distinct ranks of this group
   * @throws {@link Exception} ERR_RANK (a rank not in the group), ERR_ARG, ERR_GROUP.
   * @example
   * ```ts
   * const workers = comm.Get_group().Excl([0]);
   * ```
   */
  Excl(ranks: number[]): Group {
    return new Group(core().groupIncl(this.handle, true, false, ranks));
  }
  /**
   * MPI_Group_range_incl: the members of ranges of ranks, in order.
   * @param ranges [first, last, stride] triples (last included)
   * @throws {@link Exception} ERR_RANK (a range outside the group), ERR_ARG (a zero stride), ERR_GROUP.
   * @example
   * ```ts
   * const evens = comm.Get_group().Range_incl([[0, size - 1, 2]]);
   * ```
   */
  Range_incl(ranges: [number, number, number][]): Group {
    return new Group(core().groupIncl(this.handle, false, true, ranges.flat()));
  }
  /**
   * MPI_Group_range_excl: the members not in ranges of ranks.
   * @param ranges [first, last, stride] triples (last included)
   * @throws {@link Exception} ERR_RANK (a range outside the group), ERR_ARG (a zero stride), ERR_GROUP.
   * @example
   * ```ts
   * const odds = comm.Get_group().Range_excl([[0, size - 1, 2]]);
   * ```
   */
  Range_excl(ranges: [number, number, number][]): Group {
    return new Group(core().groupIncl(this.handle, true, true, ranges.flat()));
  }
  /**
   * A new group with the same members (mpi4py's Group.Dup; MPI has no MPI_Group_dup: this is
   * MPI_Group_union with the empty group). Free it apart from this one.
   * @throws {@link Exception} ERR_GROUP: freed or null.
   * @example
   * ```ts
   * const copy = comm.Get_group().Dup();
   * ```
   */
  Dup(): Group {
    return new Group(core().groupSetop(0, this.handle, HANDLE4.GROUP_EMPTY));
  }
  /**
   * MPI_Group_free: the object then holds MPI.GROUP_NULL (freeing MPI.GROUP_EMPTY leaves it as it is, as in mpi4py).
   * @throws {@link Exception} ERR_GROUP: already freed, or MPI.GROUP_NULL.
   * @example
   * ```ts
   * const g = comm.Get_group();
   * g.Free();
   * ```
   */
  Free(): void {
    core().groupFree(this.handle);
    // freeing MPI.GROUP_EMPTY leaves the predefined object as it was (mpi4py)
    if (this !== GROUP_EMPTY) this.handle = HANDLE4.GROUP_NULL;
  }
  /**
   * Whether this is MPI.GROUP_NULL, as MPI_Group_free leaves a group.
   * @example
   * ```ts
   * const g = comm.Get_group();
   * g.Free();
   * console.log(g.isNull()); // true
   * ```
   */
  isNull(): boolean {
    return this.handle === HANDLE4.GROUP_NULL;
  }
}

export const GROUP_NULL = new Group(HANDLE4.GROUP_NULL);
export const GROUP_EMPTY = new Group(HANDLE4.GROUP_EMPTY);
