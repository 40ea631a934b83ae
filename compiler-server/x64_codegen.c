/* x64_codegen.c: the x86-64 code generator: a trace in, a blob out (shared/blob.h).
 *
 * Every value has a home spill slot in the native frame ([rsp + 8*slot], reused once the value
 * is dead), and most also get a register for their whole life (linear scan, first fit, in
 * trace order): each instruction moves its operands into scratch registers (rax rcx rdx r8
 * r11, xmm0 xmm1; never allocated), computes, and moves its result to the value's register or
 * home. A value live across a call gets a callee-saved register (rbx rbp r14 r15) or stays in
 * memory. An exit first stores the registers it needs to their homes, then works from memory,
 * so it may call the allocator for floats. A JUMP is a parallel move into the second LABEL's
 * values' locations.
 *
 * Guards jump to out-of-line exit stubs, which write their snapshot into the interpreter window
 * (tagging ints, boxing floats, True/False for bools, NULL for dead slots) and continue through
 * the exit's two slots (target, slots): by default to the exit's tail, which returns
 * (exit index, slots) to the worker; a linked bridge replaces the target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "x64_codegen.h"
#include "x64_emit.h"

#define FRAME_BYTES (BLOB_FRAME_SIZE + 8u) /* + 8: rsp 16-aligned after six pushes */
#define NWHATS 5u
#define CALL_TEMPS 16u /* frame slots a call's arguments pass through */
#define EXPORTS_MOVE_MAX 256u /* values a JUMP moves at once */

typedef struct Gen {
  const IrTrace *t;
  X64Buf b;
  int32_t *slot;      /* per instruction: its spill slot, -1 for none */
  int8_t *reg;        /* per instruction: its register (0-15 GPR, 16-31 XMM), -1: memory */
  uint32_t *weight;   /* per instruction: its uses, counted 16 times inside the loop proper */
  bool *flags_only;   /* a comparison only the next guard reads: it stays in the flags */
  IrRef *alias;       /* a copy of a loop variable right after the LABEL: lives in its place */
  bool in_stub;       /* emitting exits: every value is read from its home */
  uint32_t *last;     /* per instruction: index of its last use */
  uint32_t *dies;     /* values whose last use is instruction i: dies[dstart[i] .. dstart[i+1]) */
  uint32_t *dstart;
  int32_t *free_slots;
  uint32_t nfree, nslots_used, slots_avail;
  uint32_t *exit_of;  /* per instruction: its exit number (guards, FINISH) */
  X64Label *exit_label;
  uint32_t nexits;
  uint32_t *tail_off;
  int32_t (*imp_of)[NWHATS]; /* per constant and what: its import, -1 before */
  BlobImport *imp;
  uint32_t nimp, cap_imp;
  char *pool;
  uint32_t npool, cap_pool;
  int32_t named[JIT_H__COUNT + 3]; /* helper imports, then None, True, False */
  X64Label label1, label2, epilogue;
  uint32_t label2_ins;
  uint32_t ntemps;    /* slots at the top of the frame for JUMP's parallel move */
  bool peeled;
  char *err;
  size_t errlen;
  bool failed;
} Gen;

static void fail(Gen *g, const char *fmt, const char *what)
{
  if (!g->failed) snprintf(g->err, g->errlen, fmt, what);
  g->failed = true;
}

static const IrConst *cst(const Gen *g, IrRef r) { return ir_const_get(g->t, r); }
static bool is_val(const Gen *g, IrRef r) { return r < g->t->nins; }
static X64Mem slotm(const Gen *g, IrRef r) { return x64_mem(X64_RSP, 8 * g->slot[r]); }
static X64Mem winm(uint32_t w) { return x64_mem(X64_R12, (int32_t)(8 * w)); }

/* -- Imports ------------------------------------------------------------------------------------ */

static uint32_t pool_add(Gen *g, const char *s, uint32_t len)
{
  if (g->npool + len + 1 > BLOB_STRPOOL_MAX) { fail(g, "%s", "string pool full"); return 0; }
  if (g->npool + len + 1 > g->cap_pool) {
    uint32_t cap = (g->npool + len + 1) * 2;
    char *p = realloc(g->pool, cap);
    if (!p) { fail(g, "%s", "out of memory"); return 0; }
    g->pool = p;
    g->cap_pool = cap;
  }
  uint32_t off = g->npool;
  memcpy(g->pool + off, s, len);
  g->pool[off + len] = '\0';
  g->npool += len + 1;
  return off;
}

static int32_t add_import(Gen *g, const BlobImport *im)
{
  if (g->nimp >= BLOB_IMPORTS_MAX) { fail(g, "%s", "too many imports"); return 0; }
  if (g->nimp == g->cap_imp) {
    uint32_t cap = g->cap_imp ? g->cap_imp * 2 : 32;
    BlobImport *p = realloc(g->imp, cap * sizeof *p);
    if (!p) { fail(g, "%s", "out of memory"); return 0; }
    g->imp = p;
    g->cap_imp = cap;
  }
  g->imp[g->nimp] = *im;
  return (int32_t)g->nimp++;
}

static int32_t import_const(Gen *g, IrRef r, BlobImportWhat what)
{
  uint32_t ci = r - IR_CONST_BASE;
  if (g->imp_of[ci][what] >= 0) return g->imp_of[ci][what];
  const IrConst *c = &g->t->consts[ci];
  BlobImport im = {.what = what, .kind = c->kind, .sub = c->sub, .n = c->n};
  if (c->kind == IRC_SYM_MAP) im.n = (uint32_t)import_const(g, ir_constref(c->n), BLOB_IMPORT_VALUE);
  im.s0_off = pool_add(g, g->t->strpool + c->s[0].off, c->s[0].len);
  im.s0_len = c->s[0].len;
  if (c->kind != IRC_ARGS) {
    im.s1_off = pool_add(g, g->t->strpool + c->s[1].off, c->s[1].len);
    im.s1_len = c->s[1].len;
  }
  if (c->kind == IRC_SYM_TYPE || c->kind == IRC_SYM_CODE) memcpy(im.hash, c->u.hash, 16);
  return g->imp_of[ci][what] = add_import(g, &im);
}

static const char *const helper_names[JIT_H__COUNT] = {
#define JH_NAME(name, sig) #name,
  JIT_HELPERS(JH_NAME)
#undef JH_NAME
};

static int32_t import_helper(Gen *g, JitHelper h)
{
  if (g->named[h] >= 0) return g->named[h];
  BlobImport im = {.what = BLOB_IMPORT_ADDR, .kind = IRC_SYM_HELPER};
  im.s0_len = (uint32_t)strlen(helper_names[h]);
  im.s0_off = pool_add(g, helper_names[h], im.s0_len);
  return g->named[h] = add_import(g, &im);
}

/* None, True, False as imports of their own (a trace need not have them as constants). */
static int32_t import_object(Gen *g, IrConstKind k)
{
  int32_t *at = &g->named[JIT_H__COUNT + (k == IRC_NONE ? 0 : k == IRC_TRUE ? 1 : 2)];
  if (*at >= 0) return *at;
  BlobImport im = {.what = BLOB_IMPORT_VALUE, .kind = k};
  return *at = add_import(g, &im);
}

static int32_t helper_of(Gen *g, IrRef r)
{
  const IrConst *c = cst(g, r);
  if (!c || c->kind != IRC_SYM_HELPER) { fail(g, "%s", "call of a non-helper"); return 0; }
  for (int h = 0; h < JIT_H__COUNT; h++)
    if (strlen(helper_names[h]) == c->s[0].len && memcmp(helper_names[h], g->t->strpool + c->s[0].off, c->s[0].len) == 0)
      return import_helper(g, (JitHelper)h);
  fail(g, "%s", "unknown helper");
  return 0;
}

static X64Mem impm(int32_t k) { return x64_mem(X64_R13, 8 * k); }

/* -- Operands ----------------------------------------------------------------------------------- */

#define XMM_BASE 16
static bool in_reg(const Gen *g, IrRef r) { return !g->in_stub && r < g->t->nins && g->reg[r] >= 0; }
static bool in_gpr(const Gen *g, IrRef r) { return in_reg(g, r) && g->reg[r] < XMM_BASE; }
static X64Reg gpr_of(const Gen *g, IrRef r) { return (X64Reg)g->reg[r]; }
static X64Xmm xmm_of(const Gen *g, IrRef r) { return (X64Xmm)(g->reg[r] - XMM_BASE); }

