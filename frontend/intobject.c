/* intobject.c: Python's int (and bool) on top of the bigint library.
 *
 * Small ints are tagged Values and never reach this file's slow paths unless they overflow.
 * A big int is an IntObj: a GC header followed by the BigInt the library computed; the
 * library allocates its results through our hook, so a result becomes a Python object with no
 * copy. Every result is normalized: whatever fits 62 bits comes back tagged. True and False
 * are static objects of bool, a subclass of int; they read as 1 and 0 everywhere here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "bytesobject.h"
#include "floatobject.h"
#include "intobject.h"
#include "strobject.h"
#include "typeobject.h"

#define INT_POW_EXP_MAX ((uint64_t)1 << 26) /* exponents past this make results of >8 MB */

static BigInt *gc_bigint_alloc(size_t ndigits) {
  IntObj *o = (IntObj *)gc_alloc(&Type_int, sizeof(IntObj) + ndigits * sizeof(uint32_t));
  return &o->b;
}

static inline IntObj *container(const BigInt *b) { return (IntObj *)((char *)b - offsetof(IntObj, b)); }

/* The value of an int-like Value that fits int64 without a BigInt: tagged, True, False. */
static inline bool small_value(Value v, int64_t *out) {
  if (v_is_int(v)) { *out = v_int(v); return true; }
  if (v == V_TRUE) { *out = 1; return true; }
  if (v == V_FALSE) { *out = 0; return true; }
  return false;
}

static bool is_intlike(Value v) { return v_is_int(v) || v_is(v, &Type_int) || v == V_TRUE || v == V_FALSE; }

Value int_from_i64(int64_t i) {
  if (i >= SMALL_MIN && i <= SMALL_MAX) return v_from_int(i);
  return OBJ_V(container(bigint_from_int64(i)));
}

Value int_from_bigint(const BigInt *b) {
  int64_t s;
  if (!b) return err_no_memory();
  if (bigint_normalize(b, &s)) return v_from_int(s);
  return OBJ_V(container(b));
}

const BigInt *int_as_bigint(Value v, BigInt *tmp2) {
  int64_t s;
  if (small_value(v, &s)) {
    uint64_t m = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
    tmp2->d[0] = (uint32_t)m;
    tmp2->d[1] = (uint32_t)(m >> 32);
    int64_t n = m == 0 ? 0 : (m >> 32) ? 2 : 1;
    tmp2->size = s < 0 ? -n : n;
    return tmp2;
  }
  return &V_AS(IntObj, v)->b;
}

#define TMP_BIG(name) \
  union { BigInt b; char room[sizeof(BigInt) + 2 * sizeof(uint32_t)]; } name##_room; BigInt *name = &name##_room.b

bool int_as_i64(Value v, int64_t *out) {
  if (small_value(v, out)) return true;
  const BigInt *b = &V_AS(IntObj, v)->b;
  if (!bigint_fits_int64(b)) return false;
  *out = bigint_to_int64(b);
  return true;
}

double int_as_double(Value v, bool *overflow) {
  int64_t s;
  *overflow = false;
  if (small_value(v, &s)) return (double)s;
  return bigint_to_double(&V_AS(IntObj, v)->b, overflow);
}

Value int_from_digits(const char *digits, size_t n, int base) {
  if (base == 10 && n <= 18) {
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (digits[i] - '0');
    return int_from_i64(v);
  }
  if (base == 10 && n > INT_STR_DIGITS_MAX)
    return err_format(Exc_ValueError, "Exceeds the limit (%d digits) for integer string conversion: value has %zu digits; use sys.set_int_max_str_digits() to increase the limit", INT_STR_DIGITS_MAX, n);
  BigInt *b = bigint_from_string(digits, n, base);
  if (!b) return err_format(Exc_ValueError, "invalid literal for int() with base %d: '%.*s'", base, (int)n, digits);
  return int_from_bigint(b);
}

Value int_from_double(double d) {
  if (isinf(d)) return err_format(Exc_OverflowError, "cannot convert float infinity to integer");
  if (isnan(d)) return err_format(Exc_ValueError, "cannot convert float NaN to integer");
  if (d > -4e18 && d < 4e18) return int_from_i64((int64_t)d);
  return int_from_bigint(bigint_from_double(d));
}

