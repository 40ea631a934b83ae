/* blob.h: a compiled trace as stored in the code cache: written by pypy-jitd's backend, checked,
 * linked and run by workers (docs/ARCHITECTURE.md, "Blobs and linking").
 *
 * A blob is position-independent machine code plus its tables, little-endian, no pointers:
 *   BlobHeader | code | BlobImport[] | BlobExit[] | BlobFrame[] | string pool
 * Everything a blob needs from a process (helper addresses, type and string objects, versions)
 * is an import: the worker resolves each one and writes it into the blob's *slots*, a private
 * array of 8-byte words it allocates per linked blob. Code reaches its slots through r13, never
 * through absolute addresses, so the same bytes run in every process and are mapped read+exec
 * from the shared cache, never writable.
 *
 * Register and frame conventions (System V x86-64, all blobs of one process alike):
 *   entry     BlobResult entry(Value *window, uint64_t *slots) at code + entry_off: pushes rbx
 *             rbp r12-r15, reserves BLOB_FRAME_SIZE + 8 bytes (rsp 16-aligned afterwards),
 *             r12 = window, r13 = slots, then falls into code + loop_off.
 *   r12       the interpreter window of the loop's frame (FRAME_GET/FRAME_SET, exits).
 *   r13       this blob's slots. Never changes inside a blob.
 *   [rsp + 8*i], i < BLOB_SPILL_SLOTS: spill slots, shared by a loop and its bridges (a bridge
 *             runs in the frame of the loop it was entered from).
 *   rax rcx rdx rsi rdi r8-r11 xmm0-15 are clobbered by helper calls; rbx rbp r14 r15 are not.
 * Slots: [0, nimports) the imports' values; then two per exit k, at BLOB_EXIT_SLOT(h, k):
 *   target (where exit k continues) and base (the slots that code runs with); then two more,
 *   BLOB_LOOP_SLOT(h): where a bridge's JUMP goes (the root loop's code + loop_off) and that
 *   loop's slots. Unlinked, exit k's target is its own tail at code + exit.tail_off and base is
 *   this blob's slots; linking a bridge to exit k stores the bridge's start and slots there.
 * An exit (failing guard, FINISH) writes its snapshot into the window (boxing unboxed ints and
 * floats), then loads target and base from its two slots into rax and r13 and jumps to rax. A
 * tail returns to the entry's caller: rax = exit index, rdx = slots of the blob it belongs to
 * (BlobResult), after the epilogue (add rsp, pops, ret). A bridge has no prologue: its code
 * starts at code + entry_off and runs in the frame of the loop that jumped to it.
 */
#ifndef PJS_BLOB_H
#define PJS_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

#define BLOB_MAGIC "PJSB"
#define BLOB_VERSION 1u
/* The runtime ABI the code assumes (object layouts, helper signatures, these conventions): part
   of every loop key, so a blob for another ABI is never found. Bump on any change. */
#define BLOB_ABI_VERSION 1u

/* -- Limits ---------------------------------------------------------------------- */
/* Native frame of compiled code: spill slots for the largest trace's simultaneously live
   values (a 6000-op trace rarely has 100 live at once). Fixed so bridges share their loop's. */
#define BLOB_FRAME_SIZE 4096u
#define BLOB_SPILL_SLOTS (BLOB_FRAME_SIZE / 8u)
#define BLOB_IMPORTS_MAX (IR_CONSTS_MAX + 64u)
#define BLOB_EXITS_MAX IR_SNAPSHOTS_MAX
#define BLOB_FRAMES_MAX IR_SNAP_FRAMES_MAX
#define BLOB_STRPOOL_MAX IR_STRPOOL_MAX
/* Machine code of one blob: a 6000-op trace at ~20 bytes per op plus its exit stubs. */
#define BLOB_CODE_MAX (4u << 20)
#define BLOB_SLOTS_MAX (BLOB_IMPORTS_MAX + 2u * BLOB_EXITS_MAX + 2u)

enum { BLOB_F_BRIDGE = 1u << 0 };

typedef struct BlobHeader {
  char magic[4];
  uint32_t version;           /* BLOB_VERSION */
  uint32_t abi_version;       /* BLOB_ABI_VERSION */
  uint32_t flags;             /* BLOB_F_* */
  uint32_t code_off, code_len;
  uint32_t entry_off;         /* loops: the prologue; bridges: the first instruction */
  uint32_t loop_off;          /* loops: after the prologue, where bridges jump back; bridges: 0 */
  uint32_t nimports, imports_off;
  uint32_t nexits, exits_off;
  uint32_t nframes, frames_off;
  uint32_t strpool_off, strpool_len;
} BlobHeader; /* 64 bytes */

