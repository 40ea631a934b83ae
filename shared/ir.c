/* ir.c: the trace IR's tables, builder, validator and jit-log dump.
 *
 * The builder appends to growable arrays, each capped by its IR_*_MAX; the first failure is
 * kept in t->status and turns every later builder call into a no-op returning IR_NOREF, so a
 * recorder can emit a whole trace and check once. Constants are deduplicated by content
 * through an open-addressing index that is built lazily (a decoded trace gets one only if
 * someone adds constants to it).
 *
 * The validator is the gate in front of the optimizer: a trace that passes it has operands of
 * the kinds its ops expect, defined before use, constants and snapshots in range, and the
 * shape INPUT* LABEL ... (JUMP | FINISH). It allocates two small arrays (the highest
 * instruction each snapshot and each argument list refers to) so every check is linear.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

/* -- Tables --------------------------------------------------------------------- */
const char *const ir_op_name[IR__COUNT] = {
#define IR_NAME(name, n, k, a, b, c, f) #name,
  IR_OPS(IR_NAME)
#undef IR_NAME
};

const uint8_t ir_op_nops[IR__COUNT] = {
#define IR_NOPS(name, n, k, a, b, c, f) n,
  IR_OPS(IR_NOPS)
#undef IR_NOPS
};

const uint8_t ir_op_kind[IR__COUNT] = {
#define IR_KIND(name, n, k, a, b, c, f) IRK_##k,
  IR_OPS(IR_KIND)
#undef IR_KIND
};

const uint8_t ir_op_mode[IR__COUNT][3] = {
#define IR_MODE(name, n, k, a, b, c, f) {IRM_##a, IRM_##b, IRM_##c},
  IR_OPS(IR_MODE)
#undef IR_MODE
};

#define G IRF_GUARD
#define S IRF_SNAP
#define P IRF_PURE
#define A IRF_ALLOC
#define C IRF_CALL
#define M IRF_LOAD
#define W IRF_STORE
#define E IRF_END
const uint8_t ir_op_flags[IR__COUNT] = {
#define IR_FLAGS(name, n, k, a, b, c, f) (uint8_t)(f),
  IR_OPS(IR_FLAGS)
#undef IR_FLAGS
};
#undef G
#undef S
#undef P
#undef A
#undef C
#undef M
#undef W
#undef E

const char ir_kind_prefix[IRK__COUNT] = {
#define IRK_PREFIX(name, ch) ch,
  IR_KINDS(IRK_PREFIX)
#undef IRK_PREFIX
};

const char *const ir_kind_name[IRK__COUNT] = {
#define IRK_NAME(name, ch) #name,
  IR_KINDS(IRK_NAME)
#undef IRK_NAME
};

const char *const ir_const_kind_name[IRC__COUNT] = {
#define IRC_NAME(name, k) #name,
  IR_CONST_KINDS(IRC_NAME)
#undef IRC_NAME
};

const uint8_t ir_const_value_kind[IRC__COUNT] = {
#define IRC_VK(name, k) IRK_##k,
  IR_CONST_KINDS(IRC_VK)
#undef IRC_VK
};

static const char *const status_names[IR_S__COUNT] = {
#define IRS_NAME(name, text) #name,
  IR_STATUSES(IRS_NAME)
#undef IRS_NAME
};

static const char *const status_texts[IR_S__COUNT] = {
#define IRS_TEXT(name, text) text,
  IR_STATUSES(IRS_TEXT)
#undef IRS_TEXT
};

const char *ir_status_name(IrStatus s) { return (unsigned)s < IR_S__COUNT ? status_names[s] : "?"; }
const char *ir_status_text(IrStatus s) { return (unsigned)s < IR_S__COUNT ? status_texts[s] : "?"; }

/* -- Trace storage --------------------------------------------------------------- */
#define CHASH_SIZE (2u * IR_CONSTS_MAX) /* load factor <= 1/2 */

void ir_trace_init(IrTrace *t)
{
  memset(t, 0, sizeof *t);
  t->status = IR_S_OK;
}

void ir_trace_free(IrTrace *t)
{
  free(t->ins);
  free(t->consts);
  free(t->strpool);
  free(t->args);
  free(t->snaps);
  free(t->frames);
  free(t->entries);
  free(t->chash);
  ir_trace_init(t);
}

static bool fail(IrTrace *t, IrStatus s)
{
  if (t->status == IR_S_OK) t->status = s;
  return false;
}

/* Makes room for `need` elements of `sz` bytes, never more than `max`. */
static bool reserve(IrTrace *t, void **p, uint32_t *cap, uint32_t need, size_t sz, uint32_t max,
                    IrStatus over)
{
  if (need > max) return fail(t, over);
  if (need <= *cap) return true;
  uint32_t ncap = *cap ? *cap : 16;
  while (ncap < need) ncap = ncap > max / 2 ? max : ncap * 2;
  void *np = realloc(*p, (size_t)ncap * sz);
  if (!np) return fail(t, IR_S_NOMEM);
  *p = np;
  *cap = ncap;
  return true;
}

/* -- Instructions ------------------------------------------------------------------ */
IrRef ir_emit_k(IrTrace *t, IrOp op, IrKind kind, uint16_t aux, IrRef a, IrRef b, IrRef c)
{
  if (t->status != IR_S_OK) return IR_NOREF;
  if ((unsigned)op >= IR__COUNT || t->snap_open) return fail(t, IR_S_MISUSE), IR_NOREF;
  if (!reserve(t, (void **)&t->ins, &t->cap_ins, t->nins + 1, sizeof(IrIns), IR_OPS_MAX,
               IR_S_TOO_MANY_OPS))
    return IR_NOREF;
  IrIns *in = &t->ins[t->nins];
  in->op = (uint8_t)op;
  in->kind = (uint8_t)kind;
  in->snap_or_aux = aux;
  in->a = a;
  in->b = b;
  in->c = c;
  return t->nins++;
}

IrRef ir_emit(IrTrace *t, IrOp op, IrRef a, IrRef b, IrRef c)
{
  if ((unsigned)op >= IR__COUNT) return fail(t, IR_S_MISUSE), IR_NOREF;
  uint8_t k = ir_op_kind[op];
  if (k == IRK_VAR) return fail(t, IR_S_MISUSE), IR_NOREF; /* needs ir_emit_k */
  return ir_emit_k(t, op, k == IRK_VARV ? IRK_VOID : (IrKind)k, 0, a, b, c);
}

