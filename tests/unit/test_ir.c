/* Unit tests for shared/ir.c: the op table, the builder and its bounds, constant
 * deduplication, every rule of ir_validate, and the jit-log dump of a hand-written trace of
 * PyPy's count.py loop. */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif
#include "../../shared/ir.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t CODE_HASH[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                      0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

/* Instruction indexes of the count loop, for the tests that break one thing in it. */
enum { I_I, I_STOP, I_NOT, I_MULT, I_LABEL, I_DMP1, I_LT, I_GT, I_ADD, I_DMP2, I_MOD, I_EQ,
       I_GF, I_OVF, I_GNO, I_JUMP, I_N };

/* count.py's loop, unboxed: for i in range(stop): if i % 5 == 0: mult += 1 else: not_mult += 1
   recorded along the else branch. Inputs: i, stop, not_mult (ints), mult (a boxed object). */
static void build_count_loop(IrTrace *t)
{
  ir_trace_init(t);
  memcpy(t->code_hash, CODE_HASH, 16);
  t->pc = 32;
  IrRef i = ir_input(t, IRK_INT), stop = ir_input(t, IRK_INT), notm = ir_input(t, IRK_INT);
  IrRef mult = ir_input(t, IRK_REF);
  IrRef code = ir_const_code(t, CODE_HASH, "count_mult_of_5", "count.py", 1);
  IrRef in4[4] = {i, stop, notm, mult};
  ir_emit(t, IR_LABEL, ir_const_args(t, in4, 4), 0, 0);
  ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code, 32, 4);
  IrRef lt = ir_emit(t, IR_INT_LT, i, stop, 0);
  uint32_t s0 = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, 32, 4);
  for (int k = 0; k < 4; k++) ir_snapshot_entry(t, in4[k]);
  ck_assert_int_eq(ir_snapshot_end(t), IR_S_OK);
  ir_guard(t, IR_GUARD_TRUE, lt, 0, s0);
  IrRef i1 = ir_emit(t, IR_INT_ADD, i, ir_const_int(t, 1), 0);
  ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code, 40, 5);
  IrRef mod = ir_emit(t, IR_INT_MOD, i, ir_const_int(t, 5), 0);
  IrRef eq = ir_emit(t, IR_INT_EQ, mod, ir_const_int(t, 0), 0);
  uint32_t s1 = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, 40, 4);
  ir_snapshot_entry(t, i1);
  ir_snapshot_entry(t, stop);
  ir_snapshot_entry(t, notm);
  ir_snapshot_entry(t, mult);
  ck_assert_int_eq(ir_snapshot_end(t), IR_S_OK);
  ir_guard(t, IR_GUARD_FALSE, eq, 0, s1);
  IrRef n1 = ir_emit(t, IR_INT_ADD_OVF, notm, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s1);
  IrRef out4[4] = {i1, stop, n1, mult};
  ir_emit(t, IR_JUMP, ir_const_args(t, out4, 4), 0, 0);
  ck_assert_int_eq(ir_trace_status(t), IR_S_OK);
  ck_assert_uint_eq(t->nins, I_N);
}

static IrStatus validate(const IrTrace *t)
{
  char err[256];
  IrStatus s = ir_validate(t, err, sizeof err);
  if (s != IR_S_OK) ck_assert_msg(err[0] != '\0', "no message for %s", ir_status_name(s));
  return s;
}

/* -- Tables ----------------------------------------------------------------- */
START_TEST(test_ir_op_table_is_consistent)
{
  for (int op = 0; op < IR__COUNT; op++) {
    int used = 0;
    for (int j = 0; j < 3; j++) used += ir_op_mode[op][j] != IRM____;
    ck_assert_msg(used == ir_op_nops[op], "%s: arity %d, %d modes", ir_op_name[op], ir_op_nops[op], used);
    for (int j = used; j < 3; j++) ck_assert_int_eq(ir_op_mode[op][j], IRM____);
    if (ir_op_flags[op] & IRF_GUARD) {
      ck_assert(ir_op_flags[op] & IRF_SNAP);
      ck_assert_int_eq(ir_op_kind[op], IRK_VOID);
      ck_assert(strncmp(ir_op_name[op], "GUARD_", 6) == 0);
    }
    if (ir_op_flags[op] & IRF_PURE) ck_assert(!(ir_op_flags[op] & (IRF_STORE | IRF_CALL | IRF_ALLOC)));
  }
  ck_assert_str_eq(ir_op_name[IR_INT_ADD_OVF], "INT_ADD_OVF");
  ck_assert_int_eq(ir_op_kind[IR_INT_LT], IRK_BOOL);
  ck_assert_int_eq(ir_op_kind[IR_NEW_FLOAT], IRK_REF);
  ck_assert(ir_op_flags[IR_NEW_FLOAT] & IRF_ALLOC);
  ck_assert(ir_op_flags[IR_JUMP] & IRF_END);
  ck_assert_str_eq(ir_status_name(IR_S_SSA_ORDER), "SSA_ORDER");
  ck_assert_uint_eq(sizeof(IrIns), 16);
}
END_TEST

