/* test_codegen.c: the x86-64 code generator (x64_compile, compiler-server/x64_codegen.h), with
 * and without the optimizer (compiler-server/optimize.c) in front of it. Every blob is RUN.
 * Built twice (compiler-server/CMakeLists.txt): test_codegen with x64_codegen.c compiled in,
 * test_codegen_backend against pjs_backend's x64_backend*.c, which pypy-jitd links.
 *
 * A small linker here plays the worker (frontend/jit_link.c): it checks the bytes with
 * blob_check, maps them read+exec, allocates the blob's slots, points the exits at their own
 * tails (blob_link_defaults) and resolves each import by hand: helpers and variables by name to
 * test functions and test variables, None/True/False and types to static test objects (a float
 * box is {type, gcflags, aux, double} with type = &test_float_type). The entry is called on a
 * window of Values (small ints tagged (n << 1) | 1, floats as test boxes); a test checks which
 * exit left (BlobExit gives its instruction, BlobFrame its resume pc) and what the exit wrote
 * into the window. With Capstone, every blob's code must also decode completely.
 */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "blob.h"
#include "ir.h"
#include "optimize.h"
#include "trace_builders.h"
#include "x64_codegen.h"

#if defined(PJS_HAVE_CAPSTONE) && PJS_HAVE_CAPSTONE
#define HAVE_CS 1
#include <capstone/capstone.h>
#else
#define HAVE_CS 0
#endif

#define TAG_MIN (-(INT64_C(1) << 62))
#define TAG_MAX ((INT64_C(1) << 62) - 1)
#define WINDOW 64u
#define FLOAT_POOL 65536u

/* -- The test runtime: objects, helpers, variables ---------------------------------------------- */
typedef struct TestObj { void *type; uint32_t gcflags, aux; } TestObj;
typedef struct TestFloat { void *type; uint32_t gcflags, aux; double v; } TestFloat;

static TestObj test_float_type, test_other_type, test_true, test_false, test_none, test_code;
static TestFloat float_pool[FLOAT_POOL];
static uint32_t nfloats;
static size_t test_young, test_limit = 1u << 20;
static uint64_t wb_calls, wb_obj, wb_index;

static uint64_t tag(int64_t n) { return ((uint64_t)n << 1) | 1u; }
static int64_t untag(uint64_t v) { return (int64_t)v >> 1; }
static bool is_tagged(uint64_t v) { return (v & 1u) != 0; }

static uint64_t test_float_new(double v)
{
  TestFloat *f = &float_pool[nfloats++ % FLOAT_POOL];
  *f = (TestFloat){&test_float_type, 0, 0, v};
  return (uint64_t)(uintptr_t)f;
}

static const TestFloat *as_float(uint64_t v)
{
  ck_assert_msg(v && !is_tagged(v), "0x%llx is not an object", (unsigned long long)v);
  const TestFloat *f = (const TestFloat *)(uintptr_t)v;
  ck_assert_ptr_eq(f->type, &test_float_type);
  return f;
}

static bool same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Overwrites every caller-saved register a helper may clobber, so compiled code that kept a
   live value in one across a call reads garbage. */
__attribute__((noinline)) static void trash_caller_saved(void)
{
  __asm__ volatile("movq $0x5a5a5a5a5a5a5a5a, %%rcx\n\t"
                   "movq %%rcx, %%rdx\n\tmovq %%rcx, %%rsi\n\tmovq %%rcx, %%rdi\n\t"
                   "movq %%rcx, %%r8\n\tmovq %%rcx, %%r9\n\tmovq %%rcx, %%r10\n\tmovq %%rcx, %%r11\n\t"
                   "movq %%rcx, %%xmm0\n\tmovq %%rcx, %%xmm1\n\tmovq %%rcx, %%xmm2\n\tmovq %%rcx, %%xmm3\n\t"
                   "movq %%rcx, %%xmm4\n\tmovq %%rcx, %%xmm5\n\tmovq %%rcx, %%xmm6\n\tmovq %%rcx, %%xmm7\n\t"
                   "movq %%rcx, %%xmm8\n\tmovq %%rcx, %%xmm9\n\tmovq %%rcx, %%xmm10\n\tmovq %%rcx, %%xmm11\n\t"
                   "movq %%rcx, %%xmm12\n\tmovq %%rcx, %%xmm13\n\tmovq %%rcx, %%xmm14\n\tmovq %%rcx, %%xmm15\n\t"
                   ::: "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0", "xmm1", "xmm2", "xmm3",
                   "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                   "xmm14", "xmm15", "memory");
}

static void test_list_wb(uint64_t obj, int64_t i)
{
  wb_calls++;
  wb_obj = obj;
  wb_index = (uint64_t)i;
  trash_caller_saved();
}

static uint64_t gc_wb_calls, gc_wb_obj;

static void test_gc_wb(uint64_t obj)
{
  gc_wb_calls++;
  gc_wb_obj = obj;
  trash_caller_saved();
}

static double test_math_sin(double x)
{
  trash_caller_saved();
  return sin(x);
}

/* -- The test linker ---------------------------------------------------------------------------- */
typedef struct Linked { uint8_t *mem; size_t len; const BlobHeader *h; uint64_t *slots; } Linked;

static bool named(const Linked *l, const BlobImport *im, const char *name)
{
  const char *pool = (const char *)l->mem + l->h->strpool_off;
  return im->s0_len == strlen(name) && memcmp(pool + im->s0_off, name, im->s0_len) == 0;
}

static uint64_t resolve(const Linked *l, const BlobImport *im)
{
  if (im->what == BLOB_IMPORT_ADDR) {
    if (named(l, im, "float_new")) return (uint64_t)(uintptr_t)test_float_new;
    if (named(l, im, "gc_young_bytes")) return (uint64_t)(uintptr_t)&test_young;
    if (named(l, im, "gc_limit")) return (uint64_t)(uintptr_t)&test_limit;
    if (named(l, im, "list_wb")) return (uint64_t)(uintptr_t)test_list_wb;
    if (named(l, im, "math_sin")) return (uint64_t)(uintptr_t)test_math_sin;
    if (named(l, im, "gc_wb")) return (uint64_t)(uintptr_t)test_gc_wb;
    return 0;
  }
  if (im->what != BLOB_IMPORT_VALUE) return 0;
  switch (im->kind) {
  case IRC_TRUE: return (uint64_t)(uintptr_t)&test_true;
  case IRC_FALSE: return (uint64_t)(uintptr_t)&test_false;
  case IRC_NONE: return (uint64_t)(uintptr_t)&test_none;
  case IRC_SYM_TYPE: return (uint64_t)(uintptr_t)(im->sub == IR_TYPE_BUILTIN && named(l, im, "float") ? &test_float_type : &test_other_type);
  case IRC_SYM_CODE: return (uint64_t)(uintptr_t)&test_code;
  default: return 0;
  }
}

static void assert_code_decodes(const Linked *l)
{
#if HAVE_CS
  csh cs;
  ck_assert_int_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
  cs_insn *insn = cs_malloc(cs);
  const uint8_t *p = l->mem + l->h->code_off;
  size_t left = l->h->code_len;
  uint64_t addr = 0;
  while (left && cs_disasm_iter(cs, &p, &left, &addr, insn)) {}
  cs_free(insn, 1);
  cs_close(&cs);
  ck_assert_msg(left == 0, "code does not decode at offset %llu of %u", (unsigned long long)addr, l->h->code_len);
#else
  (void)l;
#endif
}

/* The imports must start at the code's end rounded up to 8 (blob_check). A code generator that
   rounds to 4 fails test_codegen_blobs_pass_blob_check_as_compiled; so that every other test
   still runs its code, the linker moves such a blob's tables 4 bytes up first (malloc'd). */
static uint8_t *realigned(const uint8_t *bytes, size_t *len)
{
  BlobHeader h = {0};
  if (*len >= sizeof h) memcpy(&h, bytes, sizeof h);
  uint32_t want = (h.code_off + h.code_len + 7u) & ~7u;
  uint8_t *copy = malloc(*len + 8);
  ck_assert_ptr_nonnull(copy);
  if (*len < sizeof h || h.imports_off != ((h.code_off + h.code_len + 3u) & ~3u) || h.imports_off == want ||
      h.imports_off > *len) {
    memcpy(copy, bytes, *len);
    return copy;
  }
  uint32_t delta = want - h.imports_off;
  memcpy(copy, bytes, h.imports_off);
  memset(copy + h.imports_off, 0, delta);
  memcpy(copy + want, bytes + h.imports_off, *len - h.imports_off);
  h.imports_off += delta;
  h.exits_off += delta;
  h.frames_off += delta;
  h.strpool_off += delta;
  memcpy(copy, &h, sizeof h);
  *len += delta;
  return copy;
}

static void link_blob(Linked *l, const uint8_t *raw, size_t len)
{
  char err[256];
  uint8_t *bytes = realigned(raw, &len);
  ck_assert_msg(blob_check(bytes, len, err, sizeof err), "blob_check: %s", err);
  l->len = len;
  l->mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ck_assert_ptr_ne(l->mem, MAP_FAILED);
  memcpy(l->mem, bytes, len);
  ck_assert_int_eq(mprotect(l->mem, len, PROT_READ | PROT_EXEC), 0);
  l->h = (const BlobHeader *)l->mem;
  l->slots = calloc(BLOB_NSLOTS(l->h), sizeof *l->slots);
  ck_assert_ptr_nonnull(l->slots);
  blob_link_defaults(l->h, l->mem, l->slots);
  const BlobImport *im = (const BlobImport *)(l->mem + l->h->imports_off);
  for (uint32_t i = 0; i < l->h->nimports; i++) {
    l->slots[i] = resolve(l, &im[i]);
    ck_assert_msg(l->slots[i] != 0, "import %u (what %u, kind %u) does not resolve", i, im[i].what, im[i].kind);
  }
  assert_code_decodes(l);
  free(bytes);
}

static void unlink_blob(Linked *l)
{
  munmap(l->mem, l->len);
  free(l->slots);
}

/* A bridge's exit k of loop goes to bridge; the bridge's JUMP goes back to the loop. */
static void link_bridge(Linked *loop, uint32_t k, Linked *bridge)
{
  loop->slots[BLOB_EXIT_SLOT(loop->h, k)] = (uint64_t)(uintptr_t)(bridge->mem + bridge->h->code_off + bridge->h->entry_off);
  loop->slots[BLOB_EXIT_SLOT(loop->h, k) + 1] = (uint64_t)(uintptr_t)bridge->slots;
  bridge->slots[BLOB_LOOP_SLOT(bridge->h)] = (uint64_t)(uintptr_t)(loop->mem + loop->h->code_off + loop->h->loop_off);
  bridge->slots[BLOB_LOOP_SLOT(bridge->h) + 1] = (uint64_t)(uintptr_t)loop->slots;
}

static BlobResult enter(const Linked *l, uint64_t *window)
{
  BlobEntryFn fn = (BlobEntryFn)(uintptr_t)(l->mem + l->h->code_off + l->h->entry_off);
  return fn(window, l->slots);
}

static const BlobExit *blob_exit(const Linked *l, uint64_t k)
{
  ck_assert_uint_lt(k, l->h->nexits);
  return (const BlobExit *)(l->mem + l->h->exits_off) + k;
}

/* The pc the exit resumes the loop's own frame at. */
static uint32_t exit_pc(const Linked *l, uint64_t k)
{
  const BlobFrame *fr = (const BlobFrame *)(l->mem + l->h->frames_off);
  return fr[blob_exit(l, k)->frame_start].pc;
}

/* A trace compiled (after the optimizer when asked) and linked; t is what was compiled. */
typedef struct Compiled { IrTrace opt; const IrTrace *t; Linked l; } Compiled;

static void compile(const IrTrace *in, bool optimize, Compiled *c)
{
  char err[256] = "";
  ir_trace_init(&c->opt);
  c->t = in;
  if (optimize) {
    ck_assert_msg(optimize_trace(in, &c->opt, NULL, err, sizeof err) == 0, "optimize_trace: %s", err);
    c->t = &c->opt;
  }
  uint8_t *bytes = NULL;
  size_t len = 0;
  ck_assert_msg(x64_compile(c->t, &bytes, &len, err, sizeof err) == 0, "x64_compile: %s", err);
  link_blob(&c->l, bytes, len);
  free(bytes);
}

static void release(Compiled *c)
{
  unlink_blob(&c->l);
  ir_trace_free(&c->opt);
}

/* Runs c on window; returns the exit taken, after checking it belongs to c. */
static uint64_t run(const Compiled *c, uint64_t *window)
{
  BlobResult r = enter(&c->l, window);
  ck_assert_ptr_eq(r.slots, c->l.slots);
  ck_assert_uint_lt(r.exit, c->l.h->nexits);
  return r.exit;
}

static IrOp exit_op(const Compiled *c, uint64_t k) { return (IrOp)c->t->ins[blob_exit(&c->l, k)->ir_index].op; }

/* -- Traces in the recorder's shape (trace_builders.h), and their other end ---------------------- */

/* Leaves with the locals as they are and the stack values given written above them. */
static void trace_finish(IrTrace *t, uint32_t pc, uint32_t nlocals, uint32_t nstack, const IrRef *stack)
{
  ir_emit_k(t, IR_FINISH, IRK_VOID, (uint16_t)snap(t, pc, nlocals, nstack, stack), 0, 0, 0);
  assert_valid(t);
}

static IrRef local_int(IrTrace *t, uint32_t slot, uint32_t pc, uint32_t nlocals)
{
  return unbox_int(t, local(t, slot, pc, nlocals), snap(t, pc, nlocals, 0, NULL));
}

static IrRef local_float(IrTrace *t, uint32_t slot, uint32_t pc, uint32_t nlocals)
{
  IrRef p = local(t, slot, pc, nlocals);
  ir_guard(t, IR_GUARD_CLASS, p, ir_const_builtin_type(t, "float"), snap(t, pc, nlocals, 0, NULL));
  return ir_emit(t, IR_UNBOX_FLOAT, p, 0, 0);
}

static void store_int(IrTrace *t, uint32_t slot, IrRef v) { ir_emit(t, IR_FRAME_SET, slot, ir_emit(t, IR_BOX_INT, v, 0, 0), 0); }

/* x op= k as the recorder does it: the snapshot has the operands on the stack. */
static IrRef ovf_op(IrTrace *t, IrOp op, IrRef x, IrRef k, uint32_t pc, uint32_t nlocals)
{
  IrRef st[2] = {x, k};
  uint32_t s = snap(t, pc, nlocals, 2, st);
  IrRef r = ir_emit(t, op, x, k, 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  return r;
}

/* -- A counting loop ------------------------------------------------------------------------------- */
/* while i < n: i += 1      locals i, n */
enum { PC_TEST = 4, PC_ADD = 8, PC_BACK = 12, PC_BRIDGE = 40 };

static void build_count(IrTrace *t, IrOp add, int64_t k, bool bounded)
{
  trace_begin(t, false);
  IrRef i = local_int(t, 0, 2, 2);
  if (bounded) {
    IrRef n = local_int(t, 1, 2, 2);
    ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, i, n, 0), 0, snap(t, PC_TEST, 2, 0, NULL));
  }
  store_int(t, 0, ovf_op(t, add, i, add == IR_INT_MUL_OVF && k == 0 ? i : ir_const_int(t, k), PC_ADD, 2));
  trace_end(t, PC_BACK, 2);
}

