/* x64_emit.c: the x86-64 encoder.
 *
 * Every emitter assembles its instruction into a small local array (Insn) and then commits it
 * to the buffer in one step, so an instruction is written whole or not at all, and the size
 * check against the buffer's limit happens in exactly one place (reserve). All encodings go
 * through two builders: insn_r (ModRM with a register operand, mod = 11) and insn_m (ModRM
 * with a memory operand, choosing SIB and displacement size). Operand numbers are checked
 * there too, so a bad register number becomes X64_ERR_OPERAND, never a wrong encoding.
 *
 * Layout of one instruction: [mandatory prefix 66/F2/F3] [REX] opcode(1-3 bytes) ModRM [SIB]
 * [disp8/disp32] [immediate]. REX = 0100WRXB: W = 64-bit operand, R/X/B = bit 3 of the ModRM
 * reg, SIB index and ModRM rm/SIB base register numbers.
 *
 * Labels: a jump to an unbound label records a fixup (where its displacement field is) on the
 * label's chain; x64_bind walks the chain and patches. The displacement is always the last
 * field of a jump, so it is relative to the end of that field.
 */
#include "x64_emit.h"

#include <stdlib.h>
#include <string.h>

/* -- Names ------------------------------------------------------------------------- */

static const char *const gpr_names[16] = {
#define GPR_NAME(name, lo, n) [n] = #lo,
  X64_GPRS(GPR_NAME)
#undef GPR_NAME
};

static const char *const xmm_names[16] = {
#define XMM_NAME(name, lo, n) [n] = #lo,
  X64_XMMS(XMM_NAME)
#undef XMM_NAME
};

static const char *const cc_names[16] = {
#define CC_NAME(name, lo, n) [n] = #lo,
  X64_CONDS(CC_NAME)
#undef CC_NAME
};

static const char *const err_names[X64_ERR__COUNT] = {
#define ERR_NAME(name, msg) [X64_ERR_##name] = msg,
  X64_ERRORS(ERR_NAME)
#undef ERR_NAME
};

const char *x64_reg_name(X64Reg r) { return (unsigned)r < 16 ? gpr_names[r] : "?"; }
const char *x64_xmm_name(X64Xmm x) { return (unsigned)x < 16 ? xmm_names[x] : "?"; }
const char *x64_cc_name(X64Cond cc) { return (unsigned)cc < 16 ? cc_names[cc] : "?"; }
const char *x64_err_name(X64Err e) { return (unsigned)e < X64_ERR__COUNT ? err_names[e] : "?"; }

/* -- Per-op tables ------------------------------------------------------------------ */

static const struct { uint8_t digit, op_mr, op_rm; } alu_ops[X64_ALU__COUNT] = {
#define ALU_ROW(name, d, mr, rm) [X64_ALU_##name] = {d, mr, rm},
  X64_ALU_OPS(ALU_ROW)
#undef ALU_ROW
};

static const uint8_t shift_digit[X64_SHIFT__COUNT] = {
#define SHIFT_ROW(name, d) [X64_SHIFT_##name] = d,
  X64_SHIFT_OPS(SHIFT_ROW)
#undef SHIFT_ROW
};

static const struct { uint8_t prefix, op; } sse_ops[X64_SSE__COUNT] = {
#define SSE_ROW(name, p, op) [X64_SSE_##name] = {p, op},
  X64_SSE_OPS(SSE_ROW)
#undef SSE_ROW
};

/* -- The buffer ---------------------------------------------------------------------- */

void x64_init(X64Buf *b, size_t max)
{
  memset(b, 0, sizeof *b);
  b->max = max == 0 || max > X64_CODE_MAX ? X64_CODE_MAX : max;
  b->err = X64_ERR_OK;
}

void x64_free(X64Buf *b)
{
  free(b->code);
  free(b->labels);
  free(b->fixups);
  size_t max = b->max;
  x64_init(b, max);
}

bool x64_ok(const X64Buf *b) { return b->err == X64_ERR_OK && b->npending == 0; }

