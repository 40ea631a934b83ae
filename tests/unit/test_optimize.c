/* test_optimize.c: the trace optimizer (compiler-server/optimize.c).
 *
 * Traces are written with the IR builder in the shape the recorder gives them
 * (frontend/jit_record*.c): a loop is LABEL([]), one iteration that reads locals with FRAME_GET
 * (GUARD_NONNULL, GUARD_TAGGED_INT, UNBOX_INT), writes them back boxed with FRAME_SET, and ends
 * with GUARD_NOT_INVALIDATED and JUMP([]); a bridge has IR_TRACE_BRIDGE, no LABEL, and ends with
 * JUMP([]) too. Snapshots name the locals UNCHANGED (the window is current) and the operand
 * stack by value. The tests check the optimized trace's shape: it validates, a loop is peeled
 * into two LABELs whose loop proper keeps the frame and the boxes virtual, and each local rule
 * (folding, CSE, proven guards, the heap cache, bridges' pending stores) does what it says.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "optimize.h"
#include "trace_builders.h"

#define TAG_MIN (-(INT64_C(1) << 62))
#define TAG_MAX ((INT64_C(1) << 62) - 1)

static void dmp(IrTrace *t, uint32_t pc) { ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code_of(t), pc, pc / 2 + 1); }

static void store_int(IrTrace *t, uint32_t slot, IrRef v) { ir_emit(t, IR_FRAME_SET, slot, ir_emit(t, IR_BOX_INT, v, 0, 0), 0); }

static IrRef getfield(IrTrace *t, IrRef obj, uint32_t off) { return ir_emit_k(t, IR_GETFIELD, IRK_INT, 8, obj, off, 0); }
static void setfield(IrTrace *t, IrRef obj, uint32_t off, IrRef v) { ir_emit_k(t, IR_SETFIELD, IRK_VOID, 8, obj, off, v); }

static IrRef call1(IrTrace *t, const char *helper, IrRef x)
{
  return ir_emit_k(t, IR_CALL, IRK_VOID, 0, ir_const_helper(t, helper), x, IR_NOREF);
}

static IrRef call2(IrTrace *t, const char *helper, IrRef x, IrRef y)
{
  return ir_emit_k(t, IR_CALL, IRK_VOID, 0, ir_const_helper(t, helper), x, y);
}

/* -- Reading the optimizer's output ------------------------------------------------------------- */

static void optimize_ok(const IrTrace *in, IrTrace *out)
{
  char err[256] = "";
  ir_trace_init(out);
  int rc = optimize_trace(in, out, NULL, err, sizeof err);
  ck_assert_msg(rc == 0, "optimize_trace failed: %s", err);
  char verr[256];
  ck_assert_msg(ir_validate(out, verr, sizeof verr) == IR_S_OK, "output invalid: %s", verr);
}

static uint32_t count_op(const IrTrace *t, IrOp op, uint32_t from, uint32_t to)
{
  uint32_t n = 0;
  for (uint32_t i = from; i < to && i < t->nins; i++) n += t->ins[i].op == op;
  return n;
}

static uint32_t count_all(const IrTrace *t, IrOp op) { return count_op(t, op, 0, t->nins); }

/* Index of the first `op` at or after from; t->nins when none. */
static uint32_t find_op(const IrTrace *t, IrOp op, uint32_t from)
{
  for (uint32_t i = from; i < t->nins; i++)
    if (t->ins[i].op == op) return i;
  return t->nins;
}

/* The loop proper starts after the second LABEL. */
static uint32_t second_label(const IrTrace *t)
{
  ck_assert_uint_eq(count_all(t, IR_LABEL), 2);
  ck_assert_uint_eq(t->ins[0].op, IR_LABEL);
  return find_op(t, IR_LABEL, 1);
}

static const IrRef *args_of(const IrTrace *t, IrRef list, uint32_t *n)
{
  const IrConst *c = ir_const_get(t, list);
  ck_assert_ptr_nonnull(c);
  ck_assert_int_eq(c->kind, IRC_ARGS);
  *n = c->s[0].len;
  return t->args + c->s[0].off;
}

static int64_t const_int(const IrTrace *t, IrRef r)
{
  const IrConst *c = ir_const_get(t, r);
  ck_assert_msg(c && c->kind == IRC_INT, "ref %u is not an INT constant", r);
  return c->u.i;
}

/* The value a SAME_AS chain copies. */
static IrRef through_same_as(const IrTrace *t, IrRef r)
{
  while (r < t->nins && t->ins[r].op == IR_SAME_AS) r = t->ins[r].a;
  return r;
}

/* Entry `slot` of the first frame of guard i's snapshot. */
static IrRef snap_entry(const IrTrace *t, uint32_t i, uint32_t slot)
{
  const IrSnap *s = &t->snaps[t->ins[i].snap_or_aux];
  ck_assert_uint_lt(slot, t->frames[s->frame_start].nslots);
  return t->entries[s->entry_start + slot];
}

static bool is_guard(const IrTrace *t, uint32_t i) { return (ir_op_flags[t->ins[i].op] & IRF_SNAP) != 0; }

/* -- count.py --------------------------------------------------------------------------------- */
/* for i in range(N): if i % 5 == 0: mult += 1  else: not_mult += 1
   Locals N, mult, not_mult, i (slots 0-3); the range iterator on the stack (slot 4). */
enum { C_N, C_MULT, C_NOT, C_I, C_ITER, C_NLP = 4, C_SP = 5 };
enum { RI_REMAINING = 16, RI_NEXT = 24, RI_STEP = 32 };
enum { PC_FOR = 10, PC_STORE_I = 12, PC_MOD = 16, PC_CMP = 18, PC_LOAD_CTR = 20, PC_ADD = 22,
       PC_STORE_CTR = 24, PC_BACK = 30 };

