/* MPI_Status and datatype sizes (MPI-4.0 3.2.5, 3.8.4): counts kept in bytes
 * past 2^31 and 2^32 (a 32-bit rank can still be told of them), elements,
 * MPI_UNDEFINED for partial elements or counts an int cannot hold, the
 * cancelled bit independent of the count; the sizes of the fixed-size types. */
#include "mtest.h"
#include <stdint.h>

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Status st;
    int count, flag;
    MPI_Count big;

    MPI_Status_set_elements(&st, MPI_DOUBLE, 300000000); /* 2.4e9 bytes */
    MPI_Get_count(&st, MPI_DOUBLE, &count);
    CHECK(count == 300000000, "doubles: %d", count);
    MPI_Get_count(&st, MPI_BYTE, &count);
    CHECK(count == MPI_UNDEFINED, "2.4e9 bytes as an int count: %d", count);
    MPI_Get_count_c(&st, MPI_BYTE, &big);
    CHECK(big == 2400000000LL, "bytes as MPI_Count: %lld", (long long)big);

    MPI_Status_set_elements(&st, MPI_C_LONG_DOUBLE_COMPLEX, 1 << 28); /* 2^33 bytes */
    MPI_Get_count_c(&st, MPI_BYTE, &big);
    CHECK(big == (MPI_Count)1 << 33, "2^33 bytes read back as %lld", (long long)big);
    MPI_Get_elements_c(&st, MPI_C_LONG_DOUBLE_COMPLEX, &big);
    CHECK(big == 1 << 28, "elements: %lld", (long long)big);

    MPI_Status_set_cancelled(&st, 1);
    MPI_Test_cancelled(&st, &flag);
    MPI_Get_count_c(&st, MPI_BYTE, &big);
    CHECK(flag == 1 && big == (MPI_Count)1 << 33, "cancelled %d, count %lld", flag, (long long)big);
    MPI_Status_set_elements(&st, MPI_INT, 3);
    MPI_Test_cancelled(&st, &flag);
    CHECK(flag == 1, "setting the count cleared the cancelled bit");
    MPI_Status_set_cancelled(&st, 0);
    MPI_Test_cancelled(&st, &flag);
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(flag == 0 && count == 3, "cancelled %d, count %d", flag, count);

    MPI_Status_set_elements(&st, MPI_BYTE, 10);
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == MPI_UNDEFINED, "10 bytes as ints: %d", count);
    MPI_Get_elements(&st, MPI_SHORT, &count);
    CHECK(count == 5, "10 bytes as shorts: %d", count);
    CHECK_CLASS(MPI_Status_set_elements(&st, MPI_INT, -1), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_Get_count(&st, MPI_DATATYPE_NULL, &count), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Get_count(MPI_STATUS_IGNORE, MPI_INT, &count), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Test_cancelled(MPI_STATUS_IGNORE, &flag), MPI_ERR_ARG);

    struct {
        MPI_Datatype type;
        int size;
    } sizes[] = {{MPI_CHAR, 1},      {MPI_BYTE, 1},     {MPI_SHORT, 2},    {MPI_INT, 4},           {MPI_LONG, 4},
                 {MPI_LONG_LONG, 8}, {MPI_FLOAT, 4},    {MPI_DOUBLE, 8},   {MPI_INT8_T, 1},        {MPI_INT16_T, 2},
                 {MPI_INT32_T, 4},   {MPI_INT64_T, 8},  {MPI_UINT64_T, 8}, {MPI_C_BOOL, 1},        {MPI_AINT, 4},
                 {MPI_OFFSET, 8},    {MPI_COUNT, 8},    {MPI_2INT, 8},     {MPI_C_DOUBLE_COMPLEX, 16}, {MPI_WCHAR, 4}};
    for (int i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++) {
        int size = -1;
        MPI_Aint lb = -1, extent = -1;
        MPI_Type_size(sizes[i].type, &size);
        MPI_Type_get_extent(sizes[i].type, &lb, &extent);
        CHECK(size == sizes[i].size && lb == 0 && extent == size, "type 0x%x: size %d lb %ld extent %ld, want %d",
              (unsigned)sizes[i].type, size, (long)lb, (long)extent, sizes[i].size);
    }
    CHECK(sizeof(MPI_Aint) == 4 && sizeof(void *) == 4, "not a 32-bit build: MPI_Aint %zu bytes", sizeof(MPI_Aint));
    return mtest_finalize();
}