START_TEST(test_codegen_counting_loop_exits_on_its_guard)
{
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    build_count(&t, IR_INT_ADD_OVF, 1, true);
    compile(&t, opt, &c);
    uint64_t w[WINDOW] = {tag(0), tag(1000000)};
    uint64_t k = run(&c, w);
    ck_assert_int_eq(exit_op(&c, k), IR_GUARD_TRUE);
    ck_assert_uint_eq(exit_pc(&c.l, k), PC_TEST);
    ck_assert_msg(w[0] == tag(1000000), "opt %d: i = %lld", opt, (long long)untag(w[0]));
    ck_assert_uint_eq(w[1], tag(1000000));
    /* Already past the bound: the first test leaves. */
    uint64_t w2[WINDOW] = {tag(5), tag(-3)};
    ck_assert_int_eq(exit_op(&c, run(&c, w2)), IR_GUARD_TRUE);
    ck_assert_uint_eq(w2[0], tag(5));
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

START_TEST(test_codegen_optimized_counting_loop_exits_from_the_loop_proper)
{
  IrTrace t;
  Compiled c;
  build_count(&t, IR_INT_ADD_OVF, 1, true);
  compile(&t, true, &c);
  uint32_t l2 = 1;
  while (l2 < c.t->nins && c.t->ins[l2].op != IR_LABEL) l2++;
  ck_assert_uint_lt(l2, c.t->nins);
  uint64_t w[WINDOW] = {tag(-7), tag(100)};
  uint64_t k = run(&c, w);
  ck_assert_uint_gt(blob_exit(&c.l, k)->ir_index, l2);
  ck_assert_uint_eq(w[0], tag(100));
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* -- Overflow ------------------------------------------------------------------------------------- */

static void assert_overflow_exit(IrOp op, int64_t k, int64_t start, int64_t last)
{
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    build_count(&t, op, k, false);
    compile(&t, opt, &c);
    uint64_t w[WINDOW] = {tag(start), tag(0), tag(77), tag(77)};
    uint64_t e = run(&c, w);
    ck_assert_msg(exit_op(&c, e) == IR_GUARD_NO_OVERFLOW, "%s opt %d: left at %s", ir_op_name[op], opt,
                  ir_op_name[exit_op(&c, e)]);
    ck_assert_uint_eq(exit_pc(&c.l, e), PC_ADD);
    /* The window holds the last good value, and the operands on the stack. */
    ck_assert_msg(w[0] == tag(last), "%s opt %d: i = %lld", ir_op_name[op], opt, (long long)untag(w[0]));
    ck_assert_uint_eq(w[2], tag(last));
    ck_assert_uint_eq(w[3], k ? tag(k) : tag(last));
    release(&c);
    ir_trace_free(&t);
  }
}

START_TEST(test_codegen_add_ovf_at_the_tagged_edge_exits_with_its_operands)
{
  assert_overflow_exit(IR_INT_ADD_OVF, 1, TAG_MAX - 3, TAG_MAX);
  assert_overflow_exit(IR_INT_ADD_OVF, 1, TAG_MAX, TAG_MAX);
}
END_TEST

START_TEST(test_codegen_sub_ovf_at_the_tagged_edge_exits_with_its_operands)
{
  assert_overflow_exit(IR_INT_SUB_OVF, 1, TAG_MIN + 5, TAG_MIN);
}
END_TEST

START_TEST(test_codegen_mul_ovf_exits_on_tagged_and_on_64_bit_overflow)
{
  assert_overflow_exit(IR_INT_MUL_OVF, 2, 1, INT64_C(1) << 61);
  assert_overflow_exit(IR_INT_MUL_OVF, -2, 1, -(INT64_C(1) << 61)); /* (-2)^62 = 2^62 is not small */
  assert_overflow_exit(IR_INT_MUL_OVF, 0, 3, INT64_C(1853020188851841)); /* i *= i: 3^32 overflows 64 bits */
}
END_TEST

/* -- Python's // and % ---------------------------------------------------------------------------- */

static int64_t py_floordiv(int64_t x, int64_t d)
{
  int64_t q = x / d;
  if (x % d != 0 && ((x < 0) != (d < 0))) q--;
  return q;
}

static int64_t py_mod(int64_t x, int64_t d)
{
  int64_t r = x % d;
  if (r != 0 && ((r < 0) != (d < 0))) r += d;
  return r;
}

/* q = x // d; r = x % d, left in slots 2 and 3. d is a constant, or local 1 when by_const is 0. */
static void build_divmod(IrTrace *t, int64_t by_const)
{
  trace_begin(t, false);
  IrRef x = local_int(t, 0, 2, 2);
  IrRef d = by_const ? ir_const_int(t, by_const) : local_int(t, 1, 2, 2);
  if (!by_const) ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GT, d, ir_const_int(t, 0), 0), 0, snap(t, 3, 2, 0, NULL));
  IrRef qr[2] = {ir_emit(t, IR_INT_FLOORDIV, x, d, 0), ir_emit(t, IR_INT_MOD, x, d, 0)};
  trace_finish(t, 6, 2, 2, qr);
}