X64Err x64_error(const X64Buf *b)
{
  if (b->err != X64_ERR_OK) return b->err;
  return b->npending ? X64_ERR_UNBOUND : X64_ERR_OK;
}

static void fail(X64Buf *b, X64Err e)
{
  if (b->err == X64_ERR_OK) b->err = e;
}

/* Room for n more bytes, growing the allocation (never past max). False, with the error
 * recorded, if an error is already pending or the bytes would pass the limit. */
static bool reserve(X64Buf *b, size_t n)
{
  if (b->err != X64_ERR_OK) return false;
  if (n > b->max - b->len) {
    fail(b, X64_ERR_OVERFLOW);
    return false;
  }
  if (n > b->cap - b->len) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n) cap *= 2;
    if (cap > b->max) cap = b->max;
    uint8_t *p = realloc(b->code, cap);
    if (!p) {
      fail(b, X64_ERR_NOMEM);
      return false;
    }
    b->code = p;
    b->cap = cap;
  }
  return true;
}

/* -- Instruction builders ----------------------------------------------------------- */

typedef struct {
  uint8_t b[X64_INSN_MAX + 1];
  unsigned n;
} Insn;

enum {
  W = 1,       /* REX.W: 64-bit operand size */
  BYTE_RM = 2, /* the rm operand is a byte register: 4..7 mean spl..dil, which needs a REX */
};

static bool fits8(int64_t v) { return v >= -128 && v <= 127; }
static bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

static void byte(Insn *in, unsigned v) { in->b[in->n++] = (uint8_t)v; }

static void le(Insn *in, int64_t v, unsigned size)
{
  uint64_t u = (uint64_t)v;
  for (unsigned i = 0; i < size; i++) byte(in, (unsigned)(u >> 8 * i) & 0xff);
}

static bool commit(X64Buf *b, const Insn *in)
{
  if (!reserve(b, in->n)) return false;
  memcpy(b->code + b->len, in->b, in->n);
  b->len += in->n;
  return true;
}

/* Prefix, REX and opcode. op holds 1 to 3 opcode bytes, most significant first (0x0faf is
 * 0F AF); every multi-byte opcode starts with 0F, so the byte count follows from the value. */
static void head(Insn *in, unsigned pfx, unsigned flags, unsigned reg, unsigned index,
                 unsigned base, uint32_t op, bool force_rex)
{
  unsigned rex = (flags & W ? 8u : 0u) | (reg & 8u) >> 1 | (index & 8u) >> 2 | (base & 8u) >> 3;
  if (pfx) byte(in, pfx);
  if (rex || force_rex) byte(in, 0x40 | rex);
  if (op > 0xffff) byte(in, op >> 16 & 0xff);
  if (op > 0xff) byte(in, op >> 8 & 0xff);
  byte(in, op & 0xff);
}

/* op with a register rm operand (ModRM mod = 11). reg is a register or a /digit. */
static bool insn_r(X64Buf *b, unsigned pfx, unsigned flags, uint32_t op, int reg, int rm,
                   unsigned isize, int64_t imm)
{
  Insn in = {.n = 0};
  if (b->err != X64_ERR_OK) return false;
  if ((unsigned)reg > 15 || (unsigned)rm > 15) {
    fail(b, X64_ERR_OPERAND);
    return false;
  }
  head(&in, pfx, flags, (unsigned)reg, 0, (unsigned)rm, op, (flags & BYTE_RM) && rm >= 4 && rm < 8);
  byte(&in, 0xc0 | ((unsigned)reg & 7) << 3 | ((unsigned)rm & 7));
  le(&in, imm, isize);
  return commit(b, &in);
}

/* op with a memory operand. An rm of 100 means "SIB follows" (so RSP/R12 as a base need a SIB
 * with no index), and mod 00 with rm or SIB base 101 means "no base, disp32" (so RBP/R13 as a
 * base need an explicit disp8 of 0). */
