/* cache_index.c: the index from loop (or bridge) keys to blob ids.
 *
 * One file per key, named by the key's XXH3-128, so a lookup is a couple of openat() calls with no
 * lock and no shared table to parse. An entry repeats the whole key, so a reader checks that the
 * file it opened is the one for its key, not just a file with a valid checksum:
 *   0  magic "PJSCINDX"   8  u32 format version   12 u32 entry size (108)
 *   16 key (60 bytes, below)   76 blob id[16]   92 u64 blob length
 *   100 u64 XXH3-64 of bytes 0..99
 * A key is serialized field by field, little-endian: code_hash[16] pc arch cpu_features(u64)
 * abi_version kind parent_blob[16] guard.
 */
#include "cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#define KEY_BYTES 60

static const uint8_t index_magic[8] = {'P', 'J', 'S', 'C', 'I', 'N', 'D', 'X'};
static const uint8_t zero_id[CACHE_ID_SIZE];

/* -- Keys --------------------------------------------------------------------- */

static bool key_valid(const CacheKey *k)
{
  if (k->kind == CACHE_KIND_LOOP)
    return k->guard == 0 && memcmp(k->parent_blob, zero_id, CACHE_ID_SIZE) == 0;
  if (k->kind == CACHE_KIND_BRIDGE) return memcmp(k->parent_blob, zero_id, CACHE_ID_SIZE) != 0;
  return false;
}

static void key_encode(const CacheKey *k, uint8_t p[KEY_BYTES])
{
  memcpy(p, k->code_hash, 16);
  put32(p + 16, k->pc);
  put32(p + 20, k->arch);
  put64(p + 24, k->cpu_features);
  put32(p + 32, k->abi_version);
  put32(p + 36, k->kind);
  memcpy(p + 40, k->parent_blob, 16);
  put32(p + 56, k->guard);
}

static void key_decode(const uint8_t p[KEY_BYTES], CacheKey *k)
{
  memset(k, 0, sizeof *k);
  memcpy(k->code_hash, p, 16);
  k->pc = get32(p + 16);
  k->arch = get32(p + 20);
  k->cpu_features = get64(p + 24);
  k->abi_version = get32(p + 32);
  k->kind = get32(p + 36);
  memcpy(k->parent_blob, p + 40, 16);
  k->guard = get32(p + 56);
}

CacheStatus cache_key_hash(const CacheKey *key, uint8_t out[CACHE_ID_SIZE])
{
  uint8_t p[KEY_BYTES];
  if (!key || !key_valid(key)) return CACHE_BAD_ARG;
  key_encode(key, p);
  cache_blob_id(p, sizeof p, out);
  return CACHE_OK;
}

/* -- Entries ------------------------------------------------------------------ */

static void entry_encode(uint8_t e[CACHE_INDEX_ENTRY_SIZE], const CacheKey *k,
                         const uint8_t id[CACHE_ID_SIZE], uint64_t blob_len)
{
  memcpy(e, index_magic, 8);
  put32(e + 8, CACHE_FORMAT_VERSION);
  put32(e + 12, CACHE_INDEX_ENTRY_SIZE);
  key_encode(k, e + 16);
  memcpy(e + 76, id, CACHE_ID_SIZE);
  put64(e + 92, blob_len);
  put64(e + 100, XXH3_64bits(e, 100));
}

bool cache_entry_decode(const uint8_t *e, size_t len, CacheEntryInfo *out, const char **why)
{
  if (len != CACHE_INDEX_ENTRY_SIZE) return *why = "wrong size", false;
  if (memcmp(e, index_magic, 8) != 0) return *why = "bad magic", false;
  if (get32(e + 8) != CACHE_FORMAT_VERSION) return *why = "unknown format version", false;
  if (get32(e + 12) != CACHE_INDEX_ENTRY_SIZE) return *why = "bad entry size", false;
  if (get64(e + 100) != XXH3_64bits(e, 100)) return *why = "checksum mismatch", false;
  key_decode(e + 16, &out->key);
  if (!key_valid(&out->key)) return *why = "malformed key", false;
  memcpy(out->blob_id, e + 76, CACHE_ID_SIZE);
  out->blob_len = get64(e + 92);
  if (out->blob_len == 0 || out->blob_len > CACHE_BLOB_MAX) return *why = "blob length out of bounds", false;
  cache_key_hash(&out->key, out->key_hash);
  return true;
}

/* Reads and checks the entry `name` in a shard; a bad one is quarantined (CORRUPT). */
static CacheStatus read_entry(Cache *c, int dirfd, const char *name, CacheEntryInfo *e)
{
  int fd;
  struct stat st;
  const char *why = "not a regular file";
  uint8_t buf[CACHE_INDEX_ENTRY_SIZE + 1];
  CacheStatus s = cache_open_file(dirfd, name, &fd, &st);
  if (s == CACHE_CORRUPT) goto bad;
  if (s != CACHE_OK) return s;
  ssize_t n;
  do n = read(fd, buf, sizeof buf); /* one byte more than an entry: catches oversized files */
  while (n < 0 && errno == EINTR);
  int err = errno;
  close(fd);
  if (n < 0) return cache_io_fail(err);
  if (st.st_size != CACHE_INDEX_ENTRY_SIZE) n = -1;
  if (!cache_entry_decode(buf, n < 0 ? 0 : (size_t)n, e, &why)) goto bad;
  char hex[CACHE_HEX_SIZE];
  cache_hex(e->key_hash, hex);
  if (strcmp(hex, name) != 0) {
    why = "key does not match file name";
    goto bad;
  }
  return CACHE_OK;
bad:
  cache_quarantine(c, AREA_INDEX, dirfd, name, &st, why);
  return CACHE_CORRUPT;
}