/* What an import's slot holds. */
#define BLOB_IMPORT_WHATS(_) \
  _(ADDR, 1)    /* the address of a runtime helper or variable named by s0 (JIT_HELPERS) */ \
  _(VALUE, 2)   /* the object a constant names (None, True, False, a type, a str, a global's */ \
                /* current value, a map) */ \
  _(VERSION, 3) /* a type's version, or a global's module dict version, at link time */ \
  _(VERSION_ADDR, 4) /* the address of that version word (a uint64_t), to compare with VERSION */

typedef enum {
#define BI_ENUM(name, n) BLOB_IMPORT_##name = n,
  BLOB_IMPORT_WHATS(BI_ENUM)
#undef BI_ENUM
} BlobImportWhat;

/* An import: a copy of the IR constant it comes from (kind IrConstKind, sub, n, strings moved
   to the blob's pool; for SYM_MAP, n is the index of the class's import instead of a constant
   index), and what the slot holds. */
typedef struct BlobImport {
  uint32_t what;    /* BlobImportWhat */
  uint32_t kind;    /* IrConstKind */
  uint32_t sub, n;
  uint32_t s0_off, s0_len, s1_off, s1_len;
  uint8_t hash[16]; /* SYM_TYPE classes and SYM_CODE: the content hash; else zero */
} BlobImport; /* 48 bytes */

typedef struct BlobExit {
  uint32_t frame_start, nframes; /* in BlobFrame[]: outermost first */
  uint32_t tail_off;             /* code offset of this exit's tail (returns to the caller) */
  uint32_t ir_index;             /* the guard's or FINISH's instruction in the trace, for logs */
} BlobExit; /* 16 bytes */

/* One interpreter frame to resume: written into the window by the exit before it left. */
typedef struct BlobFrame {
  uint8_t code_hash[16];
  uint32_t pc;     /* instruction index where the interpreter resumes */
  uint32_t base;   /* window slot of the frame's first local (0 for the loop's own frame) */
  uint32_t nslots; /* locals + operand stack depth: the frame's sp is base + nslots */
  uint32_t reserved;
} BlobFrame; /* 32 bytes */

#define BLOB_EXIT_SLOT(h, k) ((h)->nimports + 2u * (uint32_t)(k))
#define BLOB_LOOP_SLOT(h) ((h)->nimports + 2u * (h)->nexits)
#define BLOB_NSLOTS(h) (BLOB_LOOP_SLOT(h) + 2u)

typedef struct BlobResult { uint64_t exit; uint64_t *slots; } BlobResult;
typedef BlobResult (*BlobEntryFn)(uint64_t *window, uint64_t *slots);

/* Checks bytes as a blob, treating them as hostile: magic, versions, every section in bounds
   and in order, every count within its BLOB_*_MAX, every offset inside its section. False with
   a one-line reason in err. */
bool blob_check(const void *bytes, size_t len, char *err, size_t errlen);
/* Points every exit of a blob at its own tail (the blob's slots as base) and clears the loop
   slots; the linker fills the imports and, for a bridge, the loop slots. */
void blob_link_defaults(const BlobHeader *h, const uint8_t *blob_base, uint64_t *slots);

/* Runtime helpers and variables compiled code may import (BLOB_IMPORT_ADDR), by name. Columns:
   name, signature (documentation; arguments by IR kind: FLOAT in xmm, others in integer
   registers, in order). A helper never raises and never collects. */
#define JIT_HELPERS(_) \
  _(float_new,       "Value (double)          a new float box") \
  _(gc_wb,           "void (Obj *)            write barrier: call after storing a Value into obj") \
  _(gc_young_bytes,  "size_t variable         bytes allocated since the last collection") \
  _(gc_limit,        "size_t variable         GUARD_NOT_INVALIDATED fails when young > limit") \
  _(list_append,     "void (Value list, Value v)") \
  _(list_wb,         "void (Value list, int64_t i)  write barrier after storing item i") \
  _(list_iter,       "Value (Value list)      iter(list)") \
  _(range_iter,      "Value (Value range)     iter(range)") \
  _(range_new,       "Value (int64_t start, int64_t stop, int64_t step)  range() of tagged ints, step != 0") \
  _(math_sin,        "double (double)") \
  _(math_cos,        "double (double)") \
  _(math_exp,        "double (double)") \
  _(math_log,        "double (double)") \
  _(float_mod,       "double (double, double)  Python's float %, divisor != 0") \
  _(float_floordiv,  "double (double, double)  Python's float //, divisor != 0") \
  _(float_pow,       "double (double, double)  when the result is a float")

typedef enum {
#define JH_ENUM(name, sig) JIT_H_##name,
  JIT_HELPERS(JH_ENUM)
#undef JH_ENUM
  JIT_H__COUNT
} JitHelper;

#endif