IrRef ir_guard(IrTrace *t, IrOp op, IrRef a, IrRef b, uint32_t snap)
{
  if ((unsigned)op >= IR__COUNT || !(ir_op_flags[op] & IRF_SNAP) || snap >= t->nsnaps)
    return fail(t, IR_S_MISUSE), IR_NOREF;
  return ir_emit_k(t, op, IRK_VOID, (uint16_t)snap, a, b, 0);
}

IrRef ir_input(IrTrace *t, IrKind kind) { return ir_emit_k(t, IR_INPUT, kind, 0, 0, 0, 0); }

/* -- Constants ------------------------------------------------------------------- */
/* A constant being interned: its fixed fields plus the external bytes or refs its spans will
   hold once stored. Hash and equality are by that content, not by pool offsets. */
typedef struct Proto {
  IrConst c;
  const void *data[2];
  uint32_t len[2];
} Proto;

static bool span_is_args(uint8_t kind, int i) { return kind == IRC_ARGS && i == 0; }

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t proto_hash(const Proto *p)
{
  uint64_t h = 0xcbf29ce484222325ull;
  h = fnv(h, &p->c.kind, 1);
  h = fnv(h, &p->c.sub, 1);
  h = fnv(h, &p->c.n, 4);
  h = fnv(h, &p->c.u, sizeof p->c.u);
  for (int i = 0; i < 2; i++) {
    size_t bytes = (size_t)p->len[i] * (span_is_args(p->c.kind, i) ? sizeof(IrRef) : 1);
    h = fnv(h, &p->len[i], 4);
    if (bytes) h = fnv(h, p->data[i], bytes);
  }
  return h;
}

/* The proto view of a stored constant (its spans point into the trace's pools). */
static Proto stored_proto(const IrTrace *t, const IrConst *k)
{
  Proto p;
  p.c = *k;
  for (int i = 0; i < 2; i++) {
    p.len[i] = k->s[i].len;
    p.data[i] = span_is_args(k->kind, i) ? (const void *)(t->args + k->s[i].off)
                                         : (const void *)(t->strpool + k->s[i].off);
  }
  return p;
}

static bool proto_equal(const Proto *x, const Proto *y)
{
  if (x->c.kind != y->c.kind || x->c.sub != y->c.sub || x->c.n != y->c.n ||
      memcmp(&x->c.u, &y->c.u, sizeof x->c.u) != 0)
    return false;
  for (int i = 0; i < 2; i++) {
    size_t bytes = (size_t)x->len[i] * (span_is_args(x->c.kind, i) ? sizeof(IrRef) : 1);
    if (x->len[i] != y->len[i] || (bytes && memcmp(x->data[i], y->data[i], bytes) != 0))
      return false;
  }
  return true;
}

/* Index of a stored constant's spans must be in range for stored_proto: true for constants
   the builder made; for a decoded trace ir_validate has checked them. */
static bool build_index(IrTrace *t)
{
  t->chash = calloc(CHASH_SIZE, sizeof(uint32_t));
  if (!t->chash) return fail(t, IR_S_NOMEM);
  for (uint32_t i = 0; i < t->nconsts; i++) {
    Proto p = stored_proto(t, &t->consts[i]);
    uint32_t slot = (uint32_t)proto_hash(&p) & (CHASH_SIZE - 1);
    while (t->chash[slot]) slot = (slot + 1) & (CHASH_SIZE - 1);
    t->chash[slot] = i + 1;
  }
  return true;
}

static IrRef intern(IrTrace *t, Proto *p)
{
  if (t->status != IR_S_OK) return IR_NOREF;
  if (!t->chash && !build_index(t)) return IR_NOREF;
  uint32_t slot = (uint32_t)proto_hash(p) & (CHASH_SIZE - 1);
  for (uint32_t k; (k = t->chash[slot]) != 0; slot = (slot + 1) & (CHASH_SIZE - 1)) {
    Proto q = stored_proto(t, &t->consts[k - 1]);
    if (proto_equal(p, &q)) return ir_constref(k - 1);
  }
  if (!reserve(t, (void **)&t->consts, &t->cap_consts, t->nconsts + 1, sizeof(IrConst),
               IR_CONSTS_MAX, IR_S_TOO_MANY_CONSTS))
    return IR_NOREF;
  for (int i = 0; i < 2; i++) {
    if (!p->len[i]) continue;
    if (span_is_args(p->c.kind, i)) {
      if (p->len[i] > IR_ARGLIST_MAX) return fail(t, IR_S_TOO_MANY_ARGS), IR_NOREF;
      if (!reserve(t, (void **)&t->args, &t->cap_args, t->nargs + p->len[i], sizeof(IrRef),
                   IR_ARGS_MAX, IR_S_TOO_MANY_ARGS))
        return IR_NOREF;
      memcpy(t->args + t->nargs, p->data[i], p->len[i] * sizeof(IrRef));
      p->c.s[i] = (IrSpan){t->nargs, p->len[i]};
      t->nargs += p->len[i];
    } else {
      if (p->len[i] > IR_STRPOOL_MAX) return fail(t, IR_S_STRPOOL_FULL), IR_NOREF;
      if (!reserve(t, (void **)&t->strpool, &t->cap_str, t->nstr + p->len[i], 1, IR_STRPOOL_MAX,
                   IR_S_STRPOOL_FULL))
        return IR_NOREF;
      memcpy(t->strpool + t->nstr, p->data[i], p->len[i]);
      p->c.s[i] = (IrSpan){t->nstr, p->len[i]};
      t->nstr += p->len[i];
    }
  }
  t->consts[t->nconsts] = p->c;
  t->chash[slot] = t->nconsts + 1;
  return ir_constref(t->nconsts++);
}

static Proto proto(IrConstKind kind)
{
  Proto p;
  memset(&p, 0, sizeof p);
  p.c.kind = (uint8_t)kind;
  return p;
}

static bool set_str(IrTrace *t, Proto *p, int i, const char *s, size_t len)
{
  if (len > IR_STRPOOL_MAX) return fail(t, IR_S_STRPOOL_FULL);
  if (len && !s) return fail(t, IR_S_MISUSE);
  p->data[i] = s;
  p->len[i] = (uint32_t)len;
  return true;
}

#define CSTR(s) (s), ((s) ? strlen(s) : 0)

