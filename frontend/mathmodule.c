/* mathmodule.c: the math module, with CPython 3.11's results and error messages.
 *
 * Float functions follow CPython's math_1 / math_2 contracts: the libm result decides the error
 * (a NaN out of a non-NaN argument is "math domain error", an infinity out of finite arguments is
 * "math range error" for functions that can overflow and a domain error for singularities).
 * Functions whose libm counterpart gives no such signal report an explicit MathErr instead.
 *
 * Integer functions (gcd, factorial, comb, isqrt, ...) work on int Values through intobject.h,
 * so small ints stay tagged; big products are built as balanced product trees so the bigint
 * library's Karatsuba multiplication sees operands of similar size.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "floatobject.h"
#include "import.h"
#include "intobject.h"

/* Partials fsum keeps on the C stack before it switches to a malloc'd array. */
#define FSUM_STACK_PARTIALS 32
/* Coordinates hypot keeps on the C stack before it mallocs. */
#define HYPOT_STACK_COORDS 16

/* A BigInt with room for two digits, for int_as_bigint's small-int conversion. */
typedef union { BigInt b; uint64_t raw[2]; } BigTmp;

typedef enum { MERR_NONE, MERR_DOM, MERR_RANGE } MathErr;

static Value domain_error(void) { return err_format(Exc_ValueError, "math domain error"); }
static Value range_error(void) { return err_format(Exc_OverflowError, "math range error"); }

/* CPython's is_error: a range error on a result below 1.5 in magnitude is an underflow, not an
   error. Returns true when an exception was set. */
static bool raise_math_err(MathErr e, double r) {
  if (e == MERR_DOM) { domain_error(); return true; }
  if (e == MERR_RANGE && fabs(r) >= 1.5) { range_error(); return true; }
  return false;
}

/* -- Argument conversion ----------------------------------------------------------------------- */
static Value unbool(Value v) {
  if (v == V_TRUE) return v_from_int(1);
  if (v == V_FALSE) return v_from_int(0);
  return v;
}

static bool is_exact_int(Value v) { return v_is_int(v) || v_is(v, &Type_int); }

/* PyFloat_AsDouble, with the common cases inline. */
static bool to_double(Value v, double *out) {
  if (IS_FLOAT(v)) { *out = V_AS(Float, v)->v; return true; }
  v = unbool(v);
  if (v_is_int(v)) { *out = (double)v_int(v); return true; }
  return float_as_double(v, out);
}

/* operator.index(v) as a plain int (bools become 0 / 1). */
static Value to_index(Value v) {
  v = unbool(v);
  if (is_exact_int(v)) return v;
  Value i = int_index(v);
  return i ? unbool(i) : VNULL;
}

static bool nokw(const char *name, Tuple *kw) {
  if (!kw || !kw->len) return true;
  err_format(Exc_TypeError, "math.%s() takes no keyword arguments", name);
  return false;
}

/* CPython's clinic messages: one-argument functions are named "math.f", others plain "f". */
static bool arity(const char *name, int nargs, Tuple *kw, int min, int max) {
  if (!nokw(name, kw)) return false;
  if (nargs >= min && nargs <= max) return true;
  char full[64];
  snprintf(full, sizeof full, "math.%s", name);
  return args_check(min == 1 && max == 1 ? full : name, nargs, NULL, min, max);
}

/* Keyword names must come from names[0..n): CPython's "'x' is an invalid keyword argument". */
static bool kw_known(const char *fname, Tuple *kw, const char *const *names, int n) {
  for (int64_t k = 0; kw && k < kw->len; k++) {
    const char *kn = V_AS(Str, kw->items[k])->data;
    int i = 0;
    while (i < n && strcmp(names[i], kn) != 0) i++;
    if (i == n) {
      err_format(Exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn, fname);
      return false;
    }
  }
  return true;
}

/* -- Integer helpers --------------------------------------------------------------------------- */
static uint64_t bit_length(Value v) {
  if (v_is_int(v)) {
    int64_t i = v_int(v);
    uint64_t u = i < 0 ? -(uint64_t)i : (uint64_t)i;
    return u ? 64 - (uint64_t)__builtin_clzll(u) : 0;
  }
  BigTmp t;
  return bigint_bit_length(int_as_bigint(v, &t.b));
}

static Value iop(int op, Value a, Value b) { return int_binop(op, a, b); }
static Value iadd(Value a, int64_t b) { return int_binop(OP_Add, a, v_from_int(b)); }

/* a < b for int Values, -1 on error. */
static int ilt(Value a, Value b) {
  Value d = iop(OP_Sub, a, b);
  return d ? int_sign(d) < 0 : -1;
}

