/* test_gc.c: the collector: what dies, what survives, the write barrier, bounded memory. */
#include <check.h>
#include <stdio.h>

#include "../../frontend/dictobject.h"
#include "../../frontend/errors.h"
#include "../../frontend/gc.h"
#include "../../frontend/listobject.h"
#include "../../frontend/runtime.h"
#include "../../frontend/strobject.h"

static void setup(void) {
  static char *argv[] = {"test_gc", NULL};
  static int done;
  if (!done) runtime_init(1, argv, ".");
  done = 1;
}

static Value make_str(int i) {
  char buf[64];
  snprintf(buf, sizeof buf, "string number %d, long enough to be its own object", i);
  return str_from_cstr(buf);
}

START_TEST(test_gc_minor_frees_unreachable_young_objects) {
  gc_collect_major();
  size_t before = gc_live_objects();
  for (int i = 0; i < 10000; i++) make_str(i);
  ck_assert_uint_ge(gc_live_objects(), before + 10000);
  gc_collect_minor();
  ck_assert_uint_le(gc_live_objects(), before + 10);
}
END_TEST

START_TEST(test_gc_rooted_objects_survive_minor_and_major) {
  int mark = gc_root_mark();
  List *l = list_new(0);
  Value lv = OBJ_V(l);
  gc_root(&lv);
  for (int i = 0; i < 1000; i++) list_append(l, make_str(i));
  gc_collect_minor();
  gc_collect_major();
  ck_assert_int_eq(l->len, 1000);
  Value want = make_str(777);
  ck_assert(str_eq(V_AS(Str, l->items[777]), V_AS(Str, want)));
  gc_root_restore(mark);
}
END_TEST

START_TEST(test_gc_write_barrier_keeps_young_items_of_old_list) {
  int mark = gc_root_mark();
  List *l = list_new(0);
  Value lv = OBJ_V(l);
  gc_root(&lv);
  for (int i = 0; i < 5000; i++) list_append(l, v_from_int(i));
  gc_collect_major(); /* l is old now */
  ck_assert(l->h.gcflags & GCF_OLD);
  list_append(l, make_str(1));          /* a young object stored into an old list */
  V_AS(List, lv)->items[10] = make_str(2);
  gc_wb_list(l, 10, l->items[10]);
  for (int i = 0; i < 20000; i++) make_str(i); /* garbage to reuse freed memory */
  gc_collect_minor();
  for (int i = 0; i < 20000; i++) make_str(-i);
  ck_assert(str_eq(V_AS(Str, l->items[5000]), V_AS(Str, make_str(1))));
  ck_assert(str_eq(V_AS(Str, l->items[10]), V_AS(Str, make_str(2))));
  gc_root_restore(mark);
}
END_TEST

START_TEST(test_gc_dict_barrier_keeps_young_values_of_old_dict) {
  int mark = gc_root_mark();
  Dict *d = dict_new();
  Value dv = OBJ_V(d);
  gc_root(&dv);
  for (int i = 0; i < 3000; i++) dict_set(d, v_from_int(i), v_from_int(i));
  gc_collect_major();
  dict_set(d, v_from_int(42), make_str(42));   /* update in place */
  dict_set(d, v_from_int(99999), make_str(7)); /* new entry */
  for (int i = 0; i < 20000; i++) make_str(i);
  gc_collect_minor();
  for (int i = 0; i < 20000; i++) make_str(-i);
  ck_assert(str_eq(V_AS(Str, dict_get(d, v_from_int(42))), V_AS(Str, make_str(42))));
  ck_assert(str_eq(V_AS(Str, dict_get(d, v_from_int(99999))), V_AS(Str, make_str(7))));
  gc_root_restore(mark);
}
END_TEST

START_TEST(test_gc_allocating_loop_runs_in_bounded_memory) {
  static const char src[] =
    "total = 0\n"
    "for i in range(300000):\n"
    "    junk = [i, str(i), (i, i + 1.5)]\n"
    "    total += len(junk)\n";
  gc_collect_major();
  size_t before = gc_live_objects();
  ck_assert(runtime_run_source(src, sizeof src - 1, "<loop>", runtime_main_globals()));
  ck_assert_uint_gt(gc_stats()->minor_count, 0);
  /* 300000 iterations made over a million objects; live ones stay near one nursery's worth. */
  ck_assert_uint_lt(gc_live_objects(), before + 50000);
}
END_TEST

START_TEST(test_gc_deep_recursion_is_a_recursion_error) {
  static const char src[] = "def f(n):\n    return f(n + 1)\nf(0)\n";
  ck_assert(!runtime_run_source(src, sizeof src - 1, "<rec>", runtime_main_globals()));
  ck_assert(err_matches(Exc_RecursionError));
  err_clear();
}
END_TEST

int main(void) {
  Suite *s = suite_create("gc");
  TCase *tc = tcase_create("gc");
  tcase_add_checked_fixture(tc, setup, NULL);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_gc_minor_frees_unreachable_young_objects);
  tcase_add_test(tc, test_gc_rooted_objects_survive_minor_and_major);
  tcase_add_test(tc, test_gc_write_barrier_keeps_young_items_of_old_list);
  tcase_add_test(tc, test_gc_dict_barrier_keeps_young_values_of_old_dict);
  tcase_add_test(tc, test_gc_allocating_loop_runs_in_bounded_memory);
  tcase_add_test(tc, test_gc_deep_recursion_is_a_recursion_error);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