IrRef ir_const_int(IrTrace *t, int64_t v)
{
  Proto p = proto(IRC_INT);
  p.c.u.i = v;
  return intern(t, &p);
}

IrRef ir_const_float(IrTrace *t, double v)
{
  Proto p = proto(IRC_FLOAT);
  memcpy(&p.c.u.bits, &v, sizeof v);
  return intern(t, &p);
}

IrRef ir_const_none(IrTrace *t)
{
  Proto p = proto(IRC_NONE);
  return intern(t, &p);
}

IrRef ir_const_bool(IrTrace *t, bool v)
{
  Proto p = proto(v ? IRC_TRUE : IRC_FALSE);
  return intern(t, &p);
}

IrRef ir_const_builtin_type(IrTrace *t, const char *name)
{
  Proto p = proto(IRC_SYM_TYPE);
  p.c.sub = IR_TYPE_BUILTIN;
  if (!name || !*name) return fail(t, IR_S_MISUSE), IR_NOREF;
  if (!set_str(t, &p, 0, CSTR(name))) return IR_NOREF;
  return intern(t, &p);
}

IrRef ir_const_class(IrTrace *t, const char *module, const char *qualname, const uint8_t hash[16])
{
  Proto p = proto(IRC_SYM_TYPE);
  p.c.sub = IR_TYPE_CLASS;
  if (!module || !*module || !qualname || !*qualname || !hash) return fail(t, IR_S_MISUSE), IR_NOREF;
  if (!set_str(t, &p, 0, CSTR(module)) || !set_str(t, &p, 1, CSTR(qualname))) return IR_NOREF;
  memcpy(p.c.u.hash, hash, 16);
  return intern(t, &p);
}

IrRef ir_const_helper(IrTrace *t, const char *name)
{
  Proto p = proto(IRC_SYM_HELPER);
  if (!name || !*name) return fail(t, IR_S_MISUSE), IR_NOREF;
  if (!set_str(t, &p, 0, CSTR(name))) return IR_NOREF;
  return intern(t, &p);
}

IrRef ir_const_str(IrTrace *t, const char *bytes, size_t len)
{
  Proto p = proto(IRC_SYM_STR);
  if (!set_str(t, &p, 0, bytes, len)) return IR_NOREF;
  return intern(t, &p);
}

IrRef ir_const_code(IrTrace *t, const uint8_t hash[16], const char *name, const char *file,
                    uint32_t firstline)
{
  Proto p = proto(IRC_SYM_CODE);
  if (!hash) return fail(t, IR_S_MISUSE), IR_NOREF;
  memcpy(p.c.u.hash, hash, 16);
  p.c.n = firstline;
  if (!set_str(t, &p, 0, CSTR(name)) || !set_str(t, &p, 1, CSTR(file))) return IR_NOREF;
  return intern(t, &p);
}

IrRef ir_const_global(IrTrace *t, const char *module, const char *name)
{
  Proto p = proto(IRC_SYM_GLOBAL);
  if (!module || !*module || !name) return fail(t, IR_S_MISUSE), IR_NOREF;
  if (!set_str(t, &p, 0, CSTR(module)) || !set_str(t, &p, 1, CSTR(name))) return IR_NOREF;
  return intern(t, &p);
}

IrRef ir_const_map(IrTrace *t, IrRef cls, const char *const *names, uint32_t n)
{
  if (t->status != IR_S_OK) return IR_NOREF;
  const IrConst *k = ir_const_get(t, cls);
  if (!k || k->kind != IRC_SYM_TYPE || (n && !names)) return fail(t, IR_S_MISUSE), IR_NOREF;
  size_t total = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!names[i] || !*names[i]) return fail(t, IR_S_MISUSE), IR_NOREF;
    total += strlen(names[i]) + (i > 0);
    if (total > IR_STRPOOL_MAX) return fail(t, IR_S_STRPOOL_FULL), IR_NOREF;
  }
  char *joined = malloc(total ? total : 1);
  if (!joined) return fail(t, IR_S_NOMEM), IR_NOREF;
  size_t at = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i) joined[at++] = '\0';
    size_t l = strlen(names[i]);
    memcpy(joined + at, names[i], l);
    at += l;
  }
  Proto p = proto(IRC_SYM_MAP);
  p.c.n = cls - IR_CONST_BASE;
  set_str(t, &p, 0, joined, total);
  IrRef r = intern(t, &p);
  free(joined);
  return r;
}

IrRef ir_const_args(IrTrace *t, const IrRef *refs, uint32_t n)
{
  Proto p = proto(IRC_ARGS);
  if (n > IR_ARGLIST_MAX) return fail(t, IR_S_TOO_MANY_ARGS), IR_NOREF;
  if (n && !refs) return fail(t, IR_S_MISUSE), IR_NOREF;
  p.data[0] = refs;
  p.len[0] = n;
  return intern(t, &p);
}

IrRef ir_const_copy(IrTrace *dst, const IrTrace *src, IrRef r)
{
  const IrConst *c = ir_const_get(src, r);
  if (!c || c->kind == IRC_ARGS) return fail(dst, IR_S_MISUSE), IR_NOREF;
  Proto p = proto((IrConstKind)c->kind);
  p.c = *c;
  if (c->kind == IRC_SYM_MAP) {
    IrRef cls = ir_const_copy(dst, src, ir_constref(c->n));
    if (cls == IR_NOREF) return IR_NOREF;
    p.c.n = cls - IR_CONST_BASE;
  }
  for (int i = 0; i < 2; i++) {
    p.c.s[i] = (IrSpan){0, 0};
    if (c->s[i].len && (c->s[i].off > src->nstr || c->s[i].len > src->nstr - c->s[i].off))
      return fail(dst, IR_S_MISUSE), IR_NOREF;
    if (c->s[i].len) set_str(dst, &p, i, src->strpool + c->s[i].off, c->s[i].len);
  }
  return intern(dst, &p);
}

const IrConst *ir_const_get(const IrTrace *t, IrRef r)
{
  if (r < IR_CONST_BASE || r - IR_CONST_BASE >= t->nconsts) return NULL;
  return &t->consts[r - IR_CONST_BASE];
}

IrKind ir_ref_kind(const IrTrace *t, IrRef r)
{
  if (r < IR_CONST_BASE) return r < t->nins ? (IrKind)t->ins[r].kind : IRK_VOID;
  const IrConst *k = ir_const_get(t, r);
  return k && k->kind < IRC__COUNT ? (IrKind)ir_const_value_kind[k->kind] : IRK_VOID;
}

