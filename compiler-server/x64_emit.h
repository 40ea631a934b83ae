/* x64_emit.h: the x86-64 machine-code encoder of the JIT backend.
 *
 * Emitters append one instruction each to an X64Buf, a growable code buffer with a hard size
 * limit. An emitter never fails loudly: an instruction that would not fit, a bad operand or a
 * jump out of range records the first error in the buffer and every later emitter does nothing,
 * so the code generator emits a whole trace and checks x64_ok() once at the end. Nothing is ever
 * written past the limit, and an instruction is written whole or not at all.
 *
 * Operands are 64-bit unless an emitter's name or comment says otherwise. Each emitter's comment
 * gives its Intel-syntax form: r = general register, m = memory, i8/i32/i64 = immediate, x = XMM
 * register. Memory operands are [base + disp32] or [base + index*scale + disp32]; the encoder
 * picks the shortest displacement and handles the RSP/R12 (needs a SIB byte) and RBP/R13 (no
 * displacement-free form) quirks. There is no absolute or RIP-relative addressing: blobs are
 * position-independent and reach the outside world through the context register.
 *
 * This library depends on nothing else in the project (C11 and libc only).
 */
#ifndef PJS_X64_EMIT_H
#define PJS_X64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -- Limits -------------------------------------------------------------------- */

/* The largest code a buffer may hold: 1 MiB is far beyond the longest trace (trace_limit 6000
 * IR ops at a few dozen bytes each, plus exit stubs), and keeps every rel32 in range. */
#define X64_CODE_MAX ((size_t)1 << 20)
/* Labels per buffer: well past one per guard exit of the longest trace, small enough that the
 * label table (8 bytes a label) stays bounded when a malformed trace asks for more. */
#define X64_LABEL_MAX ((uint32_t)1 << 18)
/* The longest x86-64 instruction; every emitter writes at most this much. */
#define X64_INSN_MAX 15

/* -- Tables -------------------------------------------------------------------- */

/* General registers: enum name, assembler name, hardware number. */
#define X64_GPRS(_) \
  _(RAX, rax, 0) _(RCX, rcx, 1) _(RDX, rdx, 2) _(RBX, rbx, 3) \
  _(RSP, rsp, 4) _(RBP, rbp, 5) _(RSI, rsi, 6) _(RDI, rdi, 7) \
  _(R8, r8, 8) _(R9, r9, 9) _(R10, r10, 10) _(R11, r11, 11) \
  _(R12, r12, 12) _(R13, r13, 13) _(R14, r14, 14) _(R15, r15, 15)

/* SSE registers: enum name, assembler name, hardware number. */
#define X64_XMMS(_) \
  _(XMM0, xmm0, 0) _(XMM1, xmm1, 1) _(XMM2, xmm2, 2) _(XMM3, xmm3, 3) \
  _(XMM4, xmm4, 4) _(XMM5, xmm5, 5) _(XMM6, xmm6, 6) _(XMM7, xmm7, 7) \
  _(XMM8, xmm8, 8) _(XMM9, xmm9, 9) _(XMM10, xmm10, 10) _(XMM11, xmm11, 11) \
  _(XMM12, xmm12, 12) _(XMM13, xmm13, 13) _(XMM14, xmm14, 14) _(XMM15, xmm15, 15)

/* Condition codes: enum name, assembler suffix, tttn (the low nibble of Jcc/SETcc/CMOVcc).
 * Flipping the low bit negates a condition (x64_cc_not). B/AE/BE/A are unsigned, L/GE/LE/G
 * signed; after ucomisd, B/AE/BE/A/E/NE compare doubles and P means unordered (a NaN). */
#define X64_CONDS(_) \
  _(O, o, 0) _(NO, no, 1) _(B, b, 2) _(AE, ae, 3) _(E, e, 4) _(NE, ne, 5) _(BE, be, 6) \
  _(A, a, 7) _(S, s, 8) _(NS, ns, 9) _(P, p, 10) _(NP, np, 11) _(L, l, 12) _(GE, ge, 13) \
  _(LE, le, 14) _(G, g, 15)

/* The ALU group: name, /digit of the immediate forms (81 /d id, 83 /d ib), opcode of the
 * "op r/m, r" form, opcode of the "op r, r/m" form. */
#define X64_ALU_OPS(_) \
  _(add, 0, 0x01, 0x03) _(or, 1, 0x09, 0x0b) _(and, 4, 0x21, 0x23) \
  _(sub, 5, 0x29, 0x2b) _(xor, 6, 0x31, 0x33) _(cmp, 7, 0x39, 0x3b)

