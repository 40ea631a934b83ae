/* pypy_cache_main.c: the `pypy-cache` tool: stats, ls, verify and evict on a code cache.
 *
 * Exit status: 0 success, 1 the cache could not be used or `verify` found something bad,
 * 2 bad usage (one-line message). export/import/warm belong to a later issue.
 */
#include "cache.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: pypy-cache [--cache DIR] COMMAND [OPTIONS]\n"
    "\n"
    "Inspects and maintains the JIT's shared code cache.\n"
    "\n"
    "commands:\n"
    "  stats                  blobs, index entries, bytes, quarantined files\n"
    "  ls                     one line per index entry: key fields, blob id, blob size\n"
    "  verify                 check every blob and entry; quarantine bad ones (exit 1 if any)\n"
    "  evict [--max-bytes N]  remove least-recently-used blobs until the cache takes at most N\n"
    "                         bytes (suffixes K, M, G; default 512M)\n"
    "  export, import, warm   not implemented yet\n"
    "\n"
    "options:\n"
    "  --cache DIR            cache directory (default: $PYPY_JIT_CACHE, else\n"
    "                         $XDG_CACHE_HOME/pypy-jit-server, else ~/.cache/pypy-jit-server)\n"
    "  -h, --help             show this help\n";

static int usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "pypy-cache: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (try 'pypy-cache --help')\n");
  return 2;
}

static int cache_error(const char *dir, CacheStatus s)
{
  int err = cache_last_errno();
  if ((s == CACHE_IO || s == CACHE_MAP) && err)
    fprintf(stderr, "pypy-cache: %s: %s: %s\n", dir, cache_strerror(s), strerror(err));
  else
    fprintf(stderr, "pypy-cache: %s: %s\n", dir, cache_strerror(s));
  return 1;
}

static void report(void *ud, const char *kind, const char *name, const char *why)
{
  (void)ud;
  fprintf(stderr, "pypy-cache: bad %s %s: %s\n", kind, name, why);
}

/* N with an optional K/M/G suffix (powers of 1024). */
static bool parse_bytes(const char *s, uint64_t *out)
{
  char *end;
  if (*s < '0' || *s > '9') return false;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno) return false;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end == 'i' && shift) end++;
  if ((*end == 'B' || *end == 'b') && shift) end++;
  if (*end || (shift && v > (UINT64_MAX >> shift))) return false;
  *out = (uint64_t)v << shift;
  return true;
}

static const char *arch_name(uint32_t arch)
{
  switch (arch) {
  case CACHE_ARCH_X86_64: return "x86_64";
  case CACHE_ARCH_AARCH64: return "aarch64";
  default: return NULL;
  }
}

static bool print_entry(void *ud, const CacheEntryInfo *e)
{
  char code[CACHE_HEX_SIZE], blob[CACHE_HEX_SIZE], parent[CACHE_HEX_SIZE], guard[16], arch[16];
  (void)ud;
  cache_hex(e->key.code_hash, code);
  cache_hex(e->blob_id, blob);
  const char *an = arch_name(e->key.arch);
  if (an) snprintf(arch, sizeof arch, "%s", an);
  else snprintf(arch, sizeof arch, "%" PRIu32, e->key.arch);
  bool bridge = e->key.kind == CACHE_KIND_BRIDGE;
  if (bridge) {
    cache_hex(e->key.parent_blob, parent);
    snprintf(guard, sizeof guard, "%" PRIu32, e->key.guard);
  } else {
    strcpy(parent, "-");
    strcpy(guard, "-");
  }
  printf("%-6s code=%s pc=%" PRIu32 " arch=%s cpu=0x%016" PRIx64 " abi=%" PRIu32
         " parent=%s guard=%s blob=%s size=%" PRIu64 "\n",
         bridge ? "bridge" : "loop", code, e->key.pc, arch, e->key.cpu_features,
         e->key.abi_version, parent, guard, blob, e->blob_len);
  return true;
}

static int cmd_stats(Cache *c, const char *dir)
{
  CacheStats st;
  CacheStatus s = c ? cache_stats(c, &st) : CACHE_OK;
  if (s != CACHE_OK) return cache_error(dir, s);
  if (!c) memset(&st, 0, sizeof st);
  printf("cache:          %s%s\n", dir, c ? "" : " (does not exist yet)");
  printf("blobs:          %" PRIu64 "\n", st.blobs);
  printf("index entries:  %" PRIu64 "\n", st.index_entries);
  printf("total bytes:    %" PRIu64 " (blobs %" PRIu64 ", index %" PRIu64 ")\n", st.total_bytes,
         st.blob_bytes, st.index_bytes);
  printf("limit bytes:    %" PRIu64 "\n", (uint64_t)CACHE_DEFAULT_MAX_BYTES);
  printf("quarantined:    %" PRIu64 "\n", st.quarantined);
  printf("temp files:     %" PRIu64 "\n", st.temp_files);
  return 0;
}