/* -- Snapshots ------------------------------------------------------------------ */
uint32_t ir_snapshot_begin(IrTrace *t)
{
  if (t->status != IR_S_OK) return IR_NOSNAP;
  if (t->snap_open) return fail(t, IR_S_MISUSE), IR_NOSNAP;
  if (!reserve(t, (void **)&t->snaps, &t->cap_snaps, t->nsnaps + 1, sizeof(IrSnap),
               IR_SNAPSHOTS_MAX, IR_S_TOO_MANY_SNAPSHOTS))
    return IR_NOSNAP;
  t->snaps[t->nsnaps] = (IrSnap){t->nframes, 0, t->nentries, 0};
  t->snap_open = true;
  t->snap_pending = 0;
  return t->nsnaps++;
}

void ir_snapshot_frame(IrTrace *t, IrRef code, uint32_t pc, uint32_t nslots)
{
  if (t->status != IR_S_OK) return;
  if (!t->snap_open || t->snap_pending) {
    fail(t, IR_S_MISUSE);
    return;
  }
  IrSnap *s = &t->snaps[t->nsnaps - 1];
  if (s->nframes >= IR_SNAP_DEPTH_MAX) {
    fail(t, IR_S_TOO_MANY_FRAMES);
    return;
  }
  if (nslots > IR_FRAME_SLOTS_MAX) {
    fail(t, IR_S_TOO_MANY_ENTRIES);
    return;
  }
  if (!reserve(t, (void **)&t->frames, &t->cap_frames, t->nframes + 1, sizeof(IrSnapFrame),
               IR_SNAP_FRAMES_MAX, IR_S_TOO_MANY_FRAMES))
    return;
  t->frames[t->nframes++] = (IrSnapFrame){code, pc, nslots};
  s->nframes++;
  t->snap_pending = nslots;
}

void ir_snapshot_entry(IrTrace *t, IrRef v)
{
  if (t->status != IR_S_OK) return;
  if (!t->snap_open || !t->snap_pending) {
    fail(t, IR_S_MISUSE);
    return;
  }
  if (!reserve(t, (void **)&t->entries, &t->cap_entries, t->nentries + 1, sizeof(IrRef),
               IR_SNAP_ENTRIES_MAX, IR_S_TOO_MANY_ENTRIES))
    return;
  t->entries[t->nentries++] = v;
  t->snaps[t->nsnaps - 1].nentries++;
  t->snap_pending--;
}

IrStatus ir_snapshot_end(IrTrace *t)
{
  if (t->status != IR_S_OK) return t->status;
  if (!t->snap_open || t->snap_pending || t->snaps[t->nsnaps - 1].nframes == 0)
    return fail(t, IR_S_MISUSE), t->status;
  t->snap_open = false;
  return IR_S_OK;
}

/* -- Validation ---------------------------------------------------------------- */
typedef struct Checker {
  const IrTrace *t;
  char *err;
  size_t errlen;
  uint32_t *snap_max; /* per snapshot: 1 + highest instruction ref in it (0: none) */
  uint32_t *args_max; /* per constant: same, for ARGS lists */
} Checker;

static IrStatus bad(Checker *k, IrStatus s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static IrStatus bad(Checker *k, IrStatus s, const char *fmt, ...)
{
  if (k->err && k->errlen) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(k->err, k->errlen, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < k->errlen)
      snprintf(k->err + n, k->errlen - (size_t)n, ": %s", ir_status_text(s));
  }
  return s;
}

static bool span_ok(IrSpan s, uint32_t size) { return s.off <= size && s.len <= size - s.off; }

static bool zero16(const uint8_t *p, size_t from)
{
  for (size_t i = from; i < 16; i++)
    if (p[i]) return false;
  return true;
}

/* A ref usable as a value (an operand, a list element, a snapshot entry): an instruction
   with a result, or a constant of a value kind. Order is the caller's check. */
static bool is_value(const IrTrace *t, IrRef r)
{
  if (r < IR_CONST_BASE) return r < t->nins && t->ins[r].kind != IRK_VOID;
  return ir_ref_kind(t, r) != IRK_VOID;
}

static IrStatus check_const(Checker *k, uint32_t i)
{
  const IrTrace *t = k->t;
  const IrConst *c = &t->consts[i];
  IrSpan zero = {0, 0};
  bool s0 = false, s1 = false, sub = false, n = false;
  size_t ubytes = 0; /* bytes of u in use */
  if (c->kind >= IRC__COUNT) return bad(k, IR_S_BAD_CONST, "constant %u: kind %u", i, c->kind);
  switch ((IrConstKind)c->kind) {
  case IRC_INT: case IRC_FLOAT: ubytes = 8; break;
  case IRC_NONE: case IRC_TRUE: case IRC_FALSE: break;
  case IRC_SYM_TYPE:
    sub = true;
    if (c->sub == IR_TYPE_BUILTIN) s0 = true;
    else if (c->sub == IR_TYPE_CLASS) s0 = s1 = true, ubytes = 16;
    else return bad(k, IR_S_BAD_CONST, "constant %u: type sub-kind %u", i, c->sub);
    if (c->s[0].len == 0 || (c->sub == IR_TYPE_CLASS && c->s[1].len == 0))
      return bad(k, IR_S_BAD_CONST, "constant %u: empty type name", i);
    break;
  case IRC_SYM_HELPER:
    s0 = true;
    if (c->s[0].len == 0) return bad(k, IR_S_BAD_CONST, "constant %u: empty helper name", i);
    break;
  case IRC_SYM_STR: s0 = true; break;
  case IRC_SYM_CODE: s0 = s1 = n = true, ubytes = 16; break;
  case IRC_SYM_GLOBAL:
    s0 = s1 = true;
    if (c->s[0].len == 0) return bad(k, IR_S_BAD_CONST, "constant %u: empty module name", i);
    break;
  case IRC_SYM_MAP:
    s0 = n = true;
    if (c->n >= i || t->consts[c->n].kind != IRC_SYM_TYPE)
      return bad(k, IR_S_BAD_CONST, "constant %u: map's class is not an earlier type", i);
    break;
  case IRC_ARGS:
    if (!span_ok(c->s[0], t->nargs) || c->s[0].len > IR_ARGLIST_MAX)
      return bad(k, IR_S_BAD_CONST, "constant %u: argument list out of range", i);
    if (c->sub || c->n || c->reserved || memcmp(&c->s[1], &zero, sizeof zero) || !zero16(c->u.hash, 0))
      return bad(k, IR_S_BAD_CONST, "constant %u: unused field not zero", i);
    for (uint32_t j = 0; j < c->s[0].len; j++) {
      IrRef r = t->args[c->s[0].off + j];
      if (!is_value(t, r))
        return bad(k, IR_S_BAD_CONST, "constant %u: argument %u is not a value", i, j);
      if (r < IR_CONST_BASE && r + 1 > k->args_max[i]) k->args_max[i] = r + 1;
    }
    return IR_S_OK;
  default: break;
  }
  if (c->reserved || (!sub && c->sub) || (!n && c->n) || !zero16(c->u.hash, ubytes) ||
      (!s0 && memcmp(&c->s[0], &zero, sizeof zero)) || (!s1 && memcmp(&c->s[1], &zero, sizeof zero)))
    return bad(k, IR_S_BAD_CONST, "constant %u (%s): unused field not zero", i,
               ir_const_kind_name[c->kind]);
  if (!span_ok(c->s[0], t->nstr) || !span_ok(c->s[1], t->nstr))
    return bad(k, IR_S_BAD_CONST, "constant %u: string out of the pool", i);
  return IR_S_OK;
}