/* Shifts: name, /digit (C1 /d ib by an immediate, D1 /d by 1, D3 /d by CL). */
#define X64_SHIFT_OPS(_) _(shl, 4) _(shr, 5) _(sar, 7)

/* Scalar-double SSE2 ops on (x, x) and (x, m): name, mandatory prefix, opcode after 0F. */
#define X64_SSE_OPS(_) \
  _(addsd, 0xf2, 0x58) _(subsd, 0xf2, 0x5c) _(mulsd, 0xf2, 0x59) _(divsd, 0xf2, 0x5e) \
  _(sqrtsd, 0xf2, 0x51) _(ucomisd, 0x66, 0x2e) _(xorpd, 0x66, 0x57) _(andpd, 0x66, 0x54)

/* Errors: name, message. The first one recorded in a buffer sticks. */
#define X64_ERRORS(_) \
  _(OK, "no error") \
  _(OVERFLOW, "code exceeds the buffer's size limit") \
  _(NOMEM, "out of memory") \
  _(OPERAND, "invalid operand") \
  _(RANGE, "jump or call target out of range") \
  _(LABEL, "bad label: unknown, bound twice, or too many labels") \
  _(UNBOUND, "a jump refers to a label that was never bound")

typedef enum {
#define X64_GPR_ENUM(name, lo, n) X64_##name = n,
  X64_GPRS(X64_GPR_ENUM)
#undef X64_GPR_ENUM
  X64_NOREG = -1 /* "no index register" in a memory operand */
} X64Reg;

typedef enum {
#define X64_XMM_ENUM(name, lo, n) X64_##name = n,
  X64_XMMS(X64_XMM_ENUM)
#undef X64_XMM_ENUM
} X64Xmm;

typedef enum {
#define X64_CC_ENUM(name, lo, n) X64_CC_##name = n,
  X64_CONDS(X64_CC_ENUM)
#undef X64_CC_ENUM
} X64Cond;

typedef enum {
#define X64_ALU_ENUM(name, d, mr, rm) X64_ALU_##name,
  X64_ALU_OPS(X64_ALU_ENUM)
#undef X64_ALU_ENUM
  X64_ALU__COUNT
} X64Alu;

typedef enum {
#define X64_SHIFT_ENUM(name, d) X64_SHIFT_##name,
  X64_SHIFT_OPS(X64_SHIFT_ENUM)
#undef X64_SHIFT_ENUM
  X64_SHIFT__COUNT
} X64Shift;

typedef enum {
#define X64_SSE_ENUM(name, p, op) X64_SSE_##name,
  X64_SSE_OPS(X64_SSE_ENUM)
#undef X64_SSE_ENUM
  X64_SSE__COUNT
} X64Sse;

typedef enum {
#define X64_ERR_ENUM(name, msg) X64_ERR_##name,
  X64_ERRORS(X64_ERR_ENUM)
#undef X64_ERR_ENUM
  X64_ERR__COUNT
} X64Err;

const char *x64_reg_name(X64Reg r);   /* "rax" .. "r15"; "?" when out of range */
const char *x64_xmm_name(X64Xmm x);   /* "xmm0" .. "xmm15" */
const char *x64_cc_name(X64Cond cc);  /* "o" .. "g", as in "j" + name */
const char *x64_err_name(X64Err e);   /* the message of the table above */
static inline X64Cond x64_cc_not(X64Cond cc) { return (X64Cond)(cc ^ 1); }

/* -- Operands and the buffer ----------------------------------------------------- */

/* A memory operand: [base + index*scale + disp]. index X64_NOREG means none; RSP cannot be an
 * index (the encoding means "none"); scale is 1, 2, 4 or 8. */
typedef struct {
  int8_t base, index;
  uint8_t scale;
  int32_t disp;
} X64Mem;

static inline X64Mem x64_mem(X64Reg base, int32_t disp)
{
  X64Mem m = {(int8_t)base, (int8_t)X64_NOREG, 1, disp};
  return m;
}

static inline X64Mem x64_mem_idx(X64Reg base, X64Reg index, unsigned scale, int32_t disp)
{
  X64Mem m = {(int8_t)base, (int8_t)index, (uint8_t)scale, disp};
  return m;
}

/* A label is an index into the buffer's label table, made by x64_label_new. */
typedef uint32_t X64Label;

