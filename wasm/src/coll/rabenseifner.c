/* Rabenseifner's building blocks, shared by Allreduce and Reduce (MPICH's
 * allreduce_reduce_scatter_allgather and reduce_reduce_scatter_gather): the
 * ranks past the largest power of two fold into their neighbours, the
 * vector is reduce-scattered by recursive halving over the pof2 new ranks,
 * then brought together by recursive doubling (allgather) or a binomial
 * gather to the root. */
#include "rabenseifner.h"

int MPIR_Rsa_real_rank(int newrank, int rem) { return newrank < rem ? newrank * 2 + 1 : newrank + rem; }

int MPIR_Rsa_fold_in(MPIR_Sched *s, void *acc, void *tmp, MPI_Count count, MPI_Datatype type, MPI_Op op, int rem,
                     MPIR_Comm *comm)
{
    int rank = comm->rank;
    if (rank >= 2 * rem)
        return rank - rem;
    if (rank % 2 == 0) {
        MPIR_Sched_send(s, acc, count, type, rank + 1, comm);
        MPIR_Sched_barrier(s);
        return -1;
    }
    MPIR_Sched_recv(s, tmp, count, type, rank - 1, comm);
    MPIR_Sched_barrier(s);
    MPIR_Sched_reduce(s, tmp, acc, count, type, op); /* the lower rank's data on the left */
    MPIR_Sched_barrier(s);
    return rank / 2;
}

void MPIR_Rsa_fold_out(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int rem, MPIR_Comm *comm)
{
    int rank = comm->rank;
    if (rank >= 2 * rem)
        return;
    MPIR_Sched_barrier(s);
    if (rank % 2)
        MPIR_Sched_send(s, buf, count, type, rank - 1, comm);
    else
        MPIR_Sched_recv(s, buf, count, type, rank + 1, comm);
}

int MPIR_Rsa_init(MPIR_Sched *s, MPIR_Rsa *r, MPI_Count count, MPIR_Comm *comm)
{
    r->pof2 = 1;
    while (r->pof2 * 2 <= comm->size)
        r->pof2 *= 2;
    r->rem = comm->size - r->pof2;
    r->cnts = MPIR_Sched_alloc(s, sizeof *r->cnts * (size_t)r->pof2);
    r->disps = MPIR_Sched_alloc(s, sizeof *r->disps * (size_t)r->pof2);
    if (r->cnts == NULL || r->disps == NULL)
        return 0;
    for (int i = 0; i < r->pof2; i++) {
        r->cnts[i] = count / r->pof2 + (i < count % r->pof2 ? 1 : 0);
        r->disps[i] = i ? r->disps[i - 1] + r->cnts[i - 1] : 0;
    }
    r->send_idx = 0;
    r->last_idx = r->pof2;
    return 1;
}

/* elements of pieces [a, b) */
static MPI_Count span(const MPIR_Rsa *r, int a, int b)
{
    return b > a ? r->disps[b - 1] + r->cnts[b - 1] - r->disps[a] : 0;
}

void MPIR_Rsa_reduce_scatter(MPIR_Sched *s, MPIR_Rsa *r, char *acc, char *tmp, MPI_Datatype type, MPI_Op op,
                             MPIR_Comm *comm)
{
    MPI_Aint ext = MPIR_Type_extent(type);
    int pof2 = r->pof2, send_idx = 0, recv_idx = 0, last_idx = pof2;
    for (int mask = 1; mask < pof2;) {
        int newdst = r->newrank ^ mask, dst = MPIR_Rsa_real_rank(newdst, r->rem);
        MPI_Count send_cnt, recv_cnt;
        if (r->newrank < newdst) {
            send_idx = recv_idx + pof2 / (mask * 2);
            send_cnt = span(r, send_idx, last_idx);
            recv_cnt = span(r, recv_idx, send_idx);
        } else {
            recv_idx = send_idx + pof2 / (mask * 2);
            send_cnt = span(r, send_idx, recv_idx);
            recv_cnt = span(r, recv_idx, last_idx);
        }
        MPIR_Sched_send(s, acc + r->disps[send_idx] * ext, send_cnt, type, dst, comm);
        MPIR_Sched_recv(s, tmp + r->disps[recv_idx] * ext, recv_cnt, type, dst, comm);
        MPIR_Sched_barrier(s);
        MPIR_Sched_reduce(s, tmp + r->disps[recv_idx] * ext, acc + r->disps[recv_idx] * ext, recv_cnt, type, op);
        MPIR_Sched_barrier(s);
        send_idx = recv_idx;
        mask <<= 1;
        if (mask < pof2) /* the last range is what the gathering phase starts from */
            last_idx = recv_idx + pof2 / mask;
    }
    r->send_idx = send_idx;
    r->last_idx = last_idx;
}

