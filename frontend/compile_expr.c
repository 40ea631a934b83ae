/* compile_expr.c: code generation for expressions, assignment targets and conditions.
 *
 * Every visitor leaves exactly one value on the stack (targets consume one). Constants fold
 * where CPython folds them: tuples of constants become one constant tuple, and `-literal`
 * becomes a negative constant. Conditions compile to jumps directly (comp_cond_jump) so `not`,
 * `and` and `or` in an `if` or `while` cost no intermediate bools.
 */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

/* Sequences longer than this are built incrementally so the stack stays shallow. */
#define SEQ_STACK_MAX 30
/* Key/value pairs per BUILD_MAP in a dict display. */
#define MAP_CHUNK 16

/* -- Constants ------------------------------------------------------------------------------ */

/* The constant index an expression folds to, or -1 when it does not fold. */
static int fold_const(Compiler *c, Node *e)
{
  if (e->kind == AST_Constant)
    return comp_const_node(c, e);
  if (e->kind == AST_UnaryOp && e->v.UnaryOp.op == OP_USub &&
      e->v.UnaryOp.operand->kind == AST_Constant) {
    Node *k = e->v.UnaryOp.operand;
    if (k->v.Constant.kind == CONST_FLOAT)
      return comp_const_float(c, -k->v.Constant.f);
    if (k->v.Constant.kind == CONST_INT) {
      int i = comp_const_node(c, k);
      Value v = c->failed ? VNULL : c->u->consts[i].v;
      if (v_is_int(v))
        return comp_const_small_int(c, -v_int(v));
    }
    return -1;
  }
  if (e->kind == AST_Tuple && e->v.Tuple.ctx == CTX_Load) {
    int n = e->v.Tuple.elts.count;
    for (int i = 0; i < n; i++)
      if (!comp_is_const(e->v.Tuple.elts.items[i]))
        return -1;
    int small[16];
    int *idx = n <= 16 ? small : malloc(sizeof(int) * (size_t)n);
    if (!idx) {
      comp_nomem(c);
      return -1;
    }
    for (int i = 0; i < n; i++)
      idx[i] = fold_const(c, e->v.Tuple.elts.items[i]);
    int r = c->failed ? -1 : comp_const_tuple(c, idx, n);
    if (idx != small)
      free(idx);
    return r;
  }
  return -1;
}

bool comp_is_const(const Node *e)
{
  if (e->kind == AST_Constant)
    return true;
  if (e->kind == AST_UnaryOp && e->v.UnaryOp.op == OP_USub &&
      e->v.UnaryOp.operand->kind == AST_Constant) {
    ConstKind k = e->v.UnaryOp.operand->v.Constant.kind;
    return k == CONST_FLOAT || k == CONST_INT;   /* a big int falls back to UNARY_NEGATIVE */
  }
  if (e->kind == AST_Tuple && e->v.Tuple.ctx == CTX_Load) {
    for (int i = 0; i < e->v.Tuple.elts.count; i++)
      if (!comp_is_const(e->v.Tuple.elts.items[i]))
        return false;
    return true;
  }
  return false;
}

/* -- Names shown in error messages ----------------------------------------------------------- */

static const char *expr_desc(const Node *e)
{
  switch (e->kind) {
  case AST_Call: return "function call";
  case AST_Constant:
    if (e->v.Constant.kind == CONST_NONE) return "None";
    if (e->v.Constant.kind == CONST_TRUE) return "True";
    if (e->v.Constant.kind == CONST_FALSE) return "False";
    if (e->v.Constant.kind == CONST_ELLIPSIS) return "ellipsis";
    return "literal";
  case AST_Compare: return "comparison";
  case AST_Lambda: return "lambda";
  case AST_IfExp: return "conditional expression";
  case AST_NamedExpr: return "named expression";
  case AST_BoolOp: case AST_BinOp: case AST_UnaryOp: return "expression";
  case AST_Dict: return "dict literal";
  case AST_Set: return "set display";
  case AST_ListComp: return "list comprehension";
  case AST_SetComp: return "set comprehension";
  case AST_DictComp: return "dict comprehension";
  case AST_GeneratorExp: return "generator expression";
  case AST_Yield: case AST_YieldFrom: return "yield expression";
  case AST_JoinedStr: case AST_FormattedValue: return "f-string expression";
  case AST_Starred: return "starred";
  default: return "expression";
  }
}

