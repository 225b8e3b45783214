import { ErrorClass } from "../mpi/errorclasses.js";
import { MPIException } from "../mpi/exception.js";
import { readString } from "../runtime/c-strings.js";
import type { RankInstance } from "../runtime/instance.js";
import type { OpCallback } from "../runtime/user-ops.js";

/** MPI_MAX_PORT_NAME (mpi.h). */
const MAX_PORT_NAME = 256;

/** One command of a spawn, as commSpawn lays it out. */
export interface SpawnSpec {
  command: string;
  args: string[];
  maxprocs: number;
  info: number;
}

/** The core's exports as the ABI declares them (wasm/abi/wmpi_abi.c). */
interface Exports {
  wmpi_out(): number;
  wmpi_malloc(n: number): number;
  wmpi_free(p: number): void;
  wmpi_last_error_message(): number;
  wmpi_state(): number;
  wmpi_errors_return(): void;
  wmpi_init_thread(required: number): number;
  wmpi_finalize(): number;
  wmpi_abort(comm: number, code: number): number;
  wmpi_wtime(): number;
  wmpi_wtick(): number;
  wmpi_query_thread(): number;
  wmpi_processor_name(buf: number): number;
  wmpi_library_version(buf: number): number;
  wmpi_error_string(code: number, buf: number): number;
  wmpi_alloc_mem(size: number): number;
  wmpi_free_mem(p: number): number;
  wmpi_comm_rank(comm: number): number;
  wmpi_comm_size(comm: number): number;
  wmpi_comm_set_errhandler(comm: number, eh: number): number;
  wmpi_comm_get_errhandler(comm: number): number;
  wmpi_comm_call_errhandler(comm: number, code: number): number;
  wmpi_comm_get_attr(comm: number, keyval: number): number;
  // ---- communicators, groups, attributes, info (issue 4) ----
  wmpi_comm_dup(comm: number, info: number): number;
  wmpi_comm_idup(comm: number, newcomm: number): number;
  wmpi_comm_split(comm: number, color: number, key: number): number;
  wmpi_comm_split_type(comm: number, type: number, key: number, info: number): number;
  wmpi_comm_create(comm: number, group: number): number;
  wmpi_comm_create_group(comm: number, group: number, tag: number): number;
  wmpi_intercomm_create(local: number, leader: number, peer: number, remoteLeader: number, tag: number): number;
  wmpi_intercomm_merge(comm: number, high: number): number;
  wmpi_comm_free(comm: number): number;
  wmpi_comm_compare(a: number, b: number): number;
  wmpi_comm_test_inter(comm: number): number;
  wmpi_comm_remote_size(comm: number): number;
  wmpi_comm_group(comm: number, remote: number): number;
  wmpi_comm_set_name(comm: number, name: number): number;
  wmpi_comm_get_name(comm: number, buf: number): number;
  // ---- dynamic processes (issue 9, wasm/abi/dyn_abi.c) ----
  wmpi_comm_spawn(single: number, count: number, commands: number, argvs: number, maxprocs: number, infos: number, root: number, comm: number, errcodes: number): number;
  wmpi_comm_get_parent(): number;
  wmpi_comm_join(fd: number): number;
  wmpi_comm_accept(connect: number, port: number, info: number, root: number, comm: number): number;
  wmpi_comm_disconnect(comm: number): number;
  wmpi_open_port(info: number, port: number): number;
  wmpi_close_port(port: number): number;
  wmpi_name(op: number, service: number, info: number, port: number): number;
  wmpi_comm_set_info(comm: number, info: number): number;
  wmpi_comm_get_info(comm: number): number;
  wmpi_comm_create_keyval(): number;
  wmpi_comm_free_keyval(keyval: number): number;
  wmpi_comm_set_attr(comm: number, keyval: number, value: number): number;
  wmpi_comm_delete_attr(comm: number, keyval: number): number;
  wmpi_group_size(g: number): number;
  wmpi_group_rank(g: number): number;
  wmpi_group_free(g: number): number;
  wmpi_group_compare(a: number, b: number): number;
  wmpi_group_translate_ranks(a: number, n: number, ranks: number, b: number, result: number): number;
  wmpi_group_setop(op: number, a: number, b: number): number;
  wmpi_group_incl(g: number, excl: number, ranges: number, n: number, ranks: number): number;
  wmpi_info_create(): number;
  wmpi_info_dup(info: number): number;
  wmpi_info_free(info: number): number;
  wmpi_info_set(info: number, key: number, value: number): number;
  wmpi_info_delete(info: number, key: number): number;
  wmpi_info_get(info: number, key: number, buf: number, buflen: number): number;
  wmpi_info_nkeys(info: number): number;
  wmpi_info_nthkey(info: number, n: number, buf: number): number;
  // ---- collectives (issue 4): nb != 0 starts the nonblocking form, its request in out[0] ----
  wmpi_barrier(nb: number, comm: number): number;
  wmpi_bcast(nb: number, buf: number, count: number, t: number, root: number, comm: number): number;
  wmpi_gather(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, root: number, comm: number): number;
  wmpi_gatherv(nb: number, sb: number, sc: number, st: number, rb: number, rcs: number, displs: number, rt: number, root: number, comm: number): number;
  wmpi_scatter(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, root: number, comm: number): number;
  wmpi_scatterv(nb: number, sb: number, scs: number, displs: number, st: number, rb: number, rc: number, rt: number, root: number, comm: number): number;
  wmpi_allgather(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, comm: number): number;
  wmpi_allgatherv(nb: number, sb: number, sc: number, st: number, rb: number, rcs: number, displs: number, rt: number, comm: number): number;
  wmpi_alltoall(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, comm: number): number;
  wmpi_alltoallv(nb: number, sb: number, scs: number, sds: number, st: number, rb: number, rcs: number, rds: number, rt: number, comm: number): number;
  wmpi_alltoallw(nb: number, sb: number, scs: number, sds: number, sts: number, rb: number, rcs: number, rds: number, rts: number, comm: number): number;
  wmpi_reduce(nb: number, sb: number, rb: number, count: number, t: number, op: number, root: number, comm: number): number;
  wmpi_allreduce(nb: number, sb: number, rb: number, count: number, t: number, op: number, comm: number): number;
  wmpi_reduce_scatter_block(nb: number, sb: number, rb: number, count: number, t: number, op: number, comm: number): number;
  wmpi_reduce_scatter(nb: number, sb: number, rb: number, rcs: number, t: number, op: number, comm: number): number;
  wmpi_scan(nb: number, exclusive: number, sb: number, rb: number, count: number, t: number, op: number, comm: number): number;
  wmpi_type_size(t: number): number;
  wmpi_get_count(st: number, t: number): number;
  wmpi_get_elements(st: number, t: number): number;
  wmpi_send(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): number;
  wmpi_isend(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): number;
  wmpi_isend_staged(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number, counter: number, blocking: number): number;
  wmpi_recv(buf: number, count: number, t: number, src: number, tag: number, comm: number, st: number): number;
  wmpi_irecv(buf: number, count: number, t: number, src: number, tag: number, comm: number): number;
  wmpi_irecv_alloc(src: number, tag: number, comm: number): number;
  wmpi_recv_alloc(src: number, tag: number, comm: number, st: number): number;
  wmpi_comm_raise(comm: number, errclass: number, message: number): number;
  wmpi_sendrecv(sbuf: number, scount: number, stype: number, dest: number, stag: number,
    rbuf: number, rcount: number, rtype: number, src: number, rtag: number, comm: number, st: number): number;
  wmpi_sendrecv_replace(buf: number, count: number, t: number, dest: number, stag: number,
    src: number, rtag: number, comm: number, st: number): number;
  wmpi_isendrecv(sbuf: number, scount: number, stype: number, dest: number, stag: number,
    rbuf: number, rcount: number, rtype: number, src: number, rtag: number, comm: number): number;
  wmpi_isendrecv_replace(buf: number, count: number, t: number, dest: number, stag: number, src: number, rtag: number, comm: number): number;
  wmpi_send_init(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): number;
  wmpi_recv_init(buf: number, count: number, t: number, src: number, tag: number, comm: number): number;
  wmpi_start(r: number): number;
  wmpi_startall(n: number, rs: number): number;
  wmpi_buffer_attach(buf: number, size: number): number;
  wmpi_buffer_detach(): number;
  wmpi_wait(r: number, st: number): number;
  wmpi_test(r: number, st: number): number;
  wmpi_waitall(n: number, rs: number, sts: number): number;
  wmpi_testall(n: number, rs: number, sts: number): number;
  wmpi_waitany(n: number, rs: number, st: number): number;
  wmpi_testany(n: number, rs: number, st: number): number;
  wmpi_waitsome(n: number, rs: number, indices: number, sts: number): number;
  wmpi_testsome(n: number, rs: number, indices: number, sts: number): number;
  wmpi_request_free(r: number): number;
  wmpi_request_get_status(r: number, st: number): number;
  wmpi_cancel(r: number): number;
  wmpi_probe(src: number, tag: number, comm: number, st: number): number;
  wmpi_iprobe(src: number, tag: number, comm: number, st: number): number;
  wmpi_mprobe(src: number, tag: number, comm: number, st: number): number;
  wmpi_improbe(src: number, tag: number, comm: number, st: number): number;
  wmpi_mrecv(buf: number, count: number, t: number, m: number, st: number): number;
  wmpi_imrecv(buf: number, count: number, t: number, m: number): number;
  // ---- process topologies and neighbourhood collectives ----
  wmpi_topo_test(comm: number): number;
  wmpi_dims_create(nnodes: number, ndims: number, dims: number): number;
  wmpi_cart_create(comm: number, ndims: number, dims: number, periods: number, reorder: number): number;
  wmpi_cartdim_get(comm: number): number;
  wmpi_cart_get(comm: number, maxdims: number, dims: number, periods: number, coords: number): number;
  wmpi_cart_rank(comm: number, coords: number): number;
  wmpi_cart_coords(comm: number, rank: number, maxdims: number, coords: number): number;
  wmpi_cart_shift(comm: number, direction: number, disp: number): number;
  wmpi_cart_sub(comm: number, remain: number): number;
  wmpi_cart_map(comm: number, ndims: number, dims: number, periods: number): number;
  wmpi_graph_create(comm: number, nnodes: number, index: number, edges: number, reorder: number): number;
  wmpi_graphdims_get(comm: number): number;
  wmpi_graph_get(comm: number, maxindex: number, maxedges: number, index: number, edges: number): number;
  wmpi_graph_neighbors_count(comm: number, rank: number): number;
  wmpi_graph_neighbors(comm: number, rank: number, max: number, neighbors: number): number;
  wmpi_graph_map(comm: number, nnodes: number, index: number, edges: number): number;
  wmpi_dist_graph_create_adjacent(comm: number, indegree: number, sources: number, sourceweights: number, outdegree: number,
    destinations: number, destweights: number, weighted: number, info: number, reorder: number): number;
  wmpi_dist_graph_create(comm: number, n: number, sources: number, degrees: number, destinations: number, weights: number,
    nedges: number, weighted: number, info: number, reorder: number): number;
  wmpi_dist_graph_neighbors_count(comm: number): number;
  wmpi_dist_graph_neighbors(comm: number, maxin: number, sources: number, sourceweights: number, maxout: number,
    destinations: number, destweights: number): number;
  wmpi_neighbor_allgather(nb: number, sbuf: number, scount: number, stype: number, rbuf: number, rcount: number, rtype: number, comm: number): number;
  wmpi_neighbor_allgatherv(nb: number, sbuf: number, scount: number, stype: number, rbuf: number, rcounts: number, displs: number, rtype: number, comm: number): number;
  wmpi_neighbor_alltoall(nb: number, sbuf: number, scount: number, stype: number, rbuf: number, rcount: number, rtype: number, comm: number): number;
  wmpi_neighbor_alltoallv(nb: number, sbuf: number, scounts: number, sdispls: number, stype: number, rbuf: number, rcounts: number,
    rdispls: number, rtype: number, comm: number): number;
  wmpi_neighbor_alltoallw(nb: number, sbuf: number, scounts: number, sdispls: number, stypes: number, rbuf: number, rcounts: number,
    rdispls: number, rtypes: number, comm: number): number;
  // ---- reduction operations ----
  wmpi_op_create_js(jsId: number, commute: number): number;
  wmpi_op_free(op: number): number;
  wmpi_op_commutative(op: number): number;
  wmpi_op_type_extent(t: number): number;
  wmpi_reduce_local(inPtr: number, inoutPtr: number, count: number, t: number, op: number): number;
  // ---- derived datatypes ----
  wmpi_type_contiguous(count: number, old: number): number;
  wmpi_type_vector(count: number, bl: number, stride: number, old: number): number;
  wmpi_type_hvector(count: number, bl: number, stride: number, old: number): number;
  wmpi_type_indexed(count: number, bls: number, disps: number, old: number): number;
  wmpi_type_hindexed(count: number, bls: number, disps: number, old: number): number;
  wmpi_type_indexed_block(count: number, bl: number, disps: number, old: number): number;
  wmpi_type_hindexed_block(count: number, bl: number, disps: number, old: number): number;
  wmpi_type_struct(count: number, bls: number, disps: number, types: number): number;
  wmpi_type_subarray(ndims: number, sizes: number, subsizes: number, starts: number, order: number, old: number): number;
  wmpi_type_darray(size: number, rank: number, ndims: number, gsizes: number, distribs: number, dargs: number, psizes: number, order: number, old: number): number;
  wmpi_type_resized(old: number, lb: number, extent: number): number;
  wmpi_type_dup(old: number): number;
  wmpi_type_commit(t: number): number;
  wmpi_type_free(t: number): number;
  wmpi_type_info(t: number): number;
  wmpi_type_envelope(t: number): number;
  wmpi_type_contents(t: number, ni: number, na: number, nd: number, ints: number, aints: number, types: number): number;
  wmpi_type_set_name(t: number, name: number): number;
  wmpi_type_get_name(t: number, buf: number): number;
  wmpi_pack(external: number, inbuf: number, count: number, t: number, outbuf: number, outsize: number, position: number, comm: number): number;
  wmpi_unpack(external: number, inbuf: number, insize: number, position: number, outbuf: number, count: number, t: number, comm: number): number;
  wmpi_pack_size(external: number, count: number, t: number, comm: number): number;
  wmpi_type_match_size(typeclass: number, size: number): number;
  // ---- one-sided communication (wasm/abi/win_abi.c) ----
  wmpi_win_create(base: number, size: number, dispUnit: number, info: number, comm: number): number;
  wmpi_win_allocate(shared: number, size: number, dispUnit: number, info: number, comm: number): number;
  wmpi_win_shared_query(win: number, rank: number): number;
  wmpi_win_create_dynamic(info: number, comm: number): number;
  wmpi_win_attach(win: number, base: number, size: number): number;
  wmpi_win_detach(win: number, base: number): number;
  wmpi_win_free(win: number): number;
  wmpi_win_get_group(win: number): number;
  wmpi_win_get_attr(win: number, keyval: number): number;
  wmpi_win_set_name(win: number, name: number): number;
  wmpi_win_get_name(win: number, buf: number): number;
  wmpi_win_set_info(win: number, info: number): number;
  wmpi_win_get_info(win: number): number;
  wmpi_win_set_errhandler(win: number, eh: number): number;
  wmpi_win_get_errhandler(win: number): number;
  wmpi_win_call_errhandler(win: number, code: number): number;
  wmpi_win_raise(win: number, errclass: number, message: number): number;
  wmpi_put(nb: number, o: number, oc: number, ot: number, rank: number, disp: number, tc: number, tt: number, win: number): number;
  wmpi_get(nb: number, o: number, oc: number, ot: number, rank: number, disp: number, tc: number, tt: number, win: number): number;
  wmpi_accumulate(nb: number, o: number, oc: number, ot: number, rank: number, disp: number, tc: number, tt: number, op: number, win: number): number;
  wmpi_get_accumulate(nb: number, o: number, oc: number, ot: number, r: number, rc: number, rt: number, rank: number, disp: number,
    tc: number, tt: number, op: number, win: number): number;
  wmpi_fetch_and_op(o: number, r: number, t: number, rank: number, disp: number, op: number, win: number): number;
  wmpi_compare_and_swap(o: number, c: number, r: number, t: number, rank: number, disp: number, win: number): number;
  wmpi_win_fence(assert: number, win: number): number;
  wmpi_win_post(group: number, assert: number, win: number): number;
  wmpi_win_start(group: number, assert: number, win: number): number;
  wmpi_win_complete(win: number): number;
  wmpi_win_wait(win: number): number;
  wmpi_win_test(win: number): number;
  wmpi_win_lock(type: number, rank: number, assert: number, win: number): number;
  wmpi_win_unlock(rank: number, win: number): number;
  wmpi_win_lock_all(assert: number, win: number): number;
  wmpi_win_unlock_all(win: number): number;
  wmpi_win_flush(kind: number, rank: number, win: number): number;
  wmpi_win_sync(win: number): number;
  // ---- files (issue 8) ----
  wmpi_file_open(comm: number, filename: number, amode: number, info: number): number;
  wmpi_file_close(fh: number): number;
  wmpi_file_delete(filename: number, info: number): number;
  wmpi_file_set_size(fh: number, size: number, growOnly: number): number;
  wmpi_file_get_size(fh: number): number;
  wmpi_file_get_group(fh: number): number;
  wmpi_file_get_amode(fh: number): number;
  wmpi_file_set_info(fh: number, info: number): number;
  wmpi_file_get_info(fh: number): number;
  wmpi_file_sync(fh: number): number;
  wmpi_file_set_atomicity(fh: number, flag: number): number;
  wmpi_file_get_atomicity(fh: number): number;
  wmpi_file_set_errhandler(fh: number, eh: number): number;
  wmpi_file_get_errhandler(fh: number): number;
  wmpi_file_call_errhandler(fh: number, code: number): number;
  wmpi_file_raise(fh: number, errclass: number, message: number): number;
  wmpi_file_set_view(fh: number, disp: number, etype: number, filetype: number, datarep: number, info: number): number;
  wmpi_file_get_view(fh: number, datarep: number): number;
  wmpi_file_get_type_extent(fh: number, t: number): number;
  wmpi_file_seek(fh: number, offset: number, whence: number, shared: number): number;
  wmpi_file_get_position(fh: number, shared: number): number;
  wmpi_file_get_byte_offset(fh: number, offset: number): number;
  wmpi_file_rw(access: number, fh: number, offset: number, buf: number, count: number, t: number, st: number): number;
  wmpi_file_irw(access: number, fh: number, offset: number, buf: number, count: number, t: number): number;
  wmpi_file_rw_begin(access: number, fh: number, offset: number, buf: number, count: number, t: number): number;
  wmpi_file_rw_end(access: number, fh: number, buf: number, st: number): number;
}