static bool insn_m(X64Buf *b, unsigned pfx, unsigned flags, uint32_t op, int reg, X64Mem m,
                   unsigned isize, int64_t imm)
{
  Insn in = {.n = 0};
  bool has_index = m.index != X64_NOREG;
  unsigned ss = m.scale == 1 ? 0 : m.scale == 2 ? 1 : m.scale == 4 ? 2 : m.scale == 8 ? 3 : 4;
  if (b->err != X64_ERR_OK) return false;
  if ((unsigned)reg > 15 || (unsigned)m.base > 15
      || (has_index && ((unsigned)m.index > 15 || m.index == X64_RSP || ss > 3))) {
    fail(b, X64_ERR_OPERAND);
    return false;
  }
  unsigned base = (unsigned)m.base, index = has_index ? (unsigned)m.index : 4;
  unsigned mod = m.disp == 0 && (base & 7) != 5 ? 0 : fits8(m.disp) ? 1 : 2;
  head(&in, pfx, flags, (unsigned)reg, index, base, op, false);
  if (!has_index && (base & 7) != 4) {
    byte(&in, mod << 6 | ((unsigned)reg & 7) << 3 | (base & 7));
  } else {
    byte(&in, mod << 6 | ((unsigned)reg & 7) << 3 | 4);
    byte(&in, (has_index ? ss : 0) << 6 | (index & 7) << 3 | (base & 7));
  }
  if (mod == 1) le(&in, m.disp, 1);
  if (mod == 2) le(&in, m.disp, 4);
  le(&in, imm, isize);
  return commit(b, &in);
}

/* op + register number in the opcode's low 3 bits (push, pop, mov r, imm). */
static bool insn_o(X64Buf *b, unsigned flags, unsigned op, int r, unsigned isize, int64_t imm)
{
  Insn in = {.n = 0};
  if (b->err != X64_ERR_OK) return false;
  if ((unsigned)r > 15) {
    fail(b, X64_ERR_OPERAND);
    return false;
  }
  head(&in, 0, flags, 0, 0, (unsigned)r, op + ((unsigned)r & 7), false);
  le(&in, imm, isize);
  return commit(b, &in);
}

static void raw(X64Buf *b, const uint8_t *bytes, unsigned n)
{
  Insn in = {.n = 0};
  for (unsigned i = 0; i < n; i++) byte(&in, bytes[i]);
  commit(b, &in);
}

static bool cc_ok(X64Buf *b, X64Cond cc)
{
  if ((unsigned)cc < 16) return true;
  fail(b, X64_ERR_OPERAND);
  return false;
}

/* -- Labels and jumps ------------------------------------------------------------- */

X64Label x64_label_new(X64Buf *b)
{
  if (b->err != X64_ERR_OK) return X64_LABEL_MAX;
  if (b->nlabels >= X64_LABEL_MAX) {
    fail(b, X64_ERR_LABEL);
    return X64_LABEL_MAX;
  }
  if (b->nlabels == b->labels_cap) {
    uint32_t cap = b->labels_cap ? b->labels_cap * 2 : 64;
    X64LabelSlot *p = realloc(b->labels, cap * sizeof *p);
    if (!p) {
      fail(b, X64_ERR_NOMEM);
      return X64_LABEL_MAX;
    }
    b->labels = p;
    b->labels_cap = cap;
  }
  b->labels[b->nlabels].pos = -1;
  b->labels[b->nlabels].head = -1;
  return b->nlabels++;
}

int64_t x64_label_offset(const X64Buf *b, X64Label l)
{
  return l < b->nlabels ? b->labels[l].pos : -1;
}

