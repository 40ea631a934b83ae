/* dis.c: the disassembler (see dis.h). Listings look like CPython's dis:
 *
 *   2    >>   4 FOR_ITER               12 (to 12)
 *             5 STORE_FAST              1 (x)
 *
 * the line number where it changes, ">>" on jump targets, the word index, the op, the raw
 * argument and its meaning. An op with an inline cache shows its cache index as [cN]; the
 * cache word itself is not listed. Constants are printed by a small repr of our own so the
 * listing needs nothing from the runtime beyond the objects themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "bytesobject.h"
#include "dis.h"
#include "fmt.h"
#include "intobject.h"
#include "opcodes.h"

static const char *const binop_text[] = {
#define BINOP_TEXT(name, text) text,
  AST_BINOPS(BINOP_TEXT)
#undef BINOP_TEXT
};
static const char *const cmp_text[] = {"<", "<=", "==", "!=", ">", ">="};

/* -- Constants ---------------------------------------------------------------------------- */

static void quoted(FILE *out, const char *p, size_t n, const char *prefix)
{
  bool has_sq = memchr(p, '\'', n) != NULL, has_dq = memchr(p, '"', n) != NULL;
  char q = has_sq && !has_dq ? '"' : '\'';
  fprintf(out, "%s%c", prefix, q);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)p[i];
    if (ch == (unsigned char)q || ch == '\\') fprintf(out, "\\%c", ch);
    else if (ch == '\n') fputs("\\n", out);
    else if (ch == '\t') fputs("\\t", out);
    else if (ch == '\r') fputs("\\r", out);
    else if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && *prefix)) fprintf(out, "\\x%02x", ch);
    else fputc(ch, out);
  }
  fputc(q, out);
}

void dis_const(FILE *out, Value v)
{
  if (v == VNULL) { fputs("<NULL>", out); return; }
  if (v_is_int(v)) { fprintf(out, "%lld", (long long)v_int(v)); return; }
  if (v == V_NONE) { fputs("None", out); return; }
  if (v == V_TRUE) { fputs("True", out); return; }
  if (v == V_FALSE) { fputs("False", out); return; }
  if (v == V_ELLIPSIS) { fputs("Ellipsis", out); return; }
  Type *t = V_OBJ(v)->type;
  if (t == &Type_str) {
    quoted(out, V_AS(Str, v)->data, (size_t)V_AS(Str, v)->len, "");
  } else if (t == &Type_bytes) {
    quoted(out, V_AS(Bytes, v)->data, (size_t)V_AS(Bytes, v)->len, "b");
  } else if (t == &Type_float) {
    char buf[FMT_REPR_BUF];
    fmt_float_repr(V_AS(Float, v)->v, buf);
    fputs(buf, out);
  } else if (t == &Type_int) {
    Value s = int_to_str(v, 10, false);
    fputs(s != VNULL ? V_AS(Str, s)->data : "<int>", out);
  } else if (t == &Type_tuple) {
    Tuple *tu = V_AS(Tuple, v);
    fputc('(', out);
    for (int64_t i = 0; i < tu->len; i++) {
      if (i)
        fputs(", ", out);
      dis_const(out, tu->items[i]);
    }
    fputs(tu->len == 1 ? ",)" : ")", out);
  } else if (t == &Type_code) {
    Code *co = V_AS(Code, v);
    fprintf(out, "<code object %s, file \"%s\", line %d>", co->name->data, co->filename->data,
            co->firstlineno);
  } else {
    fprintf(out, "<%s object>", t->cname ? t->cname : "?");
  }
}

/* -- Instructions ---------------------------------------------------------------------------- */

static const char *tuple_str(Tuple *t, uint32_t i)
{
  if (!t || (int64_t)i >= t->len || !IS_STR(t->items[i]))
    return "?";
  return V_AS(Str, t->items[i])->data;
}

static bool uses_name(int op)
{
  switch (op) {
  case OP_LOAD_GLOBAL: case OP_STORE_GLOBAL: case OP_DELETE_GLOBAL: case OP_LOAD_NAME:
  case OP_STORE_NAME: case OP_DELETE_NAME: case OP_LOAD_ATTR: case OP_STORE_ATTR:
  case OP_DELETE_ATTR: case OP_LOAD_METHOD: case OP_IMPORT_NAME: case OP_IMPORT_FROM:
    return true;
  default:
    return false;
  }
}

static bool uses_local(int op)
{
  switch (op) {
  case OP_LOAD_FAST: case OP_STORE_FAST: case OP_DELETE_FAST: case OP_LOAD_DEREF:
  case OP_STORE_DEREF: case OP_DELETE_DEREF: case OP_LOAD_CLOSURE: case OP_LOAD_CLASSDEREF:
    return true;
  default:
    return false;
  }
}

