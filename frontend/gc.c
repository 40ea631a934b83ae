/* gc.c: a precise, generational, non-moving mark-and-sweep collector.
 *
 * Generations without moving ("sticky mark bits"): every allocation is young and is recorded in
 * the young list. A minor collection marks only young objects, from the roots and from the
 * remembered set (old objects that were given a young reference, see gc_wb), then sweeps only
 * the young list: survivors become old in place, the rest go back to their size class's free
 * list. Its cost is proportional to the young objects, not the heap. A major collection marks
 * everything and sweeps both lists; it runs when the old generation has grown by
 * GC_MAJOR_GROWTH since the last one.
 *
 * Collections happen only when the interpreter calls them at a safepoint, so no C code is ever
 * interrupted in the middle of building an object graph (object.h explains the rooting rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gc.h"
#include "object.h"
#include "pypylog.h"

#define NCLASSES (GC_SMALL_MAX / 16)
#define CHUNK_BYTES (256u * 1024)
#define SIZECLASS_SHIFT 16
#define SIZECLASS_OF(o) (((o)->gcflags >> SIZECLASS_SHIFT) & 0xFF)

typedef struct FreeObj { struct FreeObj *next; } FreeObj;
typedef struct ObjVec { Obj **items; size_t len, cap; } ObjVec;

static FreeObj *freelist[NCLASSES + 1];
static char *bump[NCLASSES + 1], *bump_end[NCLASSES + 1];
static ObjVec young, old, remembered, markstack;
static Value **roots;
static int nroots, roots_cap;
static Value **global_roots;
static int nglobal, global_cap;
static GcRootScanner scanners[8];
static int nscanners;
static bool major_mode;
static size_t old_bytes, old_bytes_at_major = 8u << 20;
size_t gc_young_bytes, gc_threshold = GC_NURSERY_BYTES;
static GcStats stats;
bool gc_enabled = true;
static ObjVec weakrefs, finalize_queue, callback_queue; /* callback_queue: weakrefs */
static ObjVec finalizable; /* objects that had GCF_FINALIZER set; entries whose flag is clear are dropped */
static void (*finalizer_runner)(Value obj, Value callback);

static void die_oom(void) {
  fputs("pypy-client: out of memory\n", stderr);
  abort();
}

static inline void vec_push(ObjVec *v, Obj *o) {
  if (__builtin_expect(v->len == v->cap, 0)) {
    v->cap = v->cap ? v->cap * 2 : 1024;
    v->items = realloc(v->items, v->cap * sizeof(Obj *));
    if (!v->items) die_oom();
  }
  v->items[v->len++] = o;
}

/* -- Allocation ---------------------------------------------------------------------------- */

static size_t obj_bytes(Obj *o) {
  unsigned c = SIZECLASS_OF(o);
  return c ? c * 16 : 0;
}

static inline Obj *alloc_small(unsigned cls) {
  FreeObj *f = freelist[cls];
  if (f) {
    freelist[cls] = f->next;
    /* The free list is scattered over the heap: fetch the next object's line now, so that
       the next allocation does not wait for it. */
    __builtin_prefetch(f->next, 1, 3);
    return (Obj *)f;
  }
  size_t sz = cls * 16;
  if (bump[cls] + sz > bump_end[cls]) {
    char *chunk = malloc(CHUNK_BYTES);
    if (!chunk) die_oom();
    bump[cls] = chunk;
    bump_end[cls] = chunk + CHUNK_BYTES;
  }
  Obj *o = (Obj *)bump[cls];
  bump[cls] += sz;
  return o;
}

Obj *gc_alloc(Type *t, size_t size) {
  Obj *o;
  uint32_t flags;
  if (__builtin_expect(size <= GC_SMALL_MAX, 1)) {
    unsigned cls = (unsigned)((size + 15) / 16);
    if (cls == 0) cls = 1;
    o = alloc_small(cls);
    /* Zero what follows the header. Small objects (floats, cells, methods) get plain stores:
       a memset or `rep stos` costs more than the allocation itself at these sizes. */
    uint64_t *w = (uint64_t *)o;
    switch (cls) {
      case 4: w[6] = 0; w[7] = 0; /* fall through */
      case 3: w[4] = 0; w[5] = 0; /* fall through */
      case 2: w[2] = 0; w[3] = 0; /* fall through */
      case 1: break;
      default: memset(w + 2, 0, cls * 16 - 16); break;
    }
    flags = cls << SIZECLASS_SHIFT;
    gc_young_bytes += cls * 16;
  } else {
    o = calloc(1, size);
    if (!o) die_oom();
    flags = GCF_LARGE;
    gc_young_bytes += size;
  }
  o->type = t;
  o->gcflags = flags;
  o->aux = 0;
  vec_push(&young, o);
  return o;
}

static void free_obj(Obj *o) {
  if (o->type->finalize) o->type->finalize(o);
  if (o->gcflags & GCF_LARGE) {
    free(o);
    return;
  }
  unsigned cls = SIZECLASS_OF(o);
  o->gcflags = 0;
  FreeObj *f = (FreeObj *)o;
  f->next = freelist[cls];
  freelist[cls] = f;
}

