/* str_format.c: string formatting for objects: `str % args`, str.format / format_map, and
 * format(v, spec) (obj_format), on top of the pure-C library fmt.h.
 *
 * fmt.h knows text and numbers, never objects; this file fetches arguments, converts them (an
 * int to its digits, a float to a double, anything to str/repr) and raises fmt's error texts as
 * Python exceptions. Output accumulates in one malloc'd FmtBuf per call and becomes a Str at
 * the end, so building a result never allocates GC objects and costs O(output).
 *
 * Parsing follows CPython's own code paths (unicode_format_arg / MarkupIterator) so that the
 * order of checks, and therefore which error a bad format string raises, is the same. Format
 * strings are scanned bytewise: every structural character is ASCII, and UTF-8 continuation
 * bytes never collide with one.
 */
#include <stdio.h>
#include <stdlib.h>

#include "errors.h"
#include "floatobject.h"
#include "fmt.h"
#include "intobject.h"
#include "str_format.h"
#include "strobject.h"
#include "typeobject.h"

/* CPython's str(int) limit (sys.int_info.default_max_str_digits); 10**4300 has 14284 bits, so
   a wider int is rejected before its (costly) conversion. */
#define INT_STR_BITS_MAX 14400
/* PEP 3101: "{0:{1}}" nests once; "{0:{1:{2}}}" is "Max string recursion exceeded". */
#define FORMAT_RECURSION_DEPTH 2

/* -- Small helpers ------------------------------------------------------------------------ */
static Value buf_finish(FmtBuf *b) {
  Value r;
  if (b->len == 0) r = OBJ_V(str_empty());
  else if (b->len == 1 && (unsigned char)b->data[0] < 128) r = OBJ_V(str_char((unsigned char)b->data[0]));
  else {
    Str *s = str_alloc(b->len);
    memcpy(s->data, b->data, b->len);
    str_finish(s);
    r = OBJ_V(s);
  }
  fmtbuf_free(b);
  return r;
}

/* fmt.h's failure text as the Python exception it stands for. */
static bool fmt_error(const char *err) {
  if (strcmp(err, "out of memory") == 0) err_no_memory();
  else if (strncmp(err, "%c arg not in range", 19) == 0) err_format(Exc_OverflowError, "%s", err);
  else err_format(Exc_ValueError, "%s", err);
  return false;
}

static bool put(FmtBuf *b, const char *s, size_t n) {
  if (fmtbuf_append(b, s, n)) return true;
  err_no_memory();
  return false;
}

static bool put_str(FmtBuf *b, Value s) { return put(b, STR_DATA(s), (size_t)STR_LEN(s)); }

/* Ints as Values of Type_int or tagged; bools count as 0/1. */
static bool as_int(Value v, Value *out) {
  if (v_is_int(v) || v_is(v, &Type_int)) { *out = v; return true; }
  if (v == V_TRUE || v == V_FALSE) { *out = v_from_int(v == V_TRUE); return true; }
  return false;
}

static bool int_to_double_checked(Value i, double *out) {
  if (v_is_int(i)) { *out = (double)v_int(i); return true; }
  bool overflow = false;
  *out = int_as_double(i, &overflow);
  if (overflow) err_format(Exc_OverflowError, "int too large to convert to float");
  return !overflow;
}

/* Calls the special method f, found on v's type, as v.f(arg). */
static Value call_special1(Value v, Value f, Value arg) {
  if (v_is(f, &Type_function) || (v_is(f, &Type_builtin) && V_AS(Builtin, f)->owner)) {
    Value a[2] = {v, arg};
    return obj_call(f, a, 2, NULL);
  }
  Value bound = descr_bind(f, v, v_type(v));
  return bound ? obj_call1(bound, arg) : VNULL;
}

/* ascii(): the repr with every non-ASCII code point escaped. */
static Value ascii_escape(Value s) {
  if (str_is_ascii(V_AS(Str, s))) return s;
  StrBuilder b;
  sb_init(&b);
  const char *p = STR_DATA(s);
  size_t n = (size_t)STR_LEN(s);
  for (size_t i = 0; i < n;) {
    size_t adv;
    uint32_t cp = utf8_decode(p + i, &adv);
    if (cp < 128) sb_putc(&b, (char)cp);
    else {
      char esc[16];
      if (cp < 0x100) snprintf(esc, sizeof esc, "\\x%02x", cp);
      else if (cp < 0x10000) snprintf(esc, sizeof esc, "\\u%04x", cp);
      else snprintf(esc, sizeof esc, "\\U%08x", cp);
      sb_puts(&b, esc);
    }
    i += adv;
  }
  return sb_finish(&b);
}

