/* compile_stmt.c: code generation for statements: assignment forms, control flow, exception
 * handling, with, imports.
 *
 * Control flow out of blocks (return, break, continue) unwinds the frame blocks in between,
 * innermost first, as CPython does: a finally body is compiled inline, a with block calls
 * __exit__(None, None, None), an exception handler restores the previously handled exception,
 * a for loop pops its iterator. While unwinding, the current exception handler becomes each
 * block's outer handler, so the inline cleanup code is not covered by the block it leaves.
 *
 * u->depth counts the stack items live at statement level (for iterators, with exits, saved
 * exceptions); it is the depth every exception handler set up by a statement restores.
 *
 * Handler layout of try/except (d = u->depth at the try):
 *   body                          handler: except, depth d
 *   except: [exc]                 handler: cleanup, depth d + 1
 *     PUSH_EXC_INFO               [prev, exc]
 *     <type> CHECK_EXC_MATCH POP_JUMP_IF_FALSE next; store or pop exc; body; POP_EXCEPT
 *     next: ...; RERAISE          (no handler matched)
 *   cleanup: [prev, exc]  SWAP 2; POP_EXCEPT; RERAISE      (restores prev, re-raises)
 */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

/* -- Frame blocks -------------------------------------------------------------------------- */

bool comp_push_fblock(Compiler *c, FBlockKind kind, int top, int exit, const void *datum,
                      const Node *at)
{
  Unit *u = c->u;
  if (u->nfblocks >= COMPILE_MAX_BLOCKS) {
    comp_error(c, at, "too many statically nested blocks");
    return false;
  }
  u->fblocks[u->nfblocks++] = (FBlock){kind, top, exit, datum, u->cur_handler, u->depth};
  return true;
}

void comp_pop_fblock(Compiler *c) { c->u->nfblocks--; }

static void call_exit_with_nones(Compiler *c)
{
  comp_load_const_none(c);
  comp_load_const_none(c);
  comp_load_const_none(c);
  comp_emit(c, OP_CALL, 2);
}

static void pop_block_to(Compiler *c, const FBlock *fb) { comp_set_handler(c, fb->outer_handler); }

static void clear_handler_name(Compiler *c, const char *name, const Node *at)
{
  comp_load_const_none(c);
  comp_name_op(c, name, CTX_Store, at);
  comp_name_op(c, name, CTX_Del, at);
}

/* Emits the exit code of one block; the block is already off the fblock stack. */
static bool unwind_fblock(Compiler *c, const FBlock *fb, bool preserve, const Node *at)
{
  Unit *u = c->u;
  switch (fb->kind) {
  case FB_WHILE:
    break;
  case FB_FOR: case FB_POP_VALUE:
    if (preserve)
      comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_POP_TOP, 0);
    break;
  case FB_TRY_EXCEPT:
    pop_block_to(c, fb);
    break;
  case FB_FINALLY_TRY:
    pop_block_to(c, fb);
    u->depth = fb->depth + preserve;
    if (preserve) {
      if (!comp_push_fblock(c, FB_POP_VALUE, 0, 0, NULL, at))
        return false;
      u->fblocks[u->nfblocks - 1].depth = fb->depth;
    }
    if (!comp_body(c, (NodeList *)fb->datum))
      return false;
    if (preserve)
      comp_pop_fblock(c);
    break;
  case FB_FINALLY_END:
    if (preserve)
      comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_POP_TOP, 0);
    if (preserve)
      comp_emit(c, OP_SWAP, 2);
    pop_block_to(c, fb);
    comp_emit(c, OP_POP_EXCEPT, 0);
    break;
  case FB_WITH:
    pop_block_to(c, fb);
    if (preserve)
      comp_emit(c, OP_SWAP, 2);
    call_exit_with_nones(c);
    comp_emit(c, OP_POP_TOP, 0);
    break;
  case FB_HANDLER_CLEANUP:
    pop_block_to(c, fb);
    if (preserve)
      comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_POP_EXCEPT, 0);
    if (fb->datum)
      clear_handler_name(c, (const char *)fb->datum, at);
    break;
  }
  u->depth = fb->depth + preserve;
  return !c->failed;
}

