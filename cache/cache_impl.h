/* cache_impl.h: what the cache's files share and nobody else needs: the handle, safe file access
 * inside the cache directory, atomic writes, quarantine, the writer lock, little-endian codecs. */
#ifndef PJS_CACHE_IMPL_H
#define PJS_CACHE_IMPL_H

#include "cache.h"

#include <sys/stat.h>
#include <sys/types.h>

struct Cache {
  int root_fd;   /* the cache directory */
  bool writable;
  char path[CACHE_PATH_MAX + 1];
};

/* The two areas of the cache; each has 256 shard directories named by the first 2 hex digits. */
typedef enum { AREA_BLOBS, AREA_INDEX } CacheArea;
const char *cache_area_dir(CacheArea a); /* "blobs" / "index" */
const char *cache_area_kind(CacheArea a); /* "blob" / "index", for reports */

CacheStatus cache_io_fail(int err); /* records errno for cache_last_errno, returns CACHE_IO */
void cache_set_errno(int err);
void cache_report(const char *kind, const char *name, const char *why);

/* Opens <area>/<shard> (no symlink anywhere below the root); create makes it (0700) if missing. */
CacheStatus cache_open_shard(Cache *c, CacheArea a, const char *hexname, bool create, int *fd);
/* Opens a regular file in a shard directory read-only without following a symlink and without
 * blocking on a FIFO; NOT_FOUND if absent, CORRUPT if it is anything but a regular file. */
CacheStatus cache_open_file(int dirfd, const char *name, int *fd, struct stat *st);
/* Writes [hdr, hdr_len) then [data, data_len) to a fresh temp file in dirfd, fsyncs it and
 * renames it over name, then fsyncs the directory. The temp file never survives a failure. */
CacheStatus cache_write_atomic(int dirfd, const char *name, const void *hdr, size_t hdr_len,
                               const void *data, size_t data_len);
/* Moves <shard dir>/name aside into quarantine/ (or deletes it when quarantine is full), but only
 * if the name still refers to the file that failed (same inode as st), and reports why. Best
 * effort: a reader without write permission only reports. */
void cache_quarantine(Cache *c, CacheArea a, int dirfd, const char *name, const struct stat *st,
                      const char *why);
bool cache_is_temp_name(const char *name);

/* The writer lock: shared for publishing, exclusive for verify/evict. */
CacheStatus cache_lock(Cache *c, bool exclusive, int *lock_fd);
void cache_unlock(int lock_fd);

/* Calls fn for every name in every shard of an area, in sorted order (shard = its 2-hex name),
 * and for any other name directly in the area directory (shard = NULL, dirfd = the area): a stray.
 * A missing area is empty. fn returning false stops the walk. */
typedef bool (*CacheWalkFn)(void *ud, int dirfd, const char *shard, const char *name);
CacheStatus cache_walk(Cache *c, CacheArea a, CacheWalkFn fn, void *ud);

/* Blob checks used by publish, the index and maintenance. */
CacheStatus cache_blob_check_fd(int fd, const struct stat *st, const uint8_t id[CACHE_ID_SIZE],
                                bool full, const char **why);
/* Index entry codec: parses a 108-byte entry, checking magic, version, checksum and key. */
bool cache_entry_decode(const uint8_t *buf, size_t len, CacheEntryInfo *e, const char **why);

static inline void put32(uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void put64(uint8_t *p, uint64_t v)
{
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t get32(const uint8_t *p)
{
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
static inline uint64_t get64(const uint8_t *p)
{
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

#endif
