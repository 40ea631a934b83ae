/* symtable.h: scope analysis over the AST (what CPython's symtable.c does).
 *
 * symtable_build walks a Module once to record, per scope, how each name is used, then
 * resolves every name to a NameScope. The compiler then asks, per scope and name, which kind
 * of load/store to emit, and reads the ordered variable lists for code objects.
 *
 * Scopes: the module, each def, lambda, class body, and each comprehension or generator
 * expression (its own function scope in 3.11; its first iterable is evaluated in the
 * enclosing scope and passed in as the parameter ".0").
 *
 * Rules, as CPython 3.11:
 *  - In function-like scopes a name bound anywhere (assignment, augmented assignment, for/with/
 *    except-as targets, del, import, def/class name, parameters, annotated simple names) is
 *    LOCAL, unless declared `global` (GLOBAL_EXPLICIT) or `nonlocal` (FREE).
 *  - A name used but not bound is FREE if an enclosing function scope binds it, else
 *    GLOBAL_IMPLICIT. Class scopes are skipped when resolving free names of inner scopes.
 *  - A LOCAL that an inner scope uses as FREE becomes CELL.
 *  - A walrus target inside a comprehension binds in the nearest enclosing function (or the
 *    module: then GLOBAL_EXPLICIT in the comprehension); it is FREE in the comprehension.
 *  - A function nested in a class that uses `super` or `__class__` gets `__class__` as FREE,
 *    and the class gets the implicit cell `__class__` (Scope.needs_class_cell, and
 *    "__class__" in the class's cellvars).
 *  - In module and class scopes LOCAL/GLOBAL_IMPLICIT names are accessed by name (the compiler
 *    emits *_NAME ops); a class-body name that is FREE is loaded like LOAD_CLASSDEREF.
 */
#ifndef FRONTEND_SYMTABLE_H
#define FRONTEND_SYMTABLE_H

#include "ast.h"
#include "parser.h"

#define SYM_NAMESCOPES(_) \
  _(LOCAL) _(GLOBAL_EXPLICIT) _(GLOBAL_IMPLICIT) _(FREE) _(CELL)

typedef enum {
#define SYM_NS_ENUM(name) NS_##name,
  SYM_NAMESCOPES(SYM_NS_ENUM)
#undef SYM_NS_ENUM
  NS__COUNT
} NameScope;

extern const char *const symtable_namescope_names[];  /* "LOCAL", ... */

typedef enum {
  SCOPE_MODULE, SCOPE_FUNCTION, SCOPE_LAMBDA, SCOPE_CLASS, SCOPE_COMPREHENSION
} ScopeKind;

/* Symbol flags recorded while walking (a symbol can have several). */
enum {
  SYMF_ASSIGNED = 1 << 0,   /* bound by assignment, import, def, class, del, for, with, ... */
  SYMF_PARAM = 1 << 1,
  SYMF_USED = 1 << 2,       /* loaded */
  SYMF_GLOBAL = 1 << 3,     /* `global` declaration (or walrus at module level) */
  SYMF_NONLOCAL = 1 << 4,   /* `nonlocal` declaration (or walrus in a comprehension) */
  SYMF_IMPORT = 1 << 5,
  SYMF_ANNOT = 1 << 6,      /* annotated simple name (x: int) */
  SYMF_COMP_ITER = 1 << 7,  /* comprehension iteration variable */
  SYMF_FREE_CLASS = 1 << 8  /* class scope: bound here and also free in a method */
};

typedef struct Symbol {
  const char *name;
  int flags;
  NameScope scope;
  int lineno, col;    /* first occurrence (for a declaration: the directive) */
} Symbol;

typedef struct Scope Scope;
struct Scope {
  ScopeKind kind;
  const char *name;      /* function/class name, "<lambda>", "<listcomp>", "<module>", ... */
  Node *node;            /* Module, FunctionDef, Lambda, ClassDef, ListComp, SetComp,
                            DictComp or GeneratorExp */
  Scope *parent;
  Scope **children;      /* in source order */
  int nchildren, childcap;

  Symbol *syms;          /* in order of first appearance */
  int nsyms, symcap;
  int *hash;             /* open-addressed index into syms, -1 empty */
  int hashcap;

  /* Function-like scopes (function, lambda, comprehension). Parameter order in varnames
     follows CPython's co_varnames: posonly, regular, keyword-only, then *args, then
     **kwargs; then other LOCAL names (not cells) in order of first appearance. A
     parameter that is a cell is listed both in varnames and cellvars. */
  const char **varnames;
  int nvarnames;
  int argcount;          /* posonly + regular */
  int posonlyargcount, kwonlyargcount;
  int has_varargs, has_varkw;
  int is_generator;      /* contains yield / yield from (generator expressions: always) */

  /* All scopes: names sorted by strcmp, as CPython's co_cellvars / co_freevars. */
  const char **cellvars;
  int ncellvars;
  const char **freevars;  /* class scopes: includes SYMF_FREE_CLASS names */
  int nfreevars;
  int needs_class_cell;   /* class scope: a method uses super / __class__ */
  int child_free;         /* some name is free in this scope or an inner one (ste_free) */
};

typedef struct SymTable {
  Arena *a;
  Scope *top;             /* the module scope */
  Node **map_keys;        /* node -> scope, open addressing */
  Scope **map_vals;
  int mapcap, mapcount;
} SymTable;

/* Builds the table for a Module node. Scopes and names live in arena a (keep it alive while
   the table is used). src/len (may be NULL) give error lines. Returns 0, or -1 with *err
   filled: SyntaxError for misplaced global/nonlocal, "no binding for nonlocal 'x' found",
   duplicate arguments, 'return'/'yield' outside function, 'break' outside loop,
   'continue' not properly in loop, import * in a function, walrus misuse in
   comprehensions; MemoryError when the arena is exhausted. */
int symtable_build(SymTable *st, Arena *a, Node *module, const char *src, size_t len,
                   ParseError *err);

/* The scope a Module/FunctionDef/Lambda/ClassDef/comprehension node opens; NULL otherwise. */
Scope *symtable_scope_of(SymTable *st, const Node *node);

/* How `name` is accessed in scope s. Names the scope never saw are GLOBAL_IMPLICIT. */
NameScope symtable_lookup(const Scope *s, const char *name);

/* The symbol record, or NULL when the scope never saw the name. */
const Symbol *symtable_symbol(const Scope *s, const char *name);

/* Writes every scope and symbol, for debugging and tests. */
void symtable_dump(FILE *out, const SymTable *st);

#endif