/* -- Int digits --------------------------------------------------------------------------- */
/* |v| in base 2, 8, 10 or 16, lowercase, no prefix: in `small` or a malloc'd `heap`. */
typedef struct {
  const char *p;
  size_t n;
  bool neg;
  char *heap;
  char small[72];
} Digits;

static void digits_free(Digits *d) { free(d->heap); }

static bool digits_limit_error(void) {
  err_format(Exc_ValueError, "Exceeds the limit (%d digits) for integer string conversion; "
             "use sys.set_int_max_str_digits() to increase the limit", INT_STR_DIGITS_MAX);
  return false;
}

static bool int_digits(Value v, int base, Digits *d) {
  d->heap = NULL;
  if (v_is_int(v)) {
    int64_t x = v_int(v);
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    char *end = d->small + sizeof d->small, *p = end;
    do { *--p = "0123456789abcdef"[u % (unsigned)base]; u /= (unsigned)base; } while (u);
    d->p = p;
    d->n = (size_t)(end - p);
    d->neg = x < 0;
    return true;
  }
  union { BigInt b; uint32_t room[4]; } tmp; /* int_as_bigint's copy of a small int */
  const BigInt *b = int_as_bigint(v, &tmp.b);
  if (base == 10 && bigint_bit_length(b) > INT_STR_BITS_MAX) return digits_limit_error();
  d->heap = malloc(bigint_to_string_max(b, base, false));
  if (!d->heap) { err_no_memory(); return false; }
  size_t n = bigint_to_string_buf(b, base, false, d->heap);
  if (n == (size_t)-1) { digits_free(d); err_no_memory(); return false; }
  d->neg = d->heap[0] == '-';
  d->p = d->heap + d->neg;
  d->n = n - d->neg;
  if (base == 10 && d->n > INT_STR_DIGITS_MAX) { digits_free(d); return digits_limit_error(); }
  return true;
}

/* -- format(v, spec) for the built-in types --------------------------------------------------- */
static bool format_str_spec(FmtBuf *out, Value v, const char *sp, size_t sl) {
  FmtSpec s;
  char err[FMT_ERR_LEN];
  if (!fmt_parse_spec(sp, sl, "str", &s, err) ||
      !fmt_apply_str(out, &s, STR_DATA(v), (size_t)STR_LEN(v), err))
    return fmt_error(err);
  return true;
}

static bool format_float_spec(FmtBuf *out, double x, const char *sp, size_t sl) {
  FmtSpec s;
  char err[FMT_ERR_LEN];
  if (!fmt_parse_spec(sp, sl, "float", &s, err) || !fmt_apply_float(out, &s, x, err)) return fmt_error(err);
  return true;
}

static bool format_int_spec(FmtBuf *out, Value v, const char *tname, const char *sp, size_t sl) {
  FmtSpec s;
  char err[FMT_ERR_LEN];
  if (!fmt_parse_spec(sp, sl, tname, &s, err)) return fmt_error(err);
  Value iv;
  as_int(v, &iv);
  switch (s.type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
      double x;
      if (!int_to_double_checked(iv, &x)) return false;
      return fmt_apply_float(out, &s, x, err) || fmt_error(err);
    }
    case 'c': {
      int64_t n;
      uint32_t cp = 0x110000;
      if (!int_as_i64(iv, &n)) {
        err_format(Exc_OverflowError, "Python int too large to convert to C long");
        return false;
      }
      if (n >= 0 && n < 0x110000) cp = (uint32_t)n;
      return fmt_apply_char(out, &s, cp, err) || fmt_error(err);
    }
    case 0: case 'b': case 'd': case 'n': case 'o': case 'x': case 'X': {
      int base = fmt_int_base(&s);
      Digits d;
      if (!int_digits(iv, base, &d)) return false;
      bool ok = fmt_apply_int(out, &s, d.neg, d.p, d.n, base, err);
      digits_free(&d);
      return ok || fmt_error(err);
    }
    default: /* unknown presentation type: fmt reports it, before any conversion */
      return fmt_apply_int(out, &s, false, "0", 1, fmt_int_base(&s), err) || fmt_error(err);
  }
}