static void build_count(IrTrace *t, bool mult_branch)
{
  uint32_t ctr = mult_branch ? C_MULT : C_NOT;
  trace_begin(t, false);
  dmp(t, PC_FOR);
  IrRef it = frame_get(t, C_ITER);
  uint32_t s_for = snap(t, PC_FOR, C_SP, 0, NULL);
  ir_guard(t, IR_GUARD_CLASS, it, ir_const_builtin_type(t, "range_iterator"), s_for);
  IrRef rem = getfield(t, it, RI_REMAINING);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GT, rem, ir_const_int(t, 0), 0), 0, s_for);
  IrRef next = getfield(t, it, RI_NEXT);
  IrRef step = getfield(t, it, RI_STEP);
  ir_guard(t, IR_GUARD_VALUE, step, ir_const_int(t, 1), s_for);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GE, next, ir_const_int(t, TAG_MIN), 0), 0, s_for);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LE, next, ir_const_int(t, TAG_MAX), 0), 0, s_for);
  setfield(t, it, RI_REMAINING, ir_emit(t, IR_INT_SUB, rem, ir_const_int(t, 1), 0));
  setfield(t, it, RI_NEXT, ir_emit(t, IR_INT_ADD, next, ir_const_int(t, 1), 0));
  dmp(t, PC_STORE_I);
  store_int(t, C_I, next);
  dmp(t, PC_MOD);
  IrRef m = ir_emit(t, IR_INT_MOD, next, ir_const_int(t, 5), 0);
  dmp(t, PC_CMP);
  IrRef eq = ir_emit(t, IR_INT_EQ, m, ir_const_int(t, 0), 0);
  IrRef stack[2] = {m, ir_const_int(t, 0)};
  ir_guard(t, mult_branch ? IR_GUARD_TRUE : IR_GUARD_FALSE, eq, 0, snap(t, PC_CMP, C_SP, 2, stack));
  dmp(t, PC_LOAD_CTR);
  IrRef p = local(t, ctr, PC_LOAD_CTR, C_SP);
  dmp(t, PC_ADD);
  IrRef ops[2] = {p, ir_const_int(t, 1)};
  uint32_t s_add = snap(t, PC_ADD, C_SP, 2, ops);
  IrRef n = unbox_int(t, p, s_add);
  IrRef n1 = ir_emit(t, IR_INT_ADD_OVF, n, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s_add);
  dmp(t, PC_STORE_CTR);
  store_int(t, ctr, n1);
  dmp(t, PC_BACK);
  trace_end(t, PC_BACK, C_SP);
}

START_TEST(test_optimize_count_loop_is_peeled_into_two_labels)
{
  IrTrace in, out;
  build_count(&in, false);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out);
  ck_assert_uint_gt(l2, 1);
  ck_assert_uint_eq(out.ins[out.nins - 1].op, IR_JUMP);
  uint32_t nl, nj;
  args_of(&out, out.ins[l2].a, &nl);
  args_of(&out, out.ins[out.nins - 1].a, &nj);
  ck_assert_uint_eq(nl, nj);
  ck_assert_uint_gt(nl, 0);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_count_loop_proper_has_no_frame_or_box_ops)
{
  for (int branch = 0; branch < 2; branch++) {
    IrTrace in, out;
    build_count(&in, branch);
    optimize_ok(&in, &out);
    uint32_t l2 = second_label(&out), end = out.nins;
    static const IrOp gone[] = {IR_FRAME_GET, IR_FRAME_SET, IR_BOX_INT, IR_UNBOX_INT, IR_GUARD_TAGGED_INT,
                                IR_GUARD_NONNULL};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++)
      ck_assert_msg(count_op(&out, gone[k], l2, end) == 0, "branch %d: %s in the loop proper", branch,
                    ir_op_name[gone[k]]);
    /* The preamble did read the window. */
    ck_assert_uint_ge(count_op(&out, IR_FRAME_GET, 0, l2), 2);
    ir_trace_free(&in);
    ir_trace_free(&out);
  }
}
END_TEST

START_TEST(test_optimize_count_loop_keeps_the_branch_and_overflow_check)
{
  IrTrace in, out;
  build_count(&in, false);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), end = out.nins;
  ck_assert_uint_eq(count_op(&out, IR_INT_MOD, l2, end), 1);
  ck_assert_uint_eq(count_op(&out, IR_INT_EQ, l2, end), 1);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_FALSE, l2, end), 1);
  ck_assert_uint_eq(count_op(&out, IR_INT_ADD_OVF, l2, end), 1);
  uint32_t ovf = find_op(&out, IR_INT_ADD_OVF, l2);
  ck_assert_uint_eq(out.ins[ovf + 1].op, IR_GUARD_NO_OVERFLOW);
  /* Nothing in the loop proper allocates or calls: the preamble's GC check is the only one. */
  ck_assert_uint_eq(count_op(&out, IR_GUARD_NOT_INVALIDATED, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_NOT_INVALIDATED, 0, l2), 1);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_allocating_loop_keeps_its_gc_check)
{
  /* lst.append(x * 2.0) in a loop: a call and a float box every iteration, so each iteration
     must still leave compiled code when a collection is due. */
  IrTrace in, out;
  trace_begin(&in, false);
  uint32_t s = snap(&in, 0, 2, 0, NULL);
  IrRef lst = local(&in, 0, 0, 2), pf = local(&in, 1, 0, 2);
  ir_guard(&in, IR_GUARD_CLASS, pf, ir_const_builtin_type(&in, "float"), s);
  IrRef f = ir_emit(&in, IR_FLOAT_MUL, ir_emit(&in, IR_UNBOX_FLOAT, pf, 0, 0), ir_const_float(&in, 2.0), 0);
  call2(&in, "list_append", lst, ir_emit(&in, IR_NEW_FLOAT, f, 0, 0));
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_NOT_INVALIDATED, l2, out.nins), 1);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_count_loop_counter_is_an_int_label_argument)
{
  IrTrace in, out;
  build_count(&in, false);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), nl, nj;
  const IrRef *la = args_of(&out, out.ins[l2].a, &nl);
  const IrRef *ja = args_of(&out, out.ins[out.nins - 1].a, &nj);
  uint32_t ovf = find_op(&out, IR_INT_ADD_OVF, l2);
  ck_assert_uint_lt(ovf, out.nins);
  /* The counter goes round the loop unboxed: the JUMP passes the sum back to an INT argument,
     and the sum reads that argument (through the loop's copy of it). */
  uint32_t j = 0;
  while (j < nj && ja[j] != ovf) j++;
  ck_assert_msg(j < nj, "the counter's sum is not a JUMP argument");
  ck_assert_int_eq(ir_ref_kind(&out, la[j]), IRK_INT);
  ck_assert_uint_eq(through_same_as(&out, out.ins[ovf].a), la[j]);
  ck_assert_int_eq(const_int(&out, out.ins[ovf].b), 1);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_count_loop_hoists_invariant_guards_and_loads)
{
  IrTrace in, out;
  build_count(&in, false);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), end = out.nins;
  /* The iterator is loop-invariant: its class and its step were proven by the preamble; its
     fields the loop writes are carried in the LABEL, so it loads nothing. */
  ck_assert_uint_eq(count_op(&out, IR_GUARD_CLASS, 0, l2), 1);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_CLASS, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_VALUE, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_GETFIELD, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_SETFIELD, l2, end), 2);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_count_loop_snapshots_name_the_unboxed_locals)
{
  IrTrace in, out;
  build_count(&in, false);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), checked = 0;
  for (uint32_t i = l2; i < out.nins; i++) {
    if (!is_guard(&out, i)) continue;
    /* i (slot 3) and not_mult (slot 2, once written) are virtual: the exit tags them. */
    IrRef e = snap_entry(&out, i, C_I);
    ck_assert_msg(e != IR_SNAP_UNCHANGED, "guard %u: i left to a window the loop never writes", i);
    ck_assert_int_eq(ir_ref_kind(&out, e), IRK_INT);
    if (i > find_op(&out, IR_INT_ADD_OVF, l2) + 1) ck_assert_int_eq(ir_ref_kind(&out, snap_entry(&out, i, C_NOT)), IRK_INT);
    checked++;
  }
  ck_assert_uint_ge(checked, 4);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- A float accumulator ----------------------------------------------------------------------- */