static const int64_t EDGES[] = {TAG_MIN, TAG_MIN + 1, TAG_MIN + 2, TAG_MIN + 99, TAG_MAX, TAG_MAX - 1, TAG_MAX - 2,
                                TAG_MAX - 99, -(INT64_C(1) << 32), (INT64_C(1) << 32) + 1, INT32_MIN, INT32_MAX,
                                -(INT64_C(1) << 61) - 1, (INT64_C(1) << 61) + 3};
#define NEDGES (sizeof EDGES / sizeof EDGES[0])

static void assert_divmod(const Compiled *c, int64_t x, int64_t d)
{
  uint64_t w[WINDOW] = {tag(x), tag(d)};
  uint64_t k = run(c, w);
  ck_assert_int_eq(exit_op(c, k), IR_FINISH);
  ck_assert_msg(w[2] == tag(py_floordiv(x, d)) && w[3] == tag(py_mod(x, d)),
                "%lld // %lld = %lld (want %lld), %% = %lld (want %lld)", (long long)x, (long long)d,
                (long long)untag(w[2]), (long long)py_floordiv(x, d), (long long)untag(w[3]), (long long)py_mod(x, d));
}

START_TEST(test_codegen_floordiv_and_mod_by_constants_match_python)
{
  for (int64_t d = 1; d <= 100; d++) {
    IrTrace t;
    Compiled c;
    build_divmod(&t, d);
    compile(&t, false, &c);
    for (int64_t x = -1000; x <= 1000; x++) assert_divmod(&c, x, d);
    for (size_t j = 0; j < NEDGES; j++) assert_divmod(&c, EDGES[j], d);
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

START_TEST(test_codegen_floordiv_and_mod_by_large_constants_match_python)
{
  static const int64_t divisors[] = {101, 127, 641, 1000, 65537, 1000003, INT32_MAX, (INT64_C(1) << 31) + 1,
                                     INT64_C(1) << 40, TAG_MAX};
  for (size_t j = 0; j < sizeof divisors / sizeof divisors[0]; j++) {
    IrTrace t;
    Compiled c;
    build_divmod(&t, divisors[j]);
    compile(&t, false, &c);
    for (int64_t x = -1000; x <= 1000; x += 7) assert_divmod(&c, x, divisors[j]);
    for (size_t e = 0; e < NEDGES; e++) assert_divmod(&c, EDGES[e], divisors[j]);
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

START_TEST(test_codegen_floordiv_and_mod_by_variables_match_python)
{
  IrTrace t;
  Compiled c;
  build_divmod(&t, 0);
  compile(&t, false, &c);
  static const int64_t big[] = {1000003, INT64_C(1) << 40, TAG_MAX, TAG_MAX - 1};
  for (int64_t d = 1; d <= 100; d++) {
    for (int64_t x = -1000; x <= 1000; x++) assert_divmod(&c, x, d);
    for (size_t j = 0; j < NEDGES; j++) assert_divmod(&c, EDGES[j], d);
  }
  for (size_t b = 0; b < sizeof big / sizeof big[0]; b++)
    for (size_t j = 0; j < NEDGES; j++) assert_divmod(&c, EDGES[j], big[b]);
  /* A divisor that is not positive fails the guard the recorder puts before it. */
  uint64_t w[WINDOW] = {tag(7), tag(0)};
  ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_GUARD_TRUE);
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* -- Floats ------------------------------------------------------------------------------------------ */

START_TEST(test_codegen_float_arithmetic_boxes_its_results)
{
  static const double pairs[][2] = {{1.5, 2.25}, {-3.0, 0.5}, {1e300, 1e10}, {-0.0, 4.0}, {7.0, 3.0}};
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef a = local_float(&t, 0, 2, 2), b = local_float(&t, 1, 2, 2);
  IrRef r[8] = {
    ir_emit(&t, IR_FLOAT_ADD, a, b, 0), ir_emit(&t, IR_FLOAT_SUB, a, b, 0), ir_emit(&t, IR_FLOAT_MUL, a, b, 0),
    ir_emit(&t, IR_FLOAT_TRUEDIV, a, b, 0), ir_emit(&t, IR_FLOAT_NEG, a, 0, 0), ir_emit(&t, IR_FLOAT_ABS, a, 0, 0),
    ir_emit(&t, IR_FLOAT_SQRT, ir_emit(&t, IR_FLOAT_ABS, b, 0, 0), 0, 0),
    ir_emit(&t, IR_FLOAT_ADD, ir_emit(&t, IR_CAST_INT_TO_FLOAT, ir_const_int(&t, 3), 0, 0), a, 0)};
  trace_finish(&t, 6, 2, 8, r);
  compile(&t, false, &c);
  for (size_t j = 0; j < sizeof pairs / sizeof pairs[0]; j++) {
    double x = pairs[j][0], y = pairs[j][1];
    uint64_t w[WINDOW] = {test_float_new(x), test_float_new(y)};
    ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
    double want[8] = {x + y, x - y, x * y, x / y, -x, fabs(x), sqrt(fabs(y)), 3.0 + x};
    for (int k = 0; k < 8; k++)
      ck_assert_msg(same_double(as_float(w[2 + k])->v, want[k]), "pair %zu result %d: %g, want %g", j, k,
                    as_float(w[2 + k])->v, want[k]);
  }
  release(&c);
  ir_trace_free(&t);
}
END_TEST

static const IrOp FLOAT_CMPS[] = {IR_FLOAT_LT, IR_FLOAT_LE, IR_FLOAT_EQ, IR_FLOAT_NE, IR_FLOAT_GT, IR_FLOAT_GE};

static bool c_compare(IrOp op, double x, double y)
{
  switch (op) {
  case IR_FLOAT_LT: return x < y;
  case IR_FLOAT_LE: return x <= y;
  case IR_FLOAT_EQ: return x == y;
  case IR_FLOAT_NE: return x != y;
  case IR_FLOAT_GT: return x > y;
  default: return x >= y;
  }
}

/* c = a op b; GUARD_TRUE/FALSE(c) (the bool also in the guard's snapshot when in_snap); FINISH. */
static void build_float_cmp(IrTrace *t, IrOp op, IrOp guard, bool in_snap)
{
  trace_begin(t, false);
  IrRef a = local_float(t, 0, 2, 2), b = local_float(t, 1, 2, 2);
  IrRef c = ir_emit(t, op, a, b, 0);
  ir_guard(t, guard, c, 0, snap(t, 4, 2, in_snap ? 1 : 0, &c));
  trace_finish(t, 8, 2, 0, NULL);
}

START_TEST(test_codegen_float_comparisons_with_nan_guard_as_python_compares)
{
  static const double pairs[][2] = {{1.0, 2.0}, {2.0, 1.0}, {1.0, 1.0}, {NAN, 1.0}, {1.0, NAN}, {NAN, NAN},
                                    {-0.0, 0.0}, {INFINITY, INFINITY}, {-INFINITY, 1.0}};
  for (size_t o = 0; o < 6; o++)
    for (int g = 0; g < 2; g++)
      for (int in_snap = 0; in_snap < 2; in_snap++) {
        IrOp op = FLOAT_CMPS[o], guard = g ? IR_GUARD_TRUE : IR_GUARD_FALSE;
        IrTrace t;
        Compiled c;
        build_float_cmp(&t, op, guard, in_snap);
        compile(&t, false, &c);
        for (size_t j = 0; j < sizeof pairs / sizeof pairs[0]; j++) {
          double x = pairs[j][0], y = pairs[j][1];
          uint64_t w[WINDOW] = {test_float_new(x), test_float_new(y), 0};
          uint64_t k = run(&c, w);
          bool holds = c_compare(op, x, y) == (guard == IR_GUARD_TRUE);
          ck_assert_msg(exit_pc(&c.l, k) == (holds ? 8u : 4u), "%s(%g, %g) under %s%s: left at pc %u",
                        ir_op_name[op], x, y, ir_op_name[guard], in_snap ? " (in snapshot)" : "", exit_pc(&c.l, k));
          if (!holds && in_snap)
            ck_assert_ptr_eq((void *)(uintptr_t)w[2], c_compare(op, x, y) ? (void *)&test_true : (void *)&test_false);
        }
        release(&c);
        ir_trace_free(&t);
      }
}
END_TEST

/* -- What exits write ---------------------------------------------------------------------------------- */

START_TEST(test_codegen_exit_boxes_floats_and_writes_bools_as_true_false)
{
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef f = local_float(&t, 0, 2, 2);
  IrRef i = local_int(&t, 1, 2, 2);
  IrRef st[6] = {ir_emit(&t, IR_FLOAT_MUL, f, ir_const_float(&t, 4.0), 0),
                 ir_emit(&t, IR_INT_LT, i, ir_const_int(&t, 100), 0),
                 ir_emit(&t, IR_INT_GT, i, ir_const_int(&t, 100), 0),
                 ir_const_float(&t, 2.5),
                 ir_emit(&t, IR_INT_SUB, i, ir_const_int(&t, 50), 0),
                 ir_const_none(&t)};
  trace_finish(&t, 6, 2, 6, st);
  compile(&t, false, &c);
  uint64_t w[WINDOW] = {test_float_new(-1.25), tag(42)};
  ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
  ck_assert(same_double(as_float(w[2])->v, -5.0));
  ck_assert_ptr_eq((void *)(uintptr_t)w[3], &test_true);
  ck_assert_ptr_eq((void *)(uintptr_t)w[4], &test_false);
  ck_assert(same_double(as_float(w[5])->v, 2.5));
  ck_assert_uint_eq(w[6], tag(-8));
  ck_assert_ptr_eq((void *)(uintptr_t)w[7], &test_none);
  ck_assert(same_double(as_float(w[0])->v, -1.25)); /* unchanged */
  release(&c);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_codegen_exit_writes_every_frame_of_its_snapshot)
{
  /* An inlined call: the caller's frame (3 slots, resuming after its call) and the callee's
     (2 slots) at window slot 3. */
  static const uint8_t callee_hash[16] = {0xca, 0x11, 0xee};
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef x = local_int(&t, 0, 2, 3);
  IrRef f = ir_emit(&t, IR_CAST_INT_TO_FLOAT, x, 0, 0);
  IrRef x1 = ir_emit(&t, IR_INT_ADD, x, ir_const_int(&t, 1), 0), xx = ir_emit(&t, IR_INT_MUL, x, x, 0);
  IrRef caller = code_of(&t), callee = ir_const_code(&t, callee_hash, "g", "test.py", 9);
  uint32_t s = ir_snapshot_begin(&t);
  ir_snapshot_frame(&t, caller, 11, 3);
  ir_snapshot_entry(&t, IR_SNAP_UNCHANGED);
  ir_snapshot_entry(&t, IR_SNAP_DEAD);
  ir_snapshot_entry(&t, x1);
  ir_snapshot_frame(&t, callee, 4, 2);
  ir_snapshot_entry(&t, xx);
  ir_snapshot_entry(&t, f);
  ck_assert_int_eq(ir_snapshot_end(&t), IR_S_OK);
  ir_emit_k(&t, IR_FINISH, IRK_VOID, (uint16_t)s, 0, 0, 0);
  assert_valid(&t);
  compile(&t, false, &c);
  uint64_t w[WINDOW] = {tag(6), tag(99), tag(99), tag(99), tag(99)};
  uint64_t k = run(&c, w);
  const BlobExit *ex = blob_exit(&c.l, k);
  ck_assert_uint_eq(ex->nframes, 2);
  const BlobFrame *fr = (const BlobFrame *)(c.l.mem + c.l.h->frames_off) + ex->frame_start;
  ck_assert_uint_eq(fr[0].pc, 11);
  ck_assert_uint_eq(fr[0].base, 0);
  ck_assert_uint_eq(fr[0].nslots, 3);
  ck_assert_mem_eq(fr[0].code_hash, TRACE_HASH, 16);
  ck_assert_uint_eq(fr[1].pc, 4);
  ck_assert_uint_eq(fr[1].base, 3);
  ck_assert_uint_eq(fr[1].nslots, 2);
  ck_assert_mem_eq(fr[1].code_hash, callee_hash, 16);
  ck_assert_uint_eq(w[0], tag(6));
  ck_assert_uint_eq(w[1], 0); /* dead: NULL */
  ck_assert_uint_eq(w[2], tag(7));
  ck_assert_uint_eq(w[3], tag(36));
  ck_assert(same_double(as_float(w[4])->v, 6.0));
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* while i < n: total += 0.5; i += 1      locals total, i, n */
static void build_float_loop(IrTrace *t)
{
  trace_begin(t, false);
  IrRef total = local_float(t, 0, 2, 3);
  ir_emit(t, IR_FRAME_SET, 0, ir_emit(t, IR_NEW_FLOAT, ir_emit(t, IR_FLOAT_ADD, total, ir_const_float(t, 0.5), 0), 0, 0), 0);
  IrRef i = local_int(t, 1, 4, 3), n = local_int(t, 2, 4, 3);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, i, n, 0), 0, snap(t, 4, 3, 0, NULL));
  store_int(t, 1, ovf_op(t, IR_INT_ADD_OVF, i, ir_const_int(t, 1), 6, 3));
  trace_end(t, 8, 3);
}

START_TEST(test_codegen_float_loop_exit_boxes_the_accumulator)
{
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    build_float_loop(&t);
    compile(&t, opt, &c);
    uint64_t w[WINDOW] = {test_float_new(1.0), tag(0), tag(1000)};
    uint64_t k = run(&c, w);
    ck_assert_int_eq(exit_op(&c, k), IR_GUARD_TRUE);
    /* The exit is at i < n, after this iteration's total += 0.5. */
    ck_assert_uint_eq(w[1], tag(1000));
    ck_assert_msg(same_double(as_float(w[0])->v, 1.0 + 0.5 * 1001), "opt %d: total %g", opt, as_float(w[0])->v);
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

START_TEST(test_codegen_guard_not_invalidated_exits_when_a_collection_is_due)
{
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    build_count(&t, IR_INT_ADD_OVF, 1, true);
    compile(&t, opt, &c);
    test_young = 1000;
    test_limit = 999;
    uint64_t w[WINDOW] = {tag(0), tag(50)};
    uint64_t k = run(&c, w);
    ck_assert_int_eq(exit_op(&c, k), IR_GUARD_NOT_INVALIDATED);
    ck_assert_uint_eq(exit_pc(&c.l, k), PC_BACK);
    ck_assert_uint_eq(w[0], tag(1)); /* one iteration done */
    test_limit = 1000; /* young == limit: no collection due */
    k = run(&c, w);
    ck_assert_int_eq(exit_op(&c, k), IR_GUARD_TRUE);
    ck_assert_uint_eq(w[0], tag(50));
    test_young = 0;
    test_limit = 1u << 20;
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

/* -- Calls ------------------------------------------------------------------------------------------------- */

START_TEST(test_codegen_call_keeps_values_live_across_it)
{
  enum { NV = 10 };
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef obj = local(&t, 0, 2, 3);
  IrRef x = local_int(&t, 1, 2, 3);
  IrRef f = local_float(&t, 2, 2, 3);
  IrRef v[NV];
  for (int j = 0; j < NV; j++) v[j] = ir_emit(&t, IR_INT_MUL, x, ir_const_int(&t, j + 2), 0);
  IrRef g = ir_emit(&t, IR_FLOAT_MUL, f, ir_const_float(&t, 3.0), 0);
  ir_emit_k(&t, IR_CALL, IRK_VOID, 0, ir_const_helper(&t, "list_wb"), obj, v[3]);
  IrRef s = ir_emit_k(&t, IR_CALL, IRK_FLOAT, 0, ir_const_helper(&t, "math_sin"), g, IR_NOREF);
  IrRef sum = v[0];
  for (int j = 1; j < NV; j++) sum = ir_emit(&t, IR_INT_ADD, sum, v[j], 0);
  IrRef st[5] = {sum, ir_emit(&t, IR_FLOAT_ADD, g, s, 0), x, v[NV - 1], g};
  trace_finish(&t, 6, 3, 5, st);
  compile(&t, false, &c);
  TestObj target = {&test_other_type, 0, 0};
  uint64_t w[WINDOW] = {(uint64_t)(uintptr_t)&target, tag(7), test_float_new(0.25)};
  wb_calls = 0;
  ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
  ck_assert_uint_eq(wb_calls, 1);
  ck_assert_uint_eq(wb_obj, (uint64_t)(uintptr_t)&target);
  ck_assert_uint_eq(wb_index, 7 * 5);
  int64_t want = 0;
  for (int j = 0; j < NV; j++) want += 7 * (j + 2);
  ck_assert_int_eq(untag(w[3]), want);
  ck_assert(same_double(as_float(w[4])->v, 0.75 + sin(0.75)));
  ck_assert_uint_eq(w[5], tag(7));
  ck_assert_uint_eq(w[6], tag(7 * (NV + 1)));
  ck_assert(same_double(as_float(w[7])->v, 0.75));
  release(&c);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_codegen_call_in_an_optimized_loop_keeps_the_loop_variables)
{
  /* while i < n: list_wb(obj, i); i += 1      locals i, n, obj */
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef i = local_int(&t, 0, 2, 3), n = local_int(&t, 1, 2, 3);
  ir_guard(&t, IR_GUARD_TRUE, ir_emit(&t, IR_INT_LT, i, n, 0), 0, snap(&t, PC_TEST, 3, 0, NULL));
  IrRef obj = local(&t, 2, 6, 3);
  ir_emit_k(&t, IR_CALL, IRK_VOID, 0, ir_const_helper(&t, "list_wb"), obj, i);
  store_int(&t, 0, ovf_op(&t, IR_INT_ADD_OVF, i, ir_const_int(&t, 1), PC_ADD, 3));
  trace_end(&t, PC_BACK, 3);
  compile(&t, true, &c);
  TestObj target = {&test_other_type, 0, 0};
  uint64_t w[WINDOW] = {tag(0), tag(1000), (uint64_t)(uintptr_t)&target};
  wb_calls = 0;
  ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_GUARD_TRUE);
  ck_assert_uint_eq(w[0], tag(1000));
  ck_assert_uint_eq(wb_calls, 1000);
  ck_assert_uint_eq(wb_index, 999);
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* -- Bridges ------------------------------------------------------------------------------------------------- */

/* At the loop's exit i >= n: if n < 5000: n += 1000 and back into the loop, else leave. */
static void build_bridge(IrTrace *t)
{
  trace_begin(t, true);
  IrRef n = local_int(t, 1, PC_TEST, 2);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, n, ir_const_int(t, 5000), 0), 0, snap(t, PC_BRIDGE, 2, 0, NULL));
  store_int(t, 1, ovf_op(t, IR_INT_ADD_OVF, n, ir_const_int(t, 1000), PC_BRIDGE + 2, 2));
  trace_end(t, PC_BACK, 2);
}

START_TEST(test_codegen_bridge_on_a_loop_exit_jumps_back_into_the_loop)
{
  for (int opt = 0; opt < 4; opt++) {
    IrTrace lt, bt;
    Compiled loop, bridge;
    build_count(&lt, IR_INT_ADD_OVF, 1, true);
    build_bridge(&bt);
    compile(&lt, opt & 1, &loop);
    compile(&bt, (opt & 2) != 0, &bridge);
    ck_assert(bridge.l.h->flags & BLOB_F_BRIDGE);
    uint32_t linked = 0;
    for (uint32_t k = 0; k < loop.l.h->nexits; k++)
      if (exit_op(&loop, k) == IR_GUARD_TRUE && exit_pc(&loop.l, k) == PC_TEST) {
        link_bridge(&loop.l, k, &bridge.l);
        linked++;
      }
    ck_assert_uint_ge(linked, 1);
    uint64_t w[WINDOW] = {tag(0), tag(1000)};
    BlobResult r = enter(&loop.l, w);
    /* Four times round the bridge, then its own guard leaves from the bridge's blob. */
    ck_assert_msg(r.slots == bridge.l.slots, "mode %d: left from the loop, exit %llu", opt, (unsigned long long)r.exit);
    ck_assert_int_eq(exit_op(&bridge, r.exit), IR_GUARD_TRUE);
    ck_assert_uint_eq(exit_pc(&bridge.l, r.exit), PC_BRIDGE);
    ck_assert_msg(w[0] == tag(5000) && w[1] == tag(5000), "mode %d: i %lld n %lld", opt, (long long)untag(w[0]),
                  (long long)untag(w[1]));
    release(&loop);
    release(&bridge);
    ir_trace_free(&lt);
    ir_trace_free(&bt);
  }
}
END_TEST

/* -- Integer ops, memory, guards on objects --------------------------------------------------------------- */

START_TEST(test_codegen_int_ops_match_c)
{
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef x = local_int(&t, 0, 2, 3), y = local_int(&t, 1, 2, 3), sh = local_int(&t, 2, 2, 3);
  IrRef r[18] = {ir_emit(&t, IR_INT_ADD, x, y, 0), ir_emit(&t, IR_INT_SUB, x, y, 0), ir_emit(&t, IR_INT_MUL, x, y, 0),
                 ir_emit(&t, IR_INT_AND, x, y, 0), ir_emit(&t, IR_INT_OR, x, y, 0), ir_emit(&t, IR_INT_XOR, x, y, 0),
                 ir_emit(&t, IR_INT_LSHIFT, x, ir_const_int(&t, 3), 0), ir_emit(&t, IR_INT_RSHIFT, x, sh, 0),
                 ir_emit(&t, IR_INT_NEG, x, 0, 0), ir_emit(&t, IR_INT_INVERT, y, 0, 0),
                 ir_emit(&t, IR_INT_LT, x, y, 0), ir_emit(&t, IR_INT_LE, x, y, 0), ir_emit(&t, IR_INT_EQ, x, y, 0),
                 ir_emit(&t, IR_INT_NE, x, y, 0), ir_emit(&t, IR_INT_GT, x, y, 0), ir_emit(&t, IR_INT_GE, x, y, 0),
                 ir_emit(&t, IR_INT_IS_TRUE, x, 0, 0),
                 ir_emit(&t, IR_CAST_FLOAT_TO_INT, ir_emit(&t, IR_FLOAT_MUL, ir_emit(&t, IR_CAST_INT_TO_FLOAT, x, 0, 0),
                                                             ir_const_float(&t, 2.5), 0), 0, 0)};
  trace_finish(&t, 6, 3, 18, r);
  compile(&t, false, &c);
  static const int64_t vals[] = {0, 1, -1, 7, -7, 12345, -99999, 1 << 29, -(1 << 29) + 3};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
    for (size_t j = 0; j < sizeof vals / sizeof vals[0]; j++) {
      int64_t a = vals[i], b = vals[j], s = (int64_t)((i + j) % 40);
      uint64_t w[WINDOW] = {tag(a), tag(b), tag(s)};
      ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
      int64_t want[7] = {a + b, a - b, a * b, a & b, a | b, a ^ b, a * 8};
      for (int k = 0; k < 7; k++) ck_assert_msg(w[3 + k] == tag(want[k]), "%lld, %lld: op %d", (long long)a, (long long)b, k);
      ck_assert_uint_eq(w[10], tag(a >> s));
      ck_assert_uint_eq(w[11], tag(-a));
      ck_assert_uint_eq(w[12], tag(~b));
      bool cmp[7] = {a < b, a <= b, a == b, a != b, a > b, a >= b, a != 0};
      for (int k = 0; k < 7; k++)
        ck_assert_ptr_eq((void *)(uintptr_t)w[13 + k], cmp[k] ? (void *)&test_true : (void *)&test_false);
      ck_assert_uint_eq(w[20], tag((int64_t)((double)a * 2.5)));
    }
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* An object with fields of both sizes, a float, a length word and two inline arrays. */
typedef struct TestRec {
  void *type; uint32_t gcflags, aux;
  int64_t word;          /* 16 */
  uint32_t half, pad;    /* 24 */
  double d;              /* 32 */
  uint64_t len;          /* 40 */
  int64_t items[8];      /* 48 */
  uint32_t halves[8];    /* 112 */
} TestRec;

START_TEST(test_codegen_field_and_array_ops_read_and_write_the_object)
{
  ck_assert_uint_eq(offsetof(TestRec, halves), 112);
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef p = local(&t, 0, 2, 2);
  IrRef idx = local_int(&t, 1, 2, 2);
  IrRef w = ir_emit_k(&t, IR_GETFIELD, IRK_INT, 8, p, 16, 0);
  IrRef h = ir_emit_k(&t, IR_GETFIELD, IRK_INT, 4, p, 24, 0);
  IrRef d = ir_emit_k(&t, IR_GETFIELD, IRK_FLOAT, 8, p, 32, 0);
  IrRef n = ir_emit_k(&t, IR_ARRAYLEN, IRK_INT, 8, p, 40, 0);
  IrRef it = ir_emit_k(&t, IR_GETARRAYITEM, IRK_INT, IR_AUX_ARRAY(8, 48), p, idx, 0);
  IrRef hv = ir_emit_k(&t, IR_GETARRAYITEM, IRK_INT, IR_AUX_ARRAY(4, 112), p, ir_const_int(&t, 3), 0);
  ir_emit_k(&t, IR_SETFIELD, IRK_VOID, 8, p, 16, ir_emit(&t, IR_INT_ADD, w, ir_const_int(&t, 1), 0));
  ir_emit_k(&t, IR_SETFIELD, IRK_VOID, 4, p, 24, ir_emit(&t, IR_INT_ADD, h, ir_const_int(&t, 2), 0));
  ir_emit_k(&t, IR_SETFIELD, IRK_VOID, 8, p, 32, ir_emit(&t, IR_FLOAT_MUL, d, ir_const_float(&t, 2.0), 0));
  ir_emit_k(&t, IR_SETARRAYITEM, IRK_VOID, IR_AUX_ARRAY(8, 48), p, idx, ir_emit(&t, IR_INT_MUL, it, ir_const_int(&t, 2), 0));
  ir_emit_k(&t, IR_SETARRAYITEM, IRK_VOID, IR_AUX_ARRAY(4, 112), p, ir_const_int(&t, 5), ir_emit(&t, IR_INT_ADD, hv, ir_const_int(&t, 1), 0));
  IrRef st[6] = {w, h, d, n, it, hv};
  trace_finish(&t, 6, 2, 6, st);
  compile(&t, false, &c);
  TestRec rec = {&test_other_type, 0, 0, -40, 0xfffffff0u, 0x12345678u, 1.25, 8, {10, 11, 12, 13, 14, 15, 16, 17},
                 {100, 101, 102, 103, 104, 105, 106, 107}};
  uint64_t win[WINDOW] = {(uint64_t)(uintptr_t)&rec, tag(6)};
  ck_assert_int_eq(exit_op(&c, run(&c, win)), IR_FINISH);
  ck_assert_uint_eq(win[2], tag(-40));
  ck_assert_uint_eq(win[3], tag(0xfffffff0u)); /* a 4-byte field is zero-extended */
  ck_assert(same_double(as_float(win[4])->v, 1.25));
  ck_assert_uint_eq(win[5], tag(8));
  ck_assert_uint_eq(win[6], tag(16));
  ck_assert_uint_eq(win[7], tag(103));
  ck_assert_int_eq(rec.word, -39);
  ck_assert_uint_eq(rec.half, 0xfffffff2u);
  ck_assert_uint_eq(rec.pad, 0x12345678u); /* a 4-byte store writes 4 bytes */
  ck_assert(same_double(rec.d, 2.5));
  ck_assert_int_eq(rec.items[6], 32);
  ck_assert_int_eq(rec.items[5], 15);
  ck_assert_uint_eq(rec.halves[5], 104);
  ck_assert_uint_eq(rec.halves[4], 104);
  ck_assert_uint_eq(rec.halves[6], 106);
  release(&c);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_codegen_guard_class_and_value_on_objects_and_ints)
{
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef p = local(&t, 0, 2, 2), q = local(&t, 1, 2, 2);
  ir_guard(&t, IR_GUARD_CLASS, p, ir_const_builtin_type(&t, "float"), snap(&t, 4, 2, 0, NULL));
  ir_guard(&t, IR_GUARD_VALUE, q, ir_const_none(&t), snap(&t, 6, 2, 0, NULL));
  trace_finish(&t, 8, 2, 0, NULL);
  compile(&t, false, &c);
  TestObj other = {&test_other_type, 0, 0};
  struct { uint64_t p, q; uint32_t pc; } cases[] = {
    {test_float_new(1.0), (uint64_t)(uintptr_t)&test_none, 8},
    {tag(3), (uint64_t)(uintptr_t)&test_none, 4},                   /* a small int has no class word */
    {(uint64_t)(uintptr_t)&other, (uint64_t)(uintptr_t)&test_none, 4},
    {test_float_new(2.0), (uint64_t)(uintptr_t)&test_true, 6},
    {test_float_new(2.0), tag(0), 6},
  };
  for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
    uint64_t w[WINDOW] = {cases[j].p, cases[j].q};
    ck_assert_msg(exit_pc(&c.l, run(&c, w)) == cases[j].pc, "case %zu", j);
  }
  release(&c);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_codegen_cond_call_calls_only_when_its_condition_holds)
{
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef p = local(&t, 0, 2, 2);
  IrRef x = local_int(&t, 1, 2, 2);
  IrRef y = ir_emit(&t, IR_INT_MUL, x, ir_const_int(&t, 3), 0);
  IrRef flags = ir_emit_k(&t, IR_GETFIELD, IRK_INT, 4, p, 8, 0);
  IrRef old = ir_emit(&t, IR_INT_NE, ir_emit(&t, IR_INT_AND, flags, ir_const_int(&t, 1), 0), ir_const_int(&t, 0), 0);
  ir_emit(&t, IR_COND_CALL, old, ir_const_helper(&t, "gc_wb"), p);
  IrRef st[2] = {ir_emit(&t, IR_INT_ADD, x, y, 0), y};
  trace_finish(&t, 6, 2, 2, st);
  compile(&t, false, &c);
  for (uint32_t gcflags = 0; gcflags < 4; gcflags++) {
    TestObj o = {&test_other_type, gcflags, 0};
    uint64_t w[WINDOW] = {(uint64_t)(uintptr_t)&o, tag(5)};
    gc_wb_calls = 0;
    ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
    ck_assert_uint_eq(gc_wb_calls, gcflags & 1);
    if (gcflags & 1) ck_assert_uint_eq(gc_wb_obj, (uint64_t)(uintptr_t)&o);
    ck_assert_uint_eq(w[2], tag(20));
    ck_assert_uint_eq(w[3], tag(15));
  }
  release(&c);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_codegen_many_live_floats_survive_a_call)
{
  enum { NF = 24 };
  IrTrace t;
  Compiled c;
  trace_begin(&t, false);
  IrRef a = local_float(&t, 0, 2, 2), b = local_float(&t, 1, 2, 2);
  IrRef f[NF];
  for (int j = 0; j < NF; j++) f[j] = ir_emit(&t, IR_FLOAT_ADD, ir_emit(&t, IR_FLOAT_MUL, a, ir_const_float(&t, j + 1), 0), b, 0);
  IrRef s = ir_emit_k(&t, IR_CALL, IRK_FLOAT, 0, ir_const_helper(&t, "math_sin"), f[0], IR_NOREF);
  IrRef sum = s;
  for (int j = NF - 1; j >= 0; j--) sum = ir_emit(&t, IR_FLOAT_ADD, sum, f[j], 0);
  IrRef st[3] = {sum, f[NF - 1], f[0]};
  trace_finish(&t, 6, 2, 3, st);
  compile(&t, false, &c);
  uint64_t w[WINDOW] = {test_float_new(0.5), test_float_new(0.25)};
  ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_FINISH);
  double want = sin(0.75);
  for (int j = NF - 1; j >= 0; j--) want += 0.5 * (j + 1) + 0.25;
  ck_assert_msg(same_double(as_float(w[2])->v, want), "sum %.17g, want %.17g", as_float(w[2])->v, want);
  ck_assert(same_double(as_float(w[3])->v, 0.5 * NF + 0.25));
  ck_assert(same_double(as_float(w[4])->v, 0.75));
  release(&c);
  ir_trace_free(&t);
}
END_TEST

/* -- Loop variables that trade places ------------------------------------------------------------------- */
/* while i < n: s = v0 + ... + vk-1; v0, v1, ..., vk-1 = v1, ..., vk-1, v0; i += 1
   locals v0..vk-1, s, i, n: the optimized JUMP is a cycle of k moves (a parallel move). */
static void build_rotation(IrTrace *t, uint32_t k)
{
  uint32_t nl = k + 3, si = k, ii = k + 1, ni = k + 2;
  trace_begin(t, false);
  IrRef i = local_int(t, ii, 2, nl), n = local_int(t, ni, 2, nl);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, i, n, 0), 0, snap(t, PC_TEST, nl, 0, NULL));
  IrRef v[16], sum = IR_NOREF;
  for (uint32_t j = 0; j < k; j++) {
    v[j] = local_int(t, j, 6, nl);
    sum = j ? ovf_op(t, IR_INT_ADD_OVF, sum, v[j], 6, nl) : v[j];
  }
  store_int(t, si, sum);
  for (uint32_t j = 0; j < k; j++) store_int(t, j, v[(j + 1) % k]);
  store_int(t, ii, ovf_op(t, IR_INT_ADD_OVF, i, ir_const_int(t, 1), PC_ADD, nl));
  trace_end(t, PC_BACK, nl);
}