static void load(Gen *g, X64Reg r, IrRef ref)
{
  const IrConst *c = cst(g, ref);
  if (!c) {
    if (in_gpr(g, ref)) { if (gpr_of(g, ref) != r) x64_mov_rr(&g->b, r, gpr_of(g, ref)); }
    else if (in_reg(g, ref)) x64_movq_rx(&g->b, r, xmm_of(g, ref));
    else x64_mov_rm(&g->b, r, slotm(g, ref));
    return;
  }
  switch (c->kind) {
  case IRC_INT: x64_mov_ri(&g->b, r, c->u.i); return;
  case IRC_FLOAT: x64_mov_ri(&g->b, r, (int64_t)c->u.bits); return;
  case IRC_NONE: case IRC_TRUE: case IRC_FALSE:
    x64_mov_rm(&g->b, r, impm(import_object(g, (IrConstKind)c->kind)));
    return;
  case IRC_SYM_TYPE: case IRC_SYM_STR: case IRC_SYM_CODE: case IRC_SYM_GLOBAL: case IRC_SYM_MAP:
    x64_mov_rm(&g->b, r, impm(import_const(g, ref, BLOB_IMPORT_VALUE)));
    return;
  default: fail(g, "%s", "constant of this kind as an operand");
  }
}

static void load_x(Gen *g, X64Xmm x, IrRef ref)
{
  if (in_reg(g, ref) && !in_gpr(g, ref)) { if (xmm_of(g, ref) != x) x64_movapd_xx(&g->b, x, xmm_of(g, ref)); return; }
  if (in_gpr(g, ref)) { x64_movq_xr(&g->b, x, gpr_of(g, ref)); return; }
  if (is_val(g, ref)) { x64_movsd_xm(&g->b, x, slotm(g, ref)); return; }
  load(g, X64_R11, ref);
  x64_movq_xr(&g->b, x, X64_R11);
}

static void store(Gen *g, uint32_t i, X64Reg r)
{
  if (in_gpr(g, i)) { if (gpr_of(g, i) != r) x64_mov_rr(&g->b, gpr_of(g, i), r); }
  else if (in_reg(g, i)) x64_movq_xr(&g->b, xmm_of(g, i), r);
  else x64_mov_mr(&g->b, slotm(g, i), r);
}

static void store_x(Gen *g, uint32_t i, X64Xmm x)
{
  if (in_reg(g, i) && !in_gpr(g, i)) { if (xmm_of(g, i) != x) x64_movapd_xx(&g->b, xmm_of(g, i), x); }
  else if (in_gpr(g, i)) x64_movq_rx(&g->b, gpr_of(g, i), x);
  else x64_movsd_mx(&g->b, slotm(g, i), x);
}

/* A value's register when it has one (no move), else the value loaded into scratch. */
static X64Reg src_reg(Gen *g, IrRef ref, X64Reg scratch)
{
  if (in_gpr(g, ref)) return gpr_of(g, ref);
  load(g, scratch, ref);
  return scratch;
}

/* Where an integer result goes: its own register when it has one, else scratch. */
static X64Reg dst_reg(const Gen *g, uint32_t i, X64Reg scratch) { return in_gpr(g, i) ? gpr_of(g, i) : scratch; }

/* Stores a register-held value to its home slot (exits read homes only). */
static void spill_home(Gen *g, IrRef r)
{
  if (!in_reg(g, r)) return;
  if (in_gpr(g, r)) x64_mov_mr(&g->b, slotm(g, r), gpr_of(g, r));
  else x64_movsd_mx(&g->b, slotm(g, r), xmm_of(g, r));
}

static bool small_int(const Gen *g, IrRef r, int64_t *v)
{
  const IrConst *c = cst(g, r);
  if (!c || c->kind != IRC_INT || c->u.i < INT32_MIN || c->u.i > INT32_MAX) return false;
  *v = c->u.i;
  return true;
}

/* -- Liveness and slots ---------------------------------------------------------------------------- */

static void use(Gen *g, IrRef r, uint32_t at)
{
  if (!is_val(g, r)) return;
  if (g->last[r] == UINT32_MAX || g->last[r] < at) g->last[r] = at;
  g->weight[r] += at > g->label2_ins && g->label2_ins ? 16 : 1;
}

static void use_args(Gen *g, IrRef list, uint32_t at)
{
  const IrConst *c = cst(g, list);
  if (!c || c->kind != IRC_ARGS) return;
  for (uint32_t j = 0; j < c->s[0].len; j++) use(g, g->t->args[c->s[0].off + j], at);
}

static void use_snapshot(Gen *g, uint32_t snap, uint32_t at)
{
  const IrSnap *s = &g->t->snaps[snap];
  for (uint32_t e = 0; e < s->nentries; e++) use(g, g->t->entries[s->entry_start + e], at);
}

static void liveness(Gen *g)
{
  const IrTrace *t = g->t;
  for (uint32_t i = 0; i < t->nins; i++) g->last[i] = UINT32_MAX;
  for (uint32_t i = 0; i < t->nins; i++) {
    const IrIns *in = &t->ins[i];
    uint8_t fl = ir_op_flags[in->op];
    for (int k = 0; k < ir_op_nops[in->op]; k++) {
      IrRef r = k == 0 ? in->a : k == 1 ? in->b : in->c;
      if (ir_op_mode[in->op][k] == IRM_lit) continue;
      use(g, r, i);
      use_args(g, r, i);
    }
    if (fl & IRF_SNAP) use_snapshot(g, in->snap_or_aux, i);
  }
}

/* After find_aliases: a label value lives as long as its copy in the loop (the JUMP gives it
   anew), other values of the preamble used in the loop are invariants, live to the end; then
   the lists of values dying at each instruction. */
static void death_lists(Gen *g)
{
  const IrTrace *t = g->t;
  bool *label_value = calloc(t->nins + 1, sizeof *label_value);
  if (!label_value) { fail(g, "%s", "out of memory"); return; }
  for (uint32_t i = 0; i < t->nins; i++)
    if (g->alias[i] != IR_NOREF) {
      IrRef x = g->alias[i];
      label_value[x] = true;
      if (g->last[i] != UINT32_MAX && g->last[i] > g->last[x]) g->last[x] = g->last[i];
    }
  for (uint32_t r = 0; r < g->label2_ins; r++)
    if (!label_value[r] && g->last[r] != UINT32_MAX && g->last[r] > g->label2_ins) g->last[r] = t->nins;
  free(label_value);
  uint32_t n = t->nins;
  for (uint32_t i = 0; i <= n; i++) g->dstart[i] = 0;
  for (uint32_t r = 0; r < n; r++)
    if (g->last[r] < n) g->dstart[g->last[r] + 1]++;
  for (uint32_t i = 1; i <= n; i++) g->dstart[i] += g->dstart[i - 1];
  uint32_t *fill = calloc(n + 1, sizeof *fill);
  if (!fill) { fail(g, "%s", "out of memory"); return; }
  for (uint32_t r = 0; r < n; r++)
    if (g->last[r] < n) g->dies[g->dstart[g->last[r]] + fill[g->last[r]]++] = r;
  free(fill);
}

static bool has_result(const IrIns *in)
{
  return in->kind != IRK_VOID && in->op != IR_LABEL && in->op != IR_JUMP;
}

static bool is_cmp(uint8_t op)
{
  return (op >= IR_INT_LT && op <= IR_INT_IS_TRUE) || op == IR_FLOAT_LT || op == IR_FLOAT_LE ||
         op == IR_FLOAT_GT || op == IR_FLOAT_GE;
}

/* Comparisons whose only reader is the guard right after them (not its snapshot). */
static void find_flags_only(Gen *g)
{
  const IrTrace *t = g->t;
  for (uint32_t i = 0; i + 1 < t->nins; i++) {
    const IrIns *next = &t->ins[i + 1];
    if (!is_cmp(t->ins[i].op) || g->last[i] != i + 1 || next->a != i ||
        (next->op != IR_GUARD_TRUE && next->op != IR_GUARD_FALSE))
      continue;
    const IrSnap *s = &t->snaps[next->snap_or_aux];
    bool in_snap = false;
    for (uint32_t e = 0; e < s->nentries && !in_snap; e++) in_snap = t->entries[s->entry_start + e] == i;
    g->flags_only[i] = !in_snap;
  }
}

/* The optimizer names each loop variable anew right after the second LABEL (SAME_AS); nothing
   else reads the label's value in the loop, so the copy can live in the same register and slot
   and costs nothing. */
static void find_aliases(Gen *g)
{
  const IrTrace *t = g->t;
  for (uint32_t i = 0; i < t->nins; i++) g->alias[i] = IR_NOREF;
  if (!g->peeled) return;
  const IrConst *la = ir_const_get(t, t->ins[g->label2_ins].a);
  for (uint32_t i = g->label2_ins + 1; i < t->nins && t->ins[i].op == IR_SAME_AS; i++) {
    IrRef x = t->ins[i].a;
    bool arg = false;
    for (uint32_t j = 0; la && j < la->s[0].len && !arg; j++) arg = t->args[la->s[0].off + j] == x;
    if (arg) {
      g->alias[i] = x;
      g->weight[x] += g->weight[i];
    }
  }
}

