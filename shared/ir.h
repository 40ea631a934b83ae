/* ir.h: the trace IR, shared by the recorder (frontend/) and the compiler server.
 *
 * A trace is a linear SSA list of 16-byte instructions. An operand is a 32-bit ref: below
 * IR_CONST_BASE it names an earlier instruction, from IR_CONST_BASE on it names an entry of the
 * trace's constant table. Constants are symbols, never addresses (a type by name or by
 * (module, qualname, content hash), a helper by name, a code object by its content hash, a
 * global by (module, name)), so the same program traced in two processes gives byte-identical
 * traces that the server can deduplicate by content. Each guard carries a snapshot: the
 * interpreter frames (outermost first) and what each of their slots holds at the guard.
 *
 * Every array of a trace is bounded by a named constant below; the builder reports overflow
 * through a sticky status (ir_trace_status) and never writes out of bounds. ir_validate checks
 * everything an optimizer relies on; the wire decoder runs it on every trace it receives.
 */
#ifndef PJS_IR_H
#define PJS_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* -- Limits ------------------------------------------------------------------- */
/* PyPy's trace_limit defaults to 6000 ops; the recorder aborts past it, so 8192 leaves room
   for guards and merge points the limit does not count. */
#define IR_OPS_MAX 8192u
/* Distinct constants: far more than any 6000-op trace uses (most operands are values). */
#define IR_CONSTS_MAX 4096u
/* Bytes of all symbol names and string constants of one trace. */
#define IR_STRPOOL_MAX 65536u
/* Refs in all argument lists (LABEL/JUMP inputs, calls with more than 2 args, tuples). */
#define IR_ARGS_MAX 16384u
/* One argument list: loop inputs are frame slots, bounded by the frames' sizes. */
#define IR_ARGLIST_MAX 1024u
/* Snapshots: at most one per guard; snapshot indexes fit the 16-bit snap_or_aux field. */
#define IR_SNAPSHOTS_MAX 8192u
/* Frames of one snapshot: the inlining depth the recorder allows, plus the outer frame. */
#define IR_SNAP_DEPTH_MAX 16u
/* Frames of all snapshots together. */
#define IR_SNAP_FRAMES_MAX 32768u
/* Slots (locals + value stack) of one frame in a snapshot. */
#define IR_FRAME_SLOTS_MAX 4096u
/* Slot entries of all snapshots together (4 bytes each: 1 MiB at most). */
#define IR_SNAP_ENTRIES_MAX 262144u
/* Byte offsets of fields and array bases (GETFIELD's literal; arrays: base in 8-byte units
   in 12 bits of aux). Objects are small; a larger offset is a recorder bug. */
#define IR_FIELD_OFFSET_MAX 65536u
#define IR_ARRAY_BASE_MAX 32760u
/* FRAME_GET/FRAME_SET slot numbers: every frame of the deepest inlining, whole windows. */
#define IR_WINDOW_SLOTS_MAX (IR_SNAP_DEPTH_MAX * IR_FRAME_SLOTS_MAX)

/* -- Refs --------------------------------------------------------------------- */
typedef uint32_t IrRef;
#define IR_CONST_BASE 0x80000000u /* refs >= this name constants: ref - IR_CONST_BASE */
#define IR_NOREF 0xFFFFFFFFu      /* "no operand" where an op allows one (CALL's args) */
#define IR_SNAP_UNCHANGED 0xFFFFFFFEu /* snapshot entry: the slot keeps the value it had */
#define IR_SNAP_DEAD 0xFFFFFFFDu      /* snapshot entry: the slot is dead (not restored) */
#define IR_NOSNAP 0xFFFFu
#define ir_isconst(r) ((r) >= IR_CONST_BASE && (r) < IR_CONST_BASE + IR_CONSTS_MAX)
#define ir_constref(i) (IR_CONST_BASE + (uint32_t)(i))

/* -- Value kinds ---------------------------------------------------------------- */
/* name, prefix of a value's name in jit-log output (PyPy's: i, f, p; a bool is an int). */
#define IR_KINDS(_) _(VOID, 'v') _(INT, 'i') _(FLOAT, 'f') _(REF, 'p') _(BOOL, 'i')

typedef enum {
#define IRK_ENUM(name, ch) IRK_##name,
  IR_KINDS(IRK_ENUM)
#undef IRK_ENUM
  IRK__COUNT,
  /* Only in the op table's result column: the kind is chosen per instruction. */
  IRK_VAR = 0x10, /* INT, FLOAT, REF or BOOL */
  IRK_VARV = 0x11 /* as IRK_VAR, or VOID (calls) */
} IrKind;