static void assert_rotation(uint32_t k)
{
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    build_rotation(&t, k);
    compile(&t, opt, &c);
    for (int64_t iters = 0; iters < 2 * (int64_t)k + 2; iters++) {
      uint64_t w[WINDOW] = {0};
      int64_t total = 0;
      for (uint32_t j = 0; j < k; j++) w[j] = tag((int64_t)(j + 1) * 10), total += (int64_t)(j + 1) * 10;
      w[k] = tag(-1);
      w[k + 1] = tag(0);
      w[k + 2] = tag(iters);
      ck_assert_int_eq(exit_op(&c, run(&c, w)), IR_GUARD_TRUE);
      for (uint32_t j = 0; j < k; j++)
        ck_assert_msg(w[j] == tag((int64_t)((j + iters) % k + 1) * 10), "k %u opt %d after %lld: v%u = %lld", k, opt,
                      (long long)iters, j, (long long)untag(w[j]));
      ck_assert_uint_eq(w[k], iters ? tag(total) : tag(-1));
      ck_assert_uint_eq(w[k + 1], tag(iters));
    }
    release(&c);
    ir_trace_free(&t);
  }
}

START_TEST(test_codegen_loop_rotating_two_and_three_locals)
{
  assert_rotation(2);
  assert_rotation(3);
}
END_TEST

