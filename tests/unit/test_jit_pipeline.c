/* test_jit_pipeline.c: traces of the recorder's shape through the optimizer and the x86-64 code
 * generator, then run: a small linker here maps each blob executable, fills its slots with
 * test objects and helpers, calls it on a window of Values and checks what its exit wrote.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "blob.h"
#include "ir.h"
#include "optimize.h"
#include "x64_codegen.h"

/* -- Test objects and helpers ------------------------------------------------------------- */
typedef struct TObj { void *type; uint32_t gcflags, aux; } TObj;
typedef struct TFloat { TObj h; double v; } TFloat;
static TObj float_type, true_obj, false_obj, none_obj;
static TFloat floats[4096];
static unsigned nfloats;
static size_t young, limit = (size_t)-1;

static uint64_t test_float_new(double v)
{
  TFloat *f = &floats[nfloats++ % 4096];
  f->h.type = &float_type;
  f->v = v;
  return (uint64_t)(uintptr_t)f;
}

static uint64_t tag(int64_t n) { return ((uint64_t)n << 1) | 1; }
static int64_t untag(uint64_t v) { return (int64_t)v >> 1; }

static const uint8_t HASH[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* -- The test linker ------------------------------------------------------------------------ */
typedef struct Linked { uint8_t *mem; size_t len; uint64_t *slots; const BlobHeader *h; } Linked;

static uint64_t resolve(const Linked *l, const BlobImport *im)
{
  const char *pool = (const char *)l->mem + l->h->strpool_off;
  if (im->what == BLOB_IMPORT_ADDR) {
    if (im->s0_len == 9 && memcmp(pool + im->s0_off, "float_new", 9) == 0) return (uint64_t)(uintptr_t)test_float_new;
    if (im->s0_len == 14 && memcmp(pool + im->s0_off, "gc_young_bytes", 14) == 0) return (uint64_t)(uintptr_t)&young;
    if (im->s0_len == 8 && memcmp(pool + im->s0_off, "gc_limit", 8) == 0) return (uint64_t)(uintptr_t)&limit;
    return 0;
  }
  switch (im->kind) {
  case IRC_TRUE: return (uint64_t)(uintptr_t)&true_obj;
  case IRC_FALSE: return (uint64_t)(uintptr_t)&false_obj;
  case IRC_NONE: return (uint64_t)(uintptr_t)&none_obj;
  case IRC_SYM_TYPE: return (uint64_t)(uintptr_t)&float_type; /* the only type these traces name */
  case IRC_SYM_CODE: return (uint64_t)(uintptr_t)&none_obj;   /* named by snapshots only */
  default: return 0;
  }
}

static Linked link_blob(const uint8_t *bytes, size_t len)
{
  char err[256];
  ck_assert_msg(blob_check(bytes, len, err, sizeof err), "%s", err);
  Linked l = {NULL, len, NULL, NULL};
  l.mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ck_assert_ptr_ne(l.mem, MAP_FAILED);
  memcpy(l.mem, bytes, len);
  ck_assert_int_eq(mprotect(l.mem, len, PROT_READ | PROT_EXEC), 0);
  l.h = (const BlobHeader *)l.mem;
  l.slots = calloc(BLOB_NSLOTS(l.h), sizeof(uint64_t));
  const BlobImport *im = (const BlobImport *)(l.mem + l.h->imports_off);
  for (uint32_t i = 0; i < l.h->nimports; i++) {
    l.slots[i] = resolve(&l, &im[i]);
    ck_assert_msg(l.slots[i] != 0, "import %u does not resolve", i);
  }
  blob_link_defaults(l.h, l.mem, l.slots);
  return l;
}

static void unlink_blob(Linked *l)
{
  munmap(l->mem, l->len);
  free(l->slots);
}

/* Runs a blob on window; returns the exit's instruction op in the trace that was compiled. */
static uint32_t run(const Linked *l, uint64_t *window)
{
  BlobEntryFn fn = (BlobEntryFn)(uintptr_t)(l->mem + l->h->code_off + l->h->entry_off);
  BlobResult r = fn(window, l->slots);
  ck_assert_ptr_eq(r.slots, l->slots);
  ck_assert_uint_lt(r.exit, l->h->nexits);
  return (uint32_t)r.exit;
}

static Linked compile(const IrTrace *t, bool optimize, IrTrace *opt)
{
  char err[256];
  ir_trace_init(opt);
  const IrTrace *use = t;
  if (optimize) {
    ck_assert_msg(optimize_trace(t, opt, NULL, err, sizeof err) == 0, "%s", err);
    use = opt;
  }
  uint8_t *bytes;
  size_t len;
  ck_assert_msg(x64_compile(use, &bytes, &len, err, sizeof err) == 0, "%s", err);
  Linked l = link_blob(bytes, len);
  free(bytes);
  return l;
}

static uint32_t exit_op(const Linked *l, const IrTrace *t, uint32_t k)
{
  const BlobExit *ex = (const BlobExit *)(l->mem + l->h->exits_off);
  return t->ins[ex[k].ir_index].op;
}

/* -- Traces ------------------------------------------------------------------------------- */

static uint32_t snap(IrTrace *t, IrRef code, uint32_t pc, uint32_t nslots)
{
  uint32_t s = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, pc, nslots);
  for (uint32_t i = 0; i < nslots; i++) ir_snapshot_entry(t, IR_SNAP_UNCHANGED);
  ir_snapshot_end(t);
  return s;
}

