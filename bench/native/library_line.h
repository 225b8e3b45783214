/*
 * The first line two native benchmarks print on rank 0 (osu_p2p.c, pingpong.c): the
 * MPI library's version, its first line only, made safe for a JSON string, and the job's ranks
 * when ranks >= 0: {"library":"...","ranks":N}. The bench scripts read it to label the series.
 */
#ifndef WMPI_BENCH_LIBRARY_LINE_H
#define WMPI_BENCH_LIBRARY_LINE_H
#include <mpi.h>
#include <stdio.h>
#include <string.h>

static void print_library_line(int ranks) {
    char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int len;
    MPI_Get_library_version(version, &len);
    char *nl = strchr(version, '\n');
    if (nl) *nl = 0;
    for (char *c = version; *c; c++)
        if (*c == '\t' || *c == '"' || *c == '\\') *c = ' ';
    if (ranks >= 0) printf("{\"library\":\"%s\",\"ranks\":%d}\n", version, ranks);
    else printf("{\"library\":\"%s\"}\n", version);
    fflush(stdout);
}
#endif
