/* x64_backend_int.h: what the files of the x86-64 backend share (x64_backend.h lists them).
 *
 * A compile runs in passes over one XbGen: the structure check and exit numbering
 * (x64_backend.c), liveness (which values are used where, which ops fuse or need no code),
 * the imports every later pass may name (x64_backend_blob.c), register allocation (each value
 * gets ONE home for its whole life: a register or a spill slot), code, exit stubs, and the blob.
 *
 * Positions are instruction indexes. An instruction reads its operands before it writes its
 * result, so a result may share the register of an operand whose last use is that instruction:
 * every emitter is written for that aliasing. Nothing else is ever clobbered but the scratch
 * registers r11 and xmm15, the two scratch spill slots, and the registers of an instruction's
 * clobber class (XB_CLOBBERS), which the allocator keeps free of values live across it.
 */
#ifndef PJS_X64_BACKEND_INT_H
#define PJS_X64_BACKEND_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "blob.h"
#include "ir.h"
#include "x64_emit.h"

#define XB_NONE UINT32_MAX

/* -- Registers ---------------------------------------------------------------------- */
/* Registers in masks and locations: GPR n is n, XMM n is 16 + n. */
#define XB_XMM(n) (16u + (unsigned)(n))
#define XB_BIT(r) (1u << (r))
#define XB_SCRATCH X64_R11     /* never allocated: operands that live in memory, big immediates */
#define XB_XSCRATCH X64_XMM15  /* never allocated: float temporaries, a parallel move's cycles */

/* Allocatable GPRs in order of preference: caller-saved first, so rbx rbp r14 r15 stay free for
   the values that live across calls (the only GPRs that may). r12, r13 and rsp are the ABI's. */
#define XB_GPR_ORDER(_) \
  _(RAX) _(RCX) _(RDX) _(RSI) _(RDI) _(R8) _(R9) _(R10) _(RBX) _(RBP) _(R14) _(R15)
#define XB_GPR_BIT(r) | XB_BIT(X64_##r)
#define XB_GPR_ALLOC (0u XB_GPR_ORDER(XB_GPR_BIT))
#define XB_XMM_ALLOC 0x7FFF0000u /* xmm0-xmm14 */

/* Instructions that clobber registers: class, GPRs and XMMs clobbered. A value live across one
   (defined before it, used after it) never lives in those registers. */
#define XB_CLOBBERS(_) \
  _(CALL,  0x0FC7u, 0xFFFF0000u) /* a helper call (SysV): rax rcx rdx rsi rdi r8-r11, all xmm */ \
  _(DIV,   0x0007u, 0u)          /* division and modulo: rax rdx, and rcx for a constant's sign */ \
  _(SHIFT, 0x0002u, 0u)          /* a shift by a variable count: rcx */

typedef enum {
#define XB_CL_ENUM(name, g, x) XB_CL_##name,
  XB_CLOBBERS(XB_CL_ENUM)
#undef XB_CL_ENUM
  XB_CL__COUNT,
  XB_CL_NONE = XB_CL__COUNT
} XbClobber;

/* -- The native frame ----------------------------------------------------------------- */
/* Spill slots 0 and 1 (16 bytes at rsp, 16-aligned: room for an andpd/xorpd mask) are scratch
   memory for one instruction; values get slots from XB_SCRATCH_SLOTS on. */
#define XB_SCRATCH_SLOTS 2u
#define XB_SCR0 0u
#define XB_SCR1 1u
#define XB_FRAME_BYTES (BLOB_FRAME_SIZE + 8u) /* + 8: rsp 16-aligned after six pushes */
/* A loop's use of a value counts this many times its use outside the loop (spill choice). */
#define XB_LOOP_WEIGHT 16u
/* Machine code of one blob: the encoder's limit, within the blob's. */
#define XB_CODE_MAX (X64_CODE_MAX < BLOB_CODE_MAX ? X64_CODE_MAX : BLOB_CODE_MAX)
/* Helper calls pass arguments in registers only (SysV: six integer, eight float). */
#define XB_INT_ARGS_MAX 6u
#define XB_FLOAT_ARGS_MAX 8u