/* lo * (lo + 1) * ... * (lo + n - 1), lo >= 1: a balanced product tree. */
static Value prod_range(Value lo, int64_t n) {
  if (n <= 0) return v_from_int(1);
  if (n == 1) return lo;
  if (v_is_int(lo) && v_int(lo) + n < SMALL_MAX) {
    uint64_t p = 1;
    bool fits = true;
    for (int64_t i = 0; i < n && fits; i++) fits = !__builtin_mul_overflow(p, (uint64_t)(v_int(lo) + i), &p);
    if (fits && p <= (uint64_t)INT64_MAX) return int_from_i64((int64_t)p);
  }
  int64_t h = n / 2;
  Value a = prod_range(lo, h);
  if (!a) return VNULL;
  Value mid = iadd(lo, h);
  Value b = mid ? prod_range(mid, n - h) : VNULL;
  return b ? iop(OP_Mult, a, b) : VNULL;
}

static Value gcd2(Value a, Value b) {
  if (v_is_int(a) && v_is_int(b)) {
    uint64_t x = v_int(a) < 0 ? -(uint64_t)v_int(a) : (uint64_t)v_int(a);
    uint64_t y = v_int(b) < 0 ? -(uint64_t)v_int(b) : (uint64_t)v_int(b);
    while (y) { uint64_t t = x % y; x = y; y = t; }
    return int_from_i64((int64_t)x);
  }
  BigTmp ta, tb;
  BigInt *g = bigint_gcd(int_as_bigint(a, &ta.b), int_as_bigint(b, &tb.b));
  return g ? int_from_bigint(g) : err_no_memory();
}

