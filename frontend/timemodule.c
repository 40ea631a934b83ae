/* timemodule.c: the time module: clocks, sleep, and the struct_time conversions.
 *
 * Clocks read clock_gettime and convert nanoseconds to float seconds the way CPython's
 * _PyTime_AsSecondsDouble does, so time() and time_ns() agree. A struct_time is represented as a
 * plain 9-tuple (tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec, tm_wday, tm_yday, tm_isdst):
 * it indexes, unpacks and compares like CPython's, but has no tm_* attributes and its repr is a
 * tuple's.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "errors.h"
#include "floatobject.h"
#include "import.h"
#include "intobject.h"

#define NS_PER_SEC 1000000000LL
/* strftime's output buffer starts here and doubles up to STRFTIME_GROWTH times the format's
   length, as CPython's does (an empty result is legitimate, e.g. for "%p" in some locales). */
#define STRFTIME_BUF_START 1024
#define STRFTIME_GROWTH 256

/* -- Arguments --------------------------------------------------------------------------------- */
/* PyArg_ParseTuple's messages: "f() takes at most 1 argument (2 given)". */
static bool tuple_args(const char *fname, int nargs, Tuple *kw, int min, int max) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", fname);
    return false;
  }
  if (nargs >= min && nargs <= max) return true;
  int n = nargs < min ? min : max;
  const char *how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
  err_format(Exc_TypeError, "%s() takes %s %d argument%s (%d given)", fname, how, n, n == 1 ? "" : "s", nargs);
  return false;
}

static Value as_index(Value v) {
  if (v == V_TRUE) return v_from_int(1);
  if (v == V_FALSE) return v_from_int(0);
  if (v_is_int(v) || v_is(v, &Type_int)) return v;
  return int_index(v);
}

static Value time_t_overflow(void) {
  return err_format(Exc_OverflowError, "timestamp out of range for platform time_t");
}

/* _PyTime_ObjectToTime_t with floor rounding: seconds for gmtime, localtime, ctime. */
static bool to_time_t(Value v, time_t *out) {
  if (v_isinstance(v, &Type_float)) {
    double d;
    if (!float_as_double(v, &d)) return false;
    if (isnan(d)) { err_format(Exc_ValueError, "Invalid value NaN (not a number)"); return false; }
    d = floor(d);
    if (!((double)INT64_MIN <= d && d < -(double)INT64_MIN)) { time_t_overflow(); return false; }
    *out = (time_t)d;
    return true;
  }
  Value i = as_index(v);
  int64_t s;
  if (!i) return false;
  if (!int_as_i64(i, &s)) { time_t_overflow(); return false; }
  *out = (time_t)s;
  return true;
}

/* _PyTime_FromObject with timeout rounding (away from zero): nanoseconds for sleep. */
static bool to_ns_timeout(Value v, int64_t *out) {
  if (v_isinstance(v, &Type_float)) {
    double d;
    if (!float_as_double(v, &d)) return false;
    if (isnan(d)) { err_format(Exc_ValueError, "Invalid value NaN (not a number)"); return false; }
    d *= (double)NS_PER_SEC;
    d = d >= 0 ? ceil(d) : floor(d);
    if (!((double)INT64_MIN <= d && d < -(double)INT64_MIN)) { time_t_overflow(); return false; }
    *out = (int64_t)d;
    return true;
  }
  Value i = as_index(v);
  int64_t s;
  if (!i) return false;
  if (!int_as_i64(i, &s) || __builtin_mul_overflow(s, NS_PER_SEC, out)) {
    err_format(Exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
    return false;
  }
  return true;
}

/* -- Clocks -------------------------------------------------------------------------------------- */
static int64_t clock_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static double ns_to_seconds(int64_t ns) {
  if (ns % NS_PER_SEC == 0) return (double)(ns / NS_PER_SEC);
  return (double)ns / 1e9;
}

/* name, clock, float seconds (else int nanoseconds) */
#define TIME_CLOCKS(_) \
  _(time, CLOCK_REALTIME, 1) _(time_ns, CLOCK_REALTIME, 0) \
  _(monotonic, CLOCK_MONOTONIC, 1) _(monotonic_ns, CLOCK_MONOTONIC, 0) \
  _(perf_counter, CLOCK_MONOTONIC, 1) _(perf_counter_ns, CLOCK_MONOTONIC, 0) \
  _(process_time, CLOCK_PROCESS_CPUTIME_ID, 1) _(process_time_ns, CLOCK_PROCESS_CPUTIME_ID, 0) \
  _(thread_time, CLOCK_THREAD_CPUTIME_ID, 1) _(thread_time_ns, CLOCK_THREAD_CPUTIME_ID, 0)

#define CLOCK_DEFINE(name, id, as_float) \
  static Value time_##name(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)self; (void)args; \
    if (!args_check("time." #name, nargs, kw, 0, 0)) return VNULL; \
    int64_t ns = clock_ns(id); \
    return as_float ? float_new(ns_to_seconds(ns)) : int_from_i64(ns); \
  }
TIME_CLOCKS(CLOCK_DEFINE)
#undef CLOCK_DEFINE

/* Sleeps until a monotonic deadline, so a signal that interrupts nanosleep does not stretch or
   shorten the total. */
static Value time_sleep(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  int64_t ns;
  if (!args_check("time.sleep", nargs, kw, 1, 1) || !to_ns_timeout(args[0], &ns)) return VNULL;
  if (ns < 0) return err_format(Exc_ValueError, "sleep length must be non-negative");
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  int64_t end_ns = deadline.tv_nsec + ns % NS_PER_SEC;
  deadline.tv_sec += (time_t)(ns / NS_PER_SEC + end_ns / NS_PER_SEC);
  deadline.tv_nsec = (long)(end_ns % NS_PER_SEC);
  int rc;
  while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL)) == EINTR) {}
  if (rc != 0) return err_from_errno(rc, VNULL);
  return V_NONE;
}

