"""Command-line options of the mpi4py benchmark programs (mpi4py_coll.py, mpi4py_p2p.py)."""
import os
import sys


def arg(name, default=None):
    """The value after `name` on the command line; `default` when absent (None: required)."""
    if name in sys.argv:
        i = sys.argv.index(name)
        if i + 1 < len(sys.argv):
            return sys.argv[i + 1]
    if default is None:
        program = os.path.splitext(os.path.basename(sys.argv[0]))[0]
        sys.exit(f"{program}: {name} is required")
    return default