Value int_to_str(Value v, int base, bool prefix) {
  int64_t s;
  if (base == 10 && small_value(v, &s)) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)s);
    return str_new(buf, (size_t)n);
  }
  TMP_BIG(t);
  const BigInt *b = int_as_bigint(v, t);
  if (base == 10 && bigint_bit_length(b) > (uint64_t)INT_STR_DIGITS_MAX * 3.33)
    return err_format(Exc_ValueError, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", INT_STR_DIGITS_MAX);
  size_t max = bigint_to_string_max(b, base, prefix);
  Str *str = str_alloc(max);
  size_t n = bigint_to_string_buf(b, base, prefix, str->data);
  if (n == (size_t)-1) return err_no_memory();
  if (base == 10 && n - (bigint_sign(b) < 0) > INT_STR_DIGITS_MAX)
    return err_format(Exc_ValueError, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", INT_STR_DIGITS_MAX);
  str->len = (int64_t)n;
  str_finish_known(str, (int64_t)n, true);
  return OBJ_V(str);
}

int int_sign(Value v) {
  int64_t s;
  if (small_value(v, &s)) return (s > 0) - (s < 0);
  return bigint_sign(&V_AS(IntObj, v)->b);
}

bool int_hash(Value v, int64_t *out) {
  int64_t s;
  if (small_value(v, &s)) {
    /* Python's int hash: value mod 2^61-1, sign kept, -1 becomes -2. */
    const int64_t P = ((int64_t)1 << 61) - 1;
    int64_t h = s >= 0 ? s % P : -((-s) % P);
    *out = h == -1 ? -2 : h;
    return true;
  }
  *out = bigint_hash(&V_AS(IntObj, v)->b);
  return true;
}

Value int_index(Value v) {
  if (is_intlike(v)) return v == V_TRUE ? v_from_int(1) : v == V_FALSE ? v_from_int(0) : v;
  Type *t = v_type(v);
  if (t->flags & TPF_HEAPTYPE) {
    Value m = type_lookup(t, N.__index__);
    if (m) {
      Value r = obj_call1(m, v);
      if (r && !is_intlike(r)) return err_format(Exc_TypeError, "__index__ returned non-int (type %s)", type_name(v_type(r)));
      return r;
    }
  }
  return err_format(Exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(t));
}

/* -- Arithmetic --------------------------------------------------------------------------------- */
static Value zero_div(const char *what) { return err_format(Exc_ZeroDivisionError, "%s", what); }

static Value big_pow(const BigInt *a, const BigInt *b, Value av, Value bv) {
  if (bigint_sign(b) < 0) {
    bool o1, o2;
    double x = int_as_double(av, &o1), y = int_as_double(bv, &o2);
    if (x == 0) return zero_div("0.0 cannot be raised to a negative power");
    if (o1 || o2) return err_format(Exc_OverflowError, "int too large to convert to float");
    return float_new(pow(x, y));
  }
  if (!bigint_fits_int64(b) || (uint64_t)bigint_to_int64(b) > INT_POW_EXP_MAX) {
    int64_t s;
    if (small_value(av, &s) && (s == 0 || s == 1)) return av;
    if (small_value(av, &s) && s == -1) return v_from_int((b->d[0] & 1) ? -1 : 1);
    return err_format(Exc_OverflowError, "exponent too large");
  }
  return int_from_bigint(bigint_pow(a, (uint64_t)bigint_to_int64(b)));
}

static Value shift(const BigInt *a, const BigInt *b, bool left) {
  if (bigint_sign(b) < 0) return err_format(Exc_ValueError, "negative shift count");
  if (!bigint_fits_int64(b)) {
    if (!left) return v_from_int(bigint_sign(a) < 0 ? -1 : 0);
    if (bigint_is_zero(a)) return v_from_int(0);
    return err_format(Exc_OverflowError, "too many digits in integer");
  }
  uint64_t n = (uint64_t)bigint_to_int64(b);
  BigInt *r = left ? bigint_lshift(a, n) : bigint_rshift(a, n);
  if (!r) return err_format(Exc_OverflowError, "too many digits in integer");
  return int_from_bigint(r);
}

static Value divide(int op, const BigInt *a, const BigInt *b) {
  BigInt *q = NULL, *r = NULL;
  BigStatus st = op == OP_FloorDiv ? bigint_floordiv(a, b, &q) : bigint_mod(a, b, &r);
  if (st != BIG_OK) return zero_div(op == OP_FloorDiv ? "integer division or modulo by zero" : "integer modulo by zero");
  return int_from_bigint(op == OP_FloorDiv ? q : r);
}

Value int_binop(int op, Value av, Value bv) {
  if (!is_intlike(av) || !is_intlike(bv)) return V_NOTIMPL;
  if (op >= BINOP__COUNT) op -= BINOP__COUNT;
  int64_t x, y;
  bool bools = (av == V_TRUE || av == V_FALSE) && (bv == V_TRUE || bv == V_FALSE);
  if (bools && (op == OP_BitAnd || op == OP_BitOr || op == OP_BitXor)) {
    bool p = av == V_TRUE, q = bv == V_TRUE;
    return v_bool(op == OP_BitAnd ? (p && q) : op == OP_BitOr ? (p || q) : (p != q));
  }
  if (small_value(av, &x) && small_value(bv, &y)) {
    int64_t z;
    switch (op) {
      case OP_Add: if (!__builtin_add_overflow(x, y, &z)) return int_from_i64(z); break;
      case OP_Sub: if (!__builtin_sub_overflow(x, y, &z)) return int_from_i64(z); break;
      case OP_Mult: if (!__builtin_mul_overflow(x, y, &z)) return int_from_i64(z); break;
      case OP_FloorDiv:
        if (y == 0) return zero_div("integer division or modulo by zero");
        z = x / y;
        if ((x % y) && ((x ^ y) < 0)) z--;
        return int_from_i64(z);
      case OP_Mod:
        if (y == 0) return zero_div("integer modulo by zero");
        z = x % y;
        if (z && ((z ^ y) < 0)) z += y;
        return int_from_i64(z);
      case OP_BitAnd: return int_from_i64(x & y);
      case OP_BitOr: return int_from_i64(x | y);
      case OP_BitXor: return int_from_i64(x ^ y);
      case OP_RShift:
        if (y < 0) return err_format(Exc_ValueError, "negative shift count");
        return int_from_i64(y > 63 ? (x < 0 ? -1 : 0) : x >> y);
      default: break;
    }
  }
  TMP_BIG(ta);
  TMP_BIG(tb);
  const BigInt *a = int_as_bigint(av, ta), *b = int_as_bigint(bv, tb);
  switch (op) {
    case OP_Add: return int_from_bigint(bigint_add(a, b));
    case OP_Sub: return int_from_bigint(bigint_sub(a, b));
    case OP_Mult: return int_from_bigint(bigint_mul(a, b));
    case OP_FloorDiv: case OP_Mod: return divide(op, a, b);
    case OP_Div: {
      double d;
      BigStatus st = bigint_truediv(a, b, &d);
      if (st == BIG_ZERODIV) return zero_div("division by zero");
      if (st != BIG_OK) return err_format(Exc_OverflowError, "integer division result too large for a float");
      return float_new(d);
    }
    case OP_Pow: return big_pow(a, b, av, bv);
    case OP_LShift: return shift(a, b, true);
    case OP_RShift: return shift(a, b, false);
    case OP_BitAnd: return int_from_bigint(bigint_and(a, b));
    case OP_BitOr: return int_from_bigint(bigint_or(a, b));
    case OP_BitXor: return int_from_bigint(bigint_xor(a, b));
    default: return V_NOTIMPL;
  }
}

Value int_pow3(Value a, Value b, Value m) {
  if (!is_intlike(a) || !is_intlike(b) || !is_intlike(m))
    return err_format(Exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
  TMP_BIG(ta);
  TMP_BIG(tb);
  TMP_BIG(tm);
  BigInt *out = NULL;
  BigStatus st = bigint_powmod(int_as_bigint(a, ta), int_as_bigint(b, tb), int_as_bigint(m, tm), &out);
  if (st == BIG_ZERODIV) return err_format(Exc_ValueError, "pow() 3rd argument cannot be 0");
  if (st != BIG_OK) return err_format(Exc_ValueError, "base is not invertible for the given modulus");
  return int_from_bigint(out);
}

Value int_divmod(Value a, Value b) {
  if (!is_intlike(a) || !is_intlike(b)) return V_NOTIMPL;
  TMP_BIG(ta);
  TMP_BIG(tb);
  BigInt *q = NULL, *r = NULL;
  if (bigint_divmod(int_as_bigint(a, ta), int_as_bigint(b, tb), &q, &r) != BIG_OK)
    return zero_div("integer division or modulo by zero");
  Value qv = int_from_bigint(q), rv = int_from_bigint(r);
  return tuple_pack(2, qv, rv);
}

Value int_neg(Value v) {
  int64_t s;
  if (small_value(v, &s)) return int_from_i64(-s);
  return int_from_bigint(bigint_neg(&V_AS(IntObj, v)->b));
}

Value int_invert(Value v) {
  int64_t s;
  if (small_value(v, &s)) return int_from_i64(~s);
  return int_from_bigint(bigint_invert(&V_AS(IntObj, v)->b));
}

Value int_abs(Value v) { return int_sign(v) < 0 ? int_neg(v) : (v == V_TRUE ? v_from_int(1) : v == V_FALSE ? v_from_int(0) : v); }

static Value int_unary(int op, Value v) {
  switch (op) {
    case OP_USub: return int_neg(v);
    case OP_UAdd: return int_index(v);
    case OP_Invert: return int_invert(v);
    default: return V_NOTIMPL;
  }
}

Value int_richcompare(Value a, Value b, int op) {
  if (!is_intlike(a) || !is_intlike(b)) return V_NOTIMPL;
  TMP_BIG(ta);
  TMP_BIG(tb);
  int c = bigint_cmp(int_as_bigint(a, ta), int_as_bigint(b, tb));
  switch (op) {
    case CMP_LT: return v_bool(c < 0);
    case CMP_LE: return v_bool(c <= 0);
    case CMP_EQ: return v_bool(c == 0);
    case CMP_NE: return v_bool(c != 0);
    case CMP_GT: return v_bool(c > 0);
    default: return v_bool(c >= 0);
  }
}

/* -- The int type ------------------------------------------------------------------------------ */
static Value int_repr(Value v) {
  if (v == V_TRUE) return str_from_cstr("True");
  if (v == V_FALSE) return str_from_cstr("False");
  return int_to_str(v, 10, false);
}

static bool int_hash_slot(Value v, int64_t *out) { return int_hash(v, out); }

static Value parse_int_text(const char *p, size_t n, int base, Value orig) {
  /* Strip whitespace; int() accepts it, plus sign and underscores between digits. */
  while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')) { p++; n--; }
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == '\f' || p[n - 1] == '\v')) n--;
  size_t digits = 0;
  for (size_t i = 0; i < n; i++) digits += p[i] >= '0' && p[i] <= '9';
  if (base == 10 && digits > INT_STR_DIGITS_MAX)
    return err_format(Exc_ValueError, "Exceeds the limit (%d digits) for integer string conversion: value has %zu digits; use sys.set_int_max_str_digits() to increase the limit", INT_STR_DIGITS_MAX, digits);
  BigInt *b = n ? bigint_from_string(p, n, base) : NULL;
  if (!b) {
    Value r = obj_repr(orig);
    if (!r) return VNULL;
    return err_format(Exc_ValueError, "invalid literal for int() with base %d: %.*s", base, (int)STR_LEN(r), STR_DATA(r));
  }
  return int_from_bigint(b);
}

