/* Files for C programs built by wmpicc, through WASI. Emscripten's standalone
 * libc has no file system: its open() fails with EPERM and stat(), mkdir(),
 * readdir() and the rest are left to a JavaScript library we do not use.
 * These are those syscalls on WASI's path_* functions: a path is made
 * absolute against the working directory, `.` and `..` are folded, and the
 * longest directory the host preopened (wmpiexec --preopen, or the job's
 * scratch directory) that holds it opens it. A path outside every preopened
 * directory fails with EACCES ("Permission denied", which programs know how
 * to report; wasi-libc's ENOTCAPABLE has no message in this libc); the host
 * checks again, symbolic links included, and its refusals read the same. read, write, lseek and close already go to
 * WASI's fd_* functions.
 *
 * Not here, so a program calling them does not link: dup, chmod, fchmod
 * (WASI preview 1 has no such operations). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

/* The working directory the host gives the program (wmpiexec's own, when a
 * preopened directory holds it); its length, or 0 for none. */
__attribute__((import_module("wmpi"), import_name("fs_cwd"))) int wmpi_fs_cwd(char *buf, int len);

long __syscall_fstat64(long fd, long buf);

#define MAX_PREOPENS 32
#define MAX_DIRS 64

static struct {
  __wasi_fd_t fd;
  char *name; /* absolute, no trailing slash ("" for "/") */
} preopens[MAX_PREOPENS];
static int npreopens = -1;
static char cwd[PATH_MAX];

/* readdir's position in each open directory (WASI's cookie), by fd */
static struct {
  int fd;
  __wasi_dircookie_t cookie;
} dirs[MAX_DIRS];

/* A WASI error as a negated errno; the host's "outside the sandbox" reads as EACCES. */
static long err(__wasi_errno_t e) { return e == __WASI_ERRNO_NOTCAPABLE ? -EACCES : -(long)e; }

/* Folds `path` (absolute) into `out`: no `.`, `..`, repeated or trailing slashes. */
static int normalize(const char *path, char *out) {
  size_t n = 0;
  const char *p = path;
  while (*p) {
    while (*p == '/') p++;
    const char *end = p;
    while (*end && *end != '/') end++;
    size_t len = (size_t)(end - p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      /* nothing */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (n > 0 && out[n - 1] != '/') n--;
      if (n > 0) n--; /* the slash before it; ".." of the root is the root */
    } else {
      if (n + 1 + len >= PATH_MAX) return -ENAMETOOLONG;
      out[n++] = '/';
      memcpy(out + n, p, len);
      n += len;
    }
    p = end;
  }
  out[n] = 0;
  return 0;
}

/* Finds the directories the host preopened (fds 3, 4, ... until one is not). */
static void find_preopens(void) {
  npreopens = 0;
  for (__wasi_fd_t fd = 3; npreopens < MAX_PREOPENS; fd++) {
    __wasi_prestat_t st;
    if (__wasi_fd_prestat_get(fd, &st) != 0) break;
    if (st.pr_type != __WASI_PREOPENTYPE_DIR) continue;
    size_t len = st.u.dir.pr_name_len;
    char *raw = malloc(len + 2), *name = malloc(len + 2 < PATH_MAX ? PATH_MAX : len + 2);
    if (!raw || !name || __wasi_fd_prestat_dir_name(fd, (uint8_t *)raw + 1, len) != 0) {
      free(raw);
      free(name);
      continue;
    }
    raw[0] = '/'; /* a relative name counts from the root */
    raw[len + 1] = 0;
    if (normalize(raw, name) == 0) {
      preopens[npreopens].fd = fd;
      preopens[npreopens++].name = name;
    } else free(name);
    free(raw);
  }
  char given[PATH_MAX];
  int n = wmpi_fs_cwd(given, sizeof given);
  if (n > 0 && n < (int)sizeof given && given[0] == '/' && normalize(given, cwd) == 0) return;
  strcpy(cwd, npreopens > 0 ? preopens[0].name : "");
}

/* The preopened directory holding `path` and the path within it ("." for the
 * directory itself); `dirfd` other than AT_FDCWD takes a relative path as is. */
