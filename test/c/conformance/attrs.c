/* Communicator attributes: predefined MPI_TAG_UB (at least 32767) on MPI_COMM_WORLD; a keyval
 * whose copy callback is called on MPI_Comm_dup (and may decline to copy) and whose delete
 * callback is called on MPI_Comm_delete_attr, on replacement and on MPI_Comm_free. */
#include "ctest.h"

static int copies = 0, deletes = 0;

static int copy_fn(MPI_Comm comm, int keyval, void *extra, void *in, void *out, int *flag)
{
    copies++;
    *(void **)out = (char *)in + 1; /* the copy is the value plus one */
    *flag = *(int *)extra;          /* extra state says whether to copy at all */
    return MPI_SUCCESS;
}

static int delete_fn(MPI_Comm comm, int keyval, void *val, void *extra)
{
    deletes++;
    return MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    int rank, size, flag, *tagub, keyval, nocopy_key, yes = 1, no = 0;
    void *val;
    MPI_Comm dup;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &tagub, &flag);
    CHECK(flag && *tagub >= 32767, "MPI_TAG_UB flag %d value %d", flag, flag ? *tagub : 0);

    MPI_Comm_create_keyval(copy_fn, delete_fn, &keyval, &yes);
    MPI_Comm_create_keyval(copy_fn, delete_fn, &nocopy_key, &no);
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_get_attr(dup, keyval, &val, &flag);
    CHECK(!flag, "an attribute that was never set is found");
    MPI_Comm_set_attr(dup, keyval, (void *)(MPI_Aint)100);
    MPI_Comm_set_attr(dup, nocopy_key, (void *)(MPI_Aint)200);
    MPI_Comm_get_attr(dup, keyval, &val, &flag);
    CHECK(flag && (MPI_Aint)val == 100, "get_attr flag %d value %ld", flag, (long)(MPI_Aint)val);

    MPI_Comm dup2;
    MPI_Comm_dup(dup, &dup2);
    CHECK(copies == 2, "copy callback called %d times", copies);
    MPI_Comm_get_attr(dup2, keyval, &val, &flag);
    CHECK(flag && (MPI_Aint)val == 101, "copied value flag %d value %ld", flag, (long)(MPI_Aint)val);
    MPI_Comm_get_attr(dup2, nocopy_key, &val, &flag);
    CHECK(!flag, "an attribute whose copy callback declined is present");

    MPI_Comm_set_attr(dup, keyval, (void *)(MPI_Aint)300); /* replacing deletes the old value */
    CHECK(deletes == 1, "deletes after replacement %d", deletes);
    MPI_Comm_delete_attr(dup, nocopy_key);
    CHECK(deletes == 2, "deletes after delete_attr %d", deletes);
    MPI_Comm_get_attr(dup, nocopy_key, &val, &flag);
    CHECK(!flag, "deleted attribute still found");
    MPI_Comm_free(&dup);  /* deletes keyval's value on dup */
    MPI_Comm_free(&dup2); /* and on dup2 */
    CHECK(deletes == 4, "deletes after freeing %d", deletes);
    MPI_Comm_free_keyval(&keyval);
    MPI_Comm_free_keyval(&nocopy_key);
    CHECK(keyval == MPI_KEYVAL_INVALID, "free_keyval did not reset the keyval");
    return ctest_finish();
}