static IrStatus check_snapshots(Checker *k)
{
  const IrTrace *t = k->t;
  uint32_t frames = 0, entries = 0;
  for (uint32_t s = 0; s < t->nsnaps; s++) {
    const IrSnap *sn = &t->snaps[s];
    if (sn->frame_start != frames || sn->entry_start != entries || sn->nframes == 0 ||
        sn->nframes > IR_SNAP_DEPTH_MAX || sn->nframes > t->nframes - frames)
      return bad(k, IR_S_BAD_SNAPSHOT, "snapshot %u: frames out of order or range", s);
    uint32_t slots = 0;
    for (uint32_t f = frames; f < frames + sn->nframes; f++) {
      const IrConst *code = ir_const_get(t, t->frames[f].code);
      if (!code || code->kind != IRC_SYM_CODE)
        return bad(k, IR_S_BAD_SNAPSHOT, "snapshot %u frame %u: code is not a SYM_CODE constant",
                   s, f - frames);
      if (t->frames[f].nslots > IR_FRAME_SLOTS_MAX)
        return bad(k, IR_S_BAD_SNAPSHOT, "snapshot %u frame %u: too many slots", s, f - frames);
      slots += t->frames[f].nslots; /* <= 16 * 4096: no overflow */
    }
    if (sn->nentries != slots || slots > t->nentries - entries)
      return bad(k, IR_S_BAD_SNAPSHOT, "snapshot %u: %u entries for %u slots", s, sn->nentries, slots);
    for (uint32_t e = entries; e < entries + slots; e++) {
      IrRef r = t->entries[e];
      if (r == IR_SNAP_UNCHANGED || r == IR_SNAP_DEAD) continue;
      if (!is_value(t, r))
        return bad(k, IR_S_BAD_SNAP_ENTRY, "snapshot %u entry %u: not a value", s, e - entries);
      if (r < IR_CONST_BASE && r + 1 > k->snap_max[s]) k->snap_max[s] = r + 1;
    }
    frames += sn->nframes;
    entries += slots;
  }
  if (frames != t->nframes || entries != t->nentries)
    return bad(k, IR_S_BAD_SNAPSHOT, "frames or entries not owned by any snapshot");
  return IR_S_OK;
}

static bool kind_fits(IrMode m, IrKind kd)
{
  switch (m) {
  case IRM_int: return kd == IRK_INT || kd == IRK_BOOL;
  case IRM_flt: return kd == IRK_FLOAT;
  case IRM_ref: return kd == IRK_REF;
  case IRM_bol: return kd == IRK_BOOL;
  default: return kd != IRK_VOID;
  }
}

static const uint8_t mode_const_kind[IRM__COUNT] = {
  [IRM_typ] = IRC_SYM_TYPE, [IRM_hlp] = IRC_SYM_HELPER, [IRM_cod] = IRC_SYM_CODE,
  [IRM_glb] = IRC_SYM_GLOBAL, [IRM_map] = IRC_SYM_MAP, [IRM_lst] = IRC_ARGS,
};

static IrStatus check_operand(Checker *k, uint32_t i, int which, IrRef r)
{
  const IrTrace *t = k->t;
  const IrIns *in = &t->ins[i];
  IrMode m = (IrMode)ir_op_mode[in->op][which];
  const char *op = ir_op_name[in->op];
  char name = (char)('a' + which);
  if (m == IRM____) {
    if (r != 0) return bad(k, IR_S_BAD_OPERAND_COUNT, "ins %u (%s): operand %c set", i, op, name);
    return IR_S_OK;
  }
  if (m == IRM_lit) return IR_S_OK;
  if (r == IR_NOREF) {
    if (m == IRM_opt || m == IRM_cal) return IR_S_OK;
    return bad(k, IR_S_BAD_OPERAND_COUNT, "ins %u (%s): operand %c missing", i, op, name);
  }
  if (r < IR_CONST_BASE) {
    if (r >= i) return bad(k, IR_S_SSA_ORDER, "ins %u (%s): operand %c = %u", i, op, name, r);
  } else if (r - IR_CONST_BASE >= t->nconsts) {
    return bad(k, IR_S_BAD_CONST_REF, "ins %u (%s): operand %c = constant %u of %u", i, op, name,
               r - IR_CONST_BASE, t->nconsts);
  }
  const IrConst *c = ir_const_get(t, r);
  if (m == IRM_cal && c && c->kind == IRC_ARGS) m = IRM_lst;
  if (mode_const_kind[m] || m == IRM_lst) {
    if (!c || c->kind != mode_const_kind[m])
      return bad(k, IR_S_BAD_OPERAND_KIND, "ins %u (%s): operand %c is not a %s constant", i, op,
                 name, ir_const_kind_name[mode_const_kind[m]]);
    if (m == IRM_lst && k->args_max[r - IR_CONST_BASE] > i)
      return bad(k, IR_S_SSA_ORDER, "ins %u (%s): argument list uses a later value", i, op);
    return IR_S_OK;
  }
  IrKind kd = ir_ref_kind(t, r);
  if (m == IRM_cst) {
    if (!c || kd == IRK_VOID || kd != ir_ref_kind(t, in->a))
      return bad(k, IR_S_BAD_OPERAND_KIND, "ins %u (%s): operand %c is not a constant of a's kind",
                 i, op, name);
    return IR_S_OK;
  }
  if (!kind_fits(m, kd))
    return bad(k, IR_S_BAD_OPERAND_KIND, "ins %u (%s): operand %c is %s", i, op, name,
               ir_kind_name[kd]);
  return IR_S_OK;
}