/* The meaning of an argument, in parentheses; nothing for plain counts. */
static void arg_meaning(FILE *out, Code *co, int op, uint32_t arg)
{
  if (opcode_is_jump[op]) {
    fprintf(out, "(to %u)", arg);
  } else if (op == OP_LOAD_CONST) {
    fputc('(', out);
    if (co->consts && (int64_t)arg < co->consts->len)
      dis_const(out, co->consts->items[arg]);
    else
      fputs("?", out);
    fputc(')', out);
  } else if (uses_name(op)) {
    fprintf(out, "(%s)", tuple_str(co->names, arg));
  } else if (uses_local(op)) {
    fprintf(out, "(%s)", tuple_str(co->localnames, arg));
  } else if (op == OP_BINARY_OP) {
    bool inplace = arg >= BINOP__COUNT;
    uint32_t k = inplace ? arg - BINOP__COUNT : arg;
    if (k < BINOP__COUNT)
      fprintf(out, "(%s%s)", binop_text[k], inplace ? "=" : "");
  } else if (op == OP_COMPARE_OP && arg < 6) {
    fprintf(out, "(%s)", cmp_text[arg]);
  } else if (op == OP_IS_OP) {
    fputs(arg ? "(is not)" : "(is)", out);
  } else if (op == OP_CONTAINS_OP) {
    fputs(arg ? "(not in)" : "(in)", out);
  } else if (op == OP_FORMAT_VALUE && arg) {
    static const char *const conv[] = {"", "str", "repr", "ascii"};
    fprintf(out, "(%s%s%s)", conv[arg & 3], (arg & 3) && (arg & 4) ? ", " : "",
            arg & 4 ? "with format" : "");
  } else if (op == OP_MAKE_FUNCTION && arg) {
    fprintf(out, "(%s%s%s)", arg & 1 ? "defaults " : "", arg & 2 ? "kwdefaults " : "",
            arg & 8 ? "closure" : "");
  } else if (op == OP_UNPACK_EX) {
    fprintf(out, "(%u before, %u after)", arg & 0xFF, arg >> 8);
  } else if (op == OP_CALL_EX) {
    fputs(arg & 1 ? "(with kwargs)" : "", out);
  }
}

static void insn_line(FILE *out, Code *co, int pc, bool target)
{
  uint32_t w = co->insns[pc];
  int op = INSN_OP(w);
  uint32_t arg = INSN_ARG(w);
  if (op >= OP__COUNT) {
    fprintf(out, "%s %5d <bad op %d>\n", target ? ">>" : "  ", pc, op);
    return;
  }
  fprintf(out, "%s %5d %-22s", target ? ">>" : "  ", pc, opcode_names[op]);
  bool shows_arg = arg != 0 || opcode_is_jump[op] || op == OP_LOAD_CONST || uses_name(op) ||
                   uses_local(op) || op == OP_BINARY_OP || op == OP_COMPARE_OP ||
                   op == OP_CALL || op == OP_BUILD_TUPLE || op == OP_BUILD_LIST ||
                   op == OP_BUILD_MAP || op == OP_BUILD_SET;
  if (shows_arg)
    fprintf(out, " %5u ", arg);
  arg_meaning(out, co, op, arg);
  if (opcode_has_cache[op] && pc + 1 < co->ninsns)
    fprintf(out, " [c%u]", co->insns[pc + 1]);
  fputc('\n', out);
}

void dis_insn(FILE *out, Code *co, int pc) { insn_line(out, co, pc, false); }

static void print_flags(FILE *out, int flags)
{
  static const char *const names[] = {"VARARGS", "VARKEYWORDS", "GENERATOR", "NESTED", "MODULE",
                                      "CLASSBODY"};
  bool first = true;
  for (int i = 0; i < 6; i++)
    if (flags & (1 << i)) {
      fprintf(out, "%s%s", first ? "" : "|", names[i]);
      first = false;
    }
  if (first)
    fputs("0", out);
}

static void header(FILE *out, Code *co)
{
  fprintf(out, "Disassembly of <code object %s, file \"%s\", line %d>:\n", co->qualname->data,
          co->filename->data, co->firstlineno);
  fprintf(out, "# args %d (posonly %d, kwonly %d), locals %d, cells %d, free %d, stack %d, "
          "caches %d, flags ", co->argcount, co->posonlycount, co->kwonlycount, co->nlocals,
          co->ncells, co->nfree, co->stacksize, co->ncaches);
  print_flags(out, co->flags);
  fputc('\n', out);
  for (int i = 0; i < co->ncells; i++)
    if (co->cell_of_arg && co->cell_of_arg[i] >= 0)
      fprintf(out, "# cell %s starts from argument %d\n",
              tuple_str(co->localnames, (uint32_t)(co->nlocals + i)), co->cell_of_arg[i]);
}

static void exception_table(FILE *out, Code *co)
{
  if (co->nexc == 0)
    return;
  fputs("ExceptionTable:\n", out);
  for (int i = 0; i < co->nexc; i++) {
    ExcEntry *e = &co->exctab[i];
    fprintf(out, "  %u to %u -> %u [%u]\n", e->start, e->end, e->handler, e->depth);
  }
}

void dis_code(FILE *out, Code *co)
{
  header(out, co);
  unsigned char *target = calloc((size_t)co->ninsns + 1, 1);
  for (int pc = 0; target && pc < co->ninsns; pc += 1 + opcode_has_cache[INSN_OP(co->insns[pc]) % OP__COUNT]) {
    uint32_t w = co->insns[pc];
    if (INSN_OP(w) < OP__COUNT && opcode_is_jump[INSN_OP(w)] && INSN_ARG(w) < (uint32_t)co->ninsns)
      target[INSN_ARG(w)] = 1;
  }
  for (int i = 0; target && i < co->nexc; i++)
    if (co->exctab[i].handler < (uint32_t)co->ninsns)
      target[co->exctab[i].handler] = 1;
  int line = -1;
  for (int pc = 0; pc < co->ninsns; pc += 1 + opcode_has_cache[INSN_OP(co->insns[pc]) % OP__COUNT]) {
    int l = co->lines ? co->lines[pc] : 0;
    if (l != line) {
      if (line != -1)
        fputc('\n', out);
      fprintf(out, "%4d ", l);
      line = l;
    } else {
      fputs("     ", out);
    }
    insn_line(out, co, pc, target && target[pc]);
  }
  free(target);
  exception_table(out, co);
  for (int64_t i = 0; co->consts && i < co->consts->len; i++) {
    Value v = co->consts->items[i];
    if (v_is(v, &Type_code)) {
      fputc('\n', out);
      dis_code(out, V_AS(Code, v));
    }
  }
}
