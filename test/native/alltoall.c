/* Every rank sends to every other at once (several producers reserving cells
 * of one ring concurrently), random sizes on both sides of the eager limit,
 * received with MPI_ANY_SOURCE into posted and unexpected receives; each
 * sender's messages arrive whole and in order. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define PER_PEER 150
#define MAXLEN 6000

static size_t size_for(int src, int i)
{
    uint32_t x = (uint32_t)(src * 7919 + i) * 2654435761u;
    return 4 + (x >> 8) % (x & 1 ? 400 : MAXLEN - 4);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, total = PER_PEER * (n - 1);
    char *out, *in;
    MPI_Alloc_mem((MPI_Aint)PER_PEER * MAXLEN, MPI_INFO_NULL, &out);
    in = malloc((size_t)total * MAXLEN);
    MPI_Request *sends = malloc(sizeof *sends * (size_t)total), *recvs = malloc(sizeof *recvs * (size_t)total);
    MPI_Status *sts = malloc(sizeof *sts * (size_t)total);
    int half = total / 2;
    for (int k = 0; k < half; k++)
        MPI_Irecv(in + (size_t)k * MAXLEN, MAXLEN, MPI_BYTE, MPI_ANY_SOURCE, 1, MPI_COMM_WORLD, &recvs[k]);
    for (int i = 0; i < PER_PEER; i++) {
        size_t len = size_for(mtest_rank, i);
        mtest_fill(out + (size_t)i * MAXLEN, len, (unsigned)(mtest_rank * 1000 + i));
        memcpy(out + (size_t)i * MAXLEN, &i, sizeof i);
    }
    int s = 0;
    for (int i = 0; i < PER_PEER; i++)
        for (int d = 1; d < n; d++) {
            int dest = (mtest_rank + d) % n;
            MPI_Isend(out + (size_t)i * MAXLEN, (int)size_for(mtest_rank, i), MPI_BYTE, dest, 1, MPI_COMM_WORLD,
                      &sends[s++]);
        }
    for (int k = half; k < total; k++)
        MPI_Irecv(in + (size_t)k * MAXLEN, MAXLEN, MPI_BYTE, MPI_ANY_SOURCE, 1, MPI_COMM_WORLD, &recvs[k]);
    MPI_Waitall(total, recvs, sts);
    MPI_Waitall(total, sends, MPI_STATUSES_IGNORE);
    int next[16] = {0};
    for (int k = 0; k < total; k++) {
        int src = sts[k].MPI_SOURCE, seq, count;
        char *msg = in + (size_t)k * MAXLEN;
        memcpy(&seq, msg, sizeof seq);
        MPI_Get_count(&sts[k], MPI_BYTE, &count);
        CHECK(src >= 0 && src < n && src != mtest_rank, "receive %d: source %d", k, src);
        if (src < 0 || src >= n)
            continue;
        CHECK(seq == next[src], "from %d: message %d arrived where %d was due", src, seq, next[src]);
        next[src] = seq + 1;
        size_t len = size_for(src, seq);
        CHECK(count == (int)len, "from %d, message %d: %d bytes, want %zu", src, seq, count, len);
        char expect[MAXLEN];
        mtest_fill(expect, len, (unsigned)(src * 1000 + seq));
        memcpy(expect, &seq, sizeof seq);
        CHECK(memcmp(expect, msg, len) == 0, "from %d, message %d: data differ", src, seq);
    }
    MPI_Free_mem(out);
    free(in);
    free(sends);
    free(recvs);
    free(sts);
    return mtest_finalize();
}
