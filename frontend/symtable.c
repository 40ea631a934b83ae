/* symtable.c: scope analysis, after CPython's Python/symtable.c.
 *
 * Pass 1 walks the AST, creating a Scope per def/lambda/class/comprehension and recording
 * per name how it is used (SYMF_* flags). Pass 2 (analyze) resolves names top-down with two
 * sets handed to each child: `bound` (names bound in enclosing function scopes; class scopes
 * add nothing except the implicit `__class__`) and `global` (names declared global above).
 * Each child reports the names it needs from outside (`free`); a function turns those of its
 * locals into cells, and passes the rest up, adding them as FREE where they pass through.
 * Each child gets its own copies of the sets, so siblings never see each other's changes.
 */
#include "symtable.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

#define NS_NAME(name) #name,
const char *const symtable_namescope_names[] = {SYM_NAMESCOPES(NS_NAME)};
#undef NS_NAME

static uint32_t str_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static uint32_t ptr_hash(const void *p) {
  uintptr_t v = (uintptr_t)p;
  v ^= v >> 17;
  v *= 0xed5ad4bbu;
  v ^= v >> 11;
  return (uint32_t)v;
}

/* -- Builder and errors ------------------------------------------------------------------ */

typedef struct Builder {
  SymTable *st;
  Arena *a;
  ParseError *err;
  const char *src;
  size_t len;
  Scope *cur;
  int failed;
  int loop_depth;       /* loops around the current statement within this scope */
  int comp_iter;        /* visiting a comprehension target: mark SYMF_COMP_ITER */
} Builder;

static int error_at(Builder *b, int lineno, int col, const char *fmt, ...) {
  if (b->failed) return 0;
  b->failed = 1;
  ParseError *e = b->err;
  memset(e, 0, sizeof *e);
  snprintf(e->kind, sizeof e->kind, "SyntaxError");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  e->lineno = lineno;
  e->col = col;
  if (!b->src || lineno < 1) return 0;
  const char *s = b->src, *end = b->src + b->len;
  for (int l = 1; l < lineno && s < end; l++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    s = nl ? nl + 1 : end;
  }
  const char *t = s;
  while (t < end && *t != '\n' && *t != '\r') t++;
  snprintf(e->line_text, sizeof e->line_text, "%.*s", (int)(t - s), s);
  if (col > 0 && (size_t)(col - 1) <= (size_t)(t - s)) e->col = lex_char_count(s, s + col - 1) + 1;
  return 0;
}

#define error_node(b, n, ...) error_at((b), (n)->lineno, (n)->col, __VA_ARGS__)

static int oom(Builder *b) {
  if (!b->failed) {
    b->failed = 1;
    memset(b->err, 0, sizeof *b->err);
    snprintf(b->err->kind, sizeof b->err->kind, "MemoryError");
    snprintf(b->err->msg, sizeof b->err->msg, "out of memory");
  }
  return 0;
}

static void *grow(Builder *b, void *old, int count, int *cap, size_t elem) {
  int ncap = *cap ? *cap * 2 : 8;
  void *p = arena_alloc(b->a, (size_t)ncap * elem);
  if (!p) { oom(b); return NULL; }
  if (count) memcpy(p, old, (size_t)count * elem);
  *cap = ncap;
  return p;
}

/* -- Symbols ----------------------------------------------------------------------------- */

static int find_index(const Scope *s, const char *name) {
  if (!s->hashcap) return -1;
  uint32_t mask = (uint32_t)s->hashcap - 1;
  for (uint32_t i = str_hash(name) & mask;; i = (i + 1) & mask) {
    int k = s->hash[i];
    if (k < 0) return -1;
    if (strcmp(s->syms[k].name, name) == 0) return k;
  }
}

static int rehash(Builder *b, Scope *s) {
  int cap = s->hashcap ? s->hashcap * 2 : 16;
  int *h = arena_alloc(b->a, (size_t)cap * sizeof *h);
  if (!h) return oom(b);
  for (int i = 0; i < cap; i++) h[i] = -1;
  for (int k = 0; k < s->nsyms; k++) {
    uint32_t i = str_hash(s->syms[k].name) & (uint32_t)(cap - 1);
    while (h[i] >= 0) i = (i + 1) & (uint32_t)(cap - 1);
    h[i] = k;
  }
  s->hash = h;
  s->hashcap = cap;
  return 1;
}

static Symbol *get_symbol(Builder *b, Scope *s, const char *name, int lineno, int col) {
  int k = find_index(s, name);
  if (k >= 0) return &s->syms[k];
  if (s->nsyms == s->symcap && !(s->syms = grow(b, s->syms, s->nsyms, &s->symcap, sizeof(Symbol))))
    return NULL;
  if ((s->nsyms + 1) * 2 > s->hashcap && !rehash(b, s)) return NULL;
  Symbol *sym = &s->syms[s->nsyms];
  memset(sym, 0, sizeof *sym);
  sym->name = name;
  sym->lineno = lineno;
  sym->col = col;
  uint32_t mask = (uint32_t)s->hashcap - 1, i = str_hash(name) & mask;
  while (s->hash[i] >= 0) i = (i + 1) & mask;
  s->hash[i] = s->nsyms++;
  return sym;
}

