/* cache.h: the content-hashed code cache shared by `pypy-jitd` (the only writer) and the workers.
 *
 * A cache is a directory. Blobs (machine code plus its tables; opaque here) are files named by
 * their id, the XXH3-128 of their bytes; the index maps a loop key (or a bridge key: parent blob +
 * guard) to a blob id, one small file per key named by the key's own XXH3-128. Everything read
 * back is treated as hostile: sizes, headers, checksums and the content hash are verified before a
 * byte is handed out, and a file that fails is never returned (it is quarantined instead). Writes
 * are temp file + fsync + rename, blob before index entry, so a crash never leaves a visible
 * partial entry. Mapped code is never writable and executable at once.
 *
 * Layout (see docs/ARCHITECTURE.md, "Code cache"):
 *   <dir>/blobs/<2 hex>/<32 hex id>        64-byte header + bytes
 *   <dir>/index/<2 hex>/<32 hex key hash>  fixed 108-byte entry: key, blob id, length, checksum
 *   <dir>/quarantine/                      files that failed verification, kept for diagnosis
 *   <dir>/lock                             flock: publish shared, evict/verify exclusive
 *
 * Thread safety: a Cache handle is immutable after cache_open and may be used from several
 * threads at once. Readers take no lock.
 */
#ifndef PJS_CACHE_H
#define PJS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -- Limits (each a named, documented constant) ------------------------------ */

/* Largest blob payload accepted by publish and by readers: a trace is capped at a few thousand
 * ops, whose code and tables are well under 1 MiB; 16 MiB bounds what a hostile file can make a
 * reader hash or map. */
#define CACHE_BLOB_MAX ((uint64_t)16 << 20)
/* Default size limit of a cache (blobs + index entries, file sizes): `pypy-cache evict` and the
 * server's eviction aim below it. A big application compiles a few thousand loops of ~10 KiB. */
#define CACHE_DEFAULT_MAX_BYTES ((uint64_t)512 << 20)
/* At most this many files are kept in quarantine/; beyond it, bad files are deleted outright, so
 * a disk going bad cannot fill the disk with copies. */
#define CACHE_QUARANTINE_MAX 256
/* A temp file older than this (seconds) is a crashed writer's leftover; verify/evict remove it. */
#define CACHE_TMP_STALE_SECONDS 3600
/* Longest cache directory path accepted (the files under it add up to 80 bytes). */
#define CACHE_PATH_MAX 4000

#define CACHE_ID_SIZE 16          /* bytes of a blob id or key hash (XXH3-128) */
#define CACHE_HEX_SIZE 33         /* 32 hex digits + NUL */
#define CACHE_FORMAT_VERSION 1    /* of blob headers and index entries; bump on any change */
#define CACHE_BLOB_HEADER_SIZE 64 /* also keeps the payload 64-byte aligned in a mapping */
#define CACHE_INDEX_ENTRY_SIZE 108

/* -- Status ------------------------------------------------------------------ */

#define CACHE_STATUSES(_) \
  _(OK, "ok") \
  _(NOT_FOUND, "not in the cache") \
  _(CORRUPT, "cache file failed verification (quarantined)") \
  _(TOO_BIG, "blob larger than CACHE_BLOB_MAX") \
  _(BAD_ARG, "invalid argument") \
  _(PATH, "cache path too long or not set (no $HOME)") \
  _(UNSAFE, "unsafe cache directory (symlink inside, not a directory, writable by others, or not owned by a writer)") \
  _(READ_ONLY, "cache handle was opened read-only") \
  _(IO, "I/O error") \
  _(NOMEM, "out of memory") \
  _(MAP, "could not map the blob executable")

typedef enum {
#define CACHE_ENUM(name, msg) CACHE_##name,
  CACHE_STATUSES(CACHE_ENUM)
#undef CACHE_ENUM
  CACHE__STATUS_COUNT
} CacheStatus;