static bool is_int_like(Value v) { return v_is_int(v) || v_is(v, &Type_int) || v == V_TRUE || v == V_FALSE; }

/* Calls type(v).__format__(v, spec) and checks that it returned a str. */
static Value format_generic(Value v, Value spec) {
  Value f = type_lookup(v_type(v), N.__format__);
  if (!f) return err_format(Exc_TypeError, "Type %s doesn't define __format__", type_name(v_type(v)));
  Value r = call_special1(v, f, spec);
  if (r && !IS_STR(r))
    return err_format(Exc_TypeError, "__format__ must return a str, not %s", type_name(v_type(r)));
  return r;
}

/* Appends format(v, spec[0..sl)) to out. The spec Str is made only for user __format__. */
static bool format_into(FmtBuf *out, Value v, const char *sp, size_t sl, Value spec_or_null) {
  if (IS_STR(v)) return sl ? format_str_spec(out, v, sp, sl) : put_str(out, v);
  if (IS_FLOAT(v)) {
    if (sl) return format_float_spec(out, V_AS(Float, v)->v, sp, sl);
    char buf[FMT_REPR_BUF];
    fmt_float_repr(V_AS(Float, v)->v, buf);
    return put(out, buf, strlen(buf));
  }
  if (is_int_like(v)) {
    if (sl) return format_int_spec(out, v, type_name(v_type(v)), sp, sl);
    if (v_is_int(v)) {
      Digits d;
      int_digits(v, 10, &d); /* a tagged int never fails */
      return (!d.neg || put(out, "-", 1)) && put(out, d.p, d.n);
    }
    Value r = obj_str(v);
    return r && put_str(out, r);
  }
  Value spec = spec_or_null ? spec_or_null : str_new(sp, sl);
  Value r = format_generic(v, spec);
  return r && put_str(out, r);
}

Value obj_format(Value v, Value spec) {
  if (!IS_STR(spec))
    return err_format(Exc_TypeError, "format() argument 2 must be str, not %s", type_name(v_type(spec)));
  size_t sl = (size_t)STR_LEN(spec);
  if (sl == 0 && IS_STR(v)) return v;
  if (sl == 0 && (is_int_like(v) || IS_FLOAT(v))) return obj_str(v);
  if (!IS_STR(v) && !IS_FLOAT(v) && !is_int_like(v)) return format_generic(v, spec);
  FmtBuf b;
  fmtbuf_init(&b);
  if (!format_into(&b, v, STR_DATA(spec), sl, spec)) {
    fmtbuf_free(&b);
    return VNULL;
  }
  return buf_finish(&b);
}

/* int.__format__, bool's (inherited) and str.__format__. */
static Value m_format(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("__format__", nargs, kwnames, 1, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "__format__() argument must be str, not %s", type_name(v_type(args[0])));
  return obj_format(self, args[0]);
}

/* -- printf-style: str % args --------------------------------------------------------------- */
/* CPython's argument cursor: a tuple walks argidx over arglen items; a single value is
   arglen -1, argidx -2, so it is taken once and "not all converted" is argidx < arglen.
   A %(key) conversion makes the mapping's value the single argument from then on. */
typedef struct {
  Value args;
  int64_t arglen, argidx;
  Value dict; /* the mapping for %(key), or VNULL */
} PctArgs;

static Value next_arg(PctArgs *c) {
  if (c->argidx < c->arglen) {
    int64_t i = c->argidx++;
    return c->arglen < 0 ? c->args : V_AS(Tuple, c->args)->items[i];
  }
  return err_format(Exc_TypeError, "not enough arguments for format string");
}

static bool is_mapping(Value v) {
  if (v_isinstance(v, &Type_tuple) || IS_STR(v)) return false;
  Type *t = v_type(v);
  if (t->flags & TPF_HEAPTYPE) return type_lookup(t, N.__getitem__) != VNULL;
  return t->getitem != NULL;
}