/** Which flush wmpi_win_flush runs. */
export const enum FlushKind {
  Rank = 0,
  All = 1,
  LocalRank = 2,
  LocalAll = 3,
}

/** Where an RMA operation's target data is: rank of the window's group, displacement, count, datatype handle. */
export interface RmaTarget {
  rank: number;
  disp: number;
  count: number;
  type: number;
}

/** What the core says of a datatype (wmpi_type_info). */
export interface TypeInfo {
  size: number;
  lb: number;
  extent: number;
  trueLb: number;
  trueExtent: number;
  /** count elements are one contiguous run of count * size bytes at trueLb */
  contig: boolean;
}

/** Size of MPI_Status in the core (five ints and the hidden data pointer). */
export const STATUS_SIZE = 24;
/** int32 offsets of MPI_Status fields. */
export const STATUS = { COUNT_LO: 0, COUNT_HI: 1, SOURCE: 2, TAG: 3, ERROR: 4, DATA: 5 } as const;

/**
 * The one place that calls the core's exports and touches its memory. Only
 * numbers cross; every return code goes through check(), which throws
 * MPI.Exception with the core's message naming the call and the argument.
 */
export class Core {
  private readonly x: Exports;
  private readonly memory: WebAssembly.Memory;
  private readonly grown: { value: boolean };
  private view8: Uint8Array;
  private view32: Int32Array;
  private readonly outIndex: number;
  /** Every SharedArrayBuffer this memory has been seen through: views on any of them are linear memory. */
  private readonly buffers = new Set<ArrayBufferLike>();

