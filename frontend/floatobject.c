/* floatobject.c: Python float: arithmetic with CPython's special cases, comparison with ints of
 * any size, a hash that agrees with int's, construction, and float's methods.
 *
 * Two ideas carry the file. (1) An int operand of + - * / // % ** is first converted to a
 * double, raising OverflowError when it does not fit, as CPython's CONVERT_TO_DOUBLE; so
 * float_binop takes an int on either side. Comparisons never round a big int: they compare
 * signs, then bit lengths, and only for equal lengths convert the float's integer part to an
 * int. (2) Every decimal text (repr, round(x, n), float(str)) comes from fmt.h, which owns
 * correct rounding; nothing here prints or parses digits itself.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "bytesobject.h"
#include "complexobject.h"
#include "errors.h"
#include "floatobject.h"
#include "fmt.h"
#include "intobject.h"
#include "strobject.h"
#include "typeobject.h"

Value float_new(double d) {
  Float *f = (Float *)gc_alloc(&Type_float, sizeof(Float));
  if (!f) return err_no_memory();
  f->v = d;
  return OBJ_V(f);
}

static inline double fval(Value v) { return V_AS(Float, v)->v; }

/* -- Operand conversion ------------------------------------------------------------------- */
/* Ints (tagged, big, and bools as 0/1) as an int Value; false for anything else. */
static bool as_int(Value v, Value *out) {
  if (v_is_int(v) || v_is(v, &Type_int)) { *out = v; return true; }
  if (v == V_TRUE || v == V_FALSE) { *out = v_from_int(v == V_TRUE); return true; }
  return false;
}

static bool int_to_double(Value i, double *out) {
  if (v_is_int(i)) { *out = (double)v_int(i); return true; }
  bool overflow = false;
  double d = int_as_double(i, &overflow);
  if (overflow) {
    err_format(Exc_OverflowError, "int too large to convert to float");
    return false;
  }
  *out = d;
  return true;
}

/* 1: *out set; 0: not a float or int (NotImplemented); -1: error (int too large). */
static int operand(Value v, double *out) {
  if (IS_FLOAT(v)) { *out = fval(v); return 1; }
  Value i;
  if (!as_int(v, &i)) return 0;
  return int_to_double(i, out) ? 1 : -1;
}

/* Calls the special method f (found on v's type) with v as self and no arguments. */
static Value call_special(Value v, Value f) {
  if (v_is(f, &Type_function) || (v_is(f, &Type_builtin) && V_AS(Builtin, f)->owner))
    return obj_call(f, &v, 1, NULL);
  Value bound = descr_bind(f, v, v_type(v));
  return bound ? obj_call0(bound) : VNULL;
}

bool float_as_double(Value v, double *out) {
  int k = operand(v, out);
  if (k) return k > 0;
  Type *t = v_type(v);
  Value f = type_lookup(t, N.__float__);
  if (f) {
    Value r = call_special(v, f);
    if (!r) return false;
    if (!IS_FLOAT(r)) {
      err_format(Exc_TypeError, "%s.__float__ returned non-float (type %s)", type_name(t), type_name(v_type(r)));
      return false;
    }
    *out = fval(r);
    return true;
  }
  if (type_lookup(t, N.__index__)) {
    Value i = int_index(v);
    return i && operand(i, out) > 0;
  }
  err_format(Exc_TypeError, "must be real number, not %s", type_name(t));
  return false;
}

/* float(str), float(bytes), float(bytearray). */
static Value float_from_text(Value s, const char *p, size_t n) {
  double d;
  if (fmt_parse_float(p, n, &d)) return float_new(d);
  Value r = obj_repr(s);
  if (!r) return VNULL;
  Value msg = str_concat(str_from_cstr("could not convert string to float: "), r);
  return msg ? err_set_value(Exc_ValueError, msg) : VNULL;
}

