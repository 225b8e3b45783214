/* Files through the sandbox (wmpiexec --preopen / the scratch directory).
 *   files.wasm work     every rank writes its file; rank 0 reads them all back
 *                       and exercises stat, mkdir, rename, readdir, append,
 *                       seek, truncate, unlink and rmdir
 *   files.wasm escape P  tries to read and write where it was given nothing:
 *                       prints one line per attempt with its errno */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      printf("FAIL line %d: %s (errno %s)\n", __LINE__, #cond, strerror(errno)); \
      MPI_Abort(MPI_COMM_WORLD, 3);                                        \
    }                                                                      \
  } while (0)

static void work(int rank, int size) {
  char name[64], line[128];
  snprintf(name, sizeof name, "rank%d.txt", rank);
  FILE *f = fopen(name, "w");
  CHECK(f != NULL);
  fprintf(f, "hello from %d\n", rank);
  CHECK(fclose(f) == 0);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) return;
  for (int r = 0; r < size; r++) {
    snprintf(name, sizeof name, "rank%d.txt", r);
    f = fopen(name, "r");
    CHECK(f != NULL);
    CHECK(fgets(line, sizeof line, f) != NULL);
    fclose(f);
    printf("read %s: %s", name, line);
  }
  struct stat st;
  char cwd[512], cwd2[512];
  CHECK(stat("rank0.txt", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13);
  CHECK(mkdir("sub", 0755) == 0);
  CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
  CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
  /* a relative path counts from the working directory chdir set */
  CHECK(chdir("sub") == 0);
  CHECK(getcwd(cwd2, sizeof cwd2) != NULL && strcmp(cwd2 + strlen(cwd2) - 4, "/sub") == 0);
  CHECK((f = fopen("../rank0.txt", "r")) != NULL && fclose(f) == 0);
  CHECK(chdir("..") == 0);
  CHECK(rename("rank0.txt", "sub/moved.txt") == 0);
  CHECK(access("rank0.txt", F_OK) == -1 && errno == ENOENT);
  /* append, then seek and read back through a descriptor */
  int fd = open("sub/moved.txt", O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  CHECK(write(fd, "more\n", 5) == 5);
  CHECK(close(fd) == 0);
  fd = open("sub/moved.txt", O_RDWR);
  CHECK(fd >= 0);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 18);
  CHECK(lseek(fd, 13, SEEK_SET) == 13);
  char buf[8] = {0};
  CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "more\n", 5) == 0);
  CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK(close(fd) == 0);
  CHECK(open("sub/none.txt", O_RDONLY) == -1 && errno == ENOENT);
  CHECK(open("sub/moved.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
  /* the directory's entries: ".", "..", the other ranks' files and sub */
  int entries = 0, seen_sub = 0;
  DIR *d = opendir(".");
  CHECK(d != NULL);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    entries++;
    if (strcmp(e->d_name, "sub") == 0) seen_sub = e->d_type == DT_DIR;
  }
  closedir(d);
  CHECK(seen_sub);
  printf("entries %d\n", entries);
  CHECK(rmdir("sub") == -1 && errno == ENOTEMPTY);
  CHECK(unlink("sub/moved.txt") == 0);
  CHECK(rmdir("sub") == 0);
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  printf("cwd %s\n", cwd);
  printf("files ok\n");
}

static void attempt(const char *what, int ok) { printf("%s: %s\n", what, ok ? "allowed" : strerror(errno)); }

static void escape(const char *inside) {
  char path[1024];
  FILE *f;
  attempt("read /etc/passwd", (f = fopen("/etc/passwd", "r")) != NULL);
  attempt("write ../outside.txt", (f = fopen("../outside.txt", "w")) != NULL);
  snprintf(path, sizeof path, "%s/../outside2.txt", inside);
  attempt("write DIR/../outside2.txt", (f = fopen(path, "w")) != NULL);
  attempt("read link-to-etc/passwd", (f = fopen("link-to-etc/passwd", "r")) != NULL);
  attempt("write link-out", (f = fopen("link-out", "w")) != NULL);
  struct stat st;
  attempt("stat /etc", stat("/etc", &st) == 0);
  attempt("opendir /", opendir("/") != NULL);
  attempt("write inside.txt", (f = fopen("inside.txt", "w")) != NULL && fclose(f) == 0);
}

int main(int argc, char **argv) {
  int rank, size;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc > 1 && strcmp(argv[1], "work") == 0) work(rank, size);
  else if (argc > 2 && strcmp(argv[1], "escape") == 0 && rank == 0) escape(argv[2]);
  MPI_Finalize();
  return 0;
}