/* while i < n: total = total + 1.5; i += 1      locals total, i, n */
enum { F_TOTAL, F_I, F_N, F_NLP = 3 };

static void build_float_loop(IrTrace *t)
{
  trace_begin(t, false);
  dmp(t, 2);
  IrRef pt = local(t, F_TOTAL, 2, F_NLP);
  IrRef ops[2] = {pt, ir_const_float(t, 1.5)};
  uint32_t s = snap(t, 4, F_NLP, 2, ops);
  ir_guard(t, IR_GUARD_CLASS, pt, ir_const_builtin_type(t, "float"), s);
  IrRef total = ir_emit(t, IR_UNBOX_FLOAT, pt, 0, 0);
  IrRef sum = ir_emit(t, IR_FLOAT_ADD, total, ir_const_float(t, 1.5), 0);
  ir_emit(t, IR_FRAME_SET, F_TOTAL, ir_emit(t, IR_NEW_FLOAT, sum, 0, 0), 0);
  IrRef pi = local(t, F_I, 6, F_NLP), pn = local(t, F_N, 6, F_NLP);
  IrRef cmp[2] = {pi, pn};
  uint32_t sc = snap(t, 8, F_NLP, 2, cmp);
  IrRef i = unbox_int(t, pi, sc), n = unbox_int(t, pn, sc);
  ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_LT, i, n, 0), 0, sc);
  IrRef inc[2] = {i, ir_const_int(t, 1)};
  uint32_t sa = snap(t, 10, F_NLP, 2, inc);
  IrRef i1 = ir_emit(t, IR_INT_ADD_OVF, i, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, sa);
  store_int(t, F_I, i1);
  trace_end(t, 12, F_NLP);
}

START_TEST(test_optimize_float_loop_keeps_the_accumulator_unboxed)
{
  IrTrace in, out;
  build_float_loop(&in);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), end = out.nins;
  ck_assert_uint_eq(count_op(&out, IR_NEW_FLOAT, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_UNBOX_FLOAT, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_CLASS, l2, end), 0);
  ck_assert_uint_eq(count_op(&out, IR_FLOAT_ADD, l2, end), 1);
  uint32_t nl;
  const IrRef *la = args_of(&out, out.ins[l2].a, &nl);
  uint32_t nfloat = 0;
  for (uint32_t j = 0; j < nl; j++) nfloat += ir_ref_kind(&out, la[j]) == IRK_FLOAT;
  ck_assert_uint_eq(nfloat, 1);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_float_loop_snapshots_name_the_float_value)
{
  IrTrace in, out;
  build_float_loop(&in);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), checked = 0;
  for (uint32_t i = 0; i < out.nins; i++) {
    if (!is_guard(&out, i)) continue;
    IrRef e = snap_entry(&out, i, F_TOTAL);
    if (i < l2 && e == IR_SNAP_UNCHANGED) continue; /* the preamble before the first store */
    ck_assert_msg(e != IR_SNAP_UNCHANGED, "guard %u (%s): total left to the window", i, ir_op_name[out.ins[i].op]);
    ck_assert_msg(ir_ref_kind(&out, e) == IRK_FLOAT, "guard %u: total is %s", i, ir_kind_name[ir_ref_kind(&out, e)]);
    checked++;
  }
  ck_assert_uint_ge(checked, 4);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- Boxes that escape ------------------------------------------------------------------------- */

START_TEST(test_optimize_box_escaping_through_setfield_is_materialized_once)
{
  IrTrace in, out;
  trace_begin(&in, true);
  IrRef obj = local(&in, 0, 0, 2);
  IrRef x = unbox_int(&in, local(&in, 1, 0, 2), snap(&in, 0, 2, 0, NULL));
  IrRef y = ir_emit(&in, IR_INT_ADD, x, ir_const_int(&in, 7), 0);
  IrRef box = ir_emit(&in, IR_BOX_INT, y, 0, 0);
  ir_emit_k(&in, IR_SETFIELD, IRK_VOID, 8, obj, 16, box);
  ir_emit_k(&in, IR_SETFIELD, IRK_VOID, 8, obj, 24, box);
  ir_emit(&in, IR_FRAME_SET, 1, box, 0);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_BOX_INT), 1);
  uint32_t b = find_op(&out, IR_BOX_INT, 0), f1 = find_op(&out, IR_SETFIELD, 0);
  ck_assert_uint_lt(b, f1);
  ck_assert_uint_eq(out.ins[f1].c, b);
  ck_assert_uint_eq(out.ins[find_op(&out, IR_SETFIELD, f1 + 1)].c, b);
  ck_assert_uint_eq(out.ins[find_op(&out, IR_FRAME_SET, 0)].b, b);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_box_escaping_through_call_is_materialized_once)
{
  IrTrace in, out;
  trace_begin(&in, true);
  IrRef lst = local(&in, 0, 0, 2);
  IrRef pf = local(&in, 1, 0, 2);
  ir_guard(&in, IR_GUARD_CLASS, pf, ir_const_builtin_type(&in, "float"), snap(&in, 0, 2, 0, NULL));
  IrRef f = ir_emit(&in, IR_FLOAT_MUL, ir_emit(&in, IR_UNBOX_FLOAT, pf, 0, 0), ir_const_float(&in, 2.0), 0);
  IrRef box = ir_emit(&in, IR_NEW_FLOAT, f, 0, 0);
  call2(&in, "list_append", lst, box);
  call2(&in, "list_append", lst, box);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_NEW_FLOAT), 1);
  uint32_t b = find_op(&out, IR_NEW_FLOAT, 0), c1 = find_op(&out, IR_CALL, 0), c2 = find_op(&out, IR_CALL, c1 + 1);
  ck_assert_uint_lt(b, c1);
  ck_assert_uint_eq(out.ins[c1].c, b);
  ck_assert_uint_eq(out.ins[c2].c, b);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_unescaped_box_in_a_bridge_is_never_made)
{
  IrTrace in, out;
  trace_begin(&in, true);
  IrRef x = unbox_int(&in, local(&in, 0, 0, 1), snap(&in, 0, 1, 0, NULL));
  IrRef box = ir_emit(&in, IR_BOX_INT, ir_emit(&in, IR_INT_ADD, x, ir_const_int(&in, 1), 0), 0, 0);
  /* Unboxed again at once: the optimizer reads the payload. */
  IrRef y = ir_emit(&in, IR_UNBOX_INT, box, 0, 0);
  IrRef lt = ir_emit(&in, IR_INT_LT, y, ir_const_int(&in, 100), 0);
  IrRef st[1] = {y};
  ir_guard(&in, IR_GUARD_TRUE, lt, 0, snap(&in, 2, 1, 1, st));
  trace_end(&in, 4, 1);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_BOX_INT), 0);
  ck_assert_uint_eq(count_all(&out, IR_UNBOX_INT), 1); /* x's */
  uint32_t g = find_op(&out, IR_GUARD_TRUE, 0);
  ck_assert_int_eq(ir_ref_kind(&out, snap_entry(&out, g, 1)), IRK_INT);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- Folding and sharing ---------------------------------------------------------------------- */

