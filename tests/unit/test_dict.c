/* test_dict.c: the dict core: lookup, order, deletion, resizing, versions. */
#include <check.h>
#include <stdio.h>

#include "../../frontend/dictobject.h"
#include "../../frontend/errors.h"
#include "../../frontend/listobject.h"
#include "../../frontend/runtime.h"
#include "../../frontend/strobject.h"

static void setup(void) {
  static char *argv[] = {"test_dict", NULL};
  static int done;
  if (!done) runtime_init(1, argv, ".");
  done = 1;
}

static Value key_str(int i) {
  char buf[32];
  snprintf(buf, sizeof buf, "key%d", i);
  return str_from_cstr(buf);
}

START_TEST(test_dict_inserts_and_finds_many_keys) {
  Dict *d = dict_new();
  for (int i = 0; i < 5000; i++) {
    ck_assert(dict_set(d, v_from_int(i * 7), v_from_int(i)));
    ck_assert(dict_set(d, key_str(i), v_from_int(-i)));
  }
  ck_assert_int_eq(d->used, 10000);
  for (int i = 0; i < 5000; i++) {
    ck_assert(dict_get(d, v_from_int(i * 7)) == v_from_int(i));
    ck_assert(dict_get(d, key_str(i)) == v_from_int(-i));
  }
  ck_assert(dict_get(d, v_from_int(3)) == VNULL);
  ck_assert(!err_occurred());
}
END_TEST

START_TEST(test_dict_keeps_insertion_order_across_deletes_and_resizes) {
  Dict *d = dict_new();
  for (int i = 0; i < 100; i++) dict_set(d, v_from_int(i), v_from_int(i));
  for (int i = 0; i < 100; i += 2) ck_assert_int_eq(dict_del(d, v_from_int(i)), 1);
  ck_assert_int_eq(dict_del(d, v_from_int(0)), 0);
  for (int i = 100; i < 1000; i++) dict_set(d, v_from_int(i), v_from_int(i));
  int64_t pos = 0, expect = 1;
  Value k, v;
  while (dict_next(d, &pos, &k, &v)) {
    ck_assert_int_eq(v_int(k), expect);
    expect += expect < 99 ? 2 : 1;
  }
  ck_assert_int_eq(expect, 1000);
  ck_assert_int_eq(d->used, 950);
}
END_TEST

START_TEST(test_dict_version_changes_on_keys_not_on_values) {
  Dict *d = dict_new();
  dict_set(d, key_str(1), v_from_int(1));
  uint64_t v1 = d->version;
  dict_set(d, key_str(1), v_from_int(2));
  ck_assert(d->version == v1);
  dict_set(d, key_str(2), v_from_int(2));
  ck_assert(d->version != v1);
  uint64_t v2 = d->version;
  dict_del(d, key_str(2));
  ck_assert(d->version != v2);
}
END_TEST

START_TEST(test_dict_str_keys_equal_by_content) {
  Dict *d = dict_new();
  Str *interned = str_intern_cstr("shared_name");
  dict_set_str(d, interned, v_from_int(5));
  ck_assert(dict_get(d, str_from_cstr("shared_name")) == v_from_int(5));
  ck_assert(dict_get_str(d, V_AS(Str, str_from_cstr("shared_name"))) == v_from_int(5));
  ck_assert_int_ge(dict_lookup_index(d, interned), 0);
}
END_TEST

START_TEST(test_dict_unhashable_key_is_a_type_error) {
  Dict *d = dict_new();
  ck_assert(!dict_set(d, OBJ_V(list_new(0)), v_from_int(1)));
  ck_assert(err_matches(Exc_TypeError));
  err_clear();
}
END_TEST

START_TEST(test_dict_survives_eq_that_mutates_it) {
  static const char src[] =
    "class K:\n"
    "    def __init__(self, d): self.d = d\n"
    "    def __hash__(self): return 1\n"
    "    def __eq__(self, other):\n"
    "        self.d.clear()\n"
    "        return False\n"
    "d = {}\n"
    "d[K(d)] = 1\n"
    "d[K(d)] = 2\n"
    "ok = len(d) in (1, 2)\n";
  ck_assert(runtime_run_source(src, sizeof src - 1, "<mutate>", runtime_main_globals()));
  ck_assert(dict_get_str(runtime_main_globals(), str_intern_cstr("ok")) == V_TRUE);
}
END_TEST

int main(void) {
  Suite *s = suite_create("dict");
  TCase *tc = tcase_create("dict");
  tcase_add_checked_fixture(tc, setup, NULL);
  tcase_add_test(tc, test_dict_inserts_and_finds_many_keys);
  tcase_add_test(tc, test_dict_keeps_insertion_order_across_deletes_and_resizes);
  tcase_add_test(tc, test_dict_version_changes_on_keys_not_on_values);
  tcase_add_test(tc, test_dict_str_keys_equal_by_content);
  tcase_add_test(tc, test_dict_unhashable_key_is_a_type_error);
  tcase_add_test(tc, test_dict_survives_eq_that_mutates_it);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
