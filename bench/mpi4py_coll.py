"""mpi4py side of bench/collectives.mjs: every collective in buffer and pickle mode, as the
mpi4py paper compares them with C (and its alltoall figure).

    mpirun.openmpi -n N python3 bench/mpi4py_coll.py --op OP --mode buffer|object \\
        --plan SIZE:ITERS:WARMUP,... [--budget-ms MS]

buffer: the uppercase calls on numpy arrays: Bcast(uint8 SIZE, 0), Allreduce(float64 SIZE/8,
        SUM), Alltoall(uint8 N*SIZE: a SIZE-byte block to each rank), Allgather, Barrier.
object: the lowercase calls through pickle: bcast(uint8 array), allreduce(float64 array, SUM:
        numpy adds element by element), alltoall(list of N uint8 arrays), allgather(uint8
        array); no barrier (the same operation in both modes).
Sizes, patterns and checks are those of bench/native/osu_coll.c.

The plan, the order (every warm-up first, then per case a checked operation, the warm-up
again and the timed operations), the timing of each operation on its own with an untimed
barrier after it, and the budget rules are those of bench/native/osu_coll.c and
bench/wmpi-coll.ts. Rank 0 prints one JSON line per case.
"""

import json
import sys

import numpy as np
from mpi4py import MPI

from bench_args import arg


comm = MPI.COMM_WORLD
rank = comm.Get_rank()
nprocs = comm.Get_size()
mode = arg("--mode", "buffer")
op = arg("--op", "alltoall")
if mode not in ("buffer", "object"):
    sys.exit(f"mpi4py_coll: unknown --mode {mode}")
if op not in ("bcast", "allreduce", "alltoall", "allgather", "barrier") or (op, mode) == ("barrier", "object"):
    sys.exit(f"mpi4py_coll: no {mode} mode of {op}")
budget = float(arg("--budget-ms", "400")) / 1000
plan = []
for item in arg("--plan").split(","):
    size, iters, warmup = (int(x) for x in item.split(":"))
    plan.append((size, max(1, iters), warmup))

wtime = MPI.Wtime


def pattern(src, dst, size):
    """The block that rank src sends to rank dst in a case of `size` bytes (as osu_coll.c)."""
    i = np.arange(size, dtype=np.int64)
    return ((i * 13 + src * 31 + dst * 7 + size + 1) & 255).astype(np.uint8)


def buffer_run(sbuf, rbuf):
    return {
        "bcast": lambda: comm.Bcast(rbuf, 0),
        "allreduce": lambda: comm.Allreduce(sbuf, rbuf, op=MPI.SUM),
        "alltoall": lambda: comm.Alltoall(sbuf, rbuf),
        "allgather": lambda: comm.Allgather(sbuf, rbuf),
        "barrier": comm.Barrier,
    }[op]


def object_run(c):
    call = {
        "bcast": lambda: comm.bcast(c.sbuf if rank == 0 else None, 0),
        "allreduce": lambda: comm.allreduce(c.sbuf, op=MPI.SUM),
        "alltoall": lambda: comm.alltoall(c.blocks),
        "allgather": lambda: comm.allgather(c.sbuf),
    }[op]

    def run():
        c.got = call()

    return run


