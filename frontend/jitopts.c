/* jitopts.c: parsing of --jit / $PYPY_JIT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jitopts.h"

JitParams jit_params = {
#define JP_INIT(name, def, doc) .name = def,
  JIT_PARAMS(JP_INIT)
#undef JP_INIT
  .enabled = true,
};
const char *jit_server_address;

static bool set_param(const char *item, size_t n, char *err, size_t errlen) {
  if (n == 3 && strncmp(item, "off", 3) == 0) { jit_params.enabled = false; return true; }
  if (n == 2 && strncmp(item, "on", 2) == 0) { jit_params.enabled = true; return true; }
  if (n == 4 && strncmp(item, "sync", 4) == 0) { jit_params.sync = true; return true; }
  const char *eq = memchr(item, '=', n);
  if (eq) {
    size_t klen = (size_t)(eq - item);
    char num[32];
    size_t vlen = n - klen - 1;
    char *end = NULL;
    long v = -1;
    if (vlen > 0 && vlen < sizeof num) {
      memcpy(num, eq + 1, vlen);
      num[vlen] = 0;
      v = strtol(num, &end, 10);
    }
#define JP_SET(name, def, doc) \
    if (klen == strlen(#name) && strncmp(item, #name, klen) == 0) { \
      if (!end || *end || v < 0) { snprintf(err, errlen, "--jit: bad value for %s: '%.*s'", #name, (int)vlen, eq + 1); return false; } \
      jit_params.name = v; return true; }
    JIT_PARAMS(JP_SET)
#undef JP_SET
  }
  snprintf(err, errlen, "--jit: unknown option '%.*s' (known: off, on, sync, threshold=N, trace_eagerness=N, trace_limit=N)", (int)n, item);
  return false;
}

bool jit_parse_options(const char *spec, char *err, size_t errlen) {
  const char *p = spec;
  while (*p) {
    const char *c = strchr(p, ',');
    size_t n = c ? (size_t)(c - p) : strlen(p);
    if (n && !set_param(p, n, err, errlen)) return false;
    p += n;
    if (*p == ',') p++;
  }
  return true;
}