/* -- Op table ------------------------------------------------------------------ */
/* Operand modes (columns a, b, c):
 *   ___ none (the operand field must be 0)   lit a literal u32, not a ref
 *   int INT or BOOL value   flt FLOAT value   ref REF value   bol BOOL value   val any value
 *   opt a value or IR_NOREF   cal (CALL's b) a value, an ARGS constant or IR_NOREF
 *   cst a constant whose kind equals operand a's (GUARD_VALUE)
 *   typ SYM_TYPE   hlp SYM_HELPER   cod SYM_CODE   glb SYM_GLOBAL   map SYM_MAP   lst ARGS
 * Flags: G guard (fails to its snapshot)  S carries a snapshot in snap_or_aux  P pure (no
 * effects, result depends only on operands: CSE and folding may apply)  A allocates an object
 * C calls out (a GC point)  M reads memory  W writes memory  E ends the trace.
 * aux (snap_or_aux of an op without S): memory ops: size in bits 0-3 (4 or 8), arrays: base
 * offset / 8 in bits 4-15; DEBUG_MERGE_POINT: inlining depth; every other op: 0.
 *
 * Op layouts beyond the obvious:
 *   INPUT           a loop or bridge input (only before everything else), kind per instruction
 *   LABEL(args)     the loop header; args (an ARGS constant) are the values live around the loop
 *   JUMP(args)      back to the last LABEL, args matching its args in number and kind
 *   FINISH          leave the trace to the interpreter in the state of its snapshot
 *   DEBUG_MERGE_POINT(code, pc, line)       aux = inlining depth (0 = the loop's own frame)
 *   *_OVF           must be followed by GUARD_NO_OVERFLOW or GUARD_OVERFLOW; overflow means
 *                   leaving the tagged range [-2^62, 2^62), where every INT that stands for a
 *                   Python int is (the recorder guards or derives it so; the backend relies on
 *                   it: such a sum or difference never overflows 64 bits)
 *   GUARD_VALUE(x, k)           x equals the constant k
 *   GUARD_CLASS(obj, type)      obj's type is exactly type
 *   GUARD_TYPE_VERSION(type)    type is unchanged since this process linked the code
 *   GUARD_MAP(obj, map)         obj has the instance map (class, attribute names in order)
 *   GUARD_DICT_VERSION(global)  the global's module dict has the keys it had at link time
 *   GUARD_NOT_INVALIDATED       the runtime does not ask compiled code to stop: no collection is
 *                               due (young bytes <= the limit); compiled loops check it once per
 *                               iteration, so the GC runs at the interpreter's safepoints only
 *   FRAME_GET(slot)             the Value in interpreter window slot `slot` (the loop's frame
 *                               starts at slot 0; an inlined frame's slots follow its caller's)
 *   FRAME_SET(slot, v)          stores v there (the optimizer keeps these virtual: exits write
 *                               the frame from their snapshots)
 *   GETFIELD(obj, offset)       SETFIELD(obj, offset, v)         aux = size
 *   GETARRAYITEM(arr, i)        SETARRAYITEM(arr, i, v)          aux = size | base/8 << 4
 *   ARRAYLEN(obj, offset)       the length word at offset        aux = size
 *   CALL(helper, x, y)          x, y optional; or CALL(helper, args) for longer lists
 *   CALL_MAY_FORCE              as CALL; must be followed by GUARD_NOT_FORCED
 *   COND_CALL(cond, helper, x)  calls helper(x) when cond is true
 */