static IrRef get_int(IrTrace *t, uint32_t slot, uint32_t s)
{
  IrRef p = ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, slot, 0, 0);
  ir_guard(t, IR_GUARD_TAGGED_INT, p, 0, s);
  return ir_emit(t, IR_UNBOX_INT, p, 0, 0);
}

/* while i < n: i += 1   (slots: i, n) */
static void count_loop(IrTrace *t)
{
  ir_trace_init(t);
  memcpy(t->code_hash, HASH, 16);
  IrRef code = ir_const_code(t, HASH, "f", "t.py", 1);
  ir_emit(t, IR_LABEL, ir_const_args(t, NULL, 0), 0, 0);
  uint32_t s = snap(t, code, 0, 2);
  IrRef i = get_int(t, 0, s), n = get_int(t, 1, s);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, i, n, 0), 0, s);
  IrRef i2 = ir_emit(t, IR_INT_ADD_OVF, i, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  ir_emit(t, IR_FRAME_SET, 0, ir_emit(t, IR_BOX_INT, i2, 0, 0), 0);
  ir_guard(t, IR_GUARD_NOT_INVALIDATED, 0, 0, snap(t, code, 9, 2));
  ir_emit(t, IR_JUMP, ir_const_args(t, NULL, 0), 0, 0);
  ck_assert_int_eq(ir_validate(t, NULL, 0), IR_S_OK);
}

START_TEST(test_count_loop_runs_unoptimized_and_optimized)
{
  for (int optimize = 0; optimize < 2; optimize++) {
    IrTrace t, opt;
    count_loop(&t);
    Linked l = compile(&t, optimize, &opt);
    uint64_t window[2] = {tag(0), tag(1000000)};
    uint32_t k = run(&l, window);
    ck_assert_uint_eq(exit_op(&l, optimize ? &opt : &t, k), IR_GUARD_TRUE);
    ck_assert_int_eq(untag(window[0]), 1000000);
    ck_assert_int_eq(untag(window[1]), 1000000);
    unlink_blob(&l);
    ir_trace_free(&t);
    ir_trace_free(&opt);
  }
}
END_TEST

START_TEST(test_peeled_loop_has_no_boxes_or_frame_accesses)
{
  IrTrace t, opt;
  count_loop(&t);
  char err[256];
  ir_trace_init(&opt);
  ck_assert_msg(optimize_trace(&t, &opt, NULL, err, sizeof err) == 0, "%s", err);
  uint32_t label2 = 0, labels = 0;
  for (uint32_t i = 0; i < opt.nins; i++)
    if (opt.ins[i].op == IR_LABEL) { label2 = i; labels++; }
  ck_assert_uint_eq(labels, 2);
  for (uint32_t i = label2; i < opt.nins; i++) {
    uint8_t op = opt.ins[i].op;
    ck_assert(op != IR_FRAME_GET && op != IR_FRAME_SET && op != IR_BOX_INT && op != IR_UNBOX_INT &&
              op != IR_GUARD_TAGGED_INT);
  }
  const IrConst *args = ir_const_get(&opt, opt.ins[label2].a);
  ck_assert_uint_eq(args->s[0].len, 1);
  ck_assert_int_eq(ir_ref_kind(&opt, opt.args[args->s[0].off]), IRK_INT);
  ir_trace_free(&t);
  ir_trace_free(&opt);
}
END_TEST