void x64_bind(X64Buf *b, X64Label l)
{
  if (b->err != X64_ERR_OK) return;
  if (l >= b->nlabels || b->labels[l].pos >= 0) {
    fail(b, X64_ERR_LABEL);
    return;
  }
  X64LabelSlot *s = &b->labels[l];
  s->pos = (int32_t)b->len;
  for (int32_t i = s->head; i >= 0; i = b->fixups[i].next) {
    const X64Fixup *f = &b->fixups[i];
    int64_t rel = (int64_t)b->len - ((int64_t)f->at + f->size);
    uint8_t *p = b->code + f->at;
    if (f->size == 1) {
      if (!fits8(rel)) {
        fail(b, X64_ERR_RANGE);
        return;
      }
      p[0] = (uint8_t)rel;
    } else {
      for (unsigned k = 0; k < 4; k++) p[k] = (uint8_t)((uint64_t)rel >> 8 * k);
    }
    b->npending--;
  }
  s->head = -1;
}

static void add_fixup(X64Buf *b, X64Label l, size_t at, unsigned size)
{
  if (b->nfixups == b->fixups_cap) {
    uint32_t cap = b->fixups_cap ? b->fixups_cap * 2 : 64;
    X64Fixup *p = realloc(b->fixups, cap * sizeof *p);
    if (!p) {
      fail(b, X64_ERR_NOMEM);
      return;
    }
    b->fixups = p;
    b->fixups_cap = cap;
  }
  X64Fixup *f = &b->fixups[b->nfixups];
  f->at = (uint32_t)at;
  f->size = (uint8_t)size;
  f->next = b->labels[l].head;
  b->labels[l].head = (int32_t)b->nfixups++;
  b->npending++;
}

/* A relative jump or call to a label. op8 is the rel8 opcode (0 for call, which has none),
 * op32 the rel32 opcode (1 or 2 bytes). */
static void jump(X64Buf *b, unsigned op8, uint32_t op32, X64Label l, X64JumpHint h)
{
  Insn in = {.n = 0};
  if (b->err != X64_ERR_OK) return;
  if (l >= b->nlabels) {
    fail(b, X64_ERR_LABEL);
    return;
  }
  unsigned n32 = op32 > 0xff ? 2 : 1;
  int64_t pos = b->labels[l].pos;
  bool short_form = op8 && h == X64_SHORT;
  if (pos >= 0) {
    int64_t rel8 = pos - (int64_t)(b->len + 2);
    if (op8 && fits8(rel8)) {
      byte(&in, op8);
      le(&in, rel8, 1);
    } else if (short_form) {
      fail(b, X64_ERR_RANGE);
      return;
    } else {
      if (n32 == 2) byte(&in, op32 >> 8);
      byte(&in, op32 & 0xff);
      le(&in, pos - (int64_t)(b->len + n32 + 4), 4);
    }
    commit(b, &in);
    return;
  }
  if (short_form) {
    byte(&in, op8);
    byte(&in, 0);
  } else {
    if (n32 == 2) byte(&in, op32 >> 8);
    byte(&in, op32 & 0xff);
    le(&in, 0, 4);
  }
  if (commit(b, &in)) add_fixup(b, l, b->len - (short_form ? 1 : 4), short_form ? 1 : 4);
}

void x64_jmp(X64Buf *b, X64Label l, X64JumpHint h) { jump(b, 0xeb, 0xe9, l, h); }

void x64_jcc(X64Buf *b, X64Cond cc, X64Label l, X64JumpHint h)
{
  if (cc_ok(b, cc)) jump(b, 0x70 + (unsigned)cc, 0x0f80 + (unsigned)cc, l, h);
}

void x64_call(X64Buf *b, X64Label l) { jump(b, 0, 0xe8, l, X64_NEAR); }

void x64_call_at(X64Buf *b, size_t target)
{
  Insn in = {.n = 0};
  if (b->err != X64_ERR_OK) return;
  if (target >= b->max) {
    fail(b, X64_ERR_RANGE);
    return;
  }
  byte(&in, 0xe8);
  le(&in, (int64_t)target - (int64_t)(b->len + 5), 4);
  commit(b, &in);
}