/* Unwinds blocks innermost first; with `loop`, stops at the innermost loop and returns it. */
static bool unwind_stack(Compiler *c, bool preserve, FBlock **loop, const Node *at)
{
  Unit *u = c->u;
  if (u->nfblocks == 0)
    return true;
  FBlock *top = &u->fblocks[u->nfblocks - 1];
  if (loop && (top->kind == FB_WHILE || top->kind == FB_FOR)) {
    *loop = top;
    return true;
  }
  FBlock copy = *top;
  u->nfblocks--;
  bool ok = unwind_fblock(c, &copy, preserve, at) && unwind_stack(c, preserve, loop, at);
  u->fblocks[u->nfblocks++] = copy;
  return ok;
}

static bool stmt_return(Compiler *c, Node *s)
{
  Unit *u = c->u;
  if (u->kind != UNIT_FUNCTION) {
    comp_error(c, s, "'return' outside function");
    return false;
  }
  Node *v = s->v.Return.value;
  bool preserve = v && !comp_is_const(v);
  int handler = u->cur_handler, depth = u->depth;
  if (preserve && !comp_expr(c, v))
    return false;
  if (preserve)
    u->depth++;
  if (!unwind_stack(c, preserve, NULL, s))
    return false;
  if (!v)
    comp_load_const_none(c);
  else if (!preserve && !comp_expr(c, v))
    return false;
  comp_emit(c, OP_RETURN_VALUE, 0);
  comp_set_handler(c, handler);
  u->depth = depth;
  return !c->failed;
}

static bool stmt_break_continue(Compiler *c, Node *s, bool is_break)
{
  Unit *u = c->u;
  FBlock *loop = NULL;
  int handler = u->cur_handler, depth = u->depth;
  if (!unwind_stack(c, false, &loop, s))
    return false;
  if (!loop) {
    comp_error(c, s, is_break ? "'break' outside loop" : "'continue' not properly in loop");
    return false;
  }
  if (is_break) {
    if (loop->kind == FB_FOR)
      comp_emit(c, OP_POP_TOP, 0);
    comp_jump(c, OP_JUMP_FORWARD, loop->exit);
  } else {
    comp_jump(c, OP_JUMP_BACKWARD, loop->top);
  }
  comp_set_handler(c, handler);
  u->depth = depth;
  return !c->failed;
}

/* -- Loops and conditionals -------------------------------------------------------------------- */

static bool stmt_for(Compiler *c, Node *s)
{
  int top = comp_new_label(c), cleanup = comp_new_label(c), end = comp_new_label(c);
  if (!comp_expr(c, s->v.For.iter))
    return false;
  comp_emit(c, OP_GET_ITER, 0);
  comp_bind(c, top);
  comp_jump(c, OP_FOR_ITER, cleanup);
  if (!comp_push_fblock(c, FB_FOR, top, end, NULL, s))
    return false;
  c->u->depth++;
  bool ok = comp_store(c, s->v.For.target) && comp_body(c, &s->v.For.body);
  c->u->depth--;
  comp_pop_fblock(c);
  if (!ok)
    return false;
  c->u->lineno = s->lineno;
  comp_jump(c, OP_JUMP_BACKWARD, top);
  comp_bind(c, cleanup);
  if (!comp_body(c, &s->v.For.orelse))
    return false;
  comp_bind(c, end);
  return !c->failed;
}

static bool const_truth(Node *e, int *truth)
{
  if (e->kind != AST_Constant)
    return false;
  switch (e->v.Constant.kind) {
  case CONST_NONE: case CONST_FALSE: *truth = 0; return true;
  case CONST_TRUE: case CONST_ELLIPSIS: *truth = 1; return true;
  case CONST_INT: *truth = strspn(e->v.Constant.str, "0") != e->v.Constant.len; return true;
  case CONST_FLOAT: case CONST_COMPLEX: *truth = e->v.Constant.f != 0.0; return true;
  case CONST_STR: case CONST_BYTES: *truth = e->v.Constant.len != 0; return true;
  }
  return false;
}