class Case:
    def __init__(self, size, iters, warmup):
        self.size, self.iters, self.warmup = size, iters, warmup
        n = size // 8 if op == "allreduce" else size
        dtype = np.float64 if op == "allreduce" else np.uint8
        self.sbuf = np.zeros(n * (nprocs if op == "alltoall" and mode == "buffer" else 1), dtype=dtype)
        self.rbuf = np.zeros(n * (nprocs if op in ("alltoall", "allgather") else 1), dtype=dtype)
        self.blocks = [np.zeros(size, dtype=np.uint8) for _ in range(nprocs)] if op == "alltoall" and mode == "object" else None
        self.got = None
        self.run = buffer_run(self.sbuf, self.rbuf) if mode == "buffer" else object_run(self)

    def fill(self):
        s = self.size
        self.rbuf[:] = 0
        self.got = None
        if op == "bcast":
            (self.sbuf if mode == "object" else self.rbuf)[:] = pattern(0, 0, s) if rank == 0 else 0
        elif op == "allreduce":
            self.sbuf[:] = (rank + 1) * (np.arange(s // 8) % 97 + 1)
        elif op == "alltoall":
            for dst in range(nprocs):
                block = pattern(rank, dst, s)
                if mode == "buffer":
                    self.sbuf[dst * s:(dst + 1) * s] = block
                else:
                    self.blocks[dst][:] = block
        elif op == "allgather":
            self.sbuf[:] = pattern(rank, 0, s)

    def check(self):
        s = self.size
        if op == "barrier":
            return
        if op == "allreduce":
            got = self.rbuf if mode == "buffer" else self.got
            ok = isinstance(got, np.ndarray) and np.array_equal(got, nprocs * (nprocs + 1) // 2 * (np.arange(s // 8) % 97 + 1))
        elif op == "bcast":
            got = self.rbuf if mode == "buffer" else self.got
            ok = isinstance(got, np.ndarray) and np.array_equal(got, pattern(0, 0, s))
        else:
            want = [pattern(src, rank if op == "alltoall" else 0, s) for src in range(nprocs)]
            got = [self.rbuf[src * s:(src + 1) * s] for src in range(nprocs)] if mode == "buffer" else self.got
            ok = len(got) == nprocs and all(len(g) == s and np.array_equal(g, w) for g, w in zip(got, want))
        if not ok:
            raise RuntimeError(f"mpi4py_coll {op} {mode} of {s} B: rank {rank} got a wrong result")
        self.got = None


def timed_ops(c, n):
    run, barrier = c.run, comm.Barrier
    between = op != "barrier"  # as OSU: an untimed barrier after each operation, but in the barrier test
    total = 0.0
    for _ in range(n):
        t0 = wtime()
        run()
        total += wtime() - t0
        if between:
            barrier()
    return total


def wall_per_op(c, n):
    t0 = wtime()
    timed_ops(c, n)
    return comm.allreduce((wtime() - t0) / max(1, n), op=MPI.MAX)


def fit(time, per_op, lo, hi):
    return min(hi, max(lo, int(time / per_op) if per_op > 0 else hi))


def warm(c, n):
    spent, per_op, done, batch = 0.0, 0.0, 0, 1
    while done < n and spent < budget:
        k = min(batch, n - done)
        if per_op > 0:
            k = fit(budget - spent, per_op, 1, k)
        per_op = wall_per_op(c, k)
        spent += per_op * k
        done += k
        batch *= 2
    return per_op, done


def timer_cost():
    """The cost of one MPI.Wtime() call (us): every timed operation includes two."""
    best = float("inf")
    for _ in range(5):
        t0 = wtime()
        for _ in range(20000):
            wtime()
        best = min(best, (wtime() - t0) * 1e6 / 20001)
    return best


timer_us = timer_cost()
cases = [Case(*p) for p in plan]
if rank == 0:
    print(json.dumps({"library": MPI.Get_library_version().split("\n")[0].strip().rstrip("\x00"), "mpi4py": __import__("mpi4py").__version__, "ranks": nprocs}), flush=True)
for c in cases:
    warm(c, c.warmup)
for c in cases:
    c.fill()
    c.run()
    c.check()
    comm.Barrier()
    per_op, warmup = warm(c, max(1, c.warmup))
    iters = fit(budget, per_op, min(c.iters, 5), c.iters)
    lat = timed_ops(c, iters) * 1e6 / iters
    lats = comm.gather(lat, root=0)
    if rank == 0:
        print(json.dumps({"op": op, "mode": mode, "case": str(c.size), "size": c.size, "iters": iters, "warmup": warmup,
                          "max_us": max(lats), "min_us": min(lats), "avg_us": sum(lats) / nprocs, "timer_us": timer_us, "verified": True}), flush=True)