static Value int_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  static const char *const names[] = {"", "base", NULL};
  Value a[2];
  if (!args_parse("int", args, nargs, kwnames, names, 0, 2, a)) return VNULL;
  if (!a[0]) {
    if (a[1]) return err_format(Exc_TypeError, "int() missing string argument");
    return v_from_int(0);
  }
  Value x = a[0];
  if (a[1]) {
    int64_t base;
    if (!index_of(a[1], &base)) return VNULL;
    if ((base != 0 && base < 2) || base > 36) return err_format(Exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    if (!IS_STR(x) && !v_is(x, &Type_bytes) && !v_is(x, &Type_bytearray))
      return err_format(Exc_TypeError, "int() can't convert non-string with explicit base");
    if (IS_STR(x)) return parse_int_text(STR_DATA(x), (size_t)STR_LEN(x), (int)base, x);
  }
  if (is_intlike(x)) return int_index(x);
  if (IS_FLOAT(x)) return int_from_double(trunc(V_AS(Float, x)->v));
  if (IS_STR(x)) return parse_int_text(STR_DATA(x), (size_t)STR_LEN(x), 10, x);
  if (v_is(x, &Type_bytes) || v_is(x, &Type_bytearray)) {
    const char *p;
    int64_t n;
    bytes_view(x, &p, &n);
    return parse_int_text(p, (size_t)n, 10, x);
  }
  Type *xt = v_type(x);
  Str *tries[3] = {N.__int__, N.__index__, N.__trunc__};
  for (int i = 0; i < 3; i++) {
    Value m = type_lookup(xt, tries[i]);
    if (m && !(v_is(m, &Type_builtin) && V_AS(Builtin, m)->owner == &Type_int)) {
      Value r = obj_call1(m, x);
      if (!r) return VNULL;
      if (!is_intlike(r)) return err_format(Exc_TypeError, "__%s__ returned non-int (type %s)", i == 0 ? "int" : i == 1 ? "index" : "trunc", type_name(v_type(r)));
      return int_index(r);
    }
  }
  return err_format(Exc_TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", type_name(xt));
}

static Value bool_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  if (!args_check("bool", nargs, kwnames, 0, 1)) return VNULL;
  if (nargs == 0) return V_FALSE;
  int r = obj_truthy(args[0]);
  return r < 0 ? VNULL : v_bool(r);
}