  constructor(readonly instance: RankInstance) {
    this.x = instance.exports as unknown as Exports;
    this.memory = instance.memory;
    this.grown = instance.grown;
    this.view8 = new Uint8Array(this.memory.buffer);
    this.view32 = new Int32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
    this.outIndex = (this.x.wmpi_out() >>> 0) >> 2;
    this.x.wmpi_errors_return();
  }

  /** Bytes of linear memory, current after any growth. */
  get u8(): Uint8Array {
    if (this.grown.value) this.refresh();
    return this.view8;
  }

  /** int32 words of linear memory, current after any growth. */
  get i32(): Int32Array {
    if (this.grown.value) this.refresh();
    return this.view32;
  }

  private refresh(): void {
    this.grown.value = false;
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    this.view8 = new Uint8Array(buf);
    this.view32 = new Int32Array(buf);
  }

  /** True if `buf` is (a view of) this rank's linear memory, e.g. from Alloc_mem. */
  isLinear(buf: ArrayBufferLike): boolean {
    if (this.grown.value) this.refresh();
    return this.buffers.has(buf);
  }

  /** Address of the core's last error message ("call: what is wrong"). */
  lastErrorMessage(): number {
    return this.x.wmpi_last_error_message() >>> 0;
  }

  /** Throws MPI.Exception for a non-zero return code. */
  check(rc: number): void {
    if (rc === 0) return;
    // a JS op function that threw inside the call (Reduce_local, a collective, a completion): its own exception
    const thrown = this.instance.userOps.takeThrown();
    if (thrown) throw thrown.error;
    throw new MPIException(rc, this.cString(this.x.wmpi_last_error_message() >>> 0));
  }

  /** out[i] of the last call, as a signed 32-bit value (handles, flags, ranks). */
  out(i: number): number {
    return this.i32[this.outIndex + 2 * i];
  }

  /** out[i] as an unsigned 53-bit value (pointers, byte counts). */
  outCount(i: number): number {
    const w = this.i32;
    return (w[this.outIndex + 2 * i] >>> 0) + w[this.outIndex + 2 * i + 1] * 2 ** 32;
  }

  /** A NUL-terminated string of linear memory. */
  cString(ptr: number): string {
    return readString(this.memory, ptr);
  }

  /** Allocates n bytes of linear memory; throws ERR_NO_MEM when it cannot. */
  malloc(n: number): number {
    const p = this.x.wmpi_malloc(n) >>> 0;
    if (p === 0) throw new MPIException(ErrorClass.ERR_NO_MEM, `wmpi: cannot allocate ${n} bytes of linear memory`);
    return p;
  }
  free(p: number): void {
    this.x.wmpi_free(p);
  }

  state(): number {
    return this.x.wmpi_state();
  }

  // ---- environment ----
  initThread(required: number): number {
    this.check(this.x.wmpi_init_thread(required));
    return this.out(0);
  }
  finalize(): void {
    this.check(this.x.wmpi_finalize());
  }
  abort(comm: number, code: number): void {
    this.check(this.x.wmpi_abort(comm, code));
  }
  wtime(): number {
    return this.x.wmpi_wtime();
  }
  wtick(): number {
    return this.x.wmpi_wtick();
  }
  queryThread(): number {
    this.check(this.x.wmpi_query_thread());
    return this.out(0);
  }
  /** Runs fn(buf) on a 512-byte scratch buffer and reads back the string of length out[0]. */
  private stringCall(fn: (buf: number) => number): string {
    const buf = this.malloc(512);
    try {
      this.check(fn(buf));
      return new TextDecoder().decode(this.u8.slice(buf, buf + this.out(0)));
    } finally {
      this.free(buf);
    }
  }
  processorName(): string {
    return this.stringCall((b) => this.x.wmpi_processor_name(b));
  }
  libraryVersion(): string {
    return this.stringCall((b) => this.x.wmpi_library_version(b));
  }
  errorString(code: number): string {
    return this.stringCall((b) => this.x.wmpi_error_string(code, b));
  }
  allocMem(size: number): number {
    this.check(this.x.wmpi_alloc_mem(size));
    return this.outCount(0);
  }
  freeMem(p: number): void {
    this.check(this.x.wmpi_free_mem(p));
  }

  // ---- communicators ----
  commRank(comm: number): number {
    this.check(this.x.wmpi_comm_rank(comm));
    return this.out(0);
  }
  commSize(comm: number): number {
    this.check(this.x.wmpi_comm_size(comm));
    return this.out(0);
  }
  commSetErrhandler(comm: number, eh: number): void {
    this.check(this.x.wmpi_comm_set_errhandler(comm, eh));
  }
  commGetErrhandler(comm: number): number {
    this.check(this.x.wmpi_comm_get_errhandler(comm));
    return this.out(0);
  }
  commCallErrhandler(comm: number, code: number): void {
    this.check(this.x.wmpi_comm_call_errhandler(comm, code));
  }
  /** [flag, value] of a predefined attribute. */
  commGetAttr(comm: number, keyval: number): [boolean, number] {
    this.check(this.x.wmpi_comm_get_attr(comm, keyval));
    return [this.out(0) !== 0, this.out(1)];
  }