static int add_def(Builder *b, Scope *s, const char *name, int flag, const Node *at) {
  Symbol *sym = get_symbol(b, s, name, at->lineno, at->col);
  if (!sym) return 0;
  if ((flag & SYMF_PARAM) && (sym->flags & SYMF_PARAM))
    return error_node(b, at, "duplicate argument '%s' in function definition", name);
  sym->flags |= flag;
  if ((flag & SYMF_ASSIGNED) && b->comp_iter) sym->flags |= SYMF_COMP_ITER;
  return 1;
}

/* -- Scopes ------------------------------------------------------------------------------ */

static int map_put(Builder *b, const Node *n, Scope *s) {
  SymTable *st = b->st;
  if ((st->mapcount + 1) * 2 > st->mapcap) {
    int cap = st->mapcap ? st->mapcap * 2 : 64;
    Node **keys = arena_alloc(b->a, (size_t)cap * sizeof *keys);
    Scope **vals = arena_alloc(b->a, (size_t)cap * sizeof *vals);
    if (!keys || !vals) return oom(b);
    for (int i = 0; i < st->mapcap; i++) {
      if (!st->map_keys[i]) continue;
      uint32_t j = ptr_hash(st->map_keys[i]) & (uint32_t)(cap - 1);
      while (keys[j]) j = (j + 1) & (uint32_t)(cap - 1);
      keys[j] = st->map_keys[i];
      vals[j] = st->map_vals[i];
    }
    st->map_keys = keys;
    st->map_vals = vals;
    st->mapcap = cap;
  }
  uint32_t mask = (uint32_t)st->mapcap - 1, j = ptr_hash(n) & mask;
  while (st->map_keys[j]) j = (j + 1) & mask;
  st->map_keys[j] = (Node *)n;
  st->map_vals[j] = s;
  st->mapcount++;
  return 1;
}

Scope *symtable_scope_of(SymTable *st, const Node *node) {
  if (!st->mapcap) return NULL;
  uint32_t mask = (uint32_t)st->mapcap - 1;
  for (uint32_t j = ptr_hash(node) & mask; st->map_keys[j]; j = (j + 1) & mask)
    if (st->map_keys[j] == node) return st->map_vals[j];
  return NULL;
}

static Scope *enter_scope(Builder *b, ScopeKind kind, const char *name, Node *node) {
  Scope *s = arena_alloc(b->a, sizeof *s);
  if (!s) { oom(b); return NULL; }
  s->kind = kind;
  s->name = name;
  s->node = node;
  s->parent = b->cur;
  if (b->cur) {
    Scope *p = b->cur;
    if (p->nchildren == p->childcap &&
        !(p->children = grow(b, p->children, p->nchildren, &p->childcap, sizeof *p->children)))
      return NULL;
    p->children[p->nchildren++] = s;
  }
  if (!map_put(b, node, s)) return NULL;
  b->cur = s;
  return s;
}

static int is_function_like(const Scope *s) {
  return s->kind == SCOPE_FUNCTION || s->kind == SCOPE_LAMBDA || s->kind == SCOPE_COMPREHENSION;
}

/* -- Pass 1: the walk -------------------------------------------------------------------- */

static int visit_stmt(Builder *b, Node *n);
static int visit_expr(Builder *b, Node *n);

static int visit_stmts(Builder *b, NodeList l) {
  for (int i = 0; i < l.count; i++)
    if (!visit_stmt(b, l.items[i])) return 0;
  return 1;
}

static int visit_exprs(Builder *b, NodeList l) {
  for (int i = 0; i < l.count; i++)
    if (l.items[i] && !visit_expr(b, l.items[i])) return 0;
  return 1;
}

static int visit_opt(Builder *b, Node *n) { return !n || visit_expr(b, n); }

/* Defaults and annotations are evaluated in the enclosing scope. */
static int visit_arg_exprs(Builder *b, Node *args, int annotations) {
  if (!visit_exprs(b, args->v.arguments.defaults) || !visit_exprs(b, args->v.arguments.kw_defaults))
    return 0;
  if (!annotations) return 1;
  NodeList lists[3] = {args->v.arguments.posonlyargs, args->v.arguments.args,
                       args->v.arguments.kwonlyargs};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < lists[k].count; i++)
      if (!visit_opt(b, lists[k].items[i]->v.arg.annotation)) return 0;
  return visit_opt(b, args->v.arguments.vararg ? args->v.arguments.vararg->v.arg.annotation : NULL) &&
         visit_opt(b, args->v.arguments.kwarg ? args->v.arguments.kwarg->v.arg.annotation : NULL);
}