/* Large objects report their size through the type's finalize-free path; we count them at a
   nominal size so that the major trigger still sees them grow. */
static size_t accounted_bytes(Obj *o) { return (o->gcflags & GCF_LARGE) ? GC_SMALL_MAX * 2 : obj_bytes(o); }

/* -- Roots ----------------------------------------------------------------------------------- */

void gc_root(Value *slot) {
  if (nroots == roots_cap) {
    roots_cap = roots_cap ? roots_cap * 2 : 256;
    roots = realloc(roots, roots_cap * sizeof(Value *));
    if (!roots) die_oom();
  }
  roots[nroots++] = slot;
}
int gc_root_mark(void) { return nroots; }
void gc_root_restore(int mark) { nroots = mark; }
void gc_root_scope_end(int *mark) { nroots = *mark; }

void gc_add_global_root(Value *slot) {
  if (nglobal == global_cap) {
    global_cap = global_cap ? global_cap * 2 : 256;
    global_roots = realloc(global_roots, global_cap * sizeof(Value *));
    if (!global_roots) die_oom();
  }
  global_roots[nglobal++] = slot;
}

void gc_add_root_scanner(GcRootScanner fn) {
  if (nscanners < (int)(sizeof scanners / sizeof scanners[0])) scanners[nscanners++] = fn;
}

/* -- Marking ----------------------------------------------------------------------------------- */

void gc_visit(Value *slot) {
  Value v = *slot;
  if (!v_is_obj(v)) return;
  Obj *o = V_OBJ(v);
  uint32_t f = o->gcflags;
  if (f & (GCF_MARK | GCF_STATIC)) return;
  if (!major_mode && (f & GCF_OLD)) return;
  o->gcflags = f | GCF_MARK;
  vec_push(&markstack, o);
}

static void drain(void) {
  while (markstack.len) {
    Obj *o = markstack.items[--markstack.len];
    if (o->type->traverse) o->type->traverse(o, gc_visit);
  }
}

static void visit_vec(ObjVec *v) {
  for (size_t i = 0; i < v->len; i++) {
    Value x = OBJ_V(v->items[i]);
    gc_visit(&x);
  }
}

static void mark_roots(void) {
  visit_vec(&finalize_queue);
  visit_vec(&callback_queue);
  for (int i = 0; i < nglobal; i++) gc_visit(global_roots[i]);
  for (int i = 0; i < nroots; i++) gc_visit(roots[i]);
  for (int i = 0; i < nscanners; i++) scanners[i](gc_visit);
  drain();
}

void gc_wb_slow(Obj *o) {
  o->gcflags |= GCF_REMEMBERED;
  vec_push(&remembered, o);
}

void gc_wb_range_slow(Obj *o, int64_t *lo, int64_t *hi, int64_t i) {
  if (!(o->gcflags & GCF_PARTIAL)) {
    o->gcflags |= GCF_PARTIAL;
    *lo = i;
    *hi = i + 1;
    vec_push(&remembered, o);
    return;
  }
  if (i < *lo) *lo = i;
  if (i + 1 > *hi) *hi = i + 1;
}

/* Visits what a remembered object may hold of the young generation. */
static void traverse_remembered(Obj *o) {
  if (o->gcflags & GCF_REMEMBERED) {
    if (o->type->traverse) o->type->traverse(o, gc_visit);
  } else if (o->gcflags & GCF_PARTIAL) {
    int64_t lo, hi;
    if (o->type->traverse_range == NULL) { if (o->type->traverse) o->type->traverse(o, gc_visit); return; }
    if (o->type == &Type_list || type_is_subtype(o->type, &Type_list)) { lo = ((List *)o)->dirty_lo; hi = ((List *)o)->dirty_hi; }
    else { lo = ((Dict *)o)->dirty_lo; hi = ((Dict *)o)->dirty_hi; }
    o->type->traverse_range(o, lo, hi, gc_visit);
  }
}

/* -- Finalizers and weak references ------------------------------------------------------------ */
static inline bool dying(Obj *o) {
  uint32_t f = o->gcflags;
  return !(f & (GCF_MARK | GCF_STATIC)) && (major_mode || !(f & GCF_OLD));
}

void gc_set_finalizer(Obj *o) {
  if (o->gcflags & GCF_FINALIZER) return;
  o->gcflags |= GCF_FINALIZER;
  vec_push(&finalizable, o);
}

/* Unreachable objects with a finalizer live one more cycle, with everything they reach. Runs
   before any sweep, so the list never holds a freed object: an entry whose flag was cleared is
   dropped here, before the object can die. Oldest first: finalizers run in allocation order. */
static void resurrect_finalizable(void) {
  size_t keep = 0;
  for (size_t i = 0; i < finalizable.len; i++) {
    Obj *o = finalizable.items[i];
    if (!(o->gcflags & GCF_FINALIZER)) continue;
    if (dying(o)) {
      o->gcflags &= ~GCF_FINALIZER;
      vec_push(&finalize_queue, o);
      Value v = OBJ_V(o);
      gc_visit(&v);
      continue;
    }
    finalizable.items[keep++] = o;
  }
  finalizable.len = keep;
  drain();
}