Value float_from_object(Value v) {
  if (IS_FLOAT(v)) return v;
  double d;
  int k = operand(v, &d);
  if (k) return k > 0 ? float_new(d) : VNULL;
  if (IS_STR(v)) return float_from_text(v, STR_DATA(v), (size_t)STR_LEN(v));
  const char *p;
  int64_t n;
  if (bytes_view(v, &p, &n)) return float_from_text(v, p, (size_t)n);
  Type *t = v_type(v);
  if (type_lookup(t, N.__float__) || type_lookup(t, N.__index__))
    return float_as_double(v, &d) ? float_new(d) : VNULL;
  return err_format(Exc_TypeError, "float() argument must be a string or a real number, not '%s'", type_name(t));
}

static Value float_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  if (!args_check("float", nargs, kwnames, 0, 1)) return VNULL;
  return nargs ? float_from_object(args[0]) : float_new(0.0);
}

/* -- repr and hash ------------------------------------------------------------------------ */
static Value float_repr(Value v) {
  char buf[FMT_REPR_BUF];
  fmt_float_repr(fval(v), buf);
  return str_from_cstr(buf);
}

/* CPython's _Py_HashDouble: x mod 2**61 - 1 for finite x, so equal ints and floats hash
   alike. The mantissa is consumed 28 bits at a time, rotating within 61 bits. */
#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

int64_t float_hash_double(Value inst, double v) {
  if (!isfinite(v)) {
    if (isinf(v)) return v > 0 ? HASH_INF : -HASH_INF;
    return (int64_t)((uintptr_t)V_OBJ(inst) >> 4); /* NaN: identity, as object.__hash__ */
  }
  int e;
  double m = frexp(v, &e);
  int sign = 1;
  if (m < 0) { sign = -1; m = -m; }
  uint64_t x = 0;
  while (m) {
    x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
    m *= 268435456.0; /* 2**28 */
    e -= 28;
    uint64_t y = (uint64_t)m;
    m -= (double)y;
    x += y;
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
  x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
  x = x * (uint64_t)(int64_t)sign;
  if (x == (uint64_t)-1) x = (uint64_t)-2;
  return (int64_t)x;
}

static bool float_hash(Value v, int64_t *out) {
  *out = float_hash_double(v, fval(v));
  return true;
}

/* -- Comparison --------------------------------------------------------------------------- */
static const int cmp_swapped[6] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};

static Value cmp_result(int c, int op) {
  switch (op) {
    case CMP_LT: return v_bool(c < 0);
    case CMP_LE: return v_bool(c <= 0);
    case CMP_EQ: return v_bool(c == 0);
    case CMP_NE: return v_bool(c != 0);
    case CMP_GT: return v_bool(c > 0);
    default: return v_bool(c >= 0);
  }
}

static Value cmp_doubles(double i, double j, int op) {
  switch (op) {
    case CMP_LT: return v_bool(i < j);
    case CMP_LE: return v_bool(i <= j);
    case CMP_EQ: return v_bool(i == j);
    case CMP_NE: return v_bool(i != j);
    case CMP_GT: return v_bool(i > j);
    default: return v_bool(i >= j);
  }
}

/* Room for int_as_bigint's two-digit copy of a small int. */
typedef union { BigInt b; uint32_t room[4]; } TmpBig;

/* x (finite, nonzero) against an int of the same sign too wide for an exact double: by bit
   length, else by the float's integer part, the fraction breaking a tie. */
static Value cmp_float_bigint(double x, Value w, int op) {
  TmpBig tmp, tmp2;
  const BigInt *wb = int_as_bigint(w, &tmp.b);
  uint64_t nbits = bigint_bit_length(wb);
  int sign = x < 0 ? -1 : 1, e;
  frexp(fabs(x), &e);
  if (e < 0 || (uint64_t)e < nbits) return cmp_result(-sign, op); /* |x| < |w| */
  if ((uint64_t)e > nbits) return cmp_result(sign, op);
  double ipart, frac = modf(x, &ipart);
  Value iv = int_from_double(ipart);
  if (!iv) return VNULL;
  wb = int_as_bigint(w, &tmp.b);
  int c = bigint_cmp(int_as_bigint(iv, &tmp2.b), wb);
  if (c == 0 && frac != 0.0) c = frac > 0 ? 1 : -1;
  return cmp_result(c, op);
}

