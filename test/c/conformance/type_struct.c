/* MPI_Type_create_struct of a C struct {int; double[2]; char} with displacements from
 * MPI_Get_address, resized to sizeof the struct so an array of them can be sent. */
#include <stddef.h>
#include "ctest.h"

typedef struct {
    int id;
    double xy[2];
    char tag;
} particle_t;

int main(int argc, char **argv)
{
    int rank, size, tsize;
    MPI_Aint base, disp[3], lb, extent;
    MPI_Datatype tmp, ptype;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    particle_t p[4];
    MPI_Get_address(&p[0], &base);
    MPI_Get_address(&p[0].id, &disp[0]);
    MPI_Get_address(&p[0].xy, &disp[1]);
    MPI_Get_address(&p[0].tag, &disp[2]);
    for (int i = 0; i < 3; i++) disp[i] = MPI_Aint_diff(disp[i], base);
    CHECK(disp[1] == offsetof(particle_t, xy) && disp[2] == offsetof(particle_t, tag), "displacements %ld %ld", (long)disp[1], (long)disp[2]);
    int lens[3] = {1, 2, 1};
    MPI_Datatype types[3] = {MPI_INT, MPI_DOUBLE, MPI_CHAR};
    MPI_Type_create_struct(3, lens, disp, types, &tmp);
    MPI_Type_create_resized(tmp, 0, sizeof(particle_t), &ptype);
    MPI_Type_commit(&ptype);
    MPI_Type_size(ptype, &tsize);
    MPI_Type_get_extent(ptype, &lb, &extent);
    CHECK(tsize == (int)(sizeof(int) + 2 * sizeof(double) + 1), "size %d", tsize);
    CHECK(lb == 0 && extent == sizeof(particle_t), "lb %ld extent %ld", (long)lb, (long)extent);

    if (rank == 0) {
        for (int i = 0; i < 4; i++) p[i] = (particle_t){i, {i * 1.5, -i * 0.25}, (char)('a' + i)};
        MPI_Send(p, 4, ptype, 1, 0, MPI_COMM_WORLD);
    } else if (rank == 1) {
        for (int i = 0; i < 4; i++) p[i] = (particle_t){-1, {0, 0}, 0};
        MPI_Status st;
        MPI_Recv(p, 4, ptype, 0, 0, MPI_COMM_WORLD, &st);
        int count;
        MPI_Get_count(&st, ptype, &count);
        CHECK(count == 4, "count %d", count);
        for (int i = 0; i < 4; i++)
            CHECK(p[i].id == i && p[i].xy[0] == i * 1.5 && p[i].xy[1] == -i * 0.25 && p[i].tag == 'a' + i,
                  "particle %d: %d %g %g %c", i, p[i].id, p[i].xy[0], p[i].xy[1], p[i].tag);
    }
    MPI_Type_free(&tmp);
    MPI_Type_free(&ptype);
    return ctest_finish();
}
