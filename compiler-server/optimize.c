/* optimize.c: the trace optimizer (the design is in optimize.h).
 *
 * Values of the output trace: instruction refs, constants (copied from the input), and virtual
 * boxes (VBASE + n: a BOX_INT or NEW_FLOAT not emitted; its payload is known). A virtual box is
 * emitted ("materialized") once, where it escapes; a snapshot names its payload, and the exit
 * boxes it. Facts per output value (a tagged int, a known class, non-null, a known constant,
 * a comparison known true or false) let guards already proven go.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "optimize.h"

#define VBASE 0x40000000u
#define HEAP_MAX 64u       /* remembered loads and stores; the oldest is forgotten first */
#define STORED_MAX 64u     /* kinds of location the preamble stores to (more: forget all) */
#define CSE_SIZE 16384u    /* power of two, above 2 x IR_OPS_MAX */
#define VERSIONS_MAX 64u   /* version guards remembered (types and module dicts) */
#define EXPORTS_MAX 256u   /* values carried around a peeled loop */
#define RETRIES_MAX 4

enum { F_TAGGED = 1, F_NONNULL = 2, F_TRUE = 4, F_FALSE = 8 };

typedef struct VBox { uint8_t kind; IrRef payload, real; } VBox;
typedef struct HEntry { bool array, written; uint16_t aux; IrRef obj; uint32_t off; IrRef idx, val; } HEntry;
typedef struct Export { uint32_t slot; bool heap; HEntry key; uint8_t kind; } Export;

typedef struct Opt {
  const IrTrace *in;
  IrTrace *out;
  IrRef *map;         /* input instruction -> output value */
  IrRef *cmap;        /* input constant -> output constant, 0 before */
  uint8_t *flags;     /* per output instruction: F_* */
  IrRef *cls;         /* per output instruction: class proven by a guard */
  IrRef *subst;       /* per output instruction: the constant a guard proved it equals */
  IrRef *frame;       /* window slot -> its value (IR_NOREF: in memory) */
  uint8_t *dirty;     /* window slot written by the trace and not by memory */
  VBox *vbox;
  uint32_t nvbox;
  HEntry heap[HEAP_MAX];
  HEntry stored[STORED_MAX]; /* the locations the preamble stored to (field or array layout) */
  uint32_t nstored;          /* STORED_MAX + 1: too many to name */
  uint32_t nheap;
  uint32_t *cse;      /* output ref + 1, 0 empty */
  IrRef versions[VERSIONS_MAX];
  uint32_t nversions;
  bool skip_ovf_guard;
  uint32_t loop_start;          /* the loop proper's first instruction in out; 0 before it */
  bool hold_gc_check;           /* in a loop proper or a bridge: see gc_check_if_allocating */
  const IrIns *gc_check;        /* their GUARD_NOT_INVALIDATED, held until their end */
  uint32_t root_slots; /* window slots of the loop's frame at its header */
  bool failed;
  char *err;
  size_t errlen;
} Opt;

static void fail(Opt *o, const char *why)
{
  if (!o->failed && o->err) snprintf(o->err, o->errlen, "optimizer: %s", why);
  o->failed = true;
}

static bool is_vbox(IrRef r) { return r >= VBASE && r < VBASE + IR_OPS_MAX; }
static VBox *vb(Opt *o, IrRef r) { return &o->vbox[r - VBASE]; }
static bool is_ins(const Opt *o, IrRef r) { return r < o->out->nins; }

/* -- Emitting ---------------------------------------------------------------------------------- */

static IrRef emit(Opt *o, IrOp op, IrKind k, uint16_t aux, IrRef a, IrRef b, IrRef c)
{
  IrRef r = ir_emit_k(o->out, op, k, aux, a, b, c);
  if (r == IR_NOREF) { fail(o, ir_status_text(ir_trace_status(o->out))); return IR_NOREF; }
  o->flags[r] = 0;
  o->cls[r] = o->subst[r] = IR_NOREF;
  return r;
}

static IrRef new_vbox(Opt *o, IrKind kind, IrRef payload)
{
  if (o->nvbox >= IR_OPS_MAX) { fail(o, "too many boxes"); return IR_NOREF; }
  o->vbox[o->nvbox] = (VBox){(uint8_t)kind, payload, IR_NOREF};
  return VBASE + o->nvbox++;
}