  // ---- communicators, groups, attributes, info (issue 4) ----
  /** Runs fn with NUL-terminated copies of strs in linear memory. */
  private withStrings<T>(strs: string[], fn: (...ptrs: number[]) => T): T {
    const enc = new TextEncoder();
    const bytes = strs.map((s) => enc.encode(s));
    const ptrs = bytes.map((b) => this.malloc(b.length + 1));
    try {
      bytes.forEach((b, i) => {
        this.u8.set(b, ptrs[i]);
        this.u8[ptrs[i] + b.length] = 0;
      });
      return fn(...ptrs);
    } finally {
      ptrs.forEach((p) => this.free(p));
    }
  }
  /** Runs fn with a copy of ints in linear memory (and room for as many results); returns fn's value and the words after. */
  private withInts<T>(ints: number[], fn: (ptr: number, result: number) => T): [T, number[]] {
    const n = Math.max(ints.length, 1);
    const p = this.malloc(8 * n);
    try {
      this.i32.set(ints, p >> 2);
      const v = fn(p, p + 4 * n);
      return [v, Array.from(this.i32.subarray((p >> 2) + n, (p >> 2) + n + ints.length))];
    } finally {
      this.free(p);
    }
  }
  private handleCall(rc: number): number {
    this.check(rc);
    return this.out(0);
  }
  commDup(comm: number, info: number): number {
    return this.handleCall(this.x.wmpi_comm_dup(comm, info));
  }
  /** Starts MPI_Comm_idup; the new handle is written to the int at newcomm when the returned request completes. */
  commIdup(comm: number, newcomm: number): number {
    this.check(this.x.wmpi_comm_idup(comm, newcomm));
    return this.out(0);
  }
  commSplit(comm: number, color: number, key: number): number {
    return this.handleCall(this.x.wmpi_comm_split(comm, color, key));
  }
  commSplitType(comm: number, type: number, key: number, info: number): number {
    return this.handleCall(this.x.wmpi_comm_split_type(comm, type, key, info));
  }
  commCreate(comm: number, group: number): number {
    return this.handleCall(this.x.wmpi_comm_create(comm, group));
  }
  commCreateGroup(comm: number, group: number, tag: number): number {
    return this.handleCall(this.x.wmpi_comm_create_group(comm, group, tag));
  }
  intercommCreate(local: number, leader: number, peer: number, remoteLeader: number, tag: number): number {
    return this.handleCall(this.x.wmpi_intercomm_create(local, leader, peer, remoteLeader, tag));
  }
  intercommMerge(comm: number, high: boolean): number {
    return this.handleCall(this.x.wmpi_intercomm_merge(comm, high ? 1 : 0));
  }
  commFree(comm: number): void {
    this.check(this.x.wmpi_comm_free(comm));
  }
  commCompare(a: number, b: number): number {
    return this.handleCall(this.x.wmpi_comm_compare(a, b));
  }
  commTestInter(comm: number): boolean {
    return this.handleCall(this.x.wmpi_comm_test_inter(comm)) !== 0;
  }
  commRemoteSize(comm: number): number {
    return this.handleCall(this.x.wmpi_comm_remote_size(comm));
  }
  commGroup(comm: number, remote: boolean): number {
    return this.handleCall(this.x.wmpi_comm_group(comm, remote ? 1 : 0));
  }
  commSetName(comm: number, name: string): void {
    this.withStrings([name], (p) => this.check(this.x.wmpi_comm_set_name(comm, p)));
  }
  commGetName(comm: number): string {
    return this.stringCall((b) => this.x.wmpi_comm_get_name(comm, b));
  }
  commSetInfo(comm: number, info: number): void {
    this.check(this.x.wmpi_comm_set_info(comm, info));
  }
  commGetInfo(comm: number): number {
    return this.handleCall(this.x.wmpi_comm_get_info(comm));
  }
  commCreateKeyval(): number {
    return this.handleCall(this.x.wmpi_comm_create_keyval());
  }
  commFreeKeyval(keyval: number): void {
    this.check(this.x.wmpi_comm_free_keyval(keyval));
  }
  commSetAttr(comm: number, keyval: number, value: number): void {
    this.check(this.x.wmpi_comm_set_attr(comm, keyval, value));
  }
  commDeleteAttr(comm: number, keyval: number): void {
    this.check(this.x.wmpi_comm_delete_attr(comm, keyval));
  }
  groupSize(g: number): number {
    return this.handleCall(this.x.wmpi_group_size(g));
  }
  groupRank(g: number): number {
    return this.handleCall(this.x.wmpi_group_rank(g));
  }
  groupFree(g: number): void {
    this.check(this.x.wmpi_group_free(g));
  }
  groupCompare(a: number, b: number): number {
    return this.handleCall(this.x.wmpi_group_compare(a, b));
  }
  groupTranslateRanks(a: number, ranks: number[], b: number): number[] {
    return this.withInts(ranks, (p, r) => this.check(this.x.wmpi_group_translate_ranks(a, ranks.length, p, b, r)))[1];
  }
  /** op: 0 union, 1 intersection, 2 difference */
  groupSetop(op: number, a: number, b: number): number {
    return this.handleCall(this.x.wmpi_group_setop(op, a, b));
  }
  /** ranks, or flattened (first, last, stride) triplets when `ranges` */
  groupIncl(g: number, excl: boolean, ranges: boolean, ints: number[]): number {
    const n = ranges ? ints.length / 3 : ints.length;
    return this.withInts(ints, (p) => this.handleCall(this.x.wmpi_group_incl(g, excl ? 1 : 0, ranges ? 1 : 0, n, p)))[0];
  }
  infoCreate(): number {
    return this.handleCall(this.x.wmpi_info_create());
  }
  infoDup(info: number): number {
    return this.handleCall(this.x.wmpi_info_dup(info));
  }
  infoFree(info: number): void {
    this.check(this.x.wmpi_info_free(info));
  }
  infoSet(info: number, key: string, value: string): void {
    this.withStrings([key, value], (k, v) => this.check(this.x.wmpi_info_set(info, k, v)));
  }
  infoDelete(info: number, key: string): void {
    this.withStrings([key], (k) => this.check(this.x.wmpi_info_delete(info, k)));
  }
  /** The value of key, or undefined. */
  infoGet(info: number, key: string): string | undefined {
    return this.withStrings([key], (k) => {
      const buf = this.malloc(1025);
      try {
        this.check(this.x.wmpi_info_get(info, k, buf, 1025));
        if (this.out(0) === 0) return undefined;
        return new TextDecoder().decode(this.u8.slice(buf, buf + this.out(1) - 1));
      } finally {
        this.free(buf);
      }
    });
  }
  infoNkeys(info: number): number {
    return this.handleCall(this.x.wmpi_info_nkeys(info));
  }
  infoNthkey(info: number, n: number): string {
    const buf = this.malloc(256);
    try {
      this.check(this.x.wmpi_info_nthkey(info, n, buf));
      return this.cString(buf);
    } finally {
      this.free(buf);
    }
  }

  // ---- dynamic processes (issue 9) ----
  /**
   * MPI_Comm_spawn (single) or MPI_Comm_spawn_multiple: the intercommunicator
   * and, at the root when `errcodes` is given, each child's error class (also
   * when the spawn fails). The arrays are laid out in linear memory as the C
   * call takes them (argv arrays NULL-terminated).
   */
  commSpawn(single: boolean, commands: SpawnSpec[], root: number, comm: number, errcodes?: number[]): number {
    const n = commands.length;
    const total = commands.reduce((t, c) => t + Math.max(c.maxprocs, 0), 0);
    const allocated: number[] = [];
    const alloc = (bytes: number) => {
      const p = this.malloc(Math.max(bytes, 4));
      allocated.push(p);
      return p;
    };
    const str = (s: string) => {
      const b = new TextEncoder().encode(s);
      const p = alloc(b.length + 1);
      this.u8.set(b, p);
      this.u8[p + b.length] = 0;
      return p;
    };
    const words = (values: number[]) => {
      const p = alloc(4 * values.length);
      this.i32.set(values, p >> 2);
      return p;
    };
    try {
      const cmds = words(commands.map((c) => str(c.command)));
      const argvs = words(commands.map((c) => words([...c.args.map(str), 0])));
      const maxprocs = words(commands.map((c) => c.maxprocs));
      const infos = words(commands.map((c) => c.info));
      // MPI_ERRCODES_IGNORE (NULL) unless asked: the core writes them at the root only, `total` of them
      const codes = errcodes ? words(new Array<number>(total).fill(0)) : 0;
      const rc = this.x.wmpi_comm_spawn(single ? 1 : 0, n, cmds, argvs, maxprocs, infos, root, comm, codes);
      if (errcodes) errcodes.splice(0, errcodes.length, ...this.i32.subarray(codes >> 2, (codes >> 2) + total));
      this.check(rc);
      return this.out(0);
    } finally {
      allocated.forEach((p) => this.free(p));
    }
  }
  commGetParent(): number {
    return this.handleCall(this.x.wmpi_comm_get_parent());
  }
  /** MPI_Comm_accept, or MPI_Comm_connect. */
  commAccept(connect: boolean, port: string, info: number, root: number, comm: number): number {
    return this.withStrings([port], (p) => this.handleCall(this.x.wmpi_comm_accept(connect ? 1 : 0, p, info, root, comm)));
  }
  commJoin(fd: number): number {
    return this.handleCall(this.x.wmpi_comm_join(fd));
  }
  commDisconnect(comm: number): void {
    this.check(this.x.wmpi_comm_disconnect(comm));
  }
  openPort(info: number): string {
    const buf = this.malloc(MAX_PORT_NAME);
    try {
      this.check(this.x.wmpi_open_port(info, buf));
      return this.cString(buf);
    } finally {
      this.free(buf);
    }
  }
  closePort(port: string): void {
    this.withStrings([port], (p) => this.check(this.x.wmpi_close_port(p)));
  }
  /** MPI_Publish_name, MPI_Lookup_name (returns the port) or MPI_Unpublish_name. */
  nameService(op: "publish" | "lookup" | "unpublish", service: string, info: number, port = ""): string {
    return this.withStrings([service, port.padEnd(MAX_PORT_NAME, "\0")], (s, p) => {
      this.check(this.x.wmpi_name(["publish", "lookup", "unpublish"].indexOf(op), s, info, p));
      return op === "lookup" ? this.cString(p) : port;
    });
  }

