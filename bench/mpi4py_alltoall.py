"""mpi4py side of bench/collectives.mjs: the mpi4py paper's alltoall figure.

    mpirun.openmpi -n N python3 bench/mpi4py_alltoall.py --mode buffer|object \\
        --plan SIZE:ITERS:WARMUP,... [--budget-ms MS]

buffer: comm.Alltoall(sbuf, rbuf) on numpy uint8 arrays of N*SIZE bytes (each rank sends a
        SIZE-byte block to each rank), the buffer-mode overhead over the C reference.
object: comm.alltoall(list of N numpy uint8 arrays of SIZE bytes) through pickle, the
        object-mode throughput 2(N-1)SIZE/time.

The plan, the order (every warm-up first, then per case a checked operation, the warm-up
again and the timed operations), the timing of each operation on its own with an untimed
barrier after it, and the budget rules are those of bench/native/osu_coll.c and
bench/wmpi-coll.ts. Rank 0 prints one JSON line per case.
"""

import json
import sys

import numpy as np
from mpi4py import MPI


def arg(name, default=None):
    if name in sys.argv:
        i = sys.argv.index(name)
        if i + 1 < len(sys.argv):
            return sys.argv[i + 1]
    if default is None:
        sys.exit(f"mpi4py_alltoall: {name} is required")
    return default


comm = MPI.COMM_WORLD
rank = comm.Get_rank()
nprocs = comm.Get_size()
mode = arg("--mode", "buffer")
if mode not in ("buffer", "object"):
    sys.exit(f"mpi4py_alltoall: unknown --mode {mode}")
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


class Case:
    def __init__(self, size, iters, warmup):
        self.size, self.iters, self.warmup = size, iters, warmup
        if mode == "buffer":
            self.sbuf = np.zeros(size * nprocs, dtype=np.uint8)
            self.rbuf = np.zeros(size * nprocs, dtype=np.uint8)
            sbuf, rbuf = self.sbuf, self.rbuf
            self.run = lambda: comm.Alltoall(sbuf, rbuf)
        else:
            self.list = [np.zeros(size, dtype=np.uint8) for _ in range(nprocs)]
            self.got = None

            def run():
                self.got = comm.alltoall(self.list)

            self.run = run

    def fill(self):
        s = self.size
        for dst in range(nprocs):
            if mode == "buffer":
                self.sbuf[dst * s:(dst + 1) * s] = pattern(rank, dst, s)
            else:
                self.list[dst][:] = pattern(rank, dst, s)
        if mode == "buffer":
            self.rbuf[:] = 0
        self.got = None

    def check(self):
        s = self.size
        for src in range(nprocs):
            block = self.rbuf[src * s:(src + 1) * s] if mode == "buffer" else self.got[src]
            if len(block) != s or not np.array_equal(block, pattern(src, rank, s)):
                raise RuntimeError(f"mpi4py_alltoall {mode} of {s} B: rank {rank} got a wrong block from {src}")
        self.got = None


def timed_ops(c, n):
    run, barrier = c.run, comm.Barrier
    total = 0.0
    for _ in range(n):
        t0 = wtime()
        run()
        total += wtime() - t0
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
        print(json.dumps({"op": "alltoall", "mode": mode, "case": str(c.size), "size": c.size, "iters": iters, "warmup": warmup,
                          "max_us": max(lats), "min_us": min(lats), "avg_us": sum(lats) / nprocs, "timer_us": timer_us, "verified": True}), flush=True)