static Value cmp_float_int(double x, Value w, int op) {
  if (!isfinite(x)) return cmp_doubles(x, 0.0, op); /* only the sign of an infinity matters */
  if (v_is_int(w)) {
    int64_t n = v_int(w);
    if (n >= -((int64_t)1 << 53) && n <= ((int64_t)1 << 53)) return cmp_doubles(x, (double)n, op);
  }
  int vsign = x == 0.0 ? 0 : x < 0.0 ? -1 : 1;
  int wsign = int_sign(w);
  if (vsign != wsign) return cmp_result(vsign - wsign, op);
  return cmp_float_bigint(x, w, op);
}

static Value float_richcompare(Value a, Value b, int op) {
  if (!IS_FLOAT(a)) return IS_FLOAT(b) ? float_richcompare(b, a, cmp_swapped[op]) : V_NOTIMPL;
  if (IS_FLOAT(b)) return cmp_doubles(fval(a), fval(b), op);
  Value w;
  if (!as_int(b, &w)) return V_NOTIMPL;
  return cmp_float_int(fval(a), w, op);
}

/* -- Arithmetic --------------------------------------------------------------------------- */
/* CPython's _float_div_mod: the floor quotient rounded to the nearest integer of the exact
   one, the remainder with the divisor's sign. */
static void div_mod(double vx, double wx, double *floordiv, double *mod) {
  double div;
  *mod = fmod(vx, wx);
  div = (vx - *mod) / wx;
  if (*mod) {
    if ((wx < 0) != (*mod < 0)) { *mod += wx; div -= 1.0; }
  } else {
    *mod = copysign(0.0, wx);
  }
  if (div) {
    *floordiv = floor(div);
    if (div - *floordiv > 0.5) *floordiv += 1.0;
  } else {
    *floordiv = copysign(0.0, vx / wx);
  }
}

static double float_rem(double vx, double wx) {
  double mod = fmod(vx, wx);
  if (mod) {
    if ((wx < 0) != (mod < 0)) mod += wx;
  } else {
    mod = copysign(0.0, wx);
  }
  return mod;
}

/* OverflowError(34, 'Numerical result out of range'), as CPython's PyErr_SetFromErrno(ERANGE). */
static Value range_error(void) {
  Value args[2] = {v_from_int(ERANGE), str_from_cstr("Numerical result out of range")};
  if (!args[1]) return VNULL;
  Value e = exc_new_instance(Exc_OverflowError, args, 2);
  return e ? err_set_obj(e) : VNULL;
}

static bool is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

/* CPython's float_pow: the special cases first, so the platform pow only sees finite iv > 0,
   iv != 1 and finite nonzero iw. */
