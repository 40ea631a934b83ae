/* parser.c: recursive-descent parser for Python 3.11, producing the AST of ast.h.
 *
 * One function per grammar rule, named after the rule in CPython's Grammar/python.gram. The
 * grammar is LL(1) almost everywhere once assignment is handled the classic way: a statement
 * starting with an expression is parsed as an expression, and turned into a target (ctx Store)
 * when '=', ':' or an augmented operator follows. The one place that needs a look further
 * ahead, `with (a as b, c):`, scans tokens to the matching ')'.
 *
 * Every function returns NULL after an error; the first error recorded wins, except that a
 * tokenizer error wins over a parser error (CPython reports tokenizer errors as soon as it
 * reads the bad token, and scans the rest of the file for them after a parser error).
 * f-string replacement fields are parsed by a child Parser over the field's text whose
 * positions are shifted into the enclosing source.
 *
 * Split: this file holds the token machinery, errors and expressions; statements follow at
 * the end under their own ruler.
 */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

typedef struct Vec { Node **items; int count, cap; } Vec;

typedef struct Parser {
  Arena *a;
  Lexer lx;
  /* Tokens read so far, in fixed blocks so that Token pointers stay valid while more are
     read (parse functions hold them across calls). */
  Token **blocks;
  int nblocks, blockcap;
  int ntoks, pos;
  Token dummy;              /* returned when the token buffer cannot grow */
  ParseError *err;
  int failed;               /* an error has been recorded in *err */
  int lex_failed;           /* a TOK_ERROR token was read */
  int *depth;               /* shared with child parsers so nesting counts across f-strings */
  int depth_store;
  const char *root;         /* whole normalised source: error lines come from here */
  size_t root_len;
  int line_shift, col_shift;  /* child parsers: position of their text in the root */
  int fstring;              /* child parser of an f-string field: prefix messages */
  Node *last_expr;          /* the expression completed last, for the "forgot a comma?" hint */
} Parser;

/* -- Tokens ------------------------------------------------------------------------------- */

static void shift_pos(Parser *p, int *line, int *col) {
  if (*line == 1) *col += p->col_shift;
  *line += p->line_shift;
}

#define TOK_BLOCK 512

static void *oom(Parser *p);

static Token *tok_index(Parser *p, int i) { return &p->blocks[i / TOK_BLOCK][i % TOK_BLOCK]; }

static Token *tok_at(Parser *p, int k) {
  while (p->ntoks <= p->pos + k) {
    if (p->ntoks == p->nblocks * TOK_BLOCK) {
      if (p->nblocks == p->blockcap) {
        int cap = p->blockcap ? p->blockcap * 2 : 16;
        Token **b = realloc(p->blocks, (size_t)cap * sizeof *b);
        if (!b) { oom(p); return &p->dummy; }
        p->blocks = b;
        p->blockcap = cap;
      }
      if (!(p->blocks[p->nblocks] = malloc(TOK_BLOCK * sizeof(Token)))) { oom(p); return &p->dummy; }
      p->nblocks++;
    }
    Token t = lex_next(&p->lx);
    shift_pos(p, &t.lineno, &t.col);
    shift_pos(p, &t.end_lineno, &t.end_col);
    if (t.kind == TOK_ERROR) p->lex_failed = 1;
    *tok_index(p, p->ntoks++) = t;
  }
  return tok_index(p, p->pos + k);
}

static Token *cur(Parser *p) { return tok_at(p, 0); }
static TokKind kind(Parser *p) { return tok_at(p, 0)->kind; }
static TokKind kind_at(Parser *p, int k) { return tok_at(p, k)->kind; }
static Token *prev(Parser *p) { return p->ntoks ? tok_index(p, p->pos > 0 ? p->pos - 1 : 0) : &p->dummy; }

static Token *advance(Parser *p) {
  Token *t = cur(p);
  if (t->kind != TOK_ERROR && t != &p->dummy) p->pos++;
  return t;
}

static int accept(Parser *p, TokKind k) {
  if (kind(p) != k) return 0;
  advance(p);
  return 1;
}

/* -- Errors ------------------------------------------------------------------------------- */

static void line_text(Parser *p, int lineno, const char **start, size_t *len) {
  const char *s = p->root, *end = p->root + p->root_len;
  for (int l = 1; l < lineno && s < end; l++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    s = nl ? nl + 1 : end;
  }
  const char *e = s;
  while (e < end && *e != '\n') e++;
  *start = s;
  *len = (size_t)(e - s);
}

/* Records an error at a 1-based byte column of a root line; the first error wins. */
static void record(Parser *p, const char *kind, int lineno, int bytecol, const char *msg) {
  if (p->failed) return;
  p->failed = 1;
  ParseError *e = p->err;
  snprintf(e->kind, sizeof e->kind, "%s", kind);
  const char *prefix = p->fstring && strncmp(msg, "f-string", 8) != 0 ? "f-string: " : "";
  snprintf(e->msg, sizeof e->msg, "%s%s", prefix, msg);
  e->lineno = lineno;
  e->col = 0;
  e->line_text[0] = '\0';
  if (lineno <= 0) return;
  const char *s;
  size_t n;
  line_text(p, lineno, &s, &n);
  snprintf(e->line_text, sizeof e->line_text, "%.*s", (int)n, s);
  if (bytecol < 1) bytecol = 1;
  if ((size_t)bytecol > n + 1) bytecol = (int)n + 1;
  e->col = lex_char_count(s, s + bytecol - 1) + 1;
}

static void record_lexer(Parser *p) {
  int line = p->lx.err_lineno, col = p->lx.err_byte_col;
  shift_pos(p, &line, &col);
  record(p, p->lx.err_kind, line, col, p->lx.err_msg);
}

static void *fail_at(Parser *p, int lineno, int col, const char *fmt, ...) {
  if (p->lex_failed) { record_lexer(p); return NULL; }
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  record(p, "SyntaxError", lineno, col, msg);
  return NULL;
}

#define fail_node(p, n, ...) fail_at((p), (n)->lineno, (n)->col, __VA_ARGS__)
#define fail_tok(p, t, ...) fail_at((p), (t)->lineno, (t)->col, __VA_ARGS__)

static void *oom(Parser *p) {
  record(p, "MemoryError", 0, 0, "out of memory");
  return NULL;
}

static int starts_expr(TokKind k);

/* The generic error at the current token. */
static void *syntax(Parser *p) {
  Token *t = cur(p);
  if (p->lex_failed) { record_lexer(p); return NULL; }
  if (t->kind == TOK_INDENT) {
    record(p, "IndentationError", t->lineno, t->len, "unexpected indent");
    return NULL;
  }
  if (t->kind == TOK_DEDENT) {
    record(p, "IndentationError", t->lineno, t->end_col, "unexpected unindent");
    return NULL;
  }
  Node *last = p->last_expr;
  Token *pv = prev(p);
  /* "(a b)": two expressions in a row inside brackets (CPython's invalid_expression) */
  if (t->level > 0 && p->pos > 0 && last && starts_expr(t->kind) && t->kind != TOK_STAR &&
      t->kind != TOK_MINUS && t->kind != TOK_PLUS && t->kind != TOK_KW_NOT &&
      t->kind != TOK_KW_LAMBDA && last->end_lineno == pv->end_lineno &&
      last->end_col == pv->end_col && !(pv->kind == TOK_NAME && t->kind == TOK_STRING)) {
    if (tok_at(p, 1)->kind == TOK_ERROR) { record_lexer(p); return NULL; }
    return fail_node(p, last, "invalid syntax. Perhaps you forgot a comma?");
  }
  return fail_tok(p, t, "invalid syntax");
}

static Token *expect(Parser *p, TokKind k) {
  if (kind(p) == k) return advance(p);
  if (k == TOK_COLON && kind(p) != TOK_ERROR && !p->lex_failed && !p->fstring)
    return fail_tok(p, cur(p), "expected ':'");
  return syntax(p);
}

/* Depth guard: every recursive rule that can nest without brackets enters here. */
static int enter(Parser *p) {
  if (++*p->depth > PARSE_MAX_DEPTH) {
    record(p, "RecursionError", cur(p)->lineno, cur(p)->col,
           "maximum recursion depth exceeded during compilation");
    return 0;
  }
  return 1;
}
static void leave(Parser *p) { --*p->depth; }

/* -- Nodes and lists ---------------------------------------------------------------------- */

static Node *node_at(Parser *p, NodeKind k, int lineno, int col) {
  Node *n = ast_new(p->a, k, lineno, col);
  return n ? n : oom(p);
}
static Node *node(Parser *p, NodeKind k, Token *t) { return node_at(p, k, t->lineno, t->col); }
static Node *node_from(Parser *p, NodeKind k, Node *start) {
  return node_at(p, k, start->lineno, start->col);
}

/* Sets n's end to the end of the last consumed token. */
static Node *finish(Parser *p, Node *n) {
  if (!n) return NULL;
  Token *t = prev(p);
  n->end_lineno = t->end_lineno;
  n->end_col = t->end_col;
  return n;
}

static Node *end_as(Node *n, Node *last) {
  n->end_lineno = last->end_lineno;
  n->end_col = last->end_col;
  return n;
}

static int vpush(Parser *p, Vec *v, Node *n) {
  if (v->count == v->cap) {
    int cap = v->cap ? v->cap * 2 : 4;
    Node **items = arena_alloc(p->a, (size_t)cap * sizeof *items);
    if (!items) { oom(p); return 0; }
    if (v->count) memcpy(items, v->items, (size_t)v->count * sizeof *items);
    v->items = items;
    v->cap = cap;
  }
  v->items[v->count++] = n;
  return 1;
}

static NodeList vlist(Vec *v) { NodeList l = {v->items, v->count}; return l; }

static const char *tok_str(Parser *p, Token *t) {
  char *s = arena_strndup(p->a, t->start, (size_t)t->len);
  return s ? s : oom(p);
}

static Node *name_node(Parser *p, Token *t, ExprContext ctx) {
  Node *n = node(p, AST_Name, t);
  if (!n || !(n->v.Name.id = tok_str(p, t))) return NULL;
  n->v.Name.ctx = ctx;
  n->end_lineno = t->end_lineno;
  n->end_col = t->end_col;
  return n;
}

/* -- Targets ------------------------------------------------------------------------------ */

/* CPython's names for expressions in error messages (_PyPegen_get_expr_name). */
static const char *expr_name(Node *e) {
  switch (e->kind) {
    case AST_Attribute: return "attribute";
    case AST_Subscript: return "subscript";
    case AST_Starred: return "starred";
    case AST_Name: return "name";
    case AST_List: return "list";
    case AST_Tuple: return "tuple";
    case AST_Lambda: return "lambda";
    case AST_Call: return "function call";
    case AST_BoolOp: case AST_BinOp: case AST_UnaryOp: return "expression";
    case AST_GeneratorExp: return "generator expression";
    case AST_Yield: case AST_YieldFrom: return "yield expression";
    case AST_ListComp: return "list comprehension";
    case AST_SetComp: return "set comprehension";
    case AST_DictComp: return "dict comprehension";
    case AST_Dict: return "dict literal";
    case AST_Set: return "set display";
    case AST_JoinedStr: case AST_FormattedValue: return "f-string expression";
    case AST_Compare: return "comparison";
    case AST_IfExp: return "conditional expression";
    case AST_NamedExpr: return "named expression";
    case AST_Constant:
      switch (e->v.Constant.kind) {
        case CONST_NONE: return "None";
        case CONST_TRUE: return "True";
        case CONST_FALSE: return "False";
        case CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
      }
    default: return "expression";
  }
}

