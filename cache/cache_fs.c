/* cache_fs.c: the cache directory and safe file access inside it.
 *
 * Two ideas. (1) Nothing inside the cache is reached through a symlink: every path is walked
 * one component at a time with openat(O_NOFOLLOW) from the root's descriptor, and a file must be
 * a regular file, so a planted link or FIFO can neither redirect nor hang a reader. (2) Every
 * write is a fresh temp file in the destination directory, fsync'd and renamed over its name, so
 * a name either refers to a complete file or does not exist.
 */
#include "cache_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

/* -- Status, errno, reports ------------------------------------------------- */

static const char *const status_msgs[] = {
#define CACHE_MSG(name, msg) msg,
  CACHE_STATUSES(CACHE_MSG)
#undef CACHE_MSG
};

const char *cache_strerror(CacheStatus s)
{
  if ((unsigned)s >= CACHE__STATUS_COUNT) return "unknown cache status";
  return status_msgs[s];
}

static _Thread_local int last_errno;

int cache_last_errno(void) { return last_errno; }
void cache_set_errno(int err) { last_errno = err; }

CacheStatus cache_io_fail(int err)
{
  last_errno = err;
  return CACHE_IO;
}

static CacheReportFn report_fn;
static void *report_ud;

void cache_set_report(CacheReportFn fn, void *ud)
{
  report_fn = fn;
  report_ud = ud;
}

void cache_report(const char *kind, const char *name, const char *why)
{
  if (report_fn) report_fn(report_ud, kind, name, why);
}

/* -- Ids and hex ------------------------------------------------------------ */

void cache_blob_id(const void *bytes, size_t len, uint8_t out[CACHE_ID_SIZE])
{
  XXH128_canonical_t canon;
  XXH128_canonicalFromHash(&canon, XXH3_128bits(bytes, len));
  memcpy(out, canon.digest, CACHE_ID_SIZE);
}

void cache_hex(const uint8_t id[CACHE_ID_SIZE], char out[CACHE_HEX_SIZE])
{
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < CACHE_ID_SIZE; i++) {
    out[2 * i] = digits[id[i] >> 4];
    out[2 * i + 1] = digits[id[i] & 15];
  }
  out[2 * CACHE_ID_SIZE] = '\0';
}

static int hexval(char ch)
{
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return -1;
}

