/* jit_record.c: the recorder. While it is on, the interpreter calls jit_record_insn before each
 * instruction; the recorder looks at the concrete values the instruction is about to use, emits
 * the IR that computes the same thing for values of those types, with a guard wherever a later
 * iteration could take another path, and follows the interpreter into the next instruction.
 *
 * The recorder's picture of the frame: one abstract value per window slot (locals, then the
 * operand stack). A slot the iteration has not touched yet is read with FRAME_GET on first use.
 * Values keep the kind they were computed in (an int stays an unboxed INT, a float a FLOAT);
 * STORE_FAST also writes the boxed value with FRAME_SET, so the window in memory is always
 * current for locals and a snapshot names only the operand stack. The optimizer makes the frame
 * and the boxes virtual (compiler-server/opt_*.c).
 *
 * A guard's snapshot resumes the interpreter at the start of the instruction that emitted it,
 * so every guard of an instruction comes before that instruction's effects. Anything outside
 * what is handled here aborts the recording, with the reason in the jit-abort log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "jit_rec.h"
#include "jitopts.h"
#include "opcodes.h"
#include "pypylog.h"
#include "rangeobject.h"
#include "strobject.h"

bool jit_recording;
Rec *rec;

/* -- Starting and stopping --------------------------------------------------------------------- */

static void stop(void)
{
  interp_set_recording(false);
  jit_recording = false;
  if (rec) {
    ir_trace_free(&rec->t);
    free(rec);
    rec = NULL;
  }
}

void jit_record_abort(const char *why, ...)
{
  if (!rec) return;
  char msg[256];
  va_list ap;
  va_start(ap, why);
  vsnprintf(msg, sizeof msg, why, ap);
  va_end(ap);
  jit_stats.aborted++;
  if (pypylog_on[PL_JIT_ABORT]) {
    const Code *co = top_frame()->code;
    pypylog_start(PL_JIT_ABORT);
    pypylog_printf("abort: %s at %s:%d #%u (%s)\n", msg, co->name->data,
                   co->lines ? co->lines[rec->cur_pc] : 0, rec->cur_pc,
                   rec->parent ? "bridge" : "loop");
    pypylog_stop(PL_JIT_ABORT);
  }
  JitLoop *loop = rec->loop;
  bool bridge = rec->parent != NULL;
  stop();
  if (!bridge) {
    loop->aborts++;
    loop->state = loop->aborts >= JIT_ABORTS_MAX ? LOOP_FAILED : LOOP_COUNTING;
  }
}

static Str *module_name(Dict *globals)
{
  Value n = dict_get_str(globals, N.__name__);
  return n && IS_STR(n) ? V_AS(Str, n) : NULL;
}

/* Enters frame `code` at window slot base; false when the frame cannot be recorded. */
bool rec_push_frame(Code *co, Function *fn, Dict *globals, uint32_t base, uint32_t ret_slot)
{
  uint32_t nlp = (uint32_t)(co->nlocals + co->ncells + co->nfree);
  Str *mod = module_name(globals);
  if (rec->nfr >= REC_DEPTH_MAX || !mod ||
      base + nlp + (uint32_t)co->stacksize > REC_SLOTS_MAX)
    return false;
  uint8_t hash[16];
  jit_code_hash(co, hash);
  RFrame *f = &rec->fr[rec->nfr++];
  *f = (RFrame){co, fn, ir_const_code(T, hash, co->name->data, co->filename->data,
                                     (uint32_t)co->firstlineno), base, nlp, 0, ret_slot, mod};
  jit_register_code(co);
  return true;
}

/* A bridge that starts inside calls the trace had inlined: the interpreter's frames above the
   loop's, as the exit rebuilt them (each caller resumes after its CALL). */
static bool push_callee_frames(const Frame *root, const Frame *top)
{
  for (const Frame *f = root + 1; f <= top; f++) {
    const Frame *caller = f - 1;
    if (!f->func || f->gen || f->entry || f->init || !f->ret_slot) return false;
    top_frame()->call_pc = (uint32_t)(caller->pc - caller->code->insns) - 1;
    if (!rec_push_frame(f->code, f->func, f->func->globals, (uint32_t)(f->localsplus - rec->window),
                        (uint32_t)(f->ret_slot - rec->window)))
      return false;
  }
  return true;
}