/* A bridge reading one int local, x; body(t, x) adds ops; the output's CALLs show the values. */
static void fold_case(IrTrace *in, IrTrace *out, IrRef (*body)(IrTrace *, IrRef), IrRef *x_out)
{
  trace_begin(in, true);
  IrRef x = unbox_int(in, local(in, 0, 0, 1), snap(in, 0, 1, 0, NULL));
  IrRef r = body(in, x);
  call1(in, "list_iter", r);
  trace_end(in, 2, 1);
  optimize_ok(in, out);
  *x_out = find_op(out, IR_UNBOX_INT, 0);
  ck_assert_uint_lt(*x_out, out->nins);
}

static IrRef const_plus_const(IrTrace *t, IrRef x) { (void)x; return ir_emit(t, IR_INT_ADD, ir_const_int(t, 3), ir_const_int(t, 4), 0); }
static IrRef x_plus_zero(IrTrace *t, IrRef x) { return ir_emit(t, IR_INT_ADD, x, ir_const_int(t, 0), 0); }
static IrRef x_times_one(IrTrace *t, IrRef x) { return ir_emit(t, IR_INT_MUL, x, ir_const_int(t, 1), 0); }
static IrRef x_minus_zero_ovf(IrTrace *t, IrRef x)
{
  IrRef r = ir_emit(t, IR_INT_SUB_OVF, x, ir_const_int(t, 0), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, snap(t, 1, 1, 0, NULL));
  return r;
}
static IrRef folded_chain(IrTrace *t, IrRef x)
{
  (void)x;
  IrRef a = ir_emit(t, IR_INT_MUL, ir_const_int(t, 6), ir_const_int(t, 7), 0);
  IrRef b = ir_emit(t, IR_INT_SUB, a, ir_const_int(t, 2), 0);
  IrRef c = ir_emit(t, IR_INT_ADD_OVF, b, ir_const_int(t, 10), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, snap(t, 1, 1, 0, NULL));
  return ir_emit(t, IR_INT_XOR, c, ir_const_int(t, 0xff), 0);
}

START_TEST(test_optimize_folds_int_add_of_constants)
{
  IrTrace in, out;
  IrRef x;
  fold_case(&in, &out, const_plus_const, &x);
  ck_assert_uint_eq(count_all(&out, IR_INT_ADD), 0);
  ck_assert_int_eq(const_int(&out, out.ins[find_op(&out, IR_CALL, 0)].b), 7);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_folds_a_chain_of_constants_and_drops_its_overflow_guard)
{
  IrTrace in, out;
  IrRef x;
  fold_case(&in, &out, folded_chain, &x);
  ck_assert_uint_eq(count_all(&out, IR_INT_MUL) + count_all(&out, IR_INT_SUB) + count_all(&out, IR_INT_ADD_OVF) +
                    count_all(&out, IR_INT_XOR), 0);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_NO_OVERFLOW), 0);
  ck_assert_int_eq(const_int(&out, out.ins[find_op(&out, IR_CALL, 0)].b), (42 - 2 + 10) ^ 0xff);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_folds_neutral_elements)
{
  IrRef (*const cases[])(IrTrace *, IrRef) = {x_plus_zero, x_times_one, x_minus_zero_ovf};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    IrTrace in, out;
    IrRef x;
    fold_case(&in, &out, cases[k], &x);
    ck_assert_uint_eq(count_all(&out, IR_INT_ADD) + count_all(&out, IR_INT_MUL) + count_all(&out, IR_INT_SUB_OVF), 0);
    ck_assert_uint_eq(count_all(&out, IR_GUARD_NO_OVERFLOW), 0);
    ck_assert_uint_eq(out.ins[find_op(&out, IR_CALL, 0)].b, x);
    ir_trace_free(&in);
    ir_trace_free(&out);
  }
}
END_TEST

START_TEST(test_optimize_does_not_fold_an_overflowing_constant_add)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 1, 0, NULL);
  IrRef r = ir_emit(&in, IR_INT_ADD_OVF, ir_const_int(&in, TAG_MAX), ir_const_int(&in, 1), 0);
  ir_guard(&in, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  call1(&in, "list_iter", r);
  trace_end(&in, 2, 1);
  optimize_ok(&in, &out);
  /* 2^62 is not a small int: the guard must stay and fail at run time. */
  uint32_t ovf = find_op(&out, IR_INT_ADD_OVF, 0);
  ck_assert_uint_lt(ovf, out.nins);
  ck_assert_uint_eq(out.ins[ovf + 1].op, IR_GUARD_NO_OVERFLOW);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_shares_identical_pure_ops)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 2, 0, NULL);
  IrRef x = unbox_int(&in, local(&in, 0, 0, 2), s), y = unbox_int(&in, local(&in, 1, 0, 2), s);
  IrRef a = ir_emit(&in, IR_INT_MUL, x, y, 0), b = ir_emit(&in, IR_INT_MUL, x, y, 0);
  IrRef c = ir_emit(&in, IR_INT_MUL, y, x, 0); /* another operand order: a different op here */
  call2(&in, "list_wb", a, b);
  call1(&in, "list_iter", c);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  ck_assert_uint_le(count_all(&out, IR_INT_MUL), 2);
  uint32_t call = find_op(&out, IR_CALL, 0);
  ck_assert_uint_eq(out.ins[call].b, out.ins[call].c);
  ck_assert_uint_eq(out.ins[out.ins[call].b].op, IR_INT_MUL);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_folded_add_keeps_its_guard_overflow_failing)
{
  /* GUARD_OVERFLOW: the trace was recorded where the sum overflowed. 3 + 4 does not, so the
     guard always fails; folding the add must not make the trace go on past it. */
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 1, 0, NULL);
  IrRef r = ir_emit(&in, IR_INT_ADD_OVF, ir_const_int(&in, 3), ir_const_int(&in, 4), 0);
  ir_guard(&in, IR_GUARD_OVERFLOW, 0, 0, s);
  call1(&in, "list_iter", r);
  trace_end(&in, 2, 1);
  ir_trace_init(&out);
  char err[256] = "";
  if (optimize_trace(&in, &out, NULL, err, sizeof err) == 0) {
    uint32_t call = find_op(&out, IR_CALL, 0), exits = 0;
    for (uint32_t i = 0; i < call; i++) exits += is_guard(&out, i);
    ck_assert_msg(exits > 0, "GUARD_OVERFLOW dropped: the optimized trace calls on with the folded sum");
  }
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- Guards already proven ----------------------------------------------------------------------- */

