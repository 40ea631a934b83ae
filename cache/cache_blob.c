/* cache_blob.c: blob files: publishing, verifying, reading and mapping them executable.
 *
 * A blob file is a 64-byte header followed by the blob's bytes:
 *   0  magic "PJSCBLOB"        8  u32 format version     12 u32 header size (64)
 *   16 u64 payload length      24 id[16] (XXH3-128 of the payload, canonical byte order)
 *   40 u64 XXH3-64 of bytes 0..39                          48 16 zero bytes (reserved)
 * all little-endian. A reader believes none of it: the file's size must be exactly header +
 * length, the length at most CACHE_BLOB_MAX, the id the one it asked for and the file is named
 * by, and the payload must hash to that id. Only then are the bytes handed out, and for a
 * mapping only then does it become executable.
 */
#include "cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xxhash.h>

static const uint8_t blob_magic[8] = {'P', 'J', 'S', 'C', 'B', 'L', 'O', 'B'};

static void encode_header(uint8_t h[CACHE_BLOB_HEADER_SIZE], uint64_t len,
                          const uint8_t id[CACHE_ID_SIZE])
{
  memset(h, 0, CACHE_BLOB_HEADER_SIZE);
  memcpy(h, blob_magic, 8);
  put32(h + 8, CACHE_FORMAT_VERSION);
  put32(h + 12, CACHE_BLOB_HEADER_SIZE);
  put64(h + 16, len);
  memcpy(h + 24, id, CACHE_ID_SIZE);
  put64(h + 40, XXH3_64bits(h, 40));
}

/* Checks a header against the file's size and the id expected; *len gets the payload length. */
static bool check_header(const uint8_t h[CACHE_BLOB_HEADER_SIZE], uint64_t file_size,
                         const uint8_t id[CACHE_ID_SIZE], uint64_t *len, const char **why)
{
  static const uint8_t zeros[16];
  if (memcmp(h, blob_magic, 8) != 0) return *why = "bad magic", false;
  if (get32(h + 8) != CACHE_FORMAT_VERSION) return *why = "unknown format version", false;
  if (get32(h + 12) != CACHE_BLOB_HEADER_SIZE) return *why = "bad header size", false;
  if (get64(h + 40) != XXH3_64bits(h, 40)) return *why = "header checksum mismatch", false;
  if (memcmp(h + 48, zeros, 16) != 0) return *why = "reserved bytes not zero", false;
  uint64_t n = get64(h + 16);
  if (n == 0 || n > CACHE_BLOB_MAX) return *why = "length out of bounds", false;
  if (file_size != CACHE_BLOB_HEADER_SIZE + n) return *why = "file size does not match length", false;
  if (memcmp(h + 24, id, CACHE_ID_SIZE) != 0) return *why = "id in header does not match name", false;
  *len = n;
  return true;
}

static bool size_plausible(const struct stat *st, const char **why)
{
  if (st->st_size < CACHE_BLOB_HEADER_SIZE) return *why = "truncated", false;
  if ((uint64_t)st->st_size > CACHE_BLOB_HEADER_SIZE + CACHE_BLOB_MAX) return *why = "oversized", false;
  return true;
}

static bool pread_all(int fd, void *buf, size_t n, off_t off)
{
  uint8_t *b = buf;
  while (n > 0) {
    ssize_t r = pread(fd, b, n, off);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    b += r;
    n -= (size_t)r;
    off += r;
  }
  return true;
}

CacheStatus cache_blob_check_fd(int fd, const struct stat *st, const uint8_t id[CACHE_ID_SIZE],
                                bool full, const char **why)
{
  uint8_t h[CACHE_BLOB_HEADER_SIZE];
  uint64_t len;
  if (!size_plausible(st, why)) return CACHE_CORRUPT;
  if (!pread_all(fd, h, sizeof h, 0)) return *why = "short read", CACHE_CORRUPT;
  if (!check_header(h, (uint64_t)st->st_size, id, &len, why)) return CACHE_CORRUPT;
  if (!full) return CACHE_OK;
  XXH3_state_t *state = XXH3_createState();
  if (!state) return CACHE_NOMEM;
  XXH3_128bits_reset(state);
  uint8_t buf[65536];
  off_t off = CACHE_BLOB_HEADER_SIZE;
  CacheStatus s = CACHE_OK;
  while (len > 0) {
    size_t n = len < sizeof buf ? (size_t)len : sizeof buf;
    if (!pread_all(fd, buf, n, off)) {
      *why = "short read";
      s = CACHE_CORRUPT;
      break;
    }
    XXH3_128bits_update(state, buf, n);
    off += (off_t)n;
    len -= n;
  }
  if (s == CACHE_OK) {
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
    if (memcmp(canon.digest, id, CACHE_ID_SIZE) != 0) {
      *why = "content hash mismatch";
      s = CACHE_CORRUPT;
    }
  }
  XXH3_freeState(state);
  return s;
}