static bool stmt_while(Compiler *c, Node *s)
{
  int top = comp_new_label(c), orelse = comp_new_label(c), end = comp_new_label(c);
  int truth = -1;
  if (const_truth(s->v.While.test, &truth) && truth == 0)
    return comp_body(c, &s->v.While.orelse);
  comp_bind(c, top);
  if (truth != 1 && !comp_cond_jump(c, s->v.While.test, false, orelse))
    return false;
  if (!comp_push_fblock(c, FB_WHILE, top, end, NULL, s))
    return false;
  bool ok = comp_body(c, &s->v.While.body);
  comp_pop_fblock(c);
  if (!ok)
    return false;
  c->u->lineno = s->lineno;
  comp_jump(c, OP_JUMP_BACKWARD, top);
  comp_bind(c, orelse);
  if (!comp_body(c, &s->v.While.orelse))
    return false;
  comp_bind(c, end);
  return !c->failed;
}

static bool stmt_if(Compiler *c, Node *s)
{
  int orelse = comp_new_label(c), end = comp_new_label(c);
  if (!comp_cond_jump(c, s->v.If.test, false, orelse) || !comp_body(c, &s->v.If.body))
    return false;
  if (s->v.If.orelse.count) {
    comp_jump(c, OP_JUMP_FORWARD, end);
    comp_bind(c, orelse);
    if (!comp_body(c, &s->v.If.orelse))
      return false;
  } else {
    comp_bind(c, orelse);
  }
  comp_bind(c, end);
  return !c->failed;
}

/* -- try / except / finally ----------------------------------------------------------------------- */

/* The shared cleanup of a handler region: restores the previous handled exception, re-raises. */
static void emit_cleanup(Compiler *c, int label)
{
  comp_bind(c, label);
  comp_emit(c, OP_SWAP, 2);
  comp_emit(c, OP_POP_EXCEPT, 0);
  comp_emit(c, OP_RERAISE, 0);
}

/* One `except` clause; the stack is [prev, exc] and the cleanup region is current. */
static bool except_clause(Compiler *c, Node *h, int end, int outer, int d)
{
  Unit *u = c->u;
  const char *name = h->v.excepthandler.name;
  int next = comp_new_label(c);
  u->lineno = h->lineno;
  if (h->v.excepthandler.type) {
    if (!comp_expr(c, h->v.excepthandler.type))
      return false;
    comp_emit(c, OP_CHECK_EXC_MATCH, 0);
    comp_jump(c, OP_POP_JUMP_IF_FALSE, next);
  }
  int cleanup_region = u->cur_handler, cleanup_end = comp_new_label(c);
  if (name) {
    comp_name_op(c, name, CTX_Store, h);
    comp_push_handler(c, cleanup_end, d + 1);
  } else {
    comp_emit(c, OP_POP_TOP, 0);
  }
  u->depth = d + 1;
  FBlock *fb = NULL;
  if (!comp_push_fblock(c, FB_HANDLER_CLEANUP, 0, 0, name, h))
    return false;
  fb = &u->fblocks[u->nfblocks - 1];
  fb->outer_handler = outer;
  fb->depth = d;
  bool ok = comp_body(c, &h->v.excepthandler.body);
  comp_pop_fblock(c);
  u->depth = d;
  if (!ok)
    return false;
  comp_set_handler(c, outer);
  comp_emit(c, OP_POP_EXCEPT, 0);
  if (name)
    clear_handler_name(c, name, h);
  comp_jump(c, OP_JUMP_FORWARD, end);
  if (name) {   /* the handler body raised: unbind the name, then to the cleanup */
    comp_set_handler(c, cleanup_region);
    comp_bind(c, cleanup_end);
    clear_handler_name(c, name, h);
    comp_emit(c, OP_RERAISE, 0);
  }
  comp_set_handler(c, cleanup_region);
  comp_bind(c, next);
  return !c->failed;
}