/* The value as a real one: a virtual box is emitted here (once). */
static IrRef real(Opt *o, IrRef v)
{
  if (!is_vbox(v)) return v;
  VBox *b = vb(o, v);
  if (b->real != IR_NOREF) return b->real;
  IrRef r = emit(o, b->kind == IRK_INT ? IR_BOX_INT : IR_NEW_FLOAT, IRK_REF, 0, b->payload, 0, 0);
  if (r != IR_NOREF) o->flags[r] = b->kind == IRK_INT ? F_TAGGED : F_NONNULL;
  b->real = r;
  return r;
}

/* What a snapshot names for a value: a virtual box by its payload (the exit boxes it). */
static IrRef snap_value(Opt *o, IrRef v) { return is_vbox(v) ? vb(o, v)->payload : v; }

static IrRef konst(Opt *o, IrRef in)
{
  uint32_t k = in - IR_CONST_BASE;
  if (!o->cmap[k]) {
    IrRef r = ir_const_copy(o->out, o->in, in);
    if (r == IR_NOREF) { fail(o, "constant"); return IR_NOREF; }
    o->cmap[k] = r;
  }
  return o->cmap[k];
}

/* An input operand as an output value (virtual boxes stay virtual). */
static IrRef M(Opt *o, IrRef in)
{
  if (in == IR_NOREF) return IR_NOREF;
  if (ir_isconst(in)) return konst(o, in);
  if (in >= o->in->nins) { fail(o, "bad ref"); return IR_NOREF; }
  IrRef r = o->map[in];
  if (is_ins(o, r) && o->subst[r] != IR_NOREF) return o->subst[r];
  return r;
}

static IrRef R(Opt *o, IrRef in) { return real(o, M(o, in)); }

/* An ARGS list with each ref mapped and made real. */
static IrRef args_list(Opt *o, IrRef in)
{
  const IrConst *c = ir_const_get(o->in, in);
  if (!c || c->kind != IRC_ARGS) return konst(o, in);
  IrRef refs[IR_ARGLIST_MAX];
  for (uint32_t j = 0; j < c->s[0].len; j++) refs[j] = R(o, o->in->args[c->s[0].off + j]);
  return ir_const_args(o->out, refs, c->s[0].len);
}

/* -- Snapshots ------------------------------------------------------------------------------------- */

static uint16_t snapshot(Opt *o, uint32_t s_in)
{
  const IrSnap *s = &o->in->snaps[s_in];
  uint32_t s_out = ir_snapshot_begin(o->out), e = s->entry_start, base = 0;
  for (uint32_t f = 0; f < s->nframes; f++) {
    const IrSnapFrame *fr = &o->in->frames[s->frame_start + f];
    ir_snapshot_frame(o->out, konst(o, fr->code), fr->pc, fr->nslots);
    for (uint32_t j = 0; j < fr->nslots; j++, e++) {
      IrRef v = o->in->entries[e], w = base + j;
      if (v == IR_SNAP_UNCHANGED && o->dirty[w]) v = snap_value(o, o->frame[w]);
      else if (v != IR_SNAP_UNCHANGED && v != IR_SNAP_DEAD) v = snap_value(o, M(o, v));
      ir_snapshot_entry(o->out, v);
    }
    base += fr->nslots;
  }
  if (ir_snapshot_end(o->out) != IR_S_OK || s_out == IR_NOSNAP) fail(o, "snapshot");
  return (uint16_t)s_out;
}

static void guard(Opt *o, const IrIns *in, IrRef a, IrRef b)
{
  uint16_t s = snapshot(o, in->snap_or_aux);
  if (o->failed) return;
  if (ir_guard(o->out, (IrOp)in->op, a, b, s) == IR_NOREF) fail(o, ir_status_text(ir_trace_status(o->out)));
}

/* -- Pure operations: folding and sharing ------------------------------------------------------------- */

static uint32_t cse_hash(const IrIns *x)
{
  uint64_t h = ((uint64_t)x->op << 48) ^ ((uint64_t)x->kind << 40) ^ ((uint64_t)x->snap_or_aux << 24);
  h ^= (uint64_t)x->a * 0x9e3779b97f4a7c15ull ^ (uint64_t)x->b * 0xc2b2ae3d27d4eb4full ^ (uint64_t)x->c * 0x165667b19e3779f9ull;
  return (uint32_t)(h ^ (h >> 29)) & (CSE_SIZE - 1);
}