#define IR_OPS(_) \
  /* name               n  result a    b    c    flags */ \
  _(INPUT,              0, VAR,   ___, ___, ___, 0) \
  _(LABEL,              1, VOID,  lst, ___, ___, 0) \
  _(JUMP,               1, VOID,  lst, ___, ___, E) \
  _(FINISH,             0, VOID,  ___, ___, ___, S | E) \
  _(DEBUG_MERGE_POINT,  3, VOID,  cod, lit, lit, 0) \
  _(SAME_AS,            1, VAR,   val, ___, ___, P) \
  /* Integers (int64, wrapping unless _OVF; FLOORDIV/MOD round toward -inf as Python) */ \
  _(INT_ADD,            2, INT,   int, int, ___, P) \
  _(INT_SUB,            2, INT,   int, int, ___, P) \
  _(INT_MUL,            2, INT,   int, int, ___, P) \
  _(INT_ADD_OVF,        2, INT,   int, int, ___, 0) \
  _(INT_SUB_OVF,        2, INT,   int, int, ___, 0) \
  _(INT_MUL_OVF,        2, INT,   int, int, ___, 0) \
  _(INT_FLOORDIV,       2, INT,   int, int, ___, P) \
  _(INT_MOD,            2, INT,   int, int, ___, P) \
  _(INT_AND,            2, INT,   int, int, ___, P) \
  _(INT_OR,             2, INT,   int, int, ___, P) \
  _(INT_XOR,            2, INT,   int, int, ___, P) \
  _(INT_LSHIFT,         2, INT,   int, int, ___, P) \
  _(INT_RSHIFT,         2, INT,   int, int, ___, P) \
  _(INT_NEG,            1, INT,   int, ___, ___, P) \
  _(INT_INVERT,         1, INT,   int, ___, ___, P) \
  _(INT_LT,             2, BOOL,  int, int, ___, P) \
  _(INT_LE,             2, BOOL,  int, int, ___, P) \
  _(INT_EQ,             2, BOOL,  int, int, ___, P) \
  _(INT_NE,             2, BOOL,  int, int, ___, P) \
  _(INT_GT,             2, BOOL,  int, int, ___, P) \
  _(INT_GE,             2, BOOL,  int, int, ___, P) \
  _(INT_IS_TRUE,        1, BOOL,  int, ___, ___, P) \
  /* Floats (IEEE double) */ \
  _(FLOAT_ADD,          2, FLOAT, flt, flt, ___, P) \
  _(FLOAT_SUB,          2, FLOAT, flt, flt, ___, P) \
  _(FLOAT_MUL,          2, FLOAT, flt, flt, ___, P) \
  _(FLOAT_TRUEDIV,      2, FLOAT, flt, flt, ___, P) \
  _(FLOAT_NEG,          1, FLOAT, flt, ___, ___, P) \
  _(FLOAT_ABS,          1, FLOAT, flt, ___, ___, P) \
  _(FLOAT_SQRT,         1, FLOAT, flt, ___, ___, P) \
  _(FLOAT_LT,           2, BOOL,  flt, flt, ___, P) \
  _(FLOAT_LE,           2, BOOL,  flt, flt, ___, P) \
  _(FLOAT_EQ,           2, BOOL,  flt, flt, ___, P) \
  _(FLOAT_NE,           2, BOOL,  flt, flt, ___, P) \
  _(FLOAT_GT,           2, BOOL,  flt, flt, ___, P) \
  _(FLOAT_GE,           2, BOOL,  flt, flt, ___, P) \
  _(CAST_INT_TO_FLOAT,  1, FLOAT, int, ___, ___, P) \
  _(CAST_FLOAT_TO_INT,  1, INT,   flt, ___, ___, P) \
  /* Guards */ \
  _(GUARD_TRUE,         1, VOID,  bol, ___, ___, G | S) \
  _(GUARD_FALSE,        1, VOID,  bol, ___, ___, G | S) \
  _(GUARD_VALUE,        2, VOID,  val, cst, ___, G | S) \
  _(GUARD_CLASS,        2, VOID,  ref, typ, ___, G | S | M) \
  _(GUARD_NONNULL,      1, VOID,  ref, ___, ___, G | S) \
  _(GUARD_ISNULL,       1, VOID,  ref, ___, ___, G | S) \
  _(GUARD_NO_OVERFLOW,  0, VOID,  ___, ___, ___, G | S) \
  _(GUARD_OVERFLOW,     0, VOID,  ___, ___, ___, G | S) \
  _(GUARD_TAGGED_INT,   1, VOID,  ref, ___, ___, G | S) \
  _(GUARD_TYPE_VERSION, 1, VOID,  typ, ___, ___, G | S | M) \
  _(GUARD_MAP,          2, VOID,  ref, map, ___, G | S | M) \
  _(GUARD_DICT_VERSION, 1, VOID,  glb, ___, ___, G | S | M) \
  _(GUARD_NOT_INVALIDATED, 0, VOID, ___, ___, ___, G | S | M) \
  _(GUARD_NOT_FORCED,   0, VOID,  ___, ___, ___, G | S) \
  /* Memory */ \
  _(GETFIELD,           2, VAR,   ref, lit, ___, M) \
  _(SETFIELD,           3, VOID,  ref, lit, val, W) \
  _(GETARRAYITEM,       2, VAR,   ref, int, ___, M) \
  _(SETARRAYITEM,       3, VOID,  ref, int, val, W) \
  _(ARRAYLEN,           2, INT,   ref, lit, ___, M) \
  _(STRLEN,             1, INT,   ref, ___, ___, P) \
  /* Boxing and allocation (BOX_INT: the recorder has guarded the tagged range) */ \
  _(UNBOX_INT,          1, INT,   ref, ___, ___, P) \
  _(BOX_INT,            1, REF,   int, ___, ___, P) \
  _(UNBOX_FLOAT,        1, FLOAT, ref, ___, ___, P) \
  _(NEW_FLOAT,          1, REF,   flt, ___, ___, A) \
  _(NEW_INSTANCE,       1, REF,   typ, ___, ___, A) \
  _(NEW_TUPLE,          1, REF,   lst, ___, ___, A) \
  /* The interpreter's frame window (slots are Values: tagged ints or pointers) */ \
  _(FRAME_GET,          1, REF,   lit, ___, ___, M) \
  _(FRAME_SET,          2, VOID,  lit, ref, ___, W) \
  /* Calls to runtime helpers */ \
  _(CALL,               3, VARV,  hlp, cal, opt, C | M | W) \
  _(CALL_MAY_FORCE,     3, VARV,  hlp, cal, opt, C | M | W) \
  _(COND_CALL,          3, VOID,  bol, hlp, opt, C | M | W)

