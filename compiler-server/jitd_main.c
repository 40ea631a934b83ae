/* jitd_main.c: the `pypy-jitd` command line. Parses options, resolves the default address and
 * cache directory, sets up PYPYLOG, and runs the server (jitd_server.c) until SIGTERM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "jitd.h"
#include "pypylog.h"

static const char usage[] =
    "usage: pypy-jitd [--listen ADDR] [--cache DIR] [--threads N] [-h]\n"
    "\n"
    "The compiler server of the pypy-client JIT: receives traces over NNG, compiles each\n"
    "identical trace once and publishes the machine code to the shared code cache.\n"
    "\n"
    "  --listen ADDR  ipc://PATH or tcp://HOST:PORT (default: ipc://$XDG_RUNTIME_DIR/pypy-jitd.sock,\n"
    "                 or ipc:///tmp/pypy-jitd-$UID.sock without XDG_RUNTIME_DIR)\n"
    "  --cache DIR    the code cache (default: $PYPY_JIT_CACHE, else\n"
    "                 $XDG_CACHE_HOME/pypy-jit-server, else ~/.cache/pypy-jit-server)\n"
    "  --threads N    traces compiled at once, 1..64 (default 2)\n"
    "  -h, --help     this help\n"
    "\n"
    "SIGTERM or SIGINT: finish the requests in flight and exit 0.\n"
    "PYPYLOG=jitd-server:FILE logs one section per request.\n";

static int usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "pypy-jitd: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see pypy-jitd -h)\n");
  return JITD_EXIT_USAGE;
}

/* "--name VALUE" or "--name=VALUE": the value, or NULL when argv[i] is another option. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  *missing = false;
  if (strncmp(a, name, n) != 0) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

int main(int argc, char **argv)
{
  const char *listen = NULL, *cache = NULL, *threads_arg = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    bool missing;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      return JITD_EXIT_OK;
    }
    if ((v = option_value(argc, argv, &i, "--listen", &missing)) || missing) {
      if (missing || !*v) return usage_error("%s needs a value", "--listen");
      listen = v;
    } else if ((v = option_value(argc, argv, &i, "--cache", &missing)) || missing) {
      if (missing || !*v) return usage_error("%s needs a value", "--cache");
      cache = v;
    } else if ((v = option_value(argc, argv, &i, "--threads", &missing)) || missing) {
      if (missing || !*v) return usage_error("%s needs a value", "--threads");
      threads_arg = v;
    } else if (a[0] == '-') {
      return usage_error("unknown option '%s'", a);
    } else {
      return usage_error("unexpected argument '%s'", a);
    }
  }

  JitdConfig cfg = {0};
  cfg.threads = JITD_THREADS_DEFAULT;
  if (threads_arg) {
    char *end;
    errno = 0;
    unsigned long n = strtoul(threads_arg, &end, 10);
    if (errno || *end || end == threads_arg || threads_arg[0] == '-' || n < 1 || n > JITD_THREADS_MAX) {
      fprintf(stderr, "pypy-jitd: --threads '%s': expected a number from 1 to %u\n", threads_arg,
              JITD_THREADS_MAX);
      return JITD_EXIT_USAGE;
    }
    cfg.threads = (unsigned)n;
  }

  char addr[JITD_ADDR_MAX];
  if (!listen) {
    if (jitd_default_listen(addr, sizeof addr) != 0) {
      fprintf(stderr, "pypy-jitd: the default address is too long: give one with --listen\n");
      return JITD_EXIT_USAGE;
    }
    listen = addr;
  }
  cfg.listen = listen;

  char dir[CACHE_PATH_MAX + 1];
  CacheStatus cs = cache_resolve_dir(cache, dir, sizeof dir);
  if (cs != CACHE_OK) {
    fprintf(stderr, "pypy-jitd: cache directory: %s (give one with --cache DIR)\n", cache_strerror(cs));
    return JITD_EXIT_USAGE;
  }
  cfg.cache_dir = dir;

  char err[CACHE_PATH_MAX + JITD_ADDR_MAX + 256];
  if (!pypylog_init(getenv("PYPYLOG"), err, sizeof err)) {
    fprintf(stderr, "pypy-jitd: %s\n", err);
    return JITD_EXIT_FAIL;
  }
  err[0] = '\0';
  int status = jitd_run(&cfg, err, sizeof err);
  if (status != JITD_EXIT_OK) fprintf(stderr, "pypy-jitd: %s\n", err);
  pypylog_close();
  return status;
}