const char *cache_strerror(CacheStatus s);
/* The errno of the last CACHE_IO/CACHE_MAP failure in this thread (0 if none), for messages. */
int cache_last_errno(void);

/* -- Keys -------------------------------------------------------------------- */

typedef enum { CACHE_KIND_LOOP = 0, CACHE_KIND_BRIDGE = 1 } CacheKind;
enum { CACHE_ARCH_X86_64 = 1, CACHE_ARCH_AARCH64 = 2 };

/* A loop key, or a bridge key (kind BRIDGE: parent_blob + guard name the guard it leaves from).
 * A loop's parent_blob and guard must be zero, so each loop has one key. Serialized little-endian
 * field by field (60 bytes) for hashing and on disk: the struct's padding never matters. */
typedef struct CacheKey {
  uint8_t code_hash[16];
  uint32_t pc;
  uint32_t arch;
  uint64_t cpu_features;
  uint32_t abi_version;
  uint32_t kind; /* CacheKind */
  uint8_t parent_blob[16];
  uint32_t guard;
} CacheKey;

/* The key's own XXH3-128 (its index file name). BAD_ARG for a malformed key. */
CacheStatus cache_key_hash(const CacheKey *key, uint8_t out[CACHE_ID_SIZE]);
/* Blob id of bytes: XXH3-128, big-endian (canonical) byte order. */
void cache_blob_id(const void *bytes, size_t len, uint8_t out[CACHE_ID_SIZE]);
void cache_hex(const uint8_t id[CACHE_ID_SIZE], char out[CACHE_HEX_SIZE]);
bool cache_parse_hex(const char *s, uint8_t out[CACHE_ID_SIZE]); /* exactly 32 lowercase hex */

/* -- Directory and handle ---------------------------------------------------- */

/* The default cache directory: $PYPY_JIT_CACHE, else $XDG_CACHE_HOME/pypy-jit-server, else
 * $HOME/.cache/pypy-jit-server. Empty variables count as unset; relative XDG paths are ignored
 * (as the XDG spec says). */
CacheStatus cache_default_dir(char *out, size_t cap);
/* explicit_dir (a --cache argument) when non-NULL and non-empty, else cache_default_dir. */
CacheStatus cache_resolve_dir(const char *explicit_dir, char *out, size_t cap);

typedef struct Cache Cache;

enum {
  CACHE_OPEN_READ = 0,  /* a worker: lookups and mappings */
  CACHE_OPEN_WRITE = 1, /* the server or the tool: creates the directories (0700), publishes */
};

/* Opens the cache at dir (the directory itself may be reached through a symlink; nothing inside
 * it is). Refused (UNSAFE) if it is not a directory or is group/world writable; a writer also
 * requires that it owns it. A reader on a missing directory gets NOT_FOUND. */
CacheStatus cache_open(const char *dir, unsigned flags, Cache **out);
void cache_close(Cache *c);
const char *cache_path(const Cache *c);

/* Verification failures (and quarantines) are reported here: kind is "blob" or "index", name its
 * hex name, why a short reason. Process-wide; NULL (the default) reports nothing. The callback
 * may be called from any thread that uses the cache. */
typedef void (*CacheReportFn)(void *ud, const char *kind, const char *name, const char *why);
void cache_set_report(CacheReportFn fn, void *ud);

/* -- Publish (writer only) --------------------------------------------------- */

/* Stores bytes as a blob (once: an identical blob already present is verified and its mtime
 * refreshed) and writes id. */
CacheStatus cache_publish_blob(Cache *c, const void *bytes, size_t len, uint8_t id[CACHE_ID_SIZE]);
/* Points key at an already-published blob (checked to exist with a valid header). */
CacheStatus cache_publish_index(Cache *c, const CacheKey *key, const uint8_t id[CACHE_ID_SIZE]);
/* Both, blob first, under one shared writer lock (so eviction cannot fall in between). */
CacheStatus cache_publish(Cache *c, const CacheKey *key, const void *bytes, size_t len,
                          uint8_t id[CACHE_ID_SIZE]);
