/* Unit tests for the regular-expression engine alone (frontend/re_compile.c, re_exec.c): compile
 * errors with CPython's messages and positions, match spans as byte offsets, and the step
 * budget that stops catastrophic backtracking. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "../../frontend/re_engine.h"

static ReProg *compile_ascii(const char *pat, int flags, ReError *err) {
  uint32_t cps[256];
  int64_t n = (int64_t)strlen(pat);
  for (int64_t i = 0; i < n; i++) cps[i] = (unsigned char)pat[i];
  return re_compile(cps, n, flags, err);
}

/* Runs pat over s; returns the result code and the span of group g. */
static int run(const char *pat, const char *s, ReMode mode, int g, int64_t *start, int64_t *end) {
  ReError err;
  ReProg *p = compile_ascii(pat, 0, &err);
  ck_assert_msg(p != NULL, "%s: %s", pat, err.msg);
  int64_t marks[64];
  int last;
  int rc = re_exec(p, s, (int64_t)strlen(s), 0, mode, false, marks, &last);
  if (rc == RE_FOUND) { *start = marks[2 * g]; *end = marks[2 * g + 1]; }
  re_free(p);
  return rc;
}

START_TEST(test_re_search_reports_group_spans)
{
  int64_t a, b;
  ck_assert_int_eq(run("(\\d+)-(\\d+)", "tel 123-456", RE_SEARCH, 2, &a, &b), RE_FOUND);
  ck_assert_int_eq(a, 8);
  ck_assert_int_eq(b, 11);
  ck_assert_int_eq(run("a|ab", "ab", RE_FULLMATCH, 0, &a, &b), RE_FOUND);
  ck_assert_int_eq(b, 2);
  ck_assert_int_eq(run("x", "abc", RE_SEARCH, 0, &a, &b), RE_NOTFOUND);
}
END_TEST

START_TEST(test_re_utf8_offsets_are_bytes)
{
  /* "é" is two bytes: \w+ over "héllo" ends at byte 6. */
  int64_t a, b;
  ck_assert_int_eq(run("\\w+", "h\xc3\xa9llo!", RE_MATCH, 0, &a, &b), RE_FOUND);
  ck_assert_int_eq(b, 6);
}
END_TEST

START_TEST(test_re_compile_errors_match_cpython)
{
  static const struct { const char *pat, *msg; int64_t pos; } cases[] = {
    {"(abc", "missing ), unterminated subpattern", 0},
    {"*a", "nothing to repeat", 0},
    {"abc)", "unbalanced parenthesis", 3},
    {"a**", "multiple repeat", 2},
    {"[abc", "unterminated character set", 0},
    {"\\q", "bad escape \\q", 0},
    {"(a)\\2", "invalid group reference 2", 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ReError err;
    ck_assert_ptr_null(compile_ascii(cases[i].pat, 0, &err));
    ck_assert_str_eq(err.msg, cases[i].msg);
    ck_assert_int_eq(err.pos, cases[i].pos);
  }
}
END_TEST

START_TEST(test_re_long_subject_uses_no_c_recursion)
{
  static char s[1 << 20];
  memset(s, 'a', sizeof s - 1);
  int64_t a, b;
  ck_assert_int_eq(run("(?:a|b)*c?", s, RE_MATCH, 0, &a, &b), RE_FOUND);
  ck_assert_int_eq(b, (int64_t)sizeof s - 1);
}
END_TEST

START_TEST(test_re_catastrophic_pattern_hits_step_budget)
{
  int64_t a, b;
  re_step_max = 1u << 22;
  ck_assert_int_eq(run("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", RE_MATCH, 0, &a, &b), RE_BUDGET);
  re_step_max = RE_STEP_MAX;
}
END_TEST

int main(void)
{
  Suite *s = suite_create("re");
  TCase *tc = tcase_create("engine");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_re_search_reports_group_spans);
  tcase_add_test(tc, test_re_utf8_offsets_are_bytes);
  tcase_add_test(tc, test_re_compile_errors_match_cpython);
  tcase_add_test(tc, test_re_long_subject_uses_no_c_recursion);
  tcase_add_test(tc, test_re_catastrophic_pattern_hits_step_budget);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
