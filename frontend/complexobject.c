/* complexobject.c: complex numbers, as CPython 3.11 computes, prints and hashes them.
 *
 * Arithmetic follows CPython's complexobject.c: Smith's method for division, integral
 * exponents up to 100 by repeated squaring, the rest through polar form. Ints and floats
 * mix in as complex(x, 0.0). There is no floor division or modulo (TypeError), and no
 * ordering. The repr prints each part as float's repr without a trailing ".0", and the real
 * part only when it is not +0.0.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "complexobject.h"
#include "errors.h"
#include "floatobject.h"
#include "fmt.h"
#include "intobject.h"
#include "strobject.h"
#include "typeobject.h"

/* |exponent| up to this, integral: repeated squaring (as CPython, for exactness). */
#define COMPLEX_POWI_MAX 100.0

typedef struct C { double re, im; } C;

Value complex_new(double re, double im) {
  Complex *c = (Complex *)gc_alloc(&Type_complex, sizeof(Complex));
  c->re = re;
  c->im = im;
  return OBJ_V(c);
}

static C cval(Value v) { return (C){V_AS(Complex, v)->re, V_AS(Complex, v)->im}; }
static Value cnew(C c) { return complex_new(c.re, c.im); }

/* An operand as complex: 1 done, 0 not a number we mix with, -1 error (int too large). */
static int operand(Value v, C *out) {
  if (v_is(v, &Type_complex)) { *out = cval(v); return 1; }
  if (!v_isinstance(v, &Type_int) && !v_isinstance(v, &Type_float)) return 0;
  double d;
  if (!float_as_double(v, &d)) return -1;
  *out = (C){d, 0.0};
  return 1;
}