/* Size of a jump to a label not bound yet: X64_NEAR takes rel32 (always reaches), X64_SHORT
 * rel8 (2 bytes; X64_ERR_RANGE at x64_bind when the target lies farther than 127 bytes).
 * A jump to a label already bound (backward) takes rel8 whenever it fits, whatever the hint;
 * with X64_SHORT and a target out of rel8 range it records X64_ERR_RANGE. */
typedef enum { X64_NEAR, X64_SHORT } X64JumpHint;

/* A jump waiting for its label: where its displacement field is, its size, the next one. */
typedef struct {
  uint32_t at;
  int32_t next;
  uint8_t size;
} X64Fixup;

typedef struct {
  int32_t pos;  /* code offset once bound, -1 before */
  int32_t head; /* first fixup waiting for this label, -1 if none */
} X64LabelSlot;

typedef struct {
  uint8_t *code;      /* the bytes emitted, code[0 .. len) */
  size_t len, cap;    /* used and allocated bytes */
  size_t max;         /* the size limit, at most X64_CODE_MAX */
  X64Err err;         /* the first error, X64_ERR_OK if none */
  X64LabelSlot *labels;
  uint32_t nlabels, labels_cap;
  X64Fixup *fixups;
  uint32_t nfixups, fixups_cap;
  uint32_t npending;  /* fixups whose label is not bound yet */
} X64Buf;

/* max 0 (or above X64_CODE_MAX) means X64_CODE_MAX. Memory is allocated on first use. */
void x64_init(X64Buf *b, size_t max);
void x64_free(X64Buf *b);
/* True when every emitter succeeded and every label jumped to has been bound. */
bool x64_ok(const X64Buf *b);
/* The first error; X64_ERR_UNBOUND if there is none but a jump still waits for its label. */
X64Err x64_error(const X64Buf *b);

/* -- Labels and jumps ------------------------------------------------------------ */

/* A new, unbound label. Past X64_LABEL_MAX it records X64_ERR_LABEL; then, or after any
 * earlier error, it returns X64_LABEL_MAX, an id every label function refuses. */
X64Label x64_label_new(X64Buf *b);
void x64_bind(X64Buf *b, X64Label l);              /* the label is here: patches pending jumps */
int64_t x64_label_offset(const X64Buf *b, X64Label l); /* its code offset, -1 if not bound */

void x64_jmp(X64Buf *b, X64Label l, X64JumpHint h);         /* jmp rel8 / jmp rel32 */
void x64_jcc(X64Buf *b, X64Cond cc, X64Label l, X64JumpHint h); /* jCC rel8 / jCC rel32 */
void x64_call(X64Buf *b, X64Label l);                       /* call rel32 to a label */
void x64_call_at(X64Buf *b, size_t target);  /* call rel32 to code offset target (< max) */
void x64_jmp_r(X64Buf *b, X64Reg r);         /* jmp r */
void x64_jmp_m(X64Buf *b, X64Mem m);         /* jmp qword ptr [m] */
void x64_call_r(X64Buf *b, X64Reg r);        /* call r */
void x64_call_m(X64Buf *b, X64Mem m);        /* call qword ptr [m] */
void x64_ret(X64Buf *b);                     /* ret */

/* -- Moves ------------------------------------------------------------------------ */

void x64_mov_rr(X64Buf *b, X64Reg dst, X64Reg src);      /* mov r, r */
void x64_mov_rm(X64Buf *b, X64Reg dst, X64Mem m);        /* mov r, qword ptr [m] */
void x64_mov_mr(X64Buf *b, X64Mem m, X64Reg src);        /* mov qword ptr [m], r */
void x64_mov_ri32(X64Buf *b, X64Reg dst, int32_t imm);   /* mov r, i32 (sign-extended) */
void x64_movabs_ri(X64Buf *b, X64Reg dst, int64_t imm);  /* movabs r, i64 (always 10 bytes) */
/* mov r, imm in its shortest form: mov r32, i32 (zero-extends) when imm fits 32 unsigned
 * bits, else mov r, i32 sign-extended, else movabs. Flags are untouched in every case. */
