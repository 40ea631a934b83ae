/* gcmodule.c: the gc module over the runtime's generational collector (gc.c).
 *
 * The collector has two generations, not CPython's three: a minor collection is reported as
 * generation 0 and a major one as generation 2. Counts, thresholds and debug flags exist for
 * programs that read or set them; the thresholds do not steer the collector, whose nursery size
 * and growth factor are fixed in rt_limits.h.
 */
#include <stdio.h>

#include "gc.h"
#include "import.h"
#include "intobject.h"

/* CPython's defaults, reported by get_threshold until a program sets its own. */
#define GC_THRESHOLD0_DEFAULT 700
#define GC_THRESHOLD1_DEFAULT 10
#define GC_THRESHOLD2_DEFAULT 10
/* get_count's first entry: young bytes divided by a typical small object's size, an estimate of
   CPython's "allocations since the last collection". */
#define GC_COUNT_OBJECT_BYTES 64

/* CPython's DEBUG_* flags: name, value */
#define GC_DEBUG_FLAGS(_) \
  _(DEBUG_STATS, 1) _(DEBUG_COLLECTABLE, 2) _(DEBUG_UNCOLLECTABLE, 4) _(DEBUG_SAVEALL, 32) \
  _(DEBUG_LEAK, 38)

static int64_t thresholds[3] = {GC_THRESHOLD0_DEFAULT, GC_THRESHOLD1_DEFAULT, GC_THRESHOLD2_DEFAULT};
static int64_t debug_flags;

static bool no_args(const char *name, int nargs, Tuple *kw) {
  char full[32];
  snprintf(full, sizeof full, "gc.%s", name);
  return args_check(full, nargs, kw, 0, 0);
}

static Value gc_collect(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"generation"};
  Value gen;
  int64_t g = 2;
  if (!args_parse("collect", args, nargs, kw, names, 0, 1, &gen)) return VNULL;
  if (gen && !index_of(gen, &g)) return VNULL;
  if (g < 0 || g > 2) return err_format(Exc_ValueError, "invalid generation");
  if (g == 0) gc_collect_minor();
  else gc_collect_major();
  gc_run_pending();
  return v_from_int(0);
}

static Value gc_enable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("enable", nargs, kw)) return VNULL;
  gc_enabled = true;
  return V_NONE;
}

static Value gc_disable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("disable", nargs, kw)) return VNULL;
  gc_enabled = false;
  return V_NONE;
}

static Value gc_isenabled(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("isenabled", nargs, kw)) return VNULL;
  return v_bool(gc_enabled);
}

static Value gc_get_count(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("get_count", nargs, kw)) return VNULL;
  return tuple_pack(3, v_from_int((int64_t)(gc_young_bytes / GC_COUNT_OBJECT_BYTES)), v_from_int(0),
                    v_from_int(0));
}

static Value stats_dict(uint64_t collections) {
  Dict *d = dict_new();
  dict_set_str(d, str_intern_cstr("collections"), int_from_i64((int64_t)collections));
  dict_set_str(d, str_intern_cstr("collected"), v_from_int(0));
  dict_set_str(d, str_intern_cstr("uncollectable"), v_from_int(0));
  return OBJ_V(d);
}

static Value gc_get_stats(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("get_stats", nargs, kw)) return VNULL;
  const GcStats *s = gc_stats();
  List *l = list_new(3);
  list_append(l, stats_dict(s->minor_count));
  list_append(l, stats_dict(0));
  list_append(l, stats_dict(s->major_count));
  return OBJ_V(l);
}

static Value gc_get_threshold(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("get_threshold", nargs, kw)) return VNULL;
  return tuple_pack(3, int_from_i64(thresholds[0]), int_from_i64(thresholds[1]), int_from_i64(thresholds[2]));
}

static Value gc_set_threshold(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (kw && kw->len) return err_format(Exc_TypeError, "set_threshold() takes no keyword arguments");
  if (nargs < 1 || nargs > 3) {
    int n = nargs < 1 ? 1 : 3;
    return err_format(Exc_TypeError, "set_threshold() takes %s %d argument%s (%d given)",
                      nargs < 1 ? "at least" : "at most", n, n == 1 ? "" : "s", nargs);
  }
  int64_t t[3] = {thresholds[0], thresholds[1], thresholds[2]};
  for (int i = 0; i < nargs; i++)
    if (!index_of(args[i], &t[i])) return VNULL;
  memcpy(thresholds, t, sizeof t);
  return V_NONE;
}

static Value gc_get_debug(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!no_args("get_debug", nargs, kw)) return VNULL;
  return int_from_i64(debug_flags);
}

static Value gc_set_debug(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("gc.set_debug", nargs, kw, 1, 1) || !index_of(args[0], &debug_flags)) return VNULL;
  return V_NONE;
}

/* freeze moves everything to a permanent generation in CPython; here every survivor of a major
   collection is already as good as frozen, so these only keep their contracts. */
static Value gc_freeze(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  return no_args("freeze", nargs, kw) ? V_NONE : VNULL;
}

static Value gc_unfreeze(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  return no_args("unfreeze", nargs, kw) ? V_NONE : VNULL;
}

static Value gc_get_freeze_count(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  return no_args("get_freeze_count", nargs, kw) ? v_from_int(0) : VNULL;
}

static const MethodDef gc_functions[] = {
  {"collect", gc_collect, NULL}, {"enable", gc_enable, NULL}, {"disable", gc_disable, NULL},
  {"isenabled", gc_isenabled, NULL}, {"get_count", gc_get_count, NULL},
  {"get_stats", gc_get_stats, NULL}, {"get_threshold", gc_get_threshold, NULL},
  {"set_threshold", gc_set_threshold, NULL}, {"get_debug", gc_get_debug, NULL},
  {"set_debug", gc_set_debug, NULL}, {"freeze", gc_freeze, NULL}, {"unfreeze", gc_unfreeze, NULL},
  {"get_freeze_count", gc_get_freeze_count, NULL},
  {NULL, NULL, NULL}};

Value gc_module_init(void) {
  Value m = module_new("gc");
  module_add_functions(m, gc_functions);
  module_set(m, "garbage", OBJ_V(list_new(0)));
  module_set(m, "callbacks", OBJ_V(list_new(0)));
#define GC_FLAG_SET(name, value) module_set(m, #name, v_from_int(value));
  GC_DEBUG_FLAGS(GC_FLAG_SET)
#undef GC_FLAG_SET
  return m;
}
