/* frame.h: interpreter frames and generators (internal to the interpreter's files).
 *
 * All frames' locals and operand stacks live in one value stack (vstack), one window per
 * frame: [locals | cells | frees | operand stack]. A Python-to-Python call does not copy its
 * arguments: the callee's window starts where the caller pushed them. Frame records sit in a
 * parallel array indexed by depth. The GC scans each active frame's window up to its saved sp,
 * so the interpreter saves sp before anything that can reach a safepoint.
 */
#ifndef PJS_FRAME_H
#define PJS_FRAME_H

#include "object.h"

typedef struct Generator Generator;

typedef struct Frame {
  Code *code;
  Function *func;       /* NULL for module code */
  Dict *globals, *builtins;
  Dict *ns;             /* LOAD_NAME/STORE_NAME namespace (module: globals; class body: its dict) */
  Value *localsplus;
  Value *stack_base;
  Value *sp;            /* saved operand stack top */
  uint32_t *pc;         /* saved next instruction */
  Value *ret_slot;      /* where a returning callee's result goes in this frame's caller */
  Generator *gen;       /* the generator running in this frame, if any */
  bool entry;           /* return to C when this frame returns */
  bool init;            /* __init__ run for a class call: returns None, the caller gets the
                           instance (kept in *ret_slot, where the class was) */
} Frame;

/* One inline cache per cached instruction. Attribute sites are polymorphic (a method of a base
   class sees instances of its subclasses): ATTR_WAYS entries, each keyed on what decides the
   answer (type version and instance map; for modules, dict version and dict). LOAD_GLOBAL uses
   e[0] only. */
#define ATTR_WAYS 4
typedef struct CacheEntry {
  uint64_t key, key2;
  Value value;
  int32_t index, kind;
} CacheEntry;
typedef struct InlineCache {
  CacheEntry e[ATTR_WAYS];
  uint32_t victim; /* the entry a miss refills next, round robin */
} InlineCache;

enum { GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_DONE };
struct Generator {
  Obj h;
  Function *func;
  Code *code;
  Dict *globals, *builtins;
  Value *saved;          /* malloc'd copy of the window: localsplus then operand stack */
  int32_t nsaved;        /* live values in saved[] */
  int32_t window;        /* nlocalsplus + stacksize */
  uint32_t pc;           /* instruction index to resume at */
  int32_t state;
  Value handled;         /* the exception its frame was handling when it suspended */
  Str *name, *qualname;
};

#endif