START_TEST(test_codegen_loop_rotating_more_locals_than_registers)
{
  assert_rotation(14);
}
END_TEST

/* -- A linked list --------------------------------------------------------------------------------------- */
/* while node is a Node: node.val += 1; node = node.next      local node. The preamble's field
   store is on its node; the loop's is on the next one, so the optimizer may not carry it. */
typedef struct TestNode { void *type; uint32_t gcflags, aux; int64_t val; uint64_t next; } TestNode;

START_TEST(test_codegen_loop_walking_a_linked_list)
{
  static const uint8_t node_hash[16] = {0x0d};
  for (int opt = 0; opt < 2; opt++) {
    IrTrace t;
    Compiled c;
    trace_begin(&t, false);
    IrRef p = local(&t, 0, 2, 1);
    ir_guard(&t, IR_GUARD_CLASS, p, ir_const_class(&t, "test", "Node", node_hash), snap(&t, 2, 1, 0, NULL));
    IrRef v = ir_emit_k(&t, IR_GETFIELD, IRK_INT, 8, p, 16, 0);
    IrRef v1 = ovf_op(&t, IR_INT_ADD_OVF, v, ir_const_int(&t, 1), 4, 1);
    ir_emit_k(&t, IR_SETFIELD, IRK_VOID, 8, p, 16, v1);
    ir_emit(&t, IR_FRAME_SET, 0, ir_emit_k(&t, IR_GETFIELD, IRK_REF, 8, p, 24, 0), 0);
    trace_end(&t, PC_BACK, 1);
    compile(&t, opt, &c);
    TestNode nodes[10];
    for (int j = 0; j < 10; j++)
      nodes[j] = (TestNode){&test_other_type, 0, 0, 100 * j, j < 9 ? (uint64_t)(uintptr_t)&nodes[j + 1] : (uint64_t)(uintptr_t)&test_none};
    uint64_t w[WINDOW] = {(uint64_t)(uintptr_t)&nodes[0]};
    uint64_t k = run(&c, w);
    ck_assert_int_eq(exit_op(&c, k), IR_GUARD_CLASS);
    ck_assert_ptr_eq((void *)(uintptr_t)w[0], &test_none);
    for (int j = 0; j < 10; j++) ck_assert_msg(nodes[j].val == 100 * j + 1, "opt %d: node %d holds %lld", opt, j, (long long)nodes[j].val);
    release(&c);
    ir_trace_free(&t);
  }
}
END_TEST

