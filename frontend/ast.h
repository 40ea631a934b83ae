/* ast.h: the abstract syntax tree of Python 3.11 source, as the parser builds it.
 *
 * Node kinds, fields and operator names follow CPython's `ast` module, so a reader who knows
 * `ast.dump()` knows this tree. Every node lives in an Arena and is freed with it; nothing in
 * the tree is owned separately. Identifiers are plain NUL-terminated strings in the arena.
 *
 * Positions: lineno/end_lineno are 1-based lines; col/end_col are 1-based byte columns
 * (CPython's col_offset + 1); end_col points one past the last byte, like CPython's
 * end_col_offset + 1.
 */
#ifndef FRONTEND_AST_H
#define FRONTEND_AST_H

#include <stddef.h>
#include <stdio.h>

/* -- Arena ------------------------------------------------------------------------------ */

/* Bump allocator: a list of chunks, freed all at once. Memory from arena_alloc is zeroed. */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *head;
  size_t total;     /* bytes handed out, for diagnostics */
} Arena;

/* Chunk size: big enough that a typical module needs a few chunks, small enough not to waste
   much for eval("1"). Larger requests get a chunk of their own. */
#define ARENA_CHUNK_SIZE (64 * 1024)

void arena_init(Arena *a);
void arena_free(Arena *a);                      /* frees every chunk; the arena may be reused */
void *arena_alloc(Arena *a, size_t size);       /* zeroed, 16-byte aligned; NULL on OOM */
char *arena_strndup(Arena *a, const char *s, size_t n);  /* NUL-terminated copy; NULL on OOM */

/* -- Operators (one table each: enum name, source spelling) ------------------------------ */

#define AST_BOOLOPS(_) _(And, "and") _(Or, "or")

#define AST_BINOPS(_) \
  _(Add, "+") _(Sub, "-") _(Mult, "*") _(MatMult, "@") _(Div, "/") _(Mod, "%") \
  _(Pow, "**") _(LShift, "<<") _(RShift, ">>") _(BitOr, "|") _(BitXor, "^") \
  _(BitAnd, "&") _(FloorDiv, "//")

#define AST_UNARYOPS(_) _(Invert, "~") _(Not, "not") _(UAdd, "+") _(USub, "-")

#define AST_CMPOPS(_) \
  _(Eq, "==") _(NotEq, "!=") _(Lt, "<") _(LtE, "<=") _(Gt, ">") _(GtE, ">=") \
  _(Is, "is") _(IsNot, "is not") _(In, "in") _(NotIn, "not in")

#define AST_CTXS(_) _(Load, "Load") _(Store, "Store") _(Del, "Del")

#define AST_OP_ENUM(name, text) OP_##name,
typedef enum { AST_BOOLOPS(AST_OP_ENUM) BOOLOP__COUNT } BoolOpKind;
typedef enum { AST_BINOPS(AST_OP_ENUM) BINOP__COUNT } BinOpKind;
typedef enum { AST_UNARYOPS(AST_OP_ENUM) UNARYOP__COUNT } UnaryOpKind;
typedef enum { AST_CMPOPS(AST_OP_ENUM) CMPOP__COUNT } CmpOpKind;
#undef AST_OP_ENUM
#define AST_CTX_ENUM(name, text) CTX_##name,
typedef enum { AST_CTXS(AST_CTX_ENUM) CTX__COUNT } ExprContext;
#undef AST_CTX_ENUM

/* Names as CPython's ast module spells them ("Add", "NotIn"), and source spellings ("+"). */
extern const char *const ast_boolop_names[], *const ast_boolop_text[];
extern const char *const ast_binop_names[], *const ast_binop_text[];
extern const char *const ast_unaryop_names[], *const ast_unaryop_text[];
extern const char *const ast_cmpop_names[], *const ast_cmpop_text[];
extern const char *const ast_ctx_names[];

/* -- Node kinds -------------------------------------------------------------------------- */