bool jit_record_start(const RecordStart *s)
{
  Code *co = s->frame->code;
  rec = calloc(1, sizeof *rec);
  if (!rec) return false;
  ir_trace_init(&rec->t);
  rec->loop = s->loop;
  rec->parent = s->parent;
  rec->exit = s->exit;
  rec->root = s->frame;
  rec->window = s->frame->localsplus;
  const Frame *top = s->frame + (s->nframes ? s->nframes - 1 : 0);
  rec->sp = (uint32_t)(top->sp - rec->window);
  rec->expect_pc = s->pc;
  rec->snap = IR_NOSNAP;
  for (uint32_t i = 0; i < REC_SLOTS_MAX; i++) rec->slots[i] = (AVal){IR_NOREF, IRK_REF, true};
  if (!rec_push_frame(co, NULL, s->frame->globals, 0, 0) || !push_callee_frames(s->frame, top)) {
    ir_trace_free(&rec->t);
    free(rec);
    rec = NULL;
    return false;
  }
  jit_code_hash(co, rec->t.code_hash);
  rec->t.pc = s->loop->header;
  if (s->parent) {
    rec->t.flags |= IR_TRACE_BRIDGE;
    jit_stats.bridges_recorded++;
  } else {
    ir_emit(T, IR_LABEL, ir_const_args(T, NULL, 0), 0, 0);
    s->loop->state = LOOP_RECORDING;
  }
  jit_recording = true;
  interp_set_recording(true);
  return true;
}

/* -- Abstract values ----------------------------------------------------------------------------- */

static IrRef snap_entry(const AVal *a)
{
  if (a->mem || a->ref == IR_NOREF) return IR_SNAP_UNCHANGED;
  return a->ref; /* REC_NULL is IR_SNAP_DEAD: the exit writes NULL */
}

/* The frames as they are now, the top one resuming at pc (the callers after their CALL). */
static uint32_t snapshot_at(uint32_t pc)
{
  uint32_t s = ir_snapshot_begin(T);
  for (uint32_t j = 0; j < rec->nfr; j++) {
    const RFrame *f = &rec->fr[j];
    bool top = j + 1 == rec->nfr;
    uint32_t end = top ? rec->sp : rec->fr[j + 1].base;
    ir_snapshot_frame(T, f->code_const, top ? pc : f->call_pc + 1, end - f->base);
    for (uint32_t i = f->base; i < end; i++) ir_snapshot_entry(T, snap_entry(&rec->slots[i]));
  }
  ir_snapshot_end(T);
  return s;
}

uint32_t rec_snapshot(void)
{
  if (rec->snap == IR_NOSNAP) rec->snap = snapshot_at(rec->cur_pc);
  return rec->snap;
}

void rec_guard(IrOp op, IrRef a, IrRef b) { ir_guard(T, op, a, b, rec_snapshot()); }
void rec_guard_true(IrRef cond, bool holds) { rec_guard(holds ? IR_GUARD_TRUE : IR_GUARD_FALSE, cond, 0); }

/* A conditional jump's guard, called after its operands are popped: failing means the jump
   goes the other way, so the exit resumes there (at other_pc) and neither the interpreter nor
   a bridge evaluates the condition again. */
static void rec_branch_guard(IrRef cond, bool holds, uint32_t other_pc)
{
  ir_guard(T, holds ? IR_GUARD_TRUE : IR_GUARD_FALSE, cond, 0, snapshot_at(other_pc));
}

IrRef rec_type_const(Type *t)
{
  const char *name = jit_builtin_type_name(t);
  return name ? ir_const_builtin_type(T, name) : IR_NOREF;
}

/* The slot's value as a REF; reads the window on first use (a local may be unbound there in a
   later iteration: guarded). */
IrRef rec_slot_ref(uint32_t slot)
{
  AVal *a = &rec->slots[slot];
  if (a->ref == IR_NOREF) {
    a->ref = ir_emit_k(T, IR_FRAME_GET, IRK_REF, 0, slot, 0, 0);
    a->kind = IRK_REF;
    if (slot < rec->fr[0].nlp) rec_guard(IR_GUARD_NONNULL, a->ref, 0);
  }
  return a->ref;
}

/* A small int as an unboxed INT: a REF is guarded and unboxed (the slot keeps the INT: it is
   the same Python value, and an exit tags it back). */
