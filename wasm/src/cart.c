/* Cartesian topologies (MPI-4.0 8.5.1, 8.5.4, 8.5.5, 8.5.7): ranks are laid
 * out in row-major order over the grid (the last dimension varies fastest).
 * The topology keeps dims[ndims] then periods[ndims]; reorder is ignored:
 * process i of the old communicator is rank i of the new one. */
#include "mpiimpl.h"
#include <stdlib.h>

#define DIMS(t) ((t)->ints)
#define PERIODS(t) ((t)->ints + (t)->ndims)

/* Checks a grid description as call fc; *size is the number of its points. */
static int check_grid(const char *fc, MPIR_Comm *c, int ndims, const int dims[], const int periods[], int *size)
{
    if (ndims < 0)
        return MPIR_ERR(c, MPI_ERR_DIMS, fc, "negative number of dimensions %d (ndims)", ndims);
    if (ndims > 0 && dims == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (dims)");
    if (ndims > 0 && periods == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (periods)");
    long long n = 1;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] <= 0)
            return MPIR_ERR(c, MPI_ERR_DIMS, fc, "dimension dims[%d] = %d is not positive (dims)", i, dims[i]);
        n *= dims[i];
        if (n > c->size)
            return MPIR_ERR(c, MPI_ERR_ARG, fc,
                            "the grid has more points than the communicator's %d processes (dims)", c->size);
    }
    *size = (int)n;
    return MPI_SUCCESS;
}

int MPI_Cart_create(MPI_Comm comm_old, int ndims, const int dims[], const int periods[], int reorder,
                    MPI_Comm *comm_cart)
{
    MPIR_TRACE_CALL("MPI_Cart_create", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_old, MPIR_TRACE_NONE);
    const char *fc = "MPI_Cart_create";
    MPIR_Comm *c;
    int size, rc = MPIR_Comm_check(fc, comm_old, &c);
    (void)reorder;
    if (rc)
        return rc;
    if (c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "not an intracommunicator (comm_old)");
    if (comm_cart == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (comm_cart)");
    if ((rc = check_grid(fc, c, ndims, dims, periods, &size)))
        return rc;
    MPIR_Topo *t = MPIR_Topo_alloc(MPI_CART, 2 * ndims);
    if (t == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a topology");
    t->ndims = ndims;
    t->nnodes = size;
    for (int i = 0; i < ndims; i++) {
        DIMS(t)[i] = dims[i];
        PERIODS(t)[i] = periods[i] != 0;
    }
    return MPIR_Topo_comm_create(fc, c, size, t, comm_cart);
}

int MPI_Cart_map(MPI_Comm comm, int ndims, const int dims[], const int periods[], int *newrank)
{
    const char *fc = "MPI_Cart_map";
    MPIR_Comm *c;
    int size, rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_grid(fc, c, ndims, dims, periods, &size)))
        return rc;
    if (newrank == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (newrank)");
    *newrank = c->rank < size ? c->rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}

int MPI_Cartdim_get(MPI_Comm comm, int *ndims)
{
    MPIR_Comm *c;
    int rc = MPIR_Topo_check("MPI_Cartdim_get", comm, MPI_CART, &c);
    if (rc)
        return rc;
    if (ndims == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, "MPI_Cartdim_get", "null pointer (ndims)");
    *ndims = c->topo->ndims;
    return MPI_SUCCESS;
}

static void coords_of(const MPIR_Topo *t, int rank, int *coords)
{
    for (int i = t->ndims - 1; i >= 0; i--) {
        coords[i] = rank % DIMS(t)[i];
        rank /= DIMS(t)[i];
    }
}

int MPI_Cart_get(MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[])
{
    const char *fc = "MPI_Cart_get";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_CART, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    if (maxdims < t->ndims)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxdims %d is less than the topology's %d dimensions (maxdims)",
                        maxdims, t->ndims);
    if (t->ndims > 0 && (dims == NULL || periods == NULL || coords == NULL))
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)",
                        dims == NULL ? "dims" : periods == NULL ? "periods" : "coords");
    for (int i = 0; i < t->ndims; i++) {
        dims[i] = DIMS(t)[i];
        periods[i] = PERIODS(t)[i];
    }
    coords_of(t, c->rank, coords);
    return MPI_SUCCESS;
}