void x64_mov_ri(X64Buf *b, X64Reg dst, int64_t imm);
void x64_mov_mi32(X64Buf *b, X64Mem m, int32_t imm);     /* mov qword ptr [m], i32 */
void x64_mov32_mi(X64Buf *b, X64Mem m, int32_t imm);     /* mov dword ptr [m], i32 */
void x64_mov32_rm(X64Buf *b, X64Reg dst, X64Mem m);      /* mov r32, dword ptr [m] (zero-ext) */
void x64_mov32_mr(X64Buf *b, X64Mem m, X64Reg src);      /* mov dword ptr [m], r32 */
void x64_movsxd_rm(X64Buf *b, X64Reg dst, X64Mem m);     /* movsxd r, dword ptr [m] */
/* The zero-extending loads write the 32-bit register, which clears bits 32..63 anyway. */
void x64_movzx8_rm(X64Buf *b, X64Reg dst, X64Mem m);     /* movzx r32, byte ptr [m] */
void x64_movzx16_rm(X64Buf *b, X64Reg dst, X64Mem m);    /* movzx r32, word ptr [m] */
void x64_movsx8_rm(X64Buf *b, X64Reg dst, X64Mem m);     /* movsx r, byte ptr [m] */
void x64_movsx16_rm(X64Buf *b, X64Reg dst, X64Mem m);    /* movsx r, word ptr [m] */
void x64_movzx8_rr(X64Buf *b, X64Reg dst, X64Reg src);   /* movzx r32, r8 (spl..dil via REX) */
void x64_lea(X64Buf *b, X64Reg dst, X64Mem m);           /* lea r, [m] */
void x64_push(X64Buf *b, X64Reg r);                      /* push r */
void x64_pop(X64Buf *b, X64Reg r);                       /* pop r */

/* -- Integer arithmetic ----------------------------------------------------------- */

/* The ALU group; op is add, or, and, sub, xor or cmp. Immediates take the 83 /d ib form
 * when they fit a signed byte, 81 /d id otherwise. */
void x64_alu_rr(X64Buf *b, X64Alu op, X64Reg dst, X64Reg src);  /* op r, r */
void x64_alu_rm(X64Buf *b, X64Alu op, X64Reg dst, X64Mem m);    /* op r, qword ptr [m] */
void x64_alu_mr(X64Buf *b, X64Alu op, X64Mem m, X64Reg src);    /* op qword ptr [m], r */
void x64_alu_ri(X64Buf *b, X64Alu op, X64Reg dst, int32_t imm); /* op r, i8 / op r, i32 */
void x64_alu_mi(X64Buf *b, X64Alu op, X64Mem m, int32_t imm);   /* op qword ptr [m], i8/i32 */

/* Named forms: x64_add_rr(b, dst, src) is x64_alu_rr(b, X64_ALU_add, dst, src), and so on
 * for add, or, and, sub, xor, cmp with _rr, _rm, _mr, _ri, _mi. */
