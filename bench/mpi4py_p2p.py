"""mpi4py side of bench/p2p.mjs: ping-pong, osu_bw, osu_bibw and a Sendrecv ring, the twin of
bench/native/osu_p2p.c and bench/wmpi-p2p.ts (same tests, order, timing rules and output; the C
file's header explains them).

    mpirun.openmpi -n N python3 bench/mpi4py_p2p.py --mode MODE --tests pingpong,bw,bibw,ring \\
        --plan SIZE:MAXITERS:MAXWARMUP,... [--budget-ms MS] [--window W]

Modes (SIZE bytes per message), the mpi4py paper's buffer and pickle communication:
  buffer  Send/Recv, Isend/Irecv, Sendrecv of numpy uint8 arrays
  object  send/recv, isend/irecv, sendrecv (pickle) of a numpy float64 array of SIZE/8 doubles
  array   the same with a Python list of SIZE/8 floats
  dict    the same with the small dict {"a": 1, "b": [1, 2, 3]}: one case, "dict", size 0
irecv() is given a buffer big enough for the pickle: without one mpi4py receives at most 32 KiB.
"""

import json
import sys

import numpy as np
from mpi4py import MPI

from bench_args import arg

TESTS = ("pingpong", "bw", "bibw", "ring")
TAG, ACK_TAG = 1, 2


comm = MPI.COMM_WORLD
rank, nprocs = comm.Get_rank(), comm.Get_size()
mode = arg("--mode")
if mode not in ("buffer", "object", "array", "dict"):
    sys.exit(f"mpi4py_p2p: unknown --mode {mode}")
tests = arg("--tests", ",".join(TESTS)).split(",")
if any(t not in TESTS for t in tests):
    sys.exit(f"mpi4py_p2p: unknown test in {tests}")
if nprocs < 2 or (nprocs > 2 and any(t != "ring" for t in tests)):
    sys.exit("mpi4py_p2p: pingpong, bw and bibw run on exactly 2 ranks, ring on 2 or more")
budget = float(arg("--budget-ms", "200")) / 1000
window = int(arg("--window", "64"))
plan = []
for item in arg("--plan").split(","):
    size, iters, warmup = (int(x) for x in item.split(":"))
    if mode == "dict":
        size = 0
    if not any(p[0] == size for p in plan):
        plan.append((size, max(5, iters), max(1, warmup)))

peer = 1 - rank
right, left = (rank + 1) % nprocs, (rank + nprocs - 1) % nprocs
wtime = MPI.Wtime
ack = np.zeros(4, dtype=np.uint8)


def pattern(size, src):
    """osu_p2p.c's bytes of a message of `size` bytes from rank src (the object modes add 0.5 to each of size/8)."""
    return ((np.arange(size, dtype=np.int64) * 13 + size + src * 31 + 1) & 255).astype(np.uint8)