static void assign_slots(Gen *g)
{
  const IrTrace *t = g->t;
  for (uint32_t i = 0; i < t->nins && !g->failed; i++) {
    g->slot[i] = -1;
    if (g->alias[i] != IR_NOREF) { g->slot[i] = g->slot[g->alias[i]]; continue; }
    if (has_result(&t->ins[i]) && !g->flags_only[i]) {
      if (g->nfree) g->slot[i] = g->free_slots[--g->nfree];
      else if (g->nslots_used < g->slots_avail) g->slot[i] = (int32_t)g->nslots_used++;
      else fail(g, "%s", "too many live values for the spill area");
      if (g->last[i] == UINT32_MAX) g->free_slots[g->nfree++] = g->slot[i];
    }
    for (uint32_t d = g->dstart[i]; d < g->dstart[i + 1]; d++)
      if (g->slot[g->dies[d]] >= 0 && g->alias[g->dies[d]] == IR_NOREF)
        g->free_slots[g->nfree++] = g->slot[g->dies[d]];
  }
}

/* Registers: a value gets one for its whole life when one is free at its definition. Values
   live across a call take callee-saved ones; floats take xmm2-15 (none survives a call). */
static const X64Reg caller_gprs[] = {X64_RSI, X64_RDI, X64_R9, X64_R10};
static const X64Reg callee_gprs[] = {X64_RBX, X64_RBP, X64_R14, X64_R15};
#define NREGS 32

static bool calls_out(uint8_t op)
{
  return op == IR_CALL || op == IR_CALL_MAY_FORCE || op == IR_COND_CALL || op == IR_NEW_FLOAT;
}

/* A free register, one no label value lives in when there is such (the JUMP will want those
   for its own arguments), else any free one. */
static int8_t pick(const uint32_t *busy_until, uint32_t i, IrKind k, bool crosses, uint32_t avoid)
{
  for (int pass = 0; pass < 2; pass++) {
    uint32_t skip = pass ? 0 : avoid;
    if (k == IRK_FLOAT) {
      if (crosses) return -1;
      for (int x = 2; x < 16; x++)
        if (busy_until[XMM_BASE + x] < i && !(skip >> (XMM_BASE + x) & 1)) return (int8_t)(XMM_BASE + x);
      continue;
    }
    if (!crosses)
      for (size_t j = 0; j < 4; j++)
        if (busy_until[caller_gprs[j]] < i && !(skip >> caller_gprs[j] & 1)) return (int8_t)caller_gprs[j];
    for (size_t j = 0; j < 4; j++)
      if (busy_until[callee_gprs[j]] < i && !(skip >> callee_gprs[j] & 1)) return (int8_t)callee_gprs[j];
  }
  return -1;
}

/* The registers the label values have: loop values leave them to JUMP arguments. */
static uint32_t label_regs(const Gen *g)
{
  const IrConst *la = g->peeled ? cst(g, g->t->ins[g->label2_ins].a) : NULL;
  uint32_t mask = 0;
  for (uint32_t j = 0; la && j < la->s[0].len; j++) {
    int8_t r = g->reg[g->t->args[la->s[0].off + j]];
    if (r >= 0) mask |= 1u << r;
  }
  return mask;
}

/* No register free: take the one whose holder is used least (per its weight) if that is less
   than value i's; the holder then lives in memory for all its life. */
static int8_t steal(Gen *g, int32_t *holder, uint32_t i, IrKind k, bool crosses)
{
  int8_t best = -1;
  for (int r = 0; r < NREGS; r++) {
    int32_t h = holder[r];
    if (h < 0 || g->last[h] < i) continue;
    bool xmm = r >= XMM_BASE, callee = r == X64_RBX || r == X64_RBP || r == X64_R14 || r == X64_R15;
    if (xmm != (k == IRK_FLOAT) || (crosses && !callee) || (crosses && xmm)) continue;
    if (best < 0 || g->weight[h] < g->weight[holder[best]]) best = (int8_t)r;
  }
  if (best < 0 || g->weight[holder[best]] >= g->weight[i]) return -1;
  g->reg[holder[best]] = -1;
  return best;
}

/* Ops whose code reads every operand before it writes the result's register (an operand in
   a different register or an immediate), so the result may take the register of an operand
   that dies right there. */
static bool reads_before_write(uint8_t op)
{
  switch (op) {
  case IR_INT_ADD: case IR_INT_SUB: case IR_INT_MUL: case IR_INT_AND: case IR_INT_OR: case IR_INT_XOR:
  case IR_GETFIELD: return true;
  default: return false;
  }
}

/* The register of the label value that JUMP argument i goes back into, if i can live there:
   then the back-edge needs no move for it. */
static int8_t jump_hint(Gen *g, const uint32_t *busy_until, uint32_t i, bool crosses)
{
  const IrTrace *t = g->t;
  const IrIns *jump = &t->ins[t->nins - 1];
  if (!g->peeled || jump->op != IR_JUMP || i <= g->label2_ins) return -1;
  const IrConst *ja = cst(g, jump->a), *la = cst(g, t->ins[g->label2_ins].a);
  if (!ja || !la || ja->s[0].len != la->s[0].len) return -1;
  for (uint32_t j = 0; j < ja->s[0].len; j++) {
    if (t->args[ja->s[0].off + j] != i) continue;
    int8_t r = g->reg[t->args[la->s[0].off + j]];
    if (r < 0 || (r >= XMM_BASE) != (t->ins[i].kind == IRK_FLOAT)) continue;
    bool callee = r == X64_RBX || r == X64_RBP || r == X64_R14 || r == X64_R15;
    if (crosses && !callee) continue;
    if (busy_until[r] < i || (busy_until[r] == i && reads_before_write(t->ins[i].op))) return r;
  }
  return -1;
}

static void assign_regs(Gen *g)
{
  const IrTrace *t = g->t;
  uint32_t *calls_before = calloc(t->nins + 2, sizeof *calls_before);
  uint32_t busy_until[NREGS];
  int32_t holder[NREGS];
  if (!calls_before) { fail(g, "%s", "out of memory"); return; }
  for (uint32_t i = 0; i < t->nins; i++) calls_before[i + 1] = calls_before[i] + calls_out(t->ins[i].op);
  calls_before[t->nins + 1] = calls_before[t->nins];
  for (int r = 0; r < NREGS; r++) { busy_until[r] = 0; holder[r] = -1; }
  uint32_t avoid = 0;
  for (uint32_t i = 0; i < t->nins; i++) {
    g->reg[i] = -1;
    if (g->peeled && i == g->label2_ins) avoid = label_regs(g);
    if (g->alias[i] != IR_NOREF) continue; /* takes its label value's register below */
    if (g->slot[i] < 0 || g->last[i] == UINT32_MAX) continue;
    uint32_t end = g->last[i] > t->nins ? t->nins : g->last[i];
    bool crosses = calls_before[end] > calls_before[i + 1];
    IrKind k = (IrKind)t->ins[i].kind;
    int8_t r = jump_hint(g, busy_until, i, crosses);
    if (r < 0) r = pick(busy_until, i, k, crosses, avoid);
    if (r < 0) r = steal(g, holder, i, k, crosses);
    if (r < 0) continue;
    g->reg[i] = r;
    holder[r] = (int32_t)i;
    busy_until[r] = g->last[i]; /* free again after its last use */
  }
  for (uint32_t i = 0; i < t->nins; i++)
    if (g->alias[i] != IR_NOREF) g->reg[i] = g->reg[g->alias[i]];
  free(calls_before);
}

/* -- Guards ----------------------------------------------------------------------------------------- */

static void jfail(Gen *g, uint32_t i, X64Cond cc) { x64_jcc(&g->b, cc, g->exit_label[g->exit_of[i]], X64_NEAR); }

static void version_guard(Gen *g, uint32_t i, IrRef k)
{
  x64_mov_rm(&g->b, X64_RAX, impm(import_const(g, k, BLOB_IMPORT_VERSION_ADDR)));
  x64_mov_rm(&g->b, X64_RAX, x64_mem(X64_RAX, 0));
  x64_cmp_rm(&g->b, X64_RAX, impm(import_const(g, k, BLOB_IMPORT_VERSION)));
  jfail(g, i, X64_CC_NE);
}

static bool is_ovf(uint8_t op) { return op == IR_INT_ADD_OVF || op == IR_INT_SUB_OVF || op == IR_INT_MUL_OVF; }