static IrRef cse_emit(Opt *o, IrOp op, IrKind k, uint16_t aux, IrRef a, IrRef b, IrRef c)
{
  IrIns key = {(uint8_t)op, (uint8_t)k, aux, a, b, c};
  uint32_t h = cse_hash(&key);
  for (uint32_t n; (n = o->cse[h]) != 0; h = (h + 1) & (CSE_SIZE - 1)) {
    const IrIns *x = &o->out->ins[n - 1];
    if (n - 1 < o->out->nins && memcmp(x, &key, sizeof key) == 0) return n - 1;
  }
  IrRef r = emit(o, op, k, aux, a, b, c);
  if (r != IR_NOREF) o->cse[h] = r + 1;
  return r;
}

static bool int_const(Opt *o, IrRef r, int64_t *v)
{
  const IrConst *c = ir_const_get(o->out, r);
  if (!c || c->kind != IRC_INT) return false;
  *v = c->u.i;
  return true;
}

/* x op y for two constants, or a neutral element: the folded value, or IR_NOREF. */
static IrRef fold_int(Opt *o, IrOp op, IrRef a, IrRef b)
{
  int64_t x, y, z;
  bool ca = int_const(o, a, &x), cb = int_const(o, b, &y);
  if (cb && y == 0 && (op == IR_INT_ADD || op == IR_INT_SUB || op == IR_INT_ADD_OVF || op == IR_INT_SUB_OVF ||
                       op == IR_INT_OR || op == IR_INT_XOR))
    return a;
  if (cb && y == 1 && (op == IR_INT_MUL || op == IR_INT_MUL_OVF)) return a;
  if (!ca || !cb) return IR_NOREF;
  switch (op) {
  case IR_INT_ADD: z = (int64_t)((uint64_t)x + (uint64_t)y); break;
  case IR_INT_SUB: z = (int64_t)((uint64_t)x - (uint64_t)y); break;
  case IR_INT_MUL: z = (int64_t)((uint64_t)x * (uint64_t)y); break;
  case IR_INT_AND: z = x & y; break;
  case IR_INT_OR: z = x | y; break;
  case IR_INT_XOR: z = x ^ y; break;
  case IR_INT_ADD_OVF: if (__builtin_add_overflow(x, y, &z)) return IR_NOREF; break;
  case IR_INT_SUB_OVF: if (__builtin_sub_overflow(x, y, &z)) return IR_NOREF; break;
  case IR_INT_MUL_OVF: if (__builtin_mul_overflow(x, y, &z)) return IR_NOREF; break;
  default: return IR_NOREF;
  }
  if ((op == IR_INT_ADD_OVF || op == IR_INT_SUB_OVF || op == IR_INT_MUL_OVF) &&
      (z < -(INT64_C(1) << 62) || z >= (INT64_C(1) << 62)))
    return IR_NOREF;
  return ir_const_int(o->out, z);
}

static bool is_ovf(uint8_t op) { return op == IR_INT_ADD_OVF || op == IR_INT_SUB_OVF || op == IR_INT_MUL_OVF; }

static void pure(Opt *o, uint32_t i, const IrIns *in)
{
  IrRef a = in->a, b = in->b, c = in->c;
  uint8_t op = in->op;
  for (int k = 0; k < ir_op_nops[op]; k++) {
    IrRef *p = k == 0 ? &a : k == 1 ? &b : &c;
    if (ir_op_mode[op][k] != IRM_lit) *p = R(o, *p);
  }
  /* A recorded overflow stays: its GUARD_OVERFLOW reads the op's own flags. */
  bool overflowed = is_ovf(op) && i + 1 < o->in->nins && o->in->ins[i + 1].op == IR_GUARD_OVERFLOW;
  IrRef f = overflowed ? IR_NOREF : fold_int(o, (IrOp)op, a, b);
  if (f != IR_NOREF) {
    o->map[i] = f;
    o->skip_ovf_guard = is_ovf(op);
    return;
  }
  if (is_ovf(op)) {
    /* Not shared: its guard follows it. */
    o->map[i] = emit(o, (IrOp)op, (IrKind)in->kind, in->snap_or_aux, a, b, c);
    o->skip_ovf_guard = false;
    return;
  }
  o->map[i] = cse_emit(o, (IrOp)op, (IrKind)in->kind, in->snap_or_aux, a, b, c);
}

/* -- The heap cache -------------------------------------------------------------------------------------- */

