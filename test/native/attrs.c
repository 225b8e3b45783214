/* Attribute caching (MPI-4.0 7.7) and info objects (9.4): copy callbacks on
 * dup, delete callbacks on free/delete/replace and at MPI_Finalize, the
 * predefined attributes, info keys and values. */
#include "mtest.h"
#include <string.h>

static int copies, deletes;

static int copy_fn(MPI_Comm old, int kv, void *extra, void *in, void *out, int *flag)
{
    (void)old, (void)kv;
    copies++;
    CHECK(*(int *)extra == 123, "extra_state reaches the copy callback");
    *(void **)out = (char *)in + 1;
    *flag = 1;
    return MPI_SUCCESS;
}

static int delete_fn(MPI_Comm comm, int kv, void *value, void *extra)
{
    (void)comm, (void)kv, (void)value, (void)extra;
    deletes++;
    return MPI_SUCCESS;
}

static int failing_delete(MPI_Comm comm, int kv, void *value, void *extra)
{
    (void)comm, (void)kv, (void)value, (void)extra;
    return MPI_ERR_OTHER;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    static int extra = 123;
    int kv, nocopy, flag;
    void *v;
    MPI_Comm_create_keyval(copy_fn, delete_fn, &kv, &extra);
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN, &nocopy, NULL);
    MPI_Comm c, d;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_get_attr(c, kv, &v, &flag);
    CHECK(!flag, "no attribute yet");
    MPI_Comm_set_attr(c, kv, (void *)100);
    MPI_Comm_set_attr(c, nocopy, (void *)5);
    MPI_Comm_get_attr(c, kv, &v, &flag);
    CHECK(flag && v == (void *)100, "get after set: %p", v);
    MPI_Comm_dup(c, &d);
    CHECK(copies == 1, "copy callback ran %d times", copies);
    MPI_Comm_get_attr(d, kv, &v, &flag);
    CHECK(flag && v == (void *)101, "copied value %p", v);
    MPI_Comm_get_attr(d, nocopy, &v, &flag);
    CHECK(!flag, "MPI_COMM_NULL_COPY_FN does not copy");
    MPI_Comm_set_attr(d, kv, (void *)7); /* replacing deletes the old value */
    CHECK(deletes == 1, "replace deleted %d", deletes);
    MPI_Comm_delete_attr(d, kv);
    CHECK(deletes == 2, "delete_attr deleted %d", deletes);
    MPI_Comm_get_attr(d, kv, &v, &flag);
    CHECK(!flag, "attribute gone after delete_attr");
    MPI_Comm_free_keyval(&nocopy);
    CHECK(nocopy == MPI_KEYVAL_INVALID, "free_keyval resets the handle");
    MPI_Comm_free(&d);
    MPI_Comm_free_keyval(&kv); /* still attached to c: the keyval lives on */
    MPI_Comm_free(&c);
    CHECK(deletes == 3, "Comm_free deleted %d", deletes);

    /* predefined attributes */
    int *ip;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ip, &flag);
    CHECK(flag && *ip >= 32767, "TAG_UB %d", *ip);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &ip, &flag);
    CHECK(flag && *ip == mtest_size, "UNIVERSE_SIZE %d", *ip);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &ip, &flag);
    CHECK(flag && *ip == 0, "APPNUM %d", *ip);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_WTIME_IS_GLOBAL, &ip, &flag);
    CHECK(flag && *ip == 0, "WTIME_IS_GLOBAL %d", *ip);

    /* errors */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    CHECK_CLASS(MPI_Comm_set_attr(MPI_COMM_WORLD, MPI_TAG_UB, NULL), MPI_ERR_KEYVAL);
    CHECK_CLASS(MPI_Comm_get_attr(MPI_COMM_WORLD, 12345, &v, &flag), MPI_ERR_KEYVAL);
    int bad;
    MPI_Comm_create_keyval(NULL, failing_delete, &bad, NULL);
    MPI_Comm_set_attr(MPI_COMM_WORLD, bad, NULL);
    CHECK_CLASS(MPI_Comm_delete_attr(MPI_COMM_WORLD, bad), MPI_ERR_OTHER);
    CHECK_CLASS(MPI_Comm_delete_attr(MPI_COMM_SELF, bad), MPI_ERR_KEYVAL);

    /* info */
    MPI_Info info, dup;
    char val[MPI_MAX_INFO_VAL], key[MPI_MAX_INFO_KEY];
    int nkeys, len;
    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_nodes", "4");
    MPI_Info_set(info, "host", "a");
    MPI_Info_set(info, "cb_nodes", "8");
    MPI_Info_get_nkeys(info, &nkeys);
    CHECK(nkeys == 2, "nkeys %d", nkeys);
    MPI_Info_get_nthkey(info, 1, key);
    CHECK(strcmp(key, "host") == 0, "nthkey 1: %s", key);
    MPI_Info_get(info, "cb_nodes", MPI_MAX_INFO_VAL - 1, val, &flag);
    CHECK(flag && strcmp(val, "8") == 0, "cb_nodes: %s", val);
    MPI_Info_get_valuelen(info, "host", &len, &flag);
    CHECK(flag && len == 1, "valuelen %d", len);
    len = 0;
    MPI_Info_get_string(info, "nothere", &len, val, &flag);
    CHECK(!flag, "missing key has no value");
    MPI_Info_dup(info, &dup);
    MPI_Info_delete(info, "host");
    MPI_Info_get_nkeys(dup, &nkeys);
    CHECK(nkeys == 2, "the dup keeps its keys: %d", nkeys);
    CHECK_CLASS(MPI_Info_delete(info, "host"), MPI_ERR_INFO_NOKEY);
    CHECK_CLASS(MPI_Info_set(info, "", "x"), MPI_ERR_INFO_KEY);
    MPI_Info_free(&info);
    MPI_Info_free(&dup);
    CHECK(info == MPI_INFO_NULL, "freed info is INFO_NULL");
    CHECK_CLASS(MPI_Info_get_nkeys(dup == MPI_INFO_NULL ? info : dup, &nkeys), MPI_ERR_INFO);

    /* communicator info hints: set, got back as a copy, carried by dup, replaced by dup_with_info */
    {
        MPI_Comm c1, c2, c3;
        MPI_Info set, got;
        MPI_Comm_dup(MPI_COMM_WORLD, &c1);
        MPI_Comm_get_info(c1, &got);
        MPI_Info_get_nkeys(got, &nkeys);
        CHECK(nkeys == 0, "a new communicator has no hints: %d", nkeys);
        MPI_Info_free(&got);
        MPI_Info_create(&set);
        MPI_Info_set(set, "mpi_assert_no_any_tag", "true");
        MPI_Comm_set_info(c1, set);
        MPI_Info_set(set, "mpi_assert_no_any_tag", "false"); /* the communicator keeps its own copy */
        MPI_Comm_get_info(c1, &got);
        MPI_Info_get(got, "mpi_assert_no_any_tag", MPI_MAX_INFO_VAL - 1, val, &flag);
        CHECK(flag && strcmp(val, "true") == 0, "get_info: %s", val);
        MPI_Info_free(&got);
        MPI_Comm_dup(c1, &c2);
        MPI_Comm_get_info(c2, &got);
        MPI_Info_get(got, "mpi_assert_no_any_tag", MPI_MAX_INFO_VAL - 1, val, &flag);
        CHECK(flag && strcmp(val, "true") == 0, "dup carries the hints: %s", val);
        MPI_Info_free(&got);
        MPI_Comm_dup_with_info(c1, set, &c3);
        MPI_Comm_get_info(c3, &got);
        MPI_Info_get(got, "mpi_assert_no_any_tag", MPI_MAX_INFO_VAL - 1, val, &flag);
        CHECK(flag && strcmp(val, "false") == 0, "dup_with_info takes the given hints: %s", val);
        MPI_Info_free(&got);
        CHECK_CLASS(MPI_Comm_set_info(c1, MPI_INFO_NULL), MPI_ERR_INFO);
        MPI_Info_free(&set);
        MPI_Comm_free(&c1);
        MPI_Comm_free(&c2);
        MPI_Comm_free(&c3);
    }

    /* an attribute on COMM_SELF is deleted at MPI_Finalize */
    MPI_Comm_create_keyval(NULL, delete_fn, &kv, NULL);
    MPI_Comm_set_attr(MPI_COMM_SELF, kv, (void *)1);
    deletes = 0;
    int rc = mtest_finalize();
    if (deletes != 1) {
        printf("COMM_SELF's attribute was deleted %d times at MPI_Finalize\n", deletes);
        return 1;
    }
    return rc;
}
