/* cache_admin.c: walking the cache, stats, verify and LRU eviction.
 *
 * Maintenance runs under the exclusive writer lock, so no publisher is between writing a blob and
 * its entry: every temp file it sees is a crashed writer's leftover, and removing an entry and
 * then its blob cannot race with a publish that has just found that blob already present.
 * Eviction age is max(mtime, atime): publishing (also of a blob already present) and cache_touch
 * set mtime; atime adds worker reads on file systems that record them (relatime does, daily).
 */
#include "cache_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* -- Walking ------------------------------------------------------------------ */

typedef struct {
  char **v;
  size_t n, cap;
} Names;

static void names_free(Names *ns)
{
  for (size_t i = 0; i < ns->n; i++) free(ns->v[i]);
  free(ns->v);
  memset(ns, 0, sizeof *ns);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dirfd (without . and ..), sorted. */
static CacheStatus list_dir(int dirfd, Names *out)
{
  memset(out, 0, sizeof *out);
  int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return cache_io_fail(errno);
  DIR *d = fdopendir(fd);
  if (!d) {
    int err = errno;
    close(fd);
    return cache_io_fail(err);
  }
  CacheStatus s = CACHE_OK;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    if (out->n == out->cap) {
      size_t cap = out->cap ? out->cap * 2 : 64;
      char **v = realloc(out->v, cap * sizeof *v);
      if (!v) {
        s = CACHE_NOMEM;
        break;
      }
      out->v = v;
      out->cap = cap;
    }
    if (!(out->v[out->n] = strdup(de->d_name))) {
      s = CACHE_NOMEM;
      break;
    }
    out->n++;
  }
  closedir(d);
  if (s != CACHE_OK) names_free(out);
  else if (out->n) qsort(out->v, out->n, sizeof *out->v, cmp_str);
  return s;
}

static bool is_shard_name(const char *s)
{
  return strlen(s) == 2 && strspn(s, "0123456789abcdef") == 2;
}