static int resolve(int dirfd, const char *path, __wasi_fd_t *fd, char *rel) {
  if (npreopens < 0) find_preopens();
  if (!path || !*path) return -ENOENT;
  if (path[0] != '/' && dirfd != AT_FDCWD) {
    if (strlen(path) >= PATH_MAX) return -ENAMETOOLONG;
    *fd = (__wasi_fd_t)dirfd;
    strcpy(rel, path);
    return 0;
  }
  char full[PATH_MAX], abs[PATH_MAX];
  if (path[0] == '/') {
    if (strlen(path) >= PATH_MAX) return -ENAMETOOLONG;
    strcpy(full, path);
  } else {
    if (strlen(cwd) + 1 + strlen(path) >= PATH_MAX) return -ENAMETOOLONG;
    strcpy(full, cwd);
    strcat(full, "/");
    strcat(full, path);
  }
  int rc = normalize(full, abs);
  if (rc) return rc;
  int best = -1;
  size_t best_len = 0;
  for (int i = 0; i < npreopens; i++) {
    size_t len = strlen(preopens[i].name);
    if (strncmp(abs, preopens[i].name, len) == 0 && (abs[len] == '/' || abs[len] == 0) && (best < 0 || len > best_len)) {
      best = i;
      best_len = len;
    }
  }
  if (best < 0) return -EACCES;
  *fd = preopens[best].fd;
  strcpy(rel, abs[best_len] ? abs + best_len + 1 : ".");
  return 0;
}

static void to_stat(const __wasi_filestat_t *f, struct stat *st) {
  memset(st, 0, sizeof *st);
  st->st_dev = (dev_t)f->dev;
  st->st_ino = (ino_t)f->ino;
  st->__st_ino_truncated = (long)f->ino;
  switch (f->filetype) {
  case __WASI_FILETYPE_DIRECTORY: st->st_mode = S_IFDIR | 0755; break;
  case __WASI_FILETYPE_SYMBOLIC_LINK: st->st_mode = S_IFLNK | 0777; break;
  case __WASI_FILETYPE_CHARACTER_DEVICE: st->st_mode = S_IFCHR | 0666; break;
  case __WASI_FILETYPE_BLOCK_DEVICE: st->st_mode = S_IFBLK | 0666; break;
  case __WASI_FILETYPE_SOCKET_STREAM:
  case __WASI_FILETYPE_SOCKET_DGRAM: st->st_mode = S_IFSOCK | 0666; break;
  default: st->st_mode = S_IFREG | 0644; break;
  }
  st->st_nlink = (nlink_t)(f->nlink ? f->nlink : 1);
  st->st_size = (off_t)f->size;
  st->st_blksize = 4096;
  st->st_blocks = (blkcnt_t)((f->size + 511) / 512);
  st->st_atim.tv_sec = (time_t)(f->atim / 1000000000);
  st->st_atim.tv_nsec = (long)(f->atim % 1000000000);
  st->st_mtim.tv_sec = (time_t)(f->mtim / 1000000000);
  st->st_mtim.tv_nsec = (long)(f->mtim % 1000000000);
  st->st_ctim.tv_sec = (time_t)(f->ctim / 1000000000);
  st->st_ctim.tv_nsec = (long)(f->ctim % 1000000000);
}

static long stat_at(int dirfd, const char *path, struct stat *st, int follow) {
  __wasi_fd_t fd;
  char rel[PATH_MAX];
  int rc = resolve(dirfd, path, &fd, rel);
  if (rc) return rc;
  __wasi_filestat_t f;
  __wasi_errno_t e = __wasi_path_filestat_get(fd, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, rel, strlen(rel), &f);
  if (e) return err(e);
  to_stat(&f, st);
  return 0;
}

static void forget_dir(int fd) {
  for (int i = 0; i < MAX_DIRS; i++)
    if (dirs[i].fd == fd) dirs[i].fd = 0;
}