IrRef rec_as_int(uint32_t slot)
{
  AVal *a = &rec->slots[slot];
  if (a->ref != IR_NOREF && (a->kind == IRK_INT || a->kind == IRK_BOOL)) return a->ref;
  IrRef p = rec_slot_ref(slot);
  rec_guard(IR_GUARD_TAGGED_INT, p, 0);
  a->ref = ir_emit(T, IR_UNBOX_INT, p, 0, 0);
  a->kind = IRK_INT;
  return a->ref;
}

IrRef rec_as_float(uint32_t slot)
{
  AVal *a = &rec->slots[slot];
  if (a->ref != IR_NOREF && a->kind == IRK_FLOAT) return a->ref;
  if (v_is_int(concrete(slot))) return ir_emit(T, IR_CAST_INT_TO_FLOAT, rec_as_int(slot), 0, 0);
  IrRef p = rec_slot_ref(slot);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_float));
  a->ref = ir_emit(T, IR_UNBOX_FLOAT, p, 0, 0);
  a->kind = IRK_FLOAT;
  return a->ref;
}

IrRef rec_boxed(uint32_t slot)
{
  AVal *a = &rec->slots[slot];
  if (a->ref == IR_NOREF) return rec_slot_ref(slot);
  if (a->ref == REC_NULL) return IR_NOREF;
  switch (a->kind) {
  case IRK_INT: return ir_emit(T, IR_BOX_INT, a->ref, 0, 0);
  case IRK_FLOAT: return ir_emit(T, IR_NEW_FLOAT, a->ref, 0, 0);
  case IRK_REF: return a->ref;
  default: return IR_NOREF;
  }
}

void rec_push(IrRef ref, IrKind kind) { rec->slots[rec->sp++] = (AVal){ref, (uint8_t)kind, false}; }
void rec_drop(uint32_t n) { rec->sp -= n; }

/* -- Numbers, branches, the stack ------------------------------------------------------------------ */

static bool rec_load_const(uint32_t arg)
{
  Value v = top_frame()->code->consts->items[arg];
  if (v_is_int(v)) rec_push(ir_const_int(T, v_int(v)), IRK_INT);
  else if (IS_FLOAT(v)) rec_push(ir_const_float(T, V_AS(Float, v)->v), IRK_FLOAT);
  else if (v == V_NONE) rec_push(ir_const_none(T), IRK_REF);
  else if (v == V_TRUE || v == V_FALSE) rec_push(ir_const_bool(T, v == V_TRUE), IRK_REF);
  else if (IS_STR(v)) rec_push(ir_const_str(T, STR_DATA(v), (size_t)V_AS(Str, v)->len), IRK_REF);
  else return false;
  return true;
}

static bool rec_load_fast(uint32_t arg)
{
  uint32_t slot = top_frame()->base + arg;
  if (!concrete(slot)) return false; /* raises UnboundLocalError */
  rec_slot_ref(slot);
  AVal a = rec->slots[slot];
  rec_push(a.ref, (IrKind)a.kind);
  return true;
}

static bool rec_store_fast(uint32_t arg)
{
  uint32_t top = rec->sp - 1, slot = top_frame()->base + arg;
  IrRef b = rec_boxed(top);
  if (b == IR_NOREF) return false;
  ir_emit(T, IR_FRAME_SET, slot, b, 0);
  AVal a = rec->slots[top];
  rec->slots[slot] = (AVal){a.ref, a.kind, true};
  rec_drop(1);
  return true;
}

