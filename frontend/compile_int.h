/* compile_int.h: state shared by the compiler's files (not a public interface).
 *
 * A Unit is the code object being built for one scope. Instructions are appended to a growable
 * word array; jump arguments hold label numbers until the unit is assembled (labels resolved,
 * stack depth found by flow analysis, exception table built). Every word also records the
 * exception handler covering it (an index into the unit's handler list, or -1): the compiler
 * keeps a "current handler" while emitting, so the table falls out as runs of equal handlers.
 *
 * Errors are sticky: the first error is recorded in the Compiler and every later emit is a
 * no-op; visit functions return false once an error is pending so callers can stop early.
 */
#ifndef FRONTEND_COMPILE_INT_H
#define FRONTEND_COMPILE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "opcodes.h"

typedef enum { UNIT_MODULE, UNIT_FUNCTION, UNIT_LAMBDA, UNIT_CLASS, UNIT_COMP } UnitKind;

/* Blocks the unwinding of return/break/continue must know about (CPython's fblocks). */
typedef enum {
  FB_WHILE, FB_FOR, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_WITH,
  FB_HANDLER_CLEANUP, FB_POP_VALUE
} FBlockKind;

typedef struct FBlock {
  FBlockKind kind;
  int top, exit;          /* loops: continue and break labels */
  const void *datum;      /* FINALLY_TRY: the finalbody NodeList; HANDLER_CLEANUP: the name */
  int outer_handler;      /* handler current outside this block */
  int depth;              /* statement-level stack depth inside the block */
} FBlock;

typedef struct Handler { int label, depth; } Handler;

/* Open-addressing index from key bytes to table entries (entry + 1; 0 is empty). */
typedef struct HashIndex { int32_t *slots; uint32_t cap; } HashIndex;

/* One constant: the Value, and its canonical bytes (kind tag + payload) used both to merge
   equal constants and to hash the code. */
typedef struct ConstEntry { Value v; unsigned char *key; size_t keylen; bool unique; } ConstEntry;

typedef struct Unit {
  struct Unit *parent;
  UnitKind kind;
  Scope *scope;
  char *name, *qualname;   /* malloc'd */
  const char *private_name; /* innermost enclosing class's name, for mangling; or NULL */
  int firstlineno;
  int flags;
  int argcount, posonlycount, kwonlycount;

  uint32_t *code; int32_t *lines; int32_t *hidx; int ncode, capcode;
  int32_t *labels; int nlabels, caplabels;
  Handler *handlers; int nhandlers, caphandlers;
  int cur_handler;
  int ncaches;

  ConstEntry *consts; int nconsts, capconsts;
  char **names; int nnames, capnames;       /* malloc'd copies */
  HashIndex const_index, name_index;        /* find equal constants and names fast */
  char **locals; int nlocals, ncells, nfree, caplocals; /* localsplus names, malloc'd */
  int32_t *cell_of_arg;                       /* ncells entries */

  FBlock fblocks[COMPILE_MAX_BLOCKS]; int nfblocks;
  int depth;      /* stack items live at statement level (iterators, with exits, handlers) */
  int lineno;     /* line given to emitted words */
} Unit;

typedef struct Compiler {
  SymTable *st;
  const char *filename;
  CompileError *err;
  bool failed;
  int rdepth;     /* recursion depth of the visitors */
  Unit *u;
  bool future_annotations;  /* from __future__ import annotations: never evaluated */
} Compiler;

/* -- compile_unit.c: units, emission, tables, assembly --------------------------------- */
void comp_error(Compiler *c, const Node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void comp_error_kind(Compiler *c, const char *kind, const Node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void comp_nomem(Compiler *c);
bool comp_enter(Compiler *c, UnitKind kind, Scope *scope, const char *name, int firstlineno);
Code *comp_leave(Compiler *c);       /* assembles the current unit, pops it; NULL on error */
void comp_unit_free(Unit *u);
int comp_add_local(Compiler *c, const char *name);   /* localsplus index */

void comp_emit(Compiler *c, Opcode op, int arg);
int comp_new_label(Compiler *c);
void comp_bind(Compiler *c, int label);
void comp_jump(Compiler *c, Opcode op, int label);
int comp_push_handler(Compiler *c, int label, int depth);  /* returns the previous handler */
void comp_set_handler(Compiler *c, int h);

int comp_const(Compiler *c, Value v, const unsigned char *key, size_t keylen, bool unique);
int comp_const_none(Compiler *c);
int comp_const_bool(Compiler *c, bool b);
int comp_const_str(Compiler *c, const char *s, size_t len);
int comp_const_small_int(Compiler *c, int64_t i);
int comp_const_float(Compiler *c, double d);
int comp_const_code(Compiler *c, Code *code);
int comp_const_node(Compiler *c, const Node *constant);  /* an AST Constant */
int comp_const_tuple(Compiler *c, const int *idx, int n); /* a tuple of earlier constants */
int comp_name(Compiler *c, const char *name);
int comp_name_mangled(Compiler *c, const char *name);  /* __x in class C: _C__x */
void comp_load_const_none(Compiler *c);

/* -- compile_expr.c ---------------------------------------------------------------------- */
bool comp_expr(Compiler *c, Node *e);
bool comp_store(Compiler *c, Node *target);          /* stores TOS into an assignment target */
bool comp_delete(Compiler *c, Node *target);
bool comp_cond_jump(Compiler *c, Node *e, bool jump_if, int label);
bool comp_call_helper(Compiler *c, int nfixed, NodeList *args, NodeList *keywords);
bool comp_is_const(const Node *e);
bool comp_call_is_ex(NodeList *args, NodeList *keywords);
bool comp_subscript_key(Compiler *c, Node *slice);

/* -- compile_stmt.c ---------------------------------------------------------------------- */
bool comp_stmt(Compiler *c, Node *s);
bool comp_body(Compiler *c, NodeList *body);
bool comp_push_fblock(Compiler *c, FBlockKind kind, int top, int exit, const void *datum,
                      const Node *at);
void comp_pop_fblock(Compiler *c);

/* -- compile_scope.c: functions, lambdas, classes, comprehensions ------------------------ */
bool comp_function_def(Compiler *c, Node *s);
bool comp_class_def(Compiler *c, Node *s);
bool comp_lambda(Compiler *c, Node *e);
bool comp_comprehension(Compiler *c, Node *e);
void comp_name_op(Compiler *c, const char *name, ExprContext ctx, const Node *at);

/* Recursion guard for the visitors. */
static inline bool comp_descend(Compiler *c, const Node *at)
{
  if (++c->rdepth > COMPILE_MAX_DEPTH) {
    comp_error_kind(c, "RecursionError", at, "maximum recursion depth exceeded during compilation");
    return false;
  }
  return !c->failed;
}
static inline void comp_ascend(Compiler *c) { c->rdepth--; }

#endif
