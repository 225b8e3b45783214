/* Two independent jobs meet through a port, over the C API (issue 9): run as
 *   wmpiexec -n N --preopen DIR connect_jobs.wasm server DIR/port
 *   wmpiexec -n M --preopen DIR connect_jobs.wasm client DIR/port
 * The server's rank 0 opens a port and writes its name to the file (through a
 * temporary name, renamed when whole); the client's rank 0 waits for the file.
 * Both groups then exchange ranks both ways, allreduce across the
 * intercommunicator, merge it (server first) and allreduce there, disconnect.
 * MPI_Comm_join is refused: a C program's descriptors are its sandbox's. */
#include "../conformance/ctest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN); /* (MPI_Comm_join raises on it) */
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int server = argc > 2 && strcmp(argv[1], "server") == 0;
    const char *file = argc > 2 ? argv[2] : "port";
    char port[MPI_MAX_PORT_NAME] = {0};
    if (rank == 0 && server) {
        CHECK_MPI(MPI_Open_port(MPI_INFO_NULL, port));
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s.tmp", file);
        FILE *f = fopen(tmp, "w");
        CHECK(f != NULL, "cannot write %s", tmp);
        if (f) {
            fputs(port, f);
            fclose(f);
            CHECK(rename(tmp, file) == 0, "cannot rename %s", tmp);
        }
    } else if (rank == 0) {
        FILE *f = NULL;
        for (int tries = 0; f == NULL && tries < 3000; tries++)
            if ((f = fopen(file, "r")) == NULL)
                usleep(10000);
        CHECK(f != NULL, "no port file %s", file);
        if (f) {
            CHECK(fgets(port, sizeof port, f) != NULL, "empty port file");
            fclose(f);
        }
    }
    MPI_Comm inter;
    int rc = server ? MPI_Comm_accept(port, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter)
                    : MPI_Comm_connect(port, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter);
    CHECK(rc == MPI_SUCCESS, "%s returned %d", server ? "MPI_Comm_accept" : "MPI_Comm_connect", rc);
    if (rc == MPI_SUCCESS) {
        int remote;
        MPI_Comm_remote_size(inter, &remote);
        /* every rank sends its rank to remote rank 0, which checks it heard each once */
        CHECK_MPI(MPI_Send(&rank, 1, MPI_INT, 0, 1, inter));
        if (rank == 0) {
            int seen = 0;
            for (int i = 0; i < remote; i++) {
                int v;
                MPI_Status st;
                CHECK_MPI(MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 1, inter, &st));
                CHECK(v == st.MPI_SOURCE, "rank %d sent %d", st.MPI_SOURCE, v);
                seen += 1 << v;
            }
            CHECK(seen == (1 << remote) - 1, "heard the remote ranks as a mask %x", seen);
        }
        int sum = 0, one = 1;
        CHECK_MPI(MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, inter));
        CHECK(sum == remote, "allreduce across gave %d, not %d", sum, remote);
        MPI_Comm merged;
        CHECK_MPI(MPI_Intercomm_merge(inter, !server, &merged));
        int mrank, msize;
        MPI_Comm_rank(merged, &mrank);
        MPI_Comm_size(merged, &msize);
        CHECK(msize == size + remote, "merged size %d", msize);
        CHECK(mrank == (server ? rank : remote + rank), "merged rank %d", mrank);
        long total = 0, mine = mrank;
        CHECK_MPI(MPI_Allreduce(&mine, &total, 1, MPI_LONG, MPI_SUM, merged));
        CHECK(total == (long)msize * (msize - 1) / 2, "merged allreduce %ld", total);
        MPI_Comm_free(&merged);
        CHECK_MPI(MPI_Comm_disconnect(&inter));
    }
    if (rank == 0 && server) {
        CHECK_MPI(MPI_Close_port(port));
        unlink(file);
    }
    MPI_Comm joined;
    CHECK(MPI_Comm_join(0, &joined) == MPI_ERR_ARG, "MPI_Comm_join from a C program");
    return ctest_finish();
}