typedef enum {
#define IR_ENUM(name, n, k, a, b, c, f) IR_##name,
  IR_OPS(IR_ENUM)
#undef IR_ENUM
  IR__COUNT
} IrOp;

enum {
  IRF_GUARD = 1 << 0, IRF_SNAP = 1 << 1, IRF_PURE = 1 << 2, IRF_ALLOC = 1 << 3,
  IRF_CALL = 1 << 4, IRF_LOAD = 1 << 5, IRF_STORE = 1 << 6, IRF_END = 1 << 7
};

#define IR_MODES(_) \
  _(___) _(lit) _(int) _(flt) _(ref) _(bol) _(val) _(opt) _(cal) _(cst) \
  _(typ) _(hlp) _(cod) _(glb) _(map) _(lst)

typedef enum {
#define IRM_ENUM(m) IRM_##m,
  IR_MODES(IRM_ENUM)
#undef IRM_ENUM
  IRM__COUNT
} IrMode;

extern const char *const ir_op_name[IR__COUNT];   /* "INT_ADD" */
extern const uint8_t ir_op_nops[IR__COUNT];       /* operands used: 0..3 */
extern const uint8_t ir_op_kind[IR__COUNT];       /* IrKind, or IRK_VAR / IRK_VARV */
extern const uint8_t ir_op_mode[IR__COUNT][3];    /* IrMode per operand */
extern const uint8_t ir_op_flags[IR__COUNT];      /* IRF_* */
extern const char ir_kind_prefix[IRK__COUNT];
extern const char *const ir_kind_name[IRK__COUNT];

/* -- Instructions ---------------------------------------------------------------- */
typedef struct IrIns {
  uint8_t op;           /* IrOp */
  uint8_t kind;         /* IrKind of the result */
  uint16_t snap_or_aux; /* snapshot index if the op has IRF_SNAP, else aux (see the table) */
  uint32_t a, b, c;     /* operands (refs, literals, or 0 when unused) */
} IrIns;

#define IR_AUX_ARRAY(size, base) ((uint16_t)((size) | (((base) / 8u) << 4)))

/* -- Constants --------------------------------------------------------------------- */
/* name, value kind when used as an operand (VOID: only usable where a mode names it). */
#define IR_CONST_KINDS(_) \
  _(INT, INT) _(FLOAT, FLOAT) _(NONE, REF) _(TRUE, REF) _(FALSE, REF) \
  _(SYM_TYPE, REF) _(SYM_HELPER, VOID) _(SYM_STR, REF) _(SYM_CODE, REF) \
  _(SYM_GLOBAL, REF) _(SYM_MAP, REF) _(ARGS, VOID)

typedef enum {
#define IRC_ENUM(name, k) IRC_##name,
  IR_CONST_KINDS(IRC_ENUM)
#undef IRC_ENUM
  IRC__COUNT
} IrConstKind;

extern const char *const ir_const_kind_name[IRC__COUNT];
extern const uint8_t ir_const_value_kind[IRC__COUNT];

typedef struct IrSpan { uint32_t off, len; } IrSpan; /* bytes of the string pool, or args */