/* -- Sequences: tuples, lists, sets ------------------------------------------------------------ */

static bool has_starred(NodeList *elts)
{
  for (int i = 0; i < elts->count; i++)
    if (elts->items[i]->kind == AST_Starred)
      return true;
  return false;
}

/* Builds a list (tuple: then converted) or set from elts; starred items are splatted. */
static bool build_sequence(Compiler *c, NodeList *elts, Opcode build, bool tuple)
{
  int n = elts->count;
  bool star = has_starred(elts);
  bool allconst = n >= 3 && !star;
  for (int i = 0; allconst && i < n; i++)
    allconst = comp_is_const(elts->items[i]);
  if (allconst) {
    Node fake = {.kind = AST_Tuple, .v.Tuple = {*elts, CTX_Load}};
    comp_emit(c, build, 0);
    comp_emit(c, OP_LOAD_CONST, fold_const(c, &fake));
    comp_emit(c, build == OP_BUILD_SET ? OP_SET_UPDATE : OP_LIST_EXTEND, 1);
  } else if (!star && n <= SEQ_STACK_MAX) {
    for (int i = 0; i < n; i++)
      if (!comp_expr(c, elts->items[i]))
        return false;
    comp_emit(c, tuple ? OP_BUILD_TUPLE : build, n);
    return !c->failed;
  } else {
    comp_emit(c, build, 0);
    for (int i = 0; i < n; i++) {
      Node *e = elts->items[i];
      bool s = e->kind == AST_Starred;
      if (!comp_expr(c, s ? e->v.Starred.value : e))
        return false;
      comp_emit(c, build == OP_BUILD_SET ? (s ? OP_SET_UPDATE : OP_SET_ADD)
                                         : (s ? OP_LIST_EXTEND : OP_LIST_APPEND), 1);
    }
  }
  if (tuple)
    comp_emit(c, OP_LIST_TO_TUPLE, 0);
  return !c->failed;
}

static bool dict_display(Compiler *c, Node *e)
{
  NodeList *keys = &e->v.Dict.keys, *vals = &e->v.Dict.values;
  int pending = 0;
  bool have = false;
  for (int i = 0; i < keys->count; i++) {
    if (keys->items[i] && pending < MAP_CHUNK) {
      if (!comp_expr(c, keys->items[i]) || !comp_expr(c, vals->items[i]))
        return false;
      pending++;
      continue;
    }
    if (pending || !have) {
      comp_emit(c, OP_BUILD_MAP, pending);
      if (have)
        comp_emit(c, OP_DICT_UPDATE, 1);
      have = true;
      pending = 0;
    }
    if (keys->items[i]) {
      i--;   /* chunk full: revisit this pair */
      continue;
    }
    if (!comp_expr(c, vals->items[i]))
      return false;
    comp_emit(c, OP_DICT_UPDATE, 1);
  }
  if (pending || !have) {
    comp_emit(c, OP_BUILD_MAP, pending);
    if (have)
      comp_emit(c, OP_DICT_UPDATE, 1);
  }
  return !c->failed;
}

/* -- Operators --------------------------------------------------------------------------------- */

static void compare_op(Compiler *c, CmpOpKind op)
{
  switch (op) {
  case OP_Eq: comp_emit(c, OP_COMPARE_OP, CMP_EQ); break;
  case OP_NotEq: comp_emit(c, OP_COMPARE_OP, CMP_NE); break;
  case OP_Lt: comp_emit(c, OP_COMPARE_OP, CMP_LT); break;
  case OP_LtE: comp_emit(c, OP_COMPARE_OP, CMP_LE); break;
  case OP_Gt: comp_emit(c, OP_COMPARE_OP, CMP_GT); break;
  case OP_GtE: comp_emit(c, OP_COMPARE_OP, CMP_GE); break;
  case OP_Is: comp_emit(c, OP_IS_OP, 0); break;
  case OP_IsNot: comp_emit(c, OP_IS_OP, 1); break;
  case OP_In: comp_emit(c, OP_CONTAINS_OP, 0); break;
  case OP_NotIn: comp_emit(c, OP_CONTAINS_OP, 1); break;
  default: break;
  }
}