static bool try_except(Compiler *c, Node *s)
{
  Unit *u = c->u;
  int d = u->depth;
  int except = comp_new_label(c), end = comp_new_label(c), cleanup = comp_new_label(c);
  int outer = comp_push_handler(c, except, d);
  if (!comp_push_fblock(c, FB_TRY_EXCEPT, 0, 0, NULL, s))
    return false;
  u->fblocks[u->nfblocks - 1].outer_handler = outer;
  bool ok = comp_body(c, &s->v.Try.body);
  comp_pop_fblock(c);
  comp_set_handler(c, outer);
  if (!ok || !comp_body(c, &s->v.Try.orelse))
    return false;
  comp_jump(c, OP_JUMP_FORWARD, end);
  comp_bind(c, except);
  comp_push_handler(c, cleanup, d + 1);
  comp_emit(c, OP_PUSH_EXC_INFO, 0);
  NodeList *hs = &s->v.Try.handlers;
  for (int i = 0; i < hs->count; i++) {
    Node *h = hs->items[i];
    if (!h->v.excepthandler.type && i < hs->count - 1) {
      comp_error(c, h, "default 'except:' must be last");
      return false;
    }
    if (!except_clause(c, h, end, outer, d))
      return false;
  }
  comp_emit(c, OP_RERAISE, 0);
  comp_set_handler(c, outer);
  emit_cleanup(c, cleanup);
  comp_bind(c, end);
  return !c->failed;
}

static bool try_finally(Compiler *c, Node *s)
{
  Unit *u = c->u;
  int d = u->depth;
  int handler = comp_new_label(c), end = comp_new_label(c), cleanup = comp_new_label(c);
  int outer = comp_push_handler(c, handler, d);
  if (!comp_push_fblock(c, FB_FINALLY_TRY, 0, 0, &s->v.Try.finalbody, s))
    return false;
  u->fblocks[u->nfblocks - 1].outer_handler = outer;
  bool ok = s->v.Try.handlers.count ? try_except(c, s) : comp_body(c, &s->v.Try.body);
  comp_pop_fblock(c);
  comp_set_handler(c, outer);
  if (!ok || !comp_body(c, &s->v.Try.finalbody))
    return false;
  comp_jump(c, OP_JUMP_FORWARD, end);
  comp_bind(c, handler);
  comp_push_handler(c, cleanup, d + 1);
  comp_emit(c, OP_PUSH_EXC_INFO, 0);
  if (!comp_push_fblock(c, FB_FINALLY_END, 0, 0, NULL, s))
    return false;
  u->fblocks[u->nfblocks - 1].outer_handler = outer;
  u->depth = d + 2;
  ok = comp_body(c, &s->v.Try.finalbody);
  comp_pop_fblock(c);
  u->depth = d;
  if (!ok)
    return false;
  comp_emit(c, OP_RERAISE, 0);
  comp_set_handler(c, outer);
  emit_cleanup(c, cleanup);
  comp_bind(c, end);
  return !c->failed;
}

static bool stmt_try(Compiler *c, Node *s)
{
  if (s->v.Try.finalbody.count)
    return try_finally(c, s);
  return try_except(c, s);
}

/* -- with ----------------------------------------------------------------------------------------- */