/* Python's int ops on two small ints (big results: left to the interpreter by overflow guards). */
static bool rec_int_binop(int op, uint32_t sa, uint32_t sb)
{
  int64_t y = v_int(concrete(sb));
  IrRef a = rec_as_int(sa), b = rec_as_int(sb);
  IrRef r;
  IrKind k = IRK_INT;
  switch (op) {
  case OP_Add: case OP_Sub: case OP_Mult: {
    static const IrOp ovf[] = {[OP_Add] = IR_INT_ADD_OVF, [OP_Sub] = IR_INT_SUB_OVF,
                               [OP_Mult] = IR_INT_MUL_OVF};
    uint32_t snap = rec_snapshot();
    r = ir_emit(T, ovf[op], a, b, 0);
    ir_guard(T, IR_GUARD_NO_OVERFLOW, 0, 0, snap);
    break;
  }
  case OP_Mod: case OP_FloorDiv:
    if (y <= 0) return false;
    if (!ir_isconst(b)) rec_guard_true(ir_emit(T, IR_INT_GT, b, ir_const_int(T, 0), 0), true);
    r = ir_emit(T, op == OP_Mod ? IR_INT_MOD : IR_INT_FLOORDIV, a, b, 0);
    break;
  case OP_BitAnd: r = ir_emit(T, IR_INT_AND, a, b, 0); break;
  case OP_BitOr: r = ir_emit(T, IR_INT_OR, a, b, 0); break;
  case OP_BitXor: r = ir_emit(T, IR_INT_XOR, a, b, 0); break;
  case OP_RShift:
    if (y < 0 || y > 63) return false;
    if (!ir_isconst(b)) {
      rec_guard_true(ir_emit(T, IR_INT_GE, b, ir_const_int(T, 0), 0), true);
      rec_guard_true(ir_emit(T, IR_INT_LE, b, ir_const_int(T, 63), 0), true);
    }
    r = ir_emit(T, IR_INT_RSHIFT, a, b, 0);
    break;
  case OP_Div:
    if (y == 0) return false;
    if (!ir_isconst(b)) rec_guard_true(ir_emit(T, IR_INT_NE, b, ir_const_int(T, 0), 0), true);
    r = ir_emit(T, IR_FLOAT_TRUEDIV, ir_emit(T, IR_CAST_INT_TO_FLOAT, a, 0, 0),
                ir_emit(T, IR_CAST_INT_TO_FLOAT, b, 0, 0), 0);
    k = IRK_FLOAT;
    break;
  default: return false;
  }
  rec_drop(2);
  rec_push(r, k);
  return true;
}

static double num_value(Value v) { return v_is_int(v) ? (double)v_int(v) : V_AS(Float, v)->v; }

static bool rec_float_binop(int op, uint32_t sa, uint32_t sb)
{
  double y = num_value(concrete(sb));
  IrRef a = rec_as_float(sa), b = rec_as_float(sb);
  IrOp fop;
  switch (op) {
  case OP_Add: fop = IR_FLOAT_ADD; break;
  case OP_Sub: fop = IR_FLOAT_SUB; break;
  case OP_Mult: fop = IR_FLOAT_MUL; break;
  case OP_Div:
    if (y == 0.0) return false;
    if (!ir_isconst(b)) rec_guard_true(ir_emit(T, IR_FLOAT_NE, b, ir_const_float(T, 0.0), 0), true);
    fop = IR_FLOAT_TRUEDIV;
    break;
  default: return false;
  }
  IrRef r = ir_emit(T, fop, a, b, 0);
  rec_drop(2);
  rec_push(r, IRK_FLOAT);
  return true;
}

/* Ints and floats, not bools (bool arithmetic is rare; it would need its own guards). */
static bool is_int(Value v) { return v_is_int(v); }
static bool is_num(Value v) { return v_is_int(v) || IS_FLOAT(v); }

static bool rec_binary_op(uint32_t arg)
{
  int op = (int)arg >= BINOP__COUNT ? (int)arg - BINOP__COUNT : (int)arg;
  uint32_t sa = rec->sp - 2, sb = rec->sp - 1;
  Value va = concrete(sa), vb = concrete(sb);
  if (is_int(va) && is_int(vb)) return rec_int_binop(op, sa, sb);
  if (is_num(va) && is_num(vb)) return rec_float_binop(op, sa, sb);
  return false;
}

static bool compare(uint32_t op, double x, double y)
{
  switch (op) {
  case CMP_LT: return x < y;
  case CMP_LE: return x <= y;
  case CMP_EQ: return x == y;
  case CMP_NE: return x != y;
  case CMP_GT: return x > y;
  default: return x >= y;
  }
}

static bool compare_int(uint32_t op, int64_t x, int64_t y)
{
  return op == CMP_LT ? x < y : op == CMP_LE ? x <= y : op == CMP_EQ ? x == y
       : op == CMP_NE ? x != y : op == CMP_GT ? x > y : x >= y;
}

/* A comparison, and the conditional jump the interpreter fuses with it (which is then never
   dispatched on its own). */