/* d = a + k by lea when a has a register of its own other than d (a mov and an add otherwise). */
static bool add_imm_lea(Gen *g, X64Reg d, IrRef a, int64_t k)
{
  if (!in_gpr(g, a) || gpr_of(g, a) == d || k < INT32_MIN + 1 || k > INT32_MAX) return false;
  x64_lea(&g->b, d, x64_mem(gpr_of(g, a), (int32_t)k));
  return true;
}

static void gen_ovf(Gen *g, uint32_t i, const IrIns *in)
{
  if (i + 1 >= g->t->nins || g->t->ins[i + 1].op != IR_GUARD_NO_OVERFLOW) {
    fail(g, "%s", "GUARD_OVERFLOW is not supported");
    return;
  }
  int64_t imm;
  bool b_imm = in->op != IR_INT_MUL_OVF && small_int(g, in->b, &imm);
  X64Reg b = b_imm ? X64_RDX : src_reg(g, in->b, X64_RDX);
  /* Straight into the result's register (its operands, if the exit needs them, live on). */
  X64Reg d = dst_reg(g, i, X64_RAX);
  if (d == b && !b_imm) d = X64_RAX;
  if (b_imm && add_imm_lea(g, d, in->a, in->op == IR_INT_ADD_OVF ? imm : -imm)) {
    /* d = a + imm in one instruction (the flags are not read: see below) */
  } else if ((load(g, d, in->a), b_imm)) x64_alu_ri(&g->b, in->op == IR_INT_ADD_OVF ? X64_ALU_add : X64_ALU_sub, d, (int32_t)imm);
  else if (in->op == IR_INT_ADD_OVF) x64_add_rr(&g->b, d, b);
  else if (in->op == IR_INT_SUB_OVF) x64_sub_rr(&g->b, d, b);
  else x64_imul_rr(&g->b, d, b);
  /* Python ints in a trace are in the tagged range (shared/ir.h): a sum or difference of two
     fits 64 bits, a product may not. */
  if (in->op == IR_INT_MUL_OVF) jfail(g, i + 1, X64_CC_O);
  /* Out of the tagged range [-2^62, 2^62): doubling the result overflows 64 bits. */
  x64_mov_rr(&g->b, X64_RCX, d);
  x64_add_rr(&g->b, X64_RCX, X64_RCX);
  jfail(g, i + 1, X64_CC_O);
  store(g, i, d);
}

static void gen_guard(Gen *g, uint32_t i, const IrIns *in, X64Cond *flags_cc, IrRef flags_ref)
{
  int64_t imm;
  switch (in->op) {
  case IR_GUARD_TRUE: case IR_GUARD_FALSE: {
    bool t = in->op == IR_GUARD_TRUE;
    if (flags_ref == in->a) { jfail(g, i, t ? x64_cc_not(*flags_cc) : *flags_cc); return; }
    X64Reg r = src_reg(g, in->a, X64_RAX);
    x64_test_rr(&g->b, r, r);
    jfail(g, i, t ? X64_CC_E : X64_CC_NE);
    return;
  }
  case IR_GUARD_NONNULL: case IR_GUARD_ISNULL: {
    X64Reg r = src_reg(g, in->a, X64_RAX);
    x64_test_rr(&g->b, r, r);
    jfail(g, i, in->op == IR_GUARD_NONNULL ? X64_CC_E : X64_CC_NE);
    return;
  }
  case IR_GUARD_TAGGED_INT:
    x64_test_ri(&g->b, src_reg(g, in->a, X64_RAX), 1);
    jfail(g, i, X64_CC_E);
    return;
  case IR_GUARD_CLASS:
    load(g, X64_RAX, in->a);
    x64_test_ri(&g->b, X64_RAX, 1);
    jfail(g, i, X64_CC_NE);
    x64_test_rr(&g->b, X64_RAX, X64_RAX);
    jfail(g, i, X64_CC_E);
    x64_mov_rm(&g->b, X64_RAX, x64_mem(X64_RAX, 0));
    x64_cmp_rm(&g->b, X64_RAX, impm(import_const(g, in->b, BLOB_IMPORT_VALUE)));
    jfail(g, i, X64_CC_NE);
    return;
  case IR_GUARD_VALUE: {
    X64Reg r = src_reg(g, in->a, X64_RAX);
    if (small_int(g, in->b, &imm)) {
      x64_cmp_ri(&g->b, r, (int32_t)imm);
    } else {
      load(g, X64_RCX, in->b);
      x64_cmp_rr(&g->b, r, X64_RCX);
    }
    jfail(g, i, X64_CC_NE);
    return;
  }
  case IR_GUARD_TYPE_VERSION: case IR_GUARD_DICT_VERSION: version_guard(g, i, in->a); return;
  case IR_GUARD_NOT_INVALIDATED:
    x64_mov_rm(&g->b, X64_RAX, impm(import_helper(g, JIT_H_gc_young_bytes)));
    x64_mov_rm(&g->b, X64_RAX, x64_mem(X64_RAX, 0));
    x64_mov_rm(&g->b, X64_RCX, impm(import_helper(g, JIT_H_gc_limit)));
    x64_cmp_rm(&g->b, X64_RAX, x64_mem(X64_RCX, 0));
    jfail(g, i, X64_CC_A);
    return;
  case IR_GUARD_NO_OVERFLOW: return; /* emitted with its _OVF op */
  default: fail(g, "op %s not supported by the backend", ir_op_name[in->op]);
  }
}

/* -- Integer ops ------------------------------------------------------------------------------------- */

/* Signed division by a constant d >= 2 as a multiply (Hacker's Delight, 10-1). */
static void magic(int64_t d, int64_t *m, int *s)
{
  const uint64_t two63 = 1ull << 63;
  uint64_t ad = (uint64_t)d, t = two63, anc = t - 1 - t % ad;
  int p = 63;
  uint64_t q1 = two63 / anc, r1 = two63 - q1 * anc, q2 = two63 / ad, r2 = two63 - q2 * ad, delta;
  do {
    p++;
    q1 *= 2; r1 *= 2;
    if (r1 >= anc) { q1++; r1 -= anc; }
    q2 *= 2; r2 *= 2;
    if (r2 >= ad) { q2++; r2 -= ad; }
    delta = ad - r2;
  } while (q1 < delta || (q1 == delta && r1 == 0));
  *m = (int64_t)(q2 + 1);
  *s = p - 64;
}

/* Python's // and % (rounding toward -inf) by a constant d >= 2: q in rdx, r in rem (r8 or
   the result's own register); the quotient's rounding step only when it is the result. */
static void divmod_const(Gen *g, IrRef a, int64_t d, bool want_q, X64Reg rem)
{
  int64_t m;
  int s;
  magic(d, &m, &s);
  X64Reg x = src_reg(g, a, X64_RCX);
  x64_mov_ri(&g->b, X64_RAX, m);
  x64_imul1(&g->b, x);
  if (m < 0) x64_add_rr(&g->b, X64_RDX, x);
  if (s > 0) x64_sar_ri(&g->b, X64_RDX, (uint8_t)s);
  x64_mov_rr(&g->b, X64_RAX, x);
  x64_shr_ri(&g->b, X64_RAX, 63);
  x64_add_rr(&g->b, X64_RDX, X64_RAX);         /* q = trunc(x / d) */
  x64_imul_rri(&g->b, X64_RAX, X64_RDX, (int32_t)d);
  x64_mov_rr(&g->b, rem, x);
  x64_sub_rr(&g->b, rem, X64_RAX);             /* r = x - q*d, sign of x */
  X64Label done = x64_label_new(&g->b);
  x64_test_rr(&g->b, rem, rem);
  x64_jcc(&g->b, X64_CC_GE, done, X64_SHORT);
  x64_add_ri(&g->b, rem, (int32_t)d);
  if (want_q) x64_sub_ri(&g->b, X64_RDX, 1);
  x64_bind(&g->b, done);
}

/* The same for a divisor in a register (the trace has guarded it positive; a zero divisor
   would trap, so it gives 0 instead): q in rdx, r in r8. */
static void divmod_var(Gen *g, IrRef a, IrRef b)
{
  X64Label zero = x64_label_new(&g->b), done = x64_label_new(&g->b);
  load(g, X64_RAX, a);
  load(g, X64_RCX, b);
  x64_cmp_ri(&g->b, X64_RCX, 0);
  x64_jcc(&g->b, X64_CC_LE, zero, X64_NEAR);
  x64_cqo(&g->b);
  x64_idiv(&g->b, X64_RCX);
  x64_mov_rr(&g->b, X64_R8, X64_RDX);
  x64_mov_rr(&g->b, X64_RDX, X64_RAX);
  x64_test_rr(&g->b, X64_R8, X64_R8);
  x64_jcc(&g->b, X64_CC_GE, done, X64_NEAR);
  x64_add_rr(&g->b, X64_R8, X64_RCX);
  x64_sub_ri(&g->b, X64_RDX, 1);
  x64_jmp(&g->b, done, X64_NEAR);
  x64_bind(&g->b, zero);
  x64_xor_rr(&g->b, X64_RDX, X64_RDX);
  x64_xor_rr(&g->b, X64_R8, X64_R8);
  x64_bind(&g->b, done);
}