/* -- Methods ----------------------------------------------------------------------------------- */
#define NOARGS(fname) if (!args_check(fname, nargs, kw, 0, 0)) return VNULL; (void)args

static Value m_bit_length(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("int.bit_length");
  TMP_BIG(t);
  return int_from_i64((int64_t)bigint_bit_length(int_as_bigint(self, t)));
}

static Value m_bit_count(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("int.bit_count");
  TMP_BIG(t);
  return int_from_i64((int64_t)bigint_bit_count(int_as_bigint(self, t)));
}

static Value m_identity(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("__int__");
  return int_index(self);
}

static Value m_float(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("__float__");
  bool o;
  double d = int_as_double(self, &o);
  if (o) return err_format(Exc_OverflowError, "int too large to convert to float");
  return float_new(d);
}

static Value m_round(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__round__", nargs, kw, 0, 1)) return VNULL;
  if (nargs == 0 || args[0] == V_NONE) return int_index(self);
  int64_t nd;
  if (!index_of(args[0], &nd)) return VNULL;
  if (nd >= 0) return int_index(self);
  /* Round half to even at 10**-nd. */
  Value p = int_binop(OP_Pow, v_from_int(10), int_from_i64(-nd));
  if (!p) return VNULL;
  Value q = int_divmod(self, p);
  if (!q) return VNULL;
  Value quo = V_AS(Tuple, q)->items[0], rem = V_AS(Tuple, q)->items[1];
  Value twice = int_binop(OP_Mult, rem, v_from_int(2));
  Value c = int_richcompare(twice, p, CMP_GT);
  Value e = int_richcompare(twice, p, CMP_EQ);
  Value odd = int_binop(OP_BitAnd, quo, v_from_int(1));
  if (c == V_TRUE || (e == V_TRUE && odd == v_from_int(1))) quo = int_binop(OP_Add, quo, v_from_int(1));
  return int_binop(OP_Mult, quo, p);
}