static void clear_dead_weakrefs(void) {
  size_t keep = 0;
  for (size_t i = 0; i < weakrefs.len; i++) {
    Weakref *w = (Weakref *)weakrefs.items[i];
    if (dying(&w->h)) continue; /* the weakref itself dies: forget it */
    if (v_is_obj(w->referent) && dying(V_OBJ(w->referent))) {
      w->referent = VNULL;
      if (w->callback && w->callback != V_NONE) vec_push(&callback_queue, &w->h);
    }
    weakrefs.items[keep++] = &w->h;
  }
  weakrefs.len = keep;
}

void gc_register_weakref(Weakref *w) { vec_push(&weakrefs, &w->h); }
void gc_set_finalizer_runner(void (*run)(Value obj, Value callback)) { finalizer_runner = run; }
bool gc_has_pending(void) { return finalize_queue.len || callback_queue.len; }

void gc_run_pending(void) {
  static bool running;
  if (running) return;
  running = true;
  while (finalize_queue.len || callback_queue.len) {
    if (finalize_queue.len) {
      Obj *o = finalize_queue.items[0];
      memmove(finalize_queue.items, finalize_queue.items + 1, (finalize_queue.len - 1) * sizeof(Obj *));
      finalize_queue.len--;
      if (finalizer_runner) finalizer_runner(OBJ_V(o), VNULL);
      continue;
    }
    Weakref *w = (Weakref *)callback_queue.items[0];
    memmove(callback_queue.items, callback_queue.items + 1, (callback_queue.len - 1) * sizeof(Obj *));
    callback_queue.len--;
    Value cb = w->callback;
    w->callback = V_NONE;
    if (finalizer_runner && cb && cb != V_NONE) finalizer_runner(OBJ_V(w), cb);
  }
  running = false;
}

/* -- Sweeping --------------------------------------------------------------------------------- */

static void sweep_young(void) {
  for (size_t i = 0; i < young.len; i++) {
    Obj *o = young.items[i];
    if (o->gcflags & GCF_MARK) {
      o->gcflags = (o->gcflags & ~GCF_MARK) | GCF_OLD;
      old_bytes += accounted_bytes(o);
      vec_push(&old, o);
    } else {
      free_obj(o);
    }
  }
  young.len = 0;
}

static void sweep_old(void) {
  size_t keep = 0;
  old_bytes = 0;
  for (size_t i = 0; i < old.len; i++) {
    Obj *o = old.items[i];
    if (o->gcflags & GCF_MARK) {
      o->gcflags &= ~(GCF_MARK | GCF_REMEMBERED | GCF_PARTIAL);
      old_bytes += accounted_bytes(o);
      old.items[keep++] = o;
    } else {
      free_obj(o);
    }
  }
  old.len = keep;
}

static void forget_remembered(void) {
  for (size_t i = 0; i < remembered.len; i++) remembered.items[i]->gcflags &= ~(GCF_REMEMBERED | GCF_PARTIAL);
  remembered.len = 0;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void gc_collect_minor(void) {
  double t0 = now_seconds();
  size_t young_before = gc_young_bytes, nyoung = young.len;
  major_mode = false;
  for (size_t i = 0; i < remembered.len; i++) traverse_remembered(remembered.items[i]);
  mark_roots();
  resurrect_finalizable();
  clear_dead_weakrefs();
  forget_remembered();
  size_t old_before = old_bytes;
  sweep_young();
  gc_young_bytes = 0;
  stats.minor_count++;
  double dt = now_seconds() - t0;
  stats.minor_seconds += dt;
  pypylog_gc_minor(dt, young_before, nyoung, old_bytes - old_before);
  if (old_bytes > (size_t)((double)old_bytes_at_major * GC_MAJOR_GROWTH)) gc_collect_major();
}

void gc_collect_major(void) {
  double t0 = now_seconds();
  size_t before = old_bytes + gc_young_bytes;
  major_mode = true;
  forget_remembered();
  mark_roots();
  resurrect_finalizable();
  clear_dead_weakrefs();
  sweep_old();
  sweep_young();
  gc_young_bytes = 0;
  major_mode = false;
  old_bytes_at_major = old_bytes > (8u << 20) ? old_bytes : (8u << 20);
  stats.major_count++;
  double dt = now_seconds() - t0;
  stats.major_seconds += dt;
  pypylog_gc_major(dt, before, old_bytes);
}

bool gc_should_collect(void) { return gc_young_bytes > gc_threshold && gc_enabled; }

const GcStats *gc_stats(void) { return &stats; }
size_t gc_live_objects(void) { return old.len + young.len; }

/* PYPY_GC_NURSERY=BYTES shrinks (or grows) the nursery: tests run with a tiny one so that
   collections happen at nearly every safepoint and a missing root or barrier shows up. */
void gc_init(void) {
  const char *n = getenv("PYPY_GC_NURSERY");
  if (n && *n) {
    char *end;
    unsigned long long v = strtoull(n, &end, 10);
    if (*end == 0 && v >= 1024 && v <= (1ull << 32)) gc_threshold = (size_t)v;
  }
}
