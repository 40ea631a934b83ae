/* test_compile.c: unit tests for the bytecode compiler: op sequences of small functions,
 * stack sizes, exception tables, constants, qualnames, content hashes and SyntaxErrors.
 * Op sequences are compared as space-separated op names (cache words skipped).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../frontend/compile.h"
#include "../../frontend/dis.h"
#include "../../frontend/opcodes.h"
#include "../../frontend/parser.h"
#include "../../frontend/runtime.h"
#include "../../frontend/symtable.h"

static char errbuf[512];

/* Parses, analyzes and compiles src; NULL with errbuf set ("Kind: msg") on any error. */
static Code *compile_src(const char *src)
{
  Arena a;
  arena_init(&a);
  ParseError pe;
  CompileError ce;
  SymTable st;
  memset(&st, 0, sizeof st);
  Code *co = NULL;
  Node *m = parse_module(&a, src, strlen(src), "<test>", &pe);
  if (!m || symtable_build(&st, &a, m, src, strlen(src), &pe) != 0) {
    snprintf(errbuf, sizeof errbuf, "%s: %s", pe.kind, pe.msg);
  } else if (!(co = compile_module(m, &st, "<test>", &ce))) {
    snprintf(errbuf, sizeof errbuf, "%s: %s", ce.kind, ce.msg);
  }
  arena_free(&a);
  return co;
}

/* The first code constant of co (the first def/class/lambda/comprehension). */
static Code *first_code(Code *co)
{
  for (int64_t i = 0; i < co->consts->len; i++)
    if (v_is(co->consts->items[i], &Type_code))
      return V_AS(Code, co->consts->items[i]);
  return NULL;
}

static void ops_of(Code *co, char *out, size_t cap)
{
  size_t n = 0;
  out[0] = 0;
  for (int pc = 0; pc < co->ninsns; pc += 1 + opcode_has_cache[INSN_OP(co->insns[pc])]) {
    int w = snprintf(out + n, cap - n, "%s%s", n ? " " : "", opcode_names[INSN_OP(co->insns[pc])]);
    if (w < 0 || (size_t)w >= cap - n)
      break;
    n += (size_t)w;
  }
}

static int count_op(Code *co, int op)
{
  int k = 0;
  for (int pc = 0; pc < co->ninsns; pc += 1 + opcode_has_cache[INSN_OP(co->insns[pc])])
    k += (int)INSN_OP(co->insns[pc]) == op;
  return k;
}

#define ASSERT_OPS(co, expected) do { \
    char buf_[4096]; ops_of((co), buf_, sizeof buf_); ck_assert_str_eq(buf_, (expected)); \
  } while (0)

static void setup(void)
{
  static char *argv[] = {"test_compile", NULL};
  static int done;
  if (!done)
    runtime_init(1, argv, ".");
  done = 1;
}

START_TEST(test_compile_add_function_ops)
{
  Code *f = first_code(compile_src("def f(a, b):\n    return a + b\n"));
  ck_assert_ptr_nonnull(f);
  ASSERT_OPS(f, "LOAD_FAST LOAD_FAST BINARY_OP RETURN_VALUE LOAD_CONST RETURN_VALUE");
  ck_assert_int_eq(f->argcount, 2);
  ck_assert_int_eq(f->nlocals, 2);
  ck_assert_int_eq(f->stacksize, 2);
}
END_TEST

START_TEST(test_compile_call_stacksize_counts_null_slot)
{
  Code *co = compile_src("f(1, 2, 3)\n");
  ck_assert_ptr_nonnull(co);
  ASSERT_OPS(co, "LOAD_GLOBAL PUSH_NULL LOAD_CONST LOAD_CONST LOAD_CONST CALL POP_TOP LOAD_CONST RETURN_VALUE");
  ck_assert_int_eq(co->stacksize, 5);
}
END_TEST

START_TEST(test_compile_method_call_uses_load_method)
{
  Code *co = compile_src("o.m(1, k=2)\n");
  ck_assert_ptr_nonnull(co);
  ASSERT_OPS(co, "LOAD_GLOBAL LOAD_METHOD LOAD_CONST LOAD_CONST LOAD_CONST CALL_KW POP_TOP LOAD_CONST RETURN_VALUE");
}
END_TEST

START_TEST(test_compile_star_call_uses_call_ex)
{
  /* A lone *a goes to CALL_EX as it is; anything more builds the tuple. */
  Code *co = compile_src("f(*a, **k)\n");
  ck_assert_ptr_nonnull(co);
  ASSERT_OPS(co, "LOAD_GLOBAL LOAD_GLOBAL BUILD_MAP LOAD_GLOBAL DICT_MERGE CALL_EX POP_TOP LOAD_CONST RETURN_VALUE");
  co = compile_src("f(1, *a)\n");
  ck_assert_ptr_nonnull(co);
  ASSERT_OPS(co, "LOAD_GLOBAL BUILD_LIST LOAD_CONST LIST_APPEND LOAD_GLOBAL LIST_EXTEND LIST_TO_TUPLE CALL_EX POP_TOP "
                 "LOAD_CONST RETURN_VALUE");
}
END_TEST