/* -- Publish and lookup ------------------------------------------------------- */

CacheStatus cache_publish_index_locked(Cache *c, const CacheKey *key, const uint8_t id[CACHE_ID_SIZE]);

CacheStatus cache_publish_index_locked(Cache *c, const CacheKey *key, const uint8_t id[CACHE_ID_SIZE])
{
  uint8_t kh[CACHE_ID_SIZE], entry[CACHE_INDEX_ENTRY_SIZE];
  char khex[CACHE_HEX_SIZE], bhex[CACHE_HEX_SIZE];
  int bdir = -1, fd = -1, idir = -1;
  struct stat st;
  const char *why = NULL;
  if (cache_key_hash(key, kh) != CACHE_OK) return CACHE_BAD_ARG;
  /* The blob must be there first: an entry never points at nothing when it appears. */
  cache_hex(id, bhex);
  CacheStatus s = cache_open_shard(c, AREA_BLOBS, bhex, false, &bdir);
  if (s != CACHE_OK) return s;
  s = cache_open_file(bdir, bhex, &fd, &st);
  if (s == CACHE_OK) {
    s = cache_blob_check_fd(fd, &st, id, false, &why);
    close(fd);
    if (s == CACHE_CORRUPT) cache_quarantine(c, AREA_BLOBS, bdir, bhex, &st, why);
  }
  close(bdir);
  if (s != CACHE_OK) return s;
  entry_encode(entry, key, id, (uint64_t)st.st_size - CACHE_BLOB_HEADER_SIZE);
  cache_hex(kh, khex);
  if ((s = cache_open_shard(c, AREA_INDEX, khex, true, &idir)) != CACHE_OK) return s;
  /* Same entry already there (another server, a retry): nothing to write. */
  uint8_t old[CACHE_INDEX_ENTRY_SIZE + 1];
  if (cache_open_file(idir, khex, &fd, &st) == CACHE_OK) {
    ssize_t n = read(fd, old, sizeof old);
    close(fd);
    if (n == CACHE_INDEX_ENTRY_SIZE && memcmp(old, entry, sizeof entry) == 0) goto done;
  }
  s = cache_write_atomic(idir, khex, entry, sizeof entry, NULL, 0);
done:
  close(idir);
  return s;
}

CacheStatus cache_publish_index(Cache *c, const CacheKey *key, const uint8_t id[CACHE_ID_SIZE])
{
  int lock_fd;
  CacheStatus s = cache_lock(c, false, &lock_fd);
  if (s != CACHE_OK) return s;
  s = cache_publish_index_locked(c, key, id);
  cache_unlock(lock_fd);
  return s;
}

CacheStatus cache_lookup(Cache *c, const CacheKey *key, uint8_t id[CACHE_ID_SIZE])
{
  uint8_t kh[CACHE_ID_SIZE];
  char hex[CACHE_HEX_SIZE];
  int dirfd;
  CacheEntryInfo e;
  if (cache_key_hash(key, kh) != CACHE_OK) return CACHE_BAD_ARG;
  cache_hex(kh, hex);
  CacheStatus s = cache_open_shard(c, AREA_INDEX, hex, false, &dirfd);
  if (s == CACHE_UNSAFE) {
    cache_report("index", hex, "shard directory is not a directory");
    return CACHE_CORRUPT;
  }
  if (s != CACHE_OK) return s;
  s = read_entry(c, dirfd, hex, &e);
  close(dirfd);
  if (s != CACHE_OK) return s;
  /* A valid entry for another key under this name would be a hash collision or a planted file:
   * read_entry compared the name with the entry's key hash; compare the key itself too. */
  uint8_t a[KEY_BYTES], b[KEY_BYTES];
  key_encode(key, a);
  key_encode(&e.key, b);
  if (memcmp(a, b, sizeof a) != 0) {
    cache_report("index", hex, "entry holds a different key");
    return CACHE_NOT_FOUND;
  }
  memcpy(id, e.blob_id, CACHE_ID_SIZE);
  return CACHE_OK;
}

/* -- Walking the index -------------------------------------------------------- */

typedef struct {
  Cache *c;
  bool (*fn)(void *ud, const CacheEntryInfo *e);
  void *ud;
} ForeachCtx;

static bool foreach_one(void *ud, int dirfd, const char *shard, const char *name)
{
  ForeachCtx *x = ud;
  CacheEntryInfo e;
  uint8_t tmp[CACHE_ID_SIZE];
  if (!shard || !cache_parse_hex(name, tmp) || strncmp(name, shard, 2) != 0) return true;
  if (read_entry(x->c, dirfd, name, &e) != CACHE_OK) return true;
  return x->fn(x->ud, &e);
}

CacheStatus cache_foreach_entry(Cache *c, bool (*fn)(void *ud, const CacheEntryInfo *e), void *ud)
{
  ForeachCtx x = {c, fn, ud};
  return cache_walk(c, AREA_INDEX, foreach_one, &x);
}