static Value m_to_bytes(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"length", "byteorder", "signed", NULL};
  Value a[3];
  if (!args_parse("to_bytes", args, nargs, kw, names, 0, 3, a)) return VNULL;
  int64_t len = 1;
  if (a[0] && !index_of(a[0], &len)) return VNULL;
  if (len < 0) return err_format(Exc_ValueError, "length argument must be non-negative");
  bool little = false;
  if (a[1]) {
    if (!IS_STR(a[1]) || (strcmp(STR_DATA(a[1]), "little") != 0 && strcmp(STR_DATA(a[1]), "big") != 0))
      return err_format(Exc_ValueError, "byteorder must be either 'little' or 'big'");
    little = STR_DATA(a[1])[0] == 'l';
  }
  bool sgn = a[2] && obj_truthy(a[2]) > 0;
  if (len > (1 << 28)) return err_no_memory();
  uint8_t *buf = malloc((size_t)len + 1);
  if (!buf) return err_no_memory();
  TMP_BIG(t);
  BigStatus st = bigint_to_bytes(int_as_bigint(self, t), buf, (size_t)len, little, sgn);
  if (st != BIG_OK) {
    free(buf);
    if (!sgn && int_sign(self) < 0) return err_format(Exc_OverflowError, "can't convert negative int to unsigned");
    return err_format(Exc_OverflowError, "int too big to convert");
  }
  Value r = bytes_new((const char *)buf, (size_t)len);
  free(buf);
  return r;
}