static bool star_arg(PctArgs *c, PercentSpec *p, bool width) {
  Value v = next_arg(c), iv;
  if (!v) return false;
  if (!as_int(v, &iv)) {
    err_format(Exc_TypeError, "* wants int");
    return false;
  }
  int64_t n;
  if (!int_as_i64(iv, &n)) {
    err_format(Exc_OverflowError, "Python int too large to convert to C ssize_t");
    return false;
  }
  char err[FMT_ERR_LEN];
  bool ok = width ? fmt_percent_set_width(p, n, err) : fmt_percent_set_precision(p, n, err);
  return ok || fmt_error(err);
}

static bool has_number_slot(Value v) {
  Type *t = v_type(v);
  return is_int_like(v) || IS_FLOAT(v) || type_lookup(t, N.__index__) || type_lookup(t, N.__int__) ||
         type_lookup(t, N.__float__);
}

static bool pct_wrong_type(const PercentSpec *p, Value v) {
  const char *want = (p->type == 'o' || p->type == 'x' || p->type == 'X') ? "an integer" : "a real number";
  err_format(Exc_TypeError, "%%%c format: %s is required, not %s", p->type, want, type_name(v_type(v)));
  return false;
}

/* %d %i %u %o %x %X: d/i/u take int(v) (so floats truncate), o/x/X only __index__. */
static bool pct_int(FmtBuf *b, const PercentSpec *p, Value v) {
  bool hex_oct = p->type == 'o' || p->type == 'x' || p->type == 'X';
  Value iv;
  if (!as_int(v, &iv)) {
    if (!has_number_slot(v)) return pct_wrong_type(p, v);
    if (IS_FLOAT(v) && !hex_oct) iv = int_from_double(V_AS(Float, v)->v);
    else iv = hex_oct ? int_index(v) : obj_call1(OBJ_V(&Type_int), v);
    if (!iv) {
      if (!err_matches(Exc_TypeError)) return false;
      err_clear();
      return pct_wrong_type(p, v);
    }
  }
  int base = p->type == 'o' ? 8 : hex_oct ? 16 : 10;
  Digits d;
  if (!int_digits(iv, base, &d)) return false;
  bool ok;
  if (p->flags == 0 && p->width < 0 && p->precision < 0 && p->type != 'X')
    ok = (!d.neg || fmtbuf_append(b, "-", 1)) && fmtbuf_append(b, d.p, d.n);
  else
    ok = fmt_percent_int(b, p, d.neg, d.p, d.n, base);
  digits_free(&d);
  if (!ok) err_no_memory();
  return ok;
}

static bool pct_char(FmtBuf *b, const PercentSpec *p, Value v) {
  char utf8[4];
  size_t n;
  if (IS_STR(v)) {
    if (V_AS(Str, v)->nchars != 1) {
      err_format(Exc_TypeError, "%%c requires int or char");
      return false;
    }
    n = (size_t)STR_LEN(v);
    memcpy(utf8, STR_DATA(v), n);
  } else {
    Value iv;
    if (!as_int(v, &iv)) {
      iv = int_index(v);
      if (!iv) {
        if (err_matches(Exc_TypeError)) {
          err_clear();
          err_format(Exc_TypeError, "%%c requires int or char");
        }
        return false;
      }
    }
    int64_t x;
    if (!int_as_i64(iv, &x) || x < 0 || x > 0x10FFFF) {
      err_format(Exc_OverflowError, "%%c arg not in range(0x110000)");
      return false;
    }
    n = utf8_encode((uint32_t)x, utf8);
  }
  if (!fmt_percent_str(b, p, utf8, n)) { err_no_memory(); return false; }
  return true;
}

static bool pct_one(FmtBuf *b, const PercentSpec *p, Value v) {
  switch (p->type) {
    case 's': case 'r': case 'a': {
      Value s = p->type == 's' ? obj_str(v) : obj_repr(v);
      if (s && p->type == 'a') s = ascii_escape(s);
      if (!s) return false;
      if (p->width < 0 && p->precision < 0) return put_str(b, s);
      if (!fmt_percent_str(b, p, STR_DATA(s), (size_t)STR_LEN(s))) { err_no_memory(); return false; }
      return true;
    }
    case 'c':
      return pct_char(b, p, v);
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
      return pct_int(b, p, v);
    default: {
      double x;
      if (!float_as_double(v, &x)) return false;
      if (!fmt_percent_float(b, p, x)) { err_no_memory(); return false; }
      return true;
    }
  }
}

/* Fetches the argument(s) of one parsed conversion: the mapping's value for %(key), then '*'
   width and precision, then the value. */