void x64_jmp_r(X64Buf *b, X64Reg r) { insn_r(b, 0, 0, 0xff, 4, r, 0, 0); }
void x64_jmp_m(X64Buf *b, X64Mem m) { insn_m(b, 0, 0, 0xff, 4, m, 0, 0); }
void x64_call_r(X64Buf *b, X64Reg r) { insn_r(b, 0, 0, 0xff, 2, r, 0, 0); }
void x64_call_m(X64Buf *b, X64Mem m) { insn_m(b, 0, 0, 0xff, 2, m, 0, 0); }
void x64_ret(X64Buf *b) { raw(b, (const uint8_t[]){0xc3}, 1); }

/* -- Moves --------------------------------------------------------------------------- */

void x64_mov_rr(X64Buf *b, X64Reg dst, X64Reg src) { insn_r(b, 0, W, 0x89, src, dst, 0, 0); }
void x64_mov_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x8b, dst, m, 0, 0); }
void x64_mov_mr(X64Buf *b, X64Mem m, X64Reg src) { insn_m(b, 0, W, 0x89, src, m, 0, 0); }
void x64_mov_ri32(X64Buf *b, X64Reg dst, int32_t imm) { insn_r(b, 0, W, 0xc7, 0, dst, 4, imm); }
void x64_movabs_ri(X64Buf *b, X64Reg dst, int64_t imm) { insn_o(b, W, 0xb8, dst, 8, imm); }

void x64_mov_ri(X64Buf *b, X64Reg dst, int64_t imm)
{
  if (imm >= 0 && imm <= (int64_t)UINT32_MAX)
    insn_o(b, 0, 0xb8, dst, 4, imm);
  else if (fits32(imm))
    x64_mov_ri32(b, dst, (int32_t)imm);
  else
    x64_movabs_ri(b, dst, imm);
}

void x64_mov_mi32(X64Buf *b, X64Mem m, int32_t imm) { insn_m(b, 0, W, 0xc7, 0, m, 4, imm); }
void x64_mov32_mi(X64Buf *b, X64Mem m, int32_t imm) { insn_m(b, 0, 0, 0xc7, 0, m, 4, imm); }
void x64_mov32_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, 0, 0x8b, dst, m, 0, 0); }
void x64_mov32_mr(X64Buf *b, X64Mem m, X64Reg src) { insn_m(b, 0, 0, 0x89, src, m, 0, 0); }
void x64_movsxd_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x63, dst, m, 0, 0); }
void x64_movzx8_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, 0, 0x0fb6, dst, m, 0, 0); }
void x64_movzx16_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, 0, 0x0fb7, dst, m, 0, 0); }
void x64_movsx8_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x0fbe, dst, m, 0, 0); }
void x64_movsx16_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x0fbf, dst, m, 0, 0); }

void x64_movzx8_rr(X64Buf *b, X64Reg dst, X64Reg src)
{
  insn_r(b, 0, BYTE_RM, 0x0fb6, dst, src, 0, 0);
}

void x64_lea(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x8d, dst, m, 0, 0); }
void x64_push(X64Buf *b, X64Reg r) { insn_o(b, 0, 0x50, r, 0, 0); }
void x64_pop(X64Buf *b, X64Reg r) { insn_o(b, 0, 0x58, r, 0, 0); }

/* -- Integer arithmetic -------------------------------------------------------------- */

static bool alu_ok(X64Buf *b, X64Alu op)
{
  if ((unsigned)op < X64_ALU__COUNT) return true;
  fail(b, X64_ERR_OPERAND);
  return false;
}

void x64_alu_rr(X64Buf *b, X64Alu op, X64Reg dst, X64Reg src)
{
  if (alu_ok(b, op)) insn_r(b, 0, W, alu_ops[op].op_mr, src, dst, 0, 0);
}

void x64_alu_rm(X64Buf *b, X64Alu op, X64Reg dst, X64Mem m)
{
  if (alu_ok(b, op)) insn_m(b, 0, W, alu_ops[op].op_rm, dst, m, 0, 0);
}

void x64_alu_mr(X64Buf *b, X64Alu op, X64Mem m, X64Reg src)
{
  if (alu_ok(b, op)) insn_m(b, 0, W, alu_ops[op].op_mr, src, m, 0, 0);
}