/* -- count.py, run ------------------------------------------------------------------------------------- */
/* for i in range(N): if i % 5 == 0: mult += 1  else: not_mult += 1
   Locals N, mult, not_mult, i; the range iterator on the stack (slot 4). The loop is recorded
   along the else branch; the if branch is a bridge from the i % 5 guard. */
typedef struct TestRangeIter { void *type; uint32_t gcflags, aux; int64_t remaining, next, step; } TestRangeIter;
enum { C_MULT = 1, C_NOT = 2, C_I = 3, C_ITER = 4, C_SP = 5 };
enum { CPC_FOR = 10, CPC_CMP = 18, CPC_LOAD = 20, CPC_ADD = 22, CPC_BACK = 30 };

static IrRef count_branch(IrTrace *t, uint32_t ctr)
{
  IrRef p = local(t, ctr, CPC_LOAD, C_SP);
  IrRef ops[2] = {p, ir_const_int(t, 1)};
  uint32_t s = snap(t, CPC_ADD, C_SP, 2, ops);
  IrRef n = unbox_int(t, p, s);
  IrRef n1 = ir_emit(t, IR_INT_ADD_OVF, n, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  store_int(t, ctr, n1);
  return n1;
}

static void build_count_py(IrTrace *t)
{
  trace_begin(t, false);
  IrRef it = ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, C_ITER, 0, 0);
  uint32_t s = snap(t, CPC_FOR, C_SP, 0, NULL);
  ir_guard(t, IR_GUARD_CLASS, it, ir_const_builtin_type(t, "range_iterator"), s);
  IrRef rem = ir_emit_k(t, IR_GETFIELD, IRK_INT, 8, it, 16, 0);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GT, rem, ir_const_int(t, 0), 0), 0, s);
  IrRef next = ir_emit_k(t, IR_GETFIELD, IRK_INT, 8, it, 24, 0);
  IrRef step = ir_emit_k(t, IR_GETFIELD, IRK_INT, 8, it, 32, 0);
  ir_guard(t, IR_GUARD_VALUE, step, ir_const_int(t, 1), s);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GE, next, ir_const_int(t, TAG_MIN), 0), 0, s);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LE, next, ir_const_int(t, TAG_MAX), 0), 0, s);
  ir_emit_k(t, IR_SETFIELD, IRK_VOID, 8, it, 16, ir_emit(t, IR_INT_SUB, rem, ir_const_int(t, 1), 0));
  ir_emit_k(t, IR_SETFIELD, IRK_VOID, 8, it, 24, ir_emit(t, IR_INT_ADD, next, ir_const_int(t, 1), 0));
  store_int(t, C_I, next);
  IrRef m = ir_emit(t, IR_INT_MOD, next, ir_const_int(t, 5), 0);
  IrRef st[2] = {m, ir_const_int(t, 0)};
  ir_guard(t, IR_GUARD_FALSE, ir_emit(t, IR_INT_EQ, m, ir_const_int(t, 0), 0), 0, snap(t, CPC_CMP, C_SP, 2, st));
  count_branch(t, C_NOT);
  trace_end(t, CPC_BACK, C_SP);
}

