/* jit_rec.h: the recorder's state, shared by jit_record.c (the core: frames, values, snapshots,
 * numbers, branches) and jit_record_obj.c (globals, calls, attributes, lists and tuples).
 *
 * The recorder's picture of the interpreter: one abstract value per window slot, across the
 * loop's frame and the frames of the calls it inlines (a callee's window starts at its first
 * argument, as in the interpreter). A slot is either still what the window holds in memory
 * (`mem`: a snapshot says UNCHANGED; a first use reads it with FRAME_GET) or an IR value the
 * trace computed (a snapshot names it; the exit writes it). Values keep the kind they were
 * computed in: an int is an unboxed INT, a float a FLOAT, a comparison a BOOL.
 */
#ifndef PJS_JIT_REC_H
#define PJS_JIT_REC_H

#include "jit_int.h"

/* Window slots across all frames of a trace. */
#define REC_SLOTS_MAX IR_FRAME_SLOTS_MAX
/* Frames: the loop's own and the calls it inlines. */
#define REC_DEPTH_MAX 8u
/* A ref that stands for NULL in a slot (an unbound local, PUSH_NULL): exits write NULL. */
#define REC_NULL IR_SNAP_DEAD

typedef struct AVal {
  IrRef ref;    /* IR_NOREF: not read yet; REC_NULL: NULL */
  uint8_t kind; /* IRK_REF, IRK_INT, IRK_FLOAT or IRK_BOOL */
  bool mem;     /* the window in memory holds this value */
} AVal;

typedef struct RFrame {
  Code *code;
  Function *func;  /* NULL for the loop's frame */
  IrRef code_const;
  uint32_t base;   /* window slot of local 0 */
  uint32_t nlp;    /* locals + cells + frees */
  uint32_t call_pc; /* the CALL this frame's callee was inlined at (not for the top frame) */
  uint32_t ret_slot; /* inlined frames: where the result goes (the callable's slot) */
  Str *module;     /* __name__ of its globals: where SYM_GLOBAL names resolve */
} RFrame;

typedef struct Rec {
  IrTrace t;
  JitLoop *loop;
  JitLink *parent;
  uint32_t exit;
  Frame *root;
  Value *window;
  RFrame fr[REC_DEPTH_MAX];
  uint32_t nfr;
  uint32_t sp;        /* abstract stack pointer: window slot index */
  uint32_t expect_pc; /* the instruction the interpreter must run next, in frame nfr - 1 */
  uint32_t cur_pc;
  uint32_t snap;      /* snapshot of cur_pc's state, or IR_NOSNAP */
  uint32_t steps;     /* instructions recorded */
  bool skip_unpack;   /* the next instruction is an UNPACK_SEQUENCE already accounted for */
  AVal slots[REC_SLOTS_MAX];
} Rec;

extern Rec *rec;
#define T (&rec->t)
static inline RFrame *top_frame(void) { return &rec->fr[rec->nfr - 1]; }
static inline Value concrete(uint32_t slot) { return rec->window[slot]; }

/* jit_record.c */
bool rec_push_frame(Code *co, Function *fn, Dict *globals, uint32_t base, uint32_t ret_slot);
uint32_t rec_snapshot(void);
void rec_guard(IrOp op, IrRef a, IrRef b);
void rec_guard_true(IrRef cond, bool holds);
IrRef rec_type_const(Type *t);    /* IR_NOREF for a type without a symbol */
IrRef rec_slot_ref(uint32_t slot);
IrRef rec_as_int(uint32_t slot);
IrRef rec_as_float(uint32_t slot);
IrRef rec_boxed(uint32_t slot);   /* IR_NOREF: cannot be boxed (a BOOL) */
void rec_push(IrRef ref, IrKind kind);
void rec_drop(uint32_t n);

/* jit_record_obj.c: each returns false for what it does not handle (the recording aborts). */
bool rec_load_global(uint32_t arg);
bool rec_cell(int op, uint32_t arg); /* LOAD_DEREF, STORE_DEREF, LOAD_CLOSURE */
bool rec_call(uint32_t arg);
bool rec_return(void);
bool rec_load_attr(uint32_t arg, bool method);
bool rec_store_attr(uint32_t arg);
bool rec_subscr(void);
bool rec_store_subscr(void);
bool rec_unpack(uint32_t arg);
bool rec_for_iter_list(void);
bool rec_get_iter(void);
bool rec_for_iter_enumerate(void);
bool rec_is_op(uint32_t arg);
bool rec_list_append(uint32_t arg);

#endif