/* -- Functions of one float: CPython's math_1 ------------------------------------------------- */
static Value math_1(const char *name, double (*fn)(double), bool can_overflow, Value *args, int nargs,
                    Tuple *kw) {
  double x;
  if (!arity(name, nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  double r = fn(x);
  if (isnan(r) && !isnan(x)) return domain_error();
  if (isinf(r) && isfinite(x)) return can_overflow ? range_error() : domain_error();
  return float_new(r);
}

static double m_fabs(double x) { return fabs(x); }

/* name, C function, can overflow */
#define MATH_FUNC1(_) \
  _(sqrt, sqrt, 0) _(exp, exp, 1) _(exp2, exp2, 1) _(expm1, expm1, 1) _(log1p, log1p, 0) \
  _(cbrt, cbrt, 0) _(sin, sin, 0) _(cos, cos, 0) _(tan, tan, 0) _(asin, asin, 0) \
  _(acos, acos, 0) _(atan, atan, 0) _(sinh, sinh, 1) _(cosh, cosh, 1) _(tanh, tanh, 0) \
  _(asinh, asinh, 0) _(acosh, acosh, 0) _(atanh, atanh, 0) _(fabs, m_fabs, 0)

#define MATH1_DEFINE(name, fn, ovf) \
  static Value math_##name(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)self; \
    return math_1(#name, fn, ovf, args, nargs, kw); \
  }
MATH_FUNC1(MATH1_DEFINE)
#undef MATH1_DEFINE

/* Functions whose error comes from an explicit MathErr (CPython's math_1a). */
static Value math_1a(const char *name, double (*fn)(double, MathErr *), Value *args, int nargs, Tuple *kw) {
  double x;
  if (!arity(name, nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  MathErr e = MERR_NONE;
  double r = fn(x, &e);
  return raise_math_err(e, r) ? VNULL : float_new(r);
}

static double m_erf(double x, MathErr *e) { (void)e; return erf(x); }
static double m_erfc(double x, MathErr *e) { (void)e; return erfc(x); }

/* gamma and lgamma: CPython's own Lanczos approximation (N = 13, g = 6.0246...; Boost's
   parameters as a rational function), not libm's, so results agree bit for bit. Negative
   arguments go through the reflection formula with an exact sin(pi * x). */
#define LANCZOS_N 13
#define NGAMMA_INTEGRAL 23 /* gamma(1..23) are exact doubles: a table */
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
  23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408};
/* the denominator x * (x + 1) * ... * (x + LANCZOS_N - 2) */
static const double lanczos_den_coeffs[LANCZOS_N] = {
  0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0,
  32670.0, 1925.0, 66.0, 1.0};
static const double gamma_integral[NGAMMA_INTEGRAL] = {
  1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0, 39916800.0,
  479001600.0, 6227020800.0, 87178291200.0, 1307674368000.0, 20922789888000.0, 355687428096000.0,
  6402373705728000.0, 121645100408832000.0, 2432902008176640000.0, 51090942171709440000.0,
  1124000727777607680000.0};
static const double logpi = 1.144729885849400174143427351353058711647;

/* sin(pi * x), exact at integers and half-integers. */
static double sinpi(double x) {
  double y = fmod(fabs(x), 2.0), r;
  switch ((int)round(2.0 * y)) {
  case 0: r = sin(M_PI * y); break;
  case 1: r = cos(M_PI * (y - 0.5)); break;
  case 2: r = sin(M_PI * (1.0 - y)); break; /* not -sin(pi*(y-1)): that gives -0.0 at y == 1 */
  case 3: r = -cos(M_PI * (y - 1.5)); break;
  default: r = sin(M_PI * (y - 2.0)); break;
  }
  return copysign(1.0, x) * r;
}

/* The rational Lanczos sum for x > 0, in 1/x beyond 5 so nothing overflows. */
static double lanczos_sum(double x) {
  double num = 0.0, den = 0.0;
  if (x < 5.0) {
    for (int i = LANCZOS_N; --i >= 0;) {
      num = num * x + lanczos_num_coeffs[i];
      den = den * x + lanczos_den_coeffs[i];
    }
  } else {
    for (int i = 0; i < LANCZOS_N; i++) {
      num = num / x + lanczos_num_coeffs[i];
      den = den / x + lanczos_den_coeffs[i];
    }
  }
  return num / den;
}

static double m_gamma(double x, MathErr *e) {
  if (!isfinite(x)) {
    if (isnan(x) || x > 0.0) return x;
    *e = MERR_DOM;
    return NAN;
  }
  if (x == 0.0) { *e = MERR_DOM; return copysign(INFINITY, x); }
  if (x == floor(x)) {
    if (x < 0.0) { *e = MERR_DOM; return NAN; }
    if (x <= NGAMMA_INTEGRAL) return gamma_integral[(int)x - 1];
  }
  double absx = fabs(x), r;
  if (absx < 1e-20) {
    r = 1.0 / x;
    if (isinf(r)) *e = MERR_RANGE;
    return r;
  }
  if (absx > 200.0) {
    if (x < 0.0) return 0.0 / sinpi(x);
    *e = MERR_RANGE;
    return INFINITY;
  }
  /* z corrects for the rounding error of y = absx + g - 0.5 (see CPython's derivation). */
  double y = absx + lanczos_g_minus_half, z;
  if (absx > lanczos_g_minus_half) z = (y - absx) - lanczos_g_minus_half;
  else z = (y - lanczos_g_minus_half) - absx;
  z = z * lanczos_g / y;
  if (x < 0.0) {
    r = -M_PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
    r -= z * r;
    if (absx < 140.0) r /= pow(y, absx - 0.5);
    else {
      double sqrtpow = pow(y, absx / 2.0 - 0.25);
      r /= sqrtpow;
      r /= sqrtpow;
    }
  } else {
    r = lanczos_sum(absx) / exp(y);
    r += z * r;
    if (absx < 140.0) r *= pow(y, absx - 0.5);
    else {
      double sqrtpow = pow(y, absx / 2.0 - 0.25);
      r *= sqrtpow;
      r *= sqrtpow;
    }
  }
  if (isinf(r)) *e = MERR_RANGE;
  return r;
}

static double m_lgamma(double x, MathErr *e) {
  if (!isfinite(x)) return isnan(x) ? x : INFINITY;
  if (x == floor(x) && x <= 2.0) {
    if (x <= 0.0) { *e = MERR_DOM; return INFINITY; }
    return 0.0;
  }
  double absx = fabs(x);
  if (absx < 1e-20) return -log(absx);
  double r = log(lanczos_sum(absx)) - lanczos_g;
  r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
  if (x < 0.0) r = logpi - log(fabs(sinpi(absx))) - log(absx) - r;
  if (isinf(r)) *e = MERR_RANGE;
  return r;
}

#define MATH_FUNC1A(_) _(erf, m_erf) _(erfc, m_erfc) _(gamma, m_gamma) _(lgamma, m_lgamma)
#define MATH1A_DEFINE(name, fn) \
  static Value math_##name(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)self; \
    return math_1a(#name, fn, args, nargs, kw); \
  }
MATH_FUNC1A(MATH1A_DEFINE)
#undef MATH1A_DEFINE

/* degrees / radians: a plain product, where an overflow to inf is no error. */
static Value scaled(const char *name, double k, Value *args, int nargs, Tuple *kw) {
  double x;
  if (!arity(name, nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  return float_new(x * k);
}

static Value math_degrees(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return scaled("degrees", 180.0 / M_PI, args, nargs, kw);
}

static Value math_radians(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return scaled("radians", M_PI / 180.0, args, nargs, kw);
}

/* -- Functions of two floats: CPython's math_2 ------------------------------------------------ */
static Value math_2(const char *name, double (*fn)(double, double), Value *args, int nargs, Tuple *kw) {
  double x, y;
  if (!arity(name, nargs, kw, 2, 2) || !to_double(args[0], &x) || !to_double(args[1], &y)) return VNULL;
  double r = fn(x, y);
  MathErr e = MERR_NONE;
  if (isnan(r) && !isnan(x) && !isnan(y)) e = MERR_DOM;
  else if (isinf(r) && isfinite(x) && isfinite(y)) e = MERR_RANGE;
  return raise_math_err(e, r) ? VNULL : float_new(r);
}

static double m_fmod(double x, double y) {
  if (isinf(y) && isfinite(x)) return x;
  return fmod(x, y);
}

#define MATH_FUNC2(_) \
  _(atan2, atan2) _(copysign, copysign) _(remainder, remainder) _(fmod, m_fmod) \
  _(nextafter, nextafter)
#define MATH2_DEFINE(name, fn) \
  static Value math_##name(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)self; \
    return math_2(#name, fn, args, nargs, kw); \
  }
MATH_FUNC2(MATH2_DEFINE)
#undef MATH2_DEFINE

/* pow: IEEE specials handled directly, as CPython does, so every platform agrees. */
static double pow_special(double x, double y) {
  if (isnan(x)) return y == 0.0 ? 1.0 : x;
  if (isnan(y)) return x == 1.0 ? 1.0 : y;
  if (isinf(x)) {
    bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
    if (y > 0.0) return odd_y ? x : fabs(x);
    if (y == 0.0) return 1.0;
    return odd_y ? copysign(0.0, x) : 0.0;
  }
  if (fabs(x) == 1.0) return 1.0;
  if (y > 0.0 && fabs(x) > 1.0) return y;
  if (y < 0.0 && fabs(x) < 1.0) return -y;
  return 0.0;
}

static Value math_pow(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double x, y, r;
  if (!arity("pow", nargs, kw, 2, 2) || !to_double(args[0], &x) || !to_double(args[1], &y)) return VNULL;
  MathErr e = MERR_NONE;
  if (!isfinite(x) || !isfinite(y)) {
    r = pow_special(x, y);
  } else {
    r = pow(x, y);
    if (isnan(r)) e = MERR_DOM;
    else if (isinf(r)) e = x == 0.0 ? MERR_DOM : MERR_RANGE;
  }
  return raise_math_err(e, r) ? VNULL : float_new(r);
}

/* -- Logarithms ---------------------------------------------------------------------------------- */
/* An int beyond float range as x * 2**e with x in [0.5, 1), correctly rounded (_PyLong_Frexp):
   the top 60 bits plus a sticky bit for everything below, then one rounding to double. */
static double int_frexp(Value v, int64_t *e) {
  BigTmp t;
  const BigInt *b = int_as_bigint(v, &t.b);
  uint64_t n = bigint_bit_length(b), shift = n - 60, top = 0;
  for (uint64_t bit = n; bit-- > shift;) top = top << 1 | ((b->d[bit / 32] >> (bit % 32)) & 1);
  bool sticky = false;
  for (uint64_t d = 0; d < shift / 32 && !sticky; d++) sticky = b->d[d] != 0;
  if (shift % 32) sticky = sticky || (b->d[shift / 32] & ((1u << (shift % 32)) - 1)) != 0;
  double x = ldexp((double)(top | sticky), -60);
  *e = (int64_t)n;
  if (x == 1.0) { x = 0.5; (*e)++; }
  return x;
}

/* CPython's loghelper: ints of any size, everything else through libm. */
static bool log_of(Value v, double (*fn)(double), double *out) {
  v = unbool(v);
  if (is_exact_int(v)) {
    if (int_sign(v) <= 0) { domain_error(); return false; }
    bool ovf = false;
    double x = v_is_int(v) ? (double)v_int(v) : int_as_double(v, &ovf);
    if (ovf) {
      int64_t e;
      err_clear(); /* in case int_as_double reported the overflow */
      x = int_frexp(v, &e);
      *out = fn(x) + fn(2.0) * (double)e;
    } else {
      *out = fn(x);
    }
    return true;
  }
  double x;
  if (!to_double(v, &x)) return false;
  double r = fn(x);
  if (isnan(r) && !isnan(x)) { domain_error(); return false; }
  if (isinf(r) && isfinite(x)) { domain_error(); return false; }
  *out = r;
  return true;
}

static Value math_log(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (kw && kw->len) return err_format(Exc_TypeError, "log() takes no keyword arguments");
  if (nargs < 1 || nargs > 2) return err_format(Exc_TypeError, "math.log requires 1 to 2 arguments");
  double num, den;
  if (!log_of(args[0], log, &num)) return VNULL;
  if (nargs == 1) return float_new(num);
  if (!log_of(args[1], log, &den)) return VNULL;
  if (den == 0.0) return err_format(Exc_ZeroDivisionError, "float division by zero");
  return float_new(num / den);
}

static Value math_log2(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double r;
  if (!arity("log2", nargs, kw, 1, 1) || !log_of(args[0], log2, &r)) return VNULL;
  return float_new(r);
}

static Value math_log10(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double r;
  if (!arity("log10", nargs, kw, 1, 1) || !log_of(args[0], log10, &r)) return VNULL;
  return float_new(r);
}

/* -- Rounding to int ----------------------------------------------------------------------------- */
/* floor / ceil: exact ints as is, floats directly, else the type's __floor__ / __ceil__, else
   through float. */
static Value round_to_int(const char *name, Str *dunder, double (*fn)(double), Value *args, int nargs,
                          Tuple *kw) {
  if (!arity(name, nargs, kw, 1, 1)) return VNULL;
  Value v = args[0];
  double x;
  if (IS_FLOAT(v)) return int_from_double(fn(V_AS(Float, v)->v));
  if (is_exact_int(unbool(v))) return unbool(v);
  Value m = type_lookup(v_type(v), dunder);
  if (m) return obj_call1(m, v);
  if (!to_double(v, &x)) return VNULL;
  return int_from_double(fn(x));
}

static Value math_floor(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return round_to_int("floor", N.__floor__, floor, args, nargs, kw);
}

static Value math_ceil(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return round_to_int("ceil", N.__ceil__, ceil, args, nargs, kw);
}

static Value math_trunc(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!arity("trunc", nargs, kw, 1, 1)) return VNULL;
  Value v = args[0];
  if (IS_FLOAT(v)) return int_from_double(trunc(V_AS(Float, v)->v));
  if (is_exact_int(unbool(v))) return unbool(v);
  Value m = type_lookup(v_type(v), N.__trunc__);
  if (!m) return err_format(Exc_TypeError, "type %s doesn't define __trunc__ method", type_name(v_type(v)));
  return obj_call1(m, v);
}

/* -- Float decomposition ------------------------------------------------------------------------- */
static Value math_frexp(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double x;
  if (!arity("frexp", nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  int e = 0;
  if (!isnan(x) && !isinf(x) && x != 0.0) x = frexp(x, &e);
  Value m = float_new(x);
  return tuple_pack(2, m, v_from_int(e));
}

static Value math_modf(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double x, ip;
  if (!arity("modf", nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  double fp;
  if (isinf(x)) { fp = copysign(0.0, x); ip = x; }
  else if (isnan(x)) { fp = ip = x; }
  else fp = modf(x, &ip);
  Value a = float_new(fp), b = float_new(ip);
  return tuple_pack(2, a, b);
}

static Value math_ldexp(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double x;
  if (!arity("ldexp", nargs, kw, 2, 2) || !to_double(args[0], &x)) return VNULL;
  Value iv = unbool(args[1]);
  if (!is_exact_int(iv)) return err_format(Exc_TypeError, "Expected an int as second argument to ldexp.");
  int64_t e;
  if (!int_as_i64(iv, &e)) e = int_sign(iv) < 0 ? INT64_MIN : INT64_MAX;
  double r;
  MathErr err = MERR_NONE;
  if (x == 0.0 || !isfinite(x)) r = x;
  else if (e > INT32_MAX) { r = copysign(INFINITY, x); err = MERR_RANGE; }
  else if (e < INT32_MIN) r = copysign(0.0, x);
  else {
    r = ldexp(x, (int)e);
    if (isinf(r)) err = MERR_RANGE;
  }
  return raise_math_err(err, r) ? VNULL : float_new(r);
}

static Value math_ulp(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  double x;
  if (!arity("ulp", nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  if (isnan(x)) return float_new(x);
  x = fabs(x);
  if (isinf(x)) return float_new(x);
  double x2 = nextafter(x, INFINITY);
  if (isinf(x2)) return float_new(x - nextafter(x, -INFINITY));
  return float_new(x2 - x);
}

/* -- Classification ------------------------------------------------------------------------------ */
static Value classify(const char *name, int which, Value *args, int nargs, Tuple *kw) {
  double x;
  if (!arity(name, nargs, kw, 1, 1) || !to_double(args[0], &x)) return VNULL;
  return v_bool(which == 0 ? isnan(x) : which == 1 ? isinf(x) : isfinite(x));
}

static Value math_isnan(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return classify("isnan", 0, args, nargs, kw);
}

static Value math_isinf(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return classify("isinf", 1, args, nargs, kw);
}

static Value math_isfinite(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return classify("isfinite", 2, args, nargs, kw);
}

static Value math_isclose(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"a", "b", "rel_tol", "abs_tol"};
  int npos = nargs - (kw ? (int)kw->len : 0);
  if (npos > 2 && npos <= 4)
    return err_format(Exc_TypeError, "isclose() takes exactly 2 positional arguments (%d given)", npos);
  Value v[4];
  if (npos <= 4 && !kw_known("isclose", kw, names, 4)) return VNULL;
  if (!args_parse("isclose", args, nargs, kw, names, 2, 4, v)) return VNULL;
  double a, b, rel_tol = 1e-09, abs_tol = 0.0;
  if (!to_double(v[0], &a) || !to_double(v[1], &b)) return VNULL;
  if (v[2] && !to_double(v[2], &rel_tol)) return VNULL;
  if (v[3] && !to_double(v[3], &abs_tol)) return VNULL;
  if (rel_tol < 0.0 || abs_tol < 0.0) return err_format(Exc_ValueError, "tolerances must be non-negative");
  if (a == b) return V_TRUE;
  if (isinf(a) || isinf(b)) return V_FALSE;
  double diff = fabs(b - a);
  return v_bool(diff <= fabs(rel_tol * b) || diff <= fabs(rel_tol * a) || diff <= abs_tol);
}

/* -- Norms: hypot and dist ------------------------------------------------------------------------- */
/* CPython 3.11's vector_norm: scale to avoid overflow, square and sum with error-free
   transformations, then one differential correction of the square root. Accurate to within
   an ulp, and bit-for-bit what CPython returns. */
typedef struct { double hi, lo; } DoubleLength;

static DoubleLength dl_fast_sum(double a, double b) {
  double x = a + b;
  return (DoubleLength){x, (a - x) + b};
}

static DoubleLength dl_mul(double x, double y) {
  double z = x * y;
  return (DoubleLength){z, fma(x, y, -z)};
}

static double vector_norm(int64_t n, double *vec, double max, bool found_nan) {
  if (isinf(max)) return max;
  if (found_nan) return NAN;
  if (max == 0.0 || n <= 1) return max;
  int max_e;
  frexp(max, &max_e);
  if (max_e < -1023) {
    for (int64_t i = 0; i < n; i++) vec[i] /= DBL_MIN;
    return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
  }
  double scale = ldexp(1.0, -max_e), csum = 1.0, frac1 = 0.0, frac2 = 0.0;
  DoubleLength pr, sm;
  for (int64_t i = 0; i < n; i++) {
    double x = vec[i] * scale;
    pr = dl_mul(x, x);
    sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
  }
  double h = sqrt(csum - 1.0 + (frac1 + frac2));
  pr = dl_mul(-h, h);
  sm = dl_fast_sum(csum, pr.hi);
  csum = sm.hi;
  frac1 += pr.lo;
  frac2 += sm.lo;
  double x = csum - 1.0 + (frac1 + frac2);
  h += x / (2.0 * h);
  return h / scale;
}

static Value math_hypot(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!nokw("hypot", kw)) return VNULL;
  double stack[HYPOT_STACK_COORDS], *vec = stack, max = 0.0;
  bool found_nan = false;
  if (nargs > HYPOT_STACK_COORDS && !(vec = malloc(sizeof(double) * (size_t)nargs))) return err_no_memory();
  Value result = VNULL;
  for (int i = 0; i < nargs; i++) {
    double x;
    if (!to_double(args[i], &x)) goto done;
    x = fabs(x);
    vec[i] = x;
    found_nan |= isnan(x);
    if (x > max) max = x;
  }
  result = float_new(vector_norm(nargs, vec, max, found_nan));
done:
  if (vec != stack) free(vec);
  return result;
}

static Value math_dist(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!arity("dist", nargs, kw, 2, 2)) return VNULL;
  Value p = args[0], q = args[1];
  gc_root(&p);
  gc_root(&q);
  if (!IS_TUPLE(p) && !(p = OBJ_V(tuple_from_iterable(p)))) return VNULL;
  if (!IS_TUPLE(q) && !(q = OBJ_V(tuple_from_iterable(q)))) return VNULL;
  int64_t n = V_AS(Tuple, p)->len;
  if (n != V_AS(Tuple, q)->len) return err_format(Exc_ValueError, "both points must have the same number of dimensions");
  double stack[HYPOT_STACK_COORDS], *vec = stack, max = 0.0;
  bool found_nan = false;
  if (n > HYPOT_STACK_COORDS && !(vec = malloc(sizeof(double) * (size_t)n))) return err_no_memory();
  Value result = VNULL;
  for (int64_t i = 0; i < n; i++) {
    double px, qx;
    if (!to_double(V_AS(Tuple, p)->items[i], &px) || !to_double(V_AS(Tuple, q)->items[i], &qx)) goto done;
    double x = fabs(px - qx);
    vec[i] = x;
    found_nan |= isnan(x);
    if (x > max) max = x;
  }
  result = float_new(vector_norm(n, vec, max, found_nan));
done:
  if (vec != stack) free(vec);
  return result;
}

/* -- fsum: Shewchuk's exact summation, as CPython's msum ---------------------------------------- */
/* The partials are non-overlapping floats in increasing magnitude whose exact sum is the
   running total; each new x is folded in with two-sum. The final step rounds half-even across
   partials so that the result is the correctly rounded exact sum. */
static bool fsum_grow(double **p, int64_t *cap, double *stack) {
  int64_t ncap = *cap * 2;
  double *np = malloc(sizeof(double) * (size_t)ncap);
  if (!np) { err_no_memory(); return false; }
  memcpy(np, *p, sizeof(double) * (size_t)*cap);
  if (*p != stack) free(*p);
  *p = np;
  *cap = ncap;
  return true;
}

static Value math_fsum(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!arity("fsum", nargs, kw, 1, 1)) return VNULL;
  Value it = obj_iter(args[0]);
  if (!it) return VNULL;
  gc_root(&it);
  double stack[FSUM_STACK_PARTIALS], *p = stack, special_sum = 0.0, inf_sum = 0.0, lo = 0.0;
  int64_t n = 0, cap = FSUM_STACK_PARTIALS;
  Value result = VNULL, item;
  while ((item = obj_next(it))) {
    double x, y, hi;
    if (!to_double(item, &x)) goto done;
    double xsave = x;
    int64_t i = 0;
    for (int64_t j = 0; j < n; j++) {
      y = p[j];
      if (fabs(x) < fabs(y)) { double t = x; x = y; y = t; }
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) p[i++] = lo;
      x = hi;
    }
    n = i;
    if (x == 0.0) continue;
    if (!isfinite(x)) {
      /* From an inf or nan summand, or an intermediate overflow of finite ones. */
      if (isfinite(xsave)) { err_format(Exc_OverflowError, "intermediate overflow in fsum"); goto done; }
      if (isinf(xsave)) inf_sum += xsave;
      special_sum += xsave;
      n = 0;
    } else {
      if (n >= cap && !fsum_grow(&p, &cap, stack)) goto done;
      p[n++] = x;
    }
  }
  if (err_occurred()) goto done;
  if (special_sum != 0.0) {
    if (isnan(inf_sum)) err_format(Exc_ValueError, "-inf + inf in fsum");
    else result = float_new(special_sum);
    goto done;
  }
  double hi = 0.0;
  if (n > 0) {
    hi = p[--n];
    while (n > 0) {
      double x = hi, y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      double y = lo * 2.0, x = hi + y;
      if (y == x - hi) hi = x;
    }
  }
  result = float_new(hi);
done:
  if (p != stack) free(p);
  return result;
}

/* -- prod ---------------------------------------------------------------------------------------- */
static Value math_prod(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  static const char *const names[] = {"start"};
  int npos = nargs - (kw ? (int)kw->len : 0);
  if (nargs > 2) return err_format(Exc_TypeError, "prod() takes at most 2 arguments (%d given)", nargs);
  if (npos != 1) return err_format(Exc_TypeError, "prod() takes exactly 1 positional argument (%d given)", npos);
  if (!kw_known("prod", kw, names, 1)) return VNULL;
  Value acc = nargs == 2 ? args[1] : v_from_int(1);
  Value it = obj_iter(args[0]), item;
  if (!it) return VNULL;
  gc_root(&it);
  gc_root(&acc);
  while ((item = obj_next(it))) {
    if (!(acc = obj_binop(OP_Mult, acc, item))) return VNULL;
  }
  return err_occurred() ? VNULL : acc;
}

/* -- Integer functions ----------------------------------------------------------------------------- */
static Value math_gcd(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!nokw("gcd", kw)) return VNULL;
  if (nargs == 0) return v_from_int(0);
  Value res = to_index(args[0]);
  if (!res) return VNULL;
  if (nargs == 1) return int_abs(res);
  for (int i = 1; i < nargs; i++) {
    Value x = to_index(args[i]);
    if (!x) return VNULL;
    if (res != v_from_int(1) && !(res = gcd2(res, x))) return VNULL;
  }
  return res;
}

static Value math_lcm(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!nokw("lcm", kw)) return VNULL;
  if (nargs == 0) return v_from_int(1);
  Value res = to_index(args[0]);
  if (!res) return VNULL;
  if (nargs == 1) return int_abs(res);
  for (int i = 1; i < nargs; i++) {
    Value x = to_index(args[i]);
    if (!x) return VNULL;
    if (res == v_from_int(0)) continue;
    if (int_sign(x) == 0) { res = v_from_int(0); continue; }
    Value g = gcd2(res, x), f = g ? iop(OP_FloorDiv, res, g) : VNULL, ab = f ? iop(OP_Mult, f, x) : VNULL;
    if (!ab || !(res = int_abs(ab))) return VNULL;
  }
  return res;
}

static Value factorial_of(Value arg) {
  Value n = to_index(arg);
  if (!n) return VNULL;
  int64_t k;
  if (!int_as_i64(n, &k)) {
    if (int_sign(n) < 0) return err_format(Exc_ValueError, "factorial() not defined for negative values");
    return err_format(Exc_OverflowError, "factorial() argument should not exceed %lld", (long long)INT64_MAX);
  }
  if (k < 0) return err_format(Exc_ValueError, "factorial() not defined for negative values");
  return prod_range(v_from_int(1), k);
}

static Value math_factorial(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!arity("factorial", nargs, kw, 1, 1)) return VNULL;
  return factorial_of(args[0]);
}

/* n and k as non-negative ints, with CPython's messages. */
static bool comb_args(Value *args, Value *n, Value *k) {
  if (!(*n = to_index(args[0])) || !(*k = to_index(args[1]))) return false;
  if (int_sign(*n) < 0) { err_format(Exc_ValueError, "n must be a non-negative integer"); return false; }
  if (int_sign(*k) < 0) { err_format(Exc_ValueError, "k must be a non-negative integer"); return false; }
  return true;
}

static Value math_perm(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!arity("perm", nargs, kw, 1, 2)) return VNULL;
  if (nargs == 1 || args[1] == V_NONE) return factorial_of(args[0]);
  Value n, k;
  if (!comb_args(args, &n, &k)) return VNULL;
  int64_t ki;
  if (!int_as_i64(k, &ki)) {
    int64_t ni;
    if (int_as_i64(n, &ni)) return v_from_int(0);
    return err_format(Exc_OverflowError, "k must not exceed %lld", (long long)INT64_MAX);
  }
  int gt = ilt(n, k);
  if (gt < 0) return VNULL;
  if (gt) return v_from_int(0);
  Value lo = iadd(n, 1 - ki);
  return lo ? prod_range(lo, ki) : VNULL;
}

static Value math_comb(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!arity("comb", nargs, kw, 2, 2)) return VNULL;
  Value n, k;
  if (!comb_args(args, &n, &k)) return VNULL;
  Value rest = iop(OP_Sub, n, k);
  if (!rest) return VNULL;
  if (int_sign(rest) < 0) return v_from_int(0);
  int lt = ilt(rest, k);
  if (lt < 0) return VNULL;
  if (lt) k = rest;
  int64_t ki;
  if (!int_as_i64(k, &ki))
    return err_format(Exc_OverflowError, "min(n - k, k) must not exceed %lld", (long long)INT64_MAX);
  Value lo = iadd(n, 1 - ki);
  Value num = lo ? prod_range(lo, ki) : VNULL;
  Value den = num ? prod_range(v_from_int(1), ki) : VNULL;
  return den ? iop(OP_FloorDiv, num, den) : VNULL;
}