/* Opens blob id for reading; a file that is not a regular file is quarantined. */
static CacheStatus open_blob(Cache *c, const uint8_t id[CACHE_ID_SIZE], char hex[CACHE_HEX_SIZE],
                             int *dirfd, int *fd, struct stat *st)
{
  cache_hex(id, hex);
  *fd = -1;
  CacheStatus s = cache_open_shard(c, AREA_BLOBS, hex, false, dirfd);
  if (s != CACHE_OK) return s == CACHE_UNSAFE ? CACHE_CORRUPT : s;
  s = cache_open_file(*dirfd, hex, fd, st);
  if (s == CACHE_CORRUPT) cache_quarantine(c, AREA_BLOBS, *dirfd, hex, st, "not a regular file");
  if (s != CACHE_OK) {
    close(*dirfd);
    *dirfd = -1;
  }
  return s;
}

/* -- Publish ------------------------------------------------------------------ */

static CacheStatus publish_blob_locked(Cache *c, const void *bytes, size_t len,
                                       uint8_t id[CACHE_ID_SIZE])
{
  char hex[CACHE_HEX_SIZE];
  int dirfd = -1, fd = -1;
  struct stat st;
  const char *why = NULL;
  if (!bytes || len == 0) return CACHE_BAD_ARG;
  if (len > CACHE_BLOB_MAX) return CACHE_TOO_BIG;
  cache_blob_id(bytes, len, id);
  cache_hex(id, hex);
  CacheStatus s = cache_open_shard(c, AREA_BLOBS, hex, true, &dirfd);
  if (s != CACHE_OK) return s;
  s = cache_open_file(dirfd, hex, &fd, &st);
  if (s == CACHE_OK) {
    s = cache_blob_check_fd(fd, &st, id, true, &why);
    close(fd);
    if (s == CACHE_OK) {
      /* Stored once: refresh its age for eviction and keep the file as it is. */
      if (utimensat(dirfd, hex, NULL, AT_SYMLINK_NOFOLLOW) != 0) s = cache_io_fail(errno);
      goto done;
    }
  }
  if (s == CACHE_CORRUPT) cache_quarantine(c, AREA_BLOBS, dirfd, hex, &st, why ? why : "not a regular file");
  else if (s != CACHE_NOT_FOUND) goto done;
  uint8_t h[CACHE_BLOB_HEADER_SIZE];
  encode_header(h, len, id);
  s = cache_write_atomic(dirfd, hex, h, sizeof h, bytes, len);
done:
  close(dirfd);
  return s;
}

CacheStatus cache_publish_blob(Cache *c, const void *bytes, size_t len, uint8_t id[CACHE_ID_SIZE])
{
  int lock_fd;
  CacheStatus s = cache_lock(c, false, &lock_fd);
  if (s != CACHE_OK) return s;
  s = publish_blob_locked(c, bytes, len, id);
  cache_unlock(lock_fd);
  return s;
}

/* cache_index.c's half of cache_publish, without taking the lock again. */
CacheStatus cache_publish_index_locked(Cache *c, const CacheKey *key, const uint8_t id[CACHE_ID_SIZE]);

CacheStatus cache_publish(Cache *c, const CacheKey *key, const void *bytes, size_t len,
                          uint8_t id[CACHE_ID_SIZE])
{
  int lock_fd;
  uint8_t kh[CACHE_ID_SIZE];
  if (cache_key_hash(key, kh) != CACHE_OK) return CACHE_BAD_ARG;
  CacheStatus s = cache_lock(c, false, &lock_fd);
  if (s != CACHE_OK) return s;
  s = publish_blob_locked(c, bytes, len, id);
  if (s == CACHE_OK) s = cache_publish_index_locked(c, key, id);
  cache_unlock(lock_fd);
  return s;
}

CacheStatus cache_touch(Cache *c, const uint8_t id[CACHE_ID_SIZE])
{
  char hex[CACHE_HEX_SIZE];
  int dirfd;
  if (!c->writable) return CACHE_READ_ONLY;
  cache_hex(id, hex);
  CacheStatus s = cache_open_shard(c, AREA_BLOBS, hex, false, &dirfd);
  if (s != CACHE_OK) return s;
  if (utimensat(dirfd, hex, NULL, AT_SYMLINK_NOFOLLOW) != 0)
    s = errno == ENOENT ? CACHE_NOT_FOUND : cache_io_fail(errno);
  close(dirfd);
  return s;
}

/* -- Read and map ------------------------------------------------------------- */