/* -- Builder ------------------------------------------------------------------ */
START_TEST(test_ir_count_loop_validates)
{
  IrTrace t;
  build_count_loop(&t);
  ck_assert_int_eq(validate(&t), IR_S_OK);
  ck_assert_uint_eq(t.nsnaps, 2);
  ck_assert_uint_eq(t.nframes, 2);
  ck_assert_uint_eq(t.nentries, 8);
  ck_assert_int_eq(t.ins[I_LT].kind, IRK_BOOL);
  ck_assert_int_eq(ir_ref_kind(&t, t.ins[I_ADD].b), IRK_INT);
  ir_trace_free(&t);
  ck_assert_uint_eq(t.nins, 0);
  ir_trace_free(&t); /* freeing twice is harmless */
}
END_TEST

START_TEST(test_ir_constants_are_deduplicated)
{
  IrTrace t;
  ir_trace_init(&t);
  uint8_t h1[16] = {1}, h2[16] = {2};
  IrRef a = ir_const_int(&t, 42), b = ir_const_int(&t, 42), c = ir_const_int(&t, 43);
  ck_assert(ir_isconst(a));
  ck_assert_uint_eq(a, b);
  ck_assert_uint_ne(a, c);
  ck_assert_uint_ne(ir_const_float(&t, 0.0), ir_const_float(&t, -0.0));
  ck_assert_uint_eq(ir_const_float(&t, 1.5), ir_const_float(&t, 1.5));
  ck_assert_uint_eq(ir_const_none(&t), ir_const_none(&t));
  ck_assert_uint_ne(ir_const_bool(&t, true), ir_const_bool(&t, false));
  ck_assert_uint_eq(ir_const_str(&t, "ab\0c", 4), ir_const_str(&t, "ab\0c", 4));
  ck_assert_uint_ne(ir_const_str(&t, "ab\0c", 4), ir_const_str(&t, "ab", 2));
  IrRef helper = ir_const_helper(&t, "obj_binop");
  ck_assert_uint_eq(helper, ir_const_helper(&t, "obj_binop"));
  ck_assert_uint_ne(helper, ir_const_str(&t, "obj_binop", 9)); /* same bytes, other kind */
  IrRef cls = ir_const_class(&t, "m", "C", h1);
  ck_assert_uint_eq(cls, ir_const_class(&t, "m", "C", h1));
  ck_assert_uint_ne(cls, ir_const_class(&t, "m", "C", h2));
  ck_assert_uint_ne(cls, ir_const_class(&t, "m", "D", h1));
  ck_assert_uint_ne(ir_const_builtin_type(&t, "int"), ir_const_builtin_type(&t, "float"));
  ck_assert_uint_eq(ir_const_global(&t, "m", "x"), ir_const_global(&t, "m", "x"));
  ck_assert_uint_ne(ir_const_global(&t, "m", "x"), ir_const_global(&t, "mx", "y"));
  const char *n1[] = {"x", "y"}, *n2[] = {"x\0y", "z"};
  IrRef map = ir_const_map(&t, cls, n1, 2);
  ck_assert_uint_eq(map, ir_const_map(&t, cls, n1, 2));
  ck_assert_uint_ne(map, ir_const_map(&t, cls, n2, 1));
  IrRef l1[2] = {a, c}, l2[2] = {c, a};
  ck_assert_uint_eq(ir_const_args(&t, l1, 2), ir_const_args(&t, l1, 2));
  ck_assert_uint_ne(ir_const_args(&t, l1, 2), ir_const_args(&t, l2, 2));
  ck_assert_uint_eq(ir_const_code(&t, h1, "f", "a.py", 3), ir_const_code(&t, h1, "f", "a.py", 3));
  ck_assert_int_eq(ir_trace_status(&t), IR_S_OK);
  /* An empty global name names the module; an empty module name is a misuse: the status says
     so and stays. */
  ck_assert_uint_ne(ir_const_global(&t, "mx", ""), IR_NOREF);
  ck_assert_uint_ne(ir_const_global(&t, "mx", ""), ir_const_global(&t, "mx", "y"));
  ck_assert_uint_eq(ir_const_global(&t, "", "y"), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_MISUSE);
  ck_assert_uint_eq(ir_const_int(&t, 7), IR_NOREF);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_dedup_index_is_built_for_a_trace_without_one)
{
  IrTrace t;
  build_count_loop(&t);
  uint32_t n = t.nconsts;
  free(t.chash); /* as a decoded trace: constants but no index */
  t.chash = NULL;
  IrRef one = ir_const_int(&t, 1);
  ck_assert_uint_eq(t.nconsts, n);
  ck_assert_uint_eq(one, t.ins[I_ADD].b);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_rejects_ops_past_IR_OPS_MAX)
{
  IrTrace t;
  ir_trace_init(&t);
  IrRef x = ir_input(&t, IRK_INT);
  for (uint32_t i = 1; i < IR_OPS_MAX; i++) ck_assert_uint_eq(ir_emit(&t, IR_INT_NEG, x, 0, 0), i);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_OK);
  ck_assert_uint_eq(ir_emit(&t, IR_INT_NEG, x, 0, 0), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_OPS);
  ck_assert_uint_eq(t.nins, IR_OPS_MAX);
  ck_assert_uint_eq(ir_const_int(&t, 1), IR_NOREF); /* sticky */
  ck_assert_int_eq(ir_validate(&t, NULL, 0), IR_S_TOO_MANY_OPS);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_rejects_constants_past_IR_CONSTS_MAX)
{
  IrTrace t;
  ir_trace_init(&t);
  for (uint32_t i = 0; i < IR_CONSTS_MAX; i++) ck_assert_uint_eq(ir_const_int(&t, i), ir_constref(i));
  ck_assert_uint_eq(ir_const_int(&t, 5), ir_constref(5)); /* an existing one still resolves */
  ck_assert_uint_eq(ir_const_int(&t, -1), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_CONSTS);
  ck_assert_uint_eq(t.nconsts, IR_CONSTS_MAX);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_rejects_strings_past_IR_STRPOOL_MAX)
{
  IrTrace t;
  ir_trace_init(&t);
  static char big[IR_STRPOOL_MAX / 2];
  memset(big, 'a', sizeof big);
  ck_assert(ir_const_str(&t, big, sizeof big) != IR_NOREF);
  big[0] = 'b';
  ck_assert(ir_const_str(&t, big, sizeof big) != IR_NOREF);
  ck_assert_uint_eq(t.nstr, IR_STRPOOL_MAX);
  ck_assert_uint_eq(ir_const_helper(&t, "h"), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_STRPOOL_FULL);
  ir_trace_free(&t);
  ir_trace_init(&t);
  ck_assert_uint_eq(ir_const_str(&t, big, (size_t)IR_STRPOOL_MAX + 1), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_STRPOOL_FULL);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_rejects_argument_lists_over_limits)
{
  IrTrace t;
  ir_trace_init(&t);
  static IrRef refs[IR_ARGLIST_MAX + 1];
  IrRef one = ir_const_int(&t, 1);
  for (uint32_t i = 0; i <= IR_ARGLIST_MAX; i++) refs[i] = one;
  ck_assert_uint_eq(ir_const_args(&t, refs, IR_ARGLIST_MAX + 1), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_ARGS);
  ir_trace_free(&t);
  ir_trace_init(&t);
  one = ir_const_int(&t, 1);
  uint32_t lists = 0;
  for (uint32_t i = 0; i < IR_ARGLIST_MAX; i++) refs[i] = one;
  for (; lists < IR_ARGS_MAX / IR_ARGLIST_MAX; lists++) {
    refs[0] = ir_const_int(&t, (int64_t)lists + 100); /* distinct lists */
    ck_assert(ir_const_args(&t, refs, IR_ARGLIST_MAX) != IR_NOREF);
  }
  refs[0] = ir_const_int(&t, -5);
  ck_assert_uint_eq(ir_const_args(&t, refs, IR_ARGLIST_MAX), IR_NOREF);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_ARGS);
  ck_assert_uint_eq(t.nargs, IR_ARGS_MAX);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_rejects_snapshots_over_limits)
{
  IrTrace t;
  uint8_t h[16] = {0};
  ir_trace_init(&t);
  IrRef code = ir_const_code(&t, h, "f", "f.py", 1);
  ir_snapshot_begin(&t);
  for (uint32_t i = 0; i < IR_SNAP_DEPTH_MAX; i++) ir_snapshot_frame(&t, code, i, 0);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_OK);
  ir_snapshot_frame(&t, code, 99, 0);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_FRAMES);
  ir_trace_free(&t);

  ir_trace_init(&t);
  code = ir_const_code(&t, h, "f", "f.py", 1);
  ir_snapshot_begin(&t);
  ir_snapshot_frame(&t, code, 0, IR_FRAME_SLOTS_MAX + 1);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_ENTRIES);
  ir_trace_free(&t);

  /* Fewer entries than the frame's slots, or more, is a misuse. */
  ir_trace_init(&t);
  code = ir_const_code(&t, h, "f", "f.py", 1);
  ir_snapshot_begin(&t);
  ir_snapshot_frame(&t, code, 0, 2);
  ir_snapshot_entry(&t, IR_SNAP_DEAD);
  ck_assert_int_eq(ir_snapshot_end(&t), IR_S_MISUSE);
  ir_trace_free(&t);
  ir_trace_init(&t);
  code = ir_const_code(&t, h, "f", "f.py", 1);
  ir_snapshot_begin(&t);
  ir_snapshot_frame(&t, code, 0, 1);
  ir_snapshot_entry(&t, IR_SNAP_DEAD);
  ir_snapshot_entry(&t, IR_SNAP_DEAD);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_MISUSE);
  ir_trace_free(&t);

  /* IR_SNAPSHOTS_MAX snapshots, then one more. */
  ir_trace_init(&t);
  code = ir_const_code(&t, h, "f", "f.py", 1);
  for (uint32_t i = 0; i < IR_SNAPSHOTS_MAX; i++) {
    ck_assert_uint_eq(ir_snapshot_begin(&t), i);
    ir_snapshot_frame(&t, code, i, 0);
    ir_snapshot_end(&t);
  }
  ck_assert_uint_eq(ir_snapshot_begin(&t), IR_NOSNAP);
  ck_assert_int_eq(ir_trace_status(&t), IR_S_TOO_MANY_SNAPSHOTS);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_ir_builder_misuse_is_reported)
{
  IrTrace t;
  ir_trace_init(&t);
  ck_assert_uint_eq(ir_emit(&t, IR_GETFIELD, 0, 0, 0), IR_NOREF); /* variable kind: ir_emit_k */
  ck_assert_int_eq(ir_trace_status(&t), IR_S_MISUSE);
  ir_trace_free(&t);
  ir_trace_init(&t);
  ck_assert_uint_eq(ir_guard(&t, IR_GUARD_TRUE, 0, 0, 0), IR_NOREF); /* no snapshot 0 */
  ck_assert_int_eq(ir_trace_status(&t), IR_S_MISUSE);
  ir_trace_free(&t);
  ir_trace_init(&t);
  ir_snapshot_begin(&t);
  ck_assert_uint_eq(ir_input(&t, IRK_INT), IR_NOREF); /* emit while a snapshot is open */
  ck_assert_int_eq(ir_trace_status(&t), IR_S_MISUSE);
  ir_trace_free(&t);
}
END_TEST