static bool with_item(Compiler *c, Node *s, int i)
{
  Unit *u = c->u;
  Node *item = s->v.With.items.items[i];
  int d = u->depth;
  int handler = comp_new_label(c), end = comp_new_label(c), cleanup = comp_new_label(c);
  int suppress = comp_new_label(c);
  u->lineno = item->lineno;
  if (!comp_expr(c, item->v.withitem.context_expr))
    return false;
  comp_emit(c, OP_BEFORE_WITH, 0);
  int outer = comp_push_handler(c, handler, d + 1);
  if (!comp_push_fblock(c, FB_WITH, 0, 0, NULL, s))
    return false;
  u->fblocks[u->nfblocks - 1].outer_handler = outer;
  u->depth = d + 1;
  bool ok;
  if (item->v.withitem.optional_vars)
    ok = comp_store(c, item->v.withitem.optional_vars);
  else {
    comp_emit(c, OP_POP_TOP, 0);
    ok = !c->failed;
  }
  if (ok)
    ok = i + 1 < s->v.With.items.count ? with_item(c, s, i + 1) : comp_body(c, &s->v.With.body);
  comp_pop_fblock(c);
  comp_set_handler(c, outer);
  u->depth = d;
  if (!ok)
    return false;
  u->lineno = s->lineno;
  call_exit_with_nones(c);
  comp_emit(c, OP_POP_TOP, 0);
  comp_jump(c, OP_JUMP_FORWARD, end);
  /* exceptional exit: [exit, exc] */
  comp_bind(c, handler);
  comp_push_handler(c, cleanup, d + 2);
  comp_emit(c, OP_PUSH_EXC_INFO, 0);
  comp_emit(c, OP_WITH_EXCEPT_START, 0);
  comp_jump(c, OP_POP_JUMP_IF_TRUE, suppress);
  comp_emit(c, OP_RERAISE, 0);
  comp_bind(c, suppress);
  comp_emit(c, OP_POP_TOP, 0);
  comp_set_handler(c, outer);
  comp_emit(c, OP_POP_EXCEPT, 0);
  comp_emit(c, OP_POP_TOP, 0);
  comp_jump(c, OP_JUMP_FORWARD, end);
  emit_cleanup(c, cleanup);
  comp_bind(c, end);
  return !c->failed;
}

/* -- Assignments ----------------------------------------------------------------------------------- */

static bool stmt_assign(Compiler *c, Node *s)
{
  NodeList *ts = &s->v.Assign.targets;
  if (!comp_expr(c, s->v.Assign.value))
    return false;
  for (int i = 0; i < ts->count; i++) {
    if (i < ts->count - 1)
      comp_emit(c, OP_COPY, 1);
    if (!comp_store(c, ts->items[i]))
      return false;
  }
  return true;
}

static bool stmt_augassign(Compiler *c, Node *s)
{
  Node *t = s->v.AugAssign.target;
  int op = (int)s->v.AugAssign.op + BINOP__COUNT;
  switch (t->kind) {
  case AST_Name:
    comp_name_op(c, t->v.Name.id, CTX_Load, t);
    if (!comp_expr(c, s->v.AugAssign.value))
      return false;
    comp_emit(c, OP_BINARY_OP, op);
    comp_name_op(c, t->v.Name.id, CTX_Store, t);
    break;
  case AST_Attribute: {
    int name = comp_name_mangled(c, t->v.Attribute.attr);
    if (!comp_expr(c, t->v.Attribute.value))
      return false;
    comp_emit(c, OP_COPY, 1);
    comp_emit(c, OP_LOAD_ATTR, name);
    if (!comp_expr(c, s->v.AugAssign.value))
      return false;
    comp_emit(c, OP_BINARY_OP, op);
    comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_STORE_ATTR, name);
    break;
  }
  case AST_Subscript:
    if (!comp_expr(c, t->v.Subscript.value) || !comp_subscript_key(c, t->v.Subscript.slice))
      return false;
    comp_emit(c, OP_COPY, 2);
    comp_emit(c, OP_COPY, 2);
    comp_emit(c, OP_BINARY_SUBSCR, 0);
    if (!comp_expr(c, s->v.AugAssign.value))
      return false;
    comp_emit(c, OP_BINARY_OP, op);
    comp_emit(c, OP_SWAP, 3);
    comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_STORE_SUBSCR, 0);
    break;
  default:
    comp_error(c, t, "'%s' is an illegal expression for augmented assignment",
               t->kind == AST_Tuple ? "tuple" : t->kind == AST_List ? "list" : "expression");
    return false;
  }
  return !c->failed;
}

/* x: T = v. Annotations of simple names at module and class level go to __annotations__;
   annotations in functions are not evaluated (as CPython). */