static int is_keyword_const(Node *e) {
  return e->kind == AST_Constant && e->v.Constant.kind <= CONST_FALSE;
}

/* Target conversion modes: plain assignment ("cannot assign to %s"), the first target of an
   assignment statement (adds "here. Maybe you meant '==' instead of '='?"), and del. */
enum { TGT_ASSIGN, TGT_ASSIGN_FIRST, TGT_DEL };

static int set_ctx(Parser *p, Node *e, ExprContext ctx, int mode);

static int set_ctx_elts(Parser *p, Node *e, NodeList elts, ExprContext ctx, int mode) {
  int stars = 0;
  /* an unparenthesised tuple passes the "Maybe '=='" form on to its elements */
  int inner = (mode == TGT_ASSIGN_FIRST && e->kind == AST_Tuple && elts.count &&
               elts.items[0]->col == e->col && elts.items[0]->lineno == e->lineno)
                  ? TGT_ASSIGN_FIRST : (mode == TGT_DEL ? TGT_DEL : TGT_ASSIGN);
  for (int i = 0; i < elts.count; i++) {
    Node *x = elts.items[i];
    if (x->kind == AST_Starred && ctx == CTX_Store) {
      if (++stars > 1) {
        fail_node(p, e, "multiple starred expressions in assignment");
        return 0;
      }
      x->v.Starred.ctx = ctx;
      if (!set_ctx(p, x->v.Starred.value, ctx, inner)) return 0;
    } else if (!set_ctx(p, x, ctx, inner)) {
      return 0;
    }
  }
  return 1;
}

static int set_ctx(Parser *p, Node *e, ExprContext ctx, int mode) {
  switch (e->kind) {
    case AST_Name: e->v.Name.ctx = ctx; return 1;
    case AST_Attribute: e->v.Attribute.ctx = ctx; return 1;
    case AST_Subscript: e->v.Subscript.ctx = ctx; return 1;
    case AST_Tuple:
      e->v.Tuple.ctx = ctx;
      return set_ctx_elts(p, e, e->v.Tuple.elts, ctx, mode);
    case AST_List:
      e->v.List.ctx = ctx;
      return set_ctx_elts(p, e, e->v.List.elts, ctx, mode);
    case AST_Starred:
      if (mode == TGT_DEL) break;
      fail_node(p, e, "starred assignment target must be in a list or tuple");
      return 0;
    default: break;
  }
  if (mode == TGT_DEL) fail_node(p, e, "cannot delete %s", expr_name(e));
  else if ((e->kind == AST_Yield || e->kind == AST_YieldFrom))
    fail_node(p, e, "assignment to yield expression not possible");
  else if (mode == TGT_ASSIGN_FIRST && !is_keyword_const(e))
    fail_node(p, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
              expr_name(e));
  else
    fail_node(p, e, "cannot assign to %s", expr_name(e));
  return 0;
}

/* -- Expressions -------------------------------------------------------------------------- */

static Node *expression(Parser *p);
static Node *named_expression(Parser *p);
static Node *star_expressions(Parser *p);
static Node *star_named_expression(Parser *p);
static Node *disjunction(Parser *p);
static Node *bitwise_or(Parser *p);
static Node *yield_expr(Parser *p);
static Node *lambdef(Parser *p);
static Node *strings(Parser *p);
static Node *params(Parser *p, TokKind close, int lambda);

static int starts_expr(TokKind k) {
  switch (k) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_LPAR: case TOK_LSQB:
    case TOK_LBRACE: case TOK_MINUS: case TOK_PLUS: case TOK_TILDE: case TOK_STAR:
    case TOK_KW_NOT: case TOK_KW_LAMBDA: case TOK_KW_AWAIT: case TOK_KW_NONE:
    case TOK_KW_TRUE: case TOK_KW_FALSE: case TOK_ELLIPSIS:
      return 1;
    default: return 0;
  }
}

/* comprehension clauses: ('for' star_targets 'in' disjunction ('if' disjunction)*)+ */
static Node *star_targets(Parser *p);

static int for_if_clauses(Parser *p, Vec *gens) {
  while (kind(p) == TOK_KW_FOR || kind(p) == TOK_KW_ASYNC) {
    if (kind(p) == TOK_KW_ASYNC) { fail_tok(p, cur(p), "asynchronous comprehensions are not supported"); return 0; }
    Node *c = node(p, AST_comprehension, advance(p));
    if (!c || !(c->v.comprehension.target = star_targets(p))) return 0;
    if (!set_ctx(p, c->v.comprehension.target, CTX_Store, TGT_ASSIGN)) return 0;
    if (!expect(p, TOK_KW_IN) || !(c->v.comprehension.iter = disjunction(p))) return 0;
    Vec ifs = {0};
    while (accept(p, TOK_KW_IF)) {
      Node *cond = disjunction(p);
      if (!cond || !vpush(p, &ifs, cond)) return 0;
    }
    c->v.comprehension.ifs = vlist(&ifs);
    finish(p, c);
    if (!vpush(p, gens, c)) return 0;
  }
  return 1;
}

/* elt followed by 'for': builds kind (ListComp/SetComp/GeneratorExp) spanning from open. */
static Node *comprehension(Parser *p, NodeKind k, Token *open, Node *elt) {
  if (elt->kind == AST_Starred) {
    const char *what = k == AST_ListComp ? "list" : k == AST_SetComp ? "set" : "generator";
    (void)what;
    return fail_node(p, elt, "iterable unpacking cannot be used in comprehension");
  }
  Node *n = open ? node(p, k, open) : node_from(p, k, elt);
  Vec gens = {0};
  if (!n || !for_if_clauses(p, &gens)) return NULL;
  n->v.ListComp.elt = elt;
  n->v.ListComp.generators = vlist(&gens);
  return finish(p, n);
}

/* Comma-separated star_named_expressions up to `close` (first already parsed). */
static int elements(Parser *p, Vec *v, Node *first, TokKind close) {
  if (!vpush(p, v, first)) return 0;
  while (accept(p, TOK_COMMA)) {
    if (kind(p) == close) break;
    Node *e = star_named_expression(p);
    if (!e || !vpush(p, v, e)) return 0;
  }
  return 1;
}

static Node *paren_atom(Parser *p) {
  Token *open = advance(p);
  if (accept(p, TOK_RPAR)) {
    Node *t = node(p, AST_Tuple, open);
    return finish(p, t);
  }
  if (kind(p) == TOK_KW_YIELD) {
    Node *y = yield_expr(p);
    return y && expect(p, TOK_RPAR) ? y : NULL;
  }
  Node *first = star_named_expression(p);
  if (!first) return NULL;
  if (kind(p) == TOK_KW_FOR || kind(p) == TOK_KW_ASYNC) {
    Node *g = comprehension(p, AST_GeneratorExp, open, first);
    if (!g || !expect(p, TOK_RPAR)) return NULL;
    return finish(p, g);
  }
  if (kind(p) == TOK_RPAR) {
    advance(p);
    if (first->kind == AST_Starred) return fail_node(p, first, "cannot use starred expression here");
    return first;
  }
  if (kind(p) != TOK_COMMA) {
    if (kind(p) == TOK_COLONEQUAL && first->kind != AST_Name)
      return fail_node(p, first, "cannot use assignment expressions with %s", expr_name(first));
    return syntax(p);
  }
  Node *t = node(p, AST_Tuple, open);
  Vec v = {0};
  if (!t || !elements(p, &v, first, TOK_RPAR) || !expect(p, TOK_RPAR)) return NULL;
  t->v.Tuple.elts = vlist(&v);
  return finish(p, t);
}

static Node *list_atom(Parser *p) {
  Token *open = advance(p);
  Node *l = node(p, AST_List, open);
  if (!l) return NULL;
  if (accept(p, TOK_RSQB)) return finish(p, l);
  Node *first = star_named_expression(p);
  if (!first) return NULL;
  if (kind(p) == TOK_KW_FOR || kind(p) == TOK_KW_ASYNC) {
    Node *c = comprehension(p, AST_ListComp, open, first);
    if (!c || !expect(p, TOK_RSQB)) return NULL;
    return finish(p, c);
  }
  Vec v = {0};
  if (!elements(p, &v, first, TOK_RSQB) || !expect(p, TOK_RSQB)) return NULL;
  l->v.List.elts = vlist(&v);
  return finish(p, l);
}

/* One dict item into keys/values: `**expr` (key NULL) or `key: value`. */
static int dict_item(Parser *p, Vec *keys, Vec *vals) {
  Node *k = NULL, *v;
  if (accept(p, TOK_DOUBLESTAR)) {
    if (!(v = bitwise_or(p))) return 0;
  } else {
    if (!(k = expression(p))) return 0;
    if (kind(p) != TOK_COLON) {
      fail_node(p, k, "':' expected after dictionary key");
      return 0;
    }
    advance(p);
    if (!(v = expression(p))) return 0;
  }
  return vpush(p, keys, k) && vpush(p, vals, v);
}

static Node *dict_rest(Parser *p, Node *d, Vec *keys, Vec *vals) {
  while (accept(p, TOK_COMMA)) {
    if (kind(p) == TOK_RBRACE) break;
    if (!dict_item(p, keys, vals)) return NULL;
  }
  if (!expect(p, TOK_RBRACE)) return NULL;
  d->v.Dict.keys = vlist(keys);
  d->v.Dict.values = vlist(vals);
  return finish(p, d);
}

static Node *brace_atom(Parser *p) {
  Token *open = advance(p);
  Vec keys = {0}, vals = {0};
  if (accept(p, TOK_RBRACE)) return finish(p, node(p, AST_Dict, open));
  if (kind(p) == TOK_DOUBLESTAR) {
    Node *d = node(p, AST_Dict, open);
    if (!d || !dict_item(p, &keys, &vals)) return NULL;
    return dict_rest(p, d, &keys, &vals);
  }
  Node *first = star_named_expression(p);
  if (!first) return NULL;
  if (kind(p) == TOK_COLON && first->kind != AST_Starred) {
    advance(p);
    Node *value = expression(p);
    if (!value) return NULL;
    if (kind(p) == TOK_KW_FOR || kind(p) == TOK_KW_ASYNC) {
      Node *c = node(p, AST_DictComp, open);
      Vec gens = {0};
      if (!c || !for_if_clauses(p, &gens) || !expect(p, TOK_RBRACE)) return NULL;
      c->v.DictComp.key = first;
      c->v.DictComp.value = value;
      c->v.DictComp.generators = vlist(&gens);
      return finish(p, c);
    }
    Node *d = node(p, AST_Dict, open);
    if (!d || !vpush(p, &keys, first) || !vpush(p, &vals, value)) return NULL;
    return dict_rest(p, d, &keys, &vals);
  }
  if (kind(p) == TOK_KW_FOR || kind(p) == TOK_KW_ASYNC) {
    Node *c = comprehension(p, AST_SetComp, open, first);
    if (!c || !expect(p, TOK_RBRACE)) return NULL;
    return finish(p, c);
  }
  Node *s = node(p, AST_Set, open);
  if (!s || !elements(p, &keys, first, TOK_RBRACE) || !expect(p, TOK_RBRACE)) return NULL;
  s->v.Set.elts = vlist(&keys);
  return finish(p, s);
}

