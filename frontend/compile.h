/* compile.h: the bytecode compiler, from the AST (ast.h) and its scope analysis (symtable.h)
 * to Code objects (object.h) running the bytecode of opcodes.h.
 *
 * One Code per scope: the module, each function, lambda, class body and comprehension. Nested
 * code objects are constants of the enclosing one. Compile errors are Python SyntaxErrors with
 * CPython 3.11's messages and positions; nothing is left allocated when compiling fails.
 */
#ifndef FRONTEND_COMPILE_H
#define FRONTEND_COMPILE_H

#include "ast.h"
#include "object.h"
#include "symtable.h"

/* Nested blocks (loops, try, with, handlers) in one function: CPython's CO_MAXBLOCKS. */
#define COMPILE_MAX_BLOCKS 20
/* Recursion depth of the code generator over nested expressions and statements; the parser
   bounds nesting already (PARSE_MAX_DEPTH), this is the compiler's own guard. */
#define COMPILE_MAX_DEPTH 1000

typedef struct CompileError {
  char kind[24];   /* "SyntaxError" (or "MemoryError", "RecursionError") */
  char msg[256];
  int lineno;      /* 1-based; 0 when unknown */
  int col;         /* 1-based, as the AST's columns */
} CompileError;

/* The module's code (flags CO_MODULE; names are globals), or NULL with *err filled.
   `filename` is copied into the code objects. */
Code *compile_module(Node *module, SymTable *st, const char *filename, CompileError *err);

/* For eval(): an Expression node's code, returning the expression's value. Names resolve like
   module-level code (LOAD_GLOBAL), with CO_MODULE set. */
Code *compile_expression(Node *expression, SymTable *st, const char *filename, CompileError *err);

#endif