static int add_param(Builder *b, Scope *s, Node *arg, int *cap) {
  if (!add_def(b, s, arg->v.arg.arg, SYMF_PARAM, arg)) return 0;
  if (s->nvarnames == *cap &&
      !(s->varnames = grow(b, s->varnames, s->nvarnames, cap, sizeof *s->varnames)))
    return 0;
  s->varnames[s->nvarnames++] = arg->v.arg.arg;
  return 1;
}

/* Parameters in CPython's co_varnames order: posonly, regular, kwonly, *args, **kwargs. */
static int add_params(Builder *b, Scope *s, Node *args, int *cap) {
  NodeList lists[3] = {args->v.arguments.posonlyargs, args->v.arguments.args,
                       args->v.arguments.kwonlyargs};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < lists[k].count; i++)
      if (!add_param(b, s, lists[k].items[i], cap)) return 0;
  s->posonlyargcount = lists[0].count;
  s->argcount = lists[0].count + lists[1].count;
  s->kwonlyargcount = lists[2].count;
  if (args->v.arguments.vararg) {
    s->has_varargs = 1;
    if (!add_param(b, s, args->v.arguments.vararg, cap)) return 0;
  }
  if (args->v.arguments.kwarg) {
    s->has_varkw = 1;
    if (!add_param(b, s, args->v.arguments.kwarg, cap)) return 0;
  }
  return 1;
}

/* Runs body inside a new function-like scope with the given parameters. */
static int function_scope(Builder *b, ScopeKind kind, const char *name, Node *node, Node *args,
                          NodeList *body, Node *expr_body) {
  Scope *outer = b->cur;
  int loops = b->loop_depth, cap = 0;
  Scope *s = enter_scope(b, kind, name, node);
  if (!s || !add_params(b, s, args, &cap)) return 0;
  b->loop_depth = 0;
  int ok = body ? visit_stmts(b, *body) : visit_expr(b, expr_body);
  b->loop_depth = loops;
  b->cur = outer;
  return ok;
}

static int visit_funcdef(Builder *b, Node *n) {
  if (!add_def(b, b->cur, n->v.FunctionDef.name, SYMF_ASSIGNED, n)) return 0;
  if (!visit_exprs(b, n->v.FunctionDef.decorator_list)) return 0;
  if (!visit_arg_exprs(b, n->v.FunctionDef.args, 1) || !visit_opt(b, n->v.FunctionDef.returns))
    return 0;
  return function_scope(b, SCOPE_FUNCTION, n->v.FunctionDef.name, n, n->v.FunctionDef.args,
                        &n->v.FunctionDef.body, NULL);
}

static int visit_classdef(Builder *b, Node *n) {
  if (!add_def(b, b->cur, n->v.ClassDef.name, SYMF_ASSIGNED, n)) return 0;
  if (!visit_exprs(b, n->v.ClassDef.decorator_list) || !visit_exprs(b, n->v.ClassDef.bases))
    return 0;
  for (int i = 0; i < n->v.ClassDef.keywords.count; i++)
    if (!visit_expr(b, n->v.ClassDef.keywords.items[i]->v.keyword.value)) return 0;
  Scope *outer = b->cur;
  int loops = b->loop_depth;
  if (!enter_scope(b, SCOPE_CLASS, n->v.ClassDef.name, n)) return 0;
  b->loop_depth = 0;
  int ok = visit_stmts(b, n->v.ClassDef.body);
  b->loop_depth = loops;
  b->cur = outer;
  return ok;
}

static const char *directive_name(NodeKind k) { return k == AST_Global ? "global" : "nonlocal"; }

static int visit_directive(Builder *b, Node *n) {
  int is_global = n->kind == AST_Global;
  if (!is_global && b->cur->kind == SCOPE_MODULE)
    return error_node(b, n, "nonlocal declaration not allowed at module level");
  IdList names = n->v.Global.names;
  for (int i = 0; i < names.count; i++) {
    const char *name = names.items[i];
    Symbol *sym = get_symbol(b, b->cur, name, n->lineno, n->col);
    if (!sym) return 0;
    int f = sym->flags;
    const char *what = directive_name(n->kind);
    if (f & SYMF_PARAM) return error_node(b, n, "name '%s' is parameter and %s", name, what);
    if (f & SYMF_USED) return error_node(b, n, "name '%s' is used prior to %s declaration", name, what);
    if (f & SYMF_ANNOT) return error_node(b, n, "annotated name '%s' can't be %s", name, what);
    if (f & SYMF_ASSIGNED)
      return error_node(b, n, "name '%s' is assigned to before %s declaration", name, what);
    if ((f & (is_global ? SYMF_NONLOCAL : SYMF_GLOBAL)))
      return error_node(b, n, "name '%s' is nonlocal and global", name);
    sym->flags |= is_global ? SYMF_GLOBAL : SYMF_NONLOCAL;
    sym->lineno = n->lineno;
    sym->col = n->col;
  }
  return 1;
}