static HEntry *heap_find(Opt *o, const HEntry *k)
{
  for (uint32_t j = 0; j < o->nheap; j++) {
    HEntry *e = &o->heap[j];
    if (e->array == k->array && e->obj == k->obj && e->off == k->off && e->aux == k->aux && e->idx == k->idx)
      return e;
  }
  return NULL;
}

static void heap_put(Opt *o, const HEntry *k)
{
  HEntry *e = heap_find(o, k);
  if (!e) {
    if (o->nheap == HEAP_MAX) memmove(o->heap, o->heap + 1, --o->nheap * sizeof *o->heap);
    e = &o->heap[o->nheap++];
  }
  *e = *k;
}

/* A store may change any remembered load it could alias: same field of another object, or any
   item of an array of the same layout. */
static void heap_clobber(Opt *o, const HEntry *k)
{
  uint32_t n = 0;
  for (uint32_t j = 0; j < o->nheap; j++) {
    const HEntry *e = &o->heap[j];
    bool alias = e->array == k->array && e->aux == k->aux && (k->array || e->off == k->off);
    if (!alias) o->heap[n++] = *e;
  }
  o->nheap = n;
}

/* The preamble's stores, by the alias rule's terms: the loop proper makes them again, so what
   the preamble loaded from such a location does not hold in the loop unless carried. */
static void note_store(Opt *o, const HEntry *k)
{
  for (uint32_t j = 0; j < o->nstored && o->nstored <= STORED_MAX; j++) {
    const HEntry *e = &o->stored[j];
    if (e->array == k->array && e->aux == k->aux && (k->array || e->off == k->off)) return;
  }
  if (o->nstored < STORED_MAX) o->stored[o->nstored] = *k;
  if (o->nstored <= STORED_MAX) o->nstored++;
}

static void forget_stored(Opt *o)
{
  if (o->nstored > STORED_MAX) { o->nheap = 0; return; }
  for (uint32_t j = 0; j < o->nstored; j++) heap_clobber(o, &o->stored[j]);
}

static void memory(Opt *o, uint32_t i, const IrIns *in)
{
  bool array = in->op == IR_GETARRAYITEM || in->op == IR_SETARRAYITEM;
  bool store = in->op == IR_SETFIELD || in->op == IR_SETARRAYITEM;
  HEntry k = {array, store, in->snap_or_aux, R(o, in->a), array ? 0 : in->b, array ? R(o, in->b) : 0, 0};
  k.off += in->op == IR_ARRAYLEN ? 0x80000000u : 0; /* a length word is not a field load */
  if (!store) {
    HEntry *e = heap_find(o, &k);
    /* A stored INT 0 is a NULL in a REF field: a load of another kind reads it again. */
    if (e && ir_ref_kind(o->out, e->val) == in->kind) { o->map[i] = e->val; return; }
    k.val = o->map[i] = emit(o, (IrOp)in->op, (IrKind)in->kind, in->snap_or_aux, k.obj, array ? k.idx : in->b, 0);
    heap_put(o, &k);
    return;
  }
  k.val = R(o, in->c);
  emit(o, (IrOp)in->op, IRK_VOID, in->snap_or_aux, k.obj, array ? k.idx : in->b, k.val);
  heap_clobber(o, &k);
  heap_put(o, &k);
  if (!o->loop_start) note_store(o, &k);
}

/* -- Guards ------------------------------------------------------------------------------------------------ */

static bool version_seen(Opt *o, IrRef k)
{
  for (uint32_t j = 0; j < o->nversions; j++)
    if (o->versions[j] == k) return true;
  if (o->nversions < VERSIONS_MAX) o->versions[o->nversions++] = k;
  return false;
}