/* a < b < c: b is evaluated once, kept under the result with SWAP/COPY. */
static bool compare(Compiler *c, Node *e)
{
  int n = e->v.Compare.comparators.count;
  if (!comp_expr(c, e->v.Compare.left))
    return false;
  if (n == 1) {
    if (!comp_expr(c, e->v.Compare.comparators.items[0]))
      return false;
    compare_op(c, e->v.Compare.ops[0]);
    return !c->failed;
  }
  int cleanup = comp_new_label(c), end = comp_new_label(c);
  for (int i = 0; i < n - 1; i++) {
    if (!comp_expr(c, e->v.Compare.comparators.items[i]))
      return false;
    comp_emit(c, OP_SWAP, 2);
    comp_emit(c, OP_COPY, 2);
    compare_op(c, e->v.Compare.ops[i]);
    comp_jump(c, OP_JUMP_IF_FALSE_OR_POP, cleanup);
  }
  if (!comp_expr(c, e->v.Compare.comparators.items[n - 1]))
    return false;
  compare_op(c, e->v.Compare.ops[n - 1]);
  comp_jump(c, OP_JUMP_FORWARD, end);
  comp_bind(c, cleanup);
  comp_emit(c, OP_SWAP, 2);
  comp_emit(c, OP_POP_TOP, 0);
  comp_bind(c, end);
  return !c->failed;
}

static bool boolop(Compiler *c, Node *e)
{
  Opcode jop = e->v.BoolOp.op == OP_And ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
  int end = comp_new_label(c);
  NodeList *vs = &e->v.BoolOp.values;
  for (int i = 0; i < vs->count; i++) {
    if (!comp_expr(c, vs->items[i]))
      return false;
    if (i < vs->count - 1)
      comp_jump(c, jop, end);
  }
  comp_bind(c, end);
  return !c->failed;
}

static bool unaryop(Compiler *c, Node *e)
{
  int k = comp_is_const(e) ? fold_const(c, e) : -1;
  if (k >= 0) {
    comp_emit(c, OP_LOAD_CONST, k);
    return !c->failed;
  }
  if (!comp_expr(c, e->v.UnaryOp.operand))
    return false;
  static const Opcode ops[] = {[OP_Invert] = OP_UNARY_INVERT, [OP_Not] = OP_UNARY_NOT,
                               [OP_UAdd] = OP_UNARY_POSITIVE, [OP_USub] = OP_UNARY_NEGATIVE};
  comp_emit(c, ops[e->v.UnaryOp.op], 0);
  return !c->failed;
}