static int visit_alias(Builder *b, Node *a) {
  const char *name = a->v.alias.asname ? a->v.alias.asname : a->v.alias.name;
  if (strcmp(name, "*") == 0) {
    if (b->cur->kind != SCOPE_MODULE) return error_node(b, a, "import * only allowed at module level");
    return 1;
  }
  const char *dot = strchr(name, '.');
  if (dot && !(name = arena_strndup(b->a, name, (size_t)(dot - name)))) return oom(b);
  return add_def(b, b->cur, name, SYMF_ASSIGNED | SYMF_IMPORT, a);
}

static int visit_loop_body(Builder *b, NodeList body, NodeList orelse) {
  b->loop_depth++;
  int ok = visit_stmts(b, body);
  b->loop_depth--;
  return ok && visit_stmts(b, orelse);
}

static int visit_try(Builder *b, Node *n) {
  if (!visit_stmts(b, n->v.Try.body)) return 0;
  for (int i = 0; i < n->v.Try.handlers.count; i++) {
    Node *h = n->v.Try.handlers.items[i];
    if (!visit_opt(b, h->v.excepthandler.type)) return 0;
    if (h->v.excepthandler.name && !add_def(b, b->cur, h->v.excepthandler.name, SYMF_ASSIGNED, h))
      return 0;
    if (!visit_stmts(b, h->v.excepthandler.body)) return 0;
  }
  return visit_stmts(b, n->v.Try.orelse) && visit_stmts(b, n->v.Try.finalbody);
}

static int visit_annassign(Builder *b, Node *n) {
  Node *t = n->v.AnnAssign.target;
  if (t->kind == AST_Name) {
    Symbol *sym = get_symbol(b, b->cur, t->v.Name.id, t->lineno, t->col);
    if (!sym) return 0;
    if ((sym->flags & (SYMF_GLOBAL | SYMF_NONLOCAL)) && n->v.AnnAssign.simple)
      return error_node(b, t, "annotated name '%s' can't be %s", t->v.Name.id,
                        sym->flags & SYMF_GLOBAL ? "global" : "nonlocal");
    if (!add_def(b, b->cur, t->v.Name.id, SYMF_ASSIGNED | SYMF_ANNOT, t)) return 0;
  } else if (!visit_expr(b, t)) {
    return 0;
  }
  return visit_expr(b, n->v.AnnAssign.annotation) && visit_opt(b, n->v.AnnAssign.value);
}

static int visit_stmt(Builder *b, Node *n) {
  switch (n->kind) {
    case AST_FunctionDef: return visit_funcdef(b, n);
    case AST_ClassDef: return visit_classdef(b, n);
    case AST_Return:
      if (!is_function_like(b->cur)) return error_node(b, n, "'return' outside function");
      return visit_opt(b, n->v.Return.value);
    case AST_Delete: return visit_exprs(b, n->v.Delete.targets);
    case AST_Assign: return visit_exprs(b, n->v.Assign.targets) && visit_expr(b, n->v.Assign.value);
    case AST_AugAssign: return visit_expr(b, n->v.AugAssign.target) && visit_expr(b, n->v.AugAssign.value);
    case AST_AnnAssign: return visit_annassign(b, n);
    case AST_For:
      return visit_expr(b, n->v.For.target) && visit_expr(b, n->v.For.iter) &&
             visit_loop_body(b, n->v.For.body, n->v.For.orelse);
    case AST_While:
      return visit_expr(b, n->v.While.test) && visit_loop_body(b, n->v.While.body, n->v.While.orelse);
    case AST_If:
      return visit_expr(b, n->v.If.test) && visit_stmts(b, n->v.If.body) && visit_stmts(b, n->v.If.orelse);
    case AST_With:
      for (int i = 0; i < n->v.With.items.count; i++) {
        Node *it = n->v.With.items.items[i];
        if (!visit_expr(b, it->v.withitem.context_expr) || !visit_opt(b, it->v.withitem.optional_vars))
          return 0;
      }
      return visit_stmts(b, n->v.With.body);
    case AST_Raise: return visit_opt(b, n->v.Raise.exc) && visit_opt(b, n->v.Raise.cause);
    case AST_Try: return visit_try(b, n);
    case AST_Assert: return visit_expr(b, n->v.Assert.test) && visit_opt(b, n->v.Assert.msg);
    case AST_Import:
    case AST_ImportFrom: {
      NodeList names = n->kind == AST_Import ? n->v.Import.names : n->v.ImportFrom.names;
      for (int i = 0; i < names.count; i++)
        if (!visit_alias(b, names.items[i])) return 0;
      return 1;
    }
    case AST_Global:
    case AST_Nonlocal: return visit_directive(b, n);
    case AST_Expr: return visit_expr(b, n->v.Expr.value);
    case AST_Break:
      if (!b->loop_depth) return error_node(b, n, "'break' outside loop");
      return 1;
    case AST_Continue:
      if (!b->loop_depth) return error_node(b, n, "'continue' not properly in loop");
      return 1;
    default: return 1;
  }
}