/* -- struct_time ------------------------------------------------------------------------------------ */
static Value tm_to_tuple(const struct tm *tm) {
  Tuple *t = tuple_new(9);
  const int f[9] = {tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
                    tm->tm_sec, (tm->tm_wday + 6) % 7, tm->tm_yday + 1, tm->tm_isdst};
  for (int i = 0; i < 9; i++) t->items[i] = v_from_int(f[i]);
  return OBJ_V(t);
}

/* CPython's gettmarg: a 9-tuple of ints to a struct tm (month, weekday and yearday shifted). */
static bool tuple_to_tm(const char *fname, Value v, struct tm *tm) {
  memset(tm, 0, sizeof *tm);
  if (!IS_TUPLE(v)) { err_format(Exc_TypeError, "Tuple or struct_time argument required"); return false; }
  Tuple *t = V_AS(Tuple, v);
  if (t->len != 9) { err_format(Exc_TypeError, "%s(): illegal time tuple argument", fname); return false; }
  int f[9];
  for (int i = 0; i < 9; i++) {
    Value x = as_index(t->items[i]);
    int64_t n;
    if (!x) return false;
    if (!int_as_i64(x, &n) || n < INT_MIN || n > INT_MAX) {
      err_format(Exc_OverflowError, "Python int too large to convert to C int");
      return false;
    }
    f[i] = (int)n;
  }
  if (f[0] < INT_MIN + 1900) { err_format(Exc_OverflowError, "year out of range"); return false; }
  tm->tm_year = f[0] - 1900;
  tm->tm_mon = f[1] - 1;
  tm->tm_mday = f[2];
  tm->tm_hour = f[3];
  tm->tm_min = f[4];
  tm->tm_sec = f[5];
  tm->tm_wday = (f[6] + 1) % 7;
  tm->tm_yday = f[7] - 1;
  tm->tm_isdst = f[8];
  return true;
}

/* CPython's checktm, after strftime's normalization of zero fields. */
static bool check_tm(const struct tm *tm) {
  const char *bad = NULL;
  if (tm->tm_mon < 0 || tm->tm_mon > 11) bad = "month out of range";
  else if (tm->tm_mday <= 0 || tm->tm_mday > 31) bad = "day of month out of range";
  else if (tm->tm_hour < 0 || tm->tm_hour > 23) bad = "hour out of range";
  else if (tm->tm_min < 0 || tm->tm_min > 59) bad = "minute out of range";
  else if (tm->tm_sec < 0 || tm->tm_sec > 61) bad = "seconds out of range";
  else if (tm->tm_wday < 0) bad = "day of week out of range";
  else if (tm->tm_yday < 0 || tm->tm_yday > 365) bad = "day of year out of range";
  if (bad) err_format(Exc_ValueError, "%s", bad);
  return !bad;
}

/* gmtime / localtime / ctime's optional seconds argument: None or absent means now. */
static bool when_arg(const char *fname, Value *args, int nargs, Tuple *kw, time_t *when) {
  if (!tuple_args(fname, nargs, kw, 0, 1)) return false;
  if (nargs == 0 || args[0] == V_NONE) { *when = time(NULL); return true; }
  return to_time_t(args[0], when);
}

static bool broken_down(time_t when, bool local, struct tm *tm) {
  errno = 0;
  if ((local ? localtime_r(&when, tm) : gmtime_r(&when, tm))) return true;
  err_from_errno(errno ? errno : EINVAL, VNULL);
  return false;
}

static Value time_gmtime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  time_t when;
  struct tm tm;
  if (!when_arg("gmtime", args, nargs, kw, &when) || !broken_down(when, false, &tm)) return VNULL;
  return tm_to_tuple(&tm);
}