/* Number token -> Constant: ints keep cleaned digits and base; floats are converted. */
static Node *number(Parser *p) {
  Token *t = advance(p);
  char last = t->start[t->len - 1];
  int imaginary = last == 'j' || last == 'J';
  Node *n = node(p, AST_Constant, t);
  char *buf = arena_alloc(p->a, (size_t)t->len + 1);
  if (!n || !buf) return n ? oom(p) : NULL;
  int base = 10, is_float = 0, k = 0, i = 0;
  if (t->len > 1 && t->start[0] == '0') {
    char x = t->start[1] | 0x20;
    if (x == 'x' || x == 'o' || x == 'b') { base = x == 'x' ? 16 : x == 'o' ? 8 : 2; i = 2; }
  }
  for (; i < t->len - (imaginary ? 1 : 0); i++) {
    char c = t->start[i];
    if (c == '_') continue;
    if (base == 10 && (c == '.' || c == 'e' || c == 'E')) is_float = 1;
    buf[k++] = c;
  }
  buf[k] = '\0';
  n->v.Constant.kind = imaginary ? CONST_COMPLEX : is_float ? CONST_FLOAT : CONST_INT;
  if (is_float || imaginary) {
    n->v.Constant.f = strtod(buf, NULL);
  } else {
    char *d = buf;
    while (d[0] == '0' && d[1]) d++;
    n->v.Constant.str = d;
    n->v.Constant.len = strlen(d);
    n->v.Constant.base = base;
  }
  return finish(p, n);
}

static Node *const_atom(Parser *p, ConstKind k) {
  Node *n = node(p, AST_Constant, advance(p));
  if (n) n->v.Constant.kind = k;
  return finish(p, n);
}

static Node *atom(Parser *p) {
  switch (kind(p)) {
    case TOK_NAME: return name_node(p, advance(p), CTX_Load);
    case TOK_NUMBER: return number(p);
    case TOK_STRING: return strings(p);
    case TOK_LPAR: return paren_atom(p);
    case TOK_LSQB: return list_atom(p);
    case TOK_LBRACE: return brace_atom(p);
    case TOK_KW_NONE: return const_atom(p, CONST_NONE);
    case TOK_KW_TRUE: return const_atom(p, CONST_TRUE);
    case TOK_KW_FALSE: return const_atom(p, CONST_FALSE);
    case TOK_ELLIPSIS: return const_atom(p, CONST_ELLIPSIS);
    default: return syntax(p);
  }
}

/* -- Calls and subscripts ----------------------------------------------------------------- */

typedef struct ArgState { Vec args, kws; int seen_kw, seen_dstar; } ArgState;

static int call_keyword(Parser *p, ArgState *st) {
  Token *name = advance(p);
  advance(p);  /* '=' */
  Node *kw = node(p, AST_keyword, name);
  if (!kw || !(kw->v.keyword.arg = tok_str(p, name))) return 0;
  for (int i = 0; i < st->kws.count; i++) {
    const char *other = st->kws.items[i]->v.keyword.arg;
    if (other && strcmp(other, kw->v.keyword.arg) == 0) {
      fail_tok(p, name, "keyword argument repeated: %s", kw->v.keyword.arg);
      return 0;
    }
  }
  if (!(kw->v.keyword.value = expression(p))) return 0;
  st->seen_kw = 1;
  return vpush(p, &st->kws, finish(p, kw));
}

static int call_arg(Parser *p, ArgState *st, int allow_genexp) {
  Token *start = cur(p);
  if (kind(p) == TOK_NAME && kind_at(p, 1) == TOK_EQUAL) return call_keyword(p, st);
  if (accept(p, TOK_DOUBLESTAR)) {
    Node *kw = node(p, AST_keyword, start);
    if (!kw || !(kw->v.keyword.value = expression(p))) return 0;
    st->seen_dstar = 1;
    return vpush(p, &st->kws, finish(p, kw));
  }
  if (accept(p, TOK_STAR)) {
    if (st->seen_dstar) {
      fail_tok(p, start, "iterable argument unpacking follows keyword argument unpacking");
      return 0;
    }
    Node *s = node(p, AST_Starred, start);
    if (!s || !(s->v.Starred.value = expression(p))) return 0;
    return vpush(p, &st->args, finish(p, s));
  }
  Node *e = named_expression(p);
  if (!e) return 0;
  if (kind(p) == TOK_EQUAL) {
    fail_node(p, e, "expression cannot contain assignment, perhaps you meant \"==\"?");
    return 0;
  }
  if (kind(p) == TOK_KW_FOR && allow_genexp) {
    if (!(e = comprehension(p, AST_GeneratorExp, NULL, e))) return 0;
    if (st->args.count || st->kws.count || kind(p) != TOK_RPAR) {
      fail_node(p, e, "Generator expression must be parenthesized");
      return 0;
    }
  }
  if (st->seen_kw || st->seen_dstar) {
    fail_tok(p, cur(p), st->seen_dstar ? "positional argument follows keyword argument unpacking"
                                   : "positional argument follows keyword argument");
    return 0;
  }
  return vpush(p, &st->args, e);
}

/* Arguments after '(' up to and including ')'. */
static int call_args(Parser *p, ArgState *st, int allow_genexp) {
  memset(st, 0, sizeof *st);
  while (kind(p) != TOK_RPAR) {
    if (!call_arg(p, st, allow_genexp)) return 0;
    if (!accept(p, TOK_COMMA)) break;
  }
  return expect(p, TOK_RPAR) != NULL;
}

static Node *slice_item(Parser *p) {
  Token *start = cur(p);
  Node *lower = NULL;
  if (accept(p, TOK_STAR)) {
    Node *s = node(p, AST_Starred, start);
    if (!s || !(s->v.Starred.value = bitwise_or(p))) return NULL;
    return finish(p, s);
  }
  if (kind(p) != TOK_COLON) {
    if (!(lower = named_expression(p))) return NULL;
    if (kind(p) != TOK_COLON) return lower;
  }
  Node *s = node(p, AST_Slice, start);
  if (!s) return NULL;
  s->v.Slice.lower = lower;
  advance(p);
  if (kind(p) != TOK_COLON && kind(p) != TOK_COMMA && kind(p) != TOK_RSQB &&
      !(s->v.Slice.upper = expression(p)))
    return NULL;
  if (accept(p, TOK_COLON) && kind(p) != TOK_COMMA && kind(p) != TOK_RSQB &&
      !(s->v.Slice.step = expression(p)))
    return NULL;
  return finish(p, s);
}

static Node *slices(Parser *p) {
  Token *start = cur(p);
  Node *first = slice_item(p);
  if (!first) return NULL;
  if (kind(p) != TOK_COMMA && first->kind != AST_Starred) return first;
  Node *t = node(p, AST_Tuple, start);
  Vec v = {0};
  if (!t || !vpush(p, &v, first)) return NULL;
  while (accept(p, TOK_COMMA) && kind(p) != TOK_RSQB) {
    Node *e = slice_item(p);
    if (!e || !vpush(p, &v, e)) return NULL;
  }
  t->v.Tuple.elts = vlist(&v);
  return finish(p, t);
}

static Node *primary(Parser *p) {
  Node *e = atom(p);
  while (e) {
    Node *n;
    if (accept(p, TOK_DOT)) {
      Token *name = cur(p);
      if (!expect(p, TOK_NAME) || !(n = node_from(p, AST_Attribute, e))) return NULL;
      if (!(n->v.Attribute.attr = tok_str(p, name))) return NULL;
      n->v.Attribute.value = e;
    } else if (accept(p, TOK_LPAR)) {
      ArgState st;
      if (!(n = node_from(p, AST_Call, e)) || !call_args(p, &st, 1)) return NULL;
      n->v.Call.func = e;
      n->v.Call.args = vlist(&st.args);
      n->v.Call.keywords = vlist(&st.kws);
    } else if (accept(p, TOK_LSQB)) {
      if (!(n = node_from(p, AST_Subscript, e))) return NULL;
      n->v.Subscript.value = e;
      if (!(n->v.Subscript.slice = slices(p)) || !expect(p, TOK_RSQB)) return NULL;
    } else {
      break;
    }
    e = finish(p, n);
  }
  return e;
}

/* -- Operators ---------------------------------------------------------------------------- */

static Node *factor(Parser *p);

static Node *power(Parser *p) {
  if (kind(p) == TOK_KW_AWAIT) return fail_tok(p, cur(p), "'await' outside async function");
  Node *left = primary(p);
  if (!left || kind(p) != TOK_DOUBLESTAR) return left;
  advance(p);
  Node *n = node_from(p, AST_BinOp, left);
  if (!n || !(n->v.BinOp.right = factor(p))) return NULL;
  n->v.BinOp.left = left;
  n->v.BinOp.op = OP_Pow;
  return end_as(n, n->v.BinOp.right);
}

static Node *factor(Parser *p) {
  UnaryOpKind op;
  switch (kind(p)) {
    case TOK_PLUS: op = OP_UAdd; break;
    case TOK_MINUS: op = OP_USub; break;
    case TOK_TILDE: op = OP_Invert; break;
    default: return power(p);
  }
  Node *n = node(p, AST_UnaryOp, advance(p));
  if (!n || !enter(p)) return NULL;
  n->v.UnaryOp.op = op;
  n->v.UnaryOp.operand = factor(p);
  leave(p);
  return n->v.UnaryOp.operand ? end_as(n, n->v.UnaryOp.operand) : NULL;
}

/* Binary operator precedence, 0 for "not a binary operator": | ^ & shifts arith term. */
static int binop_prec(TokKind k, BinOpKind *op) {
  switch (k) {
    case TOK_VBAR: *op = OP_BitOr; return 1;
    case TOK_CIRCUMFLEX: *op = OP_BitXor; return 2;
    case TOK_AMPER: *op = OP_BitAnd; return 3;
    case TOK_LEFTSHIFT: *op = OP_LShift; return 4;
    case TOK_RIGHTSHIFT: *op = OP_RShift; return 4;
    case TOK_PLUS: *op = OP_Add; return 5;
    case TOK_MINUS: *op = OP_Sub; return 5;
    case TOK_STAR: *op = OP_Mult; return 6;
    case TOK_SLASH: *op = OP_Div; return 6;
    case TOK_DOUBLESLASH: *op = OP_FloorDiv; return 6;
    case TOK_PERCENT: *op = OP_Mod; return 6;
    case TOK_AT: *op = OP_MatMult; return 6;
    default: return 0;
  }
}