/* -- Locations and operands --------------------------------------------------------------- */
enum { XB_NOWHERE, XB_INREG, XB_INMEM };
typedef struct XbLoc {
  uint8_t where; /* XB_NOWHERE (no code reads it), XB_INREG, XB_INMEM */
  uint8_t reg;   /* XB_INREG: 0-15 GPR, 16-31 XMM */
  uint16_t slot; /* XB_INMEM: spill slot */
} XbLoc;

/* Where a value can be read right now: a register, memory (a spill slot, an import slot), or an
   immediate (INT constants; FLOAT constants as their bits). */
enum { XB_O_GPR = 1, XB_O_XMM, XB_O_MEM, XB_O_IMM };
typedef struct XbOp {
  uint8_t kind;
  uint8_t reg; /* XB_O_GPR / XB_O_XMM: 0-15 */
  X64Mem m;
  int64_t imm;
} XbOp;

/* A condition of the flags. ucomisd sets ZF, PF and CF on unordered (a NaN), so == and != of
   floats also need the parity flag. */
enum { XB_C_PLAIN, XB_C_EQ_ORDERED /* E and NP */, XB_C_NE_UNORDERED /* NE or P */ };
typedef struct XbCond { X64Cond cc; uint8_t mode; } XbCond;

/* -- Per-instruction flags ------------------------------------------------------------------ */
enum {
  XB_F_SKIP = 1 << 0,     /* a value nothing uses, from an op without effects: no code */
  XB_F_FUSED = 1 << 1,    /* a comparison only the next GUARD_TRUE/FALSE reads: cmp + jcc */
  XB_F_OVF = 1 << 2,      /* an _OVF op: checked with its guard; its result exists after it */
  XB_F_LABELARG = 1 << 3, /* an argument of the loop's LABEL (a loop-carried value) */
};

/* -- Imports ------------------------------------------------------------------------------- */
/* Imports named without a trace constant: the helpers (JitHelper), then these values. */
enum { XB_N_NONE = JIT_H__COUNT, XB_N_TRUE, XB_N_FALSE, XB_N__COUNT };
#define XB_WHATS 4u /* BlobImportWhat 1..4 */

typedef struct XbImports {
  BlobImport *v;
  uint32_t n, cap;
  int32_t (*of_const)[XB_WHATS]; /* per trace constant and what: its import, -1 */
  int32_t named[XB_N__COUNT];
  char *pool;
  uint32_t npool, cap_pool;
} XbImports;

/* -- The compile ------------------------------------------------------------------------------ */
typedef struct XbGen {
  const IrTrace *t;
  X64Buf b;
  char *err;
  size_t errlen;
  bool failed;
  bool bridge;
  uint32_t target;   /* the LABEL a JUMP goes to (the last one); XB_NONE in bridges */
  /* Per instruction. */
  uint8_t *fl;       /* XB_F_* */
  uint32_t *end;     /* last use; XB_NONE: no use */
  uint32_t *weight;  /* uses, loop uses counting XB_LOOP_WEIGHT */
  uint32_t *busy;    /* registers holding values at it (a superset) */
  XbLoc *loc;
  uint32_t *exit_of; /* guards and FINISH: their exit */
  /* Exits, in instruction order. */
  uint32_t nexits;
  uint32_t *exit_ins;
  X64Label *stub;
  uint32_t *tail_off;
  XbImports im;
  uint32_t nspill;   /* spill slots used, scratch included */
  X64Label loop_label, epilogue;
  uint32_t entry_off, loop_off;
} XbGen;