/* The bridge at the i % 5 guard: the exit left m and 0 on the stack (slots 5 and 6). */
static void build_count_py_bridge(IrTrace *t)
{
  trace_begin(t, true);
  IrRef pm = ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, C_SP, 0, 0), pz = ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, C_SP + 1, 0, 0);
  IrRef st[2] = {pm, pz};
  uint32_t s = snap(t, CPC_CMP, C_SP, 2, st);
  IrRef m = unbox_int(t, pm, s), z = unbox_int(t, pz, s);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_EQ, m, z, 0), 0, s);
  count_branch(t, C_MULT);
  trace_end(t, CPC_FOR, C_SP);
}

START_TEST(test_codegen_count_py_with_its_bridge_counts_like_python)
{
  enum { N = 100000 };
  for (int mode = 0; mode < 4; mode++) {
    IrTrace lt, bt;
    Compiled loop, bridge;
    build_count_py(&lt);
    build_count_py_bridge(&bt);
    compile(&lt, mode & 1, &loop);
    compile(&bt, (mode & 2) != 0, &bridge);
    for (uint32_t k = 0; k < loop.l.h->nexits; k++)
      if (exit_op(&loop, k) == IR_GUARD_FALSE) link_bridge(&loop.l, k, &bridge.l);
    TestRangeIter it = {&test_other_type, 0, 0, N, 0, 1};
    uint64_t w[WINDOW] = {tag(N), tag(0), tag(0), tag(-1), (uint64_t)(uintptr_t)&it};
    BlobResult r = enter(&loop.l, w);
    ck_assert_msg(r.slots == loop.l.slots, "mode %d: left from the bridge", mode);
    ck_assert_int_eq(exit_op(&loop, r.exit), IR_GUARD_TRUE);
    ck_assert_uint_eq(exit_pc(&loop.l, r.exit), CPC_FOR);
    ck_assert_msg(w[C_MULT] == tag(N / 5) && w[C_NOT] == tag(N - N / 5), "mode %d: mult %lld not_mult %lld", mode,
                  (long long)untag(w[C_MULT]), (long long)untag(w[C_NOT]));
    ck_assert_uint_eq(w[C_I], tag(N - 1));
    ck_assert_int_eq(it.remaining, 0);
    ck_assert_int_eq(it.next, N);
    release(&loop);
    release(&bridge);
    ir_trace_free(&lt);
    ir_trace_free(&bt);
  }
}
END_TEST

/* -- Random loops: optimized and not, the same exits ---------------------------------------------------- */
/* A generator that plays the recorder over a few locals, on concrete values as the recorder sees
   them, so the first iteration follows the trace and later ones leave wherever their values
   lead: slot 0 counts iterations up to a bound (every loop ends), slot 1 is a float
   accumulator, the others are ints that random steps combine (_OVF ops with their guards,
   bitwise ops, // and % by positive constants or guarded variables, comparisons with the
   branch guard the concrete values take, copies). Both compilations start from the window the
   generator saw; they must leave at the same pc with the same window. */
#define RL_MAX 6u
#define RV_MAX 512u

typedef struct Gen { uint64_t s; } Gen;

static uint32_t rnd(Gen *g, uint32_t n)
{
  g->s ^= g->s << 13;
  g->s ^= g->s >> 7;
  g->s ^= g->s << 17;
  return (uint32_t)(g->s % n);
}

typedef struct RLocals {
  IrRef ref[RL_MAX];   /* the recorder's value for the local, IR_NOREF: only in the window */
  bool is_int[RL_MAX]; /* ref is an unboxed INT (else the boxed REF) */
  int64_t now[RL_MAX]; /* the int the local holds at this point of the first iteration */
  IrRef fl;            /* the accumulator's FLOAT, once read */
  double fnow;
  uint32_t n;
  IrRef vref[RV_MAX];  /* concrete values of the INT refs made so far */
  int64_t vval[RV_MAX];
  uint32_t nv;
} RLocals;

static void r_set(RLocals *l, IrRef r, int64_t v)
{
  if (l->nv < RV_MAX) l->vref[l->nv] = r, l->vval[l->nv++] = v;
}

static int64_t r_val(const IrTrace *t, const RLocals *l, IrRef r)
{
  const IrConst *c = ir_const_get(t, r);
  if (c) return c->u.i;
  for (uint32_t j = l->nv; j-- > 0;)
    if (l->vref[j] == r) return l->vval[j];
  ck_abort_msg("no concrete value for ref %u", r);
  return 0;
}

static IrRef r_int(IrTrace *t, RLocals *l, uint32_t slot, uint32_t pc)
{
  if (l->ref[slot] != IR_NOREF && l->is_int[slot]) return l->ref[slot];
  if (l->ref[slot] == IR_NOREF) l->ref[slot] = local(t, slot, pc, l->n);
  IrRef st[1] = {l->ref[slot]};
  l->ref[slot] = unbox_int(t, l->ref[slot], snap(t, pc, l->n, 1, st));
  l->is_int[slot] = true;
  r_set(l, l->ref[slot], l->now[slot]);
  return l->ref[slot];
}

static uint32_t int_slot(Gen *g, const RLocals *l) { return 2 + rnd(g, l->n - 2); }

static IrRef r_operand(Gen *g, IrTrace *t, RLocals *l, uint32_t pc)
{
  if (rnd(g, 4) == 0) return ir_const_int(t, (int64_t)rnd(g, 41) - 20);
  return r_int(t, l, int_slot(g, l), pc);
}

static bool int_holds(IrOp op, int64_t x, int64_t y)
{
  switch (op) {
  case IR_INT_LT: return x < y;
  case IR_INT_LE: return x <= y;
  case IR_INT_EQ: return x == y;
  case IR_INT_NE: return x != y;
  case IR_INT_GT: return x > y;
  default: return x >= y;
  }
}

static void r_float_step(Gen *g, IrTrace *t, RLocals *l, uint32_t pc)
{
  if (l->fl == IR_NOREF) l->fl = local_float(t, 1, pc, l->n);
  IrRef xi = r_operand(g, t, l, pc);
  double x = (double)r_val(t, l, xi);
  IrRef xf = ir_emit(t, IR_CAST_INT_TO_FLOAT, xi, 0, 0);
  if (rnd(g, 2)) {
    IrOp op = FLOAT_CMPS[rnd(g, 6)];
    IrRef st[2] = {l->fl, xf};
    ir_guard(t, c_compare(op, l->fnow, x) ? IR_GUARD_TRUE : IR_GUARD_FALSE, ir_emit(t, op, l->fl, xf, 0), 0,
             snap(t, pc, l->n, 2, st));
    return;
  }
  l->fl = ir_emit(t, IR_FLOAT_ADD, ir_emit(t, IR_FLOAT_MUL, l->fl, ir_const_float(t, 0.5), 0), xf, 0);
  l->fnow = l->fnow * 0.5 + x;
  ir_emit(t, IR_FRAME_SET, 1, ir_emit(t, IR_NEW_FLOAT, l->fl, 0, 0), 0);
}

/* One int op on a and b whose result fits a small int here (the recorder's big-int results
   leave the trace); IR_NOREF when the op drawn does not apply. */
static IrRef r_int_op(Gen *g, IrTrace *t, RLocals *l, IrRef a, IrRef b, uint32_t s)
{
  static const IrOp ovf[] = {IR_INT_ADD_OVF, IR_INT_SUB_OVF, IR_INT_MUL_OVF};
  static const IrOp bit[] = {IR_INT_AND, IR_INT_OR, IR_INT_XOR};
  int64_t x = r_val(t, l, a), y = r_val(t, l, b), z;
  IrRef r;
  switch (rnd(g, 3)) {
  case 0: {
    IrOp op = ovf[rnd(g, 3)];
    bool over = op == IR_INT_ADD_OVF ? __builtin_add_overflow(x, y, &z)
              : op == IR_INT_SUB_OVF ? __builtin_sub_overflow(x, y, &z) : __builtin_mul_overflow(x, y, &z);
    if (over || z < TAG_MIN || z > TAG_MAX) return IR_NOREF;
    r = ir_emit(t, op, a, b, 0);
    ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
    break;
  }
  case 1: {
    IrOp op = bit[rnd(g, 3)];
    z = op == IR_INT_AND ? (x & y) : op == IR_INT_OR ? (x | y) : (x ^ y);
    r = ir_emit(t, op, a, b, 0);
    break;
  }
  default: {
    if (rnd(g, 2) || y <= 0) b = ir_const_int(t, 1 + rnd(g, 12)), y = r_val(t, l, b);
    else ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GT, b, ir_const_int(t, 0), 0), 0, s);
    bool mod = rnd(g, 2);
    z = mod ? py_mod(x, y) : py_floordiv(x, y);
    r = ir_emit(t, mod ? IR_INT_MOD : IR_INT_FLOORDIV, a, b, 0);
    break;
  }
  }
  r_set(l, r, z);
  return r;
}