static const char *comp_desc(NodeKind k) {
  switch (k) {
    case AST_ListComp: return "list comprehension";
    case AST_SetComp: return "set comprehension";
    case AST_DictComp: return "dict comprehension";
    default: return "generator expression";
  }
}

static const char *comp_scope_name(NodeKind k) {
  switch (k) {
    case AST_ListComp: return "<listcomp>";
    case AST_SetComp: return "<setcomp>";
    case AST_DictComp: return "<dictcomp>";
    default: return "<genexpr>";
  }
}

static int visit_comp_target(Builder *b, Node *target) {
  b->comp_iter++;
  int ok = visit_expr(b, target);
  b->comp_iter--;
  return ok;
}

/* The first iterable is evaluated outside; everything else inside the new scope. */
static int visit_comprehension(Builder *b, Node *n, Node *elt, Node *value, NodeList gens) {
  Node *first = gens.items[0];
  if (!visit_expr(b, first->v.comprehension.iter)) return 0;
  Scope *outer = b->cur;
  int loops = b->loop_depth, cap = 0;
  Scope *s = enter_scope(b, SCOPE_COMPREHENSION, comp_scope_name(n->kind), n);
  if (!s) return 0;
  s->is_generator = n->kind == AST_GeneratorExp;
  Node dot0 = *n;
  dot0.kind = AST_arg;
  dot0.v.arg.arg = ".0";
  dot0.v.arg.annotation = NULL;
  if (!add_param(b, s, &dot0, &cap)) return 0;
  s->argcount = 1;
  b->loop_depth = 0;
  int ok = 1;
  for (int i = 0; ok && i < gens.count; i++) {
    Node *g = gens.items[i];
    ok = visit_comp_target(b, g->v.comprehension.target) &&
         (i == 0 || visit_expr(b, g->v.comprehension.iter)) && visit_exprs(b, g->v.comprehension.ifs);
  }
  ok = ok && visit_expr(b, elt) && visit_opt(b, value);
  b->loop_depth = loops;
  b->cur = outer;
  return ok;
}

/* A walrus target in a comprehension binds in the nearest enclosing function or module. */
static int visit_namedexpr_target(Builder *b, Node *target) {
  const char *name = target->v.Name.id;
  if (b->cur->kind != SCOPE_COMPREHENSION) return add_def(b, b->cur, name, SYMF_ASSIGNED, target);
  for (Scope *s = b->cur; s; s = s->parent) {
    if (s->kind == SCOPE_COMPREHENSION) {
      int k = find_index(s, name);
      if (k >= 0 && (s->syms[k].flags & SYMF_COMP_ITER))
        return error_node(b, target,
                          "assignment expression cannot rebind comprehension iteration variable '%s'",
                          name);
      continue;
    }
    if (s->kind == SCOPE_CLASS)
      return error_node(b, target,
                        "assignment expression within a comprehension cannot be used in a class body");
    if (s->kind == SCOPE_MODULE)
      return add_def(b, b->cur, name, SYMF_GLOBAL, target) && add_def(b, s, name, SYMF_GLOBAL, target);
    int k = find_index(s, name);
    int global = k >= 0 && (s->syms[k].flags & SYMF_GLOBAL);
    return add_def(b, b->cur, name, global ? SYMF_GLOBAL : SYMF_NONLOCAL, target) &&
           add_def(b, s, name, SYMF_ASSIGNED, target);
  }
  return 1;
}

static int visit_yield(Builder *b, Node *n) {
  Scope *s = b->cur;
  if (s->kind == SCOPE_MODULE || s->kind == SCOPE_CLASS)
    return error_node(b, n, "'yield' outside function");
  if (s->kind == SCOPE_COMPREHENSION)
    return error_node(b, n, "'yield' inside %s", comp_desc(s->node->kind));
  s->is_generator = 1;
  return visit_opt(b, n->v.Yield.value);
}

static int visit_name(Builder *b, Node *n) {
  if (n->v.Name.ctx != CTX_Load) return add_def(b, b->cur, n->v.Name.id, SYMF_ASSIGNED, n);
  if (!add_def(b, b->cur, n->v.Name.id, SYMF_USED, n)) return 0;
  if (is_function_like(b->cur) && strcmp(n->v.Name.id, "super") == 0)
    return add_def(b, b->cur, "__class__", SYMF_USED, n);
  return 1;
}