static Value float_pow(double iv, double iw) {
  bool negate = false;
  if (iw == 0) return float_new(1.0);
  if (isnan(iv)) return float_new(iv);
  if (isnan(iw)) return float_new(iv == 1.0 ? 1.0 : iw);
  if (isinf(iw)) {
    iv = fabs(iv);
    if (iv == 1.0) return float_new(1.0);
    if ((iw > 0.0) == (iv > 1.0)) return float_new(fabs(iw));
    return float_new(0.0);
  }
  if (isinf(iv)) {
    bool odd = is_odd_integer(iw);
    if (iw > 0.0) return float_new(odd ? iv : fabs(iv));
    return float_new(odd ? copysign(0.0, iv) : 0.0);
  }
  if (iv == 0.0) {
    bool odd = is_odd_integer(iw);
    if (iw < 0.0) return err_format(Exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    return float_new(odd ? iv : 0.0);
  }
  if (iv < 0.0) {
    if (iw != floor(iw)) return complex_pow(iv, 0.0, iw, 0.0); /* as CPython: a complex result */
    iv = -iv;
    negate = is_odd_integer(iw);
  }
  if (iv == 1.0) return float_new(negate ? -1.0 : 1.0);
  errno = 0;
  double ix = pow(iv, iw);
  if (isinf(ix)) return range_error(); /* underflow to 0 is fine, as CPython's ADJUST_ERANGE1 */
  return float_new(negate ? -ix : ix);
}

Value float_binop(int op, Value a, Value b) {
  if (op >= BINOP__COUNT) op -= BINOP__COUNT;
  switch (op) {
    case OP_Add: case OP_Sub: case OP_Mult: case OP_Div: case OP_Mod: case OP_Pow: case OP_FloorDiv: break;
    default: return V_NOTIMPL;
  }
  if (!(IS_FLOAT(a) || as_int(a, &(Value){0})) || !(IS_FLOAT(b) || as_int(b, &(Value){0}))) return V_NOTIMPL;
  double x, y;
  if (operand(a, &x) < 0 || operand(b, &y) < 0) return VNULL;
  double q, r;
  switch (op) {
    case OP_Add: return float_new(x + y);
    case OP_Sub: return float_new(x - y);
    case OP_Mult: return float_new(x * y);
    case OP_Div:
      if (y == 0.0) return err_format(Exc_ZeroDivisionError, "float division by zero");
      return float_new(x / y);
    case OP_Mod:
      if (y == 0.0) return err_format(Exc_ZeroDivisionError, "float modulo");
      return float_new(float_rem(x, y));
    case OP_FloorDiv:
      if (y == 0.0) return err_format(Exc_ZeroDivisionError, "float floor division by zero");
      div_mod(x, y, &q, &r);
      return float_new(q);
    default:
      return float_pow(x, y);
  }
}

Value float_divmod(Value a, Value b) {
  if (!(IS_FLOAT(a) || as_int(a, &(Value){0})) || !(IS_FLOAT(b) || as_int(b, &(Value){0}))) return V_NOTIMPL;
  double x, y, q, r;
  if (operand(a, &x) < 0 || operand(b, &y) < 0) return VNULL;
  if (y == 0.0) return err_format(Exc_ZeroDivisionError, "float divmod()");
  div_mod(x, y, &q, &r);
  Value fq = float_new(q);
  if (!fq) return VNULL;
  Value fr = float_new(r);
  return fr ? tuple_pack(2, fq, fr) : VNULL;
}

static Value float_unary(int op, Value a) {
  switch (op) {
    case OP_USub: return float_new(-fval(a));
    case OP_UAdd: return a;
    default: return V_NOTIMPL;
  }
}

/* -- Attributes: real, imag (read-only properties) ------------------------------------------ */
static Value get_real(Value self, Value *args, int nargs, Tuple *kwnames) {
  (void)self; (void)nargs; (void)kwnames;
  return args[0];
}

static Value get_imag(Value self, Value *args, int nargs, Tuple *kwnames) {
  (void)self; (void)args; (void)nargs; (void)kwnames;
  return float_new(0.0);
}


/* -- Methods -------------------------------------------------------------------------------- */
#define NOARGS(fname) \
  if (!args_check(fname, nargs, kwnames, 0, 0)) return VNULL; \
  (void)args

static Value m_is_integer(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("is_integer");
  double x = fval(self);
  return v_bool(isfinite(x) && floor(x) == x);
}

static Value m_as_integer_ratio(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("as_integer_ratio");
  double x = fval(self);
  if (isinf(x)) return err_format(Exc_OverflowError, "cannot convert Infinity to integer ratio");
  if (isnan(x)) return err_format(Exc_ValueError, "cannot convert NaN to integer ratio");
  int e;
  double m = frexp(x, &e);
  for (int i = 0; i < 300 && m != floor(m); i++) { m *= 2.0; e--; }
  Value num = int_from_double(m), den = v_from_int(1);
  if (!num) return VNULL;
  if (e > 0) num = int_binop(OP_LShift, num, v_from_int(e));
  else den = int_binop(OP_LShift, den, v_from_int(-e));
  if (!num || !den) return VNULL;
  return tuple_pack(2, num, den);
}

static Value m_conjugate(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("conjugate");
  return self;
}

static Value m_float(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__float__");
  return self;
}

static Value m_trunc(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__trunc__");
  return int_from_double(fval(self));
}

static Value m_int(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__int__");
  return int_from_double(fval(self));
}

static Value m_floor(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__floor__");
  return int_from_double(floor(fval(self)));
}

static Value m_ceil(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__ceil__");
  return int_from_double(ceil(fval(self)));
}

static Value m_abs(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__abs__");
  return float_new(fabs(fval(self)));
}

static Value m_neg(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__neg__");
  return float_new(-fval(self));
}

static Value m_pos(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__pos__");
  return self;
}

static Value m_bool(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__bool__");
  return v_bool(fval(self) != 0.0);
}

static Value m_hash(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__hash__");
  return v_from_int(float_hash_double(self, fval(self)));
}

static Value m_repr(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__repr__");
  return float_repr(self);
}

static Value m_getnewargs(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("__getnewargs__");
  return tuple_pack(1, self);
}

static Value m_format(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("__format__", nargs, kwnames, 1, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "__format__() argument must be str, not %s", type_name(v_type(args[0])));
  return obj_format(self, args[0]);
}

/* round(x): half to even, as an int; round(x, n): a float, correctly rounded by fmt.h. */
static Value m_round(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("__round__", nargs, kwnames, 0, 1)) return VNULL;
  double x = fval(self);
  if (nargs == 0 || args[0] == V_NONE) {
    double r = round(x);
    if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);
    return int_from_double(r);
  }
  Value nd = int_index(args[0]);
  if (!nd) return VNULL;
  int64_t n;
  if (!int_as_i64(nd, &n)) n = int_sign(nd) < 0 ? INT64_MIN : INT64_MAX;
  double out;
  if (!fmt_float_round(x, (long long)n, &out))
    return err_format(Exc_OverflowError, "rounded value too large to represent");
  return float_new(out);
}