static bool rec_compare_op(uint32_t arg, const uint32_t *pc)
{
  static const IrOp int_cmp[] = {[CMP_LT] = IR_INT_LT, [CMP_LE] = IR_INT_LE, [CMP_EQ] = IR_INT_EQ,
                                 [CMP_NE] = IR_INT_NE, [CMP_GT] = IR_INT_GT, [CMP_GE] = IR_INT_GE};
  static const IrOp float_cmp[] = {[CMP_LT] = IR_FLOAT_LT, [CMP_LE] = IR_FLOAT_LE,
                                   [CMP_EQ] = IR_FLOAT_EQ, [CMP_NE] = IR_FLOAT_NE,
                                   [CMP_GT] = IR_FLOAT_GT, [CMP_GE] = IR_FLOAT_GE};
  uint32_t sa = rec->sp - 2, sb = rec->sp - 1;
  Value va = concrete(sa), vb = concrete(sb);
  IrRef r;
  bool res;
  if (is_int(va) && is_int(vb)) {
    r = ir_emit(T, int_cmp[arg], rec_as_int(sa), rec_as_int(sb), 0);
    res = compare_int(arg, v_int(va), v_int(vb));
  } else if (is_num(va) && is_num(vb)) {
    r = ir_emit(T, float_cmp[arg], rec_as_float(sa), rec_as_float(sb), 0);
    res = compare(arg, num_value(va), num_value(vb));
  } else {
    return false;
  }
  uint32_t next = pc[1];
  int nop = INSN_OP(next);
  if (nop == OP_POP_JUMP_IF_FALSE || nop == OP_POP_JUMP_IF_TRUE) {
    rec_drop(2);
    bool jump = nop == OP_POP_JUMP_IF_TRUE ? res : !res;
    rec->expect_pc = jump ? INSN_ARG(next) : rec->cur_pc + 2;
    rec_branch_guard(r, res, jump ? rec->cur_pc + 2 : INSN_ARG(next));
    return true;
  }
  rec_drop(2);
  rec_push(r, IRK_BOOL);
  return true;
}

/* Guards the truth value of the top of the stack as the interpreter finds it now. */
static bool guard_truth(bool *truth)
{
  uint32_t s = rec->sp - 1;
  AVal *a = &rec->slots[s];
  Value v = concrete(s);
  if (a->ref != IR_NOREF && a->kind == IRK_BOOL) {
    *truth = v == V_TRUE;
    rec_guard_true(a->ref, *truth);
  } else if (is_int(v)) {
    *truth = v_int(v) != 0;
    rec_guard_true(ir_emit(T, IR_INT_IS_TRUE, rec_as_int(s), 0, 0), *truth);
  } else if (v == V_TRUE || v == V_FALSE || v == V_NONE) {
    IrRef k = v == V_NONE ? ir_const_none(T) : ir_const_bool(T, v == V_TRUE);
    rec_guard(IR_GUARD_VALUE, rec_slot_ref(s), k);
    *truth = v == V_TRUE;
  } else {
    return false;
  }
  return true;
}

static bool rec_pop_jump(uint32_t w)
{
  bool truth;
  if (!guard_truth(&truth)) return false;
  rec_drop(1);
  bool jump = INSN_OP(w) == OP_POP_JUMP_IF_TRUE ? truth : !truth;
  rec->expect_pc = jump ? INSN_ARG(w) : rec->cur_pc + 1;
  return true;
}

/* `a or b`, `a and b`: the value stays when the jump is taken. */
static bool rec_jump_or_pop(uint32_t w)
{
  bool truth;
  if (!guard_truth(&truth)) return false;
  bool jump = INSN_OP(w) == OP_JUMP_IF_TRUE_OR_POP ? truth : !truth;
  if (!jump) rec_drop(1);
  rec->expect_pc = jump ? INSN_ARG(w) : rec->cur_pc + 1;
  return true;
}