/* -- Arithmetic ----------------------------------------------------------------------------- */
static C c_sum(C a, C b) { return (C){a.re + b.re, a.im + b.im}; }
static C c_diff(C a, C b) { return (C){a.re - b.re, a.im - b.im}; }
static C c_prod(C a, C b) { return (C){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }

/* Smith's method; false on a zero divisor. */
static bool c_quot(C a, C b, C *r) {
  double abs_re = fabs(b.re), abs_im = fabs(b.im);
  if (abs_re >= abs_im) {
    if (abs_re == 0.0) return false;
    double ratio = b.im / b.re, denom = b.re + b.im * ratio;
    *r = (C){(a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom};
  } else if (abs_im >= abs_re) {
    double ratio = b.re / b.im, denom = b.re * ratio + b.im;
    *r = (C){(a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom};
  } else { /* a NaN in the divisor */
    *r = (C){NAN, NAN};
  }
  return true;
}

static C c_powu(C x, long n) {
  C r = {1.0, 0.0}, p = x;
  for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
    if (n & mask) r = c_prod(r, p);
    p = c_prod(p, p);
  }
  return r;
}

Value complex_pow(double are, double aim, double bre, double bim) {
  C a = {are, aim}, r;
  errno = 0;
  if (bim == 0.0 && bre == floor(bre) && fabs(bre) <= COMPLEX_POWI_MAX) {
    long n = (long)bre;
    if (n >= 0) r = c_powu(a, n);
    else if (!c_quot((C){1.0, 0.0}, c_powu(a, -n), &r))
      return err_format(Exc_ZeroDivisionError, "0.0 to a negative or complex power");
  } else if (bre == 0.0 && bim == 0.0) {
    r = (C){1.0, 0.0};
  } else if (are == 0.0 && aim == 0.0) {
    if (bim != 0.0 || bre < 0.0) return err_format(Exc_ZeroDivisionError, "0.0 to a negative or complex power");
    r = (C){0.0, 0.0};
  } else {
    double vabs = hypot(are, aim), len = pow(vabs, bre), at = atan2(aim, are), phase = at * bre;
    if (bim != 0.0) {
      len /= exp(at * bim);
      phase += bim * log(vabs);
    }
    r = (C){len * cos(phase), len * sin(phase)};
  }
  if (isinf(r.re) || isinf(r.im)) {
    if (isfinite(are) && isfinite(aim) && isfinite(bre) && isfinite(bim))
      return err_format(Exc_OverflowError, "complex exponentiation");
  }
  return cnew(r);
}

static Value complex_binop(int op, Value a, Value b) {
  if (op >= BINOP__COUNT) op -= BINOP__COUNT;
  C x, y, r;
  int ka = operand(a, &x), kb = ka > 0 ? operand(b, &y) : 0;
  if (ka < 0 || kb < 0) return VNULL;
  if (!ka || !kb) return V_NOTIMPL;
  switch (op) {
  case OP_Add: return cnew(c_sum(x, y));
  case OP_Sub: return cnew(c_diff(x, y));
  case OP_Mult: return cnew(c_prod(x, y));
  case OP_Div:
    if (!c_quot(x, y, &r)) return err_format(Exc_ZeroDivisionError, "complex division by zero");
    return cnew(r);
  case OP_Pow: return complex_pow(x.re, x.im, y.re, y.im);
  default: return V_NOTIMPL;
  }
}

static Value complex_unary(int op, Value a) {
  C x = cval(a);
  switch (op) {
  case OP_USub: return complex_new(-x.re, -x.im);
  case OP_UAdd: return complex_new(x.re, x.im);
  default: return V_NOTIMPL;
  }
}

static Value complex_abs(C x) {
  double r = hypot(x.re, x.im);
  if (isinf(r) && isfinite(x.re) && isfinite(x.im)) return err_format(Exc_OverflowError, "absolute value too large");
  return float_new(r);
}

/* -- Comparison and hash -------------------------------------------------------------------- */
static Value complex_richcompare(Value a, Value b, int op) {
  if (op != CMP_EQ && op != CMP_NE) return V_NOTIMPL;
  C x = cval(a);
  bool eq;
  if (v_is(b, &Type_complex)) {
    C y = cval(b);
    eq = x.re == y.re && x.im == y.im;
  } else if (v_isinstance(b, &Type_int) || v_isinstance(b, &Type_float)) {
    if (x.im != 0.0) {
      eq = false;
    } else { /* exactly, as float == int compares */
      GC_ROOT_SCOPE;
      Value re = float_new(x.re);
      gc_root(&re);
      return obj_richcompare(re, b, op);
    }
  } else {
    return V_NOTIMPL;
  }
  return v_bool(op == CMP_EQ ? eq : !eq);
}

/* CPython's complex_hash: hash(re) + 1000003 * hash(im), modular, -1 becomes -2. */
static bool complex_hash(Value v, int64_t *out) {
  C x = cval(v);
  uint64_t h = (uint64_t)float_hash_double(v, x.re) + 1000003u * (uint64_t)float_hash_double(v, x.im);
  int64_t r = (int64_t)h;
  *out = r == -1 ? -2 : r;
  return true;
}

/* -- repr and str ----------------------------------------------------------------------------- */
/* float's repr of x without the ".0" an integral value gets ("2", "1.5", "1e+16", "inf"). */
static void part_repr(double x, char buf[FMT_REPR_BUF]) {
  fmt_float_repr(x, buf);
  size_t n = strlen(buf);
  if (n > 2 && strcmp(buf + n - 2, ".0") == 0) buf[n - 2] = '\0';
}

static Value complex_repr(Value v) {
  C x = cval(v);
  char re[FMT_REPR_BUF], im[FMT_REPR_BUF], out[2 * FMT_REPR_BUF + 8];
  part_repr(x.im, im);
  if (x.re == 0.0 && copysign(1.0, x.re) == 1.0) {
    snprintf(out, sizeof out, "%sj", im);
  } else {
    part_repr(x.re, re);
    bool sign = im[0] == '-';
    snprintf(out, sizeof out, "(%s%s%sj)", re, sign ? "" : "+", im);
  }
  return str_from_cstr(out);
}

/* -- complex(real=0, imag=0) ------------------------------------------------------------------ */
static bool skip_spaces(const char **p, const char *e) {
  while (*p < e && (**p == ' ' || (**p >= '\t' && **p <= '\r'))) (*p)++;
  return *p < e;
}

/* A float at *p (digits, inf, nan, with sign and exponent), by float()'s own parser. */
static bool parse_part(const char **p, const char *e, double *out) {
  const char *s = *p;
  if (s < e && (*s == '+' || *s == '-')) s++;
  while (s < e && (isalnum((unsigned char)*s) || *s == '.' || *s == '_' ||
                   ((*s == '+' || *s == '-') && (s[-1] == 'e' || s[-1] == 'E')))) {
    if ((*s == 'j' || *s == 'J')) break;
    s++;
  }
  if (s == *p || (s == *p + 1 && (**p == '+' || **p == '-'))) return false;
  Value f = float_from_object(str_new(*p, (size_t)(s - *p)));
  if (!f) { err_clear(); return false; }
  *out = V_AS(Float, f)->v;
  *p = s;
  return true;
}

static Value complex_from_string(Value s) {
  const char *p = STR_DATA(s), *e = p + STR_LEN(s);
  double re = 0.0, im = 0.0, x;
  bool paren = false;
  skip_spaces(&p, e);
  if (p < e && *p == '(') { paren = true; p++; skip_spaces(&p, e); }
  const char *start = p;
  bool have = parse_part(&p, e, &x);
  if (p < e && (*p == 'j' || *p == 'J')) { /* "3j", "-2.5j" */
    im = have ? x : 1.0;
    if (!have && start < e && *start == '-') { im = -1.0; }
    if (!have && p != start && !(p == start + 1 && (*start == '+' || *start == '-'))) goto bad;
    p++;
  } else if (have) {
    re = x;
    if (p < e && (*p == '+' || *p == '-')) { /* "1+2j", "1-j" */
      const char *sign = p;
      if (!parse_part(&p, e, &im)) { im = *sign == '-' ? -1.0 : 1.0; p = sign + 1; }
      if (p >= e || (*p != 'j' && *p != 'J')) goto bad;
      p++;
    }
  } else if (p < e && (*p == '+' || *p == '-') && p + 1 < e && (p[1] == 'j' || p[1] == 'J')) {
    im = *p == '-' ? -1.0 : 1.0;
    p += 2;
  } else {
    goto bad;
  }
  skip_spaces(&p, e);
  if (paren) {
    if (p >= e || *p != ')') goto bad;
    p++;
    skip_spaces(&p, e);
  }
  if (p != e) goto bad;
  return complex_new(re, im);
bad:
  return err_format(Exc_ValueError, "complex() arg is a malformed string");
}

/* A number as complex for the constructor: complex, __complex__, or a real via float(). */
static bool constructor_operand(Value v, const char *which, C *out) {
  if (v_is(v, &Type_complex)) { *out = cval(v); return true; }
  Value f = type_lookup(v_type(v), str_intern_cstr("__complex__"));
  if (f) {
    Value r = obj_call1(f, v);
    if (!r) return false;
    if (!v_is(r, &Type_complex)) {
      err_format(Exc_TypeError, "__complex__ returned non-complex (type %s)", type_name(v_type(r)));
      return false;
    }
    *out = cval(r);
    return true;
  }
  double d;
  if (!float_as_double(v, &d)) {
    err_clear();
    err_format(Exc_TypeError, "complex() %s must be a string or a number, not '%s'", which, type_name(v_type(v)));
    return false;
  }
  *out = (C){d, 0.0};
  return true;
}

static Value complex_tp_new(Type *t, Value *args, int nargs, Tuple *kw) {
  (void)t;
  static const char *const names[] = {"real", "imag"};
  Value a[2] = {VNULL, VNULL};
  if (!args_parse("complex", args, nargs, kw, names, 0, 2, a)) return VNULL;
  if (a[0] && IS_STR(a[0])) {
    if (a[1]) return err_format(Exc_TypeError, "complex() can't take second arg if first is a string");
    return complex_from_string(a[0]);
  }
  if (a[1] && IS_STR(a[1])) return err_format(Exc_TypeError, "complex() second arg can't be a string");
  C re = {0.0, 0.0}, im = {0.0, 0.0};
  if (a[0] && !constructor_operand(a[0], "first argument", &re)) return VNULL;
  if (a[1] && !constructor_operand(a[1], "second argument", &im)) return VNULL;
  if (!a[1] && a[0] && v_is(a[0], &Type_complex)) return a[0];
  /* real + imag * 1j part by part, as CPython: a part that is not complex adds no zero (so
     complex(-0.0, -0.0) keeps both signs) */
  bool re_complex = a[0] && re.im != 0.0, im_complex = a[1] && im.im != 0.0;
  double real = im_complex ? re.re - im.im : re.re;
  double imag = a[1] ? (re_complex ? im.re + re.im : im.re) : re.im;
  return complex_new(real, imag);
}

/* -- Methods ---------------------------------------------------------------------------------- */
/* Property getters: the complex is the argument (a property calls fget(obj)). */
static Value get_real(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)nargs; (void)kw;
  return float_new(cval(args[0]).re);
}

static Value get_imag(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)nargs; (void)kw;
  return float_new(cval(args[0]).im);
}