/* isqrt: CPython's adaptive-precision Newton iteration. Each step doubles the number of correct
   bits of a, so the big shifts and divisions are dominated by the last one. */
static Value math_isqrt(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!arity("isqrt", nargs, kw, 1, 1)) return VNULL;
  Value n = to_index(args[0]);
  if (!n) return VNULL;
  if (int_sign(n) < 0) return err_format(Exc_ValueError, "isqrt() argument must be nonnegative");
  if (v_is_int(n)) {
    uint64_t x = (uint64_t)v_int(n), a = (uint64_t)sqrt((double)x);
    while (a * a > x) a--;
    while ((a + 1) * (a + 1) <= x) a++;
    return v_from_int((int64_t)a);
  }
  int64_t c = (int64_t)(bit_length(n) - 1) / 2, d = 0;
  Value a = v_from_int(1);
  for (int s = (int)bit_length(v_from_int(c)) - 1; s >= 0; s--) {
    int64_t e = d;
    d = c >> s;
    Value hi = iop(OP_LShift, a, v_from_int(d - e - 1));
    Value q = hi ? iop(OP_RShift, n, v_from_int(2 * c - e - d + 1)) : VNULL;
    q = q ? iop(OP_FloorDiv, q, a) : VNULL;
    if (!q || !(a = iop(OP_Add, hi, q))) return VNULL;
  }
  Value sq = iop(OP_Mult, a, a);
  int over = sq ? ilt(n, sq) : -1;
  if (over < 0) return VNULL;
  return over ? iadd(a, -1) : a;
}