static bool is_ovf(uint8_t op) { return op == IR_INT_ADD_OVF || op == IR_INT_SUB_OVF || op == IR_INT_MUL_OVF; }

static IrStatus check_ins(Checker *k, uint32_t i, uint32_t ninputs, int32_t *label)
{
  const IrTrace *t = k->t;
  const IrIns *in = &t->ins[i];
  if (in->op >= IR__COUNT) return bad(k, IR_S_BAD_OP, "ins %u: op %u", i, in->op);
  const char *op = ir_op_name[in->op];
  uint8_t fl = ir_op_flags[in->op], want = ir_op_kind[in->op];
  IrStatus s;

  /* Result kind. */
  bool kind_ok = want == IRK_VAR    ? in->kind > IRK_VOID && in->kind < IRK__COUNT
                 : want == IRK_VARV ? in->kind < IRK__COUNT
                                    : in->kind == want;
  if (!kind_ok) return bad(k, IR_S_BAD_RESULT_KIND, "ins %u (%s): kind %u", i, op, in->kind);

  /* Operands. */
  const IrRef ops[3] = {in->a, in->b, in->c};
  for (int j = 0; j < 3; j++)
    if ((s = check_operand(k, i, j, ops[j])) != IR_S_OK) return s;
  if (in->op == IR_CALL || in->op == IR_CALL_MAY_FORCE) {
    const IrConst *b = ir_const_get(t, in->b);
    if ((in->b == IR_NOREF || (b && b->kind == IRC_ARGS)) && in->c != IR_NOREF)
      return bad(k, IR_S_BAD_OPERAND_COUNT, "ins %u (%s): operand c after no b or an argument list",
                 i, op);
  }
  if (in->op == IR_SAME_AS && in->kind != ir_ref_kind(t, in->a))
    return bad(k, IR_S_BAD_RESULT_KIND, "ins %u (%s): kind differs from its operand's", i, op);

  /* snap_or_aux and literals. */
  uint16_t aux = in->snap_or_aux;
  if (fl & IRF_SNAP) {
    if (aux >= t->nsnaps) return bad(k, IR_S_BAD_SNAPSHOT, "ins %u (%s): snapshot %u of %u", i, op, aux, t->nsnaps);
    if (k->snap_max[aux] > i)
      return bad(k, IR_S_BAD_SNAP_ENTRY, "ins %u (%s): snapshot %u uses a later value", i, op, aux);
  } else {
    bool aux_ok;
    switch (in->op) {
    case IR_GETFIELD: case IR_SETFIELD: case IR_ARRAYLEN:
      aux_ok = (aux == 8 || (aux == 4 && in->kind != IRK_FLOAT && in->kind != IRK_REF &&
                             (in->op != IR_SETFIELD || ir_ref_kind(t, in->c) == IRK_INT ||
                              ir_ref_kind(t, in->c) == IRK_BOOL))) &&
               in->b < IR_FIELD_OFFSET_MAX;
      break;
    case IR_GETARRAYITEM: case IR_SETARRAYITEM: {
      unsigned size = aux & 15u;
      IrKind vk = in->op == IR_GETARRAYITEM ? (IrKind)in->kind : ir_ref_kind(t, in->c);
      aux_ok = size == 8 || (size == 4 && (vk == IRK_INT || vk == IRK_BOOL));
      break;
    }
    case IR_DEBUG_MERGE_POINT: aux_ok = aux < IR_SNAP_DEPTH_MAX; break;
    case IR_FRAME_GET: case IR_FRAME_SET: aux_ok = aux == 0 && in->a < IR_WINDOW_SLOTS_MAX; break;
    default: aux_ok = aux == 0; break;
    }
    if (!aux_ok) return bad(k, IR_S_BAD_AUX, "ins %u (%s): aux %u or literal", i, op, aux);
  }

  /* Structure: INPUT* then LABEL (bridges: anything), one end op, last. */
  if (in->op == IR_INPUT && i >= ninputs)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u: INPUT after other instructions", i);
  if (i == ninputs && !(t->flags & IR_TRACE_BRIDGE) && in->op != IR_LABEL)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): a loop starts with LABEL after its inputs", i, op);
  if ((fl & IRF_END) != 0 && i != t->nins - 1)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): trace end before the last instruction", i, op);
  if (i == t->nins - 1 && !(fl & IRF_END))
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): trace does not end with JUMP or FINISH", i, op);
  uint8_t next = i + 1 < t->nins ? t->ins[i + 1].op : IR__COUNT;
  uint8_t prev = i > 0 ? t->ins[i - 1].op : IR__COUNT;
  if (is_ovf(in->op) && next != IR_GUARD_NO_OVERFLOW && next != IR_GUARD_OVERFLOW)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): not followed by an overflow guard", i, op);
  if ((in->op == IR_GUARD_NO_OVERFLOW || in->op == IR_GUARD_OVERFLOW) && !is_ovf(prev))
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): not after an _OVF op", i, op);
  if (in->op == IR_CALL_MAY_FORCE && next != IR_GUARD_NOT_FORCED)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): not followed by GUARD_NOT_FORCED", i, op);
  if (in->op == IR_GUARD_NOT_FORCED && prev != IR_CALL_MAY_FORCE)
    return bad(k, IR_S_BAD_STRUCTURE, "ins %u (%s): not after CALL_MAY_FORCE", i, op);
  if (in->op == IR_LABEL) *label = (int32_t)i;
  if (in->op == IR_JUMP && *label >= 0) {
    const IrConst *la = ir_const_get(t, t->ins[*label].a), *ja = ir_const_get(t, in->a);
    if (la->s[0].len != ja->s[0].len)
      return bad(k, IR_S_BAD_STRUCTURE, "ins %u (JUMP): %u values for a label of %u", i,
                 ja->s[0].len, la->s[0].len);
    for (uint32_t j = 0; j < la->s[0].len; j++)
      if (ir_ref_kind(t, t->args[la->s[0].off + j]) != ir_ref_kind(t, t->args[ja->s[0].off + j]))
        return bad(k, IR_S_BAD_STRUCTURE, "ins %u (JUMP): value %u's kind differs from the label's", i, j);
  }
  return IR_S_OK;
}