/* -- Validation: each rule, broken once in an otherwise valid trace ----------- */
#define EXPECT_INVALID(status, ...)             \
  do {                                          \
    IrTrace t;                                  \
    build_count_loop(&t);                       \
    __VA_ARGS__;                                \
    char err_[256];                             \
    IrStatus got_ = ir_validate(&t, err_, sizeof err_); \
    ck_assert_msg(got_ == (status), "got %s (%s), want %s", ir_status_name(got_), err_, \
                  ir_status_name(status));      \
    ir_trace_free(&t);                          \
  } while (0)

START_TEST(test_ir_validate_rejects_unknown_op)
{
  EXPECT_INVALID(IR_S_BAD_OP, t.ins[I_ADD].op = IR__COUNT);
  EXPECT_INVALID(IR_S_BAD_OP, t.ins[I_ADD].op = 0xff);
}
END_TEST

START_TEST(test_ir_validate_rejects_wrong_result_kind)
{
  EXPECT_INVALID(IR_S_BAD_RESULT_KIND, t.ins[I_ADD].kind = IRK_FLOAT);
  EXPECT_INVALID(IR_S_BAD_RESULT_KIND, t.ins[I_LT].kind = IRK_INT);
  EXPECT_INVALID(IR_S_BAD_RESULT_KIND, t.ins[I_GT].kind = IRK_INT);    /* guards have no result */
  /* An INPUT needs a kind. */
  IrTrace t;
  ir_trace_init(&t);
  ir_emit_k(&t, IR_INPUT, IRK_VOID, 0, 0, 0, 0);
  IrRef none = ir_const_args(&t, NULL, 0);
  ir_emit(&t, IR_LABEL, none, 0, 0);
  ir_emit(&t, IR_JUMP, none, 0, 0);
  ck_assert_int_eq(validate(&t), IR_S_BAD_RESULT_KIND);
  t.ins[0].kind = IRK_FLOAT;
  ck_assert_int_eq(validate(&t), IR_S_OK);
  ir_trace_free(&t);
  EXPECT_INVALID(IR_S_BAD_RESULT_KIND, t.ins[I_GT].kind = 9);
}
END_TEST