static void do_guard(Opt *o, const IrIns *in)
{
  IrRef a = M(o, in->a), b = in->b ? M(o, in->b) : 0;
  switch (in->op) {
  case IR_GUARD_TAGGED_INT:
    if (is_vbox(a) && vb(o, a)->kind == IRK_INT) return;
    a = real(o, a);
    if (is_ins(o, a) && (o->flags[a] & F_TAGGED)) return;
    guard(o, in, a, 0);
    if (is_ins(o, a)) o->flags[a] |= F_TAGGED;
    return;
  case IR_GUARD_CLASS: {
    const IrConst *t = ir_const_get(o->out, b);
    bool float_t = t && t->kind == IRC_SYM_TYPE && t->sub == IR_TYPE_BUILTIN && t->s[0].len == 5 &&
                   memcmp(o->out->strpool + t->s[0].off, "float", 5) == 0;
    if (is_vbox(a) && vb(o, a)->kind == IRK_FLOAT && float_t) return;
    a = real(o, a);
    if (is_ins(o, a) && o->cls[a] == b) return;
    guard(o, in, a, b);
    if (is_ins(o, a)) { o->cls[a] = b; o->flags[a] |= F_NONNULL; }
    return;
  }
  case IR_GUARD_NONNULL: {
    int64_t v;
    if (is_vbox(a) || (ir_isconst(a) && !(int_const(o, a, &v) && v == 0))) return;
    if (is_ins(o, a) && (o->flags[a] & F_NONNULL)) return;
    guard(o, in, a, 0);
    if (is_ins(o, a)) o->flags[a] |= F_NONNULL;
    return;
  }
  case IR_GUARD_VALUE:
    a = real(o, a);
    if (a == b || (is_ins(o, a) && o->subst[a] == b)) return;
    guard(o, in, a, b);
    if (is_ins(o, a) && ir_isconst(b)) o->subst[a] = b;
    return;
  case IR_GUARD_TRUE: case IR_GUARD_FALSE: {
    int64_t v;
    uint8_t f = in->op == IR_GUARD_TRUE ? F_TRUE : F_FALSE;
    if (int_const(o, a, &v) && (v != 0) == (in->op == IR_GUARD_TRUE)) return;
    if (is_ins(o, a) && (o->flags[a] & f)) return;
    guard(o, in, a, 0);
    if (is_ins(o, a)) o->flags[a] |= f;
    return;
  }
  case IR_GUARD_TYPE_VERSION: case IR_GUARD_DICT_VERSION:
    if (version_seen(o, a)) return;
    guard(o, in, a, 0);
    return;
  case IR_GUARD_NOT_INVALIDATED:
    if (o->hold_gc_check) { o->gc_check = in; return; } /* see gc_check_if_allocating */
    guard(o, in, 0, 0);
    return;
  case IR_GUARD_NO_OVERFLOW: case IR_GUARD_OVERFLOW:
    if (o->skip_ovf_guard) { o->skip_ovf_guard = false; return; }
    guard(o, in, 0, 0);
    return;
  default:
    guard(o, in, in->a ? real(o, a) : 0, b);
    return;
  }
}

/* -- One instruction --------------------------------------------------------------------------------------- */

static void calls(Opt *o, uint32_t i, const IrIns *in)
{
  IrRef a, b, c;
  if (in->op == IR_COND_CALL) {
    a = R(o, in->a);
    b = konst(o, in->b);
    c = R(o, in->c);
  } else {
    a = konst(o, in->a);
    const IrConst *l = ir_const_get(o->in, in->b);
    b = l && l->kind == IRC_ARGS ? args_list(o, in->b) : R(o, in->b);
    c = R(o, in->c);
  }
  o->map[i] = emit(o, (IrOp)in->op, (IrKind)in->kind, in->snap_or_aux, a, b, c);
  o->nheap = 0; /* a helper may write any object */
}

static void process(Opt *o, uint32_t i)
{
  const IrIns *in = &o->in->ins[i];
  uint8_t fl = ir_op_flags[in->op];
  switch (in->op) {
  case IR_DEBUG_MERGE_POINT:
    emit(o, IR_DEBUG_MERGE_POINT, IRK_VOID, in->snap_or_aux, konst(o, in->a), in->b, in->c);
    return;
  case IR_FRAME_GET:
    if (o->frame[in->a] == IR_NOREF) o->frame[in->a] = emit(o, IR_FRAME_GET, IRK_REF, 0, in->a, 0, 0);
    o->map[i] = o->frame[in->a];
    return;
  case IR_FRAME_SET:
    o->frame[in->a] = M(o, in->b);
    o->dirty[in->a] = 1;
    return;
  case IR_SAME_AS: o->map[i] = M(o, in->a); return;
  case IR_BOX_INT: o->map[i] = new_vbox(o, IRK_INT, M(o, in->a)); return;
  case IR_NEW_FLOAT: o->map[i] = new_vbox(o, IRK_FLOAT, M(o, in->a)); return;
  case IR_UNBOX_INT: case IR_UNBOX_FLOAT: {
    IrRef a = M(o, in->a);
    IrKind want = in->op == IR_UNBOX_INT ? IRK_INT : IRK_FLOAT;
    if (is_vbox(a) && vb(o, a)->kind == want) { o->map[i] = vb(o, a)->payload; return; }
    o->map[i] = cse_emit(o, (IrOp)in->op, want, 0, real(o, a), 0, 0);
    return;
  }
  case IR_GETFIELD: case IR_SETFIELD: case IR_GETARRAYITEM: case IR_SETARRAYITEM: case IR_ARRAYLEN:
    memory(o, i, in);
    return;
  case IR_CALL: case IR_CALL_MAY_FORCE: case IR_COND_CALL: calls(o, i, in); return;
  case IR_FINISH: guard(o, in, 0, 0); return;
  default: break;
  }
  if (fl & IRF_GUARD) { do_guard(o, in); return; }
  if (fl & IRF_PURE) { pure(o, i, in); return; }
  if (is_ovf(in->op)) { pure(o, i, in); return; }
  fail(o, ir_op_name[in->op]);
}