static Value pct_fetch(PercentSpec *p, PctArgs *c) {
  if (p->has_key) {
    if (!c->dict) {
      err_format(Exc_TypeError, "format requires a mapping");
      return VNULL;
    }
    Value key = str_new(p->key, p->key_len);
    Value v = obj_getitem(c->dict, key);
    if (!v) return VNULL;
    c->args = v;
    c->arglen = -1;
    c->argidx = -2;
  }
  if (p->width_star && !star_arg(c, p, true)) return VNULL;
  if (p->prec_star && !star_arg(c, p, false)) return VNULL;
  return next_arg(c);
}

Value str_mod(Value fmt, Value args) {
  GC_ROOT_SCOPE;
  const char *f = STR_DATA(fmt);
  size_t len = (size_t)STR_LEN(fmt), pos = 0;
  int mark = gc_root_mark();
  PctArgs c = {args, -1, -2, VNULL};
  /* Tuples and their subclasses (named tuples) are argument lists. */
  if (v_isinstance(args, &Type_tuple)) { c.arglen = V_AS(Tuple, args)->len; c.argidx = 0; }
  if (is_mapping(args)) c.dict = args;
  gc_root(&c.args);
  FmtBuf b;
  fmtbuf_init(&b);
  while (pos < len) {
    const char *pct = memchr(f + pos, '%', len - pos);
    size_t lit_end = pct ? (size_t)(pct - f) : len;
    if (lit_end > pos && !put(&b, f + pos, lit_end - pos)) goto fail;
    if (!pct) break;
    pos = lit_end;
    PercentSpec p;
    char err[FMT_ERR_LEN];
    if (!fmt_parse_percent(f, len, &pos, &p, err)) {
      /* CPython takes the arguments before it looks at the conversion character, so a
         missing argument is reported first ("%5%" % () is "not enough arguments"). */
      if (strncmp(err, "unsupported format character", 28) != 0 || pct_fetch(&p, &c)) fmt_error(err);
      goto fail;
    }
    if (p.type == '%') {
      if (!put(&b, "%", 1)) goto fail;
      continue;
    }
    Value v = pct_fetch(&p, &c);
    if (!v || !pct_one(&b, &p, v)) goto fail;
  }
  if (c.argidx < c.arglen && !c.dict) {
    err_format(Exc_TypeError, "not all arguments converted during string formatting");
    goto fail;
  }
  gc_root_restore(mark);
  return buf_finish(&b);
fail:
  fmtbuf_free(&b);
  gc_root_restore(mark);
  return VNULL;
}

/* -- str.format --------------------------------------------------------------------------- */
enum { AUTO_INIT, AUTO_AUTO, AUTO_MANUAL };

typedef struct {
  Value *pos;        /* positional arguments, NULL for format_map */
  int npos;
  Value *kwvals;     /* keyword values, named by kwnames */
  Tuple *kwnames;
  Value mapping;     /* format_map's mapping, or VNULL */
  int auto_state;
  int64_t auto_next;
} FormatArgs;

typedef struct { const char *s; size_t start, end; } Span; /* bytes [start, end) of s */

/* Decimal value of an all-ASCII-digit span; -1 if empty or not digits; -2 (error set) when
   too large. */
static int64_t span_integer(Span n) {
  if (n.start >= n.end) return -1;
  int64_t acc = 0;
  for (size_t i = n.start; i < n.end; i++) {
    char ch = n.s[i];
    if (ch < '0' || ch > '9') return -1;
    if (acc > (INT64_MAX - (ch - '0')) / 10) {
      err_format(Exc_ValueError, "Too many decimal digits in format string");
      return -2;
    }
    acc = acc * 10 + (ch - '0');
  }
  return acc;
}

static Value span_str(Span n) { return str_new(n.s + n.start, n.end - n.start); }

static Value keyword_arg(FormatArgs *a, Span name) {
  size_t len = name.end - name.start;
  if (a->mapping) {
    Value key = span_str(name);
    return key ? obj_getitem(a->mapping, key) : VNULL;
  }
  int64_t nkw = a->kwnames ? a->kwnames->len : 0;
  for (int64_t i = 0; i < nkw; i++) {
    Str *k = V_AS(Str, a->kwnames->items[i]);
    if ((size_t)k->len == len && memcmp(k->data, name.s + name.start, len) == 0) return a->kwvals[i];
  }
  Value key = span_str(name);
  return key ? err_set_value(Exc_KeyError, key) : VNULL;
}