  // ---- collectives (issue 4) ----
  /** The collective exports, called as they are; check their rc with collective(). */
  get coll(): Pick<Exports, "wmpi_barrier" | "wmpi_bcast" | "wmpi_gather" | "wmpi_gatherv" | "wmpi_scatter" | "wmpi_scatterv" |
    "wmpi_allgather" | "wmpi_allgatherv" | "wmpi_alltoall" | "wmpi_alltoallv" | "wmpi_alltoallw" | "wmpi_reduce" |
    "wmpi_allreduce" | "wmpi_reduce_scatter_block" | "wmpi_reduce_scatter" | "wmpi_scan"> {
    return this.x;
  }
  /** Checks a collective's rc; returns the request a nonblocking one started. */
  collective(rc: number): number {
    this.check(rc);
    return this.out(0);
  }

  // ---- datatypes and status ----
  typeSize(t: number): number {
    this.check(this.x.wmpi_type_size(t));
    return this.outCount(0);
  }
  getCount(status: number, t: number): number {
    this.check(this.x.wmpi_get_count(status, t));
    return this.out(0) === -32766 ? -32766 : this.outCount(0);
  }
  getElements(status: number, t: number): number {
    this.check(this.x.wmpi_get_elements(status, t));
    return this.out(0) === -32766 ? -32766 : this.outCount(0);
  }

  // ---- point-to-point; mode: 0 standard, 1 synchronous, 2 buffered, 3 ready ----
  send(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): void {
    this.check(this.x.wmpi_send(mode, buf, count, t, dest, tag, comm));
  }
  isend(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): number {
    this.check(this.x.wmpi_isend(mode, buf, count, t, dest, tag, comm));
    return this.out(0);
  }
  /** isend of a buffer the caller keeps filling; `counter` counts the bytes staged. */
  isendStaged(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number, counter: number, blocking: boolean): number {
    this.check(this.x.wmpi_isend_staged(mode, buf, count, t, dest, tag, comm, counter, blocking ? 1 : 0));
    return this.out(0);
  }
  recv(buf: number, count: number, t: number, src: number, tag: number, comm: number, st: number): void {
    this.check(this.x.wmpi_recv(buf, count, t, src, tag, comm, st));
  }
  irecv(buf: number, count: number, t: number, src: number, tag: number, comm: number): number {
    this.check(this.x.wmpi_irecv(buf, count, t, src, tag, comm));
    return this.out(0);
  }
  /** A receive whose buffer the core allocates on match: the status data points at it, the caller's to free. */
  irecvAlloc(src: number, tag: number, comm: number): number {
    this.check(this.x.wmpi_irecv_alloc(src, tag, comm));
    return this.out(0);
  }
  /** The blocking form of irecvAlloc. */
  recvAlloc(src: number, tag: number, comm: number, st: number): void {
    this.check(this.x.wmpi_recv_alloc(src, tag, comm, st));
  }
  /**
   * Raises an error the facade found on comm's error handler (which may end
   * the job, as ERRORS_ARE_FATAL does), then returns the exception to throw.
   */
  raise(comm: number, errclass: number, message: string): MPIException {
    const bytes = new TextEncoder().encode(message);
    const p = this.malloc(bytes.length + 1);
    this.u8.set(bytes, p);
    this.u8[p + bytes.length] = 0;
    this.x.wmpi_comm_raise(comm, errclass, p);
    this.free(p);
    return new MPIException(errclass, message);
  }
  sendrecv(sbuf: number, scount: number, stype: number, dest: number, stag: number,
    rbuf: number, rcount: number, rtype: number, src: number, rtag: number, comm: number, st: number): void {
    this.check(this.x.wmpi_sendrecv(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, src, rtag, comm, st));
  }
  sendrecvReplace(buf: number, count: number, t: number, dest: number, stag: number,
    src: number, rtag: number, comm: number, st: number): void {
    this.check(this.x.wmpi_sendrecv_replace(buf, count, t, dest, stag, src, rtag, comm, st));
  }
  isendrecv(sbuf: number, scount: number, stype: number, dest: number, stag: number,
    rbuf: number, rcount: number, rtype: number, src: number, rtag: number, comm: number): number {
    this.check(this.x.wmpi_isendrecv(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, src, rtag, comm));
    return this.out(0);
  }
  isendrecvReplace(buf: number, count: number, t: number, dest: number, stag: number, src: number, rtag: number, comm: number): number {
    this.check(this.x.wmpi_isendrecv_replace(buf, count, t, dest, stag, src, rtag, comm));
    return this.out(0);
  }
  sendInit(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): number {
    this.check(this.x.wmpi_send_init(mode, buf, count, t, dest, tag, comm));
    return this.out(0);
  }
  recvInit(buf: number, count: number, t: number, src: number, tag: number, comm: number): number {
    this.check(this.x.wmpi_recv_init(buf, count, t, src, tag, comm));
    return this.out(0);
  }
  start(r: number): void {
    this.check(this.x.wmpi_start(r));
  }
  startall(n: number, rs: number): void {
    this.check(this.x.wmpi_startall(n, rs));
  }
  bufferAttach(buf: number, size: number): void {
    this.check(this.x.wmpi_buffer_attach(buf, size));
  }
  /** Detaches the Bsend buffer: [address, size]. */
  bufferDetach(): [number, number] {
    this.check(this.x.wmpi_buffer_detach());
    return [this.outCount(0), this.out(1)];
  }

  // ---- completion: these return the code unchecked, because the caller must
  // release staging and decode objects of the requests that finished before
  // it throws; it then passes the code to check(). Outputs go to out(). ----
  /** out(1): the handle after the call; out(2): 1 if a request was finished (0: an argument error). */
  wait(r: number, st: number): number {
    return this.x.wmpi_wait(r, st);
  }
  /** out(0): flag; out(1): the handle after the call. */
  test(r: number, st: number): number {
    return this.x.wmpi_test(r, st);
  }
  waitall(n: number, rs: number, sts: number): number {
    return this.x.wmpi_waitall(n, rs, sts);
  }
  /** out(0): flag. */
  testall(n: number, rs: number, sts: number): number {
    return this.x.wmpi_testall(n, rs, sts);
  }
  /** out(0): index. */
  waitany(n: number, rs: number, st: number): number {
    return this.x.wmpi_waitany(n, rs, st);
  }
  /** out(0): index; out(1): flag. */
  testany(n: number, rs: number, st: number): number {
    return this.x.wmpi_testany(n, rs, st);
  }
  /** out(0): outcount. */
  waitsome(n: number, rs: number, indices: number, sts: number): number {
    return this.x.wmpi_waitsome(n, rs, indices, sts);
  }
  /** out(0): outcount. */
  testsome(n: number, rs: number, indices: number, sts: number): number {
    return this.x.wmpi_testsome(n, rs, indices, sts);
  }
  requestFree(r: number): void {
    this.check(this.x.wmpi_request_free(r));
  }
  requestGetStatus(r: number, st: number): boolean {
    this.check(this.x.wmpi_request_get_status(r, st));
    return this.out(0) !== 0;
  }
  cancel(r: number): void {
    this.check(this.x.wmpi_cancel(r));
  }