long __syscall_open(long path, long flags, ...) {
  mode_t mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  (void)mode; /* WASI has no permission bits */
  const char *p = (const char *)path;
  if (!strcmp(p, "/dev/stdin")) return STDIN_FILENO;
  if (!strcmp(p, "/dev/stdout")) return STDOUT_FILENO;
  if (!strcmp(p, "/dev/stderr")) return STDERR_FILENO;
  __wasi_fd_t dir;
  char rel[PATH_MAX];
  int rc = resolve(AT_FDCWD, p, &dir, rel);
  if (rc) return rc;
  __wasi_oflags_t oflags = 0;
  if (flags & O_CREAT) oflags |= __WASI_OFLAGS_CREAT;
  if (flags & O_EXCL) oflags |= __WASI_OFLAGS_EXCL;
  if (flags & O_TRUNC) oflags |= __WASI_OFLAGS_TRUNC;
  if (flags & O_DIRECTORY) oflags |= __WASI_OFLAGS_DIRECTORY;
  __wasi_fdflags_t fdflags = 0;
  if (flags & O_APPEND) fdflags |= __WASI_FDFLAGS_APPEND;
  if (flags & O_NONBLOCK) fdflags |= __WASI_FDFLAGS_NONBLOCK;
  if ((flags & O_SYNC) == O_SYNC) fdflags |= __WASI_FDFLAGS_SYNC;
  else if (flags & O_DSYNC) fdflags |= __WASI_FDFLAGS_DSYNC;
  __wasi_rights_t rights = ~(__wasi_rights_t)0;
  switch (flags & O_ACCMODE) {
  case O_RDONLY: rights &= ~(__wasi_rights_t)__WASI_RIGHTS_FD_WRITE; break;
  case O_WRONLY: rights &= ~(__wasi_rights_t)__WASI_RIGHTS_FD_READ; break;
  default: break;
  }
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(dir, (flags & O_NOFOLLOW) ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, strlen(rel), oflags, rights,
                                      ~(__wasi_rights_t)0, fdflags, &fd);
  if (e) return err(e);
  forget_dir((int)fd);
  return (long)fd;
}

long __syscall_stat64(long path, long buf) { return stat_at(AT_FDCWD, (const char *)path, (struct stat *)buf, 1); }
long __syscall_lstat64(long path, long buf) { return stat_at(AT_FDCWD, (const char *)path, (struct stat *)buf, 0); }

long __syscall_fstatat64(long dirfd, long path, long buf, long flags) {
  if ((flags & AT_EMPTY_PATH) && !*(const char *)path) return __syscall_fstat64(dirfd, buf);
  return stat_at((int)dirfd, (const char *)path, (struct stat *)buf, !(flags & AT_SYMLINK_NOFOLLOW));
}

long __syscall_fstat64(long fd, long buf) {
  __wasi_filestat_t f;
  __wasi_errno_t e = __wasi_fd_filestat_get((__wasi_fd_t)fd, &f);
  if (e == __WASI_ERRNO_NOTSUP && fd <= 2) {
    /* the standard streams are character devices with no file behind them */
    memset(&f, 0, sizeof f);
    f.filetype = __WASI_FILETYPE_CHARACTER_DEVICE;
  } else if (e)
    return err(e);
  to_stat(&f, (struct stat *)buf);
  return 0;
}

long __syscall_faccessat(long dirfd, long path, long amode, long flags) {
  (void)amode; /* WASI has no permission bits: a file that exists is accessible */
  struct stat st;
  return stat_at((int)dirfd, (const char *)path, &st, !(flags & AT_SYMLINK_NOFOLLOW));
}

long __syscall_mkdir(long path, long mode) {
  (void)mode;
  __wasi_fd_t fd;
  char rel[PATH_MAX];
  int rc = resolve(AT_FDCWD, (const char *)path, &fd, rel);
  return rc ? rc : err(__wasi_path_create_directory(fd, rel, strlen(rel)));
}

long __syscall_rmdir(long path) {
  __wasi_fd_t fd;
  char rel[PATH_MAX];
  int rc = resolve(AT_FDCWD, (const char *)path, &fd, rel);
  return rc ? rc : err(__wasi_path_remove_directory(fd, rel, strlen(rel)));
}

long __syscall_unlinkat(long dirfd, long path, long flags) {
  __wasi_fd_t fd;
  char rel[PATH_MAX];
  int rc = resolve((int)dirfd, (const char *)path, &fd, rel);
  if (rc) return rc;
  if (flags & AT_REMOVEDIR) return err(__wasi_path_remove_directory(fd, rel, strlen(rel)));
  return err(__wasi_path_unlink_file(fd, rel, strlen(rel)));
}

long __syscall_unlink(long path) { return __syscall_unlinkat(AT_FDCWD, path, 0); }

long __syscall_rename(long old_path, long new_path) {
  __wasi_fd_t ofd, nfd;
  char orel[PATH_MAX], nrel[PATH_MAX];
  int rc = resolve(AT_FDCWD, (const char *)old_path, &ofd, orel);
  if (!rc) rc = resolve(AT_FDCWD, (const char *)new_path, &nfd, nrel);
  return rc ? rc : err(__wasi_path_rename(ofd, orel, strlen(orel), nfd, nrel, strlen(nrel)));
}