void x64_alu_ri(X64Buf *b, X64Alu op, X64Reg dst, int32_t imm)
{
  if (!alu_ok(b, op)) return;
  if (fits8(imm))
    insn_r(b, 0, W, 0x83, alu_ops[op].digit, dst, 1, imm);
  else
    insn_r(b, 0, W, 0x81, alu_ops[op].digit, dst, 4, imm);
}

void x64_alu_mi(X64Buf *b, X64Alu op, X64Mem m, int32_t imm)
{
  if (!alu_ok(b, op)) return;
  if (fits8(imm))
    insn_m(b, 0, W, 0x83, alu_ops[op].digit, m, 1, imm);
  else
    insn_m(b, 0, W, 0x81, alu_ops[op].digit, m, 4, imm);
}

void x64_test_rr(X64Buf *b, X64Reg a, X64Reg c) { insn_r(b, 0, W, 0x85, c, a, 0, 0); }
void x64_test_ri(X64Buf *b, X64Reg r, int32_t imm) { insn_r(b, 0, W, 0xf7, 0, r, 4, imm); }
void x64_imul_rr(X64Buf *b, X64Reg dst, X64Reg src) { insn_r(b, 0, W, 0x0faf, dst, src, 0, 0); }
void x64_imul_rm(X64Buf *b, X64Reg dst, X64Mem m) { insn_m(b, 0, W, 0x0faf, dst, m, 0, 0); }

void x64_imul_rri(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm)
{
  if (fits8(imm))
    insn_r(b, 0, W, 0x6b, dst, src, 1, imm);
  else
    insn_r(b, 0, W, 0x69, dst, src, 4, imm);
}

void x64_neg(X64Buf *b, X64Reg r) { insn_r(b, 0, W, 0xf7, 3, r, 0, 0); }
void x64_not(X64Buf *b, X64Reg r) { insn_r(b, 0, W, 0xf7, 2, r, 0, 0); }
void x64_idiv(X64Buf *b, X64Reg r) { insn_r(b, 0, W, 0xf7, 7, r, 0, 0); }
void x64_imul1(X64Buf *b, X64Reg r) { insn_r(b, 0, W, 0xf7, 5, r, 0, 0); }
void x64_mul1(X64Buf *b, X64Reg r) { insn_r(b, 0, W, 0xf7, 4, r, 0, 0); }
void x64_cqo(X64Buf *b) { raw(b, (const uint8_t[]){0x48, 0x99}, 2); }

static bool shift_ok(X64Buf *b, X64Shift op)
{
  if ((unsigned)op < X64_SHIFT__COUNT) return true;
  fail(b, X64_ERR_OPERAND);
  return false;
}

void x64_shift_ri(X64Buf *b, X64Shift op, X64Reg r, uint8_t count)
{
  if (!shift_ok(b, op)) return;
  if (count > 63)
    fail(b, X64_ERR_OPERAND);
  else if (count == 1)
    insn_r(b, 0, W, 0xd1, shift_digit[op], r, 0, 0);
  else
    insn_r(b, 0, W, 0xc1, shift_digit[op], r, 1, count);
}

void x64_shift_rcl(X64Buf *b, X64Shift op, X64Reg r)
{
  if (shift_ok(b, op)) insn_r(b, 0, W, 0xd3, shift_digit[op], r, 0, 0);
}

void x64_setcc(X64Buf *b, X64Cond cc, X64Reg r)
{
  if (cc_ok(b, cc)) insn_r(b, 0, BYTE_RM, 0x0f90 + (unsigned)cc, 0, r, 0, 0);
}

void x64_setcc_zx(X64Buf *b, X64Cond cc, X64Reg r)
{
  x64_setcc(b, cc, r);
  x64_movzx8_rr(b, r, r);
}

void x64_cmov_rr(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src)
{
  if (cc_ok(b, cc)) insn_r(b, 0, W, 0x0f40 + (unsigned)cc, dst, src, 0, 0);
}