START_TEST(test_overflow_guard_leaves_at_the_tagged_edge)
{
  IrTrace t, opt;
  count_loop(&t);
  Linked l = compile(&t, true, &opt);
  int64_t max = (INT64_C(1) << 62) - 1;
  uint64_t window[2] = {tag(max - 5), tag(max)};
  uint32_t k = run(&l, window);
  ck_assert_uint_eq(exit_op(&l, &opt, k), IR_GUARD_TRUE); /* i reaches n before overflowing */
  ck_assert_int_eq(untag(window[0]), max);
  unlink_blob(&l);
  ir_trace_free(&opt);
  ir_trace_free(&t);
}
END_TEST

/* x // d and x % d into slots 1 and 2, then FINISH; d a constant or slot 3. */
static void divmod_trace(IrTrace *t, int64_t d)
{
  ir_trace_init(t);
  memcpy(t->code_hash, HASH, 16);
  IrRef code = ir_const_code(t, HASH, "f", "t.py", 1);
  ir_emit(t, IR_LABEL, ir_const_args(t, NULL, 0), 0, 0);
  uint32_t s = snap(t, code, 0, 4);
  IrRef x = get_int(t, 0, s), y = d ? ir_const_int(t, d) : get_int(t, 3, s);
  IrRef q = ir_emit(t, IR_INT_FLOORDIV, x, y, 0), r = ir_emit(t, IR_INT_MOD, x, y, 0);
  ir_emit(t, IR_FRAME_SET, 1, ir_emit(t, IR_BOX_INT, q, 0, 0), 0);
  ir_emit(t, IR_FRAME_SET, 2, ir_emit(t, IR_BOX_INT, r, 0, 0), 0);
  ir_emit_k(t, IR_FINISH, IRK_VOID, (uint16_t)snap(t, code, 5, 4), 0, 0, 0);
  ck_assert_int_eq(ir_validate(t, NULL, 0), IR_S_OK);
}

static void py_divmod(int64_t x, int64_t d, int64_t *q, int64_t *r)
{
  *q = x / d;
  *r = x % d;
  if (*r && ((*r < 0) != (d < 0))) { *r += d; (*q)--; }
}

START_TEST(test_floor_division_and_modulo_as_python)
{
  static const int64_t xs[] = {0, 1, -1, 4, -4, 5, -5, 99, -99, 1000, -1000, 123456789, -987654321,
                               (INT64_C(1) << 62) - 1, -(INT64_C(1) << 62)};
  for (int64_t d = 0; d <= 100; d++) {
    if (d == 1) continue;
    IrTrace t, opt;
    divmod_trace(&t, d);
    Linked l = compile(&t, false, &opt);
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
      for (int64_t dv = d ? d : 1; dv <= (d ? d : 37); dv += 3) {
        uint64_t window[4] = {tag(xs[i]), 0, 0, tag(dv)};
        run(&l, window);
        int64_t q, r;
        py_divmod(xs[i], dv, &q, &r);
        ck_assert_msg(untag(window[1]) == q && untag(window[2]) == r, "%lld divmod %lld",
                      (long long)xs[i], (long long)dv);
      }
    unlink_blob(&l);
    ir_trace_free(&t);
    ir_trace_free(&opt);
  }
}
END_TEST

