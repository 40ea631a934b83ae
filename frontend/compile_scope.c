/* compile_scope.c: what opens a scope (module, def, lambda, class, comprehension), name
 * resolution through the symbol table, closures, and the public entry points.
 *
 * A nested scope is compiled to completion before its parent continues, so its Code (with its
 * hash) is ready to become a constant of the parent. Each unit's local names are laid out as
 * the symbol table orders them: varnames (parameters first), then cellvars, then freevars; a
 * parameter that is also a cell keeps its plain slot for the argument and records in
 * cell_of_arg which argument initializes the cell.
 */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

/* -- Units from scopes --------------------------------------------------------------------- */

static bool is_function_like(UnitKind k) { return k == UNIT_FUNCTION || k == UNIT_LAMBDA || k == UNIT_COMP; }

static int param_index(const Scope *sc, const char *name)
{
  int nparams = sc->argcount + sc->kwonlyargcount + !!sc->has_varargs + !!sc->has_varkw;
  for (int i = 0; i < nparams && i < sc->nvarnames; i++)
    if (strcmp(sc->varnames[i], name) == 0)
      return i;
  return -1;
}

static bool add_localsplus(Compiler *c, const Scope *sc)
{
  Unit *u = c->u;
  if (is_function_like(u->kind)) {
    for (int i = 0; i < sc->nvarnames; i++, u->nlocals++)
      if (comp_add_local(c, sc->varnames[i]) < 0)
        return false;
  }
  if (sc->ncellvars && !(u->cell_of_arg = malloc(sizeof(int32_t) * (size_t)sc->ncellvars))) {
    comp_nomem(c);
    return false;
  }
  for (int i = 0; i < sc->ncellvars; i++, u->ncells++) {
    if (comp_add_local(c, sc->cellvars[i]) < 0)
      return false;
    u->cell_of_arg[i] = is_function_like(u->kind) ? param_index(sc, sc->cellvars[i]) : -1;
  }
  for (int i = 0; i < sc->nfreevars; i++, u->nfree++)
    if (comp_add_local(c, sc->freevars[i]) < 0)
      return false;
  return true;
}

/* Opens the unit for node's scope; on success the caller must end with comp_leave. */
static bool enter_scope(Compiler *c, UnitKind kind, Node *node, const char *name, int lineno)
{
  Scope *sc = symtable_scope_of(c->st, node);
  if (!sc && node->kind == AST_Expression)
    sc = c->st->top;
  if (!sc) {
    comp_error_kind(c, "SystemError", node, "compiler: no scope for %s", ast_kind_names[node->kind]);
    return false;
  }
  bool nested = c->u && is_function_like(c->u->kind);
  if (!comp_enter(c, kind, sc, name, lineno))
    return false;
  Unit *u = c->u;
  if (is_function_like(kind)) {
    u->argcount = sc->argcount;
    u->posonlycount = sc->posonlyargcount;
    u->kwonlycount = sc->kwonlyargcount;
    u->flags = (sc->has_varargs ? CO_VARARGS : 0) | (sc->has_varkw ? CO_VARKEYWORDS : 0) |
               (sc->is_generator ? CO_GENERATOR : 0) | (nested ? CO_NESTED : 0);
  } else {
    u->flags = kind == UNIT_CLASS ? CO_CLASSBODY : CO_MODULE;
  }
  if (!add_localsplus(c, sc)) {
    c->u = u->parent;
    comp_unit_free(u);
    return false;
  }
  return true;
}

/* -- Names ---------------------------------------------------------------------------------- */

static int find_slot(Compiler *c, const char *name, int from, int to, const Node *at)
{
  Unit *u = c->u;
  for (int i = from; i < to; i++)
    if (strcmp(u->locals[i], name) == 0)
      return i;
  comp_error_kind(c, "SystemError", at, "compiler: no slot for '%s' in %s", name, u->qualname);
  return 0;
}

static int deref_slot(Compiler *c, const char *name, const Node *at)
{
  Unit *u = c->u;
  return find_slot(c, name, u->nlocals, u->nlocals + u->ncells + u->nfree, at);
}