  // ---- probe and matched receive ----
  probe(src: number, tag: number, comm: number, st: number): void {
    this.check(this.x.wmpi_probe(src, tag, comm, st));
  }
  iprobe(src: number, tag: number, comm: number, st: number): boolean {
    this.check(this.x.wmpi_iprobe(src, tag, comm, st));
    return this.out(0) !== 0;
  }
  mprobe(src: number, tag: number, comm: number, st: number): number {
    this.check(this.x.wmpi_mprobe(src, tag, comm, st));
    return this.out(0);
  }
  /** [flag, message] */
  improbe(src: number, tag: number, comm: number, st: number): [boolean, number] {
    this.check(this.x.wmpi_improbe(src, tag, comm, st));
    return [this.out(0) !== 0, this.out(1)];
  }
  mrecv(buf: number, count: number, t: number, m: number, st: number): void {
    this.check(this.x.wmpi_mrecv(buf, count, t, m, st));
  }
  imrecv(buf: number, count: number, t: number, m: number): number {
    this.check(this.x.wmpi_imrecv(buf, count, t, m));
    return this.out(0);
  }

  // ---- process topologies and neighbourhood collectives: arrays are int
  // arrays of linear memory the caller provides ----
  topoTest(comm: number): number {
    this.check(this.x.wmpi_topo_test(comm));
    return this.out(0);
  }
  dimsCreate(nnodes: number, ndims: number, dims: number): void {
    this.check(this.x.wmpi_dims_create(nnodes, ndims, dims));
  }
  cartCreate(comm: number, ndims: number, dims: number, periods: number, reorder: boolean): number {
    this.check(this.x.wmpi_cart_create(comm, ndims, dims, periods, reorder ? 1 : 0));
    return this.out(0);
  }
  cartdimGet(comm: number): number {
    this.check(this.x.wmpi_cartdim_get(comm));
    return this.out(0);
  }
  cartGet(comm: number, maxdims: number, dims: number, periods: number, coords: number): void {
    this.check(this.x.wmpi_cart_get(comm, maxdims, dims, periods, coords));
  }
  cartRank(comm: number, coords: number): number {
    this.check(this.x.wmpi_cart_rank(comm, coords));
    return this.out(0);
  }
  cartCoords(comm: number, rank: number, maxdims: number, coords: number): void {
    this.check(this.x.wmpi_cart_coords(comm, rank, maxdims, coords));
  }
  /** [source, dest] */
  cartShift(comm: number, direction: number, disp: number): [number, number] {
    this.check(this.x.wmpi_cart_shift(comm, direction, disp));
    return [this.out(0), this.out(1)];
  }
  cartSub(comm: number, remain: number): number {
    this.check(this.x.wmpi_cart_sub(comm, remain));
    return this.out(0);
  }
  cartMap(comm: number, ndims: number, dims: number, periods: number): number {
    this.check(this.x.wmpi_cart_map(comm, ndims, dims, periods));
    return this.out(0);
  }
  graphCreate(comm: number, nnodes: number, index: number, edges: number, reorder: boolean): number {
    this.check(this.x.wmpi_graph_create(comm, nnodes, index, edges, reorder ? 1 : 0));
    return this.out(0);
  }
  /** [nnodes, nedges] */
  graphdimsGet(comm: number): [number, number] {
    this.check(this.x.wmpi_graphdims_get(comm));
    return [this.out(0), this.out(1)];
  }
  graphGet(comm: number, maxindex: number, maxedges: number, index: number, edges: number): void {
    this.check(this.x.wmpi_graph_get(comm, maxindex, maxedges, index, edges));
  }
  graphNeighborsCount(comm: number, rank: number): number {
    this.check(this.x.wmpi_graph_neighbors_count(comm, rank));
    return this.out(0);
  }
  graphNeighbors(comm: number, rank: number, max: number, neighbors: number): void {
    this.check(this.x.wmpi_graph_neighbors(comm, rank, max, neighbors));
  }
  graphMap(comm: number, nnodes: number, index: number, edges: number): number {
    this.check(this.x.wmpi_graph_map(comm, nnodes, index, edges));
    return this.out(0);
  }
  distGraphCreateAdjacent(comm: number, indegree: number, sources: number, sourceweights: number, outdegree: number,
    destinations: number, destweights: number, weighted: boolean, info: number, reorder: boolean): number {
    this.check(this.x.wmpi_dist_graph_create_adjacent(comm, indegree, sources, sourceweights, outdegree, destinations,
      destweights, weighted ? 1 : 0, info, reorder ? 1 : 0));
    return this.out(0);
  }
  distGraphCreate(comm: number, n: number, sources: number, degrees: number, destinations: number, weights: number,
    nedges: number, weighted: boolean, info: number, reorder: boolean): number {
    this.check(this.x.wmpi_dist_graph_create(comm, n, sources, degrees, destinations, weights, nedges, weighted ? 1 : 0,
      info, reorder ? 1 : 0));
    return this.out(0);
  }
  /** [indegree, outdegree, weighted] */
  distGraphNeighborsCount(comm: number): [number, number, boolean] {
    this.check(this.x.wmpi_dist_graph_neighbors_count(comm));
    return [this.out(0), this.out(1), this.out(2) !== 0];
  }
  distGraphNeighbors(comm: number, maxin: number, sources: number, sourceweights: number, maxout: number,
    destinations: number, destweights: number): void {
    this.check(this.x.wmpi_dist_graph_neighbors(comm, maxin, sources, sourceweights, maxout, destinations, destweights));
  }
  /** nb: start the nonblocking form and return its request handle (blocking: MPI.REQUEST_NULL's). */
  neighborAllgather(nb: boolean, sbuf: number, scount: number, stype: number, rbuf: number, rcount: number, rtype: number, comm: number): number {
    this.check(this.x.wmpi_neighbor_allgather(nb ? 1 : 0, sbuf, scount, stype, rbuf, rcount, rtype, comm));
    return this.out(0);
  }
  neighborAllgatherv(nb: boolean, sbuf: number, scount: number, stype: number, rbuf: number, rcounts: number, displs: number, rtype: number, comm: number): number {
    this.check(this.x.wmpi_neighbor_allgatherv(nb ? 1 : 0, sbuf, scount, stype, rbuf, rcounts, displs, rtype, comm));
    return this.out(0);
  }
  neighborAlltoall(nb: boolean, sbuf: number, scount: number, stype: number, rbuf: number, rcount: number, rtype: number, comm: number): number {
    this.check(this.x.wmpi_neighbor_alltoall(nb ? 1 : 0, sbuf, scount, stype, rbuf, rcount, rtype, comm));
    return this.out(0);
  }
  neighborAlltoallv(nb: boolean, sbuf: number, scounts: number, sdispls: number, stype: number, rbuf: number, rcounts: number,
    rdispls: number, rtype: number, comm: number): number {
    this.check(this.x.wmpi_neighbor_alltoallv(nb ? 1 : 0, sbuf, scounts, sdispls, stype, rbuf, rcounts, rdispls, rtype, comm));
    return this.out(0);
  }
  /** sdispls and rdispls are byte displacements (MPI_Aint: int32 on wasm32); stypes and rtypes datatype handles. */
  neighborAlltoallw(nb: boolean, sbuf: number, scounts: number, sdispls: number, stypes: number, rbuf: number, rcounts: number,
    rdispls: number, rtypes: number, comm: number): number {
    this.check(this.x.wmpi_neighbor_alltoallw(nb ? 1 : 0, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes, comm));
    return this.out(0);
  }
  // ---- reduction operations ----
  /**
   * check() for calls that may apply a user op: when a JS op function threw
   * (the core then fails the call), its own exception is what is thrown.
   */
  checkReduction(rc: number): void {
    this.check(rc);
  }
  /** Registers fn with the runtime and makes the core's op for it; returns the op handle. */
  opCreateJs(fn: OpCallback, commute: boolean): number {
    const id = this.instance.userOps.register(fn);
    const rc = this.x.wmpi_op_create_js(id, commute ? 1 : 0);
    if (rc !== 0) this.instance.userOps.unregister(id);
    this.check(rc);
    return this.out(0);
  }
  opFree(op: number): void {
    this.check(this.x.wmpi_op_free(op));
  }
  opCommutative(op: number): boolean {
    this.check(this.x.wmpi_op_commutative(op));
    return this.out(0) !== 0;
  }
  /** The extent of datatype t in bytes. */
  opTypeExtent(t: number): number {
    this.check(this.x.wmpi_op_type_extent(t));
    return this.outCount(0);
  }
  reduceLocal(inPtr: number, inoutPtr: number, count: number, t: number, op: number): void {
    this.instance.userOps.takeThrown(); // one a call that did not use checkReduction left behind
    this.checkReduction(this.x.wmpi_reduce_local(inPtr, inoutPtr, count, t, op));
  }

