/* trace_builders.h: traces written with the IR builder in the shape the recorder gives them,
 * for the optimizer's and the code generator's unit tests (test_optimize.c, test_codegen.c).
 * A loop is LABEL([]), one iteration reading locals with FRAME_GET (GUARD_NONNULL, then
 * GUARD_TAGGED_INT and UNBOX_INT for ints), and the safepoint check then JUMP([]); a bridge
 * has IR_TRACE_BRIDGE and no LABEL. Snapshots name the locals UNCHANGED, the stack by value.
 */
#ifndef PJS_TRACE_BUILDERS_H
#define PJS_TRACE_BUILDERS_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ir.h"

static const uint8_t TRACE_HASH[16] = {0xc0, 0xde, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};

static inline IrRef code_of(IrTrace *t) { return ir_const_code(t, TRACE_HASH, "f", "test.py", 1); }

/* A one-frame snapshot at pc: nlocals locals as they are in the window, then the stack. */
static inline uint32_t snap(IrTrace *t, uint32_t pc, uint32_t nlocals, uint32_t nstack, const IrRef *stack)
{
  IrRef code = code_of(t);
  uint32_t s = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, pc, nlocals + nstack);
  for (uint32_t j = 0; j < nlocals; j++) ir_snapshot_entry(t, IR_SNAP_UNCHANGED);
  for (uint32_t j = 0; j < nstack; j++) ir_snapshot_entry(t, stack[j]);
  ck_assert_int_eq(ir_snapshot_end(t), IR_S_OK);
  return s;
}

static inline void trace_begin(IrTrace *t, bool bridge)
{
  ir_trace_init(t);
  memcpy(t->code_hash, TRACE_HASH, 16);
  t->pc = 4;
  if (bridge) t->flags |= IR_TRACE_BRIDGE;
  else ir_emit(t, IR_LABEL, ir_const_args(t, NULL, 0), 0, 0);
}

static inline void assert_valid(const IrTrace *t)
{
  char err[256];
  ck_assert_msg(ir_validate(t, err, sizeof err) == IR_S_OK, "test trace invalid: %s", err);
}

/* The recorder's end of an iteration: the safepoint check, then back to the header. */
static inline void trace_end(IrTrace *t, uint32_t pc, uint32_t nlocals)
{
  ir_guard(t, IR_GUARD_NOT_INVALIDATED, 0, 0, snap(t, pc, nlocals, 0, NULL));
  ir_emit(t, IR_JUMP, ir_const_args(t, NULL, 0), 0, 0);
  assert_valid(t);
}

static inline IrRef frame_get(IrTrace *t, uint32_t slot) { return ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, slot, 0, 0); }

/* LOAD_FAST of a local: read on first use, guarded bound. */
static inline IrRef local(IrTrace *t, uint32_t slot, uint32_t pc, uint32_t nlocals)
{
  IrRef p = frame_get(t, slot);
  ir_guard(t, IR_GUARD_NONNULL, p, 0, snap(t, pc, nlocals, 0, NULL));
  return p;
}

static inline IrRef unbox_int(IrTrace *t, IrRef p, uint32_t s)
{
  ir_guard(t, IR_GUARD_TAGGED_INT, p, 0, s);
  return ir_emit(t, IR_UNBOX_INT, p, 0, 0);
}

#endif