void comp_name_op(Compiler *c, const char *name, ExprContext ctx, const Node *at)
{
  static const Opcode fast[] = {OP_LOAD_FAST, OP_STORE_FAST, OP_DELETE_FAST};
  static const Opcode deref[] = {OP_LOAD_DEREF, OP_STORE_DEREF, OP_DELETE_DEREF};
  static const Opcode global[] = {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL};
  static const Opcode byname[] = {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME};
  Unit *u = c->u;
  if (c->failed)
    return;
  NameScope ns = symtable_lookup(u->scope, name);
  if (u->kind == UNIT_MODULE) {
    comp_emit(c, global[ctx], comp_name_mangled(c, name));
    return;
  }
  switch (ns) {
  case NS_GLOBAL_EXPLICIT:
    comp_emit(c, global[ctx], comp_name_mangled(c, name));
    return;
  case NS_FREE: case NS_CELL: {
    int slot = deref_slot(c, name, at);
    Opcode op = u->kind == UNIT_CLASS && ctx == CTX_Load ? OP_LOAD_CLASSDEREF : deref[ctx];
    comp_emit(c, op, slot);
    return;
  }
  case NS_LOCAL: case NS_GLOBAL_IMPLICIT: default:
    if (u->kind == UNIT_CLASS)
      comp_emit(c, byname[ctx], comp_name_mangled(c, name));
    else if (ns == NS_LOCAL)
      comp_emit(c, fast[ctx], find_slot(c, name, 0, u->nlocals, at));
    else
      comp_emit(c, global[ctx], comp_name_mangled(c, name));
    return;
  }
}

/* -- Making functions ------------------------------------------------------------------------- */

/* Pushes the closure tuple for a child scope's free variables; returns the MAKE_FUNCTION flag. */
static int push_closure(Compiler *c, const Scope *child, const Node *at)
{
  if (child->nfreevars == 0)
    return 0;
  for (int i = 0; i < child->nfreevars; i++)
    comp_emit(c, OP_LOAD_CLOSURE, deref_slot(c, child->freevars[i], at));
  comp_emit(c, OP_BUILD_TUPLE, child->nfreevars);
  return 8;
}

static void make_function(Compiler *c, Code *co, const Scope *sc, int flags, const Node *at)
{
  flags |= push_closure(c, sc, at);
  comp_emit(c, OP_LOAD_CONST, comp_const_code(c, co));
  comp_emit(c, OP_MAKE_FUNCTION, flags);
}

/* Pushes positional defaults (a tuple) and keyword-only defaults (a dict); returns the flags. */
static int push_defaults(Compiler *c, Node *args)
{
  int flags = 0;
  NodeList *defs = &args->v.arguments.defaults;
  if (defs->count) {
    Node tuple = {.kind = AST_Tuple, .lineno = args->lineno, .v.Tuple = {*defs, CTX_Load}};
    if (!comp_expr(c, &tuple))
      return -1;
    flags |= 1;
  }
  NodeList *kw = &args->v.arguments.kwonlyargs, *kwd = &args->v.arguments.kw_defaults;
  int n = 0;
  for (int i = 0; i < kw->count; i++) {
    if (i >= kwd->count || !kwd->items[i])
      continue;
    const char *name = kw->items[i]->v.arg.arg;
    comp_emit(c, OP_LOAD_CONST, comp_const_str(c, name, strlen(name)));
    if (!comp_expr(c, kwd->items[i]))
      return -1;
    n++;
  }
  if (n) {
    comp_emit(c, OP_BUILD_MAP, n);
    flags |= 2;
  }
  return c->failed ? -1 : flags;
}

static bool push_decorators(Compiler *c, NodeList *decos)
{
  for (int i = 0; i < decos->count; i++) {
    if (!comp_expr(c, decos->items[i]))
      return false;
    comp_emit(c, OP_PUSH_NULL, 0);
  }
  return !c->failed;
}

static void apply_decorators(Compiler *c, NodeList *decos)
{
  for (int i = 0; i < decos->count; i++)
    comp_emit(c, OP_CALL, 1);
}