  // ---- derived datatypes ----
  /** Runs fn with int32 arrays copied into linear memory (their addresses, in order), freeing them after. */
  private withIntArrays<T>(arrays: ArrayLike<number>[], fn: (...ptrs: number[]) => T): T {
    const ptrs = arrays.map((a) => {
      const p = this.malloc(4 * a.length + 4);
      const w = this.i32;
      for (let i = 0; i < a.length; i++) w[(p >> 2) + i] = a[i];
      return p;
    });
    try {
      return fn(...ptrs);
    } finally {
      for (const p of ptrs) this.free(p);
    }
  }
  private newType(rc: number): number {
    this.check(rc);
    return this.out(0);
  }
  typeContiguous(count: number, old: number): number {
    return this.newType(this.x.wmpi_type_contiguous(count, old));
  }
  typeVector(count: number, bl: number, stride: number, old: number): number {
    return this.newType(this.x.wmpi_type_vector(count, bl, stride, old));
  }
  typeHvector(count: number, bl: number, stride: number, old: number): number {
    return this.newType(this.x.wmpi_type_hvector(count, bl, stride, old));
  }
  typeIndexed(bls: ArrayLike<number>, disps: ArrayLike<number>, old: number): number {
    return this.withIntArrays([bls, disps], (b, d) => this.newType(this.x.wmpi_type_indexed(bls.length, b, d, old)));
  }
  typeHindexed(bls: ArrayLike<number>, disps: ArrayLike<number>, old: number): number {
    return this.withIntArrays([bls, disps], (b, d) => this.newType(this.x.wmpi_type_hindexed(bls.length, b, d, old)));
  }
  typeIndexedBlock(bl: number, disps: ArrayLike<number>, old: number): number {
    return this.withIntArrays([disps], (d) => this.newType(this.x.wmpi_type_indexed_block(disps.length, bl, d, old)));
  }
  typeHindexedBlock(bl: number, disps: ArrayLike<number>, old: number): number {
    return this.withIntArrays([disps], (d) => this.newType(this.x.wmpi_type_hindexed_block(disps.length, bl, d, old)));
  }
  typeStruct(bls: ArrayLike<number>, disps: ArrayLike<number>, types: ArrayLike<number>): number {
    return this.withIntArrays([bls, disps, types], (b, d, t) => this.newType(this.x.wmpi_type_struct(bls.length, b, d, t)));
  }
  typeSubarray(sizes: ArrayLike<number>, subsizes: ArrayLike<number>, starts: ArrayLike<number>, order: number, old: number): number {
    return this.withIntArrays([sizes, subsizes, starts], (a, b, c) => this.newType(this.x.wmpi_type_subarray(sizes.length, a, b, c, order, old)));
  }
  typeDarray(size: number, rank: number, gsizes: ArrayLike<number>, distribs: ArrayLike<number>, dargs: ArrayLike<number>, psizes: ArrayLike<number>, order: number, old: number): number {
    return this.withIntArrays([gsizes, distribs, dargs, psizes], (g, d, a, p) =>
      this.newType(this.x.wmpi_type_darray(size, rank, gsizes.length, g, d, a, p, order, old)));
  }
  typeResized(old: number, lb: number, extent: number): number {
    return this.newType(this.x.wmpi_type_resized(old, lb, extent));
  }
  typeDup(old: number): number {
    return this.newType(this.x.wmpi_type_dup(old));
  }
  typeCommit(t: number): void {
    this.check(this.x.wmpi_type_commit(t));
  }
  typeFree(t: number): void {
    this.check(this.x.wmpi_type_free(t));
  }
  typeInfo(t: number): TypeInfo {
    this.check(this.x.wmpi_type_info(t));
    return { size: this.outCount(0), lb: this.outCount(1), extent: this.outCount(2), trueLb: this.outCount(3), trueExtent: this.outCount(4), contig: this.out(5) !== 0 };
  }
  /** [num_integers, num_addresses, num_datatypes, combiner] */
  typeEnvelope(t: number): [number, number, number, number] {
    this.check(this.x.wmpi_type_envelope(t));
    return [this.out(0), this.out(1), this.out(2), this.out(3)];
  }
  /** [integers, addresses, datatype handles] (derived handles are new references the caller frees) */
  typeContents(t: number): [number[], number[], number[]] {
    const [ni, na, nd] = this.typeEnvelope(t);
    const p = this.malloc(4 * (ni + na + nd) + 4);
    try {
      this.check(this.x.wmpi_type_contents(t, ni, na, nd, p, p + 4 * ni, p + 4 * (ni + na)));
      const w = Array.from(this.i32.subarray(p >> 2, (p >> 2) + ni + na + nd));
      return [w.slice(0, ni), w.slice(ni, ni + na), w.slice(ni + na)];
    } finally {
      this.free(p);
    }
  }
  typeSetName(t: number, name: string): void {
    const bytes = new TextEncoder().encode(name);
    const p = this.malloc(bytes.length + 1);
    try {
      this.u8.set(bytes, p);
      this.u8[p + bytes.length] = 0;
      this.check(this.x.wmpi_type_set_name(t, p));
    } finally {
      this.free(p);
    }
  }
  typeGetName(t: number): string {
    return this.stringCall((b) => this.x.wmpi_type_get_name(t, b));
  }
  /** MPI_Pack (external: external32); returns the position after. */
  pack(external: boolean, inbuf: number, count: number, t: number, outbuf: number, outsize: number, position: number, comm: number): number {
    this.check(this.x.wmpi_pack(external ? 1 : 0, inbuf, count, t, outbuf, outsize, position, comm));
    return this.outCount(0);
  }
  /** MPI_Unpack (external: external32); returns the position after. */
  unpack(external: boolean, inbuf: number, insize: number, position: number, outbuf: number, count: number, t: number, comm: number): number {
    this.check(this.x.wmpi_unpack(external ? 1 : 0, inbuf, insize, position, outbuf, count, t, comm));
    return this.outCount(0);
  }
  packSize(external: boolean, count: number, t: number, comm: number): number {
    this.check(this.x.wmpi_pack_size(external ? 1 : 0, count, t, comm));
    return this.outCount(0);
  }
  typeMatchSize(typeclass: number, size: number): number {
    return this.newType(this.x.wmpi_type_match_size(typeclass, size));
  }

  // ---- one-sided communication: windows ----
  /** MPI_Win_create over size bytes of this memory at base (the caller keeps them for the window's life). */
  winCreate(base: number, size: number, dispUnit: number, info: number, comm: number): number {
    return this.handleCall(this.x.wmpi_win_create(base, size, dispUnit, info, comm));
  }
  /** MPI_Win_allocate (shared: MPI_Win_allocate_shared): [window, base of this rank's segment]. */
  winAllocate(shared: boolean, size: number, dispUnit: number, info: number, comm: number): [number, number] {
    this.check(this.x.wmpi_win_allocate(shared ? 1 : 0, size, dispUnit, info, comm));
    return [this.out(0), this.outCount(1)];
  }
  /**
   * MPI_Win_shared_query of any rank of this process: [size, disp_unit, base
   * (an address in the owner's memory), owner (the rank, or MPI_PROC_NULL's
   * choice), the owner's rank in the job].
   */
  winSharedQuery(win: number, rank: number): [number, number, number, number, number] {
    this.check(this.x.wmpi_win_shared_query(win, rank));
    return [this.outCount(0), this.out(1), this.outCount(2), this.out(3), this.out(4)];
  }
  winCreateDynamic(info: number, comm: number): number {
    return this.handleCall(this.x.wmpi_win_create_dynamic(info, comm));
  }
  winAttach(win: number, base: number, size: number): void {
    this.check(this.x.wmpi_win_attach(win, base, size));
  }
  winDetach(win: number, base: number): void {
    this.check(this.x.wmpi_win_detach(win, base));
  }
  winFree(win: number): void {
    this.check(this.x.wmpi_win_free(win));
  }
  winGetGroup(win: number): number {
    return this.handleCall(this.x.wmpi_win_get_group(win));
  }
  /** [flag, value] of a predefined window attribute (WIN_BASE: the address). */
  winGetAttr(win: number, keyval: number): [boolean, number] {
    this.check(this.x.wmpi_win_get_attr(win, keyval));
    return [this.out(0) !== 0, this.outCount(1)];
  }
  winSetName(win: number, name: string): void {
    this.withStrings([name], (p) => this.check(this.x.wmpi_win_set_name(win, p)));
  }
  winGetName(win: number): string {
    return this.stringCall((b) => this.x.wmpi_win_get_name(win, b));
  }
  winSetInfo(win: number, info: number): void {
    this.check(this.x.wmpi_win_set_info(win, info));
  }
  winGetInfo(win: number): number {
    return this.handleCall(this.x.wmpi_win_get_info(win));
  }
  winSetErrhandler(win: number, eh: number): void {
    this.check(this.x.wmpi_win_set_errhandler(win, eh));
  }
  winGetErrhandler(win: number): number {
    return this.handleCall(this.x.wmpi_win_get_errhandler(win));
  }
  winCallErrhandler(win: number, code: number): void {
    this.check(this.x.wmpi_win_call_errhandler(win, code));
  }
  /** raise() for a window: an error the facade found, on win's error handler; returns the exception to throw. */
  winRaise(win: number, errclass: number, message: string): MPIException {
    this.withStrings([message], (p) => this.x.wmpi_win_raise(win, errclass, p));
    return new MPIException(errclass, message);
  }