/* float.hex(): 0x1.<13 hex digits>p<exp>, subnormals as 0x0.<...>p-1022. */
static Value m_hex(Value self, Value *args, int nargs, Tuple *kwnames) {
  NOARGS("hex");
  double x = fval(self);
  if (!isfinite(x)) return float_repr(self);
  if (x == 0.0) return str_from_cstr(signbit(x) ? "-0x0.0p+0" : "0x0.0p+0");
  int e;
  double m = frexp(fabs(x), &e);
  int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
  m = ldexp(m, shift);
  e -= shift;
  char s[32], out[64];
  int si = 0;
  static const char hexd[] = "0123456789abcdef";
  s[si++] = hexd[(int)m];
  m -= (int)m;
  s[si++] = '.';
  for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
    m *= 16.0;
    s[si++] = hexd[(int)m];
    m -= (int)m;
  }
  s[si] = '\0';
  snprintf(out, sizeof out, "%s0x%sp%c%d", x < 0.0 ? "-" : "", s, e < 0 ? '-' : '+', e < 0 ? -e : e);
  return str_from_cstr(out);
}

/* float.fromhex(s): validated here against CPython's grammar, then converted by strtod (which
   rounds hexadecimal input correctly) from a rebuilt "0x...p..." text. */
static bool hex_digit(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static bool word_ci(const char *p, size_t n, const char *w) {
  if (strlen(w) != n) return false;
  for (size_t i = 0; i < n; i++)
    if ((p[i] | 0x20) != w[i]) return false;
  return true;
}

static Value fromhex_text(const char *p, size_t len) {
  size_t i = 0, end = len;
  while (i < end && ascii_space(p[i])) i++;
  while (end > i && ascii_space(p[end - 1])) end--;
  bool neg = false;
  if (i < end && (p[i] == '+' || p[i] == '-')) neg = p[i++] == '-';
  if (word_ci(p + i, end - i, "inf") || word_ci(p + i, end - i, "infinity")) return float_new(neg ? -INFINITY : INFINITY);
  if (word_ci(p + i, end - i, "nan")) return float_new(neg ? -NAN : NAN);
  if (end - i >= 2 && p[i] == '0' && (p[i + 1] | 0x20) == 'x') i += 2;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, neg ? "-0x" : "0x");
  size_t ndig = 0;
  while (i < end && hex_digit(p[i])) { sb_putc(&b, p[i++]); ndig++; }
  if (i < end && p[i] == '.') {
    sb_putc(&b, p[i++]);
    while (i < end && hex_digit(p[i])) { sb_putc(&b, p[i++]); ndig++; }
  }
  bool ok = ndig > 0;
  if (ok && i < end && (p[i] | 0x20) == 'p') {
    sb_putc(&b, p[i++]);
    if (i < end && (p[i] == '+' || p[i] == '-')) sb_putc(&b, p[i++]);
    size_t nexp = 0;
    while (i < end && p[i] >= '0' && p[i] <= '9') { sb_putc(&b, p[i++]); nexp++; }
    ok = nexp > 0;
  }
  ok = ok && i == end;
  sb_putc(&b, '\0');
  double d = ok ? strtod(b.data, NULL) : 0.0;
  sb_free(&b);
  if (!ok) return err_format(Exc_ValueError, "invalid hexadecimal floating-point string");
  if (isinf(d)) return err_format(Exc_OverflowError, "hexadecimal value too large to represent as a float");
  return float_new(d);
}