START_TEST(test_ir_validate_rejects_wrong_operand_kinds)
{
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_ADD].a = I_MULT);                /* REF into INT_ADD */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_ADD].b = ir_const_float(&t, 1)); /* FLOAT const */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_GT].a = I_I);                    /* INT into GUARD_TRUE */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_ADD].op = IR_FLOAT_ADD; t.ins[I_ADD].kind = IRK_FLOAT);
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_DMP1].a = ir_const_int(&t, 3));  /* code must be SYM_CODE */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_JUMP].a = ir_const_int(&t, 3));  /* args must be ARGS */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_GT].op = IR_GUARD_CLASS; t.ins[I_GT].a = I_MULT;
                 t.ins[I_GT].b = ir_const_int(&t, 1)); /* class must be SYM_TYPE */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_GT].op = IR_GUARD_VALUE; t.ins[I_GT].a = I_I;
                 t.ins[I_GT].b = I_STOP); /* GUARD_VALUE compares with a constant */
  EXPECT_INVALID(IR_S_BAD_OPERAND_KIND, t.ins[I_GT].op = IR_GUARD_VALUE; t.ins[I_GT].a = I_I;
                 t.ins[I_GT].b = ir_const_none(&t)); /* ... of the same kind */
}
END_TEST

START_TEST(test_ir_validate_rejects_use_before_definition)
{
  EXPECT_INVALID(IR_S_SSA_ORDER, t.ins[I_ADD].a = I_ADD);     /* itself */
  EXPECT_INVALID(IR_S_SSA_ORDER, t.ins[I_LT].a = I_MOD);      /* a later value */
  EXPECT_INVALID(IR_S_SSA_ORDER, t.ins[I_LT].a = I_N + 100);  /* no such instruction */
  /* An argument list naming a value defined after its LABEL. */
  EXPECT_INVALID(IR_S_SSA_ORDER, t.ins[I_LABEL].a = t.ins[I_JUMP].a);
}
END_TEST

