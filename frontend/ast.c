/* ast.c: the node arena, the name tables generated from ast.h's X-macros, and ast_dump.
 *
 * The arena is a list of chunks; allocation bumps a pointer, and everything is freed at once
 * when compilation of a module is done. ast_dump prints in Python's ast.dump() format (without
 * positions) so parser tests can compare against strings produced by CPython.
 */
#include "ast.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* -- Arena -------------------------------------------------------------------------------- */

struct ArenaChunk {
  ArenaChunk *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

void arena_init(Arena *a) { a->head = NULL; a->total = 0; }

void arena_free(Arena *a) {
  ArenaChunk *c = a->head;
  while (c) {
    ArenaChunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->total = 0;
}

void *arena_alloc(Arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  ArenaChunk *c = a->head;
  if (!c || c->cap - c->used < size) {
    size_t cap = size > ARENA_CHUNK_SIZE ? size : ARENA_CHUNK_SIZE;
    c = malloc(sizeof(ArenaChunk) + cap);
    if (!c) return NULL;
    c->used = 0;
    c->cap = cap;
    /* A big one-off chunk goes behind the head so the head's free space stays usable. */
    if (a->head && cap > ARENA_CHUNK_SIZE) {
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = c->data + c->used;
  c->used += size;
  a->total += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* -- Tables --------------------------------------------------------------------------------- */

#define NAME_STR(name, x) #name,
#define TEXT_STR(name, text) text,
const char *const ast_boolop_names[] = {AST_BOOLOPS(NAME_STR)};
const char *const ast_boolop_text[] = {AST_BOOLOPS(TEXT_STR)};
const char *const ast_binop_names[] = {AST_BINOPS(NAME_STR)};
const char *const ast_binop_text[] = {AST_BINOPS(TEXT_STR)};
const char *const ast_unaryop_names[] = {AST_UNARYOPS(NAME_STR)};
const char *const ast_unaryop_text[] = {AST_UNARYOPS(TEXT_STR)};
const char *const ast_cmpop_names[] = {AST_CMPOPS(NAME_STR)};
const char *const ast_cmpop_text[] = {AST_CMPOPS(TEXT_STR)};
const char *const ast_ctx_names[] = {AST_CTXS(NAME_STR)};
const char *const ast_kind_names[] = {AST_KINDS(NAME_STR)};
#define CAT_VAL(name, cat) AST_CAT_##cat,
const unsigned char ast_kind_category[] = {AST_KINDS(CAT_VAL)};
#undef NAME_STR
#undef TEXT_STR
#undef CAT_VAL

Node *ast_new(Arena *a, NodeKind kind, int lineno, int col) {
  Node *n = arena_alloc(a, sizeof(Node));
  if (!n) return NULL;
  n->kind = kind;
  n->lineno = n->end_lineno = lineno;
  n->col = n->end_col = col;
  return n;
}

/* -- Dump --------------------------------------------------------------------------------- */

/* Output goes to a FILE or a bounded buffer; len counts everything that would be written. */
typedef struct Out { FILE *f; char *buf; size_t cap, len; } Out;

static void put(Out *o, const char *s, size_t n) {
  if (o->f) fwrite(s, 1, n, o->f);
  else if (o->buf && o->len + 1 < o->cap) {
    size_t room = o->cap - 1 - o->len;
    memcpy(o->buf + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

static void puts_(Out *o, const char *s) { put(o, s, strlen(s)); }

static void putf(Out *o, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void dump(Out *o, const Node *n);

/* Python's repr of a str/bytes value: single quotes unless the text has ' and no ". */
static void put_repr(Out *o, const char *s, size_t len, int is_bytes) {
  int sq = 0, dq = 0;
  for (size_t i = 0; i < len; i++) { sq |= s[i] == '\''; dq |= s[i] == '"'; }
  char q = (sq && !dq) ? '"' : '\'';
  if (is_bytes) put(o, "b", 1);
  put(o, &q, 1);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == (unsigned char)q || c == '\\') { put(o, "\\", 1); put(o, s + i, 1); }
    else if (c == '\n') puts_(o, "\\n");
    else if (c == '\r') puts_(o, "\\r");
    else if (c == '\t') puts_(o, "\\t");
    else if (c < 0x20 || c == 0x7f || (is_bytes && c >= 0x80)) putf(o, "\\x%02x", c);
    else put(o, s + i, 1);
  }
  put(o, &q, 1);
}

/* Shortest round-tripping repr of a double, like Python's float repr: fixed notation for
   decimal exponents -4..15, else scientific with at least two exponent digits. */
static void put_float(Out *o, double d) {
  char tmp[48], digits[24];
  int prec;
  if (d != d) { puts_(o, "nan"); return; }
  if (d == 1.0 / 0.0 || d == -1.0 / 0.0) { puts_(o, d > 0 ? "inf" : "-inf"); return; }
  for (prec = 0; prec < 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec, d);
    if (strtod(tmp, NULL) == d) break;
  }
  snprintf(tmp, sizeof tmp, "%.*e", prec, d);
  char *e = strchr(tmp, 'e');
  int exp = atoi(e + 1), nd = 0;
  for (char *q = tmp; q < e; q++)
    if (*q >= '0' && *q <= '9') digits[nd++] = *q;
  digits[nd] = '\0';
  if (d < 0) puts_(o, "-");
  if (exp < -4 || exp >= 16) {
    put(o, digits, 1);
    if (nd > 1) { puts_(o, "."); puts_(o, digits + 1); }
    putf(o, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  } else if (exp < 0) {
    puts_(o, "0.");
    for (int i = 0; i < -exp - 1; i++) puts_(o, "0");
    puts_(o, digits);
  } else {
    for (int i = 0; i <= exp; i++) put(o, i < nd ? &digits[i] : "0", 1);
    puts_(o, ".");
    puts_(o, nd > exp + 1 ? digits + exp + 1 : "0");
  }
}

static void put_const(Out *o, const Node *n) {
  switch (n->v.Constant.kind) {
    case CONST_NONE: puts_(o, "None"); break;
    case CONST_TRUE: puts_(o, "True"); break;
    case CONST_FALSE: puts_(o, "False"); break;
    case CONST_ELLIPSIS: puts_(o, "Ellipsis"); break;
    case CONST_INT: {
      int b = n->v.Constant.base;
      puts_(o, b == 16 ? "0x" : b == 8 ? "0o" : b == 2 ? "0b" : "");
      puts_(o, n->v.Constant.str);
      break;
    }
    case CONST_FLOAT: put_float(o, n->v.Constant.f); break;
    case CONST_COMPLEX: put_float(o, n->v.Constant.f); puts_(o, "j"); break;
    case CONST_STR: put_repr(o, n->v.Constant.str, n->v.Constant.len, 0); break;
    case CONST_BYTES: put_repr(o, n->v.Constant.str, n->v.Constant.len, 1); break;
  }
}

/* Field helpers: each writes ", name=value" (the comma only after the first field). */
typedef struct Fields { Out *o; int first; } Fields;

static void fname(Fields *fs, const char *name) {
  if (!fs->first) puts_(fs->o, ", ");
  fs->first = 0;
  puts_(fs->o, name);
  puts_(fs->o, "=");
}

static void f_node(Fields *fs, const char *name, const Node *n) {
  if (!n) return;  /* ast.dump omits None-valued optional fields */
  fname(fs, name);
  dump(fs->o, n);
}

static void f_list(Fields *fs, const char *name, NodeList l) {
  fname(fs, name);
  puts_(fs->o, "[");
  for (int i = 0; i < l.count; i++) {
    if (i) puts_(fs->o, ", ");
    if (l.items[i]) dump(fs->o, l.items[i]);
    else puts_(fs->o, "None");
  }
  puts_(fs->o, "]");
}

static void f_str(Fields *fs, const char *name, const char *s) {
  if (!s) return;
  fname(fs, name);
  put_repr(fs->o, s, strlen(s), 0);
}

static void f_ids(Fields *fs, const char *name, IdList l) {
  fname(fs, name);
  puts_(fs->o, "[");
  for (int i = 0; i < l.count; i++) {
    if (i) puts_(fs->o, ", ");
    put_repr(fs->o, l.items[i], strlen(l.items[i]), 0);
  }
  puts_(fs->o, "]");
}

static void f_raw(Fields *fs, const char *name, const char *text) {
  fname(fs, name);
  puts_(fs->o, text);
}

static void f_int(Fields *fs, const char *name, int v) {
  fname(fs, name);
  putf(fs->o, "%d", v);
}

static void f_op(Fields *fs, const char *name, const char *opname) {
  fname(fs, name);
  puts_(fs->o, opname);
  puts_(fs->o, "()");
}

static void f_ctx(Fields *fs, ExprContext c) { f_op(fs, "ctx", ast_ctx_names[c]); }

static void dump_stmt(Fields *fs, const Node *n) {
  switch (n->kind) {
    case AST_FunctionDef:
      f_str(fs, "name", n->v.FunctionDef.name);
      f_node(fs, "args", n->v.FunctionDef.args);
      f_list(fs, "body", n->v.FunctionDef.body);
      f_list(fs, "decorator_list", n->v.FunctionDef.decorator_list);
      f_node(fs, "returns", n->v.FunctionDef.returns);
      break;
    case AST_ClassDef:
      f_str(fs, "name", n->v.ClassDef.name);
      f_list(fs, "bases", n->v.ClassDef.bases);
      f_list(fs, "keywords", n->v.ClassDef.keywords);
      f_list(fs, "body", n->v.ClassDef.body);
      f_list(fs, "decorator_list", n->v.ClassDef.decorator_list);
      break;
    case AST_Return: f_node(fs, "value", n->v.Return.value); break;
    case AST_Delete: f_list(fs, "targets", n->v.Delete.targets); break;
    case AST_Assign:
      f_list(fs, "targets", n->v.Assign.targets);
      f_node(fs, "value", n->v.Assign.value);
      break;
    case AST_AugAssign:
      f_node(fs, "target", n->v.AugAssign.target);
      f_op(fs, "op", ast_binop_names[n->v.AugAssign.op]);
      f_node(fs, "value", n->v.AugAssign.value);
      break;
    case AST_AnnAssign:
      f_node(fs, "target", n->v.AnnAssign.target);
      f_node(fs, "annotation", n->v.AnnAssign.annotation);
      f_node(fs, "value", n->v.AnnAssign.value);
      f_int(fs, "simple", n->v.AnnAssign.simple);
      break;
    case AST_For:
      f_node(fs, "target", n->v.For.target);
      f_node(fs, "iter", n->v.For.iter);
      f_list(fs, "body", n->v.For.body);
      f_list(fs, "orelse", n->v.For.orelse);
      break;
    case AST_While:
    case AST_If:
      f_node(fs, "test", n->v.If.test);
      f_list(fs, "body", n->v.If.body);
      f_list(fs, "orelse", n->v.If.orelse);
      break;
    case AST_With:
      f_list(fs, "items", n->v.With.items);
      f_list(fs, "body", n->v.With.body);
      break;
    case AST_Raise:
      f_node(fs, "exc", n->v.Raise.exc);
      f_node(fs, "cause", n->v.Raise.cause);
      break;
    case AST_Try:
      f_list(fs, "body", n->v.Try.body);
      f_list(fs, "handlers", n->v.Try.handlers);
      f_list(fs, "orelse", n->v.Try.orelse);
      f_list(fs, "finalbody", n->v.Try.finalbody);
      break;
    case AST_Assert:
      f_node(fs, "test", n->v.Assert.test);
      f_node(fs, "msg", n->v.Assert.msg);
      break;
    case AST_Import: f_list(fs, "names", n->v.Import.names); break;
    case AST_ImportFrom:
      f_str(fs, "module", n->v.ImportFrom.module);
      f_list(fs, "names", n->v.ImportFrom.names);
      f_int(fs, "level", n->v.ImportFrom.level);
      break;
    case AST_Global: f_ids(fs, "names", n->v.Global.names); break;
    case AST_Nonlocal: f_ids(fs, "names", n->v.Nonlocal.names); break;
    case AST_Expr: f_node(fs, "value", n->v.Expr.value); break;
    default: break;
  }
}

static void dump_comp(Fields *fs, const Node *elt, NodeList gens) {
  f_node(fs, "elt", elt);
  f_list(fs, "generators", gens);
}

static void dump_expr(Fields *fs, const Node *n) {
  switch (n->kind) {
    case AST_BoolOp:
      f_op(fs, "op", ast_boolop_names[n->v.BoolOp.op]);
      f_list(fs, "values", n->v.BoolOp.values);
      break;
    case AST_NamedExpr:
      f_node(fs, "target", n->v.NamedExpr.target);
      f_node(fs, "value", n->v.NamedExpr.value);
      break;
    case AST_BinOp:
      f_node(fs, "left", n->v.BinOp.left);
      f_op(fs, "op", ast_binop_names[n->v.BinOp.op]);
      f_node(fs, "right", n->v.BinOp.right);
      break;
    case AST_UnaryOp:
      f_op(fs, "op", ast_unaryop_names[n->v.UnaryOp.op]);
      f_node(fs, "operand", n->v.UnaryOp.operand);
      break;
    case AST_Lambda:
      f_node(fs, "args", n->v.Lambda.args);
      f_node(fs, "body", n->v.Lambda.body);
      break;
    case AST_IfExp:
      f_node(fs, "test", n->v.IfExp.test);
      f_node(fs, "body", n->v.IfExp.body);
      f_node(fs, "orelse", n->v.IfExp.orelse);
      break;
    case AST_Dict:
      f_list(fs, "keys", n->v.Dict.keys);
      f_list(fs, "values", n->v.Dict.values);
      break;
    case AST_Set: f_list(fs, "elts", n->v.Set.elts); break;
    case AST_ListComp: dump_comp(fs, n->v.ListComp.elt, n->v.ListComp.generators); break;
    case AST_SetComp: dump_comp(fs, n->v.SetComp.elt, n->v.SetComp.generators); break;
    case AST_GeneratorExp:
      dump_comp(fs, n->v.GeneratorExp.elt, n->v.GeneratorExp.generators);
      break;
    case AST_DictComp:
      f_node(fs, "key", n->v.DictComp.key);
      f_node(fs, "value", n->v.DictComp.value);
      f_list(fs, "generators", n->v.DictComp.generators);
      break;
    case AST_Yield: f_node(fs, "value", n->v.Yield.value); break;
    case AST_YieldFrom: f_node(fs, "value", n->v.YieldFrom.value); break;
    case AST_Compare:
      f_node(fs, "left", n->v.Compare.left);
      fname(fs, "ops");
      puts_(fs->o, "[");
      for (int i = 0; i < n->v.Compare.comparators.count; i++) {
        if (i) puts_(fs->o, ", ");
        puts_(fs->o, ast_cmpop_names[n->v.Compare.ops[i]]);
        puts_(fs->o, "()");
      }
      puts_(fs->o, "]");
      f_list(fs, "comparators", n->v.Compare.comparators);
      break;
    case AST_Call:
      f_node(fs, "func", n->v.Call.func);
      f_list(fs, "args", n->v.Call.args);
      f_list(fs, "keywords", n->v.Call.keywords);
      break;
    case AST_FormattedValue:
      f_node(fs, "value", n->v.FormattedValue.value);
      f_int(fs, "conversion", n->v.FormattedValue.conversion);
      f_node(fs, "format_spec", n->v.FormattedValue.format_spec);
      break;
    case AST_JoinedStr: f_list(fs, "values", n->v.JoinedStr.values); break;
    case AST_Constant: fname(fs, "value"); put_const(fs->o, n); break;
    case AST_Attribute:
      f_node(fs, "value", n->v.Attribute.value);
      f_str(fs, "attr", n->v.Attribute.attr);
      f_ctx(fs, n->v.Attribute.ctx);
      break;
    case AST_Subscript:
      f_node(fs, "value", n->v.Subscript.value);
      f_node(fs, "slice", n->v.Subscript.slice);
      f_ctx(fs, n->v.Subscript.ctx);
      break;
    case AST_Starred:
      f_node(fs, "value", n->v.Starred.value);
      f_ctx(fs, n->v.Starred.ctx);
      break;
    case AST_Name:
      f_str(fs, "id", n->v.Name.id);
      f_ctx(fs, n->v.Name.ctx);
      break;
    case AST_List:
    case AST_Tuple:
      f_list(fs, "elts", n->v.Tuple.elts);
      f_ctx(fs, n->v.Tuple.ctx);
      break;
    case AST_Slice:
      f_node(fs, "lower", n->v.Slice.lower);
      f_node(fs, "upper", n->v.Slice.upper);
      f_node(fs, "step", n->v.Slice.step);
      break;
    default: break;
  }
}

static void dump_helper(Fields *fs, const Node *n) {
  switch (n->kind) {
    case AST_keyword:
      f_str(fs, "arg", n->v.keyword.arg);
      f_node(fs, "value", n->v.keyword.value);
      break;
    case AST_arguments:
      f_list(fs, "posonlyargs", n->v.arguments.posonlyargs);
      f_list(fs, "args", n->v.arguments.args);
      f_node(fs, "vararg", n->v.arguments.vararg);
      f_list(fs, "kwonlyargs", n->v.arguments.kwonlyargs);
      f_list(fs, "kw_defaults", n->v.arguments.kw_defaults);
      f_node(fs, "kwarg", n->v.arguments.kwarg);
      f_list(fs, "defaults", n->v.arguments.defaults);
      break;
    case AST_arg:
      f_str(fs, "arg", n->v.arg.arg);
      f_node(fs, "annotation", n->v.arg.annotation);
      break;
    case AST_comprehension:
      f_node(fs, "target", n->v.comprehension.target);
      f_node(fs, "iter", n->v.comprehension.iter);
      f_list(fs, "ifs", n->v.comprehension.ifs);
      f_int(fs, "is_async", n->v.comprehension.is_async);
      break;
    case AST_excepthandler:
      f_node(fs, "type", n->v.excepthandler.type);
      f_str(fs, "name", n->v.excepthandler.name);
      f_list(fs, "body", n->v.excepthandler.body);
      break;
    case AST_alias:
      f_str(fs, "name", n->v.alias.name);
      f_str(fs, "asname", n->v.alias.asname);
      break;
    case AST_withitem:
      f_node(fs, "context_expr", n->v.withitem.context_expr);
      f_node(fs, "optional_vars", n->v.withitem.optional_vars);
      break;
    default: break;
  }
}

static void dump(Out *o, const Node *n) {
  Fields fs = {o, 1};
  puts_(o, n->kind == AST_excepthandler ? "ExceptHandler" : ast_kind_names[n->kind]);
  puts_(o, "(");
  switch (n->kind) {
    case AST_Module: f_list(&fs, "body", n->v.Module.body); f_raw(&fs, "type_ignores", "[]"); break;
    case AST_Expression: f_node(&fs, "body", n->v.Expression.body); break;
    default:
      switch (ast_kind_category[n->kind]) {
        case AST_CAT_STMT: dump_stmt(&fs, n); break;
        case AST_CAT_EXPR: dump_expr(&fs, n); break;
        default: dump_helper(&fs, n); break;
      }
  }
  puts_(o, ")");
}

void ast_dump(FILE *out, const Node *node) {
  Out o = {out, NULL, 0, 0};
  dump(&o, node);
  fputc('\n', out);
}

size_t ast_dump_str(char *buf, size_t cap, const Node *node) {
  Out o = {NULL, buf, cap, 0};
  dump(&o, node);
  if (cap) buf[o.len < cap ? o.len : cap - 1] = '\0';
  return o.len;
}