/* Precedence climbing over the left-associative binary operators. */
static Node *binary(Parser *p, int min_prec) {
  Node *left = factor(p);
  BinOpKind op;
  int prec;
  while (left && (prec = binop_prec(kind(p), &op)) >= min_prec && prec) {
    advance(p);
    Node *n = node_from(p, AST_BinOp, left);
    if (!n || !(n->v.BinOp.right = binary(p, prec + 1))) return NULL;
    n->v.BinOp.left = left;
    n->v.BinOp.op = op;
    left = end_as(n, n->v.BinOp.right);
  }
  return left;
}

static Node *bitwise_or(Parser *p) { return binary(p, 1); }

static int cmp_op(Parser *p, CmpOpKind *op) {
  switch (kind(p)) {
    case TOK_EQEQUAL: *op = OP_Eq; break;
    case TOK_NOTEQUAL: *op = OP_NotEq; break;
    case TOK_LESS: *op = OP_Lt; break;
    case TOK_LESSEQUAL: *op = OP_LtE; break;
    case TOK_GREATER: *op = OP_Gt; break;
    case TOK_GREATEREQUAL: *op = OP_GtE; break;
    case TOK_KW_IN: *op = OP_In; break;
    case TOK_KW_IS:
      advance(p);
      *op = accept(p, TOK_KW_NOT) ? OP_IsNot : OP_Is;
      return 1;
    case TOK_KW_NOT:
      if (kind_at(p, 1) != TOK_KW_IN) return 0;
      advance(p);
      *op = OP_NotIn;
      break;
    default: return 0;
  }
  advance(p);
  return 1;
}

static Node *comparison(Parser *p) {
  Node *left = bitwise_or(p);
  CmpOpKind op;
  if (!left || !cmp_op(p, &op)) return left;
  Node *n = node_from(p, AST_Compare, left);
  Vec comps = {0};
  int nops = 0, cap = 4;
  CmpOpKind *ops = arena_alloc(p->a, (size_t)cap * sizeof *ops);
  if (!n || !ops) return n ? oom(p) : NULL;
  do {
    Node *right = bitwise_or(p);
    if (!right || !vpush(p, &comps, right)) return NULL;
    if (nops == cap) {
      CmpOpKind *more = arena_alloc(p->a, (size_t)cap * 2 * sizeof *ops);
      if (!more) return oom(p);
      memcpy(more, ops, (size_t)cap * sizeof *ops);
      ops = more;
      cap *= 2;
    }
    ops[nops++] = op;
  } while (cmp_op(p, &op));
  n->v.Compare.left = left;
  n->v.Compare.ops = ops;
  n->v.Compare.comparators = vlist(&comps);
  return end_as(n, comps.items[comps.count - 1]);
}

static Node *inversion(Parser *p) {
  if (kind(p) != TOK_KW_NOT) return comparison(p);
  Node *n = node(p, AST_UnaryOp, advance(p));
  if (!n || !enter(p)) return NULL;
  n->v.UnaryOp.op = OP_Not;
  n->v.UnaryOp.operand = inversion(p);
  leave(p);
  return n->v.UnaryOp.operand ? end_as(n, n->v.UnaryOp.operand) : NULL;
}

/* and/or chains: one BoolOp with all operands, as CPython builds them. */
static Node *boolop(Parser *p, TokKind tok, BoolOpKind op, Node *(*operand)(Parser *)) {
  Node *first = operand(p);
  if (!first || kind(p) != tok) return first;
  Node *n = node_from(p, AST_BoolOp, first);
  Vec v = {0};
  if (!n || !vpush(p, &v, first)) return NULL;
  while (accept(p, tok)) {
    Node *e = operand(p);
    if (!e || !vpush(p, &v, e)) return NULL;
  }
  n->v.BoolOp.op = op;
  n->v.BoolOp.values = vlist(&v);
  return end_as(n, v.items[v.count - 1]);
}

static Node *conjunction(Parser *p) { return boolop(p, TOK_KW_AND, OP_And, inversion); }
static Node *disjunction(Parser *p) { return boolop(p, TOK_KW_OR, OP_Or, conjunction); }

static Node *expression(Parser *p) {
  if (!enter(p)) return NULL;
  Node *e;
  if (kind(p) == TOK_KW_LAMBDA) {
    e = lambdef(p);
  } else {
    e = disjunction(p);
    if (e && kind(p) == TOK_KW_IF) {
      advance(p);
      Node *n = node_from(p, AST_IfExp, e);
      if (!n || !(n->v.IfExp.test = disjunction(p))) { leave(p); return NULL; }
      if (kind(p) != TOK_KW_ELSE) {
        leave(p);
        return fail_node(p, e, "expected 'else' after 'if' expression");
      }
      advance(p);
      n->v.IfExp.body = e;
      if (!(n->v.IfExp.orelse = expression(p))) { leave(p); return NULL; }
      e = end_as(n, n->v.IfExp.orelse);
    }
  }
  leave(p);
  if (e) p->last_expr = e;
  return e;
}

static Node *named_expression(Parser *p) {
  if (kind(p) == TOK_NAME && kind_at(p, 1) == TOK_COLONEQUAL) {
    Node *target = name_node(p, advance(p), CTX_Store);
    advance(p);
    Node *n = target ? node_from(p, AST_NamedExpr, target) : NULL;
    if (!n || !(n->v.NamedExpr.value = expression(p))) return NULL;
    n->v.NamedExpr.target = target;
    return end_as(n, n->v.NamedExpr.value);
  }
  Node *e = expression(p);
  if (e && kind(p) == TOK_COLONEQUAL)
    return fail_node(p, e, "cannot use assignment expressions with %s", expr_name(e));
  return e;
}

static Node *starred(Parser *p) {
  Node *s = node(p, AST_Starred, advance(p));
  if (!s || !(s->v.Starred.value = bitwise_or(p))) return NULL;
  return end_as(s, s->v.Starred.value);
}

static Node *star_named_expression(Parser *p) {
  return kind(p) == TOK_STAR ? starred(p) : named_expression(p);
}

static Node *star_expression(Parser *p) {
  return kind(p) == TOK_STAR ? starred(p) : expression(p);
}

/* item (',' item)* [','] with a Tuple when there is a comma. */
static Node *tuple_of(Parser *p, Node *(*item)(Parser *), int (*more)(TokKind)) {
  Node *first = item(p);
  if (!first || kind(p) != TOK_COMMA) return first;
  Node *t = node_from(p, AST_Tuple, first);
  Vec v = {0};
  if (!t || !vpush(p, &v, first)) return NULL;
  while (accept(p, TOK_COMMA) && more(kind(p))) {
    Node *e = item(p);
    if (!e || !vpush(p, &v, e)) return NULL;
  }
  t->v.Tuple.elts = vlist(&v);
  return finish(p, t);
}

static Node *star_expressions(Parser *p) { return tuple_of(p, star_expression, starts_expr); }

static int starts_target(TokKind k) {
  return k == TOK_NAME || k == TOK_LPAR || k == TOK_LSQB || k == TOK_STAR;
}

static Node *star_target(Parser *p) {
  return kind(p) == TOK_STAR ? starred(p) : bitwise_or(p);
}

/* Targets of for / comprehensions: stops before 'in'. The caller sets ctx Store. */
static Node *star_targets(Parser *p) { return tuple_of(p, star_target, starts_target); }

static Node *yield_expr(Parser *p) {
  Token *t = advance(p);
  if (accept(p, TOK_KW_FROM)) {
    Node *n = node(p, AST_YieldFrom, t);
    if (!n || !(n->v.YieldFrom.value = expression(p))) return NULL;
    return finish(p, n);
  }
  Node *n = node(p, AST_Yield, t);
  if (n && starts_expr(kind(p)) && !(n->v.Yield.value = star_expressions(p))) return NULL;
  return finish(p, n);
}

static Node *lambdef(Parser *p) {
  Node *n = node(p, AST_Lambda, advance(p));
  if (!n || !(n->v.Lambda.args = params(p, TOK_COLON, 1))) return NULL;
  if (!expect(p, TOK_COLON) || !(n->v.Lambda.body = expression(p))) return NULL;
  return end_as(n, n->v.Lambda.body);
}

/* -- Parameters --------------------------------------------------------------------------- */

typedef struct ParamState {
  Vec posonly, args, kwonly, kwdefaults, defaults;
  Node *vararg, *kwarg;
  int star, slash;
} ParamState;

static Node *param(Parser *p, int lambda) {
  Token *name = cur(p);
  if (!expect(p, TOK_NAME)) return NULL;
  Node *a = node(p, AST_arg, name);
  if (!a || !(a->v.arg.arg = tok_str(p, name))) return NULL;
  if (!lambda && accept(p, TOK_COLON) && !(a->v.arg.annotation = expression(p))) return NULL;
  return finish(p, a);
}

static int param_slash(Parser *p, ParamState *st) {
  Token *t = advance(p);
  if (st->slash) { fail_tok(p, t, "/ may appear only once"); return 0; }
  if (st->star) { fail_tok(p, t, "/ must be ahead of *"); return 0; }
  if (!st->args.count) { fail_tok(p, t, "at least one argument must precede /"); return 0; }
  st->slash = 1;
  st->posonly = st->args;
  memset(&st->args, 0, sizeof st->args);
  return 1;
}

static int param_star(Parser *p, ParamState *st, TokKind close, int lambda) {
  Token *t = advance(p);
  if (st->star) { fail_tok(p, t, "* argument may appear only once"); return 0; }
  st->star = 1;
  if (kind(p) == TOK_COMMA || kind(p) == close) {
    TokKind after = kind(p) == TOK_COMMA ? kind_at(p, 1) : close;
    if (after == close || after == TOK_DOUBLESTAR) {
      fail_tok(p, t, "named arguments must follow bare *");
      return 0;
    }
    return 1;
  }
  return (st->vararg = param(p, lambda)) != NULL;
}

static int param_plain(Parser *p, ParamState *st, int lambda) {
  Node *a = param(p, lambda);
  Node *def = NULL;
  if (!a) return 0;
  if (accept(p, TOK_EQUAL) && !(def = expression(p))) return 0;
  if (st->star) return vpush(p, &st->kwonly, a) && vpush(p, &st->kwdefaults, def);
  if (def) return vpush(p, &st->args, a) && vpush(p, &st->defaults, def);
  if (st->defaults.count) {
    fail_node(p, a, "non-default argument follows default argument");
    return 0;
  }
  return vpush(p, &st->args, a);
}