static int visit_expr(Builder *b, Node *n) {
  switch (n->kind) {
    case AST_BoolOp: return visit_exprs(b, n->v.BoolOp.values);
    case AST_NamedExpr:
      return visit_expr(b, n->v.NamedExpr.value) && visit_namedexpr_target(b, n->v.NamedExpr.target);
    case AST_BinOp: return visit_expr(b, n->v.BinOp.left) && visit_expr(b, n->v.BinOp.right);
    case AST_UnaryOp: return visit_expr(b, n->v.UnaryOp.operand);
    case AST_Lambda:
      return visit_arg_exprs(b, n->v.Lambda.args, 0) &&
             function_scope(b, SCOPE_LAMBDA, "<lambda>", n, n->v.Lambda.args, NULL, n->v.Lambda.body);
    case AST_IfExp:
      return visit_expr(b, n->v.IfExp.test) && visit_expr(b, n->v.IfExp.body) &&
             visit_expr(b, n->v.IfExp.orelse);
    case AST_Dict: return visit_exprs(b, n->v.Dict.keys) && visit_exprs(b, n->v.Dict.values);
    case AST_Set: return visit_exprs(b, n->v.Set.elts);
    case AST_ListComp:
    case AST_SetComp:
    case AST_GeneratorExp:
      return visit_comprehension(b, n, n->v.ListComp.elt, NULL, n->v.ListComp.generators);
    case AST_DictComp:
      return visit_comprehension(b, n, n->v.DictComp.key, n->v.DictComp.value,
                                 n->v.DictComp.generators);
    case AST_Yield:
    case AST_YieldFrom: return visit_yield(b, n);
    case AST_Compare: return visit_expr(b, n->v.Compare.left) && visit_exprs(b, n->v.Compare.comparators);
    case AST_Call:
      if (!visit_expr(b, n->v.Call.func) || !visit_exprs(b, n->v.Call.args)) return 0;
      for (int i = 0; i < n->v.Call.keywords.count; i++)
        if (!visit_expr(b, n->v.Call.keywords.items[i]->v.keyword.value)) return 0;
      return 1;
    case AST_FormattedValue:
      return visit_expr(b, n->v.FormattedValue.value) && visit_opt(b, n->v.FormattedValue.format_spec);
    case AST_JoinedStr: return visit_exprs(b, n->v.JoinedStr.values);
    case AST_Attribute: return visit_expr(b, n->v.Attribute.value);
    case AST_Subscript: return visit_expr(b, n->v.Subscript.value) && visit_expr(b, n->v.Subscript.slice);
    case AST_Starred: return visit_expr(b, n->v.Starred.value);
    case AST_Name: return visit_name(b, n);
    case AST_List:
    case AST_Tuple: return visit_exprs(b, n->v.Tuple.elts);
    case AST_Slice:
      return visit_opt(b, n->v.Slice.lower) && visit_opt(b, n->v.Slice.upper) &&
             visit_opt(b, n->v.Slice.step);
    default: return 1;
  }
}

/* -- Name sets for pass 2 ---------------------------------------------------------------- */

/* A small open-addressed string set (malloc'd: it lives only during analysis). Deleted
   entries become tombstones. */
#define TOMB ((const char *)1)
typedef struct NameSet { const char **slots; int cap, used; } NameSet;

static void set_free(NameSet *s) { free(s->slots); memset(s, 0, sizeof *s); }

static int set_has(const NameSet *s, const char *name) {
  if (!s->cap) return 0;
  uint32_t mask = (uint32_t)s->cap - 1;
  for (uint32_t i = str_hash(name) & mask; s->slots[i]; i = (i + 1) & mask)
    if (s->slots[i] != TOMB && strcmp(s->slots[i], name) == 0) return 1;
  return 0;
}

static int set_add(NameSet *s, const char *name);

static int set_resize(NameSet *s, int cap) {
  NameSet n = {calloc((size_t)cap, sizeof(const char *)), cap, 0};
  if (!n.slots) return 0;
  for (int i = 0; i < s->cap; i++)
    if (s->slots[i] && s->slots[i] != TOMB) set_add(&n, s->slots[i]);
  free(s->slots);
  *s = n;
  return 1;
}

static int set_add(NameSet *s, const char *name) {
  if (set_has(s, name)) return 1;
  if ((s->used + 1) * 2 > s->cap && !set_resize(s, s->cap ? s->cap * 2 : 16)) return 0;
  uint32_t mask = (uint32_t)s->cap - 1, i = str_hash(name) & mask;
  while (s->slots[i] && s->slots[i] != TOMB) i = (i + 1) & mask;
  if (!s->slots[i]) s->used++;
  s->slots[i] = name;
  return 1;
}

static void set_del(NameSet *s, const char *name) {
  if (!s->cap) return;
  uint32_t mask = (uint32_t)s->cap - 1;
  for (uint32_t i = str_hash(name) & mask; s->slots[i]; i = (i + 1) & mask)
    if (s->slots[i] != TOMB && strcmp(s->slots[i], name) == 0) { s->slots[i] = TOMB; return; }
}