static const char *docstring(NodeList *body, size_t *len)
{
  if (body->count == 0 || body->items[0]->kind != AST_Expr)
    return NULL;
  Node *v = body->items[0]->v.Expr.value;
  if (v->kind != AST_Constant || v->v.Constant.kind != CONST_STR)
    return NULL;
  *len = v->v.Constant.len;
  return v->v.Constant.str;
}

static int first_lineno(Node *s, NodeList *decos)
{
  return decos && decos->count ? decos->items[0]->lineno : s->lineno;
}

bool comp_function_def(Compiler *c, Node *s)
{
  NodeList *decos = &s->v.FunctionDef.decorator_list;
  if (!push_decorators(c, decos))
    return false;
  int flags = push_defaults(c, s->v.FunctionDef.args);
  if (flags < 0 || !enter_scope(c, UNIT_FUNCTION, s, s->v.FunctionDef.name, first_lineno(s, decos)))
    return false;
  Scope *sc = c->u->scope;
  size_t doclen = 0;
  const char *doc = docstring(&s->v.FunctionDef.body, &doclen);
  if (doc)
    comp_const_str(c, doc, doclen);
  else
    comp_const_none(c);
  if (comp_body(c, &s->v.FunctionDef.body)) {
    comp_load_const_none(c);
    comp_emit(c, OP_RETURN_VALUE, 0);
  }
  Code *co = comp_leave(c);
  if (!co)
    return false;
  c->u->lineno = s->lineno;
  make_function(c, co, sc, flags, s);
  apply_decorators(c, decos);
  comp_name_op(c, s->v.FunctionDef.name, CTX_Store, s);
  return !c->failed;
}

bool comp_lambda(Compiler *c, Node *e)
{
  int flags = push_defaults(c, e->v.Lambda.args);
  if (flags < 0 || !enter_scope(c, UNIT_LAMBDA, e, "<lambda>", e->lineno))
    return false;
  Scope *sc = c->u->scope;
  comp_const_none(c);
  if (comp_expr(c, e->v.Lambda.body))
    comp_emit(c, OP_RETURN_VALUE, 0);
  Code *co = comp_leave(c);
  if (!co)
    return false;
  make_function(c, co, sc, flags, e);
  return !c->failed;
}

/* -- Classes ----------------------------------------------------------------------------------- */

/* Whether a module or class body has annotated assignments (outside nested scopes). */
static bool has_annotations(NodeList *body)
{
  for (int i = 0; i < body->count; i++) {
    Node *s = body->items[i];
    switch (s->kind) {
    case AST_AnnAssign: return true;
    case AST_For:
      if (has_annotations(&s->v.For.body) || has_annotations(&s->v.For.orelse)) return true;
      break;
    case AST_While:
      if (has_annotations(&s->v.While.body) || has_annotations(&s->v.While.orelse)) return true;
      break;
    case AST_If:
      if (has_annotations(&s->v.If.body) || has_annotations(&s->v.If.orelse)) return true;
      break;
    case AST_With:
      if (has_annotations(&s->v.With.body)) return true;
      break;
    case AST_Try:
      if (has_annotations(&s->v.Try.body) || has_annotations(&s->v.Try.orelse) ||
          has_annotations(&s->v.Try.finalbody))
        return true;
      for (int j = 0; j < s->v.Try.handlers.count; j++)
        if (has_annotations(&s->v.Try.handlers.items[j]->v.excepthandler.body)) return true;
      break;
    default:
      break;
    }
  }
  return false;
}

static void store_const_name(Compiler *c, int k, const char *name, Opcode store)
{
  comp_emit(c, OP_LOAD_CONST, k);
  comp_emit(c, store, comp_name(c, name));
}