/* s = 0.0; while i < n: s += 0.5; i += 1   (slots: i, n, s); s leaves as a boxed float. */
START_TEST(test_float_accumulator_is_unboxed_and_boxed_at_the_exit)
{
  IrTrace t, opt;
  ir_trace_init(&t);
  memcpy(t.code_hash, HASH, 16);
  IrRef code = ir_const_code(&t, HASH, "f", "t.py", 1);
  ir_emit(&t, IR_LABEL, ir_const_args(&t, NULL, 0), 0, 0);
  uint32_t s = snap(&t, code, 0, 3);
  IrRef i = get_int(&t, 0, s), n = get_int(&t, 1, s);
  ir_guard(&t, IR_GUARD_TRUE, ir_emit(&t, IR_INT_LT, i, n, 0), 0, s);
  IrRef p = ir_emit_k(&t, IR_FRAME_GET, IRK_REF, 0, 2, 0, 0);
  ir_guard(&t, IR_GUARD_CLASS, p, ir_const_builtin_type(&t, "float"), s);
  IrRef f = ir_emit(&t, IR_FLOAT_ADD, ir_emit(&t, IR_UNBOX_FLOAT, p, 0, 0), ir_const_float(&t, 0.5), 0);
  ir_emit(&t, IR_FRAME_SET, 2, ir_emit(&t, IR_NEW_FLOAT, f, 0, 0), 0);
  IrRef i2 = ir_emit(&t, IR_INT_ADD_OVF, i, ir_const_int(&t, 1), 0);
  ir_guard(&t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  ir_emit(&t, IR_FRAME_SET, 0, ir_emit(&t, IR_BOX_INT, i2, 0, 0), 0);
  ir_guard(&t, IR_GUARD_NOT_INVALIDATED, 0, 0, snap(&t, code, 9, 3));
  ir_emit(&t, IR_JUMP, ir_const_args(&t, NULL, 0), 0, 0);
  Linked l = compile(&t, true, &opt);
  uint32_t label2 = 0;
  for (uint32_t j = 0; j < opt.nins; j++)
    if (opt.ins[j].op == IR_LABEL) label2 = j;
  for (uint32_t j = label2; j < opt.nins; j++) ck_assert_uint_ne(opt.ins[j].op, IR_NEW_FLOAT);
  uint64_t start = test_float_new(0.0);
  uint64_t window[3] = {tag(0), tag(1000), start};
  run(&l, window);
  ck_assert_int_eq(untag(window[0]), 1000);
  const TFloat *out = (const TFloat *)(uintptr_t)window[2];
  ck_assert_ptr_eq(out->h.type, &float_type);
  ck_assert(out->v == 500.0);
  unlink_blob(&l);
  ir_trace_free(&t);
  ir_trace_free(&opt);
}
END_TEST

START_TEST(test_gc_check_leaves_the_loop)
{
  IrTrace t, opt;
  count_loop(&t);
  Linked l = compile(&t, true, &opt);
  young = 10;
  limit = 5;
  uint64_t window[2] = {tag(0), tag(1000)};
  uint32_t k = run(&l, window);
  young = 0;
  limit = (size_t)-1;
  ck_assert_uint_eq(exit_op(&l, &opt, k), IR_GUARD_NOT_INVALIDATED);
  ck_assert_int_eq(untag(window[0]), 1); /* one iteration, then the safepoint */
  unlink_blob(&l);
  ir_trace_free(&t);
  ir_trace_free(&opt);
}
END_TEST

START_TEST(test_optimizer_refuses_what_it_does_not_know_cleanly)
{
  IrTrace t, opt;
  ir_trace_init(&t);
  memcpy(t.code_hash, HASH, 16);
  IrRef code = ir_const_code(&t, HASH, "f", "t.py", 1);
  ir_emit(&t, IR_LABEL, ir_const_args(&t, NULL, 0), 0, 0);
  ir_emit_k(&t, IR_FINISH, IRK_VOID, (uint16_t)snap(&t, code, 0, 1), 0, 0, 0);
  ir_trace_init(&opt);
  char err[256];
  ck_assert_int_eq(optimize_trace(&t, &opt, NULL, err, sizeof err), -1); /* no JUMP: not a loop */
  ck_assert_str_ne(err, "");
  ir_trace_free(&t);
  ir_trace_free(&opt);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("jit_pipeline");
  TCase *c = tcase_create("core");
  tcase_add_test(c, test_count_loop_runs_unoptimized_and_optimized);
  tcase_add_test(c, test_peeled_loop_has_no_boxes_or_frame_accesses);
  tcase_add_test(c, test_overflow_guard_leaves_at_the_tagged_edge);
  tcase_add_test(c, test_floor_division_and_modulo_as_python);
  tcase_add_test(c, test_float_accumulator_is_unboxed_and_boxed_at_the_exit);
  tcase_add_test(c, test_gc_check_leaves_the_loop);
  tcase_add_test(c, test_optimizer_refuses_what_it_does_not_know_cleanly);
  tcase_set_timeout(c, 120);
  suite_add_tcase(s, c);
  return s;
}

int main(void)
{
  SRunner *r = srunner_create(suite());
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