/* name, category (MOD = root, STMT, EXPR, HELP = helper node that is neither) */
#define AST_KINDS(_) \
  _(Module, MOD) _(Expression, MOD) \
  _(FunctionDef, STMT) _(ClassDef, STMT) _(Return, STMT) _(Delete, STMT) _(Assign, STMT) \
  _(AugAssign, STMT) _(AnnAssign, STMT) _(For, STMT) _(While, STMT) _(If, STMT) _(With, STMT) \
  _(Raise, STMT) _(Try, STMT) _(Assert, STMT) _(Import, STMT) _(ImportFrom, STMT) \
  _(Global, STMT) _(Nonlocal, STMT) _(Expr, STMT) _(Pass, STMT) _(Break, STMT) \
  _(Continue, STMT) \
  _(BoolOp, EXPR) _(NamedExpr, EXPR) _(BinOp, EXPR) _(UnaryOp, EXPR) _(Lambda, EXPR) \
  _(IfExp, EXPR) _(Dict, EXPR) _(Set, EXPR) _(ListComp, EXPR) _(SetComp, EXPR) \
  _(DictComp, EXPR) _(GeneratorExp, EXPR) _(Yield, EXPR) _(YieldFrom, EXPR) _(Compare, EXPR) \
  _(Call, EXPR) _(FormattedValue, EXPR) _(JoinedStr, EXPR) _(Constant, EXPR) \
  _(Attribute, EXPR) _(Subscript, EXPR) _(Starred, EXPR) _(Name, EXPR) _(List, EXPR) \
  _(Tuple, EXPR) _(Slice, EXPR) \
  _(keyword, HELP) _(arguments, HELP) _(arg, HELP) _(comprehension, HELP) \
  _(excepthandler, HELP) _(alias, HELP) _(withitem, HELP)

typedef enum {
#define AST_KIND_ENUM(name, cat) AST_##name,
  AST_KINDS(AST_KIND_ENUM)
#undef AST_KIND_ENUM
  AST__COUNT
} NodeKind;

typedef enum { AST_CAT_MOD, AST_CAT_STMT, AST_CAT_EXPR, AST_CAT_HELP } NodeCategory;

extern const char *const ast_kind_names[];      /* "FunctionDef", ... */
extern const unsigned char ast_kind_category[]; /* NodeCategory per kind */

/* Constant values. Ints keep their digits as text (underscores and base prefix removed) so the
   runtime can build big ints; the base says how to read them. */
typedef enum {
  CONST_NONE, CONST_TRUE, CONST_FALSE, CONST_ELLIPSIS,
  CONST_INT, CONST_FLOAT, CONST_COMPLEX, CONST_STR, CONST_BYTES
} ConstKind;

typedef struct Node Node;
typedef struct NodeList { Node **items; int count; } NodeList;
typedef struct IdList { const char **items; int count; } IdList;

/* FormattedValue.conversion: -1 for none, else 's', 'r' or 'a'. */
#define AST_CONV_NONE (-1)

struct Node {
  NodeKind kind;
  int lineno, col, end_lineno, end_col;
  union {
    struct { NodeList body; } Module;
    struct { Node *body; } Expression;

    /* args is an `arguments` node; returns may be NULL */
    struct { const char *name; Node *args; NodeList body, decorator_list; Node *returns; } FunctionDef;
    struct { const char *name; NodeList bases, keywords, body, decorator_list; } ClassDef;
    struct { Node *value; } Return;                      /* value may be NULL */
    struct { NodeList targets; } Delete;
    struct { NodeList targets; Node *value; } Assign;    /* a = b = v: targets [a, b] */
    struct { Node *target; BinOpKind op; Node *value; } AugAssign;
    /* simple = 1 when the target is a bare name not in parentheses; value may be NULL */
    struct { Node *target, *annotation, *value; int simple; } AnnAssign;
    struct { Node *target, *iter; NodeList body, orelse; } For;
    struct { Node *test; NodeList body, orelse; } While;
    struct { Node *test; NodeList body, orelse; } If;    /* elif is an If alone in orelse */
    struct { NodeList items; NodeList body; } With;      /* items are withitem nodes */
    struct { Node *exc, *cause; } Raise;                 /* both may be NULL */
    struct { NodeList body, handlers, orelse, finalbody; } Try;
    struct { Node *test, *msg; } Assert;                 /* msg may be NULL */
    struct { NodeList names; } Import;                   /* alias nodes */
    /* module may be NULL ("from . import x"); level = number of leading dots */
    struct { const char *module; NodeList names; int level; } ImportFrom;
    struct { IdList names; } Global;
    struct { IdList names; } Nonlocal;
    struct { Node *value; } Expr;