bool cache_parse_hex(const char *s, uint8_t out[CACHE_ID_SIZE])
{
  for (int i = 0; i < CACHE_ID_SIZE; i++) {
    int hi = hexval(s[2 * i]);
    int lo = hi < 0 ? -1 : hexval(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  return s[2 * CACHE_ID_SIZE] == '\0';
}

bool cache_is_temp_name(const char *name) { return strncmp(name, ".tmp-", 5) == 0; }

/* -- Default directory ------------------------------------------------------ */

static CacheStatus join(char *out, size_t cap, const char *a, const char *b)
{
  int n = snprintf(out, cap, "%s%s", a, b);
  if (n < 0 || (size_t)n >= cap || (size_t)n > CACHE_PATH_MAX) return CACHE_PATH;
  return CACHE_OK;
}

CacheStatus cache_default_dir(char *out, size_t cap)
{
  const char *env = getenv("PYPY_JIT_CACHE");
  if (env && *env) return join(out, cap, env, "");
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return join(out, cap, xdg, "/pypy-jit-server");
  const char *home = getenv("HOME");
  if (!home || !*home) {
    struct passwd *pw = getpwuid(getuid());
    home = pw ? pw->pw_dir : NULL;
  }
  if (!home || !*home) return CACHE_PATH;
  return join(out, cap, home, "/.cache/pypy-jit-server");
}

CacheStatus cache_resolve_dir(const char *explicit_dir, char *out, size_t cap)
{
  if (explicit_dir && *explicit_dir) return join(out, cap, explicit_dir, "");
  return cache_default_dir(out, cap);
}

/* -- Opening ---------------------------------------------------------------- */

const char *cache_area_dir(CacheArea a) { return a == AREA_BLOBS ? "blobs" : "index"; }
const char *cache_area_kind(CacheArea a) { return a == AREA_BLOBS ? "blob" : "index"; }

static const char *const subdirs[] = {"blobs", "index", "quarantine"};

/* mkdir -p with 0700 for the directories it creates (existing ones are left as they are). */
static CacheStatus make_dirs(const char *path)
{
  char buf[CACHE_PATH_MAX + 1];
  size_t n = strlen(path);
  if (n == 0 || n > CACHE_PATH_MAX) return CACHE_PATH;
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    char saved = buf[i];
    buf[i] = '\0';
    if (mkdir(buf, 0700) != 0 && errno != EEXIST) return cache_io_fail(errno);
    buf[i] = saved;
  }
  return CACHE_OK;
}

static int open_dir_at(int dirfd, const char *name)
{
  return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static CacheStatus open_errno_status(int err)
{
  if (err == ENOENT) return CACHE_NOT_FOUND;
  if (err == ELOOP || err == ENOTDIR) return CACHE_UNSAFE;
  return cache_io_fail(err);
}

CacheStatus cache_open(const char *dir, unsigned flags, Cache **out)
{
  bool writable = flags & CACHE_OPEN_WRITE;
  CacheStatus s = CACHE_OK;
  Cache *c = NULL;
  *out = NULL;
  if (!dir || !*dir || strlen(dir) > CACHE_PATH_MAX) return CACHE_PATH;
  if (writable && (s = make_dirs(dir)) != CACHE_OK) return s;
  c = calloc(1, sizeof *c);
  if (!c) return CACHE_NOMEM;
  strcpy(c->path, dir);
  c->writable = writable;
  c->root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (c->root_fd < 0) {
    s = open_errno_status(errno);
    goto fail;
  }
  struct stat st;
  if (fstat(c->root_fd, &st) != 0) {
    s = cache_io_fail(errno);
    goto fail;
  }
  /* Whoever can write the directory can make workers run their code: only its owner may. */
  if (!S_ISDIR(st.st_mode) || (st.st_mode & 022) || (writable && st.st_uid != geteuid())) {
    s = CACHE_UNSAFE;
    goto fail;
  }
  if (writable) {
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
      if (mkdirat(c->root_fd, subdirs[i], 0700) != 0 && errno != EEXIST) {
        s = cache_io_fail(errno);
        goto fail;
      }
      int fd = open_dir_at(c->root_fd, subdirs[i]);
      if (fd < 0) {
        s = open_errno_status(errno);
        goto fail;
      }
      close(fd);
    }
    int lfd = openat(c->root_fd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (lfd < 0) {
      s = errno == ELOOP ? CACHE_UNSAFE : cache_io_fail(errno);
      goto fail;
    }
    close(lfd);
  }
  *out = c;
  return CACHE_OK;
fail:
  if (c->root_fd >= 0) close(c->root_fd);
  free(c);
  return s;
}

void cache_close(Cache *c)
{
  if (!c) return;
  close(c->root_fd);
  free(c);
}

const char *cache_path(const Cache *c) { return c->path; }

CacheStatus cache_open_shard(Cache *c, CacheArea a, const char *hexname, bool create, int *fd)
{
  char shard[3] = {hexname[0], hexname[1], '\0'};
  *fd = -1;
  int afd = open_dir_at(c->root_fd, cache_area_dir(a));
  if (afd < 0) return open_errno_status(errno);
  int sfd = open_dir_at(afd, shard);
  if (sfd < 0 && errno == ENOENT && create) {
    if (mkdirat(afd, shard, 0700) != 0 && errno != EEXIST) {
      int err = errno;
      close(afd);
      return cache_io_fail(err);
    }
    sfd = open_dir_at(afd, shard);
  }
  int err = errno;
  close(afd);
  if (sfd < 0) return open_errno_status(err);
  *fd = sfd;
  return CACHE_OK;
}

CacheStatus cache_open_file(int dirfd, const char *name, int *fd, struct stat *st)
{
  *fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (*fd < 0) {
    int err = errno;
    if (err == ENOENT) return CACHE_NOT_FOUND;
    /* A symlink (ELOOP), socket (ENXIO) or the like where a file should be: not ours. */
    if (err == ELOOP || err == ENXIO || err == EISDIR || err == EOPNOTSUPP) {
      if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) != 0) memset(st, 0, sizeof *st);
      return CACHE_CORRUPT;
    }
    return cache_io_fail(err);
  }
  if (fstat(*fd, st) != 0) {
    int err = errno;
    close(*fd);
    *fd = -1;
    return cache_io_fail(err);
  }
  if (!S_ISREG(st->st_mode)) {
    close(*fd);
    *fd = -1;
    return CACHE_CORRUPT;
  }
  return CACHE_OK;
}