static bool stmt_annassign(Compiler *c, Node *s)
{
  Node *t = s->v.AnnAssign.target;
  if (s->v.AnnAssign.value) {
    if (!comp_expr(c, s->v.AnnAssign.value) || !comp_store(c, t))
      return false;
  }
  UnitKind k = c->u->kind;
  if ((k != UNIT_MODULE && k != UNIT_CLASS) || c->future_annotations)
    return true;
  if (!comp_expr(c, s->v.AnnAssign.annotation))
    return false;
  if (t->kind == AST_Name && s->v.AnnAssign.simple) {
    int ann = comp_name(c, "__annotations__");
    comp_emit(c, k == UNIT_CLASS ? OP_LOAD_NAME : OP_LOAD_GLOBAL, ann);
    comp_emit(c, OP_LOAD_CONST, comp_const_str(c, t->v.Name.id, strlen(t->v.Name.id)));
    comp_emit(c, OP_STORE_SUBSCR, 0);
  } else {
    comp_emit(c, OP_POP_TOP, 0);
  }
  return !c->failed;
}

/* -- raise, assert, import -------------------------------------------------------------------------- */

static bool stmt_raise(Compiler *c, Node *s)
{
  int n = 0;
  if (s->v.Raise.exc) {
    if (!comp_expr(c, s->v.Raise.exc))
      return false;
    n++;
    if (s->v.Raise.cause) {
      if (!comp_expr(c, s->v.Raise.cause))
        return false;
      n++;
    }
  }
  comp_emit(c, OP_RAISE_VARARGS, n);
  return !c->failed;
}

static bool stmt_assert(Compiler *c, Node *s)
{
  int end = comp_new_label(c);
  if (!comp_cond_jump(c, s->v.Assert.test, true, end))
    return false;
  comp_emit(c, OP_LOAD_ASSERTION_ERROR, 0);
  if (s->v.Assert.msg) {
    comp_emit(c, OP_PUSH_NULL, 0);
    if (!comp_expr(c, s->v.Assert.msg))
      return false;
    comp_emit(c, OP_CALL, 1);
  }
  comp_emit(c, OP_RAISE_VARARGS, 1);
  comp_bind(c, end);
  return !c->failed;
}

static void load_small_int(Compiler *c, int i) { comp_emit(c, OP_LOAD_CONST, comp_const_small_int(c, i)); }

static bool stmt_import(Compiler *c, Node *s)
{
  NodeList *names = &s->v.Import.names;
  for (int i = 0; i < names->count && !c->failed; i++) {
    Node *a = names->items[i];
    const char *name = a->v.alias.name, *dot = strchr(name, '.');
    load_small_int(c, 0);
    comp_load_const_none(c);
    comp_emit(c, OP_IMPORT_NAME, comp_name(c, name));
    if (!a->v.alias.asname) {
      char first[256];
      size_t n = dot ? (size_t)(dot - name) : strlen(name);
      if (n >= sizeof first) {
        comp_error(c, a, "module name too long");
        return false;
      }
      memcpy(first, name, n);
      first[n] = 0;
      comp_name_op(c, first, CTX_Store, a);
      continue;
    }
    while (dot) {   /* import a.b.c as d: walk to a.b.c through the attributes */
      const char *part = dot + 1;
      dot = strchr(part, '.');
      char buf[256];
      size_t n = dot ? (size_t)(dot - part) : strlen(part);
      if (n >= sizeof buf) {
        comp_error(c, a, "module name too long");
        return false;
      }
      memcpy(buf, part, n);
      buf[n] = 0;
      comp_emit(c, OP_IMPORT_FROM, comp_name(c, buf));
      comp_emit(c, OP_SWAP, 2);
      comp_emit(c, OP_POP_TOP, 0);
    }
    comp_name_op(c, a->v.alias.asname, CTX_Store, a);
  }
  return !c->failed;
}