START_TEST(test_ir_validate_rejects_constant_refs_out_of_range)
{
  EXPECT_INVALID(IR_S_BAD_CONST_REF, t.ins[I_ADD].b = ir_constref(t.nconsts));
  EXPECT_INVALID(IR_S_BAD_CONST_REF, t.ins[I_ADD].b = IR_CONST_BASE + 0x7ffffff0u);
}
END_TEST

START_TEST(test_ir_validate_rejects_wrong_operand_counts)
{
  EXPECT_INVALID(IR_S_BAD_OPERAND_COUNT, t.ins[I_ADD].c = 1);       /* beyond the arity */
  EXPECT_INVALID(IR_S_BAD_OPERAND_COUNT, t.ins[I_GNO].a = 1);
  EXPECT_INVALID(IR_S_BAD_OPERAND_COUNT, t.ins[I_ADD].b = IR_NOREF); /* missing */
}
END_TEST

START_TEST(test_ir_validate_rejects_guards_without_valid_snapshot)
{
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.ins[I_GT].snap_or_aux = 2);
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.ins[I_GT].snap_or_aux = IR_NOSNAP);
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.frames[0].code = ir_const_int(&t, 1));
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.snaps[1].entry_start = 3);
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.snaps[0].nentries = 3);
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.frames[1].nslots = 5);
  EXPECT_INVALID(IR_S_BAD_SNAPSHOT, t.nentries = 7);
}
END_TEST