IrStatus ir_validate(const IrTrace *t, char *err, size_t errlen)
{
  Checker k = {t, err, errlen, NULL, NULL};
  IrStatus s = IR_S_OK;
  if (err && errlen) err[0] = '\0';
  if (t->status != IR_S_OK) return bad(&k, t->status, "builder failed");
  if (t->snap_open) return bad(&k, IR_S_MISUSE, "snapshot still open");
  if (t->flags & ~(uint32_t)IR_TRACE_FLAGS_KNOWN) return bad(&k, IR_S_BAD_STRUCTURE, "unknown trace flags");
  if (t->nins > IR_OPS_MAX) return bad(&k, IR_S_TOO_MANY_OPS, "%u instructions", t->nins);
  if (t->nconsts > IR_CONSTS_MAX) return bad(&k, IR_S_TOO_MANY_CONSTS, "%u constants", t->nconsts);
  if (t->nstr > IR_STRPOOL_MAX) return bad(&k, IR_S_STRPOOL_FULL, "%u bytes", t->nstr);
  if (t->nargs > IR_ARGS_MAX) return bad(&k, IR_S_TOO_MANY_ARGS, "%u args", t->nargs);
  if (t->nsnaps > IR_SNAPSHOTS_MAX) return bad(&k, IR_S_TOO_MANY_SNAPSHOTS, "%u snapshots", t->nsnaps);
  if (t->nframes > IR_SNAP_FRAMES_MAX) return bad(&k, IR_S_TOO_MANY_FRAMES, "%u frames", t->nframes);
  if (t->nentries > IR_SNAP_ENTRIES_MAX) return bad(&k, IR_S_TOO_MANY_ENTRIES, "%u entries", t->nentries);
  if (t->nins == 0) return bad(&k, IR_S_BAD_STRUCTURE, "empty trace");

  k.snap_max = calloc((size_t)t->nsnaps + t->nconsts + 1, sizeof(uint32_t));
  if (!k.snap_max) return bad(&k, IR_S_NOMEM, "validator");
  k.args_max = k.snap_max + t->nsnaps;

  for (uint32_t i = 0; i < t->nconsts && s == IR_S_OK; i++) s = check_const(&k, i);
  if (s == IR_S_OK) s = check_snapshots(&k);
  uint32_t ninputs = 0;
  while (ninputs < t->nins && t->ins[ninputs].op == IR_INPUT) ninputs++;
  int32_t label = -1;
  for (uint32_t i = 0; i < t->nins && s == IR_S_OK; i++) s = check_ins(&k, i, ninputs, &label);
  free(k.snap_max);
  return s;
}

/* -- jit-log dump ------------------------------------------------------------ */
/* Values are named as PyPy names them: a kind prefix and a counter over the instructions
   that have a result, so the n-th value is i<n>, f<n> or p<n>. */
typedef struct Dump {
  FILE *f;
  const IrTrace *t;
  uint32_t *names;
} Dump;

static void put_bytes(FILE *f, const char *s, uint32_t n, char quote)
{
  fputc(quote, f);
  for (uint32_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == (unsigned char)quote || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20 || ch == 0x7f) fprintf(f, "\\x%02x", ch);
    else fputc(ch, f);
  }
  fputc(quote, f);
}

static void put_span(FILE *f, const IrTrace *t, IrSpan s)
{
  if (span_ok(s, t->nstr)) fwrite(t->strpool + s.off, 1, s.len, f);
}

/* Python's repr of a float: the shortest %g that reads back the same. */
static void put_float(FILE *f, double d)
{
  char buf[40];
  if (isnan(d)) { fputs("nan", f); return; }
  if (isinf(d)) { fputs(d < 0 ? "-inf" : "inf", f); return; }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) break;
  }
  fputs(buf, f);
  if (!strpbrk(buf, ".e")) fputs(".0", f);
}

static void put_code(FILE *f, const IrTrace *t, const IrConst *c)
{
  fputs("<code object ", f);
  if (c->s[0].len) put_span(f, t, c->s[0]);
  else for (int i = 0; i < 4; i++) fprintf(f, "%02x", c->u.hash[i]);
  fputs(". file '", f);
  put_span(f, t, c->s[1]);
  fprintf(f, "'. line %u>", c->n);
}

static void put_ref(Dump *d, IrRef r);

static void put_list(Dump *d, const IrConst *c)
{
  for (uint32_t j = 0; j < c->s[0].len; j++) {
    if (j) fputs(", ", d->f);
    put_ref(d, d->t->args[c->s[0].off + j]);
  }
}

static void put_ref(Dump *d, IrRef r)
{
  FILE *f = d->f;
  const IrTrace *t = d->t;
  if (r < IR_CONST_BASE) {
    if (r < t->nins) fprintf(f, "%c%u", ir_kind_prefix[t->ins[r].kind % IRK__COUNT], d->names[r]);
    else fprintf(f, "?%u", r);
    return;
  }
  const IrConst *c = ir_const_get(t, r);
  if (!c) { fprintf(f, "?const%u", r - IR_CONST_BASE); return; }
  switch ((IrConstKind)c->kind) {
  case IRC_INT: fprintf(f, "%" PRId64, c->u.i); break;
  case IRC_FLOAT: {
    double v;
    memcpy(&v, &c->u.bits, sizeof v);
    put_float(f, v);
    break;
  }
  case IRC_NONE: fputs("ConstPtr(None)", f); break;
  case IRC_TRUE: fputs("ConstPtr(True)", f); break;
  case IRC_FALSE: fputs("ConstPtr(False)", f); break;
  case IRC_SYM_TYPE:
    fputs("ConstClass(", f);
    if (c->sub == IR_TYPE_CLASS) {
      put_span(f, t, c->s[0]);
      fputc('.', f);
      put_span(f, t, c->s[1]);
    } else {
      put_span(f, t, c->s[0]);
    }
    fputc(')', f);
    break;
  case IRC_SYM_HELPER: fputs("ConstClass(", f); put_span(f, t, c->s[0]); fputc(')', f); break;
  case IRC_SYM_STR:
    if (span_ok(c->s[0], t->nstr)) put_bytes(f, t->strpool + c->s[0].off, c->s[0].len, '\'');
    break;
  case IRC_SYM_CODE: put_code(f, t, c); break;
  case IRC_SYM_GLOBAL:
    fputs("Global(", f);
    put_span(f, t, c->s[0]);
    fputc('.', f);
    put_span(f, t, c->s[1]);
    fputc(')', f);
    break;
  case IRC_SYM_MAP:
    fputs("Map(", f);
    put_ref(d, ir_constref(c->n));
    for (uint32_t j = 0; span_ok(c->s[0], t->nstr) && j < c->s[0].len;) {
      const char *s = t->strpool + c->s[0].off + j;
      const char *nul = memchr(s, '\0', c->s[0].len - j);
      uint32_t l = nul ? (uint32_t)(nul - s) : c->s[0].len - j;
      fputs(", ", f);
      put_bytes(f, s, l, '\'');
      j += l + 1;
    }
    fputc(')', f);
    break;
  case IRC_ARGS: put_list(d, c); break;
  default: fputs("?", f); break;
  }
}