  // ---- one-sided communication: operations (nb: the R-form, whose request handle is returned) ----
  put(nb: boolean, o: number, oc: number, ot: number, t: RmaTarget, win: number): number {
    this.check(this.x.wmpi_put(nb ? 1 : 0, o, oc, ot, t.rank, t.disp, t.count, t.type, win));
    return this.out(0);
  }
  get(nb: boolean, o: number, oc: number, ot: number, t: RmaTarget, win: number): number {
    this.check(this.x.wmpi_get(nb ? 1 : 0, o, oc, ot, t.rank, t.disp, t.count, t.type, win));
    return this.out(0);
  }
  accumulate(nb: boolean, o: number, oc: number, ot: number, t: RmaTarget, op: number, win: number): number {
    this.checkReduction(this.x.wmpi_accumulate(nb ? 1 : 0, o, oc, ot, t.rank, t.disp, t.count, t.type, op, win));
    return this.out(0);
  }
  getAccumulate(nb: boolean, o: number, oc: number, ot: number, r: number, rc: number, rt: number, t: RmaTarget, op: number, win: number): number {
    this.checkReduction(this.x.wmpi_get_accumulate(nb ? 1 : 0, o, oc, ot, r, rc, rt, t.rank, t.disp, t.count, t.type, op, win));
    return this.out(0);
  }
  fetchAndOp(o: number, r: number, type: number, rank: number, disp: number, op: number, win: number): void {
    this.checkReduction(this.x.wmpi_fetch_and_op(o, r, type, rank, disp, op, win));
  }
  compareAndSwap(o: number, c: number, r: number, type: number, rank: number, disp: number, win: number): void {
    this.check(this.x.wmpi_compare_and_swap(o, c, r, type, rank, disp, win));
  }

  // ---- one-sided communication: synchronization ----
  winFence(assert: number, win: number): void {
    this.check(this.x.wmpi_win_fence(assert, win));
  }
  winPost(group: number, assert: number, win: number): void {
    this.check(this.x.wmpi_win_post(group, assert, win));
  }
  winStart(group: number, assert: number, win: number): void {
    this.check(this.x.wmpi_win_start(group, assert, win));
  }
  winComplete(win: number): void {
    this.check(this.x.wmpi_win_complete(win));
  }
  winWait(win: number): void {
    this.check(this.x.wmpi_win_wait(win));
  }
  winTest(win: number): boolean {
    this.check(this.x.wmpi_win_test(win));
    return this.out(0) !== 0;
  }
  winLock(type: number, rank: number, assert: number, win: number): void {
    this.check(this.x.wmpi_win_lock(type, rank, assert, win));
  }
  winUnlock(rank: number, win: number): void {
    this.check(this.x.wmpi_win_unlock(rank, win));
  }
  winLockAll(assert: number, win: number): void {
    this.check(this.x.wmpi_win_lock_all(assert, win));
  }
  winUnlockAll(win: number): void {
    this.check(this.x.wmpi_win_unlock_all(win));
  }
  winFlush(kind: FlushKind, rank: number, win: number): void {
    this.check(this.x.wmpi_win_flush(kind, rank, win));
  }
  winSync(win: number): void {
    this.check(this.x.wmpi_win_sync(win));
  }

  // ---- files (issue 8) ----
  // Offsets and sizes are numbers (exact up to 2^53); `access` numbers a
  // data-access call as (where << 1) | write (Where in ts/mpi/file.ts, ACCESS_* in wasm/abi/file_abi.c).
  fileOpen(comm: number, filename: string, amode: number, info: number): number {
    return this.withStrings([filename], (f) => this.handleCall(this.x.wmpi_file_open(comm, f, amode, info)));
  }
  fileClose(fh: number): void {
    this.check(this.x.wmpi_file_close(fh));
  }
  fileDelete(filename: string, info: number): void {
    this.withStrings([filename], (f) => this.check(this.x.wmpi_file_delete(f, info)));
  }
  /** MPI_File_set_size, or MPI_File_preallocate when growOnly. */
  fileSetSize(fh: number, size: number, growOnly: boolean): void {
    this.check(this.x.wmpi_file_set_size(fh, size, growOnly ? 1 : 0));
  }
  fileGetSize(fh: number): number {
    this.check(this.x.wmpi_file_get_size(fh));
    return this.outCount(0);
  }
  fileGetGroup(fh: number): number {
    return this.handleCall(this.x.wmpi_file_get_group(fh));
  }
  fileGetAmode(fh: number): number {
    return this.handleCall(this.x.wmpi_file_get_amode(fh));
  }
  fileSetInfo(fh: number, info: number): void {
    this.check(this.x.wmpi_file_set_info(fh, info));
  }
  fileGetInfo(fh: number): number {
    return this.handleCall(this.x.wmpi_file_get_info(fh));
  }
  fileSync(fh: number): void {
    this.check(this.x.wmpi_file_sync(fh));
  }
  fileSetAtomicity(fh: number, flag: boolean): void {
    this.check(this.x.wmpi_file_set_atomicity(fh, flag ? 1 : 0));
  }
  fileGetAtomicity(fh: number): boolean {
    return this.handleCall(this.x.wmpi_file_get_atomicity(fh)) !== 0;
  }
  fileSetErrhandler(fh: number, eh: number): void {
    this.check(this.x.wmpi_file_set_errhandler(fh, eh));
  }
  fileGetErrhandler(fh: number): number {
    return this.handleCall(this.x.wmpi_file_get_errhandler(fh));
  }
  fileCallErrhandler(fh: number, code: number): void {
    this.check(this.x.wmpi_file_call_errhandler(fh, code));
  }
  /** Raises an error the facade found on the file's error handler, then returns the exception to throw. */
  fileRaise(fh: number, errclass: number, message: string): MPIException {
    this.withStrings([message], (m) => this.x.wmpi_file_raise(fh, errclass, m));
    return new MPIException(errclass, message);
  }
  fileSetView(fh: number, disp: number, etype: number, filetype: number, datarep: string, info: number): void {
    this.withStrings([datarep], (d) => this.check(this.x.wmpi_file_set_view(fh, disp, etype, filetype, d, info)));
  }
  /** [disp, etype, filetype, datarep]; a derived etype or filetype is a new handle the caller frees. */
  fileGetView(fh: number): [number, number, number, string] {
    const buf = this.malloc(128);
    try {
      this.check(this.x.wmpi_file_get_view(fh, buf));
      return [this.outCount(0), this.out(1), this.out(2), this.cString(buf)];
    } finally {
      this.free(buf);
    }
  }
  fileGetTypeExtent(fh: number, t: number): number {
    this.check(this.x.wmpi_file_get_type_extent(fh, t));
    return this.outCount(0);
  }
  /** MPI_File_seek, or MPI_File_seek_shared when shared. */
  fileSeek(fh: number, offset: number, whence: number, shared: boolean): void {
    this.check(this.x.wmpi_file_seek(fh, offset, whence, shared ? 1 : 0));
  }
  /** MPI_File_get_position, or MPI_File_get_position_shared when shared. */
  fileGetPosition(fh: number, shared: boolean): number {
    this.check(this.x.wmpi_file_get_position(fh, shared ? 1 : 0));
    return this.outCount(0);
  }
  fileGetByteOffset(fh: number, offset: number): number {
    this.check(this.x.wmpi_file_get_byte_offset(fh, offset));
    return this.outCount(0);
  }
  /** A blocking data-access call; its status goes to st. */
  fileRw(access: number, fh: number, offset: number, buf: number, count: number, t: number, st: number): void {
    this.check(this.x.wmpi_file_rw(access, fh, offset, buf, count, t, st));
  }
  /** A nonblocking data-access call: its request. */
  fileIrw(access: number, fh: number, offset: number, buf: number, count: number, t: number): number {
    return this.handleCall(this.x.wmpi_file_irw(access, fh, offset, buf, count, t));
  }
  /** A split collective's _begin; buf goes to fileRwEnd again. */
  fileRwBegin(access: number, fh: number, offset: number, buf: number, count: number, t: number): void {
    this.check(this.x.wmpi_file_rw_begin(access, fh, offset, buf, count, t));
  }
  /** A split collective's _end; its status goes to st. */
  fileRwEnd(access: number, fh: number, buf: number, st: number): void {
    this.check(this.x.wmpi_file_rw_end(access, fh, buf, st));
  }
}