void x64_cmov_rm(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m)
{
  if (cc_ok(b, cc)) insn_m(b, 0, W, 0x0f40 + (unsigned)cc, dst, m, 0, 0);
}

/* -- Padding and traps -------------------------------------------------------------- */

/* The multi-byte NOPs the Intel and AMD optimization manuals recommend, 1 to 9 bytes. */
static const uint8_t nops[9][9] = {
  {0x90},
  {0x66, 0x90},
  {0x0f, 0x1f, 0x00},
  {0x0f, 0x1f, 0x40, 0x00},
  {0x0f, 0x1f, 0x44, 0x00, 0x00},
  {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
  {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
  {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
  {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void x64_nop(X64Buf *b, size_t n)
{
  if (!reserve(b, n)) return; /* all or nothing, like one instruction */
  while (n > 0) {
    size_t k = n < 9 ? n : 9;
    memcpy(b->code + b->len, nops[k - 1], k);
    b->len += k;
    n -= k;
  }
}

void x64_align(X64Buf *b, size_t a)
{
  if (a == 0 || a > 4096 || (a & (a - 1)) != 0) {
    fail(b, X64_ERR_OPERAND);
    return;
  }
  x64_nop(b, (a - (b->len & (a - 1))) & (a - 1));
}

void x64_int3(X64Buf *b) { raw(b, (const uint8_t[]){0xcc}, 1); }
void x64_ud2(X64Buf *b) { raw(b, (const uint8_t[]){0x0f, 0x0b}, 2); }

/* -- SSE2 doubles -------------------------------------------------------------------- */

void x64_movsd_xm(X64Buf *b, X64Xmm dst, X64Mem m) { insn_m(b, 0xf2, 0, 0x0f10, dst, m, 0, 0); }
void x64_movsd_mx(X64Buf *b, X64Mem m, X64Xmm src) { insn_m(b, 0xf2, 0, 0x0f11, src, m, 0, 0); }
void x64_movsd_xx(X64Buf *b, X64Xmm dst, X64Xmm src) { insn_r(b, 0xf2, 0, 0x0f10, dst, src, 0, 0); }
void x64_movapd_xx(X64Buf *b, X64Xmm dst, X64Xmm src) { insn_r(b, 0x66, 0, 0x0f28, dst, src, 0, 0); }
void x64_movq_xr(X64Buf *b, X64Xmm dst, X64Reg src) { insn_r(b, 0x66, W, 0x0f6e, dst, src, 0, 0); }
void x64_movq_rx(X64Buf *b, X64Reg dst, X64Xmm src) { insn_r(b, 0x66, W, 0x0f7e, src, dst, 0, 0); }
void x64_movd_mx(X64Buf *b, X64Mem m, X64Xmm src) { insn_m(b, 0x66, 0, 0x0f7e, src, m, 0, 0); }
void x64_cvtsi2sd(X64Buf *b, X64Xmm dst, X64Reg src) { insn_r(b, 0xf2, W, 0x0f2a, dst, src, 0, 0); }
void x64_cvttsd2si(X64Buf *b, X64Reg dst, X64Xmm src) { insn_r(b, 0xf2, W, 0x0f2c, dst, src, 0, 0); }

static bool sse_ok(X64Buf *b, X64Sse op)
{
  if ((unsigned)op < X64_SSE__COUNT) return true;
  fail(b, X64_ERR_OPERAND);
  return false;
}

void x64_sse_xx(X64Buf *b, X64Sse op, X64Xmm dst, X64Xmm src)
{
  if (sse_ok(b, op)) insn_r(b, sse_ops[op].prefix, 0, 0x0f00 | sse_ops[op].op, dst, src, 0, 0);
}

void x64_sse_xm(X64Buf *b, X64Sse op, X64Xmm dst, X64Mem m)
{
  if (sse_ok(b, op)) insn_m(b, sse_ops[op].prefix, 0, 0x0f00 | sse_ops[op].op, dst, m, 0, 0);
}