START_TEST(test_optimize_removes_repeated_guards_on_the_same_value)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 3, 0, NULL);
  IrRef pf = local(&in, 0, 0, 3), pi = local(&in, 1, 0, 3), pk = local(&in, 2, 0, 3);
  IrRef flt = ir_const_builtin_type(&in, "float");
  ir_guard(&in, IR_GUARD_CLASS, pf, flt, s);
  ir_guard(&in, IR_GUARD_CLASS, pf, flt, s);
  ir_guard(&in, IR_GUARD_TAGGED_INT, pi, 0, s);
  ir_guard(&in, IR_GUARD_TAGGED_INT, pi, 0, s);
  IrRef i = ir_emit(&in, IR_UNBOX_INT, pi, 0, 0);
  ir_guard(&in, IR_GUARD_VALUE, pk, ir_const_none(&in), s);
  ir_guard(&in, IR_GUARD_VALUE, pk, ir_const_none(&in), s);
  IrRef lt1 = ir_emit(&in, IR_INT_LT, i, ir_const_int(&in, 10), 0);
  ir_guard(&in, IR_GUARD_TRUE, lt1, 0, s);
  IrRef lt2 = ir_emit(&in, IR_INT_LT, i, ir_const_int(&in, 10), 0); /* shared with lt1 */
  ir_guard(&in, IR_GUARD_TRUE, lt2, 0, s);
  ir_guard(&in, IR_GUARD_TRUE, lt1, 0, s);
  ir_guard(&in, IR_GUARD_NONNULL, pf, 0, s);
  trace_end(&in, 2, 3);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_CLASS), 1);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_TAGGED_INT), 1);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_VALUE), 1);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_TRUE), 1);
  ck_assert_uint_eq(count_all(&out, IR_INT_LT), 1);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_NONNULL), 3); /* the three loads' own */
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_guard_value_makes_the_value_a_constant)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 1, 0, NULL);
  IrRef x = unbox_int(&in, local(&in, 0, 0, 1), s);
  ir_guard(&in, IR_GUARD_VALUE, x, ir_const_int(&in, 5), s);
  IrRef y = ir_emit(&in, IR_INT_ADD, x, ir_const_int(&in, 2), 0);
  call1(&in, "list_iter", y);
  trace_end(&in, 2, 1);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_INT_ADD), 0);
  ck_assert_int_eq(const_int(&out, out.ins[find_op(&out, IR_CALL, 0)].b), 7);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_keeps_guards_on_different_values)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 2, 0, NULL);
  IrRef a = local(&in, 0, 0, 2), b = local(&in, 1, 0, 2);
  ir_guard(&in, IR_GUARD_TAGGED_INT, a, 0, s);
  ir_guard(&in, IR_GUARD_TAGGED_INT, b, 0, s);
  IrRef x = ir_emit(&in, IR_UNBOX_INT, a, 0, 0), y = ir_emit(&in, IR_UNBOX_INT, b, 0, 0);
  ir_guard(&in, IR_GUARD_TRUE, ir_emit(&in, IR_INT_LT, x, y, 0), 0, s);
  ir_guard(&in, IR_GUARD_TRUE, ir_emit(&in, IR_INT_LT, y, x, 0), 0, s);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_TAGGED_INT), 2);
  ck_assert_uint_eq(count_all(&out, IR_GUARD_TRUE), 2);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- The heap cache ------------------------------------------------------------------------------- */