static Value time_localtime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  time_t when;
  struct tm tm;
  if (!when_arg("localtime", args, nargs, kw, &when) || !broken_down(when, true, &tm)) return VNULL;
  return tm_to_tuple(&tm);
}

static Value time_mktime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  struct tm tm;
  if (!tuple_args("mktime", nargs, kw, 1, 1) || !tuple_to_tm("mktime", args[0], &tm)) return VNULL;
  tm.tm_wday = -1; /* mktime sets it on success: the only reliable failure signal */
  time_t t = mktime(&tm);
  if (t == (time_t)-1 && tm.tm_wday == -1) return err_format(Exc_OverflowError, "mktime argument out of range");
  return float_new((double)t);
}

/* "Sat Feb 29 13:05:09 2020", as CPython formats it (not the C library's asctime). */
static Value format_asctime(const struct tm *tm) {
  static const char wday[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[96];
  int n = snprintf(buf, sizeof buf, "%s %s%3d %.2d:%.2d:%.2d %d", wday[tm->tm_wday], mon[tm->tm_mon],
                   tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, 1900 + tm->tm_year);
  return str_new(buf, (size_t)n);
}

static Value time_asctime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  struct tm tm;
  time_t now;
  if (!tuple_args("asctime", nargs, kw, 0, 1)) return VNULL;
  if (nargs == 0) {
    now = time(NULL);
    if (!broken_down(now, true, &tm)) return VNULL;
  } else if (!tuple_to_tm("asctime", args[0], &tm) || !check_tm(&tm)) {
    return VNULL;
  }
  return format_asctime(&tm);
}

static Value time_ctime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  time_t when;
  struct tm tm;
  if (!when_arg("ctime", args, nargs, kw, &when) || !broken_down(when, true, &tm)) return VNULL;
  return format_asctime(&tm);
}

static Value time_strftime(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  struct tm tm;
  if (!tuple_args("strftime", nargs, kw, 1, 2)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "strftime() argument 1 must be str, not %s", type_name(v_type(args[0])));
  if (nargs == 1) {
    if (!broken_down(time(NULL), true, &tm)) return VNULL;
  } else {
    if (!tuple_to_tm("strftime", args[1], &tm)) return VNULL;
    if (tm.tm_mon == -1) tm.tm_mon = 0;
    if (tm.tm_mday == 0) tm.tm_mday = 1;
    if (tm.tm_yday == -1) tm.tm_yday = 0;
    if (!check_tm(&tm)) return VNULL;
    if (tm.tm_isdst < -1) tm.tm_isdst = -1;
    else if (tm.tm_isdst > 1) tm.tm_isdst = 1;
  }
  Str *fs = V_AS(Str, args[0]);
  if (memchr(fs->data, 0, (size_t)fs->len)) return err_format(Exc_ValueError, "embedded null character");
  char *fmt = malloc((size_t)fs->len + 1), *out = NULL;
  Value result = VNULL;
  if (!fmt) return err_no_memory();
  memcpy(fmt, fs->data, (size_t)fs->len);
  fmt[fs->len] = 0;
  for (size_t cap = STRFTIME_BUF_START;; cap *= 2) {
    free(out);
    if (!(out = malloc(cap))) { err_no_memory(); goto done; }
    size_t n = strftime(out, cap, fmt, &tm);
    if (n > 0 || cap >= STRFTIME_GROWTH * (size_t)fs->len) {
      result = str_new(out, n);
      break;
    }
  }
done:
  free(out);
  free(fmt);
  return result;
}

/* -- The module ------------------------------------------------------------------------------------- */
static const MethodDef time_functions[] = {
#define CLOCK_ENTRY(name, id, as_float) {#name, time_##name, NULL},
  TIME_CLOCKS(CLOCK_ENTRY)
#undef CLOCK_ENTRY
  {"sleep", time_sleep, NULL}, {"gmtime", time_gmtime, NULL}, {"localtime", time_localtime, NULL},
  {"mktime", time_mktime, NULL}, {"asctime", time_asctime, NULL}, {"ctime", time_ctime, NULL},
  {"strftime", time_strftime, NULL},
  {NULL, NULL, NULL}};

Value time_module_init(void) {
  Value m = module_new("time");
  module_add_functions(m, time_functions);
  tzset();
  module_set(m, "timezone", int_from_i64(timezone));
  module_set(m, "altzone", int_from_i64(daylight ? timezone - 3600 : timezone));
  module_set(m, "daylight", v_from_int(daylight));
  Value std = str_from_cstr(tzname[0]), dst = str_from_cstr(tzname[1]);
  module_set(m, "tzname", tuple_pack(2, std, dst));
  return m;
}