def payload(size, src):
    if mode == "dict":
        return {"a": 1, "b": [1, 2, 3]}
    xs = ((np.arange(size // 8, dtype=np.int64) * 13 + size + src * 31 + 1) & 255) + 0.5
    return xs.tolist() if mode == "array" else xs


def receives_from(test):
    if test == "ring":
        return left
    if test == "bw":
        return 0 if rank == 1 else None
    return peer


class BufferCase:
    def __init__(self, test, size, iters, warmup):
        self.test, self.size, self.iters, self.warmup = test, size, iters, warmup
        self.sbuf = pattern(size, rank)
        self.rbuf = np.zeros(size, dtype=np.uint8)

    def step(self, w):
        s, r, t = self.sbuf, self.rbuf, self.test
        if t == "pingpong":
            if rank == 0:
                comm.Send(s, peer, TAG)
                comm.Recv(r, peer, TAG)
            else:
                comm.Recv(r, peer, TAG)
                comm.Send(s, peer, TAG)
        elif t == "bw":
            if rank == 0:
                MPI.Request.Waitall([comm.Isend(s, peer, TAG) for _ in range(w)])
                comm.Recv(ack, peer, ACK_TAG)
            else:
                MPI.Request.Waitall([comm.Irecv(r, peer, TAG) for _ in range(w)])
                comm.Send(ack, peer, ACK_TAG)
        elif t == "bibw":
            reqs = [comm.Irecv(r, peer, TAG) for _ in range(w)]
            reqs += [comm.Isend(s, peer, TAG) for _ in range(w)]
            MPI.Request.Waitall(reqs)
        else:
            comm.Sendrecv(s, right, TAG, r, left, TAG)

    def verify(self):
        self.rbuf[:] = 0
        self.step(1)
        src = receives_from(self.test)
        if src is not None and not np.array_equal(self.rbuf, pattern(self.size, src)):
            raise RuntimeError(f"mpi4py_p2p buffer {self.test} {self.size} B: rank {rank}: wrong bytes")


class ObjectCase:
    def __init__(self, test, size, iters, warmup):
        self.test, self.size, self.iters, self.warmup = test, size, iters, warmup
        self.mine = payload(size, rank)
        self.got = None
        # room for the pickle of a list of floats (9 bytes each) and its framing
        self.bufs = [bytearray(2 * size + 4096) for _ in range(window if test in ("bw", "bibw") else 0)]

    def step(self, w):
        t, mine = self.test, self.mine
        if t == "pingpong":
            if rank == 0:
                comm.send(mine, peer, TAG)
                self.got = comm.recv(source=peer, tag=TAG)
            else:
                self.got = comm.recv(source=peer, tag=TAG)
                comm.send(mine, peer, TAG)
        elif t == "bw":
            if rank == 0:
                MPI.Request.waitall([comm.isend(mine, peer, TAG) for _ in range(w)])
                comm.Recv(ack, peer, ACK_TAG)
            else:
                self.got = MPI.Request.waitall([comm.irecv(self.bufs[i], peer, TAG) for i in range(w)])[w - 1]
                comm.Send(ack, peer, ACK_TAG)
        elif t == "bibw":
            reqs = [comm.irecv(self.bufs[i], peer, TAG) for i in range(w)]
            reqs += [comm.isend(mine, peer, TAG) for _ in range(w)]
            self.got = MPI.Request.waitall(reqs)[w - 1]
        else:
            self.got = comm.sendrecv(mine, right, TAG, source=left, recvtag=TAG)

    def verify(self):
        self.got = None
        self.step(1)
        src = receives_from(self.test)
        if src is None:
            return
        want, got = payload(self.size, src), self.got
        same = got == want if mode in ("dict", "array") else isinstance(got, np.ndarray) and np.array_equal(got, want)
        if not same or type(got) is not type(want):
            raise RuntimeError(f"mpi4py_p2p {mode} {self.test} {self.size} B: rank {rank}: received a different object")
        self.got = None


def run_steps(c, n):
    t0 = wtime()
    for _ in range(n):
        c.step(window)
    return wtime() - t0


def warm(c):
    """Batches of 1, 2, 4, ... steps until the budget or c.warmup steps; rank 0 decides. Seconds per step."""
    spent, done, batch = 0.0, 0, 1
    while True:
        dt = run_steps(c, batch)
        done += batch
        spent += dt
        per_step, go = comm.bcast((dt / batch, done < c.warmup and spent < budget), root=0)
        if not go:
            return per_step
        batch = min(batch * 2, c.warmup - done)


Case = BufferCase if mode == "buffer" else ObjectCase
cases = [Case(t, *p) for t in tests for p in plan]
if rank == 0:
    print(json.dumps({"library": MPI.Get_library_version().split("\n")[0].strip().rstrip("\x00"), "mpi4py": __import__("mpi4py").__version__, "ranks": nprocs}), flush=True)
for c in cases:
    warm(c)
for c in cases:
    c.verify()
    comm.Barrier()
    per_step = warm(c)
    iters = min(c.iters, max(5, int(budget / per_step) if per_step > 0 else c.iters))
    comm.Barrier()
    dt = run_steps(c, iters)
    if rank == 0:
        print(json.dumps({"test": c.test, "case": "dict" if mode == "dict" else str(c.size), "size": c.size, "iters": iters,
                          "window": window if c.test in ("bw", "bibw") else 1, "us": dt * 1e6 / iters, "verified": True}), flush=True)