/* `for x in range(...)`: the iterator's fields, as the interpreter's FOR_ITER updates them. */
static bool rec_for_iter(void)
{
  uint32_t s = rec->sp - 1;
  Value it = concrete(s);
  if (v_is(it, &Type_list_iterator)) return rec_for_iter_list();
  if (v_is(it, &Type_enumerate)) return rec_for_iter_enumerate();
  if (!v_is(it, &Type_range_iterator)) return false;
  RangeIter *ri = V_AS(RangeIter, it);
  if (!ri->small) return false; /* big-int items, or an end beyond 64 bits: the interpreter's */
  IrRef p = rec_slot_ref(s);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_range_iterator));
  IrRef step = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, offsetof(RangeIter, step), 0);
  rec_guard(IR_GUARD_VALUE, step, ir_const_int(T, ri->step));
  /* Big-int items are left to the interpreter; the flag never changes, so the optimizer
     hoists this guard out of the loop, and the stop field's load with it. */
  IrRef small = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, offsetof(RangeIter, small), 0);
  rec_guard(IR_GUARD_VALUE, small, ir_const_int(T, 1));
  IrRef next = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, offsetof(RangeIter, next), 0);
  IrRef stop = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, offsetof(RangeIter, stop), 0);
  bool more = ri->step > 0 ? ri->next < ri->stop : ri->next > ri->stop;
  rec_guard_true(ir_emit(T, ri->step > 0 ? IR_INT_LT : IR_INT_GT, next, stop, 0), more);
  if (!more) { /* the loop is left (in a bridge) */
    rec_drop(1);
    rec->expect_pc = INSN_ARG(top_frame()->code->insns[rec->cur_pc]);
    return true;
  }
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, p, offsetof(RangeIter, next),
            ir_emit(T, IR_INT_ADD, next, ir_const_int(T, ri->step), 0));
  rec_push(next, IRK_INT);
  return true;
}

static bool rec_unary(int op)
{
  uint32_t s = rec->sp - 1;
  Value v = concrete(s);
  AVal *a = &rec->slots[s];
  IrRef r;
  IrKind k;
  if (op == OP_UNARY_NEGATIVE && is_int(v)) {
    uint32_t snap = rec_snapshot();
    IrRef x = rec_as_int(s);
    r = ir_emit(T, IR_INT_SUB_OVF, ir_const_int(T, 0), x, 0);
    ir_guard(T, IR_GUARD_NO_OVERFLOW, 0, 0, snap);
    k = IRK_INT;
  } else if (op == OP_UNARY_NEGATIVE && IS_FLOAT(v)) {
    r = ir_emit(T, IR_FLOAT_NEG, rec_as_float(s), 0, 0);
    k = IRK_FLOAT;
  } else if (op == OP_UNARY_INVERT && is_int(v)) {
    r = ir_emit(T, IR_INT_INVERT, rec_as_int(s), 0, 0);
    k = IRK_INT;
  } else if (op == OP_UNARY_NOT && a->ref != IR_NOREF && a->kind == IRK_BOOL) {
    r = ir_emit(T, IR_INT_EQ, a->ref, ir_const_int(T, 0), 0);
    k = IRK_BOOL;
  } else if (op == OP_UNARY_NOT) {
    bool truth;
    if (!guard_truth(&truth)) return false;
    r = ir_const_bool(T, !truth);
    k = IRK_REF;
  } else {
    return false;
  }
  rec_drop(1);
  rec_push(r, k);
  return true;
}

/* The end of a loop's or a bridge's trace, at the loop's header in the loop's own frame:
   operand-stack slots live across the loop are written back, and a GC safepoint check. */
static bool close_trace(bool *closed)
{
  if (rec->nfr != 1 || rec->sp != rec->fr[0].nlp + rec->loop->depth) return false;
  for (uint32_t i = rec->fr[0].nlp; i < rec->sp; i++) {
    if (rec->slots[i].mem) continue;
    IrRef b = rec_boxed(i);
    if (b == IR_NOREF) return false;
    ir_emit(T, IR_FRAME_SET, i, b, 0);
  }
  /* Resumes at this JUMP_BACKWARD: its safepoint collects, then it re-enters the loop. */
  ir_guard(T, IR_GUARD_NOT_INVALIDATED, 0, 0, rec_snapshot());
  ir_emit(T, IR_JUMP, ir_const_args(T, NULL, 0), 0, 0);
  *closed = true;
  return true;
}

/* The back-edge: closes the loop (or the bridge) when it goes to the loop's header in the
   loop's own frame. Operand-stack slots live across the loop are written back. */