static void gen_divmod(Gen *g, uint32_t i, const IrIns *in)
{
  int64_t d;
  bool mod = in->op == IR_INT_MOD;
  X64Reg rem = mod ? dst_reg(g, i, X64_R8) : X64_R8;
  if (small_int(g, in->b, &d) && d >= 2) divmod_const(g, in->a, d, !mod, rem);
  else { divmod_var(g, in->a, in->b); rem = X64_R8; }
  store(g, i, mod ? rem : X64_RDX);
}

static const X64Cond int_cc[] = {
  [IR_INT_LT] = X64_CC_L, [IR_INT_LE] = X64_CC_LE, [IR_INT_EQ] = X64_CC_E,
  [IR_INT_NE] = X64_CC_NE, [IR_INT_GT] = X64_CC_G, [IR_INT_GE] = X64_CC_GE,
};

static void gen_int_cmp(Gen *g, uint32_t i, const IrIns *in, X64Cond *cc)
{
  int64_t imm;
  X64Reg a = src_reg(g, in->a, X64_RAX);
  if (in->op == IR_INT_IS_TRUE) {
    x64_test_rr(&g->b, a, a);
    *cc = X64_CC_NE;
  } else {
    if (small_int(g, in->b, &imm) && imm == 0) {
      x64_test_rr(&g->b, a, a); /* the flags of a - 0, in fewer bytes */
    } else if (small_int(g, in->b, &imm)) {
      x64_cmp_ri(&g->b, a, (int32_t)imm);
    } else {
      x64_cmp_rr(&g->b, a, src_reg(g, in->b, X64_RCX));
    }
    *cc = int_cc[in->op];
  }
  if (g->flags_only[i]) return;
  x64_setcc_zx(&g->b, *cc, X64_RAX);
  store(g, i, X64_RAX);
}

static void gen_int_binop(Gen *g, uint32_t i, const IrIns *in)
{
  int64_t imm;
  bool shift = in->op == IR_INT_LSHIFT || in->op == IR_INT_RSHIFT;
  /* b first into rcx (a shift count must be in cl); d must not be b's register. */
  bool b_imm = !shift && in->op != IR_INT_MUL && small_int(g, in->b, &imm);
  X64Reg b = b_imm ? X64_RCX : shift ? (load(g, X64_RCX, in->b), X64_RCX) : src_reg(g, in->b, X64_RCX);
  X64Reg d = dst_reg(g, i, X64_RAX);
  if (d == b && !b_imm) d = X64_RAX;
  if (b_imm && (in->op == IR_INT_ADD || in->op == IR_INT_SUB) &&
      add_imm_lea(g, d, in->a, in->op == IR_INT_ADD ? imm : -imm)) {
    store(g, i, d);
    return;
  }
  load(g, d, in->a);
  if (b_imm) {
    static const X64Alu alu[] = {[IR_INT_ADD] = X64_ALU_add, [IR_INT_SUB] = X64_ALU_sub,
                                 [IR_INT_AND] = X64_ALU_and, [IR_INT_OR] = X64_ALU_or,
                                 [IR_INT_XOR] = X64_ALU_xor};
    x64_alu_ri(&g->b, alu[in->op], d, (int32_t)imm);
    store(g, i, d);
    return;
  }
  switch (in->op) {
  case IR_INT_ADD: x64_add_rr(&g->b, d, b); break;
  case IR_INT_SUB: x64_sub_rr(&g->b, d, b); break;
  case IR_INT_MUL: x64_imul_rr(&g->b, d, b); break;
  case IR_INT_AND: x64_and_rr(&g->b, d, b); break;
  case IR_INT_OR: x64_or_rr(&g->b, d, b); break;
  case IR_INT_XOR: x64_xor_rr(&g->b, d, b); break;
  case IR_INT_LSHIFT: x64_shl_rcl(&g->b, d); break;
  case IR_INT_RSHIFT: x64_sar_rcl(&g->b, d); break;
  default: break;
  }
  store(g, i, d);
}

/* -- Floats ------------------------------------------------------------------------------------------- */

static void gen_float_binop(Gen *g, uint32_t i, const IrIns *in)
{
  static const X64Sse op[] = {[IR_FLOAT_ADD] = X64_SSE_addsd, [IR_FLOAT_SUB] = X64_SSE_subsd,
                              [IR_FLOAT_MUL] = X64_SSE_mulsd, [IR_FLOAT_TRUEDIV] = X64_SSE_divsd};
  load_x(g, X64_XMM0, in->a);
  load_x(g, X64_XMM1, in->b);
  x64_sse_xx(&g->b, op[in->op], X64_XMM0, X64_XMM1);
  store_x(g, i, X64_XMM0);
}

/* A float comparison: ucomisd leaves "unordered" as ZF=PF=CF=1, so < and <= are tested as
   > and >= with the operands swapped (A and AE are false when unordered). == and != need PF
   too: they produce a bool and no flags to branch on (*cc = -1). */
static void gen_float_cmp(Gen *g, uint32_t i, const IrIns *in, int *cc)
{
  load_x(g, X64_XMM0, in->a);
  load_x(g, X64_XMM1, in->b);
  bool swap = in->op == IR_FLOAT_LT || in->op == IR_FLOAT_LE;
  x64_ucomisd_xx(&g->b, swap ? X64_XMM1 : X64_XMM0, swap ? X64_XMM0 : X64_XMM1);
  if (in->op == IR_FLOAT_EQ || in->op == IR_FLOAT_NE) {
    bool eq = in->op == IR_FLOAT_EQ;
    x64_setcc_zx(&g->b, eq ? X64_CC_E : X64_CC_NE, X64_RAX);
    x64_setcc_zx(&g->b, eq ? X64_CC_NP : X64_CC_P, X64_RCX);
    if (eq) x64_and_rr(&g->b, X64_RAX, X64_RCX);
    else x64_or_rr(&g->b, X64_RAX, X64_RCX);
    *cc = -1;
  } else {
    X64Cond c = in->op == IR_FLOAT_LT || in->op == IR_FLOAT_GT ? X64_CC_A : X64_CC_AE;
    *cc = c;
    if (g->flags_only[i]) return;
    x64_setcc_zx(&g->b, c, X64_RAX);
  }
  store(g, i, X64_RAX);
}

static void gen_float_unary(Gen *g, uint32_t i, const IrIns *in)
{
  switch (in->op) {
  case IR_FLOAT_NEG: case IR_FLOAT_ABS:
    load(g, X64_RAX, in->a);
    x64_mov_ri(&g->b, X64_RCX, in->op == IR_FLOAT_NEG ? INT64_MIN : INT64_MAX);
    if (in->op == IR_FLOAT_NEG) x64_xor_rr(&g->b, X64_RAX, X64_RCX);
    else x64_and_rr(&g->b, X64_RAX, X64_RCX);
    store(g, i, X64_RAX);
    return;
  case IR_FLOAT_SQRT:
    load_x(g, X64_XMM0, in->a);
    x64_sqrtsd_xx(&g->b, X64_XMM0, X64_XMM0);
    store_x(g, i, X64_XMM0);
    return;
  case IR_CAST_INT_TO_FLOAT:
    load(g, X64_RAX, in->a);
    x64_cvtsi2sd(&g->b, X64_XMM0, X64_RAX);
    store_x(g, i, X64_XMM0);
    return;
  default: /* CAST_FLOAT_TO_INT */
    load_x(g, X64_XMM0, in->a);
    x64_cvttsd2si(&g->b, X64_RAX, X64_XMM0);
    store(g, i, X64_RAX);
    return;
  }
}

/* -- Memory, boxes, calls ------------------------------------------------------------------------------ */

static X64Mem array_mem(Gen *g, const IrIns *in, X64Reg base_reg)
{
  uint32_t size = in->snap_or_aux & 15u, base = (uint32_t)(in->snap_or_aux >> 4) * 8u;
  int64_t i;
  if (small_int(g, in->b, &i) && i >= 0 && i * size + base < INT32_MAX)
    return x64_mem(base_reg, (int32_t)(base + (uint64_t)i * size));
  return x64_mem_idx(base_reg, src_reg(g, in->b, X64_RCX), size, (int32_t)base);
}