/* -- Atomic writes ------------------------------------------------------------ */

static atomic_uint tmp_counter;

static CacheStatus write_all(int fd, const void *p, size_t n)
{
  const uint8_t *b = p;
  while (n > 0) {
    ssize_t w = write(fd, b, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return cache_io_fail(errno);
    }
    b += w;
    n -= (size_t)w;
  }
  return CACHE_OK;
}

/* A temp name no other writer (process or thread) can pick at the same time. */
static void temp_name(char out[64])
{
  uint32_t rnd = 0;
  if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd) rnd = (uint32_t)time(NULL);
  snprintf(out, 64, ".tmp-%ld-%u-%08x", (long)getpid(), atomic_fetch_add(&tmp_counter, 1), rnd);
}

CacheStatus cache_write_atomic(int dirfd, const char *name, const void *hdr, size_t hdr_len,
                               const void *data, size_t data_len)
{
  char tmp[64];
  CacheStatus s;
  temp_name(tmp);
  /* 0444: nothing ever writes a published file in place. */
  int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
  if (fd < 0) return cache_io_fail(errno);
  if ((s = write_all(fd, hdr, hdr_len)) != CACHE_OK) goto fail;
  if (data_len && (s = write_all(fd, data, data_len)) != CACHE_OK) goto fail;
  if (fsync(fd) != 0) {
    s = cache_io_fail(errno);
    goto fail;
  }
  if (close(fd) != 0) {
    fd = -1;
    s = cache_io_fail(errno);
    goto fail;
  }
  fd = -1;
  if (renameat(dirfd, tmp, dirfd, name) != 0) {
    s = cache_io_fail(errno);
    goto fail;
  }
  /* Make the rename itself durable; a failure here does not undo a visible, complete file. */
  (void)fsync(dirfd);
  return CACHE_OK;
fail:
  if (fd >= 0) close(fd);
  unlinkat(dirfd, tmp, 0);
  return s;
}

/* -- Quarantine --------------------------------------------------------------- */

static int count_entries(int dirfd)
{
  int dup_fd = dup(dirfd);
  if (dup_fd < 0) return CACHE_QUARANTINE_MAX;
  DIR *d = fdopendir(dup_fd);
  if (!d) {
    close(dup_fd);
    return CACHE_QUARANTINE_MAX;
  }
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) n++;
  closedir(d);
  return n;
}

void cache_quarantine(Cache *c, CacheArea a, int dirfd, const char *name, const struct stat *st,
                      const char *why)
{
  cache_report(cache_area_kind(a), name, why);
  struct stat now;
  if (fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) != 0) return;
  /* The writer may have replaced the file with a good one since we read it: leave that alone. */
  if (st && (now.st_ino != st->st_ino || now.st_dev != st->st_dev)) return;
  int qfd = open_dir_at(c->root_fd, "quarantine");
  if (qfd < 0) {
    (void)unlinkat(dirfd, name, 0); /* no quarantine dir (reader on an old cache): just drop it */
    return;
  }
  if (count_entries(qfd) >= CACHE_QUARANTINE_MAX) {
    (void)unlinkat(dirfd, name, 0);
  } else {
    char qname[128];
    snprintf(qname, sizeof qname, "%s-%.40s-%ld-%u", cache_area_kind(a), name, (long)getpid(),
             atomic_fetch_add(&tmp_counter, 1));
    if (renameat(dirfd, name, qfd, qname) != 0) (void)unlinkat(dirfd, name, 0);
  }
  close(qfd);
}

/* -- Writer lock -------------------------------------------------------------- */

/* A fresh open file description per call: flock locks belong to it, so threads of one server
 * publishing at once each hold their own shared lock. */
CacheStatus cache_lock(Cache *c, bool exclusive, int *lock_fd)
{
  *lock_fd = -1;
  if (!c->writable) return CACHE_READ_ONLY;
  int fd = openat(c->root_fd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return errno == ELOOP ? CACHE_UNSAFE : cache_io_fail(errno);
  while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    close(fd);
    return cache_io_fail(err);
  }
  *lock_fd = fd;
  return CACHE_OK;
}

void cache_unlock(int lock_fd)
{
  if (lock_fd >= 0) close(lock_fd); /* closing the description releases the lock */
}