static void put_lower(FILE *f, const char *s)
{
  for (; *s; s++) fputc(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, f);
}

static void put_snapshot(Dump *d, uint32_t s)
{
  const IrTrace *t = d->t;
  fputs(" [", d->f);
  if (s < t->nsnaps) {
    const IrSnap *sn = &t->snaps[s];
    uint32_t e = sn->entry_start, first = 1;
    for (uint32_t fr = 0; fr < sn->nframes && sn->frame_start + fr < t->nframes; fr++) {
      if (fr) fputs(" |", d->f);
      uint32_t n = t->frames[sn->frame_start + fr].nslots;
      for (uint32_t j = 0; j < n && e < t->nentries; j++, e++) {
        fputs(first ? "" : fr && j == 0 ? " " : ", ", d->f);
        first = 0;
        IrRef r = t->entries[e];
        if (r == IR_SNAP_UNCHANGED) fputc('=', d->f);
        else if (r == IR_SNAP_DEAD) fputc('-', d->f);
        else put_ref(d, r);
      }
    }
  }
  fputc(']', d->f);
}

void ir_dump(FILE *f, const IrTrace *t)
{
  Dump d = {f, t, calloc((size_t)t->nins + 1, sizeof(uint32_t))};
  if (!d.names) return;
  uint32_t nvals = 0, ninputs = 0, labels = 0, guards = 0;
  for (uint32_t i = 0; i < t->nins; i++)
    if (t->ins[i].kind != IRK_VOID) d.names[i] = nvals++;
  while (ninputs < t->nins && t->ins[ninputs].op == IR_INPUT) ninputs++;

  bool bridge = (t->flags & IR_TRACE_BRIDGE) != 0;
  fprintf(f, "# %s (", bridge ? "Bridge" : "Loop");
  for (int i = 0; i < 16; i++) fprintf(f, "%02x", t->code_hash[i]);
  fprintf(f, " #%u) : %s with %u ops\n[", t->pc, bridge ? "bridge" : "loop", t->nins - ninputs);
  for (uint32_t i = 0; i < ninputs; i++) {
    if (i) fputs(", ", f);
    put_ref(&d, i);
  }
  fputs("]\n", f);

  for (uint32_t i = ninputs; i < t->nins; i++) {
    const IrIns *in = &t->ins[i];
    if (in->op >= IR__COUNT) { fprintf(f, "?op%u\n", in->op); continue; }
    uint8_t fl = ir_op_flags[in->op];
    if (in->kind != IRK_VOID) {
      put_ref(&d, i);
      fputs(" = ", f);
    }
    put_lower(f, ir_op_name[in->op]);
    fputc('(', f);
    const IrConst *ca = ir_const_get(t, in->a);
    switch (in->op) {
    case IR_LABEL:
    case IR_JUMP:
      if (ca) put_list(&d, ca);
      fprintf(f, "%sdescr=TargetToken(%u))\n", ca && ca->s[0].len ? ", " : "",
              in->op == IR_LABEL ? labels++ : labels ? labels - 1 : 0);
      continue;
    case IR_DEBUG_MERGE_POINT:
      fprintf(f, "0, %u, '", in->snap_or_aux);
      if (ca && ca->kind == IRC_SYM_CODE) put_code(f, t, ca);
      fprintf(f, " #%u line %u')\n", in->b, in->c);
      continue;
    case IR_GETFIELD: case IR_SETFIELD: case IR_ARRAYLEN:
      put_ref(&d, in->a);
      if (in->op == IR_SETFIELD) { fputs(", ", f); put_ref(&d, in->c); }
      fprintf(f, ", descr=<%s +%u %u>)\n", in->op == IR_ARRAYLEN ? "Len" : "Field", in->b,
              in->snap_or_aux);
      continue;
    case IR_GETARRAYITEM: case IR_SETARRAYITEM:
      put_ref(&d, in->a);
      fputs(", ", f);
      put_ref(&d, in->b);
      if (in->op == IR_SETARRAYITEM) { fputs(", ", f); put_ref(&d, in->c); }
      fprintf(f, ", descr=<Array +%u %u>)\n", (in->snap_or_aux >> 4) * 8u, in->snap_or_aux & 15u);
      continue;
    default: break;
    }
    const IrRef ops[3] = {in->a, in->b, in->c};
    bool first = true;
    for (int j = 0; j < ir_op_nops[in->op]; j++) {
      if (ops[j] == IR_NOREF) continue;
      const IrConst *c = ir_const_get(t, ops[j]);
      if (c && c->kind == IRC_ARGS && c->s[0].len == 0) continue;
      fputs(first ? "" : ", ", f);
      first = false;
      if (ir_op_mode[in->op][j] == IRM_lit) fprintf(f, "%u", ops[j]);
      else put_ref(&d, ops[j]);
    }
    if (fl & IRF_SNAP) {
      if (fl & IRF_GUARD) fprintf(f, "%sdescr=<Guard0x%x>)", first ? "" : ", ", guards++);
      else fprintf(f, "%sdescr=<Exit>)", first ? "" : ", ");
      put_snapshot(&d, in->snap_or_aux);
      fputc('\n', f);
    } else {
      fputs(")\n", f);
    }
  }
  free(d.names);
}