static int cmd_verify(Cache *c, const char *dir)
{
  CacheVerifyReport r;
  CacheStatus s = cache_verify(c, &r);
  if (s != CACHE_OK) return cache_error(dir, s);
  uint64_t bad = r.blobs_bad + r.entries_bad + r.stray;
  printf("blobs:          %" PRIu64 " ok, %" PRIu64 " bad\n", r.blobs_ok, r.blobs_bad);
  printf("index entries:  %" PRIu64 " ok, %" PRIu64 " bad, %" PRIu64 " dangling (removed)\n",
         r.entries_ok, r.entries_bad, r.entries_dangling);
  printf("stray files:    %" PRIu64 "\n", r.stray);
  printf("temp removed:   %" PRIu64 "\n", r.temp_removed);
  printf("%s\n", bad ? "verify: FAILED (bad files moved to quarantine/)" : "verify: ok");
  return bad ? 1 : 0;
}

static int cmd_evict(Cache *c, const char *dir, uint64_t max_bytes)
{
  CacheEvictReport r;
  CacheStatus s = cache_evict(c, max_bytes, &r);
  if (s != CACHE_OK) return cache_error(dir, s);
  printf("evicted %" PRIu64 " blobs and %" PRIu64 " index entries: %" PRIu64 " -> %" PRIu64
         " bytes (limit %" PRIu64 ")\n",
         r.blobs_removed, r.entries_removed, r.bytes_before, r.bytes_after, max_bytes);
  return 0;
}

int main(int argc, char **argv)
{
  const char *cache_arg = NULL, *cmd = NULL, *max_arg = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    } else if (strcmp(a, "--cache") == 0 || strcmp(a, "--max-bytes") == 0) {
      if (i + 1 >= argc) return usage_error("%s needs a value", a);
      *(a[2] == 'c' ? &cache_arg : &max_arg) = argv[++i];
    } else if (strncmp(a, "--cache=", 8) == 0) {
      cache_arg = a + 8;
    } else if (strncmp(a, "--max-bytes=", 12) == 0) {
      max_arg = a + 12;
    } else if (a[0] == '-') {
      return usage_error("unknown option '%s'", a);
    } else if (cmd) {
      return usage_error("unexpected argument '%s'", a);
    } else {
      cmd = a;
    }
  }
  if (!cmd) return usage_error("%s", "no command given");
  if (cache_arg && !*cache_arg) return usage_error("%s", "--cache needs a directory");
  bool is_stats = strcmp(cmd, "stats") == 0, is_ls = strcmp(cmd, "ls") == 0;
  bool is_verify = strcmp(cmd, "verify") == 0, is_evict = strcmp(cmd, "evict") == 0;
  if (strcmp(cmd, "export") == 0 || strcmp(cmd, "import") == 0 || strcmp(cmd, "warm") == 0) {
    fprintf(stderr, "pypy-cache: %s: not implemented yet\n", cmd);
    return 2;
  }
  if (!is_stats && !is_ls && !is_verify && !is_evict) return usage_error("unknown command '%s'", cmd);
  if (max_arg && !is_evict) return usage_error("%s", "--max-bytes is an option of 'evict'");
  uint64_t max_bytes = CACHE_DEFAULT_MAX_BYTES;
  if (max_arg && !parse_bytes(max_arg, &max_bytes))
    return usage_error("--max-bytes: '%s' is not a byte count", max_arg);

  char dir[CACHE_PATH_MAX + 1];
  CacheStatus s = cache_resolve_dir(cache_arg, dir, sizeof dir);
  if (s != CACHE_OK) {
    fprintf(stderr, "pypy-cache: cannot find the cache directory: %s (use --cache DIR)\n",
            cache_strerror(s));
    return 1;
  }
  cache_set_report(report, NULL);
  Cache *c = NULL;
  /* Only verify and evict change the cache; a missing cache is an empty one, not created here. */
  s = cache_open(dir, CACHE_OPEN_READ, &c);
  if (s == CACHE_OK && (is_verify || is_evict)) {
    cache_close(c);
    s = cache_open(dir, CACHE_OPEN_WRITE, &c);
  }
  if (s == CACHE_NOT_FOUND) {
    if (is_stats) return cmd_stats(NULL, dir);
    if (is_verify || is_evict) printf("%s: no cache there yet, nothing to do\n", dir);
    return 0;
  }
  if (s != CACHE_OK) return cache_error(dir, s);
  int rc = 0;
  if (is_stats) rc = cmd_stats(c, dir);
  else if (is_ls) {
    s = cache_foreach_entry(c, print_entry, NULL);
    if (s != CACHE_OK) rc = cache_error(dir, s);
  } else if (is_verify) rc = cmd_verify(c, dir);
  else rc = cmd_evict(c, dir, max_bytes);
  cache_close(c);
  if (fflush(stdout) != 0) rc = rc ? rc : 1;
  return rc;
}