/* One layout for every kind; fields a kind does not use are zero (so equal constants are
 * equal bytes). Which field holds what:
 *   INT: u.i   FLOAT: u.bits   NONE/TRUE/FALSE: nothing
 *   SYM_TYPE  sub 0 (built-in): s[0] name.  sub 1 (class): s[0] module, s[1] qualname, u.hash
 *   SYM_HELPER: s[0] name   SYM_STR: s[0] bytes
 *   SYM_GLOBAL: s[0] module, s[1] name (empty: the module itself); as a value, what the name is
 *            bound to when the code is linked (valid under GUARD_DICT_VERSION)
 *   SYM_CODE: u.hash (the code's content hash); s[0] name, s[1] file, n first line (for logs)
 *   SYM_MAP: n = index of the class's SYM_TYPE constant (an earlier one), s[0] attribute
 *            names in order, separated by NUL bytes
 *   ARGS: s[0] = span of the trace's args array (refs)
 */
typedef struct IrConst {
  uint8_t kind; /* IrConstKind */
  uint8_t sub;
  uint16_t reserved;
  uint32_t n;
  IrSpan s[2];
  union { int64_t i; uint64_t bits; uint8_t hash[16]; } u;
} IrConst;

enum { IR_TYPE_BUILTIN = 0, IR_TYPE_CLASS = 1 };

/* -- Snapshots ---------------------------------------------------------------------- */
/* Frames and entries of snapshot k follow those of snapshot k-1, so the starts are implied
   by the counts (and checked by ir_validate). */
typedef struct IrSnapFrame {
  IrRef code;      /* SYM_CODE constant */
  uint32_t pc;     /* where the interpreter resumes in this frame */
  uint32_t nslots; /* locals + value stack entries, each one snapshot entry */
} IrSnapFrame;

typedef struct IrSnap {
  uint32_t frame_start, nframes; /* in IrTrace.frames, outermost first */
  uint32_t entry_start, nentries; /* in IrTrace.entries: sum of the frames' nslots */
} IrSnap;

/* -- Status ------------------------------------------------------------------------ */
#define IR_STATUSES(_) \
  _(OK, "ok") \
  _(NOMEM, "out of memory") \
  _(TOO_MANY_OPS, "more than IR_OPS_MAX instructions") \
  _(TOO_MANY_CONSTS, "more than IR_CONSTS_MAX constants") \
  _(STRPOOL_FULL, "string pool over IR_STRPOOL_MAX bytes") \
  _(TOO_MANY_ARGS, "argument lists over IR_ARGS_MAX / IR_ARGLIST_MAX") \
  _(TOO_MANY_SNAPSHOTS, "more than IR_SNAPSHOTS_MAX snapshots") \
  _(TOO_MANY_FRAMES, "snapshot frames over IR_SNAP_FRAMES_MAX / IR_SNAP_DEPTH_MAX") \
  _(TOO_MANY_ENTRIES, "snapshot entries over IR_SNAP_ENTRIES_MAX / IR_FRAME_SLOTS_MAX") \
  _(MISUSE, "builder API misuse") \
  _(BAD_OP, "unknown op") \
  _(BAD_OPERAND_COUNT, "operand present beyond the op's arity, or missing") \
  _(BAD_RESULT_KIND, "result kind does not fit the op") \
  _(BAD_OPERAND_KIND, "operand of the wrong kind") \
  _(SSA_ORDER, "operand used before it is defined") \
  _(BAD_CONST_REF, "constant ref out of range") \
  _(BAD_CONST, "malformed constant") \
  _(BAD_AUX, "aux field or literal out of range") \
  _(BAD_SNAPSHOT, "guard without a valid snapshot, or malformed snapshot") \
  _(BAD_SNAP_ENTRY, "snapshot entry out of range or defined after its guard") \
  _(BAD_STRUCTURE, "trace structure (INPUT, LABEL, JUMP/FINISH, overflow guards)")

typedef enum {
#define IRS_ENUM(name, text) IR_S_##name,
  IR_STATUSES(IRS_ENUM)
#undef IRS_ENUM
  IR_S__COUNT
} IrStatus;

const char *ir_status_name(IrStatus s); /* "TOO_MANY_OPS" */
const char *ir_status_text(IrStatus s); /* "more than IR_OPS_MAX instructions" */

/* -- The trace -------------------------------------------------------------------- */
enum { IR_TRACE_BRIDGE = 1u << 0 }; /* starts at a guard of a parent; no LABEL required */
#define IR_TRACE_FLAGS_KNOWN IR_TRACE_BRIDGE