/* The object a field name designates: first part (index, auto number or keyword), then any
   chain of .attr and [key] lookups. */
static Value field_object(Span field, FormatArgs *a) {
  const char *s = field.s;
  size_t i = field.start;
  while (i < field.end && s[i] != '.' && s[i] != '[') i++;
  Span first = {s, field.start, i};
  int64_t idx = span_integer(first);
  if (idx == -2) return VNULL;
  bool empty = first.start == first.end;
  if (empty || idx >= 0) {
    if (a->auto_state == AUTO_INIT) a->auto_state = empty ? AUTO_AUTO : AUTO_MANUAL;
    if (a->auto_state == AUTO_MANUAL && empty)
      return err_format(Exc_ValueError, "cannot switch from manual field specification to automatic field numbering");
    if (a->auto_state == AUTO_AUTO && !empty)
      return err_format(Exc_ValueError, "cannot switch from automatic field numbering to manual field specification");
    if (empty) idx = a->auto_next++;
  }
  Value obj;
  if (idx < 0) {
    obj = keyword_arg(a, first);
  } else {
    if (!a->pos) return err_format(Exc_ValueError, "Format string contains positional fields");
    if (idx >= a->npos)
      return err_format(Exc_IndexError, "Replacement index %lld out of range for positional args tuple", (long long)idx);
    obj = a->pos[idx];
  }
  while (obj && i < field.end) {
    char ch = s[i++];
    Span name = {s, i, i};
    if (ch == '.') {
      while (i < field.end && s[i] != '.' && s[i] != '[') i++;
      name.end = i;
    } else if (ch == '[') {
      while (i < field.end && s[i] != ']') i++;
      if (i >= field.end) return err_format(Exc_ValueError, "Missing ']' in format string");
      name.end = i++;
    } else {
      return err_format(Exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
    }
    if (name.start == name.end) return err_format(Exc_ValueError, "Empty attribute in format string");
    if (ch == '.') {
      Value n = span_str(name);
      obj = n ? obj_getattr(obj, str_intern(V_AS(Str, n))) : VNULL;
    } else {
      int64_t k = span_integer(name);
      if (k == -2) return VNULL;
      Value key = k >= 0 ? v_from_int(k) : span_str(name);
      obj = key ? obj_getitem(obj, key) : VNULL;
    }
  }
  return obj;
}

static Value convert_field(Value obj, uint32_t conv) {
  switch (conv) {
    case 'r': return obj_repr(obj);
    case 's': return obj_str(obj);
    case 'a': {
      Value r = obj_repr(obj);
      return r ? ascii_escape(r) : VNULL;
    }
    default:
      if (conv > 32 && conv < 127) return err_format(Exc_ValueError, "Unknown conversion specifier %c", (char)conv);
      return err_format(Exc_ValueError, "Unknown conversion specifier \\x%x", (unsigned)conv);
  }
}

/* One replacement field, after the '{': CPython's parse_field. On success *i is past the
   closing '}'. */
typedef struct {
  Span name, spec;
  uint32_t conv;       /* 0 for none */
  bool spec_nested;    /* the spec holds '{': expand it first */
} Field;

static bool parse_field(const char *s, size_t *ip, size_t end, Field *f) {
  size_t i = *ip;
  char c = 0;
  f->name = (Span){s, i, i};
  f->spec = (Span){s, 0, 0};
  f->conv = 0;
  f->spec_nested = false;
  while (i < end) {
    c = s[i++];
    if (c == '{') { err_format(Exc_ValueError, "unexpected '{' in field name"); return false; }
    if (c == '[') {
      while (i < end && s[i] != ']') i++;
      continue;
    }
    if (c == '}' || c == ':' || c == '!') break;
  }
  f->name.end = i - 1;
  if (c == '!' || c == ':') {
    if (c == '!') {
      if (i >= end) {
        err_format(Exc_ValueError, "end of string while looking for conversion specifier");
        return false;
      }
      size_t adv;
      f->conv = utf8_decode(s + i, &adv);
      i += adv;
      if (i < end) {
        c = s[i++];
        if (c == '}') { *ip = i; return true; }
        if (c != ':') { err_format(Exc_ValueError, "expected ':' after conversion specifier"); return false; }
      }
    }
    f->spec.start = i;
    int count = 1;
    while (i < end) {
      c = s[i++];
      if (c == '{') { f->spec_nested = true; count++; }
      else if (c == '}' && --count == 0) {
        f->spec.end = i - 1;
        *ip = i;
        return true;
      }
    }
    err_format(Exc_ValueError, "unmatched '{' in format spec");
    return false;
  }
  if (c != '}') { err_format(Exc_ValueError, "expected '}' before end of string"); return false; }
  *ip = i;
  return true;
}

static bool build_string(FmtBuf *out, Span in, FormatArgs *a, int depth);

static bool render_field(FmtBuf *out, const Field *f, FormatArgs *a, int depth) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Value obj = field_object(f->name, a);
  bool ok = false;
  if (!obj) goto done;
  gc_root(&obj);
  if (f->conv && !(obj = convert_field(obj, f->conv))) goto done;
  if (!f->spec_nested) {
    ok = format_into(out, obj, f->spec.s + f->spec.start, f->spec.end - f->spec.start, VNULL);
    goto done;
  }
  FmtBuf sb;
  fmtbuf_init(&sb);
  if (!build_string(&sb, f->spec, a, depth - 1)) {
    fmtbuf_free(&sb);
    goto done;
  }
  Value spec = buf_finish(&sb);
  ok = format_into(out, obj, STR_DATA(spec), (size_t)STR_LEN(spec), spec);
done:
  gc_root_restore(mark);
  return ok;
}