static bool class_body(Compiler *c, Node *s)
{
  Unit *u = c->u;
  size_t doclen = 0;
  const char *doc = docstring(&s->v.ClassDef.body, &doclen);
  comp_const_none(c);
  comp_emit(c, OP_LOAD_GLOBAL, comp_name(c, "__name__"));
  comp_emit(c, OP_STORE_NAME, comp_name(c, "__module__"));
  store_const_name(c, comp_const_str(c, u->qualname, strlen(u->qualname)), "__qualname__",
                   OP_STORE_NAME);
  if (doc)
    store_const_name(c, comp_const_str(c, doc, doclen), "__doc__", OP_STORE_NAME);
  if (!c->future_annotations && has_annotations(&s->v.ClassDef.body))
    comp_emit(c, OP_SETUP_ANNOTATIONS, 0);
  if (!comp_body(c, &s->v.ClassDef.body))
    return false;
  u->lineno = s->lineno;
  if (u->scope->needs_class_cell) {
    comp_emit(c, OP_LOAD_CLOSURE, find_slot(c, "__class__", u->nlocals, u->nlocals + u->ncells, s));
    comp_emit(c, OP_STORE_NAME, comp_name(c, "__classcell__"));
  }
  comp_load_const_none(c);
  comp_emit(c, OP_RETURN_VALUE, 0);
  return !c->failed;
}

bool comp_class_def(Compiler *c, Node *s)
{
  NodeList *decos = &s->v.ClassDef.decorator_list;
  NodeList *bases = &s->v.ClassDef.bases, *kws = &s->v.ClassDef.keywords;
  if (!push_decorators(c, decos))
    return false;
  comp_emit(c, OP_LOAD_BUILD_CLASS, 0);
  if (!comp_call_is_ex(bases, kws))
    comp_emit(c, OP_PUSH_NULL, 0);
  if (!enter_scope(c, UNIT_CLASS, s, s->v.ClassDef.name, first_lineno(s, decos)))
    return false;
  Scope *sc = c->u->scope;
  class_body(c, s);
  Code *co = comp_leave(c);
  if (!co)
    return false;
  c->u->lineno = s->lineno;
  make_function(c, co, sc, 0, s);
  const char *name = s->v.ClassDef.name;
  comp_emit(c, OP_LOAD_CONST, comp_const_str(c, name, strlen(name)));
  if (!comp_call_helper(c, 2, bases, kws))
    return false;
  apply_decorators(c, decos);
  comp_name_op(c, name, CTX_Store, s);
  return !c->failed;
}

/* -- Comprehensions ------------------------------------------------------------------------------ */

/* The loop over generators[i] and everything inside it; ngen loops in all. */
static bool comp_loop(Compiler *c, Node *e, NodeList *gens, int i)
{
  Node *g = gens->items[i];
  int top = comp_new_label(c), next = comp_new_label(c), end = comp_new_label(c);
  if (g->v.comprehension.is_async) {
    comp_error(c, g, "asynchronous comprehension outside of an asynchronous function");
    return false;
  }
  if (i == 0) {
    comp_emit(c, OP_LOAD_FAST, 0);   /* .0, the iterator passed in */
  } else {
    if (!comp_expr(c, g->v.comprehension.iter))
      return false;
    comp_emit(c, OP_GET_ITER, 0);
  }
  comp_bind(c, top);
  comp_jump(c, OP_FOR_ITER, end);
  if (!comp_store(c, g->v.comprehension.target))
    return false;
  for (int k = 0; k < g->v.comprehension.ifs.count; k++)
    if (!comp_cond_jump(c, g->v.comprehension.ifs.items[k], false, next))
      return false;
  if (i + 1 < gens->count) {
    if (!comp_loop(c, e, gens, i + 1))
      return false;
  } else {
    int depth = gens->count + 1;
    c->u->lineno = e->lineno;
    switch (e->kind) {
    case AST_ListComp:
      if (!comp_expr(c, e->v.ListComp.elt)) return false;
      comp_emit(c, OP_LIST_APPEND, depth);
      break;
    case AST_SetComp:
      if (!comp_expr(c, e->v.SetComp.elt)) return false;
      comp_emit(c, OP_SET_ADD, depth);
      break;
    case AST_DictComp:
      if (!comp_expr(c, e->v.DictComp.key) || !comp_expr(c, e->v.DictComp.value)) return false;
      comp_emit(c, OP_MAP_ADD, depth);
      break;
    default:
      if (!comp_expr(c, e->v.GeneratorExp.elt)) return false;
      comp_emit(c, OP_YIELD_VALUE, 0);
      comp_emit(c, OP_POP_TOP, 0);
      break;
    }
  }
  comp_bind(c, next);
  comp_jump(c, OP_JUMP_BACKWARD, top);
  comp_bind(c, end);
  return !c->failed;
}