START_TEST(test_compile_for_loop_has_one_back_edge)
{
  Code *f = first_code(compile_src("def f(xs):\n    for x in xs:\n        if x:\n            continue\n        g(x)\n"));
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(count_op(f, OP_FOR_ITER), 1);
  ck_assert_int_eq(count_op(f, OP_JUMP_BACKWARD), 2);   /* the loop end and the continue */
}
END_TEST

START_TEST(test_compile_while_tests_at_the_top)
{
  Code *f = first_code(compile_src("def f(n):\n    while n:\n        n -= 1\n"));
  ck_assert_ptr_nonnull(f);
  ASSERT_OPS(f, "LOAD_FAST POP_JUMP_IF_FALSE LOAD_FAST LOAD_CONST BINARY_OP STORE_FAST "
                "JUMP_BACKWARD LOAD_CONST RETURN_VALUE");
  ck_assert_uint_eq(INSN_ARG(f->insns[8]), 0);  /* JUMP_BACKWARD goes to the test */
}
END_TEST

START_TEST(test_compile_try_except_table)
{
  Code *f = first_code(compile_src("def f():\n    try:\n        g()\n    except E as e:\n        h(e)\n"));
  ck_assert_ptr_nonnull(f);
  ck_assert_int_ge(f->nexc, 3);
  ExcEntry *body = &f->exctab[0];
  ck_assert_uint_eq(body->start, 0);
  ck_assert_uint_eq(body->depth, 0);
  ck_assert_int_eq((int)INSN_OP(f->insns[body->handler]), OP_PUSH_EXC_INFO);
  for (int i = 1; i < f->nexc; i++) {
    ck_assert_uint_ge(f->exctab[i].start, f->exctab[i - 1].end);   /* disjoint, sorted */
    ck_assert_uint_eq(f->exctab[i].depth, 1);                      /* prev exception kept */
  }
}
END_TEST

START_TEST(test_compile_with_in_loop_depth)
{
  Code *f = first_code(compile_src("def f(xs):\n    for x in xs:\n        with x:\n            break\n"));
  ck_assert_ptr_nonnull(f);
  ck_assert_int_ge(f->nexc, 1);
  ck_assert_uint_eq(f->exctab[0].depth, 2);   /* iterator + __exit__ */
}
END_TEST

START_TEST(test_compile_constants_are_merged_by_kind)
{
  Code *co = compile_src("a = 1\nb = 1.0\nc = True\nd = 1\ne = (1, 2)\nf = (1, 2)\n");
  ck_assert_ptr_nonnull(co);
  /* 1, 1.0, True, 2 (inside the tuple), (1, 2), None */
  ck_assert_int_eq(co->consts->len, 6);
}
END_TEST

START_TEST(test_compile_docstring_is_first_constant)
{
  Code *f = first_code(compile_src("def f():\n    'doc'\n    return 1\n"));
  ck_assert_ptr_nonnull(f);
  ck_assert(IS_STR(f->consts->items[0]));
  ck_assert_str_eq(V_AS(Str, f->consts->items[0])->data, "doc");
  Code *g = first_code(compile_src("def g():\n    return 1\n"));
  ck_assert(g->consts->items[0] == V_NONE);
}
END_TEST

START_TEST(test_compile_qualnames)
{
  Code *co = compile_src("def f():\n    def g():\n        pass\nclass C:\n    def m(self):\n        return [x for x in self]\n");
  ck_assert_ptr_nonnull(co);
  Code *f = first_code(co);
  ck_assert_str_eq(first_code(f)->qualname->data, "f.<locals>.g");
  Code *c = NULL;
  for (int64_t i = 0; i < co->consts->len; i++)
    if (v_is(co->consts->items[i], &Type_code) && V_AS(Code, co->consts->items[i]) != f)
      c = V_AS(Code, co->consts->items[i]);
  ck_assert_ptr_nonnull(c);
  ck_assert(c->flags & CO_CLASSBODY);
  Code *m = first_code(c);
  ck_assert_str_eq(m->qualname->data, "C.m");
  ck_assert_str_eq(first_code(m)->qualname->data, "C.m.<locals>.<listcomp>");
}
END_TEST

START_TEST(test_compile_cell_parameter)
{
  Code *f = first_code(compile_src("def f(a, b):\n    return lambda: b\n"));
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(f->nlocals, 2);
  ck_assert_int_eq(f->ncells, 1);
  ck_assert_int_eq(f->cell_of_arg[0], 1);
  Code *lam = first_code(f);
  ck_assert_int_eq(lam->nfree, 1);
  ASSERT_OPS(lam, "LOAD_DEREF RETURN_VALUE");
}
END_TEST

START_TEST(test_compile_generator_flag)
{
  Code *f = first_code(compile_src("def f():\n    yield 1\n"));
  ck_assert(f->flags & CO_GENERATOR);
  Code *g = first_code(compile_src("x = (i for i in y)\n"));
  ck_assert(g->flags & CO_GENERATOR);
  ck_assert_int_eq(g->argcount, 1);
}
END_TEST

