/* pypylog.c: the PYPYLOG writer (format in pypylog.h). Timestamps are the CPU's time-stamp
   counter, as PyPy's are, so sections from one run order and subtract correctly. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pypylog.h"

static const char *const category_names[] = {
#define PL_NAME(c, name) name,
  PYPYLOG_CATEGORIES(PL_NAME)
#undef PL_NAME
};

bool pypylog_on[PL__COUNT];
FILE *pypylog_file;

static uint64_t timestamp(void) {
#if defined(__x86_64__)
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
#else
  return 0;
#endif
}

static void enable_prefix(const char *p, size_t n) {
  for (int c = 0; c < PL__COUNT; c++)
    if ((n == 1 && p[0] == '+') || strncmp(category_names[c], p, n) == 0) pypylog_on[c] = true;
}

bool pypylog_init(const char *spec, char *err, size_t errlen) {
  if (!spec || !*spec) return true;
  const char *colon = strrchr(spec, ':');
  const char *path = colon ? colon + 1 : spec;
  if (colon) {
    const char *p = spec;
    while (p < colon) {
      const char *e = memchr(p, ',', (size_t)(colon - p));
      if (!e) e = colon;
      if (e > p) enable_prefix(p, (size_t)(e - p));
      p = e + 1;
    }
  } else {
    enable_prefix("+", 1); /* PYPYLOG=FILE logs everything, as PyPy does */
  }
  if (strcmp(path, "-") == 0) {
    pypylog_file = stderr;
  } else {
    pypylog_file = fopen(path, "w");
    if (!pypylog_file) {
      snprintf(err, errlen, "PYPYLOG: cannot open '%s' for writing", path);
      memset(pypylog_on, 0, sizeof pypylog_on);
      return false;
    }
  }
  return true;
}

void pypylog_start(PypylogCategory c) {
  fprintf(pypylog_file, "[%llx] {%s\n", (unsigned long long)timestamp(), category_names[c]);
}

void pypylog_stop(PypylogCategory c) {
  fprintf(pypylog_file, "[%llx] %s}\n", (unsigned long long)timestamp(), category_names[c]);
}

void pypylog_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(pypylog_file, fmt, ap);
  va_end(ap);
}

void pypylog_close(void) {
  if (pypylog_file && pypylog_file != stderr) fclose(pypylog_file);
  else if (pypylog_file) fflush(pypylog_file);
  pypylog_file = NULL;
  memset(pypylog_on, 0, sizeof pypylog_on);
}

void pypylog_gc_minor(double seconds, size_t young_bytes, size_t young_objects, size_t promoted_bytes) {
  if (!pypylog_on[PL_GC_MINOR]) return;
  pypylog_start(PL_GC_MINOR);
  pypylog_printf("minor collect, young objects: %zu, young bytes: %zu, promoted bytes: %zu\n"
                 "time taken: %.6f s\n", young_objects, young_bytes, promoted_bytes, seconds);
  pypylog_stop(PL_GC_MINOR);
}

void pypylog_gc_major(double seconds, size_t bytes_before, size_t bytes_after) {
  if (!pypylog_on[PL_GC_MAJOR]) return;
  pypylog_start(PL_GC_MAJOR);
  pypylog_printf("major collect, heap bytes before: %zu, after: %zu\ntime taken: %.6f s\n",
                 bytes_before, bytes_after, seconds);
  pypylog_stop(PL_GC_MAJOR);
}
