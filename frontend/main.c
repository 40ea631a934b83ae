/* main.c: the `pypy-client` command line, like python3's: FILE [args], -c CODE, -h, --version,
 * --jit options. The program runs on a thread with a large stack, so that deep recursion
 * through C (nested reprs, class construction) meets RecursionError, never a segfault.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "jitopts.h"
#include "pypylog.h"
#include "runtime.h"
#include "strobject.h"

#define PJS_VERSION "0.1.0"
/* The interpreter thread's C stack: room for C_REENTRY_MAX nested evaluations. */
#define MAIN_STACK_BYTES ((size_t)512 << 20)

static const char usage_text[] =
  "usage: pypy-client [option] ... [-c cmd | file | -] [arg] ...\n"
  "Options:\n"
  "  -c cmd          program passed in as string (terminates option list)\n"
  "  -h, --help      print this help message and exit\n"
  "  -V, --version   print the version number and exit\n"
  "  -u              unbuffered stdout and stderr\n"
  "  --jit ARG       JIT options, comma-separated: off, threshold=N, trace_eagerness=N,\n"
  "                  trace_limit=N (PyPy's names), sync (wait for each compile: for\n"
  "                  tests); also from $PYPY_JIT\n"
  "  --jit-server ADDR  compiler server address (ipc://... or tcp://host:port); also\n"
  "                  from $PYPY_JIT_SERVER\n"
  "  file            program read from script file\n"
  "  -               program read from stdin\n"
  "  arg ...         arguments passed to program in sys.argv[1:]\n"
  "Environment:\n"
  "  PYTHONPATH      directories searched for modules, ':'-separated\n"
  "  PYPY_JIT_CACHE  the shared code cache (default ~/.cache/pypy-jit-server)\n"
  "  PYPYLOG         cat1,cat2:FILE logs those categories (prefix match; '+' all; '-' stderr)\n";

typedef struct Job {
  const char *code;     /* -c */
  const char *file;     /* script path, or "-" */
  int argc;
  char **argv;
  int status;
} Job;

static void usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "pypy-client: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nusage: pypy-client [option] ... [-c cmd | file | -] [arg] ...\nTry `pypy-client -h' for more information.\n");
  exit(2);
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup("");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

static char *read_stdin(size_t *len) {
  StrBuilder b;
  sb_init(&b);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) sb_put(&b, buf, n);
  *len = b.len;
  return b.data ? b.data : strdup("");
}

static void *run_job(void *arg) {
  Job *job = arg;
  char *dir = job->code || strcmp(job->file, "-") == 0 ? strdup("") : dir_of(job->file);
  runtime_init(job->argc, job->argv, dir);
  Dict *g = runtime_main_globals();
  bool ok;
  if (job->code) {
    ok = runtime_run_source(job->code, strlen(job->code), "<string>", g);
  } else if (strcmp(job->file, "-") == 0) {
    size_t len;
    char *src = read_stdin(&len);
    ok = runtime_run_source(src, len, "<stdin>", g);
    free(src);
  } else {
    /* As CPython 3.9+: __file__ and tracebacks name the script by its absolute path. */
    char abs[4096], cwd[2048];
    const char *path = job->file;
    if (path[0] != '/' && getcwd(cwd, sizeof cwd) && snprintf(abs, sizeof abs, "%s/%s", cwd, path) < (int)sizeof abs)
      path = abs;
    dict_set_str(g, N.__file__, str_from_cstr(path));
    ok = runtime_run_file(path, g);
  }
  job->status = ok ? 0 : runtime_exit_status(err_fetch());
  runtime_shutdown();
  free(dir);
  return NULL;
}

int main(int argc, char **argv) {
  Job job = {0};
  int i = 1;
  const char *jit = getenv("PYPY_JIT");
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0) break;
    if (strcmp(a, "-c") == 0) {
      if (i + 1 >= argc) usage_error("Argument expected for the %s option", "-c");
      job.code = argv[++i];
      break;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
      printf("Python 3.11.0 (pypy-jit-server %s)\n", PJS_VERSION);
      return 0;
    }
    if (strcmp(a, "-u") == 0) {
      setvbuf(stdout, NULL, _IONBF, 0);
      continue;
    }
    if (strcmp(a, "--jit") == 0 || strcmp(a, "--jit-server") == 0) {
      if (i + 1 >= argc) usage_error("Argument expected for the %s option", a);
      if (a[5] == 0) jit = argv[++i];
      else jit_server_address = argv[++i];
      continue;
    }
    if (strncmp(a, "--jit=", 6) == 0) { jit = a + 6; continue; }
    if (strcmp(a, "--") == 0) { i++; break; }
    usage_error("unknown option %s", a);
  }
  char err[256];
  if (jit && !jit_parse_options(jit, err, sizeof err)) usage_error("%s", err);
  if (!job.code) {
    if (i >= argc) {
      if (isatty(0)) usage_error("%s", "no program given (interactive mode is not supported yet)");
      job.file = "-";
    } else {
      job.file = argv[i];
      if (strcmp(job.file, "-") != 0 && access(job.file, R_OK) != 0) {
        int e = errno;
        fprintf(stderr, "pypy-client: can't open file '%s': [Errno %d] %s\n", job.file, e, strerror(e));
        return 2;
      }
    }
  }
  if (!pypylog_init(getenv("PYPYLOG"), err, sizeof err)) fprintf(stderr, "pypy-client: %s\n", err);
  /* sys.argv: the script (or "-c") and what follows it. */
  job.argc = argc - i;
  job.argv = argv + i;
  if (job.code) { job.argv[0] = "-c"; }
  if (job.argc == 0) { static char *dash[] = {"", NULL}; job.argc = 1; job.argv = dash; }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, MAIN_STACK_BYTES);
  pthread_t th;
  if (pthread_create(&th, &attr, run_job, &job) != 0) run_job(&job);
  else pthread_join(th, NULL);
  fflush(stdout);
  fflush(stderr);
  pypylog_close();
  exit(job.status);
}