START_TEST(test_optimize_forwards_a_stored_field_to_its_load)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 2, 0, NULL);
  IrRef obj = local(&in, 0, 0, 2);
  IrRef v = unbox_int(&in, local(&in, 1, 0, 2), s);
  setfield(&in, obj, 16, v);
  IrRef w = getfield(&in, obj, 16);
  IrRef u = getfield(&in, obj, 24), u2 = getfield(&in, obj, 24);
  call2(&in, "list_wb", w, u);
  call1(&in, "list_iter", u2);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_GETFIELD), 1); /* field 24, once */
  uint32_t call = find_op(&out, IR_CALL, 0), load = find_op(&out, IR_GETFIELD, 0);
  ck_assert_uint_eq(out.ins[call].b, find_op(&out, IR_UNBOX_INT, 0));
  ck_assert_uint_eq(out.ins[call].c, load);
  ck_assert_uint_eq(out.ins[find_op(&out, IR_CALL, call + 1)].b, load);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_call_forgets_the_heap_cache)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 2, 0, NULL);
  IrRef obj = local(&in, 0, 0, 2);
  IrRef v = unbox_int(&in, local(&in, 1, 0, 2), s);
  setfield(&in, obj, 16, v);
  call1(&in, "list_iter", obj);
  IrRef w = getfield(&in, obj, 16);
  call1(&in, "list_iter", w);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  uint32_t c1 = find_op(&out, IR_CALL, 0), load = find_op(&out, IR_GETFIELD, 0);
  ck_assert_uint_eq(count_all(&out, IR_GETFIELD), 1);
  ck_assert_uint_gt(load, c1);
  ck_assert_uint_eq(out.ins[find_op(&out, IR_CALL, c1 + 1)].b, load);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_store_to_another_object_forgets_the_same_field)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 3, 0, NULL);
  IrRef a = local(&in, 0, 0, 3), b = local(&in, 1, 0, 3);
  IrRef v = unbox_int(&in, local(&in, 2, 0, 3), s);
  IrRef x = getfield(&in, a, 16);
  setfield(&in, b, 16, v); /* b may be a */
  IrRef y = getfield(&in, a, 16);
  call2(&in, "list_wb", x, y);
  trace_end(&in, 2, 3);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(count_all(&out, IR_GETFIELD), 2);
  uint32_t call = find_op(&out, IR_CALL, 0);
  ck_assert_uint_ne(out.ins[call].b, out.ins[call].c);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_forwards_a_stored_null_to_a_ref_load)
{
  /* The recorder stores the int 0 into a REF field (list_iter_step: an exhausted list iterator
     lets go of its list); a later load of that field is a REF and must stay one. */
  IrTrace in, out;
  trace_begin(&in, true);
  IrRef li = local(&in, 0, 0, 2);
  ir_emit_k(&in, IR_SETFIELD, IRK_VOID, 8, li, 16, ir_const_int(&in, 0));
  IrRef seq = ir_emit_k(&in, IR_GETFIELD, IRK_REF, 8, li, 16, 0);
  ir_emit(&in, IR_FRAME_SET, 1, seq, 0);
  trace_end(&in, 2, 2);
  optimize_ok(&in, &out);
  uint32_t set = find_op(&out, IR_FRAME_SET, 0);
  ck_assert_uint_lt(set, out.nins);
  ck_assert_int_eq(ir_ref_kind(&out, out.ins[set].b), IRK_REF);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_keeps_guard_nonnull_on_a_forwarded_null)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 1, 0, NULL);
  IrRef li = local(&in, 0, 0, 1);
  ir_emit_k(&in, IR_SETFIELD, IRK_VOID, 8, li, 16, ir_const_int(&in, 0));
  IrRef seq = ir_emit_k(&in, IR_GETFIELD, IRK_REF, 8, li, 16, 0);
  ir_guard(&in, IR_GUARD_NONNULL, seq, 0, s);
  trace_end(&in, 2, 1);
  ir_trace_init(&out);
  char err[256] = "";
  int rc = optimize_trace(&in, &out, NULL, err, sizeof err);
  ck_assert_msg(rc == 0, "%s", err);
  /* The field is NULL: the guard fails every time and must be there (loads: li's and seq's). */
  ck_assert_uint_eq(count_all(&out, IR_GUARD_NONNULL), 2);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_field_stored_then_reloaded_after_a_call_is_not_carried_stale)
{
  /* o.n += 1; helper(o); read o.n: the call makes the preamble forget its store, and its
     reload after the call is the last thing it knows of o.n. That reload must not stand for
     o.n at the top of the next iteration: the loop stores o.n every time round. */
  IrTrace in, out;
  trace_begin(&in, false);
  uint32_t s = snap(&in, 2, 1, 0, NULL);
  IrRef p = local(&in, 0, 2, 1);
  IrRef v = getfield(&in, p, 16);
  setfield(&in, p, 16, ir_emit(&in, IR_INT_ADD, v, ir_const_int(&in, 1), 0));
  call1(&in, "list_iter", p);
  IrRef w = getfield(&in, p, 16);
  ir_guard(&in, IR_GUARD_TRUE, ir_emit(&in, IR_INT_LT, w, ir_const_int(&in, 100), 0), 0, s);
  trace_end(&in, 4, 1);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), call = find_op(&out, IR_CALL, l2);
  ck_assert_uint_lt(call, out.nins);
  /* o.n's value before the call comes from a load in the loop or from the label, never
     from the preamble's reload. */
  uint32_t add = find_op(&out, IR_INT_ADD, l2);
  ck_assert_uint_lt(add, call);
  IrRef before = out.ins[add].a;
  bool from_loop = before > l2 && before < out.nins;
  ck_assert_msg(from_loop, "o.n in the loop is the preamble's value %u (label at %u)", before, l2);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_field_of_a_changing_object_is_not_carried)
{
  /* while node: node.val += 1; node = node.next: the field the preamble writes is on another
     object than the loop's, so only the node goes round the loop. */
  IrTrace in, out;
  trace_begin(&in, false);
  uint32_t s = snap(&in, 2, 1, 0, NULL);
  IrRef p = local(&in, 0, 2, 1);
  ir_guard(&in, IR_GUARD_CLASS, p, ir_const_class(&in, "m", "Node", TRACE_HASH), s);
  IrRef v = getfield(&in, p, 16);
  IrRef v1 = ir_emit(&in, IR_INT_ADD_OVF, v, ir_const_int(&in, 1), 0);
  ir_guard(&in, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  setfield(&in, p, 16, v1);
  ir_emit(&in, IR_FRAME_SET, 0, ir_emit_k(&in, IR_GETFIELD, IRK_REF, 8, p, 24, 0), 0);
  trace_end(&in, 4, 1);
  optimize_ok(&in, &out);
  uint32_t l2 = second_label(&out), nl;
  const IrRef *la = args_of(&out, out.ins[l2].a, &nl);
  ck_assert_uint_eq(nl, 1);
  ck_assert_int_eq(ir_ref_kind(&out, la[0]), IRK_REF);
  ck_assert_uint_eq(count_op(&out, IR_GETFIELD, l2, out.nins), 2);
  ck_assert_uint_eq(count_op(&out, IR_GUARD_CLASS, l2, out.nins), 1);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- Bridges ---------------------------------------------------------------------------------------- */

START_TEST(test_optimize_bridge_checks_for_a_collection_only_when_it_allocates)
{
  /* The recorder ends a bridge with GUARD_NOT_INVALIDATED. A bridge that neither allocates nor
     calls leaves it to the loop's preamble, which it jumps to; one that calls keeps it. */
  for (int calls = 0; calls < 2; calls++) {
    IrTrace in, out;
    trace_begin(&in, true);
    uint32_t s = snap(&in, 0, 2, 0, NULL);
    IrRef i = unbox_int(&in, local(&in, 0, 0, 2), s);
    IrRef i1 = ir_emit(&in, IR_INT_ADD_OVF, i, ir_const_int(&in, 1), 0);
    ir_guard(&in, IR_GUARD_NO_OVERFLOW, 0, 0, s);
    store_int(&in, 0, i1);
    if (calls) call1(&in, "list_iter", local(&in, 1, 0, 2));
    trace_end(&in, 2, 2);
    optimize_ok(&in, &out);
    ck_assert_uint_eq(count_all(&out, IR_GUARD_NOT_INVALIDATED), (uint32_t)calls);
    ir_trace_free(&in);
    ir_trace_free(&out);
  }
}
END_TEST

START_TEST(test_optimize_bridge_writes_pending_frame_sets_before_its_jump)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 3, 0, NULL);
  IrRef i = unbox_int(&in, local(&in, 0, 0, 3), s);
  IrRef i1 = ir_emit(&in, IR_INT_ADD_OVF, i, ir_const_int(&in, 1), 0);
  ir_guard(&in, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  store_int(&in, 0, i1);
  store_int(&in, 2, ir_const_int(&in, 9));
  IrRef i2 = ir_emit(&in, IR_INT_ADD_OVF, i1, ir_const_int(&in, 1), 0);
  ir_guard(&in, IR_GUARD_NO_OVERFLOW, 0, 0, s);
  store_int(&in, 0, i2); /* slot 0 again: only this value is stored */
  trace_end(&in, 2, 3);
  optimize_ok(&in, &out);
  ck_assert(out.flags & IR_TRACE_BRIDGE);
  ck_assert_uint_eq(count_all(&out, IR_LABEL), 0);
  ck_assert_uint_eq(out.ins[out.nins - 1].op, IR_JUMP);
  uint32_t nj;
  args_of(&out, out.ins[out.nins - 1].a, &nj);
  ck_assert_uint_eq(nj, 0);
  /* One store per slot written, after the last guard, with the last value. */
  ck_assert_uint_eq(count_all(&out, IR_FRAME_SET), 2);
  uint32_t last_guard = 0;
  for (uint32_t k = 0; k < out.nins; k++)
    if (is_guard(&out, k)) last_guard = k;
  bool seen[3] = {false};
  for (uint32_t k = find_op(&out, IR_FRAME_SET, 0); k < out.nins; k = find_op(&out, IR_FRAME_SET, k + 1)) {
    ck_assert_uint_gt(k, last_guard);
    const IrIns *set = &out.ins[k];
    ck_assert_uint_lt(set->a, 3);
    seen[set->a] = true;
    ck_assert_uint_eq(out.ins[set->b].op, IR_BOX_INT);
    IrRef payload = out.ins[set->b].a;
    if (set->a == 2) {
      ck_assert_int_eq(const_int(&out, payload), 9);
    } else {
      ck_assert_uint_eq(out.ins[payload].op, IR_INT_ADD_OVF);
      ck_assert_uint_eq(out.ins[out.ins[payload].a].op, IR_INT_ADD_OVF);
    }
  }
  ck_assert(seen[0] && seen[2] && !seen[1]);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

START_TEST(test_optimize_bridge_ending_in_finish_stores_nothing)
{
  IrTrace in, out;
  trace_begin(&in, true);
  uint32_t s = snap(&in, 0, 1, 0, NULL);
  IrRef i = unbox_int(&in, local(&in, 0, 0, 1), s);
  store_int(&in, 0, ir_emit(&in, IR_INT_ADD, i, ir_const_int(&in, 3), 0));
  ir_emit_k(&in, IR_FINISH, IRK_VOID, (uint16_t)snap(&in, 8, 1, 0, NULL), 0, 0, 0);
  char err[256];
  ck_assert_msg(ir_validate(&in, err, sizeof err) == IR_S_OK, "%s", err);
  optimize_ok(&in, &out);
  ck_assert_uint_eq(out.ins[out.nins - 1].op, IR_FINISH);
  ck_assert_uint_eq(count_all(&out, IR_FRAME_SET), 0);
  /* The exit writes the slot from its snapshot instead. */
  IrRef e = snap_entry(&out, out.nins - 1, 0);
  ck_assert_uint_eq(out.ins[e].op, IR_INT_ADD);
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- What the optimizer does not take ------------------------------------------------------------ */

static void assert_rejected(const IrTrace *in, const char *reason)
{
  IrTrace out;
  ir_trace_init(&out);
  char err[256] = "";
  ck_assert_int_eq(optimize_trace(in, &out, NULL, err, sizeof err), -1);
  ck_assert_msg(err[0] != '\0', "no message");
  ck_assert_msg(strstr(err, reason) != NULL, "message '%s' does not name '%s'", err, reason);
  ir_trace_free(&out);
}

START_TEST(test_optimize_rejects_a_loop_that_does_not_jump)
{
  IrTrace in;
  trace_begin(&in, false);
  IrRef i = unbox_int(&in, local(&in, 0, 0, 1), snap(&in, 0, 1, 0, NULL));
  store_int(&in, 0, i);
  ir_emit_k(&in, IR_FINISH, IRK_VOID, (uint16_t)snap(&in, 2, 1, 0, NULL), 0, 0, 0);
  assert_rejected(&in, "shape");
  ir_trace_free(&in);
}
END_TEST

START_TEST(test_optimize_rejects_an_op_it_does_not_know)
{
  IrTrace in;
  trace_begin(&in, false);
  IrRef obj = ir_emit(&in, IR_NEW_INSTANCE, ir_const_class(&in, "m", "C", TRACE_HASH), 0, 0);
  ir_emit(&in, IR_FRAME_SET, 0, obj, 0);
  trace_end(&in, 2, 1);
  assert_rejected(&in, "NEW_INSTANCE");
  ir_trace_free(&in);
}
END_TEST

START_TEST(test_optimize_rejects_a_trace_of_one_instruction)
{
  IrTrace in;
  trace_begin(&in, true);
  ir_emit_k(&in, IR_FINISH, IRK_VOID, (uint16_t)snap(&in, 2, 1, 0, NULL), 0, 0, 0);
  assert_rejected(&in, "shape");
  ir_trace_free(&in);
}
END_TEST

START_TEST(test_optimize_rejects_a_loop_with_inputs)
{
  /* INPUT is the builder's form of a loop with arguments; the recorder never makes one. */
  IrTrace in;
  ir_trace_init(&in);
  IrRef x = ir_input(&in, IRK_INT);
  IrRef la[1] = {x};
  ir_emit(&in, IR_LABEL, ir_const_args(&in, la, 1), 0, 0);
  IrRef y = ir_emit(&in, IR_INT_ADD, x, ir_const_int(&in, 1), 0);
  IrRef ja[1] = {y};
  ir_emit(&in, IR_JUMP, ir_const_args(&in, ja, 1), 0, 0);
  char err[256];
  ck_assert_msg(ir_validate(&in, err, sizeof err) == IR_S_OK, "%s", err);
  IrTrace out;
  ir_trace_init(&out);
  err[0] = '\0';
  ck_assert_int_eq(optimize_trace(&in, &out, NULL, err, sizeof err), -1);
  ck_assert(err[0] != '\0');
  ir_trace_free(&in);
  ir_trace_free(&out);
}
END_TEST

/* -- Random traces of the recorder's shape --------------------------------------------------------- */
/* A generator that plays the recorder over a few int locals: each step is one "instruction"
   (its own pc and snapshot, operands on the snapshot's stack): an _OVF op with its guard, a
   bitwise op, a // or % by a positive constant or a guarded positive variable, a comparison
   with its branch guard, a store, a copy of one local to another, or a GUARD_VALUE. */
typedef struct Gen { uint64_t s; } Gen;

static uint32_t rnd(Gen *g, uint32_t n)
{
  g->s ^= g->s << 13;
  g->s ^= g->s >> 7;
  g->s ^= g->s << 17;
  return (uint32_t)(g->s % n);
}

#define RL_MAX 5u

typedef struct RLocals {
  IrRef ref[RL_MAX];  /* what the recorder holds for the local: IR_NOREF = only in the window */
  bool is_int[RL_MAX]; /* ref is an unboxed INT (else the REF FRAME_GET'd) */
  uint32_t n;
} RLocals;

static IrRef r_int(IrTrace *t, RLocals *l, uint32_t slot, uint32_t pc)
{
  if (l->ref[slot] != IR_NOREF && l->is_int[slot]) return l->ref[slot];
  if (l->ref[slot] == IR_NOREF) l->ref[slot] = local(t, slot, pc, l->n);
  IrRef st[1] = {l->ref[slot]};
  l->ref[slot] = unbox_int(t, l->ref[slot], snap(t, pc, l->n, 1, st));
  l->is_int[slot] = true;
  return l->ref[slot];
}

static IrRef r_operand(Gen *g, IrTrace *t, RLocals *l, uint32_t pc)
{
  if (rnd(g, 4) == 0) return ir_const_int(t, (int64_t)rnd(g, 21) - 10);
  return r_int(t, l, rnd(g, l->n), pc);
}

static void r_step(Gen *g, IrTrace *t, RLocals *l, uint32_t pc)
{
  static const IrOp ovf[] = {IR_INT_ADD_OVF, IR_INT_SUB_OVF, IR_INT_MUL_OVF};
  static const IrOp bit[] = {IR_INT_AND, IR_INT_OR, IR_INT_XOR, IR_INT_ADD, IR_INT_SUB};
  static const IrOp cmp[] = {IR_INT_LT, IR_INT_LE, IR_INT_EQ, IR_INT_NE, IR_INT_GT, IR_INT_GE};
  dmp(t, pc);
  uint32_t dst = rnd(g, l->n);
  IrRef a = r_operand(g, t, l, pc), b = r_operand(g, t, l, pc), r;
  IrRef st[2] = {a, b};
  uint32_t s = snap(t, pc, l->n, 2, st);
  switch (rnd(g, 7)) {
  case 0: case 1:
    r = ir_emit(t, ovf[rnd(g, 3)], a, b, 0);
    ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s);
    break;
  case 2: r = ir_emit(t, bit[rnd(g, 5)], a, b, 0); break;
  case 3:
    if (rnd(g, 2)) {
      b = ir_const_int(t, 1 + rnd(g, 12));
    } else {
      ir_guard(t, IR_GUARD_TRUE, ir_emit(t, IR_INT_GT, b, ir_const_int(t, 0), 0), 0, s);
    }
    r = ir_emit(t, rnd(g, 2) ? IR_INT_MOD : IR_INT_FLOORDIV, a, b, 0);
    break;
  case 4:
    ir_guard(t, rnd(g, 2) ? IR_GUARD_TRUE : IR_GUARD_FALSE, ir_emit(t, cmp[rnd(g, 6)], a, b, 0), 0, s);
    return;
  case 5: { /* x = y: the boxed value as the recorder holds it */
    uint32_t src = rnd(g, l->n);
    if (l->ref[src] == IR_NOREF) l->ref[src] = local(t, src, pc, l->n);
    IrRef v = l->ref[src];
    ir_emit(t, IR_FRAME_SET, dst, l->is_int[src] ? ir_emit(t, IR_BOX_INT, v, 0, 0) : v, 0);
    l->ref[dst] = v;
    l->is_int[dst] = l->is_int[src];
    return;
  }
  default:
    if (ir_isconst(a)) return;
    ir_guard(t, IR_GUARD_VALUE, a, ir_const_int(t, (int64_t)rnd(g, 3)), s);
    return;
  }
  store_int(t, dst, r);
  l->ref[dst] = r;
  l->is_int[dst] = true;
}

static void random_trace(Gen *g, IrTrace *t, bool bridge)
{
  RLocals l = {.n = 2 + rnd(g, RL_MAX - 1)};
  for (uint32_t j = 0; j < RL_MAX; j++) l.ref[j] = IR_NOREF, l.is_int[j] = false;
  trace_begin(t, bridge);
  uint32_t steps = 1 + rnd(g, 12);
  for (uint32_t k = 0; k < steps; k++) r_step(g, t, &l, 2 + 2 * k);
  trace_end(t, 2 + 2 * steps, l.n);
}

START_TEST(test_optimize_random_recorder_traces_are_rejected_cleanly_or_valid)
{
  Gen g = {0x9e3779b97f4a7c15ull};
  uint32_t ok = 0;
  for (int n = 0; n < 300; n++) {
    IrTrace in, out;
    random_trace(&g, &in, n % 3 == 2);
    ir_trace_init(&out);
    char err[256] = "";
    int rc = optimize_trace(&in, &out, NULL, err, sizeof err);
    if (rc == 0) {
      char verr[256];
      ck_assert_msg(ir_validate(&out, verr, sizeof verr) == IR_S_OK, "trace %d: %s", n, verr);
      if (!(in.flags & IR_TRACE_BRIDGE)) ck_assert_uint_eq(count_all(&out, IR_LABEL), 2);
      ok++;
    } else {
      ck_assert_int_eq(rc, -1);
      ck_assert_msg(err[0] != '\0', "trace %d: rejected without a message", n);
      ck_assert_msg(strstr(err, "invalid trace") == NULL, "trace %d: %s", n, err);
    }
    ir_trace_free(&in);
    ir_trace_free(&out);
  }
  /* Everything generated is in the recorder's vocabulary: all of it should be taken. */
  ck_assert_uint_eq(ok, 300);
}
END_TEST

/* -- Suite ----------------------------------------------------------------------------------------- */

static Suite *optimize_suite(void)
{
  Suite *s = suite_create("optimize");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_optimize_count_loop_is_peeled_into_two_labels);
  tcase_add_test(tc, test_optimize_count_loop_proper_has_no_frame_or_box_ops);
  tcase_add_test(tc, test_optimize_count_loop_keeps_the_branch_and_overflow_check);
  tcase_add_test(tc, test_optimize_allocating_loop_keeps_its_gc_check);
  tcase_add_test(tc, test_optimize_count_loop_counter_is_an_int_label_argument);
  tcase_add_test(tc, test_optimize_count_loop_hoists_invariant_guards_and_loads);
  tcase_add_test(tc, test_optimize_count_loop_snapshots_name_the_unboxed_locals);
  tcase_add_test(tc, test_optimize_float_loop_keeps_the_accumulator_unboxed);
  tcase_add_test(tc, test_optimize_float_loop_snapshots_name_the_float_value);
  tcase_add_test(tc, test_optimize_box_escaping_through_setfield_is_materialized_once);
  tcase_add_test(tc, test_optimize_box_escaping_through_call_is_materialized_once);
  tcase_add_test(tc, test_optimize_unescaped_box_in_a_bridge_is_never_made);
  tcase_add_test(tc, test_optimize_folds_int_add_of_constants);
  tcase_add_test(tc, test_optimize_folds_a_chain_of_constants_and_drops_its_overflow_guard);
  tcase_add_test(tc, test_optimize_folds_neutral_elements);
  tcase_add_test(tc, test_optimize_does_not_fold_an_overflowing_constant_add);
  tcase_add_test(tc, test_optimize_folded_add_keeps_its_guard_overflow_failing);
  tcase_add_test(tc, test_optimize_shares_identical_pure_ops);
  tcase_add_test(tc, test_optimize_removes_repeated_guards_on_the_same_value);
  tcase_add_test(tc, test_optimize_guard_value_makes_the_value_a_constant);
  tcase_add_test(tc, test_optimize_keeps_guards_on_different_values);
  tcase_add_test(tc, test_optimize_forwards_a_stored_field_to_its_load);
  tcase_add_test(tc, test_optimize_call_forgets_the_heap_cache);
  tcase_add_test(tc, test_optimize_store_to_another_object_forgets_the_same_field);
  tcase_add_test(tc, test_optimize_forwards_a_stored_null_to_a_ref_load);
  tcase_add_test(tc, test_optimize_keeps_guard_nonnull_on_a_forwarded_null);
  tcase_add_test(tc, test_optimize_field_of_a_changing_object_is_not_carried);
  tcase_add_test(tc, test_optimize_field_stored_then_reloaded_after_a_call_is_not_carried_stale);
  tcase_add_test(tc, test_optimize_bridge_writes_pending_frame_sets_before_its_jump);
  tcase_add_test(tc, test_optimize_bridge_checks_for_a_collection_only_when_it_allocates);
  tcase_add_test(tc, test_optimize_bridge_ending_in_finish_stores_nothing);
  tcase_add_test(tc, test_optimize_rejects_a_loop_that_does_not_jump);
  tcase_add_test(tc, test_optimize_rejects_an_op_it_does_not_know);
  tcase_add_test(tc, test_optimize_rejects_a_trace_of_one_instruction);
  tcase_add_test(tc, test_optimize_rejects_a_loop_with_inputs);
  tcase_add_test(tc, test_optimize_random_recorder_traces_are_rejected_cleanly_or_valid);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(optimize_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