typedef struct IrTrace {
  IrIns *ins;           uint32_t nins,     cap_ins;
  IrConst *consts;      uint32_t nconsts,  cap_consts;
  char *strpool;        uint32_t nstr,     cap_str;
  IrRef *args;          uint32_t nargs,    cap_args;
  IrSnap *snaps;        uint32_t nsnaps,   cap_snaps;
  IrSnapFrame *frames;  uint32_t nframes,  cap_frames;
  IrRef *entries;       uint32_t nentries, cap_entries;
  /* The loop key's trace-side part. */
  uint8_t code_hash[16];
  uint32_t pc;
  uint32_t flags; /* IR_TRACE_* */
  /* Builder state. */
  IrStatus status;      /* first error; once set, builder calls do nothing */
  bool snap_open;
  uint32_t snap_pending; /* entries the open snapshot's last frame still expects */
  uint32_t *chash;      /* constant dedup index (built lazily): const index + 1, 0 = free */
} IrTrace;

void ir_trace_init(IrTrace *t);
void ir_trace_free(IrTrace *t); /* leaves an empty, initialized trace */
static inline IrStatus ir_trace_status(const IrTrace *t) { return t->status; }

/* Instructions. Returns the new instruction's ref, or IR_NOREF when the trace is full or in
 * error (the status says which). Operands beyond the op's arity must be 0. ir_emit uses the
 * op's table kind and aux 0; ops of variable kind (IRK_VAR) and ops with aux use ir_emit_k. */
IrRef ir_emit(IrTrace *t, IrOp op, IrRef a, IrRef b, IrRef c);
IrRef ir_emit_k(IrTrace *t, IrOp op, IrKind kind, uint16_t aux, IrRef a, IrRef b, IrRef c);
IrRef ir_guard(IrTrace *t, IrOp op, IrRef a, IrRef b, uint32_t snap);
IrRef ir_input(IrTrace *t, IrKind kind);

/* Constants, deduplicated: equal content gives the same ref. IR_NOREF on overflow. */
IrRef ir_const_int(IrTrace *t, int64_t v);
IrRef ir_const_float(IrTrace *t, double v); /* by bits: 0.0 and -0.0 are distinct */
IrRef ir_const_none(IrTrace *t);
IrRef ir_const_bool(IrTrace *t, bool v);
IrRef ir_const_builtin_type(IrTrace *t, const char *name);
IrRef ir_const_class(IrTrace *t, const char *module, const char *qualname, const uint8_t hash[16]);
IrRef ir_const_helper(IrTrace *t, const char *name);
IrRef ir_const_str(IrTrace *t, const char *bytes, size_t len);
IrRef ir_const_code(IrTrace *t, const uint8_t hash[16], const char *name, const char *file,
                    uint32_t firstline);
IrRef ir_const_global(IrTrace *t, const char *module, const char *name);
IrRef ir_const_map(IrTrace *t, IrRef cls, const char *const *names, uint32_t n);
IrRef ir_const_args(IrTrace *t, const IrRef *refs, uint32_t n);
const IrConst *ir_const_get(const IrTrace *t, IrRef r); /* NULL unless r names a constant */
/* Constant r of src as a constant of dst (any kind but ARGS, whose refs need mapping). */
IrRef ir_const_copy(IrTrace *dst, const IrTrace *src, IrRef r);

/* Snapshots: begin, then per frame (outermost first) ir_snapshot_frame followed by exactly
 * nslots ir_snapshot_entry calls (a ref, IR_SNAP_UNCHANGED or IR_SNAP_DEAD), then end.
 * begin returns the snapshot index for ir_guard (IR_NOSNAP on error). */
uint32_t ir_snapshot_begin(IrTrace *t);
void ir_snapshot_frame(IrTrace *t, IrRef code, uint32_t pc, uint32_t nslots);
void ir_snapshot_entry(IrTrace *t, IrRef v);
IrStatus ir_snapshot_end(IrTrace *t);

/* The kind of the value a ref names (VOID for non-values and bad refs). */
IrKind ir_ref_kind(const IrTrace *t, IrRef r);

/* Every rule an optimizer relies on. Returns IR_S_OK, or the status of the first broken rule
 * with a message naming the instruction, constant or snapshot in err. */
IrStatus ir_validate(const IrTrace *t, char *err, size_t errlen);

/* The trace in PyPy's jit-log-noopt textual form. */
void ir_dump(FILE *f, const IrTrace *t);

#endif