static Value m_conjugate(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("complex.conjugate", nargs, kw, 0, 0)) return VNULL;
  return complex_new(cval(self).re, -cval(self).im);
}

static Value m_abs(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__abs__", nargs, kw, 0, 0)) return VNULL;
  return complex_abs(cval(self));
}

static Value m_bool(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__bool__", nargs, kw, 0, 0)) return VNULL;
  return v_bool(cval(self).re != 0.0 || cval(self).im != 0.0);
}

static Value m_getnewargs(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__getnewargs__", nargs, kw, 0, 0)) return VNULL;
  return tuple_pack(2, float_new(cval(self).re), float_new(cval(self).im));
}

/* format(c, spec): the empty spec is str(c); otherwise both parts in the float spec, "+"
   between them, then "j" (CPython's output for the common specs, without fill/align). */
static Value m_format(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__format__", nargs, kw, 1, 1)) return VNULL;
  if (!IS_STR(args[0])) return err_format(Exc_TypeError, "format() argument must be str");
  if (STR_LEN(args[0]) == 0) return complex_repr(self);
  GC_ROOT_SCOPE;
  Value re = float_new(cval(self).re), im = float_new(cval(self).im);
  gc_root(&re);
  gc_root(&im);
  Value rs = obj_format(re, args[0]);
  if (!rs) return VNULL;
  gc_root(&rs);
  Value is = obj_format(im, args[0]);
  if (!is) return VNULL;
  char out[512];
  const char *id = STR_DATA(is);
  snprintf(out, sizeof out, "%s%s%sj", STR_DATA(rs), id[0] == '-' || id[0] == '+' ? "" : "+", id);
  return str_from_cstr(out);
}