void MPIR_Rsa_allgather(MPIR_Sched *s, MPIR_Rsa *r, char *acc, MPI_Datatype type, MPIR_Comm *comm)
{
    MPI_Aint ext = MPIR_Type_extent(type);
    int pof2 = r->pof2, send_idx = r->send_idx, last_idx = r->last_idx, recv_idx;
    for (int mask = pof2 >> 1; mask > 0; mask >>= 1) {
        int newdst = r->newrank ^ mask, dst = MPIR_Rsa_real_rank(newdst, r->rem);
        MPI_Count send_cnt, recv_cnt;
        if (r->newrank < newdst) {
            if (mask != pof2 / 2)
                last_idx = last_idx + pof2 / (mask * 2);
            recv_idx = send_idx + pof2 / (mask * 2);
            send_cnt = span(r, send_idx, recv_idx);
            recv_cnt = span(r, recv_idx, last_idx);
        } else {
            recv_idx = send_idx - pof2 / (mask * 2);
            send_cnt = span(r, send_idx, last_idx);
            recv_cnt = span(r, recv_idx, send_idx);
        }
        MPIR_Sched_send(s, acc + r->disps[send_idx] * ext, send_cnt, type, dst, comm);
        MPIR_Sched_recv(s, acc + r->disps[recv_idx] * ext, recv_cnt, type, dst, comm);
        MPIR_Sched_barrier(s);
        if (r->newrank > newdst)
            send_idx = recv_idx;
    }
}

void MPIR_Rsa_gather(MPIR_Sched *s, MPIR_Rsa *r, char *acc, MPI_Datatype type, int root, MPIR_Comm *comm)
{
    MPI_Aint ext = MPIR_Type_extent(type);
    int pof2 = r->pof2, rem = r->rem, rank = comm->rank;
    int send_idx = r->send_idx, last_idx = r->last_idx, recv_idx, newroot;
    /* a root that sat out takes the place of new rank 0, which hands it piece 0 */
    int root_sat_out = root < 2 * rem && root % 2 == 0;
    if (root_sat_out) {
        newroot = 0;
        if (rank == root) {
            MPIR_Sched_recv(s, acc, r->cnts[0], type, MPIR_Rsa_real_rank(0, rem), comm);
            MPIR_Sched_barrier(s);
            r->newrank = 0;
            send_idx = 0;
            last_idx = 2;
        } else if (r->newrank == 0) {
            MPIR_Sched_send(s, acc, r->cnts[0], type, root, comm);
            MPIR_Sched_barrier(s);
            r->newrank = -1;
        }
    } else {
        newroot = root < 2 * rem ? root / 2 : root - rem;
    }
    if (r->newrank == -1)
        return;
    int j = 0;
    while ((1 << j) < pof2)
        j++;
    for (int mask = pof2 >> 1; mask > 0; mask >>= 1) {
        j--;
        int newdst = r->newrank ^ mask;
        int dst = newdst == 0 && root_sat_out ? root : MPIR_Rsa_real_rank(newdst, rem);
        MPI_Count send_cnt, recv_cnt;
        if (r->newrank < newdst) {
            if (mask != pof2 / 2)
                last_idx = last_idx + pof2 / (mask * 2);
            recv_idx = send_idx + pof2 / (mask * 2);
            send_cnt = span(r, send_idx, recv_idx);
            recv_cnt = span(r, recv_idx, last_idx);
        } else {
            recv_idx = send_idx - pof2 / (mask * 2);
            send_cnt = span(r, send_idx, last_idx);
            recv_cnt = span(r, recv_idx, send_idx);
        }
        if ((newdst >> j) == (newroot >> j)) { /* newdst is on the root's side: hand over and stop */
            MPIR_Sched_send(s, acc + r->disps[send_idx] * ext, send_cnt, type, dst, comm);
            return;
        }
        MPIR_Sched_recv(s, acc + r->disps[recv_idx] * ext, recv_cnt, type, dst, comm);
        MPIR_Sched_barrier(s);
        if (r->newrank > newdst)
            send_idx = recv_idx;
    }
}