CacheStatus cache_walk(Cache *c, CacheArea a, CacheWalkFn fn, void *ud)
{
  int afd = openat(c->root_fd, cache_area_dir(a), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (afd < 0) return errno == ENOENT ? CACHE_OK : errno == ELOOP ? CACHE_UNSAFE : cache_io_fail(errno);
  Names shards;
  CacheStatus s = list_dir(afd, &shards);
  bool go = true;
  for (size_t i = 0; s == CACHE_OK && go && i < shards.n; i++) {
    const char *sh = shards.v[i];
    int sfd = is_shard_name(sh) ? openat(afd, sh, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
    if (sfd < 0) {
      go = fn(ud, afd, NULL, sh);
      continue;
    }
    Names files;
    s = list_dir(sfd, &files);
    for (size_t j = 0; s == CACHE_OK && go && j < files.n; j++) go = fn(ud, sfd, sh, files.v[j]);
    if (s == CACHE_OK) names_free(&files);
    close(sfd);
  }
  if (s == CACHE_OK) names_free(&shards);
  close(afd);
  return s;
}

/* A well-formed name for a file in shard: 32 hex digits starting with the shard's two. */
static bool entry_name(const char *shard, const char *name, uint8_t id[CACHE_ID_SIZE])
{
  return shard && cache_parse_hex(name, id) && strncmp(name, shard, 2) == 0;
}

/* -- Stats ---------------------------------------------------------------------- */

typedef struct {
  CacheStats *st;
  CacheArea area;
} StatsCtx;

static bool stats_one(void *ud, int dirfd, const char *shard, const char *name)
{
  StatsCtx *x = ud;
  uint8_t id[CACHE_ID_SIZE];
  struct stat st;
  if (cache_is_temp_name(name)) {
    x->st->temp_files++;
    return true;
  }
  if (!entry_name(shard, name, id) || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(st.st_mode))
    return true;
  if (x->area == AREA_BLOBS) {
    x->st->blobs++;
    x->st->blob_bytes += (uint64_t)st.st_size;
  } else {
    x->st->index_entries++;
    x->st->index_bytes += (uint64_t)st.st_size;
  }
  return true;
}

CacheStatus cache_stats(Cache *c, CacheStats *out)
{
  memset(out, 0, sizeof *out);
  StatsCtx x = {out, AREA_BLOBS};
  CacheStatus s = cache_walk(c, AREA_BLOBS, stats_one, &x);
  x.area = AREA_INDEX;
  if (s == CACHE_OK) s = cache_walk(c, AREA_INDEX, stats_one, &x);
  if (s != CACHE_OK) return s;
  out->total_bytes = out->blob_bytes + out->index_bytes;
  int qfd = openat(c->root_fd, "quarantine", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (qfd >= 0) {
    Names q;
    if ((s = list_dir(qfd, &q)) == CACHE_OK) {
      out->quarantined = q.n;
      names_free(&q);
    }
    close(qfd);
  }
  return s;
}

/* -- Verify --------------------------------------------------------------------- */

typedef struct {
  Cache *c;
  CacheVerifyReport *r;
  CacheArea area;
} VerifyCtx;

/* A blob (regular file, valid header) exists under id. */
static bool blob_present(Cache *c, const uint8_t id[CACHE_ID_SIZE])
{
  char hex[CACHE_HEX_SIZE];
  int dirfd;
  struct stat st;
  cache_hex(id, hex);
  if (cache_open_shard(c, AREA_BLOBS, hex, false, &dirfd) != CACHE_OK) return false;
  bool ok = fstatat(dirfd, hex, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
  close(dirfd);
  return ok;
}

static bool verify_one(void *ud, int dirfd, const char *shard, const char *name)
{
  VerifyCtx *x = ud;
  uint8_t id[CACHE_ID_SIZE];
  if (cache_is_temp_name(name) && shard) {
    if (unlinkat(dirfd, name, 0) == 0) x->r->temp_removed++;
    return true;
  }
  if (!entry_name(shard, name, id)) {
    x->r->stray++;
    cache_quarantine(x->c, x->area, dirfd, name, NULL, "unexpected file in the cache");
    return true;
  }
  if (x->area == AREA_BLOBS) {
    int fd;
    struct stat st;
    const char *why = "not a regular file";
    CacheStatus s = cache_open_file(dirfd, name, &fd, &st);
    if (s == CACHE_OK) {
      s = cache_blob_check_fd(fd, &st, id, true, &why);
      close(fd);
    }
    if (s == CACHE_OK) x->r->blobs_ok++;
    else if (s == CACHE_CORRUPT) {
      x->r->blobs_bad++;
      cache_quarantine(x->c, AREA_BLOBS, dirfd, name, &st, why);
    }
    return true;
  }
  CacheEntryInfo e;
  bool ok = false;
  /* cache_foreach_entry would skip bad entries; here each one is counted. */
  int fd;
  struct stat st;
  const char *why = "not a regular file";
  CacheStatus s = cache_open_file(dirfd, name, &fd, &st);
  if (s == CACHE_NOT_FOUND) return true;
  if (s == CACHE_OK) {
    uint8_t buf[CACHE_INDEX_ENTRY_SIZE + 1];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    why = "wrong size";
    if (n >= 0 && st.st_size == n && cache_entry_decode(buf, (size_t)n, &e, &why)) {
      char hex[CACHE_HEX_SIZE];
      cache_hex(e.key_hash, hex);
      ok = strcmp(hex, name) == 0;
      if (!ok) why = "key does not match file name";
    }
  }
  if (!ok && s != CACHE_IO) cache_quarantine(x->c, AREA_INDEX, dirfd, name, &st, why);
  if (!ok) {
    x->r->entries_bad++;
    return true;
  }
  if (!blob_present(x->c, e.blob_id) ||
      (e.key.kind == CACHE_KIND_BRIDGE && !blob_present(x->c, e.key.parent_blob))) {
    cache_report("index", name, "blob or parent blob missing: entry removed");
    if (unlinkat(dirfd, name, 0) == 0) x->r->entries_dangling++;
    return true;
  }
  x->r->entries_ok++;
  return true;
}

CacheStatus cache_verify(Cache *c, CacheVerifyReport *out)
{
  int lock_fd;
  memset(out, 0, sizeof *out);
  CacheStatus s = cache_lock(c, true, &lock_fd);
  if (s != CACHE_OK) return s;
  VerifyCtx x = {c, out, AREA_BLOBS};
  s = cache_walk(c, AREA_BLOBS, verify_one, &x);
  x.area = AREA_INDEX;
  if (s == CACHE_OK) s = cache_walk(c, AREA_INDEX, verify_one, &x);
  cache_unlock(lock_fd);
  return s;
}

/* -- Eviction ------------------------------------------------------------------- */

typedef struct {
  uint8_t id[CACHE_ID_SIZE];
  uint64_t bytes;
  int64_t age_ns; /* max(mtime, atime) */
  bool gone;
} BlobRec;

typedef struct {
  uint8_t name[CACHE_ID_SIZE];
  uint8_t blob[CACHE_ID_SIZE], parent[CACHE_ID_SIZE]; /* parent zero for a loop */
  uint64_t bytes;
  bool gone;
} EntryRec;

typedef struct {
  Cache *c;
  BlobRec *blobs;
  size_t nblobs, capblobs;
  EntryRec *entries;
  size_t nentries, capentries;
  bool nomem;
} EvictCtx;

static bool grow(void **v, size_t *cap, size_t n, size_t elem)
{
  if (n < *cap) return true;
  size_t nc = *cap ? *cap * 2 : 256;
  void *p = realloc(*v, nc * elem);
  if (!p) return false;
  *v = p;
  *cap = nc;
  return true;
}

static int64_t ts_ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

static bool evict_blob_one(void *ud, int dirfd, const char *shard, const char *name)
{
  EvictCtx *x = ud;
  uint8_t id[CACHE_ID_SIZE];
  struct stat st;
  if (cache_is_temp_name(name) && shard) {
    (void)unlinkat(dirfd, name, 0);
    return true;
  }
  if (!entry_name(shard, name, id) || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(st.st_mode))
    return true;
  if (!grow((void **)&x->blobs, &x->capblobs, x->nblobs, sizeof *x->blobs)) return !(x->nomem = true);
  BlobRec *b = &x->blobs[x->nblobs++];
  memcpy(b->id, id, CACHE_ID_SIZE);
  b->bytes = (uint64_t)st.st_size;
  int64_t m = ts_ns(st.st_mtim), a = ts_ns(st.st_atim);
  b->age_ns = m > a ? m : a;
  b->gone = false;
  return true;
}

static bool evict_entry_one(void *ud, int dirfd, const char *shard, const char *name)
{
  EvictCtx *x = ud;
  uint8_t id[CACHE_ID_SIZE];
  struct stat st;
  if (cache_is_temp_name(name) && shard) {
    (void)unlinkat(dirfd, name, 0);
    return true;
  }
  if (!entry_name(shard, name, id) || fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(st.st_mode))
    return true;
  if (!grow((void **)&x->entries, &x->capentries, x->nentries, sizeof *x->entries))
    return !(x->nomem = true);
  EntryRec *r = &x->entries[x->nentries++];
  memset(r, 0, sizeof *r);
  memcpy(r->name, id, CACHE_ID_SIZE);
  r->bytes = (uint64_t)st.st_size;
  /* An entry that does not parse can never be used: eviction removes it right away. */
  int fd;
  CacheEntryInfo e;
  const char *why;
  uint8_t buf[CACHE_INDEX_ENTRY_SIZE + 1];
  if (cache_open_file(dirfd, name, &fd, &st) != CACHE_OK) {
    r->gone = true;
    return true;
  }
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n != CACHE_INDEX_ENTRY_SIZE || !cache_entry_decode(buf, (size_t)n, &e, &why)) {
    r->gone = true;
    return true;
  }
  memcpy(r->blob, e.blob_id, CACHE_ID_SIZE);
  if (e.key.kind == CACHE_KIND_BRIDGE) memcpy(r->parent, e.key.parent_blob, CACHE_ID_SIZE);
  return true;
}

static int cmp_blob_id(const void *a, const void *b)
{
  return memcmp(((const BlobRec *)a)->id, ((const BlobRec *)b)->id, CACHE_ID_SIZE);
}

static int cmp_blob_age(const void *a, const void *b)
{
  const BlobRec *x = a, *y = b;
  if (x->age_ns != y->age_ns) return x->age_ns < y->age_ns ? -1 : 1;
  return memcmp(x->id, y->id, CACHE_ID_SIZE);
}

static int cmp_entry_blob(const void *a, const void *b)
{
  return memcmp((*(EntryRec *const *)a)->blob, (*(EntryRec *const *)b)->blob, CACHE_ID_SIZE);
}

static int cmp_entry_parent(const void *a, const void *b)
{
  return memcmp((*(EntryRec *const *)a)->parent, (*(EntryRec *const *)b)->parent, CACHE_ID_SIZE);
}

static bool blob_listed(const BlobRec *v, size_t n, const uint8_t id[CACHE_ID_SIZE])
{
  BlobRec key;
  memcpy(key.id, id, CACHE_ID_SIZE);
  return bsearch(&key, v, n, sizeof *v, cmp_blob_id) != NULL;
}

/* Marks every live entry whose blob (parent = false) or parent (true) is id as gone. */
static uint64_t drop_entries(EntryRec **by, size_t n, bool parent, const uint8_t id[CACHE_ID_SIZE])
{
  size_t lo = 0, hi = n;
  while (lo < hi) { /* first entry with field >= id */
    size_t mid = lo + (hi - lo) / 2;
    if (memcmp(parent ? by[mid]->parent : by[mid]->blob, id, CACHE_ID_SIZE) < 0) lo = mid + 1;
    else hi = mid;
  }
  uint64_t freed = 0;
  for (; lo < n && memcmp(parent ? by[lo]->parent : by[lo]->blob, id, CACHE_ID_SIZE) == 0; lo++)
    if (!by[lo]->gone) {
      by[lo]->gone = true;
      freed += by[lo]->bytes;
    }
  return freed;
}

static void unlink_in_area(Cache *c, CacheArea a, const uint8_t id[CACHE_ID_SIZE], uint64_t *count)
{
  char hex[CACHE_HEX_SIZE];
  int dirfd;
  cache_hex(id, hex);
  if (cache_open_shard(c, a, hex, false, &dirfd) != CACHE_OK) return;
  if (unlinkat(dirfd, hex, 0) == 0) (*count)++;
  close(dirfd);
}

static const uint8_t no_parent[CACHE_ID_SIZE];

/* Victims are the oldest blobs; each takes along the entries that point to it or have it as
 * parent, and their bytes count towards the target at once. Entries that point to no blob are
 * dropped first in any case. Entries are unlinked before any blob, so a reader never meets an
 * entry whose blob eviction removed. */
CacheStatus cache_evict(Cache *c, uint64_t target_bytes, CacheEvictReport *out)
{
  int lock_fd;
  EvictCtx x = {.c = c};
  EntryRec **by_blob = NULL, **by_parent = NULL;
  memset(out, 0, sizeof *out);
  CacheStatus s = cache_lock(c, true, &lock_fd);
  if (s != CACHE_OK) return s;
  if ((s = cache_walk(c, AREA_BLOBS, evict_blob_one, &x)) != CACHE_OK) goto out;
  if ((s = cache_walk(c, AREA_INDEX, evict_entry_one, &x)) != CACHE_OK) goto out;
  by_blob = malloc((x.nentries + 1) * sizeof *by_blob);
  by_parent = malloc((x.nentries + 1) * sizeof *by_parent);
  if (x.nomem || !by_blob || !by_parent) {
    s = CACHE_NOMEM;
    goto out;
  }
  uint64_t total = 0;
  for (size_t i = 0; i < x.nblobs; i++) total += x.blobs[i].bytes;
  for (size_t i = 0; i < x.nentries; i++) total += x.entries[i].bytes;
  out->bytes_before = total;

  if (x.nblobs) qsort(x.blobs, x.nblobs, sizeof *x.blobs, cmp_blob_id);
  size_t nparent = 0;
  for (size_t i = 0; i < x.nentries; i++) {
    EntryRec *r = &x.entries[i];
    bool bridge = memcmp(r->parent, no_parent, CACHE_ID_SIZE) != 0;
    if (!r->gone && (!blob_listed(x.blobs, x.nblobs, r->blob) ||
                     (bridge && !blob_listed(x.blobs, x.nblobs, r->parent))))
      r->gone = true;
    if (r->gone) total -= r->bytes;
    by_blob[i] = r;
    if (bridge) by_parent[nparent++] = r;
  }
  if (x.nentries) qsort(by_blob, x.nentries, sizeof *by_blob, cmp_entry_blob);
  if (nparent) qsort(by_parent, nparent, sizeof *by_parent, cmp_entry_parent);

  if (x.nblobs) qsort(x.blobs, x.nblobs, sizeof *x.blobs, cmp_blob_age);
  size_t victims = 0;
  while (total > target_bytes && victims < x.nblobs) {
    BlobRec *b = &x.blobs[victims++];
    b->gone = true;
    total -= b->bytes;
    total -= drop_entries(by_blob, x.nentries, false, b->id);
    total -= drop_entries(by_parent, nparent, true, b->id);
  }
  for (size_t i = 0; i < x.nentries; i++)
    if (x.entries[i].gone) unlink_in_area(c, AREA_INDEX, x.entries[i].name, &out->entries_removed);
  for (size_t i = 0; i < victims; i++) unlink_in_area(c, AREA_BLOBS, x.blobs[i].id, &out->blobs_removed);
  out->bytes_after = total;
out:
  cache_unlock(lock_fd);
  free(by_blob);
  free(by_parent);
  free(x.blobs);
  free(x.entries);
  return s;
}