/* A classmethod: args[0] is the class. */
static Value m_fromhex(Value self, Value *args, int nargs, Tuple *kwnames) {
  (void)self;
  if (!args_check("fromhex", nargs - 1, kwnames, 1, 1)) return VNULL;
  Value s = args[1];
  if (!IS_STR(s)) return err_format(Exc_TypeError, "fromhex() argument must be str, not %s", type_name(v_type(s)));
  return fromhex_text(STR_DATA(s), (size_t)STR_LEN(s));
}

static Value m_divmod(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("__divmod__", nargs, kwnames, 1, 1)) return VNULL;
  return float_divmod(self, args[0]);
}

static Value m_rdivmod(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("__rdivmod__", nargs, kwnames, 1, 1)) return VNULL;
  return float_divmod(args[0], self);
}

static Value pow_method(Value a, Value b, Value *args, int nargs, Tuple *kwnames, const char *fname) {
  if (!args_check(fname, nargs, kwnames, 1, 2)) return VNULL;
  if (nargs == 2 && args[1] != V_NONE)
    return err_format(Exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
  return float_binop(OP_Pow, a, b);
}
static Value m_pow(Value self, Value *args, int nargs, Tuple *kwnames) {
  return nargs < 1 ? pow_method(self, self, args, nargs, kwnames, "__pow__") : pow_method(self, args[0], args, nargs, kwnames, "__pow__");
}
static Value m_rpow(Value self, Value *args, int nargs, Tuple *kwnames) {
  return nargs < 1 ? pow_method(self, self, args, nargs, kwnames, "__rpow__") : pow_method(args[0], self, args, nargs, kwnames, "__rpow__");
}

/* The arithmetic dunders (float.__add__ etc.), for explicit calls and super(). */
#define FLOAT_BINOP_METHODS(_) \
  _(add, OP_Add) _(sub, OP_Sub) _(mul, OP_Mult) _(truediv, OP_Div) _(mod, OP_Mod) \
  _(floordiv, OP_FloorDiv)
#define DEF_BINOP(name, op) \
  static Value m_##name(Value self, Value *args, int nargs, Tuple *kwnames) { \
    if (!args_check("__" #name "__", nargs, kwnames, 1, 1)) return VNULL; \
    return float_binop(op, self, args[0]); \
  } \
  static Value m_r##name(Value self, Value *args, int nargs, Tuple *kwnames) { \
    if (!args_check("__r" #name "__", nargs, kwnames, 1, 1)) return VNULL; \
    return float_binop(op, args[0], self); \
  }
FLOAT_BINOP_METHODS(DEF_BINOP)
#undef DEF_BINOP

#define FLOAT_CMP_METHODS(_) _(lt, CMP_LT) _(le, CMP_LE) _(eq, CMP_EQ) _(ne, CMP_NE) _(gt, CMP_GT) _(ge, CMP_GE)
#define DEF_CMP(name, op) \
  static Value m_##name(Value self, Value *args, int nargs, Tuple *kwnames) { \
    if (!args_check("__" #name "__", nargs, kwnames, 1, 1)) return VNULL; \
    return float_richcompare(self, args[0], op); \
  }
FLOAT_CMP_METHODS(DEF_CMP)
#undef DEF_CMP

static const MethodDef float_methods[] = {
  {"is_integer", m_is_integer, "Return True if the float is an integer."},
  {"as_integer_ratio", m_as_integer_ratio, "Return integer ratio."},
  {"conjugate", m_conjugate, "Return self, the complex conjugate of any float."},
  {"hex", m_hex, "Return a hexadecimal representation of a floating-point number."},
  {"__float__", m_float, NULL}, {"__int__", m_int, NULL}, {"__trunc__", m_trunc, NULL},
  {"__floor__", m_floor, NULL}, {"__ceil__", m_ceil, NULL}, {"__round__", m_round, NULL},
  {"__abs__", m_abs, NULL}, {"__neg__", m_neg, NULL}, {"__pos__", m_pos, NULL},
  {"__bool__", m_bool, NULL}, {"__hash__", m_hash, NULL}, {"__repr__", m_repr, NULL},
  {"__str__", m_repr, NULL}, {"__format__", m_format, NULL}, {"__getnewargs__", m_getnewargs, NULL},
  {"__divmod__", m_divmod, NULL}, {"__rdivmod__", m_rdivmod, NULL},
  {"__pow__", m_pow, NULL}, {"__rpow__", m_rpow, NULL},
#define BINOP_ENTRY(name, op) {"__" #name "__", m_##name, NULL}, {"__r" #name "__", m_r##name, NULL},
  FLOAT_BINOP_METHODS(BINOP_ENTRY)
#undef BINOP_ENTRY
#define CMP_ENTRY(name, op) {"__" #name "__", m_##name, NULL},
  FLOAT_CMP_METHODS(CMP_ENTRY)
#undef CMP_ENTRY
  {NULL, NULL, NULL}};

void float_init(void) {
  Type_float.basicsize = sizeof(Float);
  Type_float.repr = float_repr;
  Type_float.str = float_repr;
  Type_float.hash = float_hash;
  Type_float.richcompare = float_richcompare;
  Type_float.binop = float_binop;
  Type_float.unary = float_unary;
  Type_float.new = float_tp_new;
  type_add_methods(&Type_float, float_methods);
  ClassMethod *cm = (ClassMethod *)gc_alloc(&Type_classmethod, sizeof(ClassMethod));
  cm->func = builtin_new("fromhex", m_fromhex, VNULL);
  type_set_attr_cstr(&Type_float, "fromhex", OBJ_V(cm));
  type_add_property(&Type_float, "real", get_real);
  type_add_property(&Type_float, "imag", get_imag);
}