static void run(Opt *o, uint32_t from, uint32_t to)
{
  for (uint32_t i = from; i < to && !o->failed; i++) process(o, i);
}

/* -- Bridges: one pass; the window is written before the jump back into the loop --------------------- */

static void flush_frame(Opt *o)
{
  for (uint32_t w = 0; w < o->root_slots; w++)
    if (o->dirty[w]) emit(o, IR_FRAME_SET, IRK_VOID, 0, w, real(o, o->frame[w]), 0);
}

/* The loop frame's size at the end of the trace: its last snapshot's first frame. */
static uint32_t root_slots(const IrTrace *t)
{
  for (uint32_t i = t->nins; i-- > 0;)
    if (ir_op_flags[t->ins[i].op] & IRF_SNAP) return t->frames[t->snaps[t->ins[i].snap_or_aux].frame_start].nslots;
  return 0;
}

/* A loop proper that allocates nothing and calls nothing cannot make a collection due (only
   the interpreter changes the limit, between entries): the preamble's check is enough. Nor
   can such a bridge: the preamble it jumps to checks at the end of its iteration. */
static void gc_check_if_allocating(Opt *o)
{
  bool allocates = false;
  for (uint32_t i = o->loop_start; i < o->out->nins && !allocates; i++)
    allocates = (ir_op_flags[o->out->ins[i].op] & (IRF_ALLOC | IRF_CALL)) != 0;
  if (o->gc_check && allocates) guard(o, o->gc_check, 0, 0);
  o->gc_check = NULL;
}

static void bridge(Opt *o)
{
  const IrIns *last = &o->in->ins[o->in->nins - 1];
  o->hold_gc_check = true;
  run(o, 0, o->in->nins - 1);
  if (o->failed) return;
  if (last->op == IR_JUMP) {
    gc_check_if_allocating(o); /* the frame's boxes below: bounded, the preamble checks */
    flush_frame(o);
    emit(o, IR_JUMP, IRK_VOID, 0, ir_const_args(o->out, NULL, 0), 0, 0);
  } else {
    process(o, o->in->nins - 1);
  }
}

/* -- Loops: peeling ---------------------------------------------------------------------------------------- */

typedef struct Saved {
  uint32_t nins, nsnaps, nframes, nentries, nvbox, nheap, nversions;
  IrRef *frame;
  uint8_t *dirty;
  HEntry heap[HEAP_MAX];
  uint32_t *cse;
  IrRef versions[VERSIONS_MAX];
} Saved;

static bool save(Opt *o, Saved *s)
{
  size_t w = IR_WINDOW_SLOTS_MAX;
  s->frame = malloc(w * sizeof *s->frame);
  s->dirty = malloc(w);
  s->cse = malloc(CSE_SIZE * sizeof *s->cse);
  if (!s->frame || !s->dirty || !s->cse) return false;
  memcpy(s->frame, o->frame, w * sizeof *s->frame);
  memcpy(s->dirty, o->dirty, w);
  memcpy(s->cse, o->cse, CSE_SIZE * sizeof *s->cse);
  memcpy(s->heap, o->heap, sizeof s->heap);
  memcpy(s->versions, o->versions, sizeof s->versions);
  s->nins = o->out->nins;
  s->nsnaps = o->out->nsnaps;
  s->nframes = o->out->nframes;
  s->nentries = o->out->nentries;
  s->nvbox = o->nvbox;
  s->nheap = o->nheap;
  s->nversions = o->nversions;
  return true;
}