static bool rec_jump_backward(uint32_t w, bool *closed)
{
  if (rec->nfr != 1 || INSN_ARG(w) != rec->loop->header) {
    /* A bridge may go round another loop on its way back (nbody's outer loop); a loop's own
       trace may not: that inner loop is compiled by itself. */
    if (!rec->parent) return false;
    rec->expect_pc = INSN_ARG(w);
    return true;
  }
  return close_trace(closed);
}

static bool rec_stack_op(int op, uint32_t arg)
{
  switch (op) {
  case OP_NOP: return true;
  case OP_POP_TOP: rec_drop(1); return true;
  case OP_PUSH_NULL: rec_push(REC_NULL, IRK_REF); return true;
  case OP_COPY: {
    uint32_t s = rec->sp - arg;
    rec_slot_ref(s);
    AVal a = rec->slots[s];
    rec_push(a.ref, (IrKind)a.kind);
    return true;
  }
  case OP_SWAP: {
    uint32_t x = rec->sp - 1, y = rec->sp - arg;
    rec_slot_ref(x);
    rec_slot_ref(y);
    AVal t = rec->slots[x];
    rec->slots[x] = rec->slots[y];
    rec->slots[y] = t;
    rec->slots[x].mem = rec->slots[y].mem = false;
    return true;
  }
  default: return false;
  }
}

/* `a, b = b, a + b`: a tuple built only to be unpacked at once is never made; the values are
   reversed on the stack, and the UNPACK_SEQUENCE that follows is recorded as nothing. */
static bool rec_build_unpack(const uint32_t *pc, uint32_t n)
{
  uint32_t next = pc[1];
  if (INSN_OP(next) != OP_UNPACK_SEQUENCE || INSN_ARG(next) != n || n > 16 || n == 0) return false;
  AVal v[16];
  for (uint32_t j = 0; j < n; j++) {
    rec_slot_ref(rec->sp - n + j);
    v[j] = rec->slots[rec->sp - n + j];
  }
  for (uint32_t j = 0; j < n; j++) {
    rec->slots[rec->sp - 1 - j] = v[j];
    rec->slots[rec->sp - 1 - j].mem = false;
  }
  rec->skip_unpack = true;
  return true;
}

/* Records one instruction; false: not supported here. *closed when the trace is complete. */
static bool record(const uint32_t *pc, bool *closed)
{
  uint32_t w = *pc, arg = INSN_ARG(w);
  int op = INSN_OP(w);
  const RFrame *f = top_frame();
  rec->expect_pc = rec->cur_pc + 1 + (opcode_has_cache[op] ? 1u : 0u);

  uint32_t line = f->code->lines ? (uint32_t)f->code->lines[rec->cur_pc] : 0;
  ir_emit_k(T, IR_DEBUG_MERGE_POINT, IRK_VOID, (uint16_t)(rec->nfr - 1), f->code_const,
            rec->cur_pc, line);
  switch (op) {
  case OP_NOP: case OP_POP_TOP: case OP_PUSH_NULL: case OP_COPY: case OP_SWAP:
    return rec_stack_op(op, arg);
  case OP_BUILD_TUPLE: return rec_build_unpack(pc, arg);
  case OP_JUMP_FORWARD: rec->expect_pc = arg; return true;
  case OP_LOAD_CONST: return rec_load_const(arg);
  case OP_LOAD_FAST: return rec_load_fast(arg);
  case OP_STORE_FAST: return rec_store_fast(arg);
  case OP_LOAD_GLOBAL: return rec_load_global(arg);
  case OP_LOAD_DEREF: case OP_STORE_DEREF: case OP_LOAD_CLOSURE: return rec_cell(op, arg);
  case OP_LOAD_ATTR: return rec_load_attr(arg, false);
  case OP_LOAD_METHOD: return rec_load_attr(arg, true);
  case OP_STORE_ATTR: return rec_store_attr(arg);
  case OP_BINARY_SUBSCR: return rec_subscr();
  case OP_STORE_SUBSCR: return rec_store_subscr();
  case OP_UNPACK_SEQUENCE: return rec_unpack(arg);
  case OP_LIST_APPEND: return rec_list_append(arg);
  case OP_CALL: return rec_call(arg);
  case OP_RETURN_VALUE:
    if (rec->nfr == 1 && rec->parent) { /* a bridge that leaves the function: the interpreter returns */
      ir_emit_k(T, IR_FINISH, IRK_VOID, (uint16_t)rec_snapshot(), 0, 0, 0);
      *closed = true;
      return true;
    }
    return rec_return();
  case OP_BINARY_OP: return rec_binary_op(arg);
  case OP_COMPARE_OP: return rec_compare_op(arg, pc);
  case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE: return rec_pop_jump(w);
  case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP: return rec_jump_or_pop(w);
  case OP_FOR_ITER: return rec_for_iter();
  case OP_GET_ITER: return rec_get_iter();
  case OP_IS_OP: return rec_is_op(arg);
  case OP_UNARY_NEGATIVE: case OP_UNARY_INVERT: case OP_UNARY_NOT: return rec_unary(op);
  case OP_JUMP_BACKWARD: return rec_jump_backward(w, closed);
  default: return false;
  }
}