static int set_union(NameSet *dst, const NameSet *src) {
  for (int i = 0; i < src->cap; i++)
    if (src->slots[i] && src->slots[i] != TOMB && !set_add(dst, src->slots[i])) return 0;
  return 1;
}

/* -- Pass 2: analysis -------------------------------------------------------------------- */

static int analyze_name(Builder *b, Scope *s, Symbol *sym, NameSet *bound, NameSet *local,
                        NameSet *free, NameSet *global) {
  int f = sym->flags;
  if (f & SYMF_GLOBAL) {
    if (f & SYMF_NONLOCAL) return error_at(b, sym->lineno, sym->col, "name '%s' is nonlocal and global", sym->name);
    sym->scope = NS_GLOBAL_EXPLICIT;
    set_del(bound, sym->name);
    return set_add(global, sym->name) || oom(b);
  }
  if (f & SYMF_NONLOCAL) {
    if (!set_has(bound, sym->name))
      return error_at(b, sym->lineno, sym->col, "no binding for nonlocal '%s' found", sym->name);
    sym->scope = NS_FREE;
    s->child_free = 1;
    return set_add(free, sym->name) || oom(b);
  }
  if (f & (SYMF_ASSIGNED | SYMF_PARAM)) {
    sym->scope = NS_LOCAL;
    set_del(global, sym->name);
    return set_add(local, sym->name) || oom(b);
  }
  if (set_has(bound, sym->name)) {
    sym->scope = NS_FREE;
    s->child_free = 1;
    return set_add(free, sym->name) || oom(b);
  }
  sym->scope = NS_GLOBAL_IMPLICIT;
  return 1;
}

/* Locals that inner scopes need become cells; they are no longer free above. */
static void analyze_cells(Scope *s, NameSet *free) {
  for (int i = 0; i < s->nsyms; i++) {
    Symbol *sym = &s->syms[i];
    if (sym->scope == NS_LOCAL && set_has(free, sym->name)) {
      sym->scope = NS_CELL;
      set_del(free, sym->name);
    }
  }
}

/* Free names of inner scopes that pass through s become FREE symbols of s. */
static int update_symbols(Builder *b, Scope *s, NameSet *bound, NameSet *free) {
  for (int i = 0; i < free->cap; i++) {
    const char *name = free->slots[i];
    if (!name || name == TOMB) continue;
    int k = find_index(s, name);
    if (k >= 0) {
      Symbol *sym = &s->syms[k];
      if (s->kind == SCOPE_CLASS && (sym->flags & (SYMF_ASSIGNED | SYMF_PARAM | SYMF_GLOBAL)))
        sym->flags |= SYMF_FREE_CLASS;
      continue;
    }
    if (!set_has(bound, name)) continue;  /* a global */
    Symbol *sym = get_symbol(b, s, name, 0, 0);
    if (!sym) return 0;
    sym->scope = NS_FREE;
  }
  return 1;
}

static int analyze(Builder *b, Scope *s, NameSet *bound, NameSet *global, NameSet *free_out);

static int analyze_child(Builder *b, Scope *c, NameSet *bound, NameSet *global, NameSet *allfree) {
  NameSet tb = {0}, tg = {0}, tf = {0};
  int ok = (set_union(&tb, bound) && set_union(&tg, global)) || oom(b);
  ok = ok && analyze(b, c, &tb, &tg, &tf) && (set_union(allfree, &tf) || oom(b));
  set_free(&tb);
  set_free(&tg);
  set_free(&tf);
  return ok;
}

static int analyze(Builder *b, Scope *s, NameSet *bound, NameSet *global, NameSet *free_out) {
  NameSet local = {0}, newbound = {0}, newglobal = {0}, allfree = {0};
  int ok = 1;
  if (s->kind == SCOPE_CLASS)
    ok = (set_union(&newglobal, global) && set_union(&newbound, bound)) || oom(b);
  for (int i = 0; ok && i < s->nsyms; i++)
    ok = analyze_name(b, s, &s->syms[i], bound, &local, free_out, global);
  if (ok && s->kind != SCOPE_CLASS) {
    if (is_function_like(s)) ok = set_union(&newbound, &local) || oom(b);
    ok = ok && ((set_union(&newbound, bound) && set_union(&newglobal, global)) || oom(b));
  } else if (ok) {
    ok = set_add(&newbound, "__class__") || oom(b);
  }
  for (int i = 0; ok && i < s->nchildren; i++)
    ok = analyze_child(b, s->children[i], &newbound, &newglobal, &allfree);
  if (ok) {
    if (is_function_like(s)) analyze_cells(s, &allfree);
    if (s->kind == SCOPE_CLASS && set_has(&allfree, "__class__")) {
      s->needs_class_cell = 1;
      set_del(&allfree, "__class__");
    }
    ok = update_symbols(b, s, bound, &allfree) && (set_union(free_out, &allfree) || oom(b));
  }
  set_free(&local);
  set_free(&newbound);
  set_free(&newglobal);
  set_free(&allfree);
  return ok;
}