bool comp_cond_jump(Compiler *c, Node *e, bool jump_if, int label)
{
  if (e->kind == AST_UnaryOp && e->v.UnaryOp.op == OP_Not)
    return comp_cond_jump(c, e->v.UnaryOp.operand, !jump_if, label);
  if (e->kind == AST_BoolOp) {
    bool is_or = e->v.BoolOp.op == OP_Or;
    NodeList *vs = &e->v.BoolOp.values;
    int next = comp_new_label(c);
    for (int i = 0; i < vs->count - 1; i++) {
      /* `a and b` jumping on false: a false jumps to label; jumping on true: a false skips */
      bool skip = is_or == jump_if;
      if (!comp_cond_jump(c, vs->items[i], is_or, skip ? label : next))
        return false;
    }
    if (!comp_cond_jump(c, vs->items[vs->count - 1], jump_if, label))
      return false;
    comp_bind(c, next);
    return !c->failed;
  }
  if (!comp_expr(c, e))
    return false;
  comp_jump(c, jump_if ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
  return !c->failed;
}

static bool ifexp(Compiler *c, Node *e)
{
  int orelse = comp_new_label(c), end = comp_new_label(c);
  if (!comp_cond_jump(c, e->v.IfExp.test, false, orelse) || !comp_expr(c, e->v.IfExp.body))
    return false;
  comp_jump(c, OP_JUMP_FORWARD, end);
  comp_bind(c, orelse);
  if (!comp_expr(c, e->v.IfExp.orelse))
    return false;
  comp_bind(c, end);
  return !c->failed;
}

/* -- Calls ------------------------------------------------------------------------------------ */

static bool call_needs_ex(NodeList *args, NodeList *keywords)
{
  if (has_starred(args))
    return true;
  for (int i = 0; i < keywords->count; i++)
    if (!keywords->items[i]->v.keyword.arg)
      return true;
  return false;
}

bool comp_call_is_ex(NodeList *args, NodeList *keywords) { return call_needs_ex(args, keywords); }

/* f(*a, **k): [f, argstuple, kwdict] with the nfixed values already pushed joining the tuple. */
static bool call_ex(Compiler *c, int nfixed, NodeList *args, NodeList *keywords)
{
  if (nfixed == 0 && args->count == 1 && args->items[0]->kind == AST_Starred) {
    /* f(*a): CALL_EX takes the iterable itself (and names f if it is not iterable). */
    if (!comp_expr(c, args->items[0]->v.Starred.value))
      return false;
  } else {
    comp_emit(c, OP_BUILD_LIST, nfixed);
    for (int i = 0; i < args->count; i++) {
      Node *a = args->items[i];
      bool s = a->kind == AST_Starred;
      if (!comp_expr(c, s ? a->v.Starred.value : a))
        return false;
      comp_emit(c, s ? OP_LIST_EXTEND : OP_LIST_APPEND, 1);
    }
    comp_emit(c, OP_LIST_TO_TUPLE, 0);
  }
  if (keywords->count == 0) {
    comp_emit(c, OP_CALL_EX, 0);
    return !c->failed;
  }
  comp_emit(c, OP_BUILD_MAP, 0);
  for (int i = 0; i < keywords->count;) {
    Node *k = keywords->items[i];
    if (!k->v.keyword.arg) {
      if (!comp_expr(c, k->v.keyword.value))
        return false;
      comp_emit(c, OP_DICT_MERGE, 1);
      i++;
      continue;
    }
    int n = 0;
    for (; i < keywords->count && keywords->items[i]->v.keyword.arg && n < MAP_CHUNK; i++, n++) {
      Node *kw = keywords->items[i];
      comp_emit(c, OP_LOAD_CONST, comp_const_str(c, kw->v.keyword.arg, strlen(kw->v.keyword.arg)));
      if (!comp_expr(c, kw->v.keyword.value))
        return false;
    }
    comp_emit(c, OP_BUILD_MAP, n);
    comp_emit(c, OP_DICT_MERGE, 1);
  }
  comp_emit(c, OP_CALL_EX, 1);
  return !c->failed;
}

static bool check_repeated_keywords(Compiler *c, NodeList *keywords)
{
  for (int i = 0; i < keywords->count; i++)
    for (int j = i + 1; j < keywords->count; j++) {
      Node *a = keywords->items[i], *b = keywords->items[j];
      if (a->v.keyword.arg && b->v.keyword.arg && strcmp(a->v.keyword.arg, b->v.keyword.arg) == 0) {
        comp_error(c, b, "keyword argument repeated: %s", b->v.keyword.arg);
        return false;
      }
    }
  return true;
}

/* Pushes the arguments and calls; [f, self_or_NULL, fixed...] (or [f, fixed...] when the call
   needs CALL_EX: the caller asks comp_call_is_ex first) are on the stack. */
bool comp_call_helper(Compiler *c, int nfixed, NodeList *args, NodeList *keywords)
{
  if (!check_repeated_keywords(c, keywords))
    return false;
  if (call_needs_ex(args, keywords))
    return call_ex(c, nfixed, args, keywords);
  for (int i = 0; i < args->count; i++)
    if (!comp_expr(c, args->items[i]))
      return false;
  int nk = keywords->count;
  if (nk == 0) {
    comp_emit(c, OP_CALL, nfixed + args->count);
    return !c->failed;
  }
  int small[16];
  int *idx = nk <= 16 ? small : malloc(sizeof(int) * (size_t)nk);
  if (!idx) {
    comp_nomem(c);
    return false;
  }
  for (int i = 0; i < nk && !c->failed; i++) {
    Node *k = keywords->items[i];
    if (comp_expr(c, k->v.keyword.value))
      idx[i] = comp_const_str(c, k->v.keyword.arg, strlen(k->v.keyword.arg));
  }
  if (!c->failed)
    comp_emit(c, OP_LOAD_CONST, comp_const_tuple(c, idx, nk));
  if (idx != small)
    free(idx);
  comp_emit(c, OP_CALL_KW, nfixed + args->count + nk);
  return !c->failed;
}

static bool call(Compiler *c, Node *e)
{
  Node *f = e->v.Call.func;
  NodeList *args = &e->v.Call.args, *kws = &e->v.Call.keywords;
  bool ex = call_needs_ex(args, kws);
  if (!ex && f->kind == AST_Attribute && f->v.Attribute.ctx == CTX_Load) {
    if (!comp_expr(c, f->v.Attribute.value))
      return false;
    int saved = c->u->lineno;
    c->u->lineno = f->end_lineno ? f->end_lineno : f->lineno;
    comp_emit(c, OP_LOAD_METHOD, comp_name_mangled(c, f->v.Attribute.attr));
    c->u->lineno = saved;
  } else {
    if (!comp_expr(c, f))
      return false;
    if (!ex)
      comp_emit(c, OP_PUSH_NULL, 0);
  }
  return comp_call_helper(c, 0, args, kws);
}

/* -- Strings, subscripts, attributes -------------------------------------------------------------- */

static bool formatted_value(Compiler *c, Node *e)
{
  if (!comp_expr(c, e->v.FormattedValue.value))
    return false;
  int conv = e->v.FormattedValue.conversion;
  int arg = conv == 's' ? 1 : conv == 'r' ? 2 : conv == 'a' ? 3 : 0;
  if (e->v.FormattedValue.format_spec) {
    if (!comp_expr(c, e->v.FormattedValue.format_spec))
      return false;
    arg |= 4;
  }
  comp_emit(c, OP_FORMAT_VALUE, arg);
  return !c->failed;
}

static bool joined_str(Compiler *c, Node *e)
{
  NodeList *vs = &e->v.JoinedStr.values;
  if (vs->count == 0) {
    comp_emit(c, OP_LOAD_CONST, comp_const_str(c, "", 0));
    return !c->failed;
  }
  int pushed = 0;
  for (int i = 0; i < vs->count; i++) {
    if (!comp_expr(c, vs->items[i]))
      return false;
    if (++pushed == SEQ_STACK_MAX && i < vs->count - 1) {
      comp_emit(c, OP_BUILD_STRING, pushed);
      pushed = 1;
    }
  }
  if (pushed > 1 || vs->items[0]->kind != AST_FormattedValue || vs->count > 1)
    comp_emit(c, OP_BUILD_STRING, pushed);
  return !c->failed;
}

/* Pushes a subscript's key: a slice object for a[x:y:z], else the expression. */
static bool subscript_key(Compiler *c, Node *s)
{
  if (s->kind != AST_Slice)
    return comp_expr(c, s);
  Node *parts[3] = {s->v.Slice.lower, s->v.Slice.upper, s->v.Slice.step};
  int n = parts[2] ? 3 : 2;
  for (int i = 0; i < n; i++) {
    if (!parts[i])
      comp_load_const_none(c);
    else if (!comp_expr(c, parts[i]))
      return false;
  }
  comp_emit(c, OP_BUILD_SLICE, n);
  return !c->failed;
}

bool comp_subscript_key(Compiler *c, Node *s) { return subscript_key(c, s); }

/* -- Assignment targets and del ---------------------------------------------------------------------- */

static bool unpack_target(Compiler *c, NodeList *elts, Node *at)
{
  int n = elts->count, star = -1;
  for (int i = 0; i < n; i++) {
    if (elts->items[i]->kind != AST_Starred)
      continue;
    if (star >= 0) {
      comp_error(c, elts->items[i], "multiple starred expressions in assignment");
      return false;
    }
    star = i;
  }
  if (star < 0) {
    comp_emit(c, OP_UNPACK_SEQUENCE, n);
  } else {
    int after = n - star - 1;
    if (star >= 256 || after >= (1 << 16)) {
      comp_error(c, at, "too many expressions in star-unpacking assignment");
      return false;
    }
    comp_emit(c, OP_UNPACK_EX, star | after << 8);
  }
  for (int i = 0; i < n; i++) {
    Node *t = elts->items[i];
    if (!comp_store(c, t->kind == AST_Starred ? t->v.Starred.value : t))
      return false;
  }
  return !c->failed;
}

bool comp_store(Compiler *c, Node *t)
{
  if (!comp_descend(c, t))
    return false;
  int saved = c->u->lineno;
  c->u->lineno = t->lineno;
  bool ok = true;
  switch (t->kind) {
  case AST_Name:
    comp_name_op(c, t->v.Name.id, CTX_Store, t);
    break;
  case AST_Attribute:
    if ((ok = comp_expr(c, t->v.Attribute.value)))
      comp_emit(c, OP_STORE_ATTR, comp_name_mangled(c, t->v.Attribute.attr));
    break;
  case AST_Subscript:
    if ((ok = comp_expr(c, t->v.Subscript.value) && subscript_key(c, t->v.Subscript.slice)))
      comp_emit(c, OP_STORE_SUBSCR, 0);
    break;
  case AST_Tuple:
    ok = unpack_target(c, &t->v.Tuple.elts, t);
    break;
  case AST_List:
    ok = unpack_target(c, &t->v.List.elts, t);
    break;
  case AST_Starred:
    comp_error(c, t, "starred assignment target must be in a list or tuple");
    break;
  default:
    comp_error(c, t, "cannot assign to %s", expr_desc(t));
    break;
  }
  c->u->lineno = saved;
  comp_ascend(c);
  return ok && !c->failed;
}

bool comp_delete(Compiler *c, Node *t)
{
  if (!comp_descend(c, t))
    return false;
  int saved = c->u->lineno;
  c->u->lineno = t->lineno;
  switch (t->kind) {
  case AST_Name:
    comp_name_op(c, t->v.Name.id, CTX_Del, t);
    break;
  case AST_Attribute:
    if (comp_expr(c, t->v.Attribute.value))
      comp_emit(c, OP_DELETE_ATTR, comp_name_mangled(c, t->v.Attribute.attr));
    break;
  case AST_Subscript:
    if (comp_expr(c, t->v.Subscript.value) && subscript_key(c, t->v.Subscript.slice))
      comp_emit(c, OP_DELETE_SUBSCR, 0);
    break;
  case AST_Tuple: case AST_List: {
    NodeList *elts = t->kind == AST_Tuple ? &t->v.Tuple.elts : &t->v.List.elts;
    for (int i = 0; i < elts->count; i++)
      if (!comp_delete(c, elts->items[i]))
        break;
    break;
  }
  default:
    comp_error(c, t, "cannot delete %s", expr_desc(t));
    break;
  }
  c->u->lineno = saved;
  comp_ascend(c);
  return !c->failed;
}

/* -- The dispatcher --------------------------------------------------------------------------------- */

static bool yield_allowed(Compiler *c, Node *e)
{
  UnitKind k = c->u->kind;
  if (k == UNIT_FUNCTION || k == UNIT_LAMBDA)
    return true;
  if (k == UNIT_COMP) {
    comp_error(c, e, "'yield' inside %s", c->u->name[1] == 'g' ? "generator expression"
               : c->u->name[1] == 'l' ? "list comprehension" : c->u->name[1] == 's'
               ? "set comprehension" : "dict comprehension");
    return false;
  }
  comp_error(c, e, "'yield' outside function");
  return false;
}

static bool expr_inner(Compiler *c, Node *e)
{
  switch (e->kind) {
  case AST_BoolOp: return boolop(c, e);
  case AST_NamedExpr:
    if (!comp_expr(c, e->v.NamedExpr.value))
      return false;
    comp_emit(c, OP_COPY, 1);
    return comp_store(c, e->v.NamedExpr.target);
  case AST_BinOp:
    if (!comp_expr(c, e->v.BinOp.left) || !comp_expr(c, e->v.BinOp.right))
      return false;
    comp_emit(c, OP_BINARY_OP, e->v.BinOp.op);
    return !c->failed;
  case AST_UnaryOp: return unaryop(c, e);
  case AST_Lambda: return comp_lambda(c, e);
  case AST_IfExp: return ifexp(c, e);
  case AST_Dict: return dict_display(c, e);
  case AST_Set: return build_sequence(c, &e->v.Set.elts, OP_BUILD_SET, false);
  case AST_ListComp: case AST_SetComp: case AST_DictComp: case AST_GeneratorExp:
    return comp_comprehension(c, e);
  case AST_Yield:
    if (!yield_allowed(c, e))
      return false;
    if (e->v.Yield.value) {
      if (!comp_expr(c, e->v.Yield.value))
        return false;
    } else {
      comp_load_const_none(c);
    }
    comp_emit(c, OP_YIELD_VALUE, 0);
    return !c->failed;
  case AST_YieldFrom:
    if (!yield_allowed(c, e) || !comp_expr(c, e->v.YieldFrom.value))
      return false;
    comp_emit(c, OP_GET_YIELD_FROM_ITER, 0);
    comp_load_const_none(c);
    comp_emit(c, OP_YIELD_FROM, 0);
    return !c->failed;
  case AST_Compare: return compare(c, e);
  case AST_Call: return call(c, e);
  case AST_FormattedValue: return formatted_value(c, e);
  case AST_JoinedStr: return joined_str(c, e);
  case AST_Constant:
    comp_emit(c, OP_LOAD_CONST, comp_const_node(c, e));
    return !c->failed;
  case AST_Attribute:
    if (!comp_expr(c, e->v.Attribute.value))
      return false;
    comp_emit(c, OP_LOAD_ATTR, comp_name_mangled(c, e->v.Attribute.attr));
    return !c->failed;
  case AST_Subscript:
    if (!comp_expr(c, e->v.Subscript.value) || !subscript_key(c, e->v.Subscript.slice))
      return false;
    comp_emit(c, OP_BINARY_SUBSCR, 0);
    return !c->failed;
  case AST_Starred:
    comp_error(c, e, "can't use starred expression here");
    return false;
  case AST_Name:
    if (strcmp(e->v.Name.id, "__debug__") == 0) {   /* a constant, as in CPython */
      comp_emit(c, OP_LOAD_CONST, comp_const_bool(c, true));
      return !c->failed;
    }
    comp_name_op(c, e->v.Name.id, CTX_Load, e);
    return !c->failed;
  case AST_List: return build_sequence(c, &e->v.List.elts, OP_BUILD_LIST, false);
  case AST_Tuple: {
    int k = comp_is_const(e) ? fold_const(c, e) : -1;
    if (k >= 0) {
      comp_emit(c, OP_LOAD_CONST, k);
      return !c->failed;
    }
    return build_sequence(c, &e->v.Tuple.elts, OP_BUILD_LIST, true);
  }
  case AST_Slice:
    return subscript_key(c, e);
  default:
    comp_error_kind(c, "SystemError", e, "compiler: unexpected %s node", ast_kind_names[e->kind]);
    return false;
  }
}

bool comp_expr(Compiler *c, Node *e)
{
  if (!comp_descend(c, e))
    return false;
  int saved = c->u->lineno;
  c->u->lineno = e->lineno;
  bool ok = expr_inner(c, e);
  c->u->lineno = saved;
  comp_ascend(c);
  return ok && !c->failed;
}