START_TEST(test_compile_hash_is_deterministic)
{
  const char *src = "def f(x):\n    return x * 2 + 'a'\n";
  Code *a = compile_src(src), *b = compile_src(src);
  Code *c = compile_src("def f(x):\n    return x * 3 + 'a'\n");
  ck_assert(a && b && c);
  ck_assert(a->hash_lo == b->hash_lo && a->hash_hi == b->hash_hi);
  ck_assert(a->hash_lo != c->hash_lo || a->hash_hi != c->hash_hi);
  ck_assert(first_code(a)->hash_lo == first_code(b)->hash_lo);
}
END_TEST

START_TEST(test_compile_chained_compare_evaluates_middle_once)
{
  Code *co = compile_src("r = a < b() < c\n");
  ck_assert_ptr_nonnull(co);
  ck_assert_int_eq(count_op(co, OP_CALL), 1);
  ck_assert_int_eq(count_op(co, OP_COMPARE_OP), 2);
}
END_TEST

START_TEST(test_compile_private_names_are_mangled)
{
  Code *co = compile_src("class _C:\n    def m(self):\n        return self.__x, self.__y__\n");
  ck_assert_ptr_nonnull(co);
  Code *m = first_code(first_code(co));
  ck_assert_ptr_nonnull(m);
  ck_assert_str_eq(V_AS(Str, m->names->items[0])->data, "_C__x");
  ck_assert_str_eq(V_AS(Str, m->names->items[1])->data, "__y__");
}
END_TEST

START_TEST(test_compile_expression_returns_its_value)
{
  const char *src = "[x * k for x in y]";
  Arena a;
  arena_init(&a);
  ParseError pe;
  CompileError ce;
  SymTable st;
  memset(&st, 0, sizeof st);
  Node *e = parse_expression(&a, src, strlen(src), "<eval>", &pe);
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(symtable_build(&st, &a, e, src, strlen(src), &pe), 0);
  Code *co = compile_expression(e, &st, "<eval>", &ce);
  arena_free(&a);
  ck_assert_ptr_nonnull(co);
  ck_assert(co->flags & CO_MODULE);
  ASSERT_OPS(co, "LOAD_CONST MAKE_FUNCTION PUSH_NULL LOAD_GLOBAL GET_ITER CALL RETURN_VALUE");
  ASSERT_OPS(first_code(co), "BUILD_LIST LOAD_FAST FOR_ITER STORE_FAST LOAD_FAST LOAD_GLOBAL "
                             "BINARY_OP LIST_APPEND JUMP_BACKWARD RETURN_VALUE");
}
END_TEST

START_TEST(test_compile_syntax_errors)
{
  static const struct { const char *src, *msg; } cases[] = {
    {"a, *b, *c = d\n", "multiple starred expressions in assignment"},
    {"*a = b\n", "starred assignment target must be in a list or tuple"},
    {"x = *a\n", "can't use starred expression here"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ck_assert_ptr_null(compile_src(cases[i].src));
    ck_assert_msg(strstr(errbuf, cases[i].msg) != NULL, "%s: got %s", cases[i].src, errbuf);
  }
}
END_TEST

START_TEST(test_compile_dis_lists_nested_code)
{
  Code *co = compile_src("def f():\n    try:\n        return 1\n    finally:\n        g()\n");
  ck_assert_ptr_nonnull(co);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  dis_code(out, co);
  fclose(out);
  ck_assert(strstr(text, "Disassembly of <code object f, file \"<test>\", line 1>") != NULL);
  ck_assert(strstr(text, "ExceptionTable:") != NULL);
  ck_assert(strstr(text, "PUSH_EXC_INFO") != NULL);
  free(text);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("compile");
  TCase *tc = tcase_create("compile");
  tcase_add_unchecked_fixture(tc, setup, NULL);
  tcase_add_test(tc, test_compile_add_function_ops);
  tcase_add_test(tc, test_compile_call_stacksize_counts_null_slot);
  tcase_add_test(tc, test_compile_method_call_uses_load_method);
  tcase_add_test(tc, test_compile_star_call_uses_call_ex);
  tcase_add_test(tc, test_compile_for_loop_has_one_back_edge);
  tcase_add_test(tc, test_compile_while_tests_at_the_top);
  tcase_add_test(tc, test_compile_try_except_table);
  tcase_add_test(tc, test_compile_with_in_loop_depth);
  tcase_add_test(tc, test_compile_constants_are_merged_by_kind);
  tcase_add_test(tc, test_compile_docstring_is_first_constant);
  tcase_add_test(tc, test_compile_qualnames);
  tcase_add_test(tc, test_compile_cell_parameter);
  tcase_add_test(tc, test_compile_generator_flag);
  tcase_add_test(tc, test_compile_hash_is_deterministic);
  tcase_add_test(tc, test_compile_chained_compare_evaluates_middle_once);
  tcase_add_test(tc, test_compile_private_names_are_mangled);
  tcase_add_test(tc, test_compile_expression_returns_its_value);
  tcase_add_test(tc, test_compile_syntax_errors);
  tcase_add_test(tc, test_compile_dis_lists_nested_code);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