/* Parameter list up to (not including) close; lambda parameters take no annotations. */
static Node *params(Parser *p, TokKind close, int lambda) {
  ParamState st;
  memset(&st, 0, sizeof st);
  Node *n = node(p, AST_arguments, cur(p));
  if (!n) return NULL;
  while (kind(p) != close) {
    int ok;
    if (st.kwarg) return fail_tok(p, cur(p), "arguments cannot follow var-keyword argument");
    if (kind(p) == TOK_SLASH) ok = param_slash(p, &st);
    else if (kind(p) == TOK_STAR) ok = param_star(p, &st, close, lambda);
    else if (accept(p, TOK_DOUBLESTAR)) ok = (st.kwarg = param(p, lambda)) != NULL;
    else ok = param_plain(p, &st, lambda);
    if (!ok) return NULL;
    if (!accept(p, TOK_COMMA)) break;
  }
  n->v.arguments.posonlyargs = vlist(&st.posonly);
  n->v.arguments.args = vlist(&st.args);
  n->v.arguments.vararg = st.vararg;
  n->v.arguments.kwonlyargs = vlist(&st.kwonly);
  n->v.arguments.kw_defaults = vlist(&st.kwdefaults);
  n->v.arguments.kwarg = st.kwarg;
  n->v.arguments.defaults = vlist(&st.defaults);
  return finish(p, n);
}

/* -- String literals ---------------------------------------------------------------------- */

typedef struct Buf { char *data; size_t len, cap; } Buf;

static int buf_put(Parser *p, Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 32;
    while (cap < b->len + n + 1) cap *= 2;
    char *d = arena_alloc(p->a, cap);
    if (!d) { oom(p); return 0; }
    if (b->len) memcpy(d, b->data, b->len);
    b->data = d;
    b->cap = cap;
  }
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 1;
}

static int buf_utf8(Parser *p, Buf *b, unsigned cp) {
  char u[4];
  int n;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  return buf_put(p, b, u, (size_t)n);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One escape after a backslash at s[0] (s < e). Returns the pointer past it, NULL on error. */
static const char *escape(Parser *p, Buf *b, const char *s, const char *e, int bytes, Token *t) {
  static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
  char c = s[1];
  for (int i = 0; simple[i]; i += 2)
    if (c == simple[i]) return buf_put(p, b, &simple[i + 1], 1) ? s + 2 : NULL;
  if (c == '\n') return s + 2;
  if (c >= '0' && c <= '7') {
    unsigned v = 0;
    const char *q = s + 1;
    for (int i = 0; i < 3 && q < e && *q >= '0' && *q <= '7'; i++) v = v * 8 + (unsigned)(*q++ - '0');
    if (bytes) { char ch = (char)(v & 0xFF); return buf_put(p, b, &ch, 1) ? q : NULL; }
    return buf_utf8(p, b, v) ? q : NULL;
  }
  int n = c == 'x' ? 2 : (!bytes && c == 'u') ? 4 : (!bytes && c == 'U') ? 8 : 0;
  if (n) {
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
      int h = s + 2 + i < e ? hexval(s[2 + i]) : -1;
      if (h < 0)
        return fail_at(p, t->end_lineno, t->end_col,
                       bytes ? "(value error) invalid \\x escape at position %d"
                             : "(unicode error) 'unicodeescape' codec can't decode bytes: "
                               "truncated \\%c escape", bytes ? 0 : c);
      v = v * 16 + (unsigned)h;
    }
    if (v > 0x10FFFF)
      return fail_at(p, t->end_lineno, t->end_col,
                     "(unicode error) 'unicodeescape' codec can't decode bytes: "
                     "illegal Unicode character");
    if (bytes) { char ch = (char)v; return buf_put(p, b, &ch, 1) ? s + 4 : NULL; }
    return buf_utf8(p, b, v) ? s + 2 + n : NULL;
  }
  if (c == 'N' && !bytes)
    return fail_at(p, t->end_lineno, t->end_col,
                   "(unicode error) 'unicodeescape' codec can't decode bytes: "
                   "\\N{...} escapes are not supported");
  return buf_put(p, b, s, 2) ? s + 2 : NULL;  /* unknown escapes stay as written */
}

/* Appends the decoded text [s, e) to b. */
static int decode(Parser *p, Buf *b, const char *s, const char *e, int raw, int bytes, Token *t) {
  while (s < e) {
    const char *q = s;
    while (q < e && (*q != '\\' || raw)) {
      if (bytes && (unsigned char)*q >= 0x80) {
        fail_tok(p, t, "bytes can only contain ASCII literal characters");
        return 0;
      }
      q++;
    }
    if (!buf_put(p, b, s, (size_t)(q - s))) return 0;
    if (q >= e) break;
    if (q + 1 >= e) return buf_put(p, b, q, 1);
    if (!(s = escape(p, b, q, e, bytes, t))) return 0;
  }
  return 1;
}

/* A string token split into prefix flags and body. */
typedef struct StrTok { Token *t; int raw, bytes, fstr; const char *body, *end; } StrTok;

static void split_string(Token *t, StrTok *st) {
  const char *s = t->start;
  st->t = t;
  st->raw = st->bytes = st->fstr = 0;
  while (*s != '\'' && *s != '"') {
    char c = *s++ | 0x20;
    st->raw |= c == 'r';
    st->bytes |= c == 'b';
    st->fstr |= c == 'f';
  }
  int q = (t->start + t->len - s >= 6 && s[1] == s[0] && s[2] == s[0]) ? 3 : 1;
  st->body = s + q;
  st->end = t->start + t->len - q;
}

/* -- f-strings ---------------------------------------------------------------------------- */

#define FSTRING_MAX_NESTING 2  /* replacement fields inside format specs, as CPython */

static Node *fstring_field(Parser *p, StrTok *st, const char **sp, int nested);

/* f-string structure errors are reported at the end of the string token, as CPython 3.11. */
static void *fstr_fail(Parser *p, StrTok *st, const char *msg) {
  return fail_at(p, st->t->end_lineno, st->t->end_col, "%s", msg);
}

/* Source position (line, 1-based byte col) of pointer q inside token t of parser p. */
static void pos_of(Parser *p, Token *t, const char *q, int *line, int *col) {
  int l = t->lineno, c = t->col;
  for (const char *s = t->start; s < q; s++) {
    if (*s == '\n') { l++; c = 1; }
    else c++;
  }
  (void)p;
  *line = l;
  *col = c;
}

static int flush_literal(Parser *p, Vec *vals, Buf *lit, Token *t) {
  if (!lit->len) return 1;
  Node *c = node(p, AST_Constant, t);
  if (!c) return 0;
  c->v.Constant.kind = CONST_STR;
  c->v.Constant.str = lit->data;
  c->v.Constant.len = lit->len;
  memset(lit, 0, sizeof *lit);
  return vpush(p, vals, c);
}

/* Parses f-string text from *sp: literal parts into lit, fields into vals. At nesting > 0
   (a format spec) stops at a '}' that closes the field. */
static int fstring_body(Parser *p, StrTok *st, const char **sp, int nested, Vec *vals, Buf *lit) {
  const char *s = *sp, *e = st->end;
  while (s < e) {
    char c = *s;
    if (c == '{' && !nested && s + 1 < e && s[1] == '{') { if (!buf_put(p, lit, "{", 1)) return 0; s += 2; continue; }
    if (c == '}' && !nested && s + 1 < e && s[1] == '}') { if (!buf_put(p, lit, "}", 1)) return 0; s += 2; continue; }
    if (c == '}') {
      if (nested) break;
      fstr_fail(p, st, "f-string: single '}' is not allowed");
      return 0;
    }
    if (c == '{') {
      if (!flush_literal(p, vals, lit, st->t)) return 0;
      Node *f = fstring_field(p, st, &s, nested);
      if (!f || !vpush(p, vals, f)) return 0;
      continue;
    }
    const char *q = s;
    while (q < e && *q != '{' && *q != '}' && (*q != '\\' || st->raw)) q++;
    if (!buf_put(p, lit, s, (size_t)(q - s))) return 0;
    s = q;
    if (s < e && *s == '\\') {
      if (s + 1 < e && (s[1] == '{' || s[1] == '}')) {
        if (!buf_put(p, lit, s, 1)) return 0;
        s++;
      } else if (s + 1 >= e) {
        if (!buf_put(p, lit, s++, 1)) return 0;
      } else if (!(s = escape(p, lit, s, e, 0, st->t))) {
        return 0;
      }
    }
  }
  *sp = s;
  return 1;
}