int MPI_Cart_rank(MPI_Comm comm, const int coords[], int *rank)
{
    const char *fc = "MPI_Cart_rank";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_CART, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    if (rank == NULL || (t->ndims > 0 && coords == NULL))
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", rank == NULL ? "rank" : "coords");
    int r = 0;
    for (int i = 0; i < t->ndims; i++) {
        int d = DIMS(t)[i], x = coords[i];
        if (x < 0 || x >= d) {
            if (!PERIODS(t)[i])
                return MPIR_ERR(c, MPI_ERR_ARG, fc,
                                "coordinate coords[%d] = %d is outside 0..%d of a non-periodic dimension (coords)",
                                i, x, d - 1);
            x %= d;
            if (x < 0)
                x += d;
        }
        r = r * d + x;
    }
    *rank = r;
    return MPI_SUCCESS;
}

int MPI_Cart_coords(MPI_Comm comm, int rank, int maxdims, int coords[])
{
    const char *fc = "MPI_Cart_coords";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_CART, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    if (rank < 0 || rank >= c->size)
        return MPIR_ERR(c, MPI_ERR_RANK, fc, "invalid rank %d (rank): the communicator has %d ranks", rank, c->size);
    if (maxdims < t->ndims)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxdims %d is less than the topology's %d dimensions (maxdims)",
                        maxdims, t->ndims);
    if (t->ndims > 0 && coords == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (coords)");
    coords_of(t, rank, coords);
    return MPI_SUCCESS;
}

/* The rank `disp` steps from `rank` along `direction`, or MPI_PROC_NULL past a non-periodic edge. */
static int step(const MPIR_Topo *t, int rank, int direction, int disp)
{
    int stride = 1;
    for (int i = t->ndims - 1; i > direction; i--)
        stride *= DIMS(t)[i];
    int d = DIMS(t)[direction], x = rank / stride % d;
    long long y = (long long)x + disp;
    if (y < 0 || y >= d) {
        if (!PERIODS(t)[direction])
            return MPI_PROC_NULL;
        y %= d;
        if (y < 0)
            y += d;
    }
    return rank + ((int)y - x) * stride;
}

void MPIR_Cart_shift_impl(const MPIR_Topo *t, int rank, int direction, int disp, int *source, int *dest)
{
    *dest = step(t, rank, direction, disp);
    *source = step(t, rank, direction, -disp);
}

int MPI_Cart_shift(MPI_Comm comm, int direction, int disp, int *rank_source, int *rank_dest)
{
    const char *fc = "MPI_Cart_shift";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_CART, &c);
    if (rc)
        return rc;
    if (rank_source == NULL || rank_dest == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", rank_source == NULL ? "rank_source" : "rank_dest");
    if (direction < 0 || direction >= c->topo->ndims)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "invalid direction %d (direction): the topology has %d dimensions",
                        direction, c->topo->ndims);
    MPIR_Cart_shift_impl(c->topo, c->rank, direction, disp, rank_source, rank_dest);
    return MPI_SUCCESS;
}

/* Each process of the grid goes with those that share its coordinates in the
 * dimensions dropped; ranks stay in row-major order over the kept ones. */
int MPI_Cart_sub(MPI_Comm comm, const int remain_dims[], MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Cart_sub", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Cart_sub";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_CART, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    if (newcomm == NULL || (t->ndims > 0 && remain_dims == NULL))
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", newcomm == NULL ? "newcomm" : "remain_dims");
    int *coords = malloc(sizeof(int) * (size_t)(t->ndims + 1));
    if (coords == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory");
    coords_of(t, c->rank, coords);
    int color = 0, kept = 0, size = 1;
    for (int i = 0; i < t->ndims; i++) {
        if (remain_dims[i]) {
            kept++;
            size *= DIMS(t)[i];
        } else
            color = color * DIMS(t)[i] + coords[i];
    }
    MPIR_Topo *sub = MPIR_Topo_alloc(MPI_CART, 2 * kept);
    if (sub == NULL) {
        free(coords);
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a topology");
    }
    sub->ndims = kept;
    sub->nnodes = size;
    for (int i = 0, j = 0; i < t->ndims; i++)
        if (remain_dims[i]) {
            DIMS(sub)[j] = DIMS(t)[i];
            PERIODS(sub)[j++] = PERIODS(t)[i];
        }
    free(coords);
    MPI_Comm n;
    rc = MPI_Comm_split(comm, color, 0, &n); /* the parent's order is row-major over the kept dimensions */
    if (rc) {
        free(sub->ints);
        free(sub);
        return rc;
    }
    MPIR_Comm_get(n)->topo = sub;
    *newcomm = n;
    return MPI_SUCCESS;
}