static void r_step(Gen *g, IrTrace *t, RLocals *l, uint32_t pc)
{
  static const IrOp cmp[] = {IR_INT_LT, IR_INT_LE, IR_INT_EQ, IR_INT_NE, IR_INT_GT, IR_INT_GE};
  ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code_of(t), pc, pc);
  if (rnd(g, 6) == 0) { r_float_step(g, t, l, pc); return; }
  uint32_t dst = int_slot(g, l);
  if (rnd(g, 6) == 0) { /* x = y: the value as the recorder holds it, boxed */
    uint32_t src = int_slot(g, l);
    if (l->ref[src] == IR_NOREF) l->ref[src] = local(t, src, pc, l->n);
    IrRef v = l->ref[src];
    ir_emit(t, IR_FRAME_SET, dst, l->is_int[src] ? ir_emit(t, IR_BOX_INT, v, 0, 0) : v, 0);
    l->ref[dst] = v;
    l->is_int[dst] = l->is_int[src];
    l->now[dst] = l->now[src];
    return;
  }
  IrRef a = r_operand(g, t, l, pc), b = r_operand(g, t, l, pc);
  IrRef st[2] = {a, b};
  uint32_t s = snap(t, pc, l->n, 2, st);
  if (rnd(g, 3) == 0) {
    IrOp op = cmp[rnd(g, 6)];
    bool holds = int_holds(op, r_val(t, l, a), r_val(t, l, b));
    ir_guard(t, holds ? IR_GUARD_TRUE : IR_GUARD_FALSE, ir_emit(t, op, a, b, 0), 0, s);
    return;
  }
  IrRef r = r_int_op(g, t, l, a, b, s);
  if (r == IR_NOREF) return;
  store_int(t, dst, r);
  l->ref[dst] = r;
  l->is_int[dst] = true;
  l->now[dst] = r_val(t, l, r);
}

enum { R_BOUND = 40 };

/* A random loop and the window it was recorded on. */
static void random_loop(Gen *g, IrTrace *t, uint32_t *nlocals, uint64_t *window)
{
  RLocals l = {.fl = IR_NOREF, .n = 3 + rnd(g, RL_MAX - 2)};
  for (uint32_t j = 0; j < RL_MAX; j++) l.ref[j] = IR_NOREF, l.is_int[j] = false;
  for (uint32_t j = 2; j < l.n; j++) l.now[j] = (int64_t)rnd(g, 2001) - 1000;
  l.fnow = (double)rnd(g, 100) - 50;
  window[0] = tag(0);
  window[1] = test_float_new(l.fnow);
  for (uint32_t j = 2; j < WINDOW; j++) window[j] = tag(j < l.n ? l.now[j] : 0);
  trace_begin(t, false);
  IrRef c = local_int(t, 0, 0, l.n);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, c, ir_const_int(t, R_BOUND), 0), 0, snap(t, 0, l.n, 0, NULL));
  store_int(t, 0, ovf_op(t, IR_INT_ADD_OVF, c, ir_const_int(t, 1), 1, l.n));
  uint32_t steps = 1 + rnd(g, 12);
  for (uint32_t k = 0; k < steps; k++) r_step(g, t, &l, 2 + 2 * k);
  trace_end(t, 2 + 2 * steps, l.n);
  *nlocals = l.n;
}

/* Window words agree: the same tagged int, or float boxes of the same value. */
static bool same_word(uint64_t a, uint64_t b)
{
  if (a == b) return true;
  if (is_tagged(a) || is_tagged(b) || !a || !b) return false;
  const TestFloat *x = (const TestFloat *)(uintptr_t)a, *y = (const TestFloat *)(uintptr_t)b;
  return x->type == &test_float_type && y->type == &test_float_type && same_double(x->v, y->v);
}

START_TEST(test_codegen_random_loops_leave_the_same_way_optimized_or_not)
{
  Gen g = {0x2545f4914f6cdd1dull};
  uint32_t past_first = 0;
  for (int n = 0; n < 300; n++) {
    IrTrace t;
    uint32_t nl;
    uint64_t w1[WINDOW], w2[WINDOW];
    random_loop(&g, &t, &nl, w1);
    memcpy(w2, w1, sizeof w1);
    Compiled plain, opt;
    compile(&t, false, &plain);
    compile(&t, true, &opt);
    uint64_t k1 = run(&plain, w1), k2 = run(&opt, w2);
    ck_assert_msg(exit_pc(&plain.l, k1) == exit_pc(&opt.l, k2), "loop %d: left at pc %u, optimized at pc %u", n,
                  exit_pc(&plain.l, k1), exit_pc(&opt.l, k2));
    for (uint32_t j = 0; j < nl + 2; j++)
      ck_assert_msg(same_word(w1[j], w2[j]), "loop %d (pc %u): slot %u is 0x%llx, optimized 0x%llx", n,
                    exit_pc(&plain.l, k1), j, (unsigned long long)w1[j], (unsigned long long)w2[j]);
    past_first += untag(w1[0]) > 1;
    release(&plain);
    release(&opt);
    ir_trace_free(&t);
  }
  /* The first iteration follows the trace; most loops go round more than once. */
  ck_assert_uint_gt(past_first, 150);
}
END_TEST

/* -- The blob as compiled ------------------------------------------------------------------------------- */

START_TEST(test_codegen_blobs_pass_blob_check_as_compiled)
{
  uint32_t failed = 0, total = 0;
  char first[256] = "";
  for (int64_t d = 1; d <= 16; d++)
    for (int opt = 0; opt < 2; opt++) {
      IrTrace t, o;
      ir_trace_init(&o);
      if (opt) build_count(&t, IR_INT_ADD_OVF, d, true);
      else build_divmod(&t, d);
      char err[256] = "";
      if (opt) ck_assert_msg(optimize_trace(&t, &o, NULL, err, sizeof err) == 0, "%s", err);
      uint8_t *bytes;
      size_t len;
      ck_assert_msg(x64_compile(opt ? &o : &t, &bytes, &len, err, sizeof err) == 0, "%s", err);
      total++;
      if (!blob_check(bytes, len, err, sizeof err)) {
        if (!failed++) {
          const BlobHeader *h = (const BlobHeader *)bytes;
          snprintf(first, sizeof first, "%.160s (code_off %u, code_len %u, imports_off %u)", err, h->code_off,
                   h->code_len, h->imports_off);
        }
      }
      free(bytes);
      ir_trace_free(&t);
      ir_trace_free(&o);
    }
  ck_assert_msg(failed == 0, "%u of %u blobs fail blob_check, the first: %s", failed, total, first);
}
END_TEST

/* -- Suite ----------------------------------------------------------------------------------------------- */

static Suite *codegen_suite(void)
{
  Suite *s = suite_create("codegen");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 240);
  tcase_add_test(tc, test_codegen_blobs_pass_blob_check_as_compiled);
  tcase_add_test(tc, test_codegen_counting_loop_exits_on_its_guard);
  tcase_add_test(tc, test_codegen_optimized_counting_loop_exits_from_the_loop_proper);
  tcase_add_test(tc, test_codegen_add_ovf_at_the_tagged_edge_exits_with_its_operands);
  tcase_add_test(tc, test_codegen_sub_ovf_at_the_tagged_edge_exits_with_its_operands);
  tcase_add_test(tc, test_codegen_mul_ovf_exits_on_tagged_and_on_64_bit_overflow);
  tcase_add_test(tc, test_codegen_floordiv_and_mod_by_constants_match_python);
  tcase_add_test(tc, test_codegen_floordiv_and_mod_by_large_constants_match_python);
  tcase_add_test(tc, test_codegen_floordiv_and_mod_by_variables_match_python);
  tcase_add_test(tc, test_codegen_float_arithmetic_boxes_its_results);
  tcase_add_test(tc, test_codegen_float_comparisons_with_nan_guard_as_python_compares);
  tcase_add_test(tc, test_codegen_exit_boxes_floats_and_writes_bools_as_true_false);
  tcase_add_test(tc, test_codegen_exit_writes_every_frame_of_its_snapshot);
  tcase_add_test(tc, test_codegen_float_loop_exit_boxes_the_accumulator);
  tcase_add_test(tc, test_codegen_guard_not_invalidated_exits_when_a_collection_is_due);
  tcase_add_test(tc, test_codegen_call_keeps_values_live_across_it);
  tcase_add_test(tc, test_codegen_call_in_an_optimized_loop_keeps_the_loop_variables);
  tcase_add_test(tc, test_codegen_bridge_on_a_loop_exit_jumps_back_into_the_loop);
  tcase_add_test(tc, test_codegen_int_ops_match_c);
  tcase_add_test(tc, test_codegen_field_and_array_ops_read_and_write_the_object);
  tcase_add_test(tc, test_codegen_guard_class_and_value_on_objects_and_ints);
  tcase_add_test(tc, test_codegen_cond_call_calls_only_when_its_condition_holds);
  tcase_add_test(tc, test_codegen_many_live_floats_survive_a_call);
  tcase_add_test(tc, test_codegen_loop_rotating_two_and_three_locals);
  tcase_add_test(tc, test_codegen_loop_rotating_more_locals_than_registers);
  tcase_add_test(tc, test_codegen_loop_walking_a_linked_list);
  tcase_add_test(tc, test_codegen_count_py_with_its_bridge_counts_like_python);
  tcase_add_test(tc, test_codegen_random_loops_leave_the_same_way_optimized_or_not);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(codegen_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
