/* Unit tests for the container types (list_methods.c, tuple_methods.c, dict_methods.c,
 * setobject.c, rangeobject.c, sliceobject.c, iterobject.c) through their C API. Expected
 * hashes and orders were printed by CPython 3.11, the oracle. */
#include <check.h>
#include <stdint.h>

#include "../../frontend/containers.h"
#include "../../frontend/iterobject.h"
#include "../../frontend/listobject.h"
#include "../../frontend/rangeobject.h"
#include "../../frontend/runtime.h"
#include "../../frontend/sliceobject.h"
#include "../../frontend/strobject.h"

static void setup(void)
{
  static char *argv[] = {"test_containers", NULL};
  static int done;
  if (!done)
    runtime_init(1, argv, ".");
  done = 1;
}

static int64_t hash_of(Value v)
{
  int64_t h = 0;
  ck_assert(obj_hash(v, &h));
  return h;
}

static const char *repr_of(Value v)
{
  static char buf[512];
  Value r = obj_repr(v);
  ck_assert(r != VNULL);
  snprintf(buf, sizeof buf, "%.*s", (int)STR_LEN(r), STR_DATA(r));
  return buf;
}

START_TEST(test_tuple_hash_matches_cpython)
{
  ck_assert_int_eq(hash_of(OBJ_V(tuple_new(0))), 5740354900026072187LL);
  ck_assert_int_eq(hash_of(tuple_pack(2, v_from_int(1), v_from_int(2))), -3550055125485641917LL);
  ck_assert_int_eq(hash_of(tuple_pack(2, v_from_int(-1), v_from_int(-2))), 960947337673586213LL);
}
END_TEST

START_TEST(test_set_iteration_order_matches_cpython)
{
  static const int64_t in[] = {3, 1, 2, 100, 8};
  Set *s = set_new(&Type_set);
  for (size_t i = 0; i < 5; i++) ck_assert(set_add(s, v_from_int(in[i])));
  ck_assert_str_eq(repr_of(OBJ_V(s)), "{1, 2, 3, 100, 8}");
  ck_assert_int_eq(set_contains(s, v_from_int(100)), 1);
  ck_assert_int_eq(set_contains(s, v_from_int(101)), 0);
}
END_TEST

START_TEST(test_set_table_grows_like_cpython)
{
  static const int64_t in[] = {64, 32, 0, 1, 33, 8, 9, 41, 16, 17, 49, 25, 57, 65, 73};
  Set *s = set_new(&Type_set);
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) ck_assert(set_add(s, v_from_int(in[i])));
  ck_assert_str_eq(repr_of(OBJ_V(s)), "{64, 0, 32, 1, 33, 65, 8, 9, 41, 73, 16, 17, 49, 25, 57}");
}
END_TEST

START_TEST(test_frozenset_hash_matches_cpython)
{
  Set *e = set_new(&Type_frozenset);
  ck_assert_int_eq(hash_of(OBJ_V(e)), 133146708735736LL);
  Set *s = set_new(&Type_frozenset);
  for (int i = 1; i <= 3; i++) set_add(s, v_from_int(i));
  ck_assert_int_eq(hash_of(OBJ_V(s)), -272375401224217160LL);
}
END_TEST

START_TEST(test_set_contains_converts_set_key_to_frozenset)
{
  Set *key = set_new(&Type_frozenset);
  set_add(key, v_from_int(1));
  Set *outer = set_new(&Type_set);
  set_add(outer, OBJ_V(key));
  Set *probe = set_new(&Type_set);
  set_add(probe, v_from_int(1));
  ck_assert_int_eq(set_contains(outer, OBJ_V(probe)), 1);
}
END_TEST

START_TEST(test_slice_indices_clamps_for_any_step)
{
  int64_t start, stop, step, n;
  Slice *s = V_AS(Slice, slice_new(V_NONE, V_NONE, v_from_int(-1)));
  ck_assert(slice_indices(s, 10, &start, &stop, &step, &n));
  ck_assert_int_eq(start, 9);
  ck_assert_int_eq(stop, -1);
  ck_assert_int_eq(n, 10);
  s = V_AS(Slice, slice_new(v_from_int(-100), v_from_int(100), v_from_int(3)));
  ck_assert(slice_indices(s, 7, &start, &stop, &step, &n));
  ck_assert_int_eq(start, 0);
  ck_assert_int_eq(stop, 7);
  ck_assert_int_eq(n, 3);
  s = V_AS(Slice, slice_new(V_NONE, V_NONE, v_from_int(0)));
  ck_assert(!slice_indices(s, 7, &start, &stop, &step, &n));
  ck_assert(err_matches(Exc_ValueError));
  err_clear();
}
END_TEST

START_TEST(test_list_from_iterable_fast_paths)
{
  List *l = list_from_iterable(range_new_i64(0, 10, 3));
  ck_assert_str_eq(repr_of(OBJ_V(l)), "[0, 3, 6, 9]");
  l = list_from_iterable(str_from_cstr("h\xc3\xa9"));
  ck_assert_int_eq(l->len, 2);
  Tuple *t = tuple_from_iterable(OBJ_V(l));
  ck_assert_int_eq(t->len, 2);
  ck_assert(list_from_iterable(v_from_int(5)) == NULL);
  ck_assert(err_matches(Exc_TypeError));
  err_clear();
}
END_TEST

START_TEST(test_range_iterator_counts_down_remaining)
{
  RangeIter *it = V_AS(RangeIter, obj_iter(range_new_i64(10, 0, -4)));
  ck_assert_int_eq(it->remaining, 3);
  ck_assert_int_eq(v_int(obj_next(OBJ_V(it))), 10);
  ck_assert_int_eq(v_int(obj_next(OBJ_V(it))), 6);
  ck_assert_int_eq(v_int(obj_next(OBJ_V(it))), 2);
  ck_assert(obj_next(OBJ_V(it)) == VNULL);
  ck_assert(!err_occurred());
}
END_TEST

START_TEST(test_recursive_list_repr)
{
  List *l = list_new(0);
  list_append(l, v_from_int(1));
  list_append(l, OBJ_V(l));
  ck_assert_str_eq(repr_of(OBJ_V(l)), "[1, [...]]");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("containers");
  TCase *tc = tcase_create("containers");
  tcase_add_unchecked_fixture(tc, setup, NULL);
  tcase_add_test(tc, test_tuple_hash_matches_cpython);
  tcase_add_test(tc, test_set_iteration_order_matches_cpython);
  tcase_add_test(tc, test_set_table_grows_like_cpython);
  tcase_add_test(tc, test_frozenset_hash_matches_cpython);
  tcase_add_test(tc, test_set_contains_converts_set_key_to_frozenset);
  tcase_add_test(tc, test_slice_indices_clamps_for_any_step);
  tcase_add_test(tc, test_list_from_iterable_fast_paths);
  tcase_add_test(tc, test_range_iterator_counts_down_remaining);
  tcase_add_test(tc, test_recursive_list_repr);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