static NodeList *generators_of(Node *e)
{
  switch (e->kind) {
  case AST_ListComp: return &e->v.ListComp.generators;
  case AST_SetComp: return &e->v.SetComp.generators;
  case AST_DictComp: return &e->v.DictComp.generators;
  default: return &e->v.GeneratorExp.generators;
  }
}

bool comp_comprehension(Compiler *c, Node *e)
{
  static const char *const names[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
  static const Opcode build[] = {OP_BUILD_LIST, OP_BUILD_SET, OP_BUILD_MAP, OP_NOP};
  int k = e->kind == AST_ListComp ? 0 : e->kind == AST_SetComp ? 1 : e->kind == AST_DictComp ? 2 : 3;
  NodeList *gens = generators_of(e);
  if (!enter_scope(c, UNIT_COMP, e, names[k], e->lineno))
    return false;
  Scope *sc = c->u->scope;
  if (k == 3)
    c->u->flags |= CO_GENERATOR;
  comp_const_none(c);
  if (k < 3)
    comp_emit(c, build[k], 0);
  if (comp_loop(c, e, gens, 0)) {
    if (k == 3)
      comp_load_const_none(c);
    comp_emit(c, OP_RETURN_VALUE, 0);
  }
  Code *co = comp_leave(c);
  if (!co)
    return false;
  make_function(c, co, sc, 0, e);
  comp_emit(c, OP_PUSH_NULL, 0);
  if (!comp_expr(c, gens->items[0]->v.comprehension.iter))
    return false;
  comp_emit(c, OP_GET_ITER, 0);
  comp_emit(c, OP_CALL, 1);
  return !c->failed;
}

/* -- Entry points ---------------------------------------------------------------------------------- */

static void free_units(Compiler *c)
{
  while (c->u) {
    Unit *u = c->u;
    c->u = u->parent;
    comp_unit_free(u);
  }
}

static void init_compiler(Compiler *c, SymTable *st, const char *filename, CompileError *err)
{
  memset(c, 0, sizeof *c);
  memset(err, 0, sizeof *err);
  c->st = st;
  c->filename = filename ? filename : "<string>";
  c->err = err;
}

Code *compile_module(Node *module, SymTable *st, const char *filename, CompileError *err)
{
  Compiler c;
  init_compiler(&c, st, filename, err);
  if (!enter_scope(&c, UNIT_MODULE, module, "<module>", 1))
    return NULL;
  NodeList *body = &module->v.Module.body;
  size_t doclen = 0;
  const char *doc = docstring(body, &doclen);
  if (has_annotations(body))
    comp_emit(&c, OP_SETUP_ANNOTATIONS, 0);
  if (doc) {
    c.u->lineno = body->items[0]->lineno;
    store_const_name(&c, comp_const_str(&c, doc, doclen), "__doc__", OP_STORE_GLOBAL);
  }
  if (comp_body(&c, body)) {
    comp_load_const_none(&c);
    comp_emit(&c, OP_RETURN_VALUE, 0);
  }
  Code *co = comp_leave(&c);
  free_units(&c);
  return co;
}

Code *compile_expression(Node *expression, SymTable *st, const char *filename, CompileError *err)
{
  Compiler c;
  init_compiler(&c, st, filename, err);
  if (!enter_scope(&c, UNIT_MODULE, expression, "<module>", expression->lineno))
    return NULL;
  if (comp_expr(&c, expression->v.Expression.body))
    comp_emit(&c, OP_RETURN_VALUE, 0);
  Code *co = comp_leave(&c);
  free_units(&c);
  return co;
}