CacheStatus cache_read_blob(Cache *c, const uint8_t id[CACHE_ID_SIZE], void **bytes, size_t *len)
{
  char hex[CACHE_HEX_SIZE];
  int dirfd, fd;
  struct stat st;
  uint8_t h[CACHE_BLOB_HEADER_SIZE];
  uint64_t n = 0;
  uint8_t *buf = NULL;
  const char *why = NULL;
  *bytes = NULL;
  *len = 0;
  CacheStatus s = open_blob(c, id, hex, &dirfd, &fd, &st);
  if (s != CACHE_OK) return s;
  s = CACHE_CORRUPT;
  if (!size_plausible(&st, &why)) goto bad;
  if (!pread_all(fd, h, sizeof h, 0)) {
    why = "short read";
    goto bad;
  }
  if (!check_header(h, (uint64_t)st.st_size, id, &n, &why)) goto bad;
  buf = malloc((size_t)n);
  if (!buf) {
    s = CACHE_NOMEM;
    goto out;
  }
  if (!pread_all(fd, buf, (size_t)n, CACHE_BLOB_HEADER_SIZE)) {
    why = "short read";
    goto bad;
  }
  uint8_t got[CACHE_ID_SIZE];
  cache_blob_id(buf, (size_t)n, got);
  if (memcmp(got, id, CACHE_ID_SIZE) != 0) {
    why = "content hash mismatch";
    goto bad;
  }
  *bytes = buf;
  *len = (size_t)n;
  buf = NULL;
  s = CACHE_OK;
  goto out;
bad:
  cache_quarantine(c, AREA_BLOBS, dirfd, hex, &st, why);
out:
  free(buf);
  close(fd);
  close(dirfd);
  return s;
}

/* A private anonymous copy of the file, read-only until verified. */
static void *map_copy(int fd, size_t size)
{
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  if (!pread_all(fd, p, size, 0) || mprotect(p, size, PROT_READ) != 0) {
    munmap(p, size);
    return NULL;
  }
  return p;
}

CacheStatus cache_map_blob(Cache *c, const uint8_t id[CACHE_ID_SIZE], unsigned flags,
                           CacheMapping *out)
{
  char hex[CACHE_HEX_SIZE];
  int dirfd, fd;
  struct stat st;
  uint64_t n = 0;
  const char *why = NULL;
  void *base = NULL;
  size_t size = 0;
  memset(out, 0, sizeof *out);
  CacheStatus s = open_blob(c, id, hex, &dirfd, &fd, &st);
  if (s != CACHE_OK) return s;
  if (!size_plausible(&st, &why)) goto bad;
  size = (size_t)st.st_size;
  bool copy = flags & CACHE_MAP_COPY;
  /* Never writable and executable: mapped read-only (or written while not executable), checked,
   * and only then switched to read+exec. */
  for (;;) {
    base = copy ? map_copy(fd, size) : mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED || base == NULL) {
      base = NULL;
      s = errno == ENOMEM ? CACHE_NOMEM : cache_io_fail(errno);
      goto out;
    }
    const uint8_t *b = base;
    if (!check_header(b, (uint64_t)st.st_size, id, &n, &why)) goto bad;
    uint8_t got[CACHE_ID_SIZE];
    cache_blob_id(b + CACHE_BLOB_HEADER_SIZE, (size_t)n, got);
    if (memcmp(got, id, CACHE_ID_SIZE) != 0) {
      why = "content hash mismatch";
      goto bad;
    }
    if (mprotect(base, size, PROT_READ | PROT_EXEC) == 0) break;
    int err = errno;
    munmap(base, size);
    base = NULL;
    /* A noexec mount refuses PROT_EXEC on file pages but not on anonymous ones. */
    if (!copy && (err == EACCES || err == EPERM)) {
      copy = true;
      continue;
    }
    cache_set_errno(err);
    s = CACHE_MAP;
    goto out;
  }
  out->base = base;
  out->map_len = size;
  out->code = (const uint8_t *)base + CACHE_BLOB_HEADER_SIZE;
  out->len = (size_t)n;
  memcpy(out->id, id, CACHE_ID_SIZE);
  base = NULL;
  s = CACHE_OK;
  goto out;
bad:
  s = CACHE_CORRUPT;
  cache_quarantine(c, AREA_BLOBS, dirfd, hex, &st, why);
out:
  if (base) munmap(base, size);
  close(fd);
  close(dirfd);
  return s;
}

CacheStatus cache_map_key(Cache *c, const CacheKey *key, unsigned flags, CacheMapping *out)
{
  uint8_t id[CACHE_ID_SIZE];
  memset(out, 0, sizeof *out);
  CacheStatus s = cache_lookup(c, key, id);
  if (s != CACHE_OK) return s;
  return cache_map_blob(c, id, flags, out);
}

void cache_unmap(CacheMapping *m)
{
  if (m->base) munmap(m->base, m->map_len);
  memset(m, 0, sizeof *m);
}