static bool stmt_import_from(Compiler *c, Node *s)
{
  NodeList *names = &s->v.ImportFrom.names;
  const char *mod = s->v.ImportFrom.module ? s->v.ImportFrom.module : "";
  if (strcmp(mod, "__future__") == 0) {
    for (int i = 0; i < names->count; i++)
      if (strcmp(names->items[i]->v.alias.name, "annotations") == 0)
        c->future_annotations = true;
    return true;   /* features of 3.11 are all on; nothing to import at run time */
  }
  int small[16];
  int n = names->count;
  int *idx = n <= 16 ? small : malloc(sizeof(int) * (size_t)n);
  if (!idx) {
    comp_nomem(c);
    return false;
  }
  for (int i = 0; i < n; i++) {
    const char *nm = names->items[i]->v.alias.name;
    idx[i] = comp_const_str(c, nm, strlen(nm));
  }
  load_small_int(c, s->v.ImportFrom.level);
  if (!c->failed)
    comp_emit(c, OP_LOAD_CONST, comp_const_tuple(c, idx, n));
  if (idx != small)
    free(idx);
  comp_emit(c, OP_IMPORT_NAME, comp_name(c, mod));
  for (int i = 0; i < n && !c->failed; i++) {
    Node *a = names->items[i];
    if (strcmp(a->v.alias.name, "*") == 0) {
      if (c->u->kind != UNIT_MODULE) {
        comp_error(c, s, "import * only allowed at module level");
        return false;
      }
      comp_emit(c, OP_IMPORT_STAR, 0);
      return !c->failed;
    }
    comp_emit(c, OP_IMPORT_FROM, comp_name(c, a->v.alias.name));
    comp_name_op(c, a->v.alias.asname ? a->v.alias.asname : a->v.alias.name, CTX_Store, a);
  }
  comp_emit(c, OP_POP_TOP, 0);
  return !c->failed;
}

/* -- The dispatcher ---------------------------------------------------------------------------------- */

static bool stmt_inner(Compiler *c, Node *s)
{
  switch (s->kind) {
  case AST_FunctionDef: return comp_function_def(c, s);
  case AST_ClassDef: return comp_class_def(c, s);
  case AST_Return: return stmt_return(c, s);
  case AST_Delete:
    for (int i = 0; i < s->v.Delete.targets.count; i++)
      if (!comp_delete(c, s->v.Delete.targets.items[i]))
        return false;
    return true;
  case AST_Assign: return stmt_assign(c, s);
  case AST_AugAssign: return stmt_augassign(c, s);
  case AST_AnnAssign: return stmt_annassign(c, s);
  case AST_For: return stmt_for(c, s);
  case AST_While: return stmt_while(c, s);
  case AST_If: return stmt_if(c, s);
  case AST_With: return with_item(c, s, 0);
  case AST_Raise: return stmt_raise(c, s);
  case AST_Try: return stmt_try(c, s);
  case AST_Assert: return stmt_assert(c, s);
  case AST_Import: return stmt_import(c, s);
  case AST_ImportFrom: return stmt_import_from(c, s);
  case AST_Global: case AST_Nonlocal: case AST_Pass: return true;
  case AST_Expr:
    if (s->v.Expr.value->kind == AST_Constant)
      return true;
    if (!comp_expr(c, s->v.Expr.value))
      return false;
    comp_emit(c, OP_POP_TOP, 0);
    return !c->failed;
  case AST_Break: return stmt_break_continue(c, s, true);
  case AST_Continue: return stmt_break_continue(c, s, false);
  default:
    comp_error_kind(c, "SystemError", s, "compiler: unexpected %s node", ast_kind_names[s->kind]);
    return false;
  }
}

bool comp_stmt(Compiler *c, Node *s)
{
  if (!comp_descend(c, s))
    return false;
  c->u->lineno = s->lineno;
  bool ok = stmt_inner(c, s);
  comp_ascend(c);
  return ok && !c->failed;
}

bool comp_body(Compiler *c, NodeList *body)
{
  for (int i = 0; i < body->count; i++)
    if (!comp_stmt(c, body->items[i]))
      return false;
  return true;
}
