/* pypylog.h: PYPYLOG, the project's logging facility, in PyPy's format.
 *
 * PYPYLOG=cat1,cat2:FILE enables the categories whose names start with cat1 or cat2 ("+" for
 * all; FILE "-" is stderr). A section is written as
 *   [hex timestamp] {category
 *   ...lines...
 *   [hex timestamp] category}
 * When PYPYLOG is unset every check is one load of a global and a branch.
 */
#ifndef PJS_PYPYLOG_H
#define PJS_PYPYLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One table of the categories: C name, category name as it appears in the log. */
#define PYPYLOG_CATEGORIES(_) \
  _(GC_MINOR, "gc-minor") _(GC_MAJOR, "gc-major") \
  _(JIT_LOG_NOOPT, "jit-log-noopt") _(JIT_LOG_OPT, "jit-log-opt") \
  _(JIT_BACKEND, "jit-backend") _(JIT_BACKEND_COUNTS, "jit-backend-counts") \
  _(JIT_SUMMARY, "jit-summary") _(JIT_ABORT, "jit-abort") \
  _(JITD_SERVER, "jitd-server") _(JIT_CACHE, "jit-cache")

typedef enum {
#define PL_ENUM(c, name) PL_##c,
  PYPYLOG_CATEGORIES(PL_ENUM)
#undef PL_ENUM
  PL__COUNT
} PypylogCategory;

extern bool pypylog_on[PL__COUNT];
extern FILE *pypylog_file;

bool pypylog_init(const char *spec, char *err, size_t errlen); /* spec = $PYPYLOG; NULL/"" = off */
void pypylog_start(PypylogCategory c);
void pypylog_stop(PypylogCategory c);
void pypylog_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pypylog_close(void);

/* The GC's sections (no-ops when their category is off). */
void pypylog_gc_minor(double seconds, size_t young_bytes, size_t young_objects, size_t promoted_bytes);
void pypylog_gc_major(double seconds, size_t bytes_before, size_t bytes_after);

#endif