long __syscall_readlink(long path, long buf, long bufsize) {
  __wasi_fd_t fd;
  char rel[PATH_MAX];
  int rc = resolve(AT_FDCWD, (const char *)path, &fd, rel);
  if (rc) return rc;
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_path_readlink(fd, rel, strlen(rel), (uint8_t *)buf, (__wasi_size_t)bufsize, &n);
  return e ? err(e) : (long)n;
}

long __syscall_ftruncate64(long fd, long low, long high) {
  uint64_t size = (uint64_t)(uint32_t)low | ((uint64_t)(uint32_t)high << 32);
  return err(__wasi_fd_filestat_set_size((__wasi_fd_t)fd, size));
}

long __syscall_truncate64(long path, long low, long high) {
  long fd = __syscall_open(path, O_WRONLY);
  if (fd < 0) return fd;
  long rc = __syscall_ftruncate64(fd, low, high);
  (void)__wasi_fd_close((__wasi_fd_t)fd);
  return rc;
}

long __syscall_getcwd(long buf, long size) {
  if (npreopens < 0) find_preopens();
  const char *c = cwd[0] ? cwd : "/";
  size_t len = strlen(c) + 1;
  if ((size_t)size < len) return -ERANGE;
  memcpy((char *)buf, c, len);
  return (long)len;
}

long __syscall_chdir(long path) {
  struct stat st;
  long rc = stat_at(AT_FDCWD, (const char *)path, &st, 1);
  if (rc) return rc;
  if (!S_ISDIR(st.st_mode)) return -ENOTDIR;
  const char *p = (const char *)path;
  char full[PATH_MAX];
  if (p[0] == '/') strcpy(full, p);
  else {
    strcpy(full, cwd);
    strcat(full, "/");
    strcat(full, p); /* resolve() checked the length */
  }
  return normalize(full, cwd);
}

/* Linux dirent64 records (what musl's readdir reads) from WASI's fd_readdir. */
long __syscall_getdents64(long fd, long dirp, long count) {
  int slot = -1, free_slot = -1;
  for (int i = 0; i < MAX_DIRS; i++) {
    if (dirs[i].fd == (int)fd && fd != 0) slot = i;
    if (dirs[i].fd == 0 && free_slot < 0) free_slot = i;
  }
  if (slot < 0) {
    if (free_slot < 0) return -EMFILE;
    slot = free_slot;
    dirs[slot].fd = (int)fd;
    dirs[slot].cookie = __WASI_DIRCOOKIE_START;
  }
  char raw[4096];
  __wasi_size_t used;
  __wasi_errno_t e = __wasi_fd_readdir((__wasi_fd_t)fd, (uint8_t *)raw, sizeof raw, dirs[slot].cookie, &used);
  if (e) return err(e);
  size_t in = 0, out = 0;
  while (in + sizeof(__wasi_dirent_t) <= used) {
    __wasi_dirent_t d;
    memcpy(&d, raw + in, sizeof d);
    if (in + sizeof d + d.d_namlen > used) break; /* cut off: the next call reads it again */
    size_t reclen = (offsetof(struct dirent, d_name) + d.d_namlen + 1 + 7) & ~(size_t)7;
    if (out + reclen > (size_t)count) break;
    struct dirent *de = (struct dirent *)((char *)dirp + out);
    de->d_ino = (ino_t)d.d_ino;
    de->d_off = (off_t)d.d_next;
    de->d_reclen = (unsigned short)reclen;
    switch (d.d_type) {
    case __WASI_FILETYPE_DIRECTORY: de->d_type = DT_DIR; break;
    case __WASI_FILETYPE_REGULAR_FILE: de->d_type = DT_REG; break;
    case __WASI_FILETYPE_SYMBOLIC_LINK: de->d_type = DT_LNK; break;
    case __WASI_FILETYPE_CHARACTER_DEVICE: de->d_type = DT_CHR; break;
    case __WASI_FILETYPE_BLOCK_DEVICE: de->d_type = DT_BLK; break;
    default: de->d_type = DT_UNKNOWN; break;
    }
    memcpy(de->d_name, raw + in + sizeof d, d.d_namlen);
    de->d_name[d.d_namlen] = 0;
    out += reclen;
    in += sizeof d + d.d_namlen;
    dirs[slot].cookie = d.d_next;
  }
  if (out == 0 && in + sizeof(__wasi_dirent_t) <= used) return -EINVAL; /* one entry does not fit the caller's buffer */
  return (long)out;
}