/* Back to the end of the preamble: the trace is cut there (constants stay; they are shared). */
static void restore(Opt *o, const Saved *s)
{
  size_t w = IR_WINDOW_SLOTS_MAX;
  memcpy(o->frame, s->frame, w * sizeof *o->frame);
  memcpy(o->dirty, s->dirty, w);
  memcpy(o->cse, s->cse, CSE_SIZE * sizeof *o->cse);
  memcpy(o->heap, s->heap, sizeof o->heap);
  memcpy(o->versions, s->versions, sizeof o->versions);
  o->out->nins = s->nins;
  o->out->nsnaps = s->nsnaps;
  o->out->nframes = s->nframes;
  o->out->nentries = s->nentries;
  o->nvbox = s->nvbox;
  o->nheap = s->nheap;
  o->nversions = s->nversions;
  o->skip_ovf_guard = false;
}

static void unsave(Saved *s) { free(s->frame); free(s->dirty); free(s->cse); }

static uint8_t kind_of(Opt *o, IrRef v)
{
  if (is_vbox(v)) return vb(o, v)->kind;
  return (uint8_t)ir_ref_kind(o->out, v);
}

/* What the loop carries: the slots it writes, and the fields it writes on objects defined
   before it (read back in the next iteration without a load). */
static uint32_t exports_of(Opt *o, Export *ex)
{
  uint32_t n = 0;
  for (uint32_t w = 0; w < o->root_slots; w++)
    if (o->dirty[w]) {
      if (n == EXPORTS_MAX) { fail(o, "too many loop variables"); return 0; }
      uint8_t k = kind_of(o, o->frame[w]);
      ex[n++] = (Export){w, false, {0}, is_vbox(o->frame[w]) ? k : IRK_REF};
    }
  for (uint32_t j = 0; j < o->nheap && n < EXPORTS_MAX; j++)
    if (o->heap[j].written && !is_vbox(o->heap[j].val)) ex[n++] = (Export){0, true, o->heap[j], kind_of(o, o->heap[j].val)};
  return n;
}

/* The value an export has now, in its kind; IR_NOREF when it has none (the caller drops or
   demotes the export and tries again). */
static IrRef export_value(Opt *o, const Export *e, bool *demote)
{
  *demote = false;
  if (e->heap) {
    HEntry *h = heap_find(o, &e->key);
    return h && kind_of(o, h->val) == e->kind ? h->val : IR_NOREF;
  }
  IrRef v = o->frame[e->slot];
  if (!o->dirty[e->slot]) return IR_NOREF;
  if (e->kind == IRK_REF) return real(o, v);
  if (is_vbox(v) && vb(o, v)->kind == e->kind) return vb(o, v)->payload;
  *demote = true;
  return IR_NOREF;
}

/* The second LABEL and the loop's view of what it carries: each value gets a copy right after
   the label, the loop's own name for it (facts about the preamble's value do not carry). */
static IrRef open_loop(Opt *o, const Export *ex, uint32_t n)
{
  IrRef args[EXPORTS_MAX];
  for (uint32_t j = 0; j < n && !o->failed; j++) {
    bool demote;
    args[j] = export_value(o, &ex[j], &demote);
    for (uint32_t k = 0; k < j; k++)
      if (args[k] == args[j]) args[j] = emit(o, IR_SAME_AS, (IrKind)ex[j].kind, 0, args[j], 0, 0);
    if (ir_isconst(args[j]))
      args[j] = emit(o, IR_SAME_AS, (IrKind)ex[j].kind, 0, args[j], 0, 0);
  }
  IrRef label = ir_const_args(o->out, args, n);
  emit(o, IR_LABEL, IRK_VOID, 0, label, 0, 0);
  forget_stored(o); /* the carried ones come back below, as the label's values */
  for (uint32_t j = 0; j < n && !o->failed; j++) {
    IrRef c = emit(o, IR_SAME_AS, (IrKind)ex[j].kind, 0, args[j], 0, 0);
    if (ex[j].heap) {
      HEntry h = ex[j].key;
      h.val = c;
      heap_put(o, &h);
    } else {
      o->frame[ex[j].slot] = ex[j].kind == IRK_REF ? c : new_vbox(o, (IrKind)ex[j].kind, c);
    }
  }
  return label;
}