/* CPython's MarkupIterator over `in`: literal text with {{ and }} unescaped, and fields. */
static bool build_string(FmtBuf *out, Span in, FormatArgs *a, int depth) {
  if (depth <= 0) {
    err_format(Exc_ValueError, "Max string recursion exceeded");
    return false;
  }
  const char *s = in.s;
  size_t i = in.start, end = in.end;
  while (i < end) {
    size_t start = i;
    char c = 0;
    while (i < end && s[i] != '{' && s[i] != '}') i++;
    if (i < end) c = s[i++];
    bool at_end = i >= end, markup = c != 0;
    size_t litlen = i - start;
    if (c == '}' && (at_end || s[i] != '}')) {
      err_format(Exc_ValueError, "Single '}' encountered in format string");
      return false;
    }
    if (at_end && c == '{') {
      err_format(Exc_ValueError, "Single '{' encountered in format string");
      return false;
    }
    if (markup) {
      if (s[i] == c) { i++; markup = false; } /* {{ or }}: one brace of literal text */
      else litlen--;
    }
    if (litlen && !put(out, s + start, litlen)) return false;
    if (!markup) continue;
    Field f;
    if (!parse_field(s, &i, end, &f) || !render_field(out, &f, a, depth)) return false;
  }
  return true;
}

static Value format_with(Value self, FormatArgs *a) {
  FmtBuf b;
  fmtbuf_init(&b);
  Span in = {STR_DATA(self), 0, (size_t)STR_LEN(self)};
  if (!build_string(&b, in, a, FORMAT_RECURSION_DEPTH)) {
    fmtbuf_free(&b);
    return VNULL;
  }
  return buf_finish(&b);
}

Value str_format_method(Value self, Value *args, int nargs, Tuple *kwnames) {
  int nkw = kwnames ? (int)kwnames->len : 0;
  FormatArgs a = {args, nargs - nkw, args + (nargs - nkw), kwnames, VNULL, AUTO_INIT, 0};
  return format_with(self, &a);
}

Value str_format_map_method(Value self, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("format_map", nargs, kwnames, 1, 1)) return VNULL;
  FormatArgs a = {NULL, 0, NULL, NULL, args[0], AUTO_INIT, 0};
  return format_with(self, &a);
}

/* -- Registration ------------------------------------------------------------------------ */
static const MethodDef format_methods[] = {{"__format__", m_format, NULL}, {NULL, NULL, NULL}};
static const MethodDef str_only_methods[] = {
  {"format_map", str_format_map_method, "Return a formatted version of S, using substitutions from mapping."},
  {NULL, NULL, NULL}};

void str_format_init(void) {
  type_add_methods(&Type_int, format_methods);
  type_add_methods(&Type_str, format_methods);
  type_add_methods(&Type_str, str_only_methods);
}