/* -- The hook ---------------------------------------------------------------------------------------- */

static void finish(void)
{
  char err[256];
  IrStatus st = ir_validate(T, err, sizeof err);
  if (st != IR_S_OK) {
    jit_record_abort("invalid trace (%s): %s", ir_status_name(st), err);
    return;
  }
  jit_stats.recorded++;
  if (pypylog_on[PL_JIT_LOG_NOOPT]) {
    pypylog_start(PL_JIT_LOG_NOOPT);
    ir_dump(pypylog_file, T);
    pypylog_stop(PL_JIT_LOG_NOOPT);
  }
  JitLoop *loop = rec->loop;
  JitLink *parent = rec->parent;
  uint32_t exit = rec->exit;
  IrTrace t = rec->t;
  ir_trace_init(&rec->t); /* the trace now belongs to this function */
  stop();
  if (!parent) loop->state = LOOP_PENDING;
  else parent->bridge_tries[exit] = JIT_BRIDGE_TRIES_MAX; /* one request per exit */
  if (!jit_submit(&t, loop, parent, exit, jit_params.sync, err, sizeof err) && !parent)
    jit_loop_failed(loop, err);
  ir_trace_free(&t);
}

/* Is the interpreter where the recorder expects it: the top frame's code, at expect_pc, on
   the window slot the recorder has for it? */
static bool in_step(const Frame *f, uint32_t at)
{
  const RFrame *t = top_frame();
  return f->code == t->code && f->localsplus == rec->window + t->base && at == rec->expect_pc &&
         (rec->nfr > 1 || f == rec->root);
}

void jit_record_insn(Frame *f, uint32_t *pc)
{
  if (!rec) { stop(); return; }
  uint32_t at = (uint32_t)(pc - f->code->insns);
  if (!in_step(f, at)) {
    jit_record_abort("the interpreter left the recorded path (an exception, or a call not inlined)");
    return;
  }
  rec->cur_pc = at;
  rec->snap = IR_NOSNAP;
  if (rec->skip_unpack) { /* the UNPACK_SEQUENCE rec_build_unpack has done */
    rec->skip_unpack = false;
    if (INSN_OP(*pc) != OP_UNPACK_SEQUENCE) jit_record_abort("BUILD_TUPLE without its UNPACK_SEQUENCE");
    else rec->expect_pc = at + 1;
    return;
  }
  if (rec->sp != (uint32_t)(f->sp - rec->window)) {
    jit_record_abort("stack depth %u, the frame's is %u", rec->sp, (uint32_t)(f->sp - rec->window));
    return;
  }
  bool closed = false;
  if (rec->parent && rec->steps && rec->nfr == 1 && at == rec->loop->header &&
      rec->sp == rec->fr[0].nlp + rec->loop->depth) {
    /* A bridge that arrives at its loop's header, by whatever path, goes back into the loop. */
    if (close_trace(&closed)) finish();
    else jit_record_abort("bridge reaches the header with another stack");
    return;
  }
  rec->steps++;
  if (!record(pc, &closed)) {
    jit_record_abort("%s not supported here", opcode_names[INSN_OP(*pc)]);
    return;
  }
  if (ir_trace_status(T) != IR_S_OK) {
    jit_record_abort("trace: %s", ir_status_text(ir_trace_status(T)));
    return;
  }
  if (T->nins > (uint32_t)jit_params.trace_limit) {
    jit_record_abort("trace too long (trace_limit=%ld)", jit_params.trace_limit);
    return;
  }
  if (closed) finish();
}