/* Loads and stores address through the operands' own registers where they have them. */
static void gen_memory(Gen *g, uint32_t i, const IrIns *in)
{
  bool four = (in->snap_or_aux & 15u) == 4;
  bool array = in->op == IR_GETARRAYITEM || in->op == IR_SETARRAYITEM;
  X64Reg base = src_reg(g, in->a, X64_RAX);
  X64Mem m = array ? array_mem(g, in, base) : x64_mem(base, (int32_t)in->b);
  if (in->op == IR_SETFIELD || in->op == IR_SETARRAYITEM) {
    X64Reg v = src_reg(g, in->c, X64_RDX);
    if (four) x64_mov32_mr(&g->b, m, v);
    else x64_mov_mr(&g->b, m, v);
    return;
  }
  X64Reg d = dst_reg(g, i, X64_RDX);
  if (four) x64_mov32_rm(&g->b, d, m);
  else x64_mov_rm(&g->b, d, m);
  store(g, i, d);
}

static void gen_box(Gen *g, uint32_t i, const IrIns *in)
{
  switch (in->op) {
  case IR_UNBOX_INT: {
    X64Reg d = dst_reg(g, i, X64_RAX);
    load(g, d, in->a);
    x64_sar_ri(&g->b, d, 1);
    store(g, i, d);
    return;
  }
  case IR_BOX_INT: {
    X64Reg a = src_reg(g, in->a, X64_RAX), d = dst_reg(g, i, X64_RAX);
    x64_lea(&g->b, d, x64_mem_idx(a, a, 1, 1));
    store(g, i, d);
    return;
  }
  case IR_UNBOX_FLOAT: {
    X64Reg d = dst_reg(g, i, X64_RAX);
    x64_mov_rm(&g->b, d, x64_mem(src_reg(g, in->a, X64_RAX), 16));
    store(g, i, d);
    return;
  }
  default: /* NEW_FLOAT */
    load_x(g, X64_XMM0, in->a);
    x64_call_m(&g->b, impm(import_helper(g, JIT_H_float_new)));
    break;
  }
  store(g, i, X64_RAX);
}

static void gen_call(Gen *g, uint32_t i, const IrIns *in)
{
  static const X64Reg gpr[] = {X64_RDI, X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};
  IrRef args[16];
  uint32_t n = 0;
  IrRef fn = in->op == IR_COND_CALL ? in->b : in->a;
  const IrConst *list = cst(g, in->b);
  if (in->op == IR_CALL && list && list->kind == IRC_ARGS) {
    if (list->s[0].len > 14) { fail(g, "%s", "call with too many arguments"); return; }
    for (uint32_t j = 0; j < list->s[0].len; j++) args[n++] = g->t->args[list->s[0].off + j];
  } else if (in->op == IR_CALL) {
    if (in->b != IR_NOREF) args[n++] = in->b;
    if (in->c != IR_NOREF) args[n++] = in->c;
  } else if (in->c != IR_NOREF) {
    args[n++] = in->c;
  }
  X64Label skip = 0;
  if (in->op == IR_COND_CALL) {
    skip = x64_label_new(&g->b);
    load(g, X64_RAX, in->a);
    x64_test_rr(&g->b, X64_RAX, X64_RAX);
    x64_jcc(&g->b, X64_CC_E, skip, X64_NEAR);
  }
  /* Through temporaries: an argument register may hold another argument's value. */
  uint32_t ng = 0, nx = 0, top = BLOB_SPILL_SLOTS - g->ntemps;
  for (uint32_t j = 0; j < n; j++) {
    load(g, X64_RAX, args[j]);
    x64_mov_mr(&g->b, x64_mem(X64_RSP, (int32_t)(8 * (top + j))), X64_RAX);
  }
  for (uint32_t j = 0; j < n; j++) {
    X64Mem t = x64_mem(X64_RSP, (int32_t)(8 * (top + j)));
    if (ir_ref_kind(g->t, args[j]) == IRK_FLOAT) x64_movsd_xm(&g->b, (X64Xmm)nx++, t);
    else if (ng < 6) x64_mov_rm(&g->b, gpr[ng++], t);
    else fail(g, "%s", "call with too many integer arguments");
  }
  x64_call_m(&g->b, impm(helper_of(g, fn)));
  if (in->op == IR_COND_CALL) { x64_bind(&g->b, skip); return; }
  if (in->kind == IRK_FLOAT) store_x(g, i, X64_XMM0);
  else if (in->kind != IRK_VOID) store(g, i, X64_RAX);
}

/* -- Control ------------------------------------------------------------------------------------------- */

/* Where a value lives: a register (0-31) or its home slot (32 + slot); constants nowhere. */
static int32_t loc_of(const Gen *g, IrRef r)
{
  if (!is_val(g, r)) return -1;
  return g->reg[r] >= 0 ? g->reg[r] : 32 + g->slot[r];
}

/* dst[j] = src[j] for all j at once. A move goes when no other pending move still reads its
   destination; a cycle is broken by parking one source in a frame temporary. */
static void parallel_move(Gen *g, const IrRef *dst, const IrRef *src, uint32_t n)
{
  bool done[EXPORTS_MOVE_MAX] = {0};
  int32_t parked[EXPORTS_MOVE_MAX]; /* the temporary slot a move reads from, or -1 */
  uint32_t nparked = 0;
  if (n > EXPORTS_MOVE_MAX || n > g->ntemps) { fail(g, "%s", "too many loop variables"); return; }
  for (uint32_t j = 0; j < n; j++) parked[j] = -1;
  for (uint32_t left = n; left && !g->failed;) {
    bool progress = false;
    for (uint32_t j = 0; j < n; j++) {
      if (done[j]) continue;
      int32_t d = loc_of(g, dst[j]);
      bool blocked = false;
      for (uint32_t k = 0; k < n && !blocked; k++)
        blocked = k != j && !done[k] && parked[k] < 0 && loc_of(g, src[k]) == d;
      if (blocked) continue;
      if (parked[j] < 0 && d == loc_of(g, src[j])) {
        /* already in place */
      } else if (parked[j] < 0 && in_gpr(g, dst[j]) && in_gpr(g, src[j])) {
        x64_mov_rr(&g->b, gpr_of(g, dst[j]), gpr_of(g, src[j]));
      } else {
        if (parked[j] >= 0) x64_mov_rm(&g->b, X64_RAX, x64_mem(X64_RSP, 8 * parked[j]));
        else load(g, X64_RAX, src[j]);
        store(g, dst[j], X64_RAX);
      }
      done[j] = true;
      left--;
      progress = true;
    }
    if (progress) continue;
    /* A cycle: park the first pending source and read it from there. */
    uint32_t j = 0;
    while (done[j]) j++;
    int32_t l = loc_of(g, src[j]), t = (int32_t)(BLOB_SPILL_SLOTS - g->ntemps + nparked++);
    load(g, X64_RAX, src[j]);
    x64_mov_mr(&g->b, x64_mem(X64_RSP, 8 * t), X64_RAX);
    for (uint32_t k = 0; k < n; k++)
      if (!done[k] && loc_of(g, src[k]) == l) parked[k] = t;
  }
}

static void gen_jump(Gen *g, const IrIns *in)
{
  if (g->t->flags & IR_TRACE_BRIDGE) {
    uint32_t loop = g->nimp + 2 * g->nexits;
    x64_mov_rm(&g->b, X64_RAX, impm((int32_t)loop));
    x64_mov_rm(&g->b, X64_R13, impm((int32_t)loop + 1));
    x64_jmp_r(&g->b, X64_RAX);
    return;
  }
  const IrConst *ja = cst(g, in->a), *la = cst(g, g->t->ins[g->label2_ins].a);
  parallel_move(g, g->t->args + la->s[0].off, g->t->args + ja->s[0].off, ja->s[0].len);
  x64_jmp(&g->b, g->peeled ? g->label2 : g->label1, X64_NEAR);
}

static void gen_label(Gen *g, uint32_t i)
{
  if (i == 0) return; /* label1 is bound by the caller at loop_off */
  if (i == g->label2_ins) x64_bind(&g->b, g->label2);
}

/* A result nobody reads, of an op with no effect: no code (dead-code removal). */
static bool dead(const Gen *g, uint32_t i, const IrIns *in)
{
  uint8_t fl = ir_op_flags[in->op];
  bool pure_or_load = (fl & IRF_PURE) || in->op == IR_FRAME_GET || in->op == IR_GETFIELD ||
                      in->op == IR_GETARRAYITEM || in->op == IR_ARRAYLEN;
  return pure_or_load && has_result(in) && g->last[i] == UINT32_MAX && !is_ovf(in->op);
}