/* The loop proper; false when an export has to go (or be boxed) and the loop is redone. */
static bool body(Opt *o, Export *ex, uint32_t *n)
{
  open_loop(o, ex, *n);
  o->loop_start = o->out->nins;
  o->hold_gc_check = true;
  o->gc_check = NULL;
  run(o, 1, o->in->nins - 1);
  if (o->failed) return true;
  IrRef vals[EXPORTS_MAX];
  bool settled = true;
  for (uint32_t j = 0; j < *n;) {
    bool demote;
    vals[j] = export_value(o, &ex[j], &demote);
    if (vals[j] != IR_NOREF) { j++; continue; }
    settled = false;
    if (demote) ex[j++].kind = IRK_REF;
    else ex[j] = ex[--*n];
  }
  if (!settled) return false;
  gc_check_if_allocating(o);
  emit(o, IR_JUMP, IRK_VOID, 0, ir_const_args(o->out, vals, *n), 0, 0);
  return true;
}

static void loop(Opt *o)
{
  emit(o, IR_LABEL, IRK_VOID, 0, ir_const_args(o->out, NULL, 0), 0, 0);
  run(o, 1, o->in->nins - 1);
  if (o->failed) return;
  /* Slots of inlined frames are dead at the back-edge. */
  for (uint32_t w = o->root_slots; w < IR_WINDOW_SLOTS_MAX; w++)
    if (o->dirty[w]) { o->dirty[w] = 0; o->frame[w] = IR_NOREF; }
  Export ex[EXPORTS_MAX];
  uint32_t n = exports_of(o, ex);
  Saved s;
  if (!save(o, &s)) { unsave(&s); fail(o, "out of memory"); return; }
  bool done = false;
  for (int attempt = 0; attempt < RETRIES_MAX && !done && !o->failed; attempt++) {
    if (attempt) restore(o, &s);
    done = body(o, ex, &n);
  }
  unsave(&s);
  if (!done) fail(o, "the loop's carried values do not settle");
}

/* -- Driver -------------------------------------------------------------------------------------------------- */

static bool alloc(Opt *o)
{
  o->map = calloc(o->in->nins + 1, sizeof *o->map);
  o->cmap = calloc(o->in->nconsts + 1, sizeof *o->cmap);
  o->flags = calloc(IR_OPS_MAX, 1);
  o->cls = malloc(IR_OPS_MAX * sizeof *o->cls);
  o->subst = malloc(IR_OPS_MAX * sizeof *o->subst);
  o->frame = malloc(IR_WINDOW_SLOTS_MAX * sizeof *o->frame);
  o->dirty = calloc(IR_WINDOW_SLOTS_MAX, 1);
  o->vbox = calloc(IR_OPS_MAX, sizeof *o->vbox);
  o->cse = calloc(CSE_SIZE, sizeof *o->cse);
  if (!o->map || !o->cmap || !o->flags || !o->cls || !o->subst || !o->frame || !o->dirty || !o->vbox || !o->cse)
    return false;
  for (uint32_t w = 0; w < IR_WINDOW_SLOTS_MAX; w++) o->frame[w] = IR_NOREF;
  return true;
}

static void release(Opt *o)
{
  free(o->map); free(o->cmap); free(o->flags); free(o->cls); free(o->subst); free(o->frame);
  free(o->dirty); free(o->vbox); free(o->cse);
}

static uint32_t guards(const IrTrace *t)
{
  uint32_t n = 0;
  for (uint32_t i = 0; i < t->nins; i++) n += (ir_op_flags[t->ins[i].op] & IRF_GUARD) != 0;
  return n;
}

int optimize_trace(const IrTrace *in, IrTrace *out, OptStats *st, char *err, size_t errlen)
{
  Opt o = {.in = in, .out = out, .err = err, .errlen = errlen};
  memcpy(out->code_hash, in->code_hash, 16);
  out->pc = in->pc;
  out->flags = in->flags;
  o.root_slots = root_slots(in);
  bool is_bridge = (in->flags & IR_TRACE_BRIDGE) != 0;
  if (!alloc(&o)) fail(&o, "out of memory");
  else if (in->nins < 2 || (!is_bridge && (in->ins[0].op != IR_LABEL || in->ins[in->nins - 1].op != IR_JUMP)))
    fail(&o, "not a trace of the recorder's shape");
  else if (is_bridge) bridge(&o);
  else loop(&o);
  release(&o);
  char verr[256];
  if (!o.failed && ir_validate(out, verr, sizeof verr) != IR_S_OK) {
    snprintf(err, errlen, "optimizer produced an invalid trace: %s", verr);
    o.failed = true;
  }
  if (st) *st = (OptStats){in->nins, out->nins, guards(in), guards(out), 0};
  return o.failed ? -1 : 0;
}