START_TEST(test_ir_validate_rejects_bad_snapshot_entries)
{
  EXPECT_INVALID(IR_S_BAD_SNAP_ENTRY, t.entries[0] = I_ADD);        /* after the guard using it */
  EXPECT_INVALID(IR_S_BAD_SNAP_ENTRY, t.entries[5] = I_N + 5);      /* no such instruction */
  EXPECT_INVALID(IR_S_BAD_SNAP_ENTRY, t.entries[5] = I_LABEL);      /* not a value */
  EXPECT_INVALID(IR_S_BAD_SNAP_ENTRY, t.entries[5] = ir_constref(t.nconsts + 1));
  EXPECT_INVALID(IR_S_BAD_SNAP_ENTRY, t.entries[5] = ir_const_helper(&t, "h"));
}
END_TEST

START_TEST(test_ir_validate_rejects_bad_structure)
{
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.ins[I_LABEL].op = IR_INPUT; t.ins[I_LABEL].kind = IRK_INT;
                 t.ins[I_LABEL].a = 0);                                           /* no LABEL */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.ins[I_DMP1].op = IR_INPUT; t.ins[I_DMP1].kind = IRK_INT;
                 t.ins[I_DMP1].a = t.ins[I_DMP1].b = t.ins[I_DMP1].c = 0);        /* INPUT late */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.nins = I_JUMP);                            /* no end */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.ins[I_DMP2].op = IR_FINISH;
                 t.ins[I_DMP2].a = t.ins[I_DMP2].b = t.ins[I_DMP2].c = 0);        /* end early */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.ins[I_OVF].op = IR_INT_ADD);               /* guard w/o _OVF */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.ins[I_ADD].op = IR_INT_ADD_OVF);           /* _OVF w/o guard */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.flags = 0x80);
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, t.nins = 0);
  /* JUMP with fewer values than the label, and with a value of another kind. */
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, IrRef l3[3] = {I_ADD, I_STOP, I_OVF};
                 t.ins[I_JUMP].a = ir_const_args(&t, l3, 3));
  EXPECT_INVALID(IR_S_BAD_STRUCTURE, IrRef l4[4] = {I_ADD, I_STOP, I_OVF, I_EQ};
                 t.ins[I_JUMP].a = ir_const_args(&t, l4, 4));
}
END_TEST

START_TEST(test_ir_validate_rejects_malformed_constants)
{
#define KONST(r) t.consts[(r) - IR_CONST_BASE]
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_ADD].b).reserved = 1);
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_ADD].b).n = 1);          /* unused by INT */
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_ADD].b).u.hash[8] = 1);  /* INT uses 8 bytes */
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_ADD].b).s[1].len = 1);
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_ADD].b).kind = IRC__COUNT);
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_DMP1].a).s[0].len = t.nstr + 1); /* out of the pool */
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_DMP1].a).s[1].off = 0xfffffff0u);
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(t.ins[I_LABEL].a).s[0].len = t.nargs + 1);
  EXPECT_INVALID(IR_S_BAD_CONST, t.args[0] = I_LABEL);                  /* not a value */
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(ir_const_helper(&t, "f")).s[0].len = 0);
  EXPECT_INVALID(IR_S_BAD_CONST, KONST(ir_const_builtin_type(&t, "int")).sub = 7);
  EXPECT_INVALID(IR_S_BAD_CONST, IrRef cls = ir_const_builtin_type(&t, "int");
                 IrRef map = ir_const_map(&t, cls, NULL, 0);
                 KONST(map).n = map - IR_CONST_BASE); /* a map's class must come before it */
#undef KONST
}
END_TEST

START_TEST(test_ir_validate_rejects_bad_aux_and_literals)
{
  EXPECT_INVALID(IR_S_BAD_AUX, t.ins[I_ADD].snap_or_aux = 1);
  EXPECT_INVALID(IR_S_BAD_AUX, t.ins[I_DMP1].snap_or_aux = IR_SNAP_DEPTH_MAX);
  EXPECT_INVALID(IR_S_BAD_AUX, t.ins[I_ADD].op = IR_GETFIELD; t.ins[I_ADD].a = I_MULT;
                 t.ins[I_ADD].b = 16; t.ins[I_ADD].snap_or_aux = 3);
  EXPECT_INVALID(IR_S_BAD_AUX, t.ins[I_ADD].op = IR_GETFIELD; t.ins[I_ADD].a = I_MULT;
                 t.ins[I_ADD].b = IR_FIELD_OFFSET_MAX; t.ins[I_ADD].snap_or_aux = 8);
  EXPECT_INVALID(IR_S_BAD_AUX, t.ins[I_ADD].op = IR_GETFIELD; t.ins[I_ADD].kind = IRK_REF;
                 t.ins[I_ADD].a = I_MULT; t.ins[I_ADD].b = 16; t.ins[I_ADD].snap_or_aux = 4);
}
END_TEST