static void gen_ins(Gen *g, uint32_t i, X64Cond *cc, IrRef *flags_ref)
{
  const IrIns *in = &g->t->ins[i];
  if (in->op == IR_DEBUG_MERGE_POINT) return; /* no code: the flags of a comparison survive */
  if (dead(g, i, in)) return;
  IrRef fr = *flags_ref;
  *flags_ref = IR_NOREF;
  switch (in->op) {
  case IR_LABEL: gen_label(g, i); return;
  case IR_JUMP: gen_jump(g, in); return;
  case IR_FINISH: x64_jmp(&g->b, g->exit_label[g->exit_of[i]], X64_NEAR); return;
  case IR_DEBUG_MERGE_POINT: return;
  case IR_SAME_AS:
    if (g->alias[i] != IR_NOREF) return;
    load(g, X64_RAX, in->a);
    store(g, i, X64_RAX);
    return;
  case IR_FRAME_GET: {
    X64Reg d = dst_reg(g, i, X64_RAX);
    x64_mov_rm(&g->b, d, winm(in->a));
    store(g, i, d);
    return;
  }
  case IR_FRAME_SET:
    x64_mov_mr(&g->b, winm(in->a), src_reg(g, in->b, X64_RAX));
    return;
  case IR_INT_ADD_OVF: case IR_INT_SUB_OVF: case IR_INT_MUL_OVF: gen_ovf(g, i, in); return;
  case IR_INT_FLOORDIV: case IR_INT_MOD: gen_divmod(g, i, in); return;
  case IR_INT_ADD: case IR_INT_SUB: case IR_INT_MUL: case IR_INT_AND: case IR_INT_OR:
  case IR_INT_XOR: case IR_INT_LSHIFT: case IR_INT_RSHIFT:
    gen_int_binop(g, i, in);
    return;
  case IR_INT_NEG: case IR_INT_INVERT:
    load(g, X64_RAX, in->a);
    if (in->op == IR_INT_NEG) x64_neg(&g->b, X64_RAX);
    else x64_not(&g->b, X64_RAX);
    store(g, i, X64_RAX);
    return;
  case IR_INT_LT: case IR_INT_LE: case IR_INT_EQ: case IR_INT_NE: case IR_INT_GT: case IR_INT_GE:
  case IR_INT_IS_TRUE:
    gen_int_cmp(g, i, in, cc);
    *flags_ref = i;
    return;
  case IR_FLOAT_ADD: case IR_FLOAT_SUB: case IR_FLOAT_MUL: case IR_FLOAT_TRUEDIV:
    gen_float_binop(g, i, in);
    return;
  case IR_FLOAT_LT: case IR_FLOAT_LE: case IR_FLOAT_EQ: case IR_FLOAT_NE: case IR_FLOAT_GT:
  case IR_FLOAT_GE: {
    int c;
    gen_float_cmp(g, i, in, &c);
    if (c >= 0) { *cc = (X64Cond)c; *flags_ref = i; }
    return;
  }
  case IR_FLOAT_NEG: case IR_FLOAT_ABS: case IR_FLOAT_SQRT: case IR_CAST_INT_TO_FLOAT:
  case IR_CAST_FLOAT_TO_INT:
    gen_float_unary(g, i, in);
    return;
  case IR_GETFIELD: case IR_SETFIELD: case IR_GETARRAYITEM: case IR_SETARRAYITEM: case IR_ARRAYLEN:
    gen_memory(g, i, in);
    return;
  case IR_UNBOX_INT: case IR_BOX_INT: case IR_UNBOX_FLOAT: case IR_NEW_FLOAT: gen_box(g, i, in); return;
  case IR_CALL: case IR_COND_CALL: gen_call(g, i, in); return;
  default:
    if (ir_op_flags[in->op] & IRF_GUARD) { gen_guard(g, i, in, cc, fr); return; }
    fail(g, "op %s not supported by the backend", ir_op_name[in->op]);
  }
}

/* -- Exits ------------------------------------------------------------------------------------------------ */

static void write_entry(Gen *g, uint32_t w, IrRef v)
{
  if (v == IR_SNAP_UNCHANGED) return;
  if (v == IR_SNAP_DEAD) { x64_mov_mi32(&g->b, winm(w), 0); return; }
  const IrConst *c = cst(g, v);
  IrKind k = c ? (IrKind)ir_const_value_kind[c->kind] : (IrKind)g->t->ins[v].kind;
  if (c && c->kind == IRC_INT) {
    if (c->u.i < -(INT64_C(1) << 62) || c->u.i >= (INT64_C(1) << 62)) { fail(g, "%s", "untaggable int in a snapshot"); return; }
    x64_mov_ri(&g->b, X64_RAX, (int64_t)((uint64_t)c->u.i * 2 + 1));
  } else if (k == IRK_FLOAT) {
    load_x(g, X64_XMM0, v);
    x64_call_m(&g->b, impm(import_helper(g, JIT_H_float_new)));
  } else if (k == IRK_BOOL) {
    load(g, X64_RAX, v);
    x64_mov_rm(&g->b, X64_RCX, impm(import_object(g, IRC_TRUE)));
    x64_test_rr(&g->b, X64_RAX, X64_RAX);
    x64_cmov_rm(&g->b, X64_CC_E, X64_RCX, impm(import_object(g, IRC_FALSE)));
    x64_mov_rr(&g->b, X64_RAX, X64_RCX);
  } else {
    load(g, X64_RAX, v);
    if (k == IRK_INT) x64_lea(&g->b, X64_RAX, x64_mem_idx(X64_RAX, X64_RAX, 1, 1));
  }
  x64_mov_mr(&g->b, winm(w), X64_RAX);
}

static void gen_exit_stub(Gen *g, uint32_t k, uint32_t ins)
{
  const IrSnap *s = &g->t->snaps[g->t->ins[ins].snap_or_aux];
  x64_bind(&g->b, g->exit_label[k]);
  for (uint32_t e = 0; e < s->nentries; e++) spill_home(g, g->t->entries[s->entry_start + e]);
  g->in_stub = true;
  uint32_t base = 0, e = s->entry_start;
  for (uint32_t f = 0; f < s->nframes; f++) {
    const IrSnapFrame *fr = &g->t->frames[s->frame_start + f];
    for (uint32_t j = 0; j < fr->nslots; j++) write_entry(g, base + j, g->t->entries[e++]);
    base += fr->nslots;
  }
  g->in_stub = false;
  int32_t slot = (int32_t)(g->nimp + 2 * k);
  x64_mov_rm(&g->b, X64_RAX, impm(slot));
  x64_mov_rm(&g->b, X64_R13, impm(slot + 1));
  x64_jmp_r(&g->b, X64_RAX);
}

static const X64Reg saved[] = {X64_RBX, X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15};

static void gen_tails(Gen *g)
{
  for (uint32_t k = 0; k < g->nexits; k++) {
    g->tail_off[k] = (uint32_t)g->b.len;
    x64_mov_ri32(&g->b, X64_RAX, (int32_t)k);
    x64_mov_rr(&g->b, X64_RDX, X64_R13);
    x64_jmp(&g->b, g->epilogue, X64_NEAR);
  }
  x64_bind(&g->b, g->epilogue);
  x64_add_ri(&g->b, X64_RSP, (int32_t)FRAME_BYTES);
  for (int r = 5; r >= 0; r--) x64_pop(&g->b, saved[r]);
  x64_ret(&g->b);
}

/* -- Driver ----------------------------------------------------------------------------------------------- */

/* Every import the code will use, before any code: slot numbers of exits follow the imports. */
static void collect_imports(Gen *g)
{
  const IrTrace *t = g->t;
  import_helper(g, JIT_H_float_new);
  import_helper(g, JIT_H_gc_young_bytes);
  import_helper(g, JIT_H_gc_limit);
  import_object(g, IRC_TRUE);
  import_object(g, IRC_FALSE);
  for (uint32_t i = 0; i < t->nconsts; i++) {
    const IrConst *c = &t->consts[i];
    if (c->kind == IRC_NONE || c->kind == IRC_TRUE || c->kind == IRC_FALSE) import_object(g, (IrConstKind)c->kind);
    else if (c->kind == IRC_SYM_HELPER) helper_of(g, ir_constref(i));
    else if (c->kind >= IRC_SYM_TYPE && c->kind != IRC_ARGS) import_const(g, ir_constref(i), BLOB_IMPORT_VALUE);
  }
  for (uint32_t i = 0; i < t->nins; i++) {
    const IrIns *in = &t->ins[i];
    if (in->op == IR_GUARD_TYPE_VERSION || in->op == IR_GUARD_DICT_VERSION) {
      import_const(g, in->a, BLOB_IMPORT_VERSION_ADDR);
      import_const(g, in->a, BLOB_IMPORT_VERSION);
    }
  }
}

