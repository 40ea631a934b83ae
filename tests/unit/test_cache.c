/* Unit tests for cache/: publish and lookup, dedupe, hostile files (flipped bits, truncated,
 * oversized, random bytes, symlinks, FIFOs), W^X of mapped code, concurrent publishers,
 * eviction, and the default directory's precedence. Each test works in its own temp directory. */
#include "cache.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];
static char cdir[300];
static int reports;

static void count_report(void *ud, const char *kind, const char *name, const char *why)
{
  (void)ud, (void)kind, (void)name, (void)why;
  reports++;
}

static void setup(void)
{
  strcpy(tmpdir, "/tmp/pjs-cache-test-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  snprintf(cdir, sizeof cdir, "%s/cache", tmpdir);
  reports = 0;
  cache_set_report(count_report, NULL);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
  (void)st, (void)flag, (void)f;
  chmod(p, 0700);
  return remove(p);
}

static void teardown(void)
{
  nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* -- Helpers -------------------------------------------------------------------- */

static CacheKey loop_key(uint32_t n)
{
  CacheKey k;
  memset(&k, 0, sizeof k);
  for (int i = 0; i < 16; i++) k.code_hash[i] = (uint8_t)(n * 7 + i);
  k.pc = 10 + n;
  k.arch = CACHE_ARCH_X86_64;
  k.cpu_features = 0x1f;
  k.abi_version = 3;
  k.kind = CACHE_KIND_LOOP;
  return k;
}

static Cache *open_writer(void)
{
  Cache *c = NULL;
  ck_assert_int_eq(cache_open(cdir, CACHE_OPEN_WRITE, &c), CACHE_OK);
  return c;
}

static Cache *open_reader(void)
{
  Cache *c = NULL;
  ck_assert_int_eq(cache_open(cdir, CACHE_OPEN_READ, &c), CACHE_OK);
  return c;
}

static void fill(uint8_t *b, size_t n, uint32_t seed)
{
  for (size_t i = 0; i < n; i++) b[i] = (uint8_t)((i * 131 + seed * 17 + (i >> 8)) & 0xff);
}

static void file_path(char *out, size_t cap, const char *area, const uint8_t id[16])
{
  char hex[CACHE_HEX_SIZE];
  cache_hex(id, hex);
  snprintf(out, cap, "%s/%s/%.2s/%s", cdir, area, hex, hex);
}

static void key_path(char *out, size_t cap, const CacheKey *k)
{
  uint8_t kh[16];
  ck_assert_int_eq(cache_key_hash(k, kh), CACHE_OK);
  file_path(out, cap, "index", kh);
}

/* Replaces the file at path with n bytes of data (the cache's files are read-only). */
static void write_file(const char *path, const void *data, size_t n)
{
  unlink(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
  close(fd);
}

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
  int fd = open(path, O_RDONLY);
  ck_assert_int_ge(fd, 0);
  ssize_t n = read(fd, buf, cap);
  close(fd);
  ck_assert_int_ge(n, 0);
  return (size_t)n;
}

static bool exists(const char *path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

static CacheStats stats(Cache *c)
{
  CacheStats st;
  ck_assert_int_eq(cache_stats(c, &st), CACHE_OK);
  return st;
}

/* Publishes a 1000-byte blob for loop_key(n); returns its id. */
static void publish_n(Cache *c, uint32_t n, uint8_t id[16])
{
  uint8_t b[1000];
  fill(b, sizeof b, n);
  CacheKey k = loop_key(n);
  ck_assert_int_eq(cache_publish(c, &k, b, sizeof b, id), CACHE_OK);
}

/* -- Round trip ------------------------------------------------------------------- */

START_TEST(test_cache_publish_lookup_round_trip)
{
  Cache *w = open_writer();
  uint8_t b[3000], id[16], got[16];
  fill(b, sizeof b, 1);
  CacheKey k = loop_key(1);
  ck_assert_int_eq(cache_publish(w, &k, b, sizeof b, id), CACHE_OK);
  uint8_t expect[16];
  cache_blob_id(b, sizeof b, expect);
  ck_assert_mem_eq(id, expect, 16);

  Cache *r = open_reader();
  ck_assert_int_eq(cache_lookup(r, &k, got), CACHE_OK);
  ck_assert_mem_eq(got, id, 16);
  void *bytes;
  size_t len;
  ck_assert_int_eq(cache_read_blob(r, id, &bytes, &len), CACHE_OK);
  ck_assert_uint_eq(len, sizeof b);
  ck_assert_mem_eq(bytes, b, sizeof b);
  free(bytes);
  CacheMapping m;
  ck_assert_int_eq(cache_map_key(r, &k, CACHE_MAP_SHARED_PAGES, &m), CACHE_OK);
  ck_assert_uint_eq(m.len, sizeof b);
  ck_assert_mem_eq(m.code, b, sizeof b);
  ck_assert_uint_eq((uintptr_t)m.code % 64, 0);
  cache_unmap(&m);

  CacheKey other = loop_key(2);
  ck_assert_int_eq(cache_lookup(r, &other, got), CACHE_NOT_FOUND);
  CacheStats st = stats(r);
  ck_assert_uint_eq(st.blobs, 1);
  ck_assert_uint_eq(st.index_entries, 1);
  ck_assert_uint_eq(st.blob_bytes, CACHE_BLOB_HEADER_SIZE + sizeof b);
  ck_assert_uint_eq(st.total_bytes, st.blob_bytes + CACHE_INDEX_ENTRY_SIZE);
  ck_assert_uint_eq(st.temp_files, 0);
  ck_assert_int_eq(reports, 0);

  /* Files are read-only and directories private. */
  char p[512];
  struct stat sb;
  file_path(p, sizeof p, "blobs", id);
  ck_assert_int_eq(stat(p, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0222, 0);
  ck_assert_int_eq(stat(cdir, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0777, 0700);
  cache_close(r);
  cache_close(w);
}
END_TEST

START_TEST(test_cache_bridge_keyed_by_parent_and_guard)
{
  Cache *w = open_writer();
  uint8_t parent[16], bid[16], got[16];
  publish_n(w, 1, parent);
  CacheKey br = loop_key(1);
  br.kind = CACHE_KIND_BRIDGE;
  memcpy(br.parent_blob, parent, 16);
  br.guard = 7;
  uint8_t code[100];
  fill(code, sizeof code, 99);
  ck_assert_int_eq(cache_publish(w, &br, code, sizeof code, bid), CACHE_OK);
  ck_assert_int_eq(cache_lookup(w, &br, got), CACHE_OK);
  ck_assert_mem_eq(got, bid, 16);
  br.guard = 8;
  ck_assert_int_eq(cache_lookup(w, &br, got), CACHE_NOT_FOUND);
  /* A loop key's own lookup is unchanged by the bridge. */
  CacheKey k = loop_key(1);
  ck_assert_int_eq(cache_lookup(w, &k, got), CACHE_OK);
  ck_assert_mem_eq(got, parent, 16);
  cache_close(w);
}
END_TEST

START_TEST(test_cache_identical_blob_stored_once)
{
  Cache *w = open_writer();
  uint8_t b[500], id1[16], id2[16], id3[16];
  fill(b, sizeof b, 5);
  CacheKey k1 = loop_key(1), k2 = loop_key(2);
  ck_assert_int_eq(cache_publish(w, &k1, b, sizeof b, id1), CACHE_OK);
  ck_assert_int_eq(cache_publish(w, &k2, b, sizeof b, id2), CACHE_OK);
  ck_assert_int_eq(cache_publish_blob(w, b, sizeof b, id3), CACHE_OK);
  ck_assert_mem_eq(id1, id2, 16);
  ck_assert_mem_eq(id1, id3, 16);
  CacheStats st = stats(w);
  ck_assert_uint_eq(st.blobs, 1);
  ck_assert_uint_eq(st.index_entries, 2);
  ck_assert_uint_eq(st.temp_files, 0);
  cache_close(w);
}
END_TEST

START_TEST(test_cache_rejects_bad_arguments)
{
  Cache *w = open_writer();
  uint8_t b[16] = {1}, id[16];
  CacheKey k = loop_key(1);
  k.guard = 3; /* a loop has no guard */
  ck_assert_int_eq(cache_publish(w, &k, b, sizeof b, id), CACHE_BAD_ARG);
  k = loop_key(1);
  k.kind = 9;
  ck_assert_int_eq(cache_lookup(w, &k, id), CACHE_BAD_ARG);
  k = loop_key(1);
  k.kind = CACHE_KIND_BRIDGE; /* a bridge needs a parent */
  ck_assert_int_eq(cache_key_hash(&k, id), CACHE_BAD_ARG);
  ck_assert_int_eq(cache_publish_blob(w, b, 0, id), CACHE_BAD_ARG);
  ck_assert_int_eq(cache_publish_blob(w, b, (size_t)CACHE_BLOB_MAX + 1, id), CACHE_TOO_BIG);
  /* An index entry needs its blob first. */
  k = loop_key(1);
  cache_blob_id(b, sizeof b, id);
  ck_assert_int_eq(cache_publish_index(w, &k, id), CACHE_NOT_FOUND);
  cache_close(w);

  Cache *r = open_reader();
  ck_assert_int_eq(cache_publish_blob(r, b, sizeof b, id), CACHE_READ_ONLY);
  cache_close(r);
  ck_assert_str_eq(cache_strerror(CACHE_CORRUPT), "cache file failed verification (quarantined)");
  ck_assert_str_eq(cache_strerror((CacheStatus)999), "unknown cache status");
}
END_TEST

START_TEST(test_cache_open_missing_and_unsafe_dirs)
{
  Cache *c;
  ck_assert_int_eq(cache_open(cdir, CACHE_OPEN_READ, &c), CACHE_NOT_FOUND);
  c = open_writer();
  cache_close(c);
  chmod(cdir, 0777);
  ck_assert_int_eq(cache_open(cdir, CACHE_OPEN_READ, &c), CACHE_UNSAFE);
  ck_assert_int_eq(cache_open(cdir, CACHE_OPEN_WRITE, &c), CACHE_UNSAFE);
  chmod(cdir, 0700);
  /* A reader of a cache whose areas were never created sees misses. */
  char p[400];
  snprintf(p, sizeof p, "%s/empty", tmpdir);
  ck_assert_int_eq(mkdir(p, 0700), 0);
  ck_assert_int_eq(cache_open(p, CACHE_OPEN_READ, &c), CACHE_OK);
  CacheKey k = loop_key(1);
  uint8_t id[16];
  ck_assert_int_eq(cache_lookup(c, &k, id), CACHE_NOT_FOUND);
  cache_close(c);
  /* A regular file is not a cache. */
  snprintf(p, sizeof p, "%s/file", tmpdir);
  write_file(p, "x", 1);
  ck_assert_int_eq(cache_open(p, CACHE_OPEN_READ, &c), CACHE_UNSAFE);
}
END_TEST

/* -- Hostile blob files -------------------------------------------------------------- */

START_TEST(test_cache_flipped_bit_blob_refused_and_quarantined)
{
  Cache *w = open_writer();
  uint8_t id[16], got[16];
  publish_n(w, 1, id);
  char p[512];
  file_path(p, sizeof p, "blobs", id);
  uint8_t buf[2000];
  size_t n = read_file(p, buf, sizeof buf);
  buf[CACHE_BLOB_HEADER_SIZE + 500] ^= 0x10;
  write_file(p, buf, n);

  Cache *r = open_reader();
  CacheKey k = loop_key(1);
  ck_assert_int_eq(cache_lookup(r, &k, got), CACHE_OK); /* the entry is fine; the blob is not */
  CacheMapping m;
  ck_assert_int_eq(cache_map_blob(r, id, 0, &m), CACHE_CORRUPT);
  ck_assert_ptr_null(m.code);
  ck_assert_int_eq(reports, 1);
  ck_assert(!exists(p));
  ck_assert_uint_eq(stats(r).quarantined, 1);
  ck_assert_int_eq(cache_map_blob(r, id, 0, &m), CACHE_NOT_FOUND);

  /* Republishing heals it. */
  publish_n(w, 1, id);
  ck_assert_int_eq(cache_map_key(r, &k, CACHE_MAP_COPY, &m), CACHE_OK);
  cache_unmap(&m);

  /* A flipped bit in the header, and in the payload read through cache_read_blob. */
  n = read_file(p, buf, sizeof buf);
  buf[20] ^= 1;
  write_file(p, buf, n);
  void *bytes;
  size_t len;
  ck_assert_int_eq(cache_read_blob(r, id, &bytes, &len), CACHE_CORRUPT);
  ck_assert_ptr_null(bytes);
  publish_n(w, 1, id);
  n = read_file(p, buf, sizeof buf);
  buf[n - 1] ^= 0x80;
  write_file(p, buf, n);
  ck_assert_int_eq(cache_read_blob(r, id, &bytes, &len), CACHE_CORRUPT);
  ck_assert_uint_eq(stats(r).quarantined, 3);
  cache_close(r);
  cache_close(w);
}
END_TEST

/* Puts data at blob id's path; every reader must refuse it. */
static void expect_blob_refused(Cache *c, const uint8_t id[16], const void *data, size_t n)
{
  char p[512];
  file_path(p, sizeof p, "blobs", id);
  write_file(p, data, n);
  CacheMapping m;
  void *bytes;
  size_t len;
  ck_assert_int_eq(cache_map_blob(c, id, 0, &m), CACHE_CORRUPT);
  write_file(p, data, n);
  ck_assert_int_eq(cache_map_blob(c, id, CACHE_MAP_COPY, &m), CACHE_CORRUPT);
  write_file(p, data, n);
  ck_assert_int_eq(cache_read_blob(c, id, &bytes, &len), CACHE_CORRUPT);
  ck_assert(!exists(p));
}

START_TEST(test_cache_rejects_truncated_oversized_random_blobs)
{
  Cache *w = open_writer();
  uint8_t id[16], good[2000];
  publish_n(w, 1, id);
  char p[512];
  file_path(p, sizeof p, "blobs", id);
  size_t n = read_file(p, good, sizeof good);
  ck_assert_uint_eq(n, CACHE_BLOB_HEADER_SIZE + 1000);

  expect_blob_refused(w, id, good, 0);                       /* empty */
  expect_blob_refused(w, id, good, 30);                      /* inside the header */
  expect_blob_refused(w, id, good, CACHE_BLOB_HEADER_SIZE);  /* header only */
  expect_blob_refused(w, id, good, n - 1);                   /* one byte short */
  uint8_t longer[2001];
  memcpy(longer, good, n);
  longer[n] = 0;
  expect_blob_refused(w, id, longer, n + 1);                 /* one byte too many */
  uint8_t rnd[2000];
  srand(42);
  for (int round = 0; round < 20; round++) {
    for (size_t i = 0; i < n; i++) rnd[i] = (uint8_t)rand();
    expect_blob_refused(w, id, rnd, n);
    memcpy(rnd, good, CACHE_BLOB_HEADER_SIZE); /* a valid header over random bytes */
    expect_blob_refused(w, id, rnd, n);
  }

  /* Oversized: a sparse file past CACHE_BLOB_MAX, and a header claiming a huge length. */
  unlink(p);
  int fd = open(p, O_WRONLY | O_CREAT, 0644);
  ck_assert_int_eq(write(fd, good, CACHE_BLOB_HEADER_SIZE), CACHE_BLOB_HEADER_SIZE);
  ck_assert_int_eq(ftruncate(fd, (off_t)(CACHE_BLOB_HEADER_SIZE + CACHE_BLOB_MAX + 1)), 0);
  close(fd);
  CacheMapping m;
  ck_assert_int_eq(cache_map_blob(w, id, 0, &m), CACHE_CORRUPT);
  uint8_t huge[CACHE_BLOB_HEADER_SIZE + 8];
  memcpy(huge, good, CACHE_BLOB_HEADER_SIZE);
  for (int i = 0; i < 8; i++) huge[16 + i] = 0xff;
  expect_blob_refused(w, id, huge, sizeof huge);
  cache_close(w);
}
END_TEST

START_TEST(test_cache_refuses_symlinks_and_fifos)
{
  Cache *w = open_writer();
  uint8_t id1[16], id2[16];
  publish_n(w, 1, id1);
  publish_n(w, 2, id2);
  char p1[512], p2[512], outside[512];
  file_path(p1, sizeof p1, "blobs", id1);
  file_path(p2, sizeof p2, "blobs", id2);

  /* A symlink to a valid copy of the same blob outside the cache is still refused. */
  snprintf(outside, sizeof outside, "%s/outside", tmpdir);
  uint8_t buf[2000];
  size_t n = read_file(p1, buf, sizeof buf);
  write_file(outside, buf, n);
  unlink(p1);
  ck_assert_int_eq(symlink(outside, p1), 0);
  CacheMapping m;
  ck_assert_int_eq(cache_map_blob(w, id1, 0, &m), CACHE_CORRUPT);
  ck_assert(!exists(p1));
  ck_assert(exists(outside));

  /* A FIFO must not hang the reader. */
  unlink(p2);
  ck_assert_int_eq(mkfifo(p2, 0600), 0);
  ck_assert_int_eq(cache_map_blob(w, id2, 0, &m), CACHE_CORRUPT);

  /* A shard directory replaced by a symlink to a directory holding a valid blob. */
  publish_n(w, 2, id2);
  char shard[512], elsewhere[512], cmd[2200];
  snprintf(shard, sizeof shard, "%.*s", (int)(strrchr(p2, '/') - p2), p2);
  snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", tmpdir);
  snprintf(cmd, sizeof cmd, "mv '%s' '%s' && ln -s '%s' '%s'", shard, elsewhere, elsewhere, shard);
  ck_assert_int_eq(system(cmd), 0);
  ck_assert_int_ne(cache_map_blob(w, id2, 0, &m), CACHE_OK);
  void *bytes;
  size_t len;
  ck_assert_int_ne(cache_read_blob(w, id2, &bytes, &len), CACHE_OK);

  /* The same for an index shard and an index entry. */
  CacheKey k = loop_key(3);
  uint8_t id3[16], got[16];
  publish_n(w, 3, id3);
  char kp[512];
  key_path(kp, sizeof kp, &k);
  n = read_file(kp, buf, sizeof buf);
  write_file(outside, buf, n);
  unlink(kp);
  ck_assert_int_eq(symlink(outside, kp), 0);
  ck_assert_int_ne(cache_lookup(w, &k, got), CACHE_OK);
  snprintf(shard, sizeof shard, "%.*s", (int)(strrchr(kp, '/') - kp), kp);
  snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere2", tmpdir);
  publish_n(w, 3, id3);
  snprintf(cmd, sizeof cmd, "mv '%s' '%s' && ln -s '%s' '%s'", shard, elsewhere, elsewhere, shard);
  ck_assert_int_eq(system(cmd), 0);
  ck_assert_int_ne(cache_lookup(w, &k, got), CACHE_OK);
  cache_close(w);
}
END_TEST

/* -- Hostile index entries ------------------------------------------------------------- */

static void expect_entry_refused(Cache *c, const CacheKey *k, const void *data, size_t n)
{
  char p[512];
  uint8_t got[16];
  key_path(p, sizeof p, k);
  write_file(p, data, n);
  ck_assert_int_eq(cache_lookup(c, k, got), CACHE_CORRUPT);
  ck_assert(!exists(p));
}

START_TEST(test_cache_rejects_truncated_oversized_random_index_entries)
{
  Cache *w = open_writer();
  uint8_t id[16], good[200], got[16];
  publish_n(w, 1, id);
  publish_n(w, 2, id);
  CacheKey k = loop_key(1), k2 = loop_key(2);
  char p[512], p2[512];
  key_path(p, sizeof p, &k);
  key_path(p2, sizeof p2, &k2);
  size_t n = read_file(p, good, sizeof good);
  ck_assert_uint_eq(n, CACHE_INDEX_ENTRY_SIZE);

  expect_entry_refused(w, &k, good, 0);
  expect_entry_refused(w, &k, good, n - 1);
  uint8_t longer[200];
  memcpy(longer, good, n);
  longer[n] = 0;
  expect_entry_refused(w, &k, longer, n + 1);
  uint8_t rnd[CACHE_INDEX_ENTRY_SIZE];
  srand(7);
  for (int round = 0; round < 50; round++) {
    for (size_t i = 0; i < sizeof rnd; i++) rnd[i] = (uint8_t)rand();
    expect_entry_refused(w, &k, rnd, sizeof rnd);
  }
  for (size_t bit = 0; bit < 8 * CACHE_INDEX_ENTRY_SIZE; bit += 37) {
    memcpy(rnd, good, sizeof rnd);
    rnd[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    expect_entry_refused(w, &k, rnd, sizeof rnd);
  }
  /* A valid entry for another key, copied under this key's name. */
  uint8_t other[200];
  n = read_file(p2, other, sizeof other);
  expect_entry_refused(w, &k, other, n);
  ck_assert_int_eq(cache_lookup(w, &k2, got), CACHE_OK);
  ck_assert_uint_ge((unsigned)reports, 50);
  cache_close(w);
}
END_TEST

/* -- W^X -------------------------------------------------------------------------------- */

/* The permissions ("r-xp") of the mapping holding addr, from /proc/self/maps. */
static void perms_of(const void *addr, char perms[5])
{
  FILE *f = fopen("/proc/self/maps", "r");
  ck_assert_ptr_nonnull(f);
  char line[512];
  strcpy(perms, "????");
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    char p[5];
    if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 && (uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
      memcpy(perms, p, 5);
      break;
    }
  }
  fclose(f);
}

static void check_mapping_rx(unsigned flags)
{
  Cache *w = open_writer();
  /* x86-64: mov eax, 42; ret */
  static const uint8_t code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3};
  uint8_t id[16];
  CacheKey k = loop_key(1);
  ck_assert_int_eq(cache_publish(w, &k, code, sizeof code, id), CACHE_OK);
  Cache *r = open_reader();
  CacheMapping m;
  ck_assert_int_eq(cache_map_key(r, &k, flags, &m), CACHE_OK);
  char perms[5];
  perms_of(m.code, perms);
  perms[3] = '\0'; /* drop the private/shared flag */
  ck_assert_str_eq(perms, "r-x");
#if defined(__x86_64__)
  int (*fn)(void);
  memcpy(&fn, &m.code, sizeof fn);
  ck_assert_int_eq(fn(), 42);
#endif
  cache_unmap(&m);
  ck_assert_ptr_null(m.base);
  cache_close(r);
  cache_close(w);
}

START_TEST(test_cache_mapped_blob_is_executable_not_writable)
{
  check_mapping_rx(CACHE_MAP_SHARED_PAGES);
}
END_TEST

START_TEST(test_cache_copied_blob_is_executable_not_writable)
{
  check_mapping_rx(CACHE_MAP_COPY);
}
END_TEST

/* A write through a mapped blob faults: run it in a child and expect SIGSEGV. */
START_TEST(test_cache_write_to_mapped_blob_faults)
{
  Cache *w = open_writer();
  uint8_t id[16];
  publish_n(w, 1, id);
  CacheMapping m;
  ck_assert_int_eq(cache_map_blob(w, id, 0, &m), CACHE_OK);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL); /* not a sanitizer's report: just die */
    ((volatile uint8_t *)m.code)[0] = 1;
    _exit(0);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
  if (WIFSIGNALED(status)) ck_assert_int_eq(WTERMSIG(status), SIGSEGV);
  cache_unmap(&m);
  cache_close(w);
}
END_TEST

/* -- Concurrency -------------------------------------------------------------------------- */

START_TEST(test_cache_concurrent_publish_from_two_processes)
{
  Cache *w = open_writer();
  cache_close(w);
  enum { N = 60 };
  pid_t kids[2];
  for (int p = 0; p < 2; p++) {
    kids[p] = fork();
    ck_assert_int_ge(kids[p], 0);
    if (kids[p] == 0) {
      Cache *c;
      if (cache_open(cdir, CACHE_OPEN_WRITE, &c) != CACHE_OK) _exit(3);
      for (int round = 0; round < 3; round++)
        for (uint32_t i = 0; i < N; i++) {
          uint8_t b[4096], id[16];
          /* Same keys and blobs from both; plus some of each process's own. */
          uint32_t n = (i % 3 == 0) ? 1000 + (uint32_t)p * 100 + i : i;
          fill(b, 1000 + i * 50, n);
          CacheKey k = loop_key(n);
          if (cache_publish(c, &k, b, 1000 + i * 50, id) != CACHE_OK) _exit(4);
        }
      cache_close(c);
      _exit(0);
    }
  }
  for (int p = 0; p < 2; p++) {
    int status;
    ck_assert_int_eq(waitpid(kids[p], &status, 0), kids[p]);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
  }
  w = open_writer();
  CacheVerifyReport vr;
  ck_assert_int_eq(cache_verify(w, &vr), CACHE_OK);
  ck_assert_uint_eq(vr.blobs_bad + vr.entries_bad + vr.stray + vr.entries_dangling, 0);
  ck_assert_uint_eq(vr.temp_removed, 0);
  /* 40 shared + 2 x 20 own keys, each with its own blob. */
  ck_assert_uint_eq(vr.entries_ok, 80);
  ck_assert_uint_eq(vr.blobs_ok, 80);
  for (int p = 0; p < 2; p++)
    for (uint32_t i = 0; i < N; i++) {
      uint32_t n = (i % 3 == 0) ? 1000 + (uint32_t)p * 100 + i : i;
      uint8_t b[4096], id[16], got[16];
      fill(b, 1000 + i * 50, n);
      cache_blob_id(b, 1000 + i * 50, id);
      CacheKey k = loop_key(n);
      ck_assert_int_eq(cache_lookup(w, &k, got), CACHE_OK);
      ck_assert_mem_eq(got, id, 16);
    }
  cache_close(w);
}
END_TEST

/* -- Verify and evict -------------------------------------------------------------------- */

START_TEST(test_cache_verify_quarantines_bad_and_removes_dangling)
{
  Cache *w = open_writer();
  uint8_t id1[16], id2[16], id3[16];
  publish_n(w, 1, id1);
  publish_n(w, 2, id2);
  publish_n(w, 3, id3);
  char p[512];
  uint8_t buf[2000];
  file_path(p, sizeof p, "blobs", id1);
  size_t n = read_file(p, buf, sizeof buf);
  buf[100] ^= 4;
  write_file(p, buf, n); /* bad blob: quarantined; its entry then dangles */
  CacheKey k2 = loop_key(2);
  key_path(p, sizeof p, &k2);
  write_file(p, "garbage", 7); /* bad entry */
  file_path(p, sizeof p, "blobs", id3);
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%.*s/.tmp-1-2-3", (int)(strrchr(p, '/') - p), p);
  write_file(tmp, "partial", 7); /* a crashed writer's leftover */
  snprintf(tmp, sizeof tmp, "%s/blobs/zz", cdir);
  write_file(tmp, "?", 1); /* stray */

  CacheVerifyReport r;
  ck_assert_int_eq(cache_verify(w, &r), CACHE_OK);
  ck_assert_uint_eq(r.blobs_ok, 2);
  ck_assert_uint_eq(r.blobs_bad, 1);
  ck_assert_uint_eq(r.entries_ok, 1);
  ck_assert_uint_eq(r.entries_bad, 1);
  ck_assert_uint_eq(r.entries_dangling, 1);
  ck_assert_uint_eq(r.stray, 1);
  ck_assert_uint_eq(r.temp_removed, 1);
  CacheStats st = stats(w);
  ck_assert_uint_eq(st.blobs, 2);
  ck_assert_uint_eq(st.index_entries, 1);
  ck_assert_uint_eq(st.quarantined, 3);
  ck_assert_uint_eq(st.temp_files, 0);
  ck_assert_int_eq(cache_verify(w, &r), CACHE_OK);
  ck_assert_uint_eq(r.blobs_bad + r.entries_bad + r.stray + r.entries_dangling, 0);
  cache_close(w);
}
END_TEST

static void set_age(const uint8_t id[16], time_t when)
{
  char p[512];
  file_path(p, sizeof p, "blobs", id);
  struct timespec ts[2] = {{when, 0}, {when, 0}};
  ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW), 0);
}

START_TEST(test_cache_evict_lru_to_byte_target)
{
  Cache *w = open_writer();
  uint8_t ids[10][16], got[16];
  time_t base = time(NULL) - 100000;
  for (uint32_t i = 0; i < 10; i++) {
    publish_n(w, i, ids[i]);
    set_age(ids[i], base + (time_t)i * 100); /* blob 0 is the least recently used */
  }
  /* A bridge from blob 1: it goes with its parent. */
  CacheKey br = loop_key(1);
  br.kind = CACHE_KIND_BRIDGE;
  memcpy(br.parent_blob, ids[1], 16);
  br.guard = 2;
  uint8_t code[50], bid[16];
  fill(code, sizeof code, 77);
  ck_assert_int_eq(cache_publish(w, &br, code, sizeof code, bid), CACHE_OK);
  /* Used recently: the server's cache_touch on a hit keeps blob 2 over older-published ones. */
  ck_assert_int_eq(cache_touch(w, ids[2]), CACHE_OK);

  CacheStats st = stats(w);
  ck_assert_uint_eq(st.blobs, 11);
  const uint64_t per = CACHE_BLOB_HEADER_SIZE + 1000 + CACHE_INDEX_ENTRY_SIZE;
  uint64_t target = 6 * per + 200;
  CacheEvictReport r;
  ck_assert_int_eq(cache_evict(w, target, &r), CACHE_OK);
  ck_assert_uint_eq(r.bytes_before, st.total_bytes);
  ck_assert_uint_le(r.bytes_after, target);
  st = stats(w);
  ck_assert_uint_eq(st.total_bytes, r.bytes_after);
  ck_assert_uint_eq(st.blobs, 7); /* 6 loops + the bridge's blob (unreferenced now) */
  /* Oldest went first: 0, 1 (and its bridge), 3, 4; 2 was touched; the newest stay. */
  for (uint32_t i = 0; i < 10; i++) {
    CacheKey k = loop_key(i);
    CacheStatus want = (i == 0 || i == 1 || i == 3 || i == 4) ? CACHE_NOT_FOUND : CACHE_OK;
    ck_assert_int_eq(cache_lookup(w, &k, got), want);
  }
  ck_assert_int_eq(cache_lookup(w, &br, got), CACHE_NOT_FOUND);
  CacheVerifyReport vr;
  ck_assert_int_eq(cache_verify(w, &vr), CACHE_OK);
  ck_assert_uint_eq(vr.entries_dangling + vr.entries_bad + vr.blobs_bad, 0);

  /* Already under target: nothing happens. Target 0: everything goes. */
  ck_assert_int_eq(cache_evict(w, CACHE_DEFAULT_MAX_BYTES, &r), CACHE_OK);
  ck_assert_uint_eq(r.blobs_removed + r.entries_removed, 0);
  ck_assert_int_eq(cache_evict(w, 0, &r), CACHE_OK);
  ck_assert_uint_eq(r.bytes_after, 0);
  st = stats(w);
  ck_assert_uint_eq(st.blobs + st.index_entries, 0);
  cache_close(w);
}
END_TEST

/* -- Default directory ------------------------------------------------------------------- */

START_TEST(test_cache_default_dir_precedence)
{
  char out[CACHE_PATH_MAX + 1];
  setenv("HOME", "/home/u", 1);
  setenv("XDG_CACHE_HOME", "/xdg", 1);
  setenv("PYPY_JIT_CACHE", "/env/cache", 1);
  ck_assert_int_eq(cache_resolve_dir("/explicit", out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/explicit");
  ck_assert_int_eq(cache_resolve_dir(NULL, out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/env/cache");
  ck_assert_int_eq(cache_default_dir(out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/env/cache");
  setenv("PYPY_JIT_CACHE", "", 1); /* empty = unset */
  ck_assert_int_eq(cache_resolve_dir("", out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/xdg/pypy-jit-server");
  unsetenv("PYPY_JIT_CACHE");
  setenv("XDG_CACHE_HOME", "relative", 1); /* ignored, as the XDG spec says */
  ck_assert_int_eq(cache_default_dir(out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/home/u/.cache/pypy-jit-server");
  unsetenv("XDG_CACHE_HOME");
  ck_assert_int_eq(cache_default_dir(out, sizeof out), CACHE_OK);
  ck_assert_str_eq(out, "/home/u/.cache/pypy-jit-server");
  char small[8];
  ck_assert_int_eq(cache_default_dir(small, sizeof small), CACHE_PATH);
}
END_TEST

START_TEST(test_cache_hex_round_trip)
{
  uint8_t id[16], back[16];
  char hex[CACHE_HEX_SIZE];
  for (int i = 0; i < 16; i++) id[i] = (uint8_t)(i * 17 + 3);
  cache_hex(id, hex);
  ck_assert_uint_eq(strlen(hex), 32);
  ck_assert(cache_parse_hex(hex, back));
  ck_assert_mem_eq(id, back, 16);
  ck_assert(!cache_parse_hex("00", back));
  hex[5] = 'G';
  ck_assert(!cache_parse_hex(hex, back));
}
END_TEST

static Suite *cache_suite(void)
{
  Suite *s = suite_create("cache");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_cache_publish_lookup_round_trip);
  tcase_add_test(tc, test_cache_bridge_keyed_by_parent_and_guard);
  tcase_add_test(tc, test_cache_identical_blob_stored_once);
  tcase_add_test(tc, test_cache_rejects_bad_arguments);
  tcase_add_test(tc, test_cache_open_missing_and_unsafe_dirs);
  tcase_add_test(tc, test_cache_flipped_bit_blob_refused_and_quarantined);
  tcase_add_test(tc, test_cache_rejects_truncated_oversized_random_blobs);
  tcase_add_test(tc, test_cache_refuses_symlinks_and_fifos);
  tcase_add_test(tc, test_cache_rejects_truncated_oversized_random_index_entries);
  tcase_add_test(tc, test_cache_mapped_blob_is_executable_not_writable);
  tcase_add_test(tc, test_cache_copied_blob_is_executable_not_writable);
  tcase_add_test(tc, test_cache_write_to_mapped_blob_faults);
  tcase_add_test(tc, test_cache_concurrent_publish_from_two_processes);
  tcase_add_test(tc, test_cache_verify_quarantines_bad_and_removes_dangling);
  tcase_add_test(tc, test_cache_evict_lru_to_byte_target);
  tcase_add_test(tc, test_cache_default_dir_precedence);
  tcase_add_test(tc, test_cache_hex_round_trip);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(cache_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