/* -- Dump -------------------------------------------------------------------- */
static char *dump_to_string(const IrTrace *t)
{
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  ck_assert_ptr_nonnull(f);
  ir_dump(f, t);
  fclose(f);
  return text;
}

START_TEST(test_ir_dump_count_loop_in_jit_log_noopt_form)
{
  IrTrace t;
  build_count_loop(&t);
  char *text = dump_to_string(&t);
  const char *want =
      "# Loop (00112233445566778899aabbccddeeff #32) : loop with 12 ops\n"
      "[i0, i1, i2, p3]\n"
      "label(i0, i1, i2, p3, descr=TargetToken(0))\n"
      "debug_merge_point(0, 0, '<code object count_mult_of_5. file 'count.py'. line 1> #32 line 4')\n"
      "i4 = int_lt(i0, i1)\n"
      "guard_true(i4, descr=<Guard0x0>) [i0, i1, i2, p3]\n"
      "i5 = int_add(i0, 1)\n"
      "debug_merge_point(0, 0, '<code object count_mult_of_5. file 'count.py'. line 1> #40 line 5')\n"
      "i6 = int_mod(i0, 5)\n"
      "i7 = int_eq(i6, 0)\n"
      "guard_false(i7, descr=<Guard0x1>) [i5, i1, i2, p3]\n"
      "i8 = int_add_ovf(i2, 1)\n"
      "guard_no_overflow(descr=<Guard0x2>) [i5, i1, i2, p3]\n"
      "jump(i5, i1, i8, p3, descr=TargetToken(0))\n";
  ck_assert_str_eq(text, want);
  free(text);
  ir_trace_free(&t);
}
END_TEST

/* A bridge with the other operand forms: constants of each kind, memory ops, calls, an
   inlined frame in a snapshot, FINISH. */