/* End of the expression part of a field starting at s: CPython's fstring_find_expr rules. */
static const char *field_expr_end(Parser *p, StrTok *st, const char *s) {
  const char *e = st->end;
  int depth = 0;
  char quote = 0;
  int triple = 0; /* the string inside the expression is '''...''' or """...""" */
  for (; s < e; s++) {
    char c = *s;
    if (c == '\\') return fstr_fail(p, st, "f-string expression part cannot include a backslash");
    if (quote) {
      if (c == quote && (!triple || (s + 2 < e && s[1] == quote && s[2] == quote))) {
        s += triple ? 2 : 0;
        quote = 0;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      triple = s + 2 < e && s[1] == c && s[2] == c;
      s += triple ? 2 : 0;
      continue;
    }
    if (c == '[' || c == '(' || c == '{') { depth++; continue; }
    if (c == '#') return fstr_fail(p, st, "f-string expression part cannot include '#'");
    if (depth && (c == ']' || c == ')' || c == '}')) { depth--; continue; }
    if (depth) continue;
    char next = s + 1 < e ? s[1] : 0;
    if ((c == '!' || c == '=' || c == '<' || c == '>') && next == '=') { s++; continue; }
    if (c == '!' || c == ':' || c == '}' || c == '=') return s;
  }
  return fstr_fail(p, st, "f-string: expecting '}'");
}

static Node *parse_sub(Parser *p, const char *text, size_t n, int line, int col);

/* One replacement field; *sp points at its '{' and is left after its '}'. */
static Node *fstring_field(Parser *p, StrTok *st, const char **sp, int nested) {
  const char *s = *sp + 1, *e = st->end;
  int l, col;
  if (nested >= FSTRING_MAX_NESTING) return fstr_fail(p, st, "f-string: expressions nested too deeply");
  const char *xend = field_expr_end(p, st, s);
  if (!xend) return NULL;
  const char *t = s;
  while (t < xend && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\f' || *t == '\r')) t++;
  if (t == xend) return fstr_fail(p, st, "f-string: empty expression not allowed");
  pos_of(p, st->t, s, &l, &col);
  Node *fv = node(p, AST_FormattedValue, st->t);
  if (!fv || !(fv->v.FormattedValue.value = parse_sub(p, s, (size_t)(xend - s), l, col)))
    return NULL;
  fv->v.FormattedValue.conversion = AST_CONV_NONE;
  Node *debug = NULL;
  s = xend;
  if (*s == '=') {
    s++;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\n')) s++;
    if (!(debug = node(p, AST_Constant, st->t))) return NULL;
    debug->v.Constant.kind = CONST_STR;
    if (!(debug->v.Constant.str = arena_strndup(p->a, *sp + 1, (size_t)(s - *sp - 1)))) return oom(p);
    debug->v.Constant.len = (size_t)(s - *sp - 1);
  }
  if (s < e && *s == '!') {
    char conv = s + 1 < e ? s[1] : 0;
    if (conv != 's' && conv != 'r' && conv != 'a')
      return fstr_fail(p, st, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    if (s + 2 >= e || (s[2] != ':' && s[2] != '}')) return fstr_fail(p, st, "f-string: expecting '}'");
    fv->v.FormattedValue.conversion = conv;
    s += 2;
  }
  if (s < e && *s == ':') {
    s++;
    Node *spec = node(p, AST_JoinedStr, st->t);
    Vec vals = {0};
    Buf lit = {0};
    if (!spec || !enter(p)) return NULL;
    int ok = fstring_body(p, st, &s, nested + 1, &vals, &lit) && flush_literal(p, &vals, &lit, st->t);
    leave(p);
    if (!ok) return NULL;
    spec->v.JoinedStr.values = vlist(&vals);
    fv->v.FormattedValue.format_spec = finish(p, spec);
  }
  if (s >= e || *s != '}') return fstr_fail(p, st, "f-string: expecting '}'");
  *sp = s + 1;
  if (debug && fv->v.FormattedValue.conversion == AST_CONV_NONE && !fv->v.FormattedValue.format_spec)
    fv->v.FormattedValue.conversion = 'r';
  fv->end_lineno = st->t->end_lineno;
  fv->end_col = st->t->end_col;
  if (!debug) return fv;
  /* "{x=}" is the text "x=" followed by the value: return both in a two-item JoinedStr that
     the caller splices. */
  Node *pair = node(p, AST_JoinedStr, st->t);
  Vec v = {0};
  if (!pair || !vpush(p, &v, debug) || !vpush(p, &v, fv)) return NULL;
  pair->v.JoinedStr.values = vlist(&v);
  pair->end_col = -1;  /* marker: splice me */
  return pair;
}

/* Appends the pieces of one f-string token to vals/lit, merging adjacent literals. */
static int fstring_token(Parser *p, StrTok *st, Vec *vals, Buf *lit) {
  Vec raw = {0};
  Buf tail = {0};
  const char *s = st->body;
  if (!fstring_body(p, st, &s, 0, &raw, &tail)) return 0;
  /* raw holds the token's literal parts (before each field) and fields; merge literals
     with the text pending from earlier tokens */
  for (int i = 0; i < raw.count; i++) {
    Node *n = raw.items[i];
    if (n->kind == AST_JoinedStr && n->end_col == -1) {
      Node *d = n->v.JoinedStr.values.items[0];
      if (!buf_put(p, lit, d->v.Constant.str, d->v.Constant.len)) return 0;
      n = n->v.JoinedStr.values.items[1];
    }
    if (n->kind == AST_Constant) {
      if (!buf_put(p, lit, n->v.Constant.str, n->v.Constant.len)) return 0;
      continue;
    }
    if (!flush_literal(p, vals, lit, st->t) || !vpush(p, vals, n)) return 0;
  }
  return buf_put(p, lit, tail.data, tail.len);
}

/* Adjacent string tokens -> Constant (str or bytes) or JoinedStr. */
static Node *strings(Parser *p) {
  Token *first = cur(p);
  StrTok st;
  split_string(first, &st);
  int bytes = st.bytes, fstr = 0;
  Buf lit = {0};
  Vec vals = {0};
  if (!buf_put(p, &lit, "", 0)) return NULL;
  while (kind(p) == TOK_STRING) {
    split_string(advance(p), &st);
    if (st.bytes != bytes) return fail_tok(p, first, "cannot mix bytes and nonbytes literals");
    if (st.fstr) {
      fstr = 1;
      if (!fstring_token(p, &st, &vals, &lit)) return NULL;
    } else if (!decode(p, &lit, st.body, st.end, st.raw, st.bytes, st.t)) {
      return NULL;
    }
  }
  Node *n = node(p, fstr ? AST_JoinedStr : AST_Constant, first);
  if (!n) return NULL;
  if (fstr) {
    if (lit.len && !flush_literal(p, &vals, &lit, first)) return NULL;
    for (int i = 0; i < vals.count; i++) {  /* CPython gives the parts the whole span */
      Node *v = vals.items[i];
      v->lineno = first->lineno;
      v->col = first->col;
      v->end_lineno = prev(p)->end_lineno;
      v->end_col = prev(p)->end_col;
    }
    n->v.JoinedStr.values = vlist(&vals);
  } else {
    n->v.Constant.kind = bytes ? CONST_BYTES : CONST_STR;
    n->v.Constant.str = lit.data;
    n->v.Constant.len = lit.len;
  }
  return finish(p, n);
}

/* -- Statements --------------------------------------------------------------------------- */

static int statement(Parser *p, Vec *out);
static int block(Parser *p, Vec *out, const char *what, int line);

static Node *simple_stmt(Parser *p);

/* Target conversion for the statement "a = b = value" etc. */
static Node *assignment(Parser *p, Node *first, Token *start) {
  Vec targets = {0};
  Node *value = first;
  while (accept(p, TOK_EQUAL)) {
    if (!vpush(p, &targets, value)) return NULL;
    value = kind(p) == TOK_KW_YIELD ? yield_expr(p) : star_expressions(p);
    if (!value) return NULL;
  }
  for (int i = 0; i < targets.count; i++)
    if (!set_ctx(p, targets.items[i], CTX_Store, i == 0 ? TGT_ASSIGN_FIRST : TGT_ASSIGN)) return NULL;
  if (value->kind == AST_Starred) return fail_node(p, value, "can't use starred expression here");
  Node *n = node(p, AST_Assign, start);
  if (!n) return NULL;
  n->v.Assign.targets = vlist(&targets);
  n->v.Assign.value = value;
  return finish(p, n);
}

static int augassign_op(TokKind k, BinOpKind *op) {
  switch (k) {
    case TOK_PLUSEQUAL: *op = OP_Add; return 1;
    case TOK_MINEQUAL: *op = OP_Sub; return 1;
    case TOK_STAREQUAL: *op = OP_Mult; return 1;
    case TOK_ATEQUAL: *op = OP_MatMult; return 1;
    case TOK_SLASHEQUAL: *op = OP_Div; return 1;
    case TOK_PERCENTEQUAL: *op = OP_Mod; return 1;
    case TOK_AMPEREQUAL: *op = OP_BitAnd; return 1;
    case TOK_VBAREQUAL: *op = OP_BitOr; return 1;
    case TOK_CIRCUMFLEXEQUAL: *op = OP_BitXor; return 1;
    case TOK_LEFTSHIFTEQUAL: *op = OP_LShift; return 1;
    case TOK_RIGHTSHIFTEQUAL: *op = OP_RShift; return 1;
    case TOK_DOUBLESTAREQUAL: *op = OP_Pow; return 1;
    case TOK_DOUBLESLASHEQUAL: *op = OP_FloorDiv; return 1;
    default: return 0;
  }
}

static Node *augassign(Parser *p, Node *target, BinOpKind op, Token *start) {
  advance(p);
  if (target->kind != AST_Name && target->kind != AST_Attribute && target->kind != AST_Subscript)
    return fail_node(p, target, "'%s' is an illegal expression for augmented assignment",
                     expr_name(target));
  set_ctx(p, target, CTX_Store, TGT_ASSIGN);
  Node *n = node(p, AST_AugAssign, start);
  if (!n) return NULL;
  n->v.AugAssign.target = target;
  n->v.AugAssign.op = op;
  if (!(n->v.AugAssign.value = kind(p) == TOK_KW_YIELD ? yield_expr(p) : star_expressions(p)))
    return NULL;
  return finish(p, n);
}

static Node *annassign(Parser *p, Node *target, Token *start) {
  advance(p);
  if (target->kind == AST_Tuple || target->kind == AST_List)
    return fail_node(p, target, "only single target (not %s) can be annotated",
                     target->kind == AST_Tuple ? "tuple" : "list");
  if (target->kind != AST_Name && target->kind != AST_Attribute && target->kind != AST_Subscript)
    return fail_node(p, target, "illegal target for annotation");
  set_ctx(p, target, CTX_Store, TGT_ASSIGN);
  Node *n = node(p, AST_AnnAssign, start);
  if (!n || !(n->v.AnnAssign.annotation = expression(p))) return NULL;
  n->v.AnnAssign.target = target;
  n->v.AnnAssign.simple = target->kind == AST_Name && start->kind != TOK_LPAR;
  if (accept(p, TOK_EQUAL) &&
      !(n->v.AnnAssign.value = kind(p) == TOK_KW_YIELD ? yield_expr(p) : star_expressions(p)))
    return NULL;
  return finish(p, n);
}

static Node *expr_stmt(Parser *p) {
  Token *start = cur(p);
  Node *e = kind(p) == TOK_KW_YIELD ? yield_expr(p) : star_expressions(p);
  BinOpKind op;
  if (!e) return NULL;
  if (kind(p) == TOK_EQUAL) return assignment(p, e, start);
  if (kind(p) == TOK_COLON) return annassign(p, e, start);
  if (augassign_op(kind(p), &op)) return augassign(p, e, op, start);
  if (kind(p) == TOK_COLONEQUAL && e->kind != AST_Name)
    return fail_node(p, e, "cannot use assignment expressions with %s", expr_name(e));
  if (e->kind == AST_Name && starts_expr(kind(p)) && kind(p) != TOK_LPAR &&
      (strcmp(e->v.Name.id, "print") == 0 || strcmp(e->v.Name.id, "exec") == 0))
    return fail_node(p, e, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                     e->v.Name.id, e->v.Name.id);
  if (e->kind == AST_Starred) return fail_node(p, e, "can't use starred expression here");
  Node *n = node(p, AST_Expr, start);
  if (!n) return NULL;
  n->v.Expr.value = e;
  return finish(p, n);
}

static Node *return_stmt(Parser *p) {
  Node *n = node(p, AST_Return, advance(p));
  if (n && starts_expr(kind(p)) && !(n->v.Return.value = star_expressions(p))) return NULL;
  return finish(p, n);
}

static Node *raise_stmt(Parser *p) {
  Node *n = node(p, AST_Raise, advance(p));
  if (!n || !starts_expr(kind(p))) return finish(p, n);
  if (!(n->v.Raise.exc = expression(p))) return NULL;
  if (accept(p, TOK_KW_FROM) && !(n->v.Raise.cause = expression(p))) return NULL;
  return finish(p, n);
}

static Node *names_stmt(Parser *p, NodeKind k) {
  Node *n = node(p, k, advance(p));
  int cap = 4, count = 0;
  const char **names = arena_alloc(p->a, (size_t)cap * sizeof *names);
  if (!n || !names) return n ? oom(p) : NULL;
  do {
    Token *t = cur(p);
    if (!expect(p, TOK_NAME)) return NULL;
    if (count == cap) {
      const char **more = arena_alloc(p->a, (size_t)cap * 2 * sizeof *names);
      if (!more) return oom(p);
      memcpy(more, names, (size_t)cap * sizeof *names);
      names = more;
      cap *= 2;
    }
    if (!(names[count++] = tok_str(p, t))) return NULL;
  } while (accept(p, TOK_COMMA));
  IdList l = {names, count};
  n->v.Global.names = l;
  return finish(p, n);
}

static Node *del_stmt(Parser *p) {
  Node *n = node(p, AST_Delete, advance(p));
  Vec v = {0};
  if (!n) return NULL;
  do {
    if (!starts_expr(kind(p))) break;
    Node *t = star_expression(p);
    if (!t || !set_ctx(p, t, CTX_Del, TGT_DEL) || !vpush(p, &v, t)) return NULL;
  } while (accept(p, TOK_COMMA));
  if (!v.count) return syntax(p);
  n->v.Delete.targets = vlist(&v);
  return finish(p, n);
}

static Node *assert_stmt(Parser *p) {
  Node *n = node(p, AST_Assert, advance(p));
  if (!n || !(n->v.Assert.test = expression(p))) return NULL;
  if (accept(p, TOK_COMMA) && !(n->v.Assert.msg = expression(p))) return NULL;
  return finish(p, n);
}

/* dotted_name: NAME ('.' NAME)* as one arena string. */
static const char *dotted_name(Parser *p) {
  int first = p->pos;
  if (!expect(p, TOK_NAME)) return NULL;
  while (kind(p) == TOK_DOT && kind_at(p, 1) == TOK_NAME) { advance(p); advance(p); }
  /* rebuild without any whitespace between the parts */
  Buf b = {0};
  for (int i = first; i < p->pos; i++) {
    Token *t = tok_index(p, i);
    if (!buf_put(p, &b, t->start, (size_t)t->len)) return NULL;
  }
  return b.data;
}

static Node *alias(Parser *p, int dotted) {
  Token *t = cur(p);
  Node *n = node(p, AST_alias, t);
  if (!n) return NULL;
  if (dotted) {
    if (!(n->v.alias.name = dotted_name(p))) return NULL;
  } else {
    if (!expect(p, TOK_NAME) || !(n->v.alias.name = tok_str(p, t))) return NULL;
  }
  if (accept(p, TOK_KW_AS)) {
    Token *as = cur(p);
    if (!expect(p, TOK_NAME) || !(n->v.alias.asname = tok_str(p, as))) return NULL;
  }
  return finish(p, n);
}

static Node *import_name(Parser *p) {
  Node *n = node(p, AST_Import, advance(p));
  Vec v = {0};
  if (!n) return NULL;
  do {
    Node *a = alias(p, 1);
    if (!a || !vpush(p, &v, a)) return NULL;
  } while (accept(p, TOK_COMMA));
  n->v.Import.names = vlist(&v);
  return finish(p, n);
}

static int import_from_names(Parser *p, Vec *v) {
  if (kind(p) == TOK_STAR) {
    Node *a = node(p, AST_alias, advance(p));
    if (!a || !(a->v.alias.name = arena_strndup(p->a, "*", 1))) return a ? (oom(p), 0) : 0;
    return vpush(p, v, finish(p, a));
  }
  int paren = accept(p, TOK_LPAR);
  do {
    if (paren && kind(p) == TOK_RPAR && v->count) break;
    if (!paren && kind(p) == TOK_NEWLINE && v->count) {
      fail_tok(p, cur(p), "trailing comma not allowed without surrounding parentheses");
      return 0;
    }
    Node *a = alias(p, 0);
    if (!a || !vpush(p, v, a)) return 0;
  } while (accept(p, TOK_COMMA));
  return !paren || expect(p, TOK_RPAR);
}

static Node *import_from(Parser *p) {
  Token *start = advance(p);
  Node *n = node(p, AST_ImportFrom, start);
  Vec v = {0};
  if (!n) return NULL;
  for (;;) {
    if (accept(p, TOK_DOT)) n->v.ImportFrom.level += 1;
    else if (accept(p, TOK_ELLIPSIS)) n->v.ImportFrom.level += 3;
    else break;
  }
  if (kind(p) != TOK_KW_IMPORT || !n->v.ImportFrom.level)
    if (!(n->v.ImportFrom.module = dotted_name(p))) return NULL;
  if (!expect(p, TOK_KW_IMPORT) || !import_from_names(p, &v)) return NULL;
  n->v.ImportFrom.names = vlist(&v);
  if (n->v.ImportFrom.module && strcmp(n->v.ImportFrom.module, "__future__") == 0)
    for (int i = 0; i < v.count; i++)
      if (strcmp(v.items[i]->v.alias.name, "braces") == 0) return fail_tok(p, start, "not a chance");
  return finish(p, n);
}

static Node *simple_stmt(Parser *p) {
  Token *t = cur(p);
  NodeKind k;
  switch (t->kind) {
    case TOK_KW_PASS: k = AST_Pass; break;
    case TOK_KW_BREAK: k = AST_Break; break;
    case TOK_KW_CONTINUE: k = AST_Continue; break;
    case TOK_KW_RETURN: return return_stmt(p);
    case TOK_KW_RAISE: return raise_stmt(p);
    case TOK_KW_GLOBAL: return names_stmt(p, AST_Global);
    case TOK_KW_NONLOCAL: return names_stmt(p, AST_Nonlocal);
    case TOK_KW_DEL: return del_stmt(p);
    case TOK_KW_ASSERT: return assert_stmt(p);
    case TOK_KW_IMPORT: return import_name(p);
    case TOK_KW_FROM: return import_from(p);
    default: return expr_stmt(p);
  }
  Node *n = node(p, k, advance(p));
  return finish(p, n);
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static int simple_stmts(Parser *p, Vec *out) {
  do {
    if (kind(p) == TOK_NEWLINE && out->count) break;
    Node *s = simple_stmt(p);
    if (!s || !vpush(p, out, s)) return 0;
  } while (accept(p, TOK_SEMI));
  return expect(p, TOK_NEWLINE) != NULL;
}

/* The indented block after a compound statement header. */
static int block(Parser *p, Vec *out, const char *what, int line) {
  if (kind(p) != TOK_NEWLINE) return simple_stmts(p, out);
  Token *nl = advance(p);
  if (kind(p) != TOK_INDENT) {
    Token *at = kind(p) == TOK_ENDMARKER ? nl : cur(p);
    if (p->lex_failed) { record_lexer(p); return 0; }
    char msg[160];
    snprintf(msg, sizeof msg, "expected an indented block after %s on line %d", what, line);
    record(p, "IndentationError", at->lineno, at->col, msg);
    return 0;
  }
  advance(p);
  if (!enter(p)) return 0;
  while (kind(p) != TOK_DEDENT && !p->failed)
    if (!statement(p, out)) { leave(p); return 0; }
  leave(p);
  return expect(p, TOK_DEDENT) != NULL;
}

static NodeList block_list(Parser *p, const char *what, int line, int *ok) {
  Vec v = {0};
  *ok = block(p, &v, what, line);
  return vlist(&v);
}

/* Ends a compound node at the end of its last statement (not at the DEDENT). */
static Node *end_last(Node *n, NodeList body) {
  if (body.count) end_as(n, body.items[body.count - 1]);
  return n;
}

static Node *if_stmt(Parser *p, const char *what) {
  Token *t = advance(p);
  Node *n = node(p, AST_If, t);
  int ok;
  if (!n || !(n->v.If.test = named_expression(p)) || !expect(p, TOK_COLON)) return NULL;
  n->v.If.body = block_list(p, what, t->lineno, &ok);
  if (!ok) return NULL;
  NodeList last = n->v.If.body;
  if (kind(p) == TOK_KW_ELIF) {
    Node *elif = if_stmt(p, "'elif' statement");
    Vec v = {0};
    if (!elif || !vpush(p, &v, elif)) return NULL;
    n->v.If.orelse = vlist(&v);
    last = n->v.If.orelse;
  } else if (kind(p) == TOK_KW_ELSE) {
    Token *e = advance(p);
    if (!expect(p, TOK_COLON)) return NULL;
    n->v.If.orelse = last = block_list(p, "'else' statement", e->lineno, &ok);
    if (!ok) return NULL;
  }
  return end_last(n, last);
}

static int else_block(Parser *p, NodeList *orelse, NodeList *last) {
  if (kind(p) != TOK_KW_ELSE) return 1;
  Token *e = advance(p);
  int ok;
  if (!expect(p, TOK_COLON)) return 0;
  *orelse = *last = block_list(p, "'else' statement", e->lineno, &ok);
  return ok;
}

static Node *while_stmt(Parser *p) {
  Token *t = advance(p);
  Node *n = node(p, AST_While, t);
  int ok;
  if (!n || !(n->v.While.test = named_expression(p)) || !expect(p, TOK_COLON)) return NULL;
  NodeList last = n->v.While.body = block_list(p, "'while' statement", t->lineno, &ok);
  if (!ok || !else_block(p, &n->v.While.orelse, &last)) return NULL;
  return end_last(n, last);
}

static Node *for_stmt(Parser *p) {
  Token *t = advance(p);
  Node *n = node(p, AST_For, t);
  int ok;
  if (!n || !(n->v.For.target = star_targets(p))) return NULL;
  if (!set_ctx(p, n->v.For.target, CTX_Store, TGT_ASSIGN)) return NULL;
  if (!expect(p, TOK_KW_IN) || !(n->v.For.iter = star_expressions(p)) || !expect(p, TOK_COLON))
    return NULL;
  NodeList last = n->v.For.body = block_list(p, "'for' statement", t->lineno, &ok);
  if (!ok || !else_block(p, &n->v.For.orelse, &last)) return NULL;
  return end_last(n, last);
}

static Node *with_item(Parser *p) {
  Node *n = node(p, AST_withitem, cur(p));
  if (!n || !(n->v.withitem.context_expr = expression(p))) return NULL;
  if (accept(p, TOK_KW_AS)) {
    Node *t = star_target(p);
    if (!t || !set_ctx(p, t, CTX_Store, TGT_ASSIGN)) return NULL;
    if (kind(p) != TOK_COMMA && kind(p) != TOK_COLON && kind(p) != TOK_RPAR) return syntax(p);
    n->v.withitem.optional_vars = t;
  }
  return finish(p, n);
}

/* `with (` starts the parenthesised item list when the matching ')' is followed by ':'. */
static int paren_with_items(Parser *p) {
  int depth = 0;
  for (int k = 0;; k++) {
    TokKind t = kind_at(p, k);
    if (t == TOK_LPAR || t == TOK_LSQB || t == TOK_LBRACE) depth++;
    else if (t == TOK_RPAR || t == TOK_RSQB || t == TOK_RBRACE) {
      if (--depth == 0) return kind_at(p, k + 1) == TOK_COLON;
    } else if (t == TOK_ENDMARKER || t == TOK_ERROR || t == TOK_NEWLINE) {
      return 0;
    }
  }
}

static Node *with_stmt(Parser *p) {
  Token *t = advance(p);
  Node *n = node(p, AST_With, t);
  Vec items = {0};
  int ok, paren = 0;
  if (!n) return NULL;
  if (kind(p) == TOK_LPAR && paren_with_items(p)) paren = 1, advance(p);
  do {
    if (paren && kind(p) == TOK_RPAR && items.count) break;
    Node *it = with_item(p);
    if (!it || !vpush(p, &items, it)) return NULL;
  } while (accept(p, TOK_COMMA));
  if ((paren && !expect(p, TOK_RPAR)) || !expect(p, TOK_COLON)) return NULL;
  n->v.With.items = vlist(&items);
  n->v.With.body = block_list(p, "'with' statement", t->lineno, &ok);
  return ok ? end_last(n, n->v.With.body) : NULL;
}

static Node *except_clause(Parser *p) {
  Token *t = advance(p);
  Node *h = node(p, AST_excepthandler, t);
  int ok;
  if (!h) return NULL;
  if (kind(p) == TOK_STAR) return fail_tok(p, cur(p), "except* is not supported");
  if (kind(p) != TOK_COLON) {
    if (!(h->v.excepthandler.type = expression(p))) return NULL;
    if (kind(p) == TOK_COMMA) {
      Token *c = cur(p);
      (void)c;
      return fail_node(p, h->v.excepthandler.type, "multiple exception types must be parenthesized");
    }
    if (accept(p, TOK_KW_AS)) {
      Token *name = cur(p);
      if (!expect(p, TOK_NAME) || !(h->v.excepthandler.name = tok_str(p, name))) return NULL;
    }
  }
  if (!expect(p, TOK_COLON)) return NULL;
  h->v.excepthandler.body = block_list(p, "'except' statement", t->lineno, &ok);
  return ok ? end_last(h, h->v.excepthandler.body) : NULL;
}

static Node *try_stmt(Parser *p) {
  Token *t = advance(p);
  Node *n = node(p, AST_Try, t);
  Vec handlers = {0};
  int ok;
  if (!n || !expect(p, TOK_COLON)) return NULL;
  NodeList last = n->v.Try.body = block_list(p, "'try' statement", t->lineno, &ok);
  if (!ok) return NULL;
  while (kind(p) == TOK_KW_EXCEPT) {
    Node *h = except_clause(p);
    if (!h || !vpush(p, &handlers, h)) return NULL;
    last.items = &handlers.items[handlers.count - 1];
    last.count = 1;
  }
  n->v.Try.handlers = vlist(&handlers);
  if (handlers.count && !else_block(p, &n->v.Try.orelse, &last)) return NULL;
  if (kind(p) == TOK_KW_FINALLY) {
    Token *f = advance(p);
    if (!expect(p, TOK_COLON)) return NULL;
    n->v.Try.finalbody = last = block_list(p, "'finally' statement", f->lineno, &ok);
    if (!ok) return NULL;
  } else if (!handlers.count) {
    Token *at = cur(p);
    if (at->kind == TOK_ENDMARKER)  /* CPython points at the block's last NEWLINE */
      for (int i = p->pos - 1; i >= 0 && (at = tok_index(p, i))->kind == TOK_DEDENT; i--) {}
    return fail_tok(p, at, "expected 'except' or 'finally' block");
  }
  return end_last(n, last);
}

static Node *funcdef(Parser *p, Vec *decorators) {
  Token *t = advance(p);
  Token *name = cur(p);
  Node *n = node(p, AST_FunctionDef, t);
  int ok;
  if (!n || !expect(p, TOK_NAME) || !(n->v.FunctionDef.name = tok_str(p, name))) return NULL;
  if (!expect(p, TOK_LPAR) || !(n->v.FunctionDef.args = params(p, TOK_RPAR, 0)) ||
      !expect(p, TOK_RPAR))
    return NULL;
  if (accept(p, TOK_RARROW) && !(n->v.FunctionDef.returns = expression(p))) return NULL;
  if (!expect(p, TOK_COLON)) return NULL;
  n->v.FunctionDef.decorator_list = vlist(decorators);
  n->v.FunctionDef.body = block_list(p, "function definition", t->lineno, &ok);
  return ok ? end_last(n, n->v.FunctionDef.body) : NULL;
}

static Node *classdef(Parser *p, Vec *decorators) {
  Token *t = advance(p);
  Token *name = cur(p);
  Node *n = node(p, AST_ClassDef, t);
  int ok;
  if (!n || !expect(p, TOK_NAME) || !(n->v.ClassDef.name = tok_str(p, name))) return NULL;
  if (accept(p, TOK_LPAR)) {
    ArgState st;
    if (!call_args(p, &st, 0)) return NULL;
    n->v.ClassDef.bases = vlist(&st.args);
    n->v.ClassDef.keywords = vlist(&st.kws);
  }
  if (!expect(p, TOK_COLON)) return NULL;
  n->v.ClassDef.decorator_list = vlist(decorators);
  n->v.ClassDef.body = block_list(p, "class definition", t->lineno, &ok);
  return ok ? end_last(n, n->v.ClassDef.body) : NULL;
}

static Node *decorated(Parser *p) {
  Vec decs = {0};
  while (accept(p, TOK_AT)) {
    Node *d = named_expression(p);
    if (!d || !vpush(p, &decs, d) || !expect(p, TOK_NEWLINE)) return NULL;
  }
  if (kind(p) == TOK_KW_DEF) return funcdef(p, &decs);
  if (kind(p) == TOK_KW_CLASS) return classdef(p, &decs);
  return syntax(p);
}

static int statement(Parser *p, Vec *out) {
  Node *s;
  switch (kind(p)) {
    case TOK_KW_IF: s = if_stmt(p, "'if' statement"); break;
    case TOK_KW_WHILE: s = while_stmt(p); break;
    case TOK_KW_FOR: s = for_stmt(p); break;
    case TOK_KW_WITH: s = with_stmt(p); break;
    case TOK_KW_TRY: s = try_stmt(p); break;
    case TOK_KW_DEF: { Vec none = {0}; s = funcdef(p, &none); break; }
    case TOK_KW_CLASS: { Vec none = {0}; s = classdef(p, &none); break; }
    case TOK_AT: s = decorated(p); break;
    case TOK_KW_ASYNC: s = fail_tok(p, cur(p), "async is not supported"); break;
    default: return simple_stmts(p, out);
  }
  return s && vpush(p, out, s);
}

/* -- Entry points ------------------------------------------------------------------------- */

static void free_tokens(Parser *p) {
  for (int i = 0; i < p->nblocks; i++) free(p->blocks[i]);
  free(p->blocks);
  p->blocks = NULL;
  p->nblocks = p->blockcap = 0;
}

static void parser_init(Parser *p, Arena *a, const char *src, size_t len, ParseError *err) {
  memset(p, 0, sizeof *p);
  p->a = a;
  p->err = err;
  p->root = src;
  p->root_len = len;
  p->depth = &p->depth_store;
  p->dummy.kind = TOK_ERROR;
  lex_init(&p->lx, src, len);
}

/* After a parser error, a tokenizer error later in the source wins (CPython's
   _PyPegen_tokenize_full_source_to_check_for_errors); an unclosed bracket only when it was
   opened before the line of the parser error. */
static void prefer_tokenizer_error(Parser *p) {
  if (p->lex_failed || strcmp(p->err->kind, "SyntaxError") != 0) return;
  Token t;
  do t = lex_next(&p->lx); while (t.kind != TOK_ERROR && t.kind != TOK_ENDMARKER);
  if (t.kind != TOK_ERROR) return;
  if (p->lx.err_unclosed && !(p->err->lineno > p->lx.err_lineno)) return;
  p->failed = 0;
  record_lexer(p);
}

/* A child parser over one f-string field's text, placed at (line, col) of the root. */
static Node *parse_sub(Parser *p, const char *text, size_t n, int line, int col) {
  char *buf = arena_alloc(p->a, n + 3);
  if (!buf) return oom(p);
  buf[0] = '(';
  memcpy(buf + 1, text, n);
  buf[n + 1] = ')';
  Parser sub;
  parser_init(&sub, p->a, buf, n + 2, p->err);
  sub.root = p->root;
  sub.root_len = p->root_len;
  sub.depth = p->depth;
  sub.fstring = 1;
  sub.line_shift = line - 1;
  sub.col_shift = col - 2;  /* the '(' we added sits one column before the text */
  Node *e = NULL;
  if (enter(&sub)) {
    e = kind(&sub) == TOK_LPAR && kind_at(&sub, 1) == TOK_KW_YIELD ? (advance(&sub), yield_expr(&sub))
                                                                   : star_expressions(&sub);
    if (e && e->kind == AST_Yield && !expect(&sub, TOK_RPAR)) e = NULL;
    if (e && kind(&sub) != TOK_NEWLINE && kind(&sub) != TOK_ENDMARKER) e = syntax(&sub);
    leave(&sub);
  }
  free_tokens(&sub);
  if (!e || sub.failed) { p->failed = 1; return NULL; }
  return e;
}

/* Normalises line ends to '\n' and drops a BOM; returns the text to parse. */
static const char *normalise(Arena *a, const char *src, size_t *len) {
  if (*len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { src += 3; *len -= 3; }
  if (!memchr(src, '\r', *len)) return src;
  char *out = arena_alloc(a, *len + 1);
  if (!out) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < *len; i++) {
    if (src[i] == '\r') {
      out[k++] = '\n';
      if (i + 1 < *len && src[i + 1] == '\n') i++;
    } else {
      out[k++] = src[i];
    }
  }
  *len = k;
  return out;
}

static Node *run(Arena *a, const char *src, size_t len, ParseError *err, int eval) {
  memset(err, 0, sizeof *err);
  if (memchr(src, '\0', len)) {
    snprintf(err->kind, sizeof err->kind, "SyntaxError");
    snprintf(err->msg, sizeof err->msg, "source code string cannot contain null bytes");
    return NULL;
  }
  if (!(src = normalise(a, src, &len))) {
    snprintf(err->kind, sizeof err->kind, "MemoryError");
    return NULL;
  }
  Parser p;
  parser_init(&p, a, src, len, err);
  Node *root = NULL;
  if (eval) {
    while (kind(&p) == TOK_INDENT) advance(&p);  /* eval() strips leading whitespace */
    Node *body = star_expressions(&p);
    while (body && kind(&p) == TOK_NEWLINE) advance(&p);
    while (body && kind(&p) == TOK_DEDENT) advance(&p);
    if (body && kind(&p) != TOK_ENDMARKER) body = syntax(&p);
    if (body && body->kind == AST_Starred) body = fail_node(&p, body, "can't use starred expression here");
    if (body && (root = node_at(&p, AST_Expression, 1, 1))) root->v.Expression.body = body;
  } else {
    Vec stmts = {0};
    int ok = 1;
    while (ok && kind(&p) != TOK_ENDMARKER && !p.failed) ok = statement(&p, &stmts);
    if (ok && !p.failed && (root = node_at(&p, AST_Module, 1, 1))) root->v.Module.body = vlist(&stmts);
  }
  if (p.failed) {
    root = NULL;
    prefer_tokenizer_error(&p);
  } else if (!root) {
    record(&p, "MemoryError", 0, 0, "out of memory");
  }
  free_tokens(&p);
  return root;
}

Node *parse_module(Arena *a, const char *src, size_t len, const char *filename, ParseError *err) {
  (void)filename;
  return run(a, src, len, err, 0);
}

Node *parse_expression(Arena *a, const char *src, size_t len, const char *filename,
                       ParseError *err) {
  (void)filename;
  return run(a, src, len, err, 1);
}