/* -- Result lists ------------------------------------------------------------------------ */

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int finish_scope(Builder *b, Scope *s) {
  int ncell = 0, nfree = 0, nlocal = 0;
  for (int i = 0; i < s->nsyms; i++) {
    Symbol *sym = &s->syms[i];
    ncell += sym->scope == NS_CELL;
    nfree += sym->scope == NS_FREE || (sym->flags & SYMF_FREE_CLASS);
    nlocal += sym->scope == NS_LOCAL && !(sym->flags & SYMF_PARAM);
  }
  ncell += s->needs_class_cell;
  s->cellvars = arena_alloc(b->a, sizeof(char *) * (size_t)(ncell + 1));
  s->freevars = arena_alloc(b->a, sizeof(char *) * (size_t)(nfree + 1));
  if (!s->cellvars || !s->freevars) return oom(b);
  if (s->needs_class_cell) s->cellvars[s->ncellvars++] = "__class__";
  if (is_function_like(s)) {
    const char **v = arena_alloc(b->a, sizeof(char *) * (size_t)(s->nvarnames + nlocal + 1));
    if (!v) return oom(b);
    if (s->nvarnames) memcpy(v, s->varnames, sizeof(char *) * (size_t)s->nvarnames);
    s->varnames = v;
  }
  for (int i = 0; i < s->nsyms; i++) {
    Symbol *sym = &s->syms[i];
    if (sym->scope == NS_CELL) s->cellvars[s->ncellvars++] = sym->name;
    if (sym->scope == NS_FREE || (sym->flags & SYMF_FREE_CLASS)) s->freevars[s->nfreevars++] = sym->name;
    if (is_function_like(s) && sym->scope == NS_LOCAL && !(sym->flags & SYMF_PARAM))
      s->varnames[s->nvarnames++] = sym->name;
  }
  qsort(s->cellvars, (size_t)s->ncellvars, sizeof(char *), cmp_str);
  qsort(s->freevars, (size_t)s->nfreevars, sizeof(char *), cmp_str);
  for (int i = 0; i < s->nchildren; i++)
    if (!finish_scope(b, s->children[i])) return 0;
  return 1;
}

/* -- API --------------------------------------------------------------------------------- */

int symtable_build(SymTable *st, Arena *a, Node *module, const char *src, size_t len,
                   ParseError *err) {
  memset(st, 0, sizeof *st);
  st->a = a;
  Builder b = {st, a, err, src, len, NULL, 0, 0, 0};
  memset(err, 0, sizeof *err);
  if (!(st->top = enter_scope(&b, SCOPE_MODULE, "<module>", module))) return -1;
  if (module->kind == AST_Module && !visit_stmts(&b, module->v.Module.body)) return -1;
  if (module->kind == AST_Expression && !visit_expr(&b, module->v.Expression.body)) return -1;
  NameSet bound = {0}, global = {0}, free = {0};
  int ok = analyze(&b, st->top, &bound, &global, &free);
  set_free(&bound);
  set_free(&global);
  set_free(&free);
  if (!ok || !finish_scope(&b, st->top)) return -1;
  return 0;
}

const Symbol *symtable_symbol(const Scope *s, const char *name) {
  int k = find_index(s, name);
  return k >= 0 ? &s->syms[k] : NULL;
}

NameScope symtable_lookup(const Scope *s, const char *name) {
  const Symbol *sym = symtable_symbol(s, name);
  return sym ? sym->scope : NS_GLOBAL_IMPLICIT;
}

static void dump_list(FILE *out, const char *label, const char **names, int n) {
  fprintf(out, " %s=[", label);
  for (int i = 0; i < n; i++) fprintf(out, "%s%s", i ? "," : "", names[i]);
  fputc(']', out);
}

static void dump_scope(FILE *out, const Scope *s, int indent) {
  static const char *const kinds[] = {"module", "function", "lambda", "class", "comprehension"};
  fprintf(out, "%*s%s %s%s:", indent, "", kinds[s->kind], s->name, s->is_generator ? " generator" : "");
  for (int i = 0; i < s->nsyms; i++)
    fprintf(out, " %s=%s", s->syms[i].name, symtable_namescope_names[s->syms[i].scope]);
  if (is_function_like(s)) dump_list(out, "varnames", s->varnames, s->nvarnames);
  dump_list(out, "cells", s->cellvars, s->ncellvars);
  dump_list(out, "frees", s->freevars, s->nfreevars);
  fputc('\n', out);
  for (int i = 0; i < s->nchildren; i++) dump_scope(out, s->children[i], indent + 2);
}

void symtable_dump(FILE *out, const SymTable *st) {
  if (st->top) dump_scope(out, st->top, 0);
}