START_TEST(test_ir_dump_bridge_with_symbols_and_calls)
{
  IrTrace t;
  ir_trace_init(&t);
  uint8_t h[16] = {0xab, 0xcd}, ch[16] = {7};
  memcpy(t.code_hash, h, 16);
  t.pc = 8;
  t.flags = IR_TRACE_BRIDGE;
  IrRef obj = ir_input(&t, IRK_REF), x = ir_input(&t, IRK_FLOAT);
  IrRef cls = ir_const_class(&t, "geo", "Point", ch);
  const char *names[] = {"x", "y"};
  IrRef code = ir_const_code(&t, h, "norm", "geo.py", 10), inner = ir_const_code(&t, ch, "sq", "geo.py", 2);
  uint32_t s = ir_snapshot_begin(&t);
  ir_snapshot_frame(&t, code, 8, 3);
  ir_snapshot_entry(&t, obj);
  ir_snapshot_entry(&t, IR_SNAP_UNCHANGED);
  ir_snapshot_entry(&t, IR_SNAP_DEAD);
  ir_snapshot_frame(&t, inner, 0, 1);
  ir_snapshot_entry(&t, x);
  ir_snapshot_end(&t);
  ir_guard(&t, IR_GUARD_CLASS, obj, cls, s);
  ir_guard(&t, IR_GUARD_MAP, obj, ir_const_map(&t, cls, names, 2), s);
  ir_guard(&t, IR_GUARD_DICT_VERSION, ir_const_global(&t, "geo", "scale"), 0, s);
  IrRef f = ir_emit_k(&t, IR_GETFIELD, IRK_REF, 8, obj, 24, 0);
  IrRef fx = ir_emit(&t, IR_UNBOX_FLOAT, f, 0, 0);
  IrRef sum = ir_emit(&t, IR_FLOAT_ADD, fx, ir_const_float(&t, 0.5), 0);
  IrRef box = ir_emit(&t, IR_NEW_FLOAT, sum, 0, 0);
  ir_emit_k(&t, IR_SETFIELD, IRK_VOID, 8, obj, 24, box);
  IrRef l3[3] = {box, ir_const_str(&t, "it's", 4), ir_const_none(&t)};
  IrRef r = ir_emit_k(&t, IR_CALL, IRK_REF, 0, ir_const_helper(&t, "obj_format"),
                      ir_const_args(&t, l3, 3), IR_NOREF);
  ir_emit(&t, IR_CALL, ir_const_helper(&t, "gc_poll"), IR_NOREF, IR_NOREF);
  IrRef it = ir_emit_k(&t, IR_GETARRAYITEM, IRK_INT, IR_AUX_ARRAY(8, 16), r, ir_const_int(&t, -2), 0);
  ir_guard(&t, IR_GUARD_VALUE, it, ir_const_int(&t, 3), s);
  ir_guard(&t, IR_FINISH, 0, 0, s);
  ck_assert_int_eq(validate(&t), IR_S_OK);
  char *text = dump_to_string(&t);
  const char *want =
      "# Bridge (abcd0000000000000000000000000000 #8) : bridge with 13 ops\n"
      "[p0, f1]\n"
      "guard_class(p0, ConstClass(geo.Point), descr=<Guard0x0>) [p0, =, - | f1]\n"
      "guard_map(p0, Map(ConstClass(geo.Point), 'x', 'y'), descr=<Guard0x1>) [p0, =, - | f1]\n"
      "guard_dict_version(Global(geo.scale), descr=<Guard0x2>) [p0, =, - | f1]\n"
      "p2 = getfield(p0, descr=<Field +24 8>)\n"
      "f3 = unbox_float(p2)\n"
      "f4 = float_add(f3, 0.5)\n"
      "p5 = new_float(f4)\n"
      "setfield(p0, p5, descr=<Field +24 8>)\n"
      "p6 = call(ConstClass(obj_format), p5, 'it\\'s', ConstPtr(None))\n"
      "call(ConstClass(gc_poll))\n"
      "i7 = getarrayitem(p6, -2, descr=<Array +16 8>)\n"
      "guard_value(i7, 3, descr=<Guard0x3>) [p0, =, - | f1]\n"
      "finish(descr=<Exit>) [p0, =, - | f1]\n";
  ck_assert_str_eq(text, want);
  free(text);
  ir_trace_free(&t);
}
END_TEST

static Suite *ir_suite(void)
{
  Suite *s = suite_create("ir");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_ir_op_table_is_consistent);
  tcase_add_test(tc, test_ir_count_loop_validates);
  tcase_add_test(tc, test_ir_constants_are_deduplicated);
  tcase_add_test(tc, test_ir_dedup_index_is_built_for_a_trace_without_one);
  tcase_add_test(tc, test_ir_rejects_ops_past_IR_OPS_MAX);
  tcase_add_test(tc, test_ir_rejects_constants_past_IR_CONSTS_MAX);
  tcase_add_test(tc, test_ir_rejects_strings_past_IR_STRPOOL_MAX);
  tcase_add_test(tc, test_ir_rejects_argument_lists_over_limits);
  tcase_add_test(tc, test_ir_rejects_snapshots_over_limits);
  tcase_add_test(tc, test_ir_builder_misuse_is_reported);
  tcase_add_test(tc, test_ir_validate_rejects_unknown_op);
  tcase_add_test(tc, test_ir_validate_rejects_wrong_result_kind);
  tcase_add_test(tc, test_ir_validate_rejects_wrong_operand_kinds);
  tcase_add_test(tc, test_ir_validate_rejects_use_before_definition);
  tcase_add_test(tc, test_ir_validate_rejects_constant_refs_out_of_range);
  tcase_add_test(tc, test_ir_validate_rejects_wrong_operand_counts);
  tcase_add_test(tc, test_ir_validate_rejects_guards_without_valid_snapshot);
  tcase_add_test(tc, test_ir_validate_rejects_bad_snapshot_entries);
  tcase_add_test(tc, test_ir_validate_rejects_bad_structure);
  tcase_add_test(tc, test_ir_validate_rejects_malformed_constants);
  tcase_add_test(tc, test_ir_validate_rejects_bad_aux_and_literals);
  tcase_add_test(tc, test_ir_dump_count_loop_in_jit_log_noopt_form);
  tcase_add_test(tc, test_ir_dump_bridge_with_symbols_and_calls);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(ir_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
