/* jitopts.h: the JIT's tuning parameters, spelled as PyPy's --jit option spells them. */
#ifndef PJS_JITOPTS_H
#define PJS_JITOPTS_H

#include <stdbool.h>
#include <stddef.h>

/* One table: name, default (PyPy's defaults), meaning. */
#define JIT_PARAMS(_) \
  _(threshold, 1039, "back-edges of a loop before it is traced") \
  _(trace_eagerness, 200, "failures of a guard before a bridge is traced") \
  _(trace_limit, 6000, "IR operations a trace may record before it aborts")

typedef struct JitParams {
#define JP_FIELD(name, def, doc) long name;
  JIT_PARAMS(JP_FIELD)
#undef JP_FIELD
  bool enabled;
  bool sync; /* --jit sync: wait for each compile (deterministic tests) */
} JitParams;

extern JitParams jit_params;
extern const char *jit_server_address;

/* Parses "off" or "name=N,name=N"; false with a message naming the bad item. */
bool jit_parse_options(const char *spec, char *err, size_t errlen);

#endif