#define X64_ALU_WRAP(name, d, mr, rm) \
  static inline void x64_##name##_rr(X64Buf *b, X64Reg dst, X64Reg src) \
  { x64_alu_rr(b, X64_ALU_##name, dst, src); } \
  static inline void x64_##name##_rm(X64Buf *b, X64Reg dst, X64Mem m) \
  { x64_alu_rm(b, X64_ALU_##name, dst, m); } \
  static inline void x64_##name##_mr(X64Buf *b, X64Mem m, X64Reg src) \
  { x64_alu_mr(b, X64_ALU_##name, m, src); } \
  static inline void x64_##name##_ri(X64Buf *b, X64Reg dst, int32_t imm) \
  { x64_alu_ri(b, X64_ALU_##name, dst, imm); } \
  static inline void x64_##name##_mi(X64Buf *b, X64Mem m, int32_t imm) \
  { x64_alu_mi(b, X64_ALU_##name, m, imm); }
X64_ALU_OPS(X64_ALU_WRAP)
#undef X64_ALU_WRAP

void x64_test_rr(X64Buf *b, X64Reg a, X64Reg c);        /* test r, r */
void x64_test_ri(X64Buf *b, X64Reg r, int32_t imm);     /* test r, i32 */
void x64_imul_rr(X64Buf *b, X64Reg dst, X64Reg src);    /* imul r, r */
void x64_imul_rm(X64Buf *b, X64Reg dst, X64Mem m);      /* imul r, qword ptr [m] */
void x64_imul_rri(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm); /* imul r, r, i8 / i32 */
void x64_neg(X64Buf *b, X64Reg r);                      /* neg r */
void x64_not(X64Buf *b, X64Reg r);                      /* not r */
void x64_cqo(X64Buf *b);                                /* cqo (rdx:rax = sign-extended rax) */
void x64_idiv(X64Buf *b, X64Reg r);                     /* idiv r (rax, rdx = rdx:rax / r) */
void x64_imul1(X64Buf *b, X64Reg r);                    /* imul r (rdx:rax = rax * r, signed) */
void x64_mul1(X64Buf *b, X64Reg r);                     /* mul r (rdx:rax = rax * r, unsigned) */

/* Shifts; count 0..63 (X64_ERR_OPERAND otherwise); a count of 1 takes the short D1 form. */
void x64_shift_ri(X64Buf *b, X64Shift op, X64Reg r, uint8_t count); /* op r, i8 */
void x64_shift_rcl(X64Buf *b, X64Shift op, X64Reg r);                /* op r, cl */
#define X64_SHIFT_WRAP(name, d) \
  static inline void x64_##name##_ri(X64Buf *b, X64Reg r, uint8_t count) \
  { x64_shift_ri(b, X64_SHIFT_##name, r, count); } \
  static inline void x64_##name##_rcl(X64Buf *b, X64Reg r) \
  { x64_shift_rcl(b, X64_SHIFT_##name, r); }
X64_SHIFT_OPS(X64_SHIFT_WRAP)
#undef X64_SHIFT_WRAP

void x64_setcc(X64Buf *b, X64Cond cc, X64Reg r);    /* setCC r8 (low byte only) */
void x64_setcc_zx(X64Buf *b, X64Cond cc, X64Reg r); /* setCC r8; movzx r32, r8: r = 0 or 1 */
void x64_cmov_rr(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src); /* cmovCC r, r */
void x64_cmov_rm(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m);   /* cmovCC r, qword ptr [m] */

/* -- Padding and traps ------------------------------------------------------------ */

void x64_nop(X64Buf *b, size_t n);      /* n bytes of the recommended multi-byte NOPs */
void x64_align(X64Buf *b, size_t a);    /* NOPs up to a multiple of a (a power of 2, <= 4096) */
void x64_int3(X64Buf *b);               /* int3 */
void x64_ud2(X64Buf *b);                /* ud2 */

/* -- SSE2 doubles ------------------------------------------------------------------ */

void x64_movsd_xm(X64Buf *b, X64Xmm dst, X64Mem m);   /* movsd x, qword ptr [m] */
void x64_movsd_mx(X64Buf *b, X64Mem m, X64Xmm src);   /* movsd qword ptr [m], x */
void x64_movsd_xx(X64Buf *b, X64Xmm dst, X64Xmm src); /* movsd x, x (merges the low half) */
void x64_movapd_xx(X64Buf *b, X64Xmm dst, X64Xmm src); /* movapd x, x (whole-register copy:
                                                        * no dependency on dst's old value) */
void x64_movq_xr(X64Buf *b, X64Xmm dst, X64Reg src);  /* movq x, r */
void x64_movq_rx(X64Buf *b, X64Reg dst, X64Xmm src);  /* movq r, x */
void x64_movd_mx(X64Buf *b, X64Mem m, X64Xmm src);    /* movd dword ptr [m], x (low 32 bits) */
void x64_cvtsi2sd(X64Buf *b, X64Xmm dst, X64Reg src); /* cvtsi2sd x, r */
void x64_cvttsd2si(X64Buf *b, X64Reg dst, X64Xmm src); /* cvttsd2si r, x */

/* The scalar-double group; op is addsd, subsd, mulsd, divsd, sqrtsd, ucomisd, xorpd or andpd.
 * The memory operand is a qword, but a whole xmmword for xorpd and andpd, which must be 16-byte
 * aligned. */
void x64_sse_xx(X64Buf *b, X64Sse op, X64Xmm dst, X64Xmm src); /* op x, x */
void x64_sse_xm(X64Buf *b, X64Sse op, X64Xmm dst, X64Mem m);   /* op x, qword ptr [m] (xmmword) */
#define X64_SSE_WRAP(name, p, op) \
  static inline void x64_##name##_xx(X64Buf *b, X64Xmm dst, X64Xmm src) \
  { x64_sse_xx(b, X64_SSE_##name, dst, src); } \
  static inline void x64_##name##_xm(X64Buf *b, X64Xmm dst, X64Mem m) \
  { x64_sse_xm(b, X64_SSE_##name, dst, m); }
X64_SSE_OPS(X64_SSE_WRAP)
#undef X64_SSE_WRAP

#endif