/* -- The module ------------------------------------------------------------------------------------ */
static const MethodDef math_functions[] = {
#define MATH_ENTRY(name, ...) {#name, math_##name, NULL},
  MATH_FUNC1(MATH_ENTRY) MATH_FUNC1A(MATH_ENTRY) MATH_FUNC2(MATH_ENTRY)
#undef MATH_ENTRY
  {"pow", math_pow, NULL}, {"log", math_log, NULL}, {"log2", math_log2, NULL},
  {"log10", math_log10, NULL}, {"floor", math_floor, NULL}, {"ceil", math_ceil, NULL},
  {"trunc", math_trunc, NULL}, {"frexp", math_frexp, NULL}, {"modf", math_modf, NULL},
  {"ldexp", math_ldexp, NULL}, {"ulp", math_ulp, NULL}, {"isnan", math_isnan, NULL},
  {"isinf", math_isinf, NULL}, {"isfinite", math_isfinite, NULL}, {"isclose", math_isclose, NULL},
  {"hypot", math_hypot, NULL}, {"dist", math_dist, NULL}, {"fsum", math_fsum, NULL},
  {"prod", math_prod, NULL}, {"gcd", math_gcd, NULL}, {"lcm", math_lcm, NULL},
  {"factorial", math_factorial, NULL}, {"perm", math_perm, NULL}, {"comb", math_comb, NULL},
  {"isqrt", math_isqrt, NULL}, {"degrees", math_degrees, NULL}, {"radians", math_radians, NULL},
  {NULL, NULL, NULL}};

Value math_module_init(void) {
  Value m = module_new("math");
  module_add_functions(m, math_functions);
  module_set(m, "pi", float_new(M_PI));
  module_set(m, "e", float_new(M_E));
  module_set(m, "tau", float_new(2.0 * M_PI));
  module_set(m, "inf", float_new(INFINITY));
  module_set(m, "nan", float_new(NAN));
  return m;
}