static Value m_from_bytes(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"bytes", "byteorder", "signed", NULL};
  Value a[3];
  if (!args_parse("from_bytes", args, nargs, kw, names, 1, 3, a)) return VNULL;
  bool little = a[1] && IS_STR(a[1]) && strcmp(STR_DATA(a[1]), "little") == 0;
  if (a[1] && (!IS_STR(a[1]) || (strcmp(STR_DATA(a[1]), "little") != 0 && strcmp(STR_DATA(a[1]), "big") != 0)))
    return err_format(Exc_ValueError, "byteorder must be either 'little' or 'big'");
  bool sgn = a[2] && obj_truthy(a[2]) > 0;
  Value b = a[0];
  if (!v_is(b, &Type_bytes) && !v_is(b, &Type_bytearray)) {
    b = obj_call1(OBJ_V(&Type_bytes), b);
    if (!b) return VNULL;
  }
  const char *p;
  int64_t n;
  bytes_view(b, &p, &n);
  return int_from_bigint(bigint_from_bytes((const uint8_t *)p, (size_t)n, little, sgn));
}

static Value m_conjugate(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("int.conjugate");
  return int_index(self);
}

static Value m_as_integer_ratio(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("int.as_integer_ratio");
  return tuple_pack(2, int_index(self), v_from_int(1));
}


static Value m_divmod(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__divmod__", nargs, kw, 1, 1)) return VNULL;
  return int_divmod(self, args[0]);
}

static Value m_abs(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("__abs__");
  return int_abs(self);
}

static const MethodDef int_methods[] = {
  {"bit_length", m_bit_length, NULL}, {"bit_count", m_bit_count, NULL}, {"__int__", m_identity, NULL},
  {"__index__", m_identity, NULL}, {"__trunc__", m_identity, NULL}, {"__floor__", m_identity, NULL},
  {"__ceil__", m_identity, NULL}, {"__float__", m_float, NULL}, {"__round__", m_round, NULL},
  {"to_bytes", m_to_bytes, NULL}, {"conjugate", m_conjugate, NULL},
  {"as_integer_ratio", m_as_integer_ratio, NULL}, /* no is_integer: Python 3.12's */
  {"__divmod__", m_divmod, NULL}, {"__abs__", m_abs, NULL}, {NULL, NULL, NULL}};

static Value int_getattr(Value self, Str *name) {
  const char *n = name->data;
  if (strcmp(n, "real") == 0 || strcmp(n, "numerator") == 0) return int_index(self);
  if (strcmp(n, "imag") == 0) return v_from_int(0);
  if (strcmp(n, "denominator") == 0) return v_from_int(1);
  return type_generic_getattr(self, name);
}

static Value int_binop_slot(int op, Value a, Value b) {
  int base = op >= BINOP__COUNT ? op - BINOP__COUNT : op;
  if (base == OP_Pow && !(is_intlike(a) && is_intlike(b))) return V_NOTIMPL;
  return int_binop(op, a, b);
}

void int_init(void) {
  bigint_set_allocator(gc_bigint_alloc);
  Type_int.repr = int_repr;
  Type_int.hash = int_hash_slot;
  Type_int.richcompare = int_richcompare;
  Type_int.binop = int_binop_slot;
  Type_int.unary = int_unary;
  Type_int.new = int_new;
  Type_int.getattr = int_getattr;
  Type_bool.repr = int_repr;
  Type_bool.hash = int_hash_slot;
  Type_bool.richcompare = int_richcompare;
  Type_bool.binop = int_binop_slot;
  Type_bool.unary = int_unary;
  Type_bool.new = bool_new;
  Type_bool.getattr = int_getattr;
  type_add_methods(&Type_int, int_methods);
  Value fb = builtin_new("from_bytes", m_from_bytes, OBJ_V(&Type_int));
  type_set_attr_cstr(&Type_int, "from_bytes", fb);
}