/* Marks a blob as used now (mtime), for LRU eviction: the server calls it on a cache hit. */
CacheStatus cache_touch(Cache *c, const uint8_t id[CACHE_ID_SIZE]);

/* -- Lookup and mapping (readers) -------------------------------------------- */

/* The blob id the key points to; NOT_FOUND on a miss; CORRUPT (quarantined) on a bad entry. */
CacheStatus cache_lookup(Cache *c, const CacheKey *key, uint8_t id[CACHE_ID_SIZE]);

/* A verified read-only copy of a blob's bytes (malloc'd; free with free()). */
CacheStatus cache_read_blob(Cache *c, const uint8_t id[CACHE_ID_SIZE], void **bytes, size_t *len);

typedef struct CacheMapping {
  const void *code; /* the blob's bytes, PROT_READ|PROT_EXEC, 64-byte aligned */
  size_t len;
  void *base; /* for cache_unmap */
  size_t map_len;
  uint8_t id[CACHE_ID_SIZE];
} CacheMapping;

enum {
  CACHE_MAP_SHARED_PAGES = 0, /* map the file (pages shared by all workers); falls back to COPY
                                 where the file system is mounted noexec */
  CACHE_MAP_COPY = 1,         /* read into private anonymous memory: immune to the file changing
                                 after verification, at the cost of one copy per process */
};

/* Maps blob id read-only, verifies header and content hash on the mapped bytes, and only then
 * makes the mapping executable (mprotect PROT_READ|PROT_EXEC). The mapping is never writable. */
CacheStatus cache_map_blob(Cache *c, const uint8_t id[CACHE_ID_SIZE], unsigned flags,
                           CacheMapping *out);
/* cache_lookup + cache_map_blob. */
CacheStatus cache_map_key(Cache *c, const CacheKey *key, unsigned flags, CacheMapping *out);
void cache_unmap(CacheMapping *m);

/* -- Inspection and maintenance ---------------------------------------------- */

typedef struct CacheStats {
  uint64_t blobs, index_entries, quarantined, temp_files;
  uint64_t blob_bytes, index_bytes, total_bytes; /* file sizes; total = blobs + index */
} CacheStats;
CacheStatus cache_stats(Cache *c, CacheStats *out);

typedef struct CacheEntryInfo {
  uint8_t key_hash[CACHE_ID_SIZE];
  CacheKey key;
  uint8_t blob_id[CACHE_ID_SIZE];
  uint64_t blob_len;
} CacheEntryInfo;
/* Calls fn for every index entry that parses and checks (bad ones are reported, not visited),
 * in file-name order. fn returning false stops the walk. */
CacheStatus cache_foreach_entry(Cache *c, bool (*fn)(void *ud, const CacheEntryInfo *e), void *ud);

typedef struct CacheVerifyReport {
  uint64_t blobs_ok, blobs_bad, entries_ok, entries_bad, entries_dangling, stray, temp_removed;
} CacheVerifyReport;
/* Writer only: checks every blob (content hash) and index entry, quarantines bad ones, removes
 * entries whose blob is missing and stale temp files; stray = unexpected files/links, reported
 * and quarantined. Exclusive writer lock. */
CacheStatus cache_verify(Cache *c, CacheVerifyReport *out);

typedef struct CacheEvictReport {
  uint64_t blobs_removed, entries_removed, bytes_before, bytes_after;
} CacheEvictReport;
/* Writer only: removes least-recently-used blobs, age = max(mtime, atime) (publish and
 * cache_touch set mtime; atime counts where the file system records reads), with every index
 * entry that points to them or has them as parent, until blobs + entries take at most
 * target_bytes. Entries go before their blobs, so a reader never sees an entry whose blob was
 * removed by eviction. Exclusive writer lock. */
CacheStatus cache_evict(Cache *c, uint64_t target_bytes, CacheEvictReport *out);

#endif