    struct { BoolOpKind op; NodeList values; } BoolOp;
    struct { Node *target, *value; } NamedExpr;          /* target is a Name (Store) */
    struct { Node *left; BinOpKind op; Node *right; } BinOp;
    struct { UnaryOpKind op; Node *operand; } UnaryOp;
    struct { Node *args; Node *body; } Lambda;
    struct { Node *test, *body, *orelse; } IfExp;
    /* keys.items[i] == NULL means values.items[i] is a `**mapping` */
    struct { NodeList keys, values; } Dict;
    struct { NodeList elts; } Set;
    struct { Node *elt; NodeList generators; } ListComp;  /* generators: comprehension nodes */
    struct { Node *elt; NodeList generators; } SetComp;
    struct { Node *key, *value; NodeList generators; } DictComp;
    struct { Node *elt; NodeList generators; } GeneratorExp;
    struct { Node *value; } Yield;                       /* value may be NULL */
    struct { Node *value; } YieldFrom;
    /* ops has comparators.count entries */
    struct { Node *left; CmpOpKind *ops; NodeList comparators; } Compare;
    struct { Node *func; NodeList args, keywords; } Call; /* args may hold Starred */
    /* format_spec is a JoinedStr or NULL */
    struct { Node *value; int conversion; Node *format_spec; } FormattedValue;
    struct { NodeList values; } JoinedStr;               /* Constant(str) and FormattedValue */
    struct {
      ConstKind kind;
      const char *str;   /* INT: digits (NUL-terminated); STR/BYTES: data (NUL-terminated too) */
      size_t len;        /* STR/BYTES: byte length (data may contain NUL); INT: digit count */
      int base;          /* INT: 10, 16, 8 or 2 */
      double f;          /* FLOAT; COMPLEX: the imaginary part (an imaginary literal) */
    } Constant;
    struct { Node *value; const char *attr; ExprContext ctx; } Attribute;
    struct { Node *value, *slice; ExprContext ctx; } Subscript;  /* slice: expr, Slice, Tuple */
    struct { Node *value; ExprContext ctx; } Starred;
    struct { const char *id; ExprContext ctx; } Name;
    struct { NodeList elts; ExprContext ctx; } List;
    struct { NodeList elts; ExprContext ctx; } Tuple;
    struct { Node *lower, *upper, *step; } Slice;        /* each may be NULL */

    struct { const char *arg; Node *value; } keyword;    /* arg NULL means **value */
    /* kw_defaults has kwonlyargs.count entries, NULL where a kwonly arg has no default;
       defaults belong to the last defaults.count of posonlyargs+args. vararg/kwarg may be NULL */
    struct {
      NodeList posonlyargs, args; Node *vararg; NodeList kwonlyargs, kw_defaults;
      Node *kwarg; NodeList defaults;
    } arguments;
    struct { const char *arg; Node *annotation; } arg;   /* annotation may be NULL */
    struct { Node *target, *iter; NodeList ifs; int is_async; } comprehension;
    struct { Node *type; const char *name; NodeList body; } excepthandler;  /* type, name: NULL ok */
    struct { const char *name, *asname; } alias;         /* name may be dotted or "*" */
    struct { Node *context_expr, *optional_vars; } withitem;  /* optional_vars may be NULL */
  } v;
};

/* Allocates a zeroed node of the kind with the given start position; NULL on OOM. */
Node *ast_new(Arena *a, NodeKind kind, int lineno, int col);

/* Writes the tree like Python's ast.dump(node) (no positions) followed by a newline. */
void ast_dump(FILE *out, const Node *node);
/* Same, into buf (always NUL-terminated, truncated to cap-1 bytes); returns the full length. */
size_t ast_dump_str(char *buf, size_t cap, const Node *node);

#endif