/* x64_backend.c */
bool xb_fail(XbGen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool xb_in_loop(const XbGen *g, uint32_t i) { return g->target != XB_NONE && i > g->target; }
/* The value an _OVF op's result is allocated at: after its guard. */
static inline uint32_t xb_def_pos(const XbGen *g, uint32_t v) { return v + ((g->fl[v] & XB_F_OVF) ? 1u : 0u); }
XbClobber xb_clobber(const XbGen *g, uint32_t i);
bool xb_is_compare(uint8_t op);

/* x64_backend_ra.c */
bool xb_liveness(XbGen *g);
bool xb_regalloc(XbGen *g);
X64Reg xb_free_gpr(const XbGen *g, uint32_t i); /* an allocatable GPR free at i, or X64_NOREG */

/* x64_backend_blob.c */
bool xb_collect_imports(XbGen *g);
int32_t xb_import(XbGen *g, IrRef c, BlobImportWhat what); /* collected earlier; -1 fails */
int32_t xb_import_named(XbGen *g, uint32_t named);          /* XB_N_* or a JitHelper */
int32_t xb_import_helper(XbGen *g, IrRef c);                 /* a SYM_HELPER constant's ADDR */
bool xb_write_blob(XbGen *g, uint8_t **blob, size_t *len);
void xb_imports_free(XbImports *im);

/* x64_backend_move.c */
static inline X64Mem xb_spill_mem(uint32_t slot) { return x64_mem(X64_RSP, (int32_t)(8u * slot)); }
static inline X64Mem xb_slot_mem(uint32_t slot) { return x64_mem(X64_R13, (int32_t)(8u * slot)); }
static inline X64Mem xb_window_mem(uint32_t slot) { return x64_mem(X64_R12, (int32_t)(8u * slot)); }
XbOp xb_op(XbGen *g, IrRef r);
XbOp xb_loc_op(XbLoc l);
XbOp xb_rhs(XbGen *g, XbOp o, uint32_t scratch_slot);  /* an imm32, register or memory operand */
void xb_load_gpr(XbGen *g, X64Reg dst, XbOp o);
void xb_load_xmm(XbGen *g, X64Xmm dst, XbOp o);        /* an immediate goes through r11 */
X64Reg xb_gpr(XbGen *g, XbOp o, X64Reg scratch);       /* o's register, or o loaded there */
X64Reg xb_dst(const XbGen *g, uint32_t v);              /* v's register, or r11 */
X64Xmm xb_xdst(const XbGen *g, uint32_t v);             /* v's register, or xmm15 */
void xb_put(XbGen *g, uint32_t v, X64Reg src);          /* src into v's home */
void xb_xput(XbGen *g, uint32_t v, X64Xmm src);
void xb_move(XbGen *g, XbOp dst, XbOp src);
bool xb_parallel_move(XbGen *g, XbOp *dst, XbOp *src, uint32_t n);
void xb_call(XbGen *g, uint32_t import, const IrRef *args, uint32_t nargs, uint32_t result);
void xb_test_nonzero(XbGen *g, XbOp o);                 /* flags: NE when o != 0 */

/* x64_backend_ops.c, x64_backend_float.c, x64_backend_div.c, x64_backend_guard.c */
void xb_emit_ins(XbGen *g, uint32_t i);
bool xb_emit_float(XbGen *g, uint32_t i);   /* false: not a float op */
XbCond xb_float_compare(XbGen *g, uint32_t i);
XbCond xb_int_compare(XbGen *g, uint32_t i);
void xb_jump_if(XbGen *g, XbCond c, bool when, X64Label l);
void xb_set_bool(XbGen *g, XbCond c, X64Reg d);
void xb_emit_divmod(XbGen *g, uint32_t i);
bool xb_divisor_is_pow2(const XbGen *g, IrRef b);
bool xb_emit_guard(XbGen *g, uint32_t i);   /* false: not a guard */

/* x64_backend_exit.c */
void xb_emit_prologue(XbGen *g);
void xb_emit_exits(XbGen *g);

#endif