static void count_exits(Gen *g)
{
  for (uint32_t i = 0; i < g->t->nins; i++) {
    uint8_t op = g->t->ins[i].op;
    if (ir_op_flags[op] & IRF_SNAP) g->exit_of[i] = g->nexits++;
    if (op == IR_LABEL) g->label2_ins = i;
  }
  /* Loop variables are the last LABEL's values: each must be a distinct value. */
  const IrConst *la = ir_const_get(g->t, g->t->ins[g->label2_ins].a);
  for (uint32_t j = 0; la && g->label2_ins && j < la->s[0].len; j++)
    for (uint32_t k = j + 1; k < la->s[0].len; k++)
      if (g->t->args[la->s[0].off + j] == g->t->args[la->s[0].off + k]) fail(g, "%s", "a value twice in a LABEL");
}

static bool gen_alloc(Gen *g)
{
  uint32_t n = g->t->nins;
  g->slot = calloc(n + 1, sizeof *g->slot);
  g->reg = calloc(n + 1, sizeof *g->reg);
  g->weight = calloc(n + 1, sizeof *g->weight);
  g->flags_only = calloc(n + 1, sizeof *g->flags_only);
  g->alias = calloc(n + 1, sizeof *g->alias);
  g->last = calloc(n + 1, sizeof *g->last);
  g->dies = calloc(n + 1, sizeof *g->dies);
  g->dstart = calloc(n + 2, sizeof *g->dstart);
  g->free_slots = calloc(BLOB_SPILL_SLOTS, sizeof *g->free_slots);
  g->exit_of = calloc(n + 1, sizeof *g->exit_of);
  g->imp_of = malloc(((size_t)g->t->nconsts + 1) * sizeof *g->imp_of);
  if (!g->slot || !g->reg || !g->weight || !g->flags_only || !g->alias || !g->last || !g->dies || !g->dstart || !g->free_slots || !g->exit_of || !g->imp_of) return false;
  memset(g->imp_of, 0xff, ((size_t)g->t->nconsts + 1) * sizeof *g->imp_of);
  memset(g->named, 0xff, sizeof g->named);
  return true;
}

static void gen_free(Gen *g)
{
  free(g->slot); free(g->reg); free(g->weight); free(g->flags_only); free(g->alias); free(g->last); free(g->dies); free(g->dstart); free(g->free_slots);
  free(g->exit_of); free(g->exit_label); free(g->tail_off); free(g->imp_of); free(g->imp);
  free(g->pool);
  x64_free(&g->b);
}

static void gen_code(Gen *g, uint32_t *loop_off)
{
  bool bridge = (g->t->flags & IR_TRACE_BRIDGE) != 0;
  g->epilogue = x64_label_new(&g->b);
  g->label1 = x64_label_new(&g->b);
  g->label2 = x64_label_new(&g->b);
  g->exit_label = calloc(g->nexits + 1, sizeof *g->exit_label);
  g->tail_off = calloc(g->nexits + 1, sizeof *g->tail_off);
  if (!g->exit_label || !g->tail_off) { fail(g, "%s", "out of memory"); return; }
  for (uint32_t k = 0; k < g->nexits; k++) g->exit_label[k] = x64_label_new(&g->b);
  if (!bridge) {
    for (int r = 0; r < 6; r++) x64_push(&g->b, saved[r]);
    x64_sub_ri(&g->b, X64_RSP, (int32_t)FRAME_BYTES);
    x64_mov_rr(&g->b, X64_R12, X64_RDI);
    x64_mov_rr(&g->b, X64_R13, X64_RSI);
  }
  *loop_off = (uint32_t)g->b.len;
  x64_bind(&g->b, g->label1);
  X64Cond cc = X64_CC_E;
  IrRef flags_ref = IR_NOREF;
  for (uint32_t i = 0; i < g->t->nins && !g->failed; i++) gen_ins(g, i, &cc, &flags_ref);
  for (uint32_t i = 0, k = 0; i < g->t->nins && !g->failed; i++) {
    uint8_t op = g->t->ins[i].op;
    if (!(ir_op_flags[op] & IRF_SNAP)) continue;
    gen_exit_stub(g, k++, i);
  }
  gen_tails(g);
  if (!x64_ok(&g->b)) fail(g, "code: %s", x64_err_name(x64_error(&g->b)));
}

static uint32_t align4(uint32_t x) { return (x + 3u) & ~3u; }

static int write_blob(Gen *g, uint32_t loop_off, uint8_t **out, size_t *len)
{
  const IrTrace *t = g->t;
  uint32_t nframes = 0;
  for (uint32_t i = 0; i < t->nins; i++)
    if (ir_op_flags[t->ins[i].op] & IRF_SNAP) nframes += t->snaps[t->ins[i].snap_or_aux].nframes;
  BlobHeader h = {.version = BLOB_VERSION, .abi_version = BLOB_ABI_VERSION};
  memcpy(h.magic, BLOB_MAGIC, 4);
  h.flags = (t->flags & IR_TRACE_BRIDGE) ? BLOB_F_BRIDGE : 0;
  h.code_off = sizeof h;
  h.code_len = (uint32_t)g->b.len;
  h.entry_off = 0;
  h.loop_off = loop_off;
  h.nimports = g->nimp;
  h.imports_off = align4(h.code_off + h.code_len);
  h.nexits = g->nexits;
  h.exits_off = h.imports_off + g->nimp * (uint32_t)sizeof(BlobImport);
  h.nframes = nframes;
  h.frames_off = h.exits_off + g->nexits * (uint32_t)sizeof(BlobExit);
  h.strpool_off = h.frames_off + nframes * (uint32_t)sizeof(BlobFrame);
  h.strpool_len = g->npool;
  size_t total = (size_t)h.strpool_off + g->npool;
  uint8_t *p = calloc(1, total);
  if (!p) return -1;
  memcpy(p, &h, sizeof h);
  memcpy(p + h.code_off, g->b.code, h.code_len);
  if (g->nimp) memcpy(p + h.imports_off, g->imp, g->nimp * sizeof(BlobImport));
  BlobExit *ex = (BlobExit *)(p + h.exits_off);
  BlobFrame *fr = (BlobFrame *)(p + h.frames_off);
  uint32_t k = 0, fi = 0;
  for (uint32_t i = 0; i < t->nins; i++) {
    if (!(ir_op_flags[t->ins[i].op] & IRF_SNAP)) continue;
    const IrSnap *s = &t->snaps[t->ins[i].snap_or_aux];
    ex[k] = (BlobExit){fi, s->nframes, g->tail_off[k], i};
    uint32_t base = 0;
    for (uint32_t f = 0; f < s->nframes; f++, fi++) {
      const IrSnapFrame *sf = &t->frames[s->frame_start + f];
      const IrConst *code = ir_const_get(t, sf->code);
      if (code) memcpy(fr[fi].code_hash, code->u.hash, 16);
      fr[fi].pc = sf->pc;
      fr[fi].base = base;
      fr[fi].nslots = sf->nslots;
      base += sf->nslots;
    }
    k++;
  }
  if (g->npool) memcpy(p + h.strpool_off, g->pool, g->npool);
  *out = p;
  *len = total;
  return 0;
}

int x64_compile(const IrTrace *t, uint8_t **blob, size_t *len, char *err, size_t errlen)
{
  Gen g = {.t = t, .err = err, .errlen = errlen};
  x64_init(&g.b, 0);
  *blob = NULL;
  *len = 0;
  if (!gen_alloc(&g)) fail(&g, "%s", "out of memory");
  if (!g.failed) count_exits(&g);
  if (!g.failed) {
    const IrConst *la = ir_const_get(t, t->ins[g.label2_ins].a);
    g.peeled = g.label2_ins > 0;
    g.ntemps = la && g.label2_ins ? la->s[0].len : 0;
    if (g.ntemps < CALL_TEMPS) g.ntemps = CALL_TEMPS;
    if (g.ntemps >= BLOB_SPILL_SLOTS / 2) fail(&g, "%s", "too many loop variables");
    g.slots_avail = BLOB_SPILL_SLOTS - g.ntemps;
  }
  if (!g.failed) collect_imports(&g);
  if (!g.failed) liveness(&g);
  if (!g.failed) find_flags_only(&g);
  if (!g.failed) find_aliases(&g);
  if (!g.failed) death_lists(&g);
  if (!g.failed) assign_slots(&g);
  if (!g.failed) assign_regs(&g);
  uint32_t loop_off = 0, nimp = g.nimp;
  if (!g.failed) gen_code(&g, &loop_off);
  if (!g.failed && g.nimp != nimp) fail(&g, "%s", "internal: an import was added after the slots were numbered");
  int rc = -1;
  if (!g.failed) {
    rc = write_blob(&g, loop_off, blob, len);
    if (rc) snprintf(err, errlen, "out of memory");
  }
  gen_free(&g);
  return rc;
}