#define COMPLEX_BINOP_METHODS(_) _(add, OP_Add) _(sub, OP_Sub) _(mul, OP_Mult) _(truediv, OP_Div) _(pow, OP_Pow)
#define DEF_BINOP(name, op) \
  static Value m_##name(Value self, Value *args, int nargs, Tuple *kw) { \
    if (!args_check("__" #name "__", nargs, kw, 1, 1)) return VNULL; \
    return complex_binop(op, self, args[0]); \
  } \
  static Value m_r##name(Value self, Value *args, int nargs, Tuple *kw) { \
    if (!args_check("__r" #name "__", nargs, kw, 1, 1)) return VNULL; \
    return complex_binop(op, args[0], self); \
  }
COMPLEX_BINOP_METHODS(DEF_BINOP)
#undef DEF_BINOP

static Value m_eq(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__eq__", nargs, kw, 1, 1)) return VNULL;
  return complex_richcompare(self, args[0], CMP_EQ);
}

static Value m_ne(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__ne__", nargs, kw, 1, 1)) return VNULL;
  return complex_richcompare(self, args[0], CMP_NE);
}

static const MethodDef complex_methods[] = {
  {"conjugate", m_conjugate, "Return the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."},
  {"__abs__", m_abs, NULL}, {"__bool__", m_bool, NULL}, {"__getnewargs__", m_getnewargs, NULL},
  {"__format__", m_format, NULL}, {"__eq__", m_eq, NULL}, {"__ne__", m_ne, NULL},
#define BINOP_ENTRY(name, op) {"__" #name "__", m_##name, NULL}, {"__r" #name "__", m_r##name, NULL},
  COMPLEX_BINOP_METHODS(BINOP_ENTRY)
#undef BINOP_ENTRY
  {NULL, NULL, NULL}};

void complex_init(void) {
  Type *t = &Type_complex;
  t->basicsize = sizeof(Complex);
  t->repr = complex_repr;
  t->str = complex_repr;
  t->hash = complex_hash;
  t->richcompare = complex_richcompare;
  t->binop = complex_binop;
  t->unary = complex_unary;
  t->new = complex_tp_new;
  type_add_methods(t, complex_methods);
  type_add_property(t, "real", get_real);
  type_add_property(t, "imag", get_imag);
}
