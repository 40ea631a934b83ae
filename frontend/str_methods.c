/* str_methods.c: str as Python sees it: the type's slots (compare, index, iterate, +, *, %,
 * str()) and its methods (split, join, find, replace, case mapping, predicates, padding...).
 *
 * Two ideas run through the file. First, searching works on the UTF-8 bytes (memchr/memmem):
 * UTF-8 is self-synchronizing, so a byte match of a valid needle is a code-point match, and
 * byte order is code-point order. Byte offsets become code-point indexes only when a result
 * must say where (find, index) and only for non-ASCII strings. Second, moving between
 * code-point indexes and byte offsets in a non-ASCII string goes through a one-entry position
 * cache (the last string indexed, kept alive by a global root), so a loop over s[i] costs O(1)
 * per step instead of O(i).
 *
 * Case mapping and character classes: exact for ASCII and Latin-1 (including the special cases
 * 'ß' -> 'SS'/'Ss'/'ss', 'µ' -> 'Μ', 'ÿ' -> 'Ÿ'); beyond Latin-1 they use glibc's C.UTF-8
 * tables (one-to-one mappings only: 'İ'.lower() gives 'i', not CPython's two code points, and
 * digits of other scripts are not decimal). Whitespace is Unicode's full set.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wctype.h>

#include "ast.h"
#include "bytesobject.h"
#include "dictobject.h"
#include "intobject.h"
#include "listobject.h"
#include "strobject.h"
#include "typeobject.h"

/* Provided by str_format.c (printf-style %, str.format). */
Value str_mod(Value fmt, Value args);
Value str_format_method(Value self, Value *args, int nargs, Tuple *kwnames);

/* Repeated or padded strings beyond this many bytes are refused with MemoryError, as CPython
   does when the allocation cannot succeed (it would otherwise be an abort in the allocator). */
#define STR_BYTES_MAX ((int64_t)1 << 40)

#define SELF V_AS(Str, self)
#define IS_CONT(b) (((unsigned char)(b) & 0xC0) == 0x80)

static locale_t uloc; /* C.UTF-8, for classes and case of code points beyond Latin-1 */
static Str *s_radd, *s_rmul;

/* -- Positions: code-point index <-> byte offset ------------------------------------------------ */
static Value pos_str;     /* the cache's string (a global root) */
static int64_t pos_ci, pos_bo;

static inline size_t lead_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

static int64_t count_cps(const char *p, int64_t n) {
  int64_t k = 0;
  for (int64_t i = 0; i < n; i++) k += !IS_CONT(p[i]);
  return k;
}

/* Byte offset of code point i, 0 <= i <= nchars. */
static int64_t byte_at(Str *s, int64_t i) {
  if (str_is_ascii(s) || i == 0) return i == 0 ? 0 : i;
  if (i >= s->nchars) return s->len;
  int64_t ci = 0, bo = 0;
  if (V_AS(Str, pos_str) == s && llabs(i - pos_ci) < i) { ci = pos_ci; bo = pos_bo; }
  if (s->nchars - i < llabs(i - ci)) { ci = s->nchars; bo = s->len; }
  const char *p = s->data;
  while (ci < i) { bo += (int64_t)lead_len((unsigned char)p[bo]); ci++; }
  while (ci > i) { bo--; while (IS_CONT(p[bo])) bo--; ci--; }
  pos_str = OBJ_V(s); pos_ci = ci; pos_bo = bo;
  return bo;
}

/* Code-point index of byte offset bo (at a code-point boundary). */
static int64_t char_index(Str *s, int64_t bo) {
  if (str_is_ascii(s)) return bo;
  int64_t ci;
  if (V_AS(Str, pos_str) == s && llabs(bo - pos_bo) < bo) {
    ci = bo >= pos_bo ? pos_ci + count_cps(s->data + pos_bo, bo - pos_bo)
                      : pos_ci - count_cps(s->data + bo, pos_bo - bo);
  } else {
    ci = count_cps(s->data, bo);
  }
  pos_str = OBJ_V(s); pos_ci = ci; pos_bo = bo;
  return ci;
}

/* -- Making strings ----------------------------------------------------------------------------- */
static Value new_known(const char *p, int64_t len, int64_t nchars, bool ascii) {
  if (len == 0) return OBJ_V(str_empty());
  if (len == 1 && ascii) return OBJ_V(str_char((unsigned char)p[0]));
  Str *r = str_alloc((size_t)len);
  memcpy(r->data, p, (size_t)len);
  str_finish_known(r, nchars, ascii);
  return OBJ_V(r);
}

/* The part of s between byte offsets b and e. */
static Value sub(Str *s, int64_t b, int64_t e) {
  if (b == 0 && e == s->len) return OBJ_V(s);
  if (str_is_ascii(s)) return new_known(s->data + b, e - b, e - b, true);
  return str_new(s->data + b, (size_t)(e - b));
}

static Value sub_chars(Str *s, int64_t b, int64_t e, int64_t nchars) {
  if (b == 0 && e == s->len) return OBJ_V(s);
  return new_known(s->data + b, e - b, nchars, nchars == e - b);
}

static Value str_from_builder(StrBuilder *b) { return sb_finish(b); }

static void put_cp(StrBuilder *b, uint32_t c) {
  char buf[4];
  sb_put(b, buf, utf8_encode(c, buf));
}

/* -- Argument helpers ---------------------------------------------------------------------------- */
static Value must_be_str(Value v) {
  return err_format(Exc_TypeError, "must be str, not %s", type_name(v_type(v)));
}

static bool opt_index(Value v, int64_t *out) {
  if (!v || v == V_NONE) return true;
  if (!v_is_int(v) && !v_isinstance(v, &Type_int) && !type_lookup(v_type(v), N.__index__)) {
    err_format(Exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  if (index_of(v, out)) return true;
  if (err_matches(Exc_IndexError) || err_matches(Exc_OverflowError)) {
    err_clear();
    int s = int_sign(v);
    *out = s < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return true;
  }
  return false;
}

/* CPython's ADJUST_INDICES: start/end as slice bounds over n items. */
static void adjust(int64_t *start, int64_t *end, int64_t n) {
  if (*end > n) *end = n;
  else if (*end < 0) { *end += n; if (*end < 0) *end = 0; }
  if (*start < 0) { *start += n; if (*start < 0) *start = 0; }
}

/* An integer argument (width, count...): "'str' object cannot be interpreted as an integer". */
static bool int_arg(Value v, int64_t *out) {
  if (v_is_int(v)) { *out = v_int(v); return true; }
  if (!index_of(v, out)) {
    if (err_matches(Exc_IndexError)) {
      err_clear();
      err_format(Exc_OverflowError, "Python int too large to convert to C ssize_t");
    }
    return false;
  }
  return true;
}

/* Checks a method's positional count, CPython's wording for METH_VARARGS methods. */
static bool nargs_ok(const char *name, int nargs, Tuple *kw, int min, int max) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "str.%s() takes no keyword arguments", name);
    return false;
  }
  return args_check(name, nargs, kw, min, max);
}

/* "str.upper() takes no arguments (1 given)" / "str.join() takes exactly one argument". */
static bool exact_args(const char *qualname, int nargs, Tuple *kw, int n) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", qualname);
    return false;
  }
  if (nargs == n) return true;
  if (n == 0) err_format(Exc_TypeError, "%s() takes no arguments (%d given)", qualname, nargs);
  else err_format(Exc_TypeError, "%s() takes exactly one argument (%d given)", qualname, nargs);
  return false;
}

/* find/count/startswith style: "find() takes at least 1 argument (0 given)". */
static bool search_args(const char *name, int nargs, Tuple *kw) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "str.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs < 1) { err_format(Exc_TypeError, "%s() takes at least 1 argument (0 given)", name); return false; }
  if (nargs > 3) { err_format(Exc_TypeError, "%s() takes at most 3 arguments (%d given)", name, nargs); return false; }
  return true;
}

/* -- Character classes ------------------------------------------------------------------------------ */
static bool cp_space(uint32_t c) {
  if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x1F);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Titlecase letters (Lt): the four digraph pairs and a few Greek ones. */
static bool cp_titlec(uint32_t c) {
  return c == 0x1C5 || c == 0x1C8 || c == 0x1CB || c == 0x1F2 || (c >= 0x1F88 && c <= 0x1FAF && (c & 8)) ||
         c == 0x1FBC || c == 0x1FCC || c == 0x1FFC;
}

static bool cp_upperc(uint32_t c) {
  if (c < 256) return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
  return uloc && iswupper_l((wint_t)c, uloc) && !cp_titlec(c);
}

static bool cp_lowerc(uint32_t c) {
  if (c < 256)
    return (c >= 'a' && c <= 'z') || c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xDF && c != 0xF7);
  return uloc && iswlower_l((wint_t)c, uloc) && !cp_titlec(c);
}

static bool cp_cased(uint32_t c) { return cp_upperc(c) || cp_lowerc(c) || cp_titlec(c); }

static bool cp_alpha(uint32_t c) {
  if (c < 128) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c < 256) return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  return uloc && iswalpha_l((wint_t)c, uloc);
}

static bool cp_decimal(uint32_t c) { return unicode_is_decimal(c); }
static bool cp_digit(uint32_t c) { return cp_decimal(c) || c == 0xB2 || c == 0xB3 || c == 0xB9; }
static bool cp_numeric(uint32_t c) { return cp_digit(c) || (c >= 0xBC && c <= 0xBE); }
static bool cp_alnum(uint32_t c) { return cp_alpha(c) || cp_numeric(c); }

static bool cp_printable(uint32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xAD) return false;
  if ((c >= 0xD800 && c < 0xE000) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) return false;
  if (c != ' ' && cp_space(c)) return false;
  return true;
}

/* -- Case mapping: one code point to up to three ---------------------------------------------------- */
enum { CASE_UPPER, CASE_LOWER, CASE_TITLE, CASE_FOLD };

static int case_map(uint32_t c, int kind, uint32_t out[3]) {
  if (c < 128) {
    bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z';
    out[0] = (kind == CASE_LOWER || kind == CASE_FOLD) ? (up ? c + 32 : c) : (lo ? c - 32 : c);
    return 1;
  }
  if (c == 0xDF && kind != CASE_LOWER) { /* ß */
    out[0] = kind == CASE_FOLD ? 's' : 'S';
    out[1] = kind == CASE_UPPER ? 'S' : 's';
    return 2;
  }
  if (kind == CASE_LOWER || kind == CASE_FOLD) {
    if (c == 0xB5 && kind == CASE_FOLD) { out[0] = 0x3BC; return 1; }
    if (c == 0x130) { out[0] = 'i'; out[1] = 0x307; return 2; } /* İ: i + combining dot above */
    if (c < 256) out[0] = (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 32 : c;
    else out[0] = uloc ? (uint32_t)towlower_l((wint_t)c, uloc) : c;
    return 1;
  }
  if (c < 256) {
    if (c == 0xB5) out[0] = 0x39C;
    else if (c == 0xFF) out[0] = 0x178;
    else out[0] = (c >= 0xE0 && c <= 0xFE && c != 0xF7) ? c - 32 : c;
    return 1;
  }
  if (kind == CASE_TITLE && (c == 0x1C4 || c == 0x1C5 || c == 0x1C6)) { out[0] = 0x1C5; return 1; }
  if (kind == CASE_TITLE && (c == 0x1C7 || c == 0x1C8 || c == 0x1C9)) { out[0] = 0x1C8; return 1; }
  if (kind == CASE_TITLE && (c == 0x1CA || c == 0x1CB || c == 0x1CC)) { out[0] = 0x1CB; return 1; }
  if (kind == CASE_TITLE && (c == 0x1F1 || c == 0x1F2 || c == 0x1F3)) { out[0] = 0x1F2; return 1; }
  out[0] = uloc ? (uint32_t)towupper_l((wint_t)c, uloc) : c;
  return 1;
}

static void put_case(StrBuilder *b, uint32_t c, int kind) {
  uint32_t m[3];
  int n = case_map(c, kind, m);
  for (int i = 0; i < n; i++) put_cp(b, m[i]);
}

/* The case methods share one walker; `how` picks the mapping per character. */
enum { HOW_UPPER, HOW_LOWER, HOW_SWAP, HOW_FOLD, HOW_TITLE, HOW_CAPITALIZE };

static Value case_ascii(Str *s, int how) {
  Str *r = str_alloc((size_t)s->len);
  const unsigned char *p = (const unsigned char *)s->data;
  char *o = r->data;
  bool prev_cased = false;
  for (int64_t i = 0; i < s->len; i++) {
    unsigned c = p[i];
    bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
    bool to_up;
    switch (how) {
      case HOW_UPPER: to_up = true; break;
      case HOW_SWAP: to_up = lo; break;
      case HOW_TITLE: to_up = !prev_cased; prev_cased = up || lo; break;
      case HOW_CAPITALIZE: to_up = i == 0; break;
      default: to_up = false; break;
    }
    o[i] = (char)(to_up ? (lo ? c - 32 : c) : (up ? c + 32 : c));
  }
  str_finish_known(r, s->len, true);
  return OBJ_V(r);
}

static Value case_convert(Str *s, int how) {
  if (str_is_ascii(s)) return case_ascii(s, how);
  StrBuilder b;
  sb_init(&b);
  bool prev_cased = false;
  for (int64_t i = 0, k = 0; i < s->len; k++) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    i += (int64_t)adv;
    int kind;
    switch (how) {
      case HOW_UPPER: kind = CASE_UPPER; break;
      case HOW_LOWER: kind = CASE_LOWER; break;
      case HOW_FOLD: kind = CASE_FOLD; break;
      case HOW_SWAP: kind = cp_upperc(c) ? CASE_LOWER : cp_lowerc(c) ? CASE_UPPER : -1; break;
      case HOW_TITLE: kind = prev_cased ? CASE_LOWER : CASE_TITLE; prev_cased = cp_cased(c); break;
      default: kind = k == 0 ? CASE_TITLE : CASE_LOWER; break;
    }
    if (kind < 0) put_cp(&b, c);
    else put_case(&b, c, kind);
  }
  return str_from_builder(&b);
}

#define CASE_METHOD(fname, how, qual) \
  static Value fname(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)args; \
    if (!exact_args(qual, nargs, kw, 0)) return VNULL; \
    return case_convert(SELF, how); \
  }
CASE_METHOD(m_upper, HOW_UPPER, "str.upper")
CASE_METHOD(m_lower, HOW_LOWER, "str.lower")
CASE_METHOD(m_swapcase, HOW_SWAP, "str.swapcase")
CASE_METHOD(m_casefold, HOW_FOLD, "str.casefold")
CASE_METHOD(m_title, HOW_TITLE, "str.title")
CASE_METHOD(m_capitalize, HOW_CAPITALIZE, "str.capitalize")
#undef CASE_METHOD

/* -- Predicates ------------------------------------------------------------------------------------- */
/* all(pred(c) for c in s) and s != "" */
static Value all_chars(Str *s, bool (*pred)(uint32_t)) {
  if (s->len == 0) return V_FALSE;
  for (int64_t i = 0; i < s->len;) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    if (!pred(c)) return V_FALSE;
    i += (int64_t)adv;
  }
  return V_TRUE;
}

#define PRED_METHOD(fname, pred, qual) \
  static Value fname(Value self, Value *args, int nargs, Tuple *kw) { \
    (void)args; \
    if (!exact_args(qual, nargs, kw, 0)) return VNULL; \
    return all_chars(SELF, pred); \
  }
PRED_METHOD(m_isdigit, cp_digit, "str.isdigit")
PRED_METHOD(m_isdecimal, cp_decimal, "str.isdecimal")
PRED_METHOD(m_isnumeric, cp_numeric, "str.isnumeric")
PRED_METHOD(m_isalpha, cp_alpha, "str.isalpha")
PRED_METHOD(m_isalnum, cp_alnum, "str.isalnum")
PRED_METHOD(m_isspace, cp_space, "str.isspace")
#undef PRED_METHOD

static Value m_isprintable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.isprintable", nargs, kw, 0)) return VNULL;
  if (SELF->len == 0) return V_TRUE;
  Value r = all_chars(SELF, cp_printable);
  return r;
}

static Value m_isascii(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.isascii", nargs, kw, 0)) return VNULL;
  return v_bool(str_is_ascii(SELF));
}

/* isupper/islower: at least one cased character, and none of the other case. */
static Value case_pred(Str *s, bool upper) {
  bool cased = false;
  for (int64_t i = 0; i < s->len;) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    i += (int64_t)adv;
    if (upper ? (cp_lowerc(c) || cp_titlec(c)) : (cp_upperc(c) || cp_titlec(c))) return V_FALSE;
    if (!cased) cased = upper ? cp_upperc(c) : cp_lowerc(c);
  }
  return v_bool(cased);
}

static Value m_isupper(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.isupper", nargs, kw, 0)) return VNULL;
  return case_pred(SELF, true);
}

static Value m_islower(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.islower", nargs, kw, 0)) return VNULL;
  return case_pred(SELF, false);
}

static Value m_istitle(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.istitle", nargs, kw, 0)) return VNULL;
  bool cased = false, prev_cased = false;
  for (int64_t i = 0; i < SELF->len;) {
    size_t adv;
    uint32_t c = utf8_decode(SELF->data + i, &adv);
    i += (int64_t)adv;
    if (cp_upperc(c) || cp_titlec(c)) {
      if (prev_cased) return V_FALSE;
      prev_cased = cased = true;
    } else if (cp_lowerc(c)) {
      if (!prev_cased) return V_FALSE;
      prev_cased = cased = true;
    } else {
      prev_cased = false;
    }
  }
  return v_bool(cased);
}

static bool id_start(uint32_t c) { return c == '_' || (cp_alpha(c) && !(c >= 0xAA && c < 0xC0 && c != 0xAA && c != 0xB5 && c != 0xBA)); }
static bool id_continue(uint32_t c) { return id_start(c) || cp_decimal(c) || c == 0xB7; }

static Value m_isidentifier(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!exact_args("str.isidentifier", nargs, kw, 0)) return VNULL;
  Str *s = SELF;
  if (s->len == 0) return V_FALSE;
  for (int64_t i = 0; i < s->len;) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    if (i == 0 ? !id_start(c) : !id_continue(c)) return V_FALSE;
    i += (int64_t)adv;
  }
  return V_TRUE;
}

/* -- Searching ---------------------------------------------------------------------------------------- */
/* Last occurrence of n[0..nl) in h[0..hl), or NULL. */
static const char *memrmem(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl == 0) return h + hl;
  if (nl > hl) return NULL;
  if (nl == 1) return memrchr(h, n[0], hl);
  const char *p = h + hl - nl;
  for (;;) {
    const char *q = memrchr(h, n[0], (size_t)(p - h) + 1);
    if (!q) return NULL;
    if (memcmp(q, n, nl) == 0) return q;
    if (q == h) return NULL;
    p = q - 1;
  }
}

static inline const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl == 1) return memchr(h, n[0], hl);
  return memmem(h, hl, n, nl);
}

/* Parses (sub, start, end): the code-point window after CPython's index adjustment and, unless
   the window cannot hold the needle (`none`: not found), its byte bounds [bs, be). */
typedef struct Window { Str *sub; int64_t cstart, cend, bs, be; bool none; } Window;

static bool search_window(const char *name, Str *s, Value *args, int nargs, Tuple *kw, Window *w) {
  int64_t start = 0, end = INT64_MAX / 2;
  if (!search_args(name, nargs, kw)) return false;
  if (!IS_STR(args[0])) { must_be_str(args[0]); return false; }
  if (nargs > 1 && !opt_index(args[1], &start)) return false;
  if (nargs > 2 && !opt_index(args[2], &end)) return false;
  adjust(&start, &end, s->nchars);
  w->sub = V_AS(Str, args[0]);
  w->cstart = start;
  w->cend = end;
  w->none = end - start < w->sub->nchars;
  if (w->none) return true;
  w->bs = byte_at(s, start);
  w->be = byte_at(s, end);
  return true;
}

static Value find_impl(const char *name, Value self, Value *args, int nargs, Tuple *kw, bool rev, bool raise) {
  Window w;
  if (!search_window(name, SELF, args, nargs, kw, &w)) return VNULL;
  int64_t r = -1;
  if (!w.none) {
    const char *h = SELF->data + w.bs;
    size_t hl = (size_t)(w.be - w.bs);
    const char *p = rev ? memrmem(h, hl, w.sub->data, (size_t)w.sub->len)
                        : (w.sub->len == 0 ? h : find_bytes(h, hl, w.sub->data, (size_t)w.sub->len));
    if (p) r = char_index(SELF, p - SELF->data);
  }
  if (r < 0 && raise) return err_format(Exc_ValueError, "substring not found");
  return v_from_int(r);
}

static Value m_find(Value self, Value *a, int n, Tuple *k) { return find_impl("find", self, a, n, k, false, false); }
static Value m_rfind(Value self, Value *a, int n, Tuple *k) { return find_impl("rfind", self, a, n, k, true, false); }
static Value m_index(Value self, Value *a, int n, Tuple *k) { return find_impl("index", self, a, n, k, false, true); }
static Value m_rindex(Value self, Value *a, int n, Tuple *k) { return find_impl("rindex", self, a, n, k, true, true); }

static int64_t count_bytes(const char *h, size_t hl, const char *n, size_t nl, int64_t max) {
  int64_t c = 0;
  const char *end = h + hl;
  while (c < max) {
    const char *p = find_bytes(h, (size_t)(end - h), n, nl);
    if (!p) break;
    c++;
    h = p + nl;
  }
  return c;
}

static Value m_count(Value self, Value *args, int nargs, Tuple *kw) {
  Window w;
  if (!search_window("count", SELF, args, nargs, kw, &w)) return VNULL;
  if (w.none) return v_from_int(0);
  if (w.sub->len == 0) return v_from_int(w.cend - w.cstart + 1);
  return v_from_int(count_bytes(SELF->data + w.bs, (size_t)(w.be - w.bs), w.sub->data, (size_t)w.sub->len, INT64_MAX));
}

static Value tail_match(const char *name, Value self, Value *args, int nargs, Tuple *kw, bool end_side) {
  int64_t start = 0, end = INT64_MAX / 2;
  if (!search_args(name, nargs, kw)) return VNULL;
  Value pre = args[0];
  if (!IS_STR(pre) && !IS_TUPLE(pre))
    return err_format(Exc_TypeError, "%s first arg must be str or a tuple of str, not %s", name, type_name(v_type(pre)));
  if (nargs > 1 && !opt_index(args[1], &start)) return VNULL;
  if (nargs > 2 && !opt_index(args[2], &end)) return VNULL;
  Str *s = SELF;
  adjust(&start, &end, s->nchars);
  int64_t n = IS_STR(pre) ? 1 : V_AS(Tuple, pre)->len;
  for (int64_t i = 0; i < n; i++) {
    Value p = IS_STR(pre) ? pre : V_AS(Tuple, pre)->items[i];
    if (!IS_STR(p))
      return err_format(Exc_TypeError, "tuple for %s must only contain str, not %s", name, type_name(v_type(p)));
    Str *ps = V_AS(Str, p);
    if (end - start < ps->nchars || start > s->nchars) continue;
    int64_t bs = byte_at(s, start), be = byte_at(s, end);
    if (be - bs < ps->len) continue;
    const char *at = end_side ? s->data + be - ps->len : s->data + bs;
    if (memcmp(at, ps->data, (size_t)ps->len) == 0) return V_TRUE;
  }
  return V_FALSE;
}

static Value m_startswith(Value self, Value *a, int n, Tuple *k) { return tail_match("startswith", self, a, n, k, false); }
static Value m_endswith(Value self, Value *a, int n, Tuple *k) { return tail_match("endswith", self, a, n, k, true); }

/* -- replace -------------------------------------------------------------------------------------------- */
static Value replace_empty(Str *s, Str *rep, int64_t count) {
  int64_t n = s->nchars + 1;
  if (count >= 0 && count < n) n = count;
  if (n == 0) return OBJ_V(s);
  int64_t len = s->len + n * rep->len;
  if (len > STR_BYTES_MAX) return err_no_memory();
  Str *r = str_alloc((size_t)len);
  char *o = r->data;
  int64_t i = 0;
  for (int64_t k = 0; k < n; k++) {
    memcpy(o, rep->data, (size_t)rep->len);
    o += rep->len;
    if (i < s->len) {
      size_t adv = lead_len((unsigned char)s->data[i]);
      memcpy(o, s->data + i, adv);
      o += adv;
      i += (int64_t)adv;
    }
  }
  memcpy(o, s->data + i, (size_t)(s->len - i));
  str_finish_known(r, s->nchars + n * rep->nchars, str_is_ascii(s) && str_is_ascii(rep));
  return OBJ_V(r);
}

static Value str_replace(Str *s, Str *old, Str *rep, int64_t count) {
  if (count == 0) return OBJ_V(s);
  if (old->len == 0) return replace_empty(s, rep, count);
  int64_t n = count_bytes(s->data, (size_t)s->len, old->data, (size_t)old->len, count < 0 ? INT64_MAX : count);
  if (n == 0) return OBJ_V(s);
  int64_t len = s->len + n * (rep->len - old->len);
  if (len > STR_BYTES_MAX) return err_no_memory();
  if (len == 0) return OBJ_V(str_empty());
  Str *r = str_alloc((size_t)len);
  char *o = r->data;
  const char *p = s->data, *end = s->data + s->len;
  for (int64_t k = 0; k < n; k++) {
    const char *q = find_bytes(p, (size_t)(end - p), old->data, (size_t)old->len);
    memcpy(o, p, (size_t)(q - p));
    o += q - p;
    memcpy(o, rep->data, (size_t)rep->len);
    o += rep->len;
    p = q + old->len;
  }
  memcpy(o, p, (size_t)(end - p));
  bool ascii = str_is_ascii(s) && str_is_ascii(rep);
  str_finish_known(r, s->nchars + n * (rep->nchars - old->nchars), ascii);
  return OBJ_V(r);
}

static Value m_replace(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok("replace", nargs, kw, 2, 3)) return VNULL;
  for (int i = 0; i < 2; i++)
    if (!IS_STR(args[i]))
      return err_format(Exc_TypeError, "replace() argument %d must be str, not %s", i + 1, type_name(v_type(args[i])));
  int64_t count = -1;
  if (nargs > 2 && !int_arg(args[2], &count)) return VNULL;
  return str_replace(SELF, V_AS(Str, args[0]), V_AS(Str, args[1]), count);
}

/* -- split and friends ------------------------------------------------------------------------------------ */
/* Whitespace at byte i (a code-point boundary): its byte length, or 0. */
static size_t space_at(const char *p, int64_t i) {
  unsigned char c = (unsigned char)p[i];
  if (c < 0x80) return cp_space(c) ? 1 : 0;
  size_t adv;
  uint32_t cp = utf8_decode(p + i, &adv);
  return cp_space(cp) ? adv : 0;
}

/* Whitespace ending just before byte i: its byte length, or 0. */
static size_t space_before(const char *p, int64_t i) {
  int64_t j = i - 1;
  while (j > 0 && IS_CONT(p[j])) j--;
  return space_at(p, j) ? (size_t)(i - j) : 0;
}

static bool split_args(const char *name, Value *args, int nargs, Tuple *kw, Value *sep, int64_t *maxsplit) {
  static const char *const names[] = {"sep", "maxsplit"};
  Value out[2];
  if (!args_parse(name, args, nargs, kw, names, 0, 2, out)) return false;
  *sep = out[0] ? out[0] : V_NONE;
  *maxsplit = -1;
  if (*sep != V_NONE && !IS_STR(*sep)) {
    err_format(Exc_TypeError, "must be str or None, not %s", type_name(v_type(*sep)));
    return false;
  }
  if (*sep != V_NONE && STR_LEN(*sep) == 0) {
    err_format(Exc_ValueError, "empty separator");
    return false;
  }
  if (out[1] && !int_arg(out[1], maxsplit)) return false;
  if (*maxsplit < 0) *maxsplit = INT64_MAX;
  return true;
}

static Value split_ws(Str *s, int64_t maxsplit) {
  List *l = list_new(0);
  const char *p = s->data;
  int64_t n = s->len, i = 0;
  size_t w;
  while (true) {
    while (i < n && (w = space_at(p, i))) i += (int64_t)w;
    if (i >= n) break;
    if (maxsplit-- == 0) {
      list_append(l, sub(s, i, n));
      break;
    }
    int64_t j = i;
    while (j < n && !space_at(p, j)) j += (int64_t)lead_len((unsigned char)p[j]);
    list_append(l, sub(s, i, j));
    i = j;
  }
  return OBJ_V(l);
}

static Value split_sep(Str *s, Str *sep, int64_t maxsplit) {
  List *l = list_new(0);
  const char *p = s->data, *end = s->data + s->len;
  while (maxsplit-- > 0) {
    const char *q = find_bytes(p, (size_t)(end - p), sep->data, (size_t)sep->len);
    if (!q) break;
    list_append(l, sub(s, p - s->data, q - s->data));
    p = q + sep->len;
  }
  list_append(l, sub(s, p - s->data, s->len));
  return OBJ_V(l);
}

static Value m_split(Value self, Value *args, int nargs, Tuple *kw) {
  Value sep;
  int64_t maxsplit;
  if (!split_args("split", args, nargs, kw, &sep, &maxsplit)) return VNULL;
  if (sep == V_NONE) return split_ws(SELF, maxsplit);
  return split_sep(SELF, V_AS(Str, sep), maxsplit);
}

static void list_reverse_items(List *l) {
  for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
    Value t = l->items[i];
    l->items[i] = l->items[j];
    l->items[j] = t;
  }
}

static Value rsplit_ws(Str *s, int64_t maxsplit) {
  List *l = list_new(0);
  const char *p = s->data;
  int64_t e = s->len;
  size_t w;
  while (true) {
    while (e > 0 && (w = space_before(p, e))) e -= (int64_t)w;
    if (e <= 0) break;
    if (maxsplit-- == 0) {
      list_append(l, sub(s, 0, e));
      break;
    }
    int64_t j = e;
    while (j > 0 && !space_before(p, j)) { j--; while (j > 0 && IS_CONT(p[j])) j--; }
    list_append(l, sub(s, j, e));
    e = j;
  }
  list_reverse_items(l);
  return OBJ_V(l);
}

static Value rsplit_sep(Str *s, Str *sep, int64_t maxsplit) {
  List *l = list_new(0);
  int64_t e = s->len;
  while (maxsplit-- > 0) {
    const char *q = memrmem(s->data, (size_t)e, sep->data, (size_t)sep->len);
    if (!q) break;
    list_append(l, sub(s, q - s->data + sep->len, e));
    e = q - s->data;
  }
  list_append(l, sub(s, 0, e));
  list_reverse_items(l);
  return OBJ_V(l);
}

static Value m_rsplit(Value self, Value *args, int nargs, Tuple *kw) {
  Value sep;
  int64_t maxsplit;
  if (!split_args("rsplit", args, nargs, kw, &sep, &maxsplit)) return VNULL;
  if (sep == V_NONE) return rsplit_ws(SELF, maxsplit);
  return rsplit_sep(SELF, V_AS(Str, sep), maxsplit);
}

/* Line break at byte i: its length (2 for \r\n), or 0. */
static size_t linebreak_at(const char *p, int64_t i, int64_t n) {
  unsigned char c = (unsigned char)p[i];
  if (c == '\r') return (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
  if (c == '\n' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E)) return 1;
  if (c < 0x80) return 0;
  size_t adv;
  uint32_t cp = utf8_decode(p + i, &adv);
  return (cp == 0x85 || cp == 0x2028 || cp == 0x2029) ? adv : 0;
}

static Value m_splitlines(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"keepends"};
  Value out[1];
  if (!args_parse("splitlines", args, nargs, kw, names, 0, 1, out)) return VNULL;
  bool keep = false;
  if (out[0]) {
    int64_t k;
    if (IS_FLOAT(out[0]) || !int_arg(out[0], &k)) {
      if (!err_occurred()) err_format(Exc_TypeError, "'float' object cannot be interpreted as an integer");
      return VNULL;
    }
    keep = k != 0;
  }
  Str *s = SELF;
  List *l = list_new(0);
  const char *p = s->data;
  int64_t n = s->len, start = 0, i = 0;
  while (i < n) {
    size_t br = linebreak_at(p, i, n);
    if (!br) { i += (int64_t)lead_len((unsigned char)p[i]); continue; }
    list_append(l, sub(s, start, keep ? i + (int64_t)br : i));
    i += (int64_t)br;
    start = i;
  }
  if (start < n) list_append(l, sub(s, start, n));
  return OBJ_V(l);
}

static Value partition(Value self, Value sepv, bool rev) {
  if (!IS_STR(sepv)) return must_be_str(sepv);
  Str *s = SELF, *sep = V_AS(Str, sepv);
  if (sep->len == 0) return err_format(Exc_ValueError, "empty separator");
  const char *q = rev ? memrmem(s->data, (size_t)s->len, sep->data, (size_t)sep->len)
                      : find_bytes(s->data, (size_t)s->len, sep->data, (size_t)sep->len);
  Value e = OBJ_V(str_empty());
  if (!q) return rev ? tuple_pack(3, e, e, self) : tuple_pack(3, self, e, e);
  int64_t at = q - s->data;
  Value a = sub(s, 0, at), b = sub(s, at + sep->len, s->len);
  return tuple_pack(3, a, sepv, b);
}

static Value m_partition(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.partition", nargs, kw, 1)) return VNULL;
  return partition(self, args[0], false);
}

static Value m_rpartition(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.rpartition", nargs, kw, 1)) return VNULL;
  return partition(self, args[0], true);
}

/* -- join ------------------------------------------------------------------------------------------------ */
Value str_join(Value sepv, Value iterable) {
  Str *sep = V_AS(Str, sepv);
  Value *items;
  int64_t n;
  if (IS_LIST(iterable)) { items = V_AS(List, iterable)->items; n = V_AS(List, iterable)->len; }
  else if (IS_TUPLE(iterable)) { items = V_AS(Tuple, iterable)->items; n = V_AS(Tuple, iterable)->len; }
  else {
    if (!v_is_obj(iterable) || (!v_type(iterable)->iter && !type_lookup(v_type(iterable), N.__iter__) &&
                                !v_type(iterable)->getitem && !type_lookup(v_type(iterable), N.__getitem__)))
      return err_format(Exc_TypeError, "can only join an iterable");
    List *l = list_from_iterable(iterable);
    if (!l) return VNULL;
    items = l->items;
    n = l->len;
  }
  if (n == 0) return OBJ_V(str_empty());
  if (n == 1 && IS_STR(items[0])) return items[0];
  int64_t len = sep->len * (n - 1), nchars = sep->nchars * (n - 1);
  bool ascii = str_is_ascii(sep);
  for (int64_t i = 0; i < n; i++) {
    if (!IS_STR(items[i]))
      return err_format(Exc_TypeError, "sequence item %lld: expected str instance, %s found", (long long)i,
                        type_name(v_type(items[i])));
    Str *x = V_AS(Str, items[i]);
    len += x->len;
    nchars += x->nchars;
    ascii = ascii && str_is_ascii(x);
  }
  if (len == 0) return OBJ_V(str_empty());
  Str *r = str_alloc((size_t)len);
  char *o = r->data;
  for (int64_t i = 0; i < n; i++) {
    if (i && sep->len) { memcpy(o, sep->data, (size_t)sep->len); o += sep->len; }
    Str *x = V_AS(Str, items[i]);
    memcpy(o, x->data, (size_t)x->len);
    o += x->len;
  }
  str_finish_known(r, nchars, ascii);
  return OBJ_V(r);
}

static Value m_join(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.join", nargs, kw, 1)) return VNULL;
  return str_join(self, args[0]);
}

/* -- strip --------------------------------------------------------------------------------------------- */
enum { STRIP_LEFT = 1, STRIP_RIGHT = 2 };

static bool in_chars(Str *chars, const bool *table, const char *p, int64_t i, size_t *adv) {
  unsigned char c = (unsigned char)p[i];
  if (c < 0x80) { *adv = 1; return table[c]; }
  uint32_t cp = utf8_decode(p + i, adv);
  char buf[4];
  size_t n = utf8_encode(cp, buf);
  return memmem(chars->data, (size_t)chars->len, buf, n) != NULL;
}

static Value do_strip(Value self, Value *args, int nargs, Tuple *kw, const char *name, int how) {
  if (!nargs_ok(name, nargs, kw, 0, 1)) return VNULL;
  Str *s = SELF;
  const char *p = s->data;
  int64_t b = 0, e = s->len;
  if (nargs == 0 || args[0] == V_NONE) {
    size_t w;
    if (how & STRIP_LEFT) while (b < e && (w = space_at(p, b))) b += (int64_t)w;
    if (how & STRIP_RIGHT) while (e > b && (w = space_before(p, e))) e -= (int64_t)w;
    return sub(s, b, e);
  }
  if (!IS_STR(args[0])) return err_format(Exc_TypeError, "%s arg must be None or str", name);
  Str *chars = V_AS(Str, args[0]);
  bool table[128] = {false};
  for (int64_t i = 0; i < chars->len; i++)
    if ((unsigned char)chars->data[i] < 0x80) table[(unsigned char)chars->data[i]] = true;
  size_t adv;
  if (how & STRIP_LEFT) while (b < e && in_chars(chars, table, p, b, &adv)) b += (int64_t)adv;
  if (how & STRIP_RIGHT) {
    while (e > b) {
      int64_t j = e - 1;
      while (j > b && IS_CONT(p[j])) j--;
      if (!in_chars(chars, table, p, j, &adv)) break;
      e = j;
    }
  }
  return sub(s, b, e);
}

static Value m_strip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "strip", STRIP_LEFT | STRIP_RIGHT); }
static Value m_lstrip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "lstrip", STRIP_LEFT); }
static Value m_rstrip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "rstrip", STRIP_RIGHT); }

static Value m_removeprefix(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.removeprefix", nargs, kw, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "removeprefix() argument must be str, not %s", type_name(v_type(args[0])));
  Str *s = SELF, *p = V_AS(Str, args[0]);
  if (p->len && p->len <= s->len && memcmp(s->data, p->data, (size_t)p->len) == 0)
    return sub_chars(s, p->len, s->len, s->nchars - p->nchars);
  return self;
}

static Value m_removesuffix(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.removesuffix", nargs, kw, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "removesuffix() argument must be str, not %s", type_name(v_type(args[0])));
  Str *s = SELF, *p = V_AS(Str, args[0]);
  if (p->len && p->len <= s->len && memcmp(s->data + s->len - p->len, p->data, (size_t)p->len) == 0)
    return sub_chars(s, 0, s->len - p->len, s->nchars - p->nchars);
  return self;
}

/* -- Padding ------------------------------------------------------------------------------------------- */
static bool fill_arg(Value *args, int nargs, int i, char fill[4], size_t *flen) {
  if (nargs <= i) { fill[0] = ' '; *flen = 1; return true; }
  Value f = args[i];
  if (!IS_STR(f)) {
    err_format(Exc_TypeError, "The fill character must be a unicode character, not %s", type_name(v_type(f)));
    return false;
  }
  if (V_AS(Str, f)->nchars != 1) {
    err_format(Exc_TypeError, "The fill character must be exactly one character long");
    return false;
  }
  *flen = (size_t)STR_LEN(f);
  memcpy(fill, STR_DATA(f), *flen);
  return true;
}

static Value pad(Str *s, int64_t left, int64_t right, const char *fill, size_t flen) {
  if (left < 0) left = 0;
  if (right < 0) right = 0;
  if (left == 0 && right == 0) return OBJ_V(s);
  int64_t len = s->len + (left + right) * (int64_t)flen;
  if (len > STR_BYTES_MAX) return err_no_memory();
  Str *r = str_alloc((size_t)len);
  char *o = r->data;
  for (int64_t i = 0; i < left; i++, o += flen) memcpy(o, fill, flen);
  memcpy(o, s->data, (size_t)s->len);
  o += s->len;
  for (int64_t i = 0; i < right; i++, o += flen) memcpy(o, fill, flen);
  str_finish_known(r, s->nchars + left + right, str_is_ascii(s) && flen == 1 && (unsigned char)fill[0] < 0x80);
  return OBJ_V(r);
}

static Value justify(const char *name, Value self, Value *args, int nargs, Tuple *kw, int where) {
  if (!nargs_ok(name, nargs, kw, 1, 2)) return VNULL;
  int64_t width;
  if (!int_arg(args[0], &width)) return VNULL;
  char fill[4];
  size_t flen;
  if (!fill_arg(args, nargs, 1, fill, &flen)) return VNULL;
  Str *s = SELF;
  int64_t marg = width - s->nchars;
  if (marg <= 0) return self;
  if (where < 0) return pad(s, 0, marg, fill, flen);
  if (where > 0) return pad(s, marg, 0, fill, flen);
  int64_t left = marg / 2 + (marg & width & 1);
  return pad(s, left, marg - left, fill, flen);
}

static Value m_ljust(Value self, Value *a, int n, Tuple *k) { return justify("ljust", self, a, n, k, -1); }
static Value m_rjust(Value self, Value *a, int n, Tuple *k) { return justify("rjust", self, a, n, k, 1); }
static Value m_center(Value self, Value *a, int n, Tuple *k) { return justify("center", self, a, n, k, 0); }

static Value m_zfill(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.zfill", nargs, kw, 1)) return VNULL;
  int64_t width;
  if (!int_arg(args[0], &width)) return VNULL;
  Str *s = SELF;
  if (width <= s->nchars) return self;
  Value r = pad(s, width - s->nchars, 0, "0", 1);
  if (!r) return VNULL;
  Str *rs = V_AS(Str, r);
  int64_t fill = width - s->nchars;
  if (s->len && (s->data[0] == '+' || s->data[0] == '-')) {
    rs->data[0] = s->data[0];
    rs->data[fill] = '0';
  }
  return r;
}

static Value m_expandtabs(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"tabsize"};
  Value out[1];
  if (!args_parse("expandtabs", args, nargs, kw, names, 0, 1, out)) return VNULL;
  int64_t tab = 8;
  if (out[0] && !int_arg(out[0], &tab)) return VNULL;
  Str *s = SELF;
  if (!memchr(s->data, '\t', (size_t)s->len)) return self;
  StrBuilder b;
  sb_init(&b);
  int64_t col = 0;
  for (int64_t i = 0; i < s->len; i++) {
    char c = s->data[i];
    if (c == '\t') {
      if (tab > 0) {
        int64_t n = tab - col % tab;
        for (int64_t k = 0; k < n; k++) sb_putc(&b, ' ');
        col += n;
      }
      continue;
    }
    sb_putc(&b, c);
    if (c == '\n' || c == '\r') col = 0;
    else if (!IS_CONT(c)) col++;
  }
  return str_from_builder(&b);
}

/* -- encode, format, translate ---------------------------------------------------------------------------- */
static Value m_encode(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"encoding", "errors"};
  Value out[2];
  if (!args_parse("encode", args, nargs, kw, names, 0, 2, out)) return VNULL;
  for (int i = 0; i < 2; i++)
    if (out[i] && !IS_STR(out[i]))
      return err_format(Exc_TypeError, "encode() argument '%s' must be str, not %s", names[i], type_name(v_type(out[i])));
  return codec_encode(SELF, out[0] ? STR_DATA(out[0]) : "utf-8", out[1] ? STR_DATA(out[1]) : "strict");
}

static Value m_format(Value self, Value *args, int nargs, Tuple *kw) { return str_format_method(self, args, nargs, kw); }

static Value m_dunder_format(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok("__format__", nargs, kw, 1, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "__format__() argument must be str, not %s", type_name(v_type(args[0])));
  if (STR_LEN(args[0]) == 0) return self;
  return obj_format(self, args[0]);
}

/* str.maketrans(x[, y[, z]]): a dict from code points to code points, strings or None. */
static Value m_maketrans(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!nargs_ok("maketrans", nargs, kw, 1, 3)) return VNULL;
  Dict *d = dict_new();
  if (nargs == 1) {
    if (!IS_DICT(args[0]))
      return err_format(Exc_TypeError, "if you give only one argument to maketrans it must be a dict");
    int64_t pos = 0;
    Value k, v;
    Dict *src = V_AS(Dict, args[0]);
    while (dict_next(src, &pos, &k, &v)) {
      if (IS_STR(k)) {
        if (V_AS(Str, k)->nchars != 1)
          return err_format(Exc_ValueError, "string keys in translate table must be of length 1");
        size_t adv;
        k = v_from_int(utf8_decode(STR_DATA(k), &adv));
      } else if (!v_isinstance(k, &Type_int)) {
        return err_format(Exc_TypeError, "keys in translate table must be strings or integers");
      }
      if (!dict_set(d, k, v)) return VNULL;
    }
    return OBJ_V(d);
  }
  if (!IS_STR(args[0]) || !IS_STR(args[1]))
    return err_format(Exc_TypeError, "maketrans() argument %d must be str, not %s", IS_STR(args[0]) ? 2 : 1,
                      type_name(v_type(IS_STR(args[0]) ? args[1] : args[0])));
  Str *x = V_AS(Str, args[0]), *y = V_AS(Str, args[1]);
  if (x->nchars != y->nchars)
    return err_format(Exc_ValueError, "the first two maketrans arguments must have equal length");
  for (int64_t i = 0, j = 0; i < x->len;) {
    size_t a1, a2;
    uint32_t cx = utf8_decode(x->data + i, &a1), cy = utf8_decode(y->data + j, &a2);
    if (!dict_set(d, v_from_int(cx), v_from_int(cy))) return VNULL;
    i += (int64_t)a1;
    j += (int64_t)a2;
  }
  if (nargs == 3) {
    if (!IS_STR(args[2]))
      return err_format(Exc_TypeError, "maketrans() argument 3 must be str, not %s", type_name(v_type(args[2])));
    Str *z = V_AS(Str, args[2]);
    for (int64_t i = 0; i < z->len;) {
      size_t a;
      uint32_t c = utf8_decode(z->data + i, &a);
      if (!dict_set(d, v_from_int(c), V_NONE)) return VNULL;
      i += (int64_t)a;
    }
  }
  return OBJ_V(d);
}

static Value m_translate(Value self, Value *args, int nargs, Tuple *kw) {
  if (!exact_args("str.translate", nargs, kw, 1)) return VNULL;
  Value table = args[0];
  Str *s = SELF;
  StrBuilder b;
  sb_init(&b);
  for (int64_t i = 0; i < s->len;) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    Value r = obj_getitem(table, v_from_int(c));
    if (!r) {
      if (!err_matches(Exc_LookupError)) { sb_free(&b); return VNULL; }
      err_clear();
      sb_put(&b, s->data + i, adv);
    } else if (r == V_NONE) {
    } else if (v_is_int(r)) {
      int64_t k = v_int(r);
      if (k < 0 || k > 0x10FFFF) {
        sb_free(&b);
        return err_format(Exc_ValueError, "character mapping must be in range(0x110000)");
      }
      put_cp(&b, (uint32_t)k);
    } else if (IS_STR(r)) {
      sb_putstr(&b, r);
    } else {
      sb_free(&b);
      return err_format(Exc_TypeError, "character mapping must return integer, None or str");
    }
    i += (int64_t)adv;
  }
  return str_from_builder(&b);
}

/* -- Slots ---------------------------------------------------------------------------------------------- */
static Value str_repr_slot(Value v) { return str_repr_of(V_AS(Str, v)); }
static Value str_str_slot(Value v) { return v; }
static bool str_hash_slot(Value v, int64_t *out) { *out = str_hash(V_AS(Str, v)); return true; }
static int64_t str_len_slot(Value v) { return V_AS(Str, v)->nchars; }

static Value str_richcompare(Value a, Value b, int op) {
  if (!IS_STR(a) || !IS_STR(b)) return V_NOTIMPL;
  Str *x = V_AS(Str, a), *y = V_AS(Str, b);
  if (op == CMP_EQ) return v_bool(str_eq(x, y));
  if (op == CMP_NE) return v_bool(!str_eq(x, y));
  int64_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->data, y->data, (size_t)n);
  if (c == 0) c = (x->len > y->len) - (x->len < y->len);
  switch (op) {
    case CMP_LT: return v_bool(c < 0);
    case CMP_LE: return v_bool(c <= 0);
    case CMP_GT: return v_bool(c > 0);
    default: return v_bool(c >= 0);
  }
}

static int str_contains(Value c, Value v) {
  if (!IS_STR(v)) {
    err_format(Exc_TypeError, "'in <string>' requires string as left operand, not %s", type_name(v_type(v)));
    return -1;
  }
  Str *s = V_AS(Str, c), *n = V_AS(Str, v);
  if (n->len == 0) return 1;
  return find_bytes(s->data, (size_t)s->len, n->data, (size_t)n->len) != NULL;
}

static Value m_contains(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok("__contains__", nargs, kw, 1, 1)) return VNULL;
  int r = str_contains(self, args[0]);
  return r < 0 ? VNULL : v_bool(r);
}

static Value str_slice(Str *s, Slice *sl) {
  int64_t start, stop, step, n;
  if (!slice_indices(sl, s->nchars, &start, &stop, &step, &n)) return VNULL;
  if (n <= 0) return OBJ_V(str_empty());
  if (step == 1) {
    int64_t b = byte_at(s, start), e = byte_at(s, start + n);
    return sub_chars(s, b, e, n);
  }
  if (str_is_ascii(s)) {
    Str *r = str_alloc((size_t)n);
    for (int64_t i = 0, k = start; i < n; i++, k += step) r->data[i] = s->data[k];
    str_finish_known(r, n, true);
    return OBJ_V(r);
  }
  StrBuilder b;
  sb_init(&b);
  for (int64_t i = 0, k = start; i < n; i++, k += step) {
    int64_t bo = byte_at(s, k);
    sb_put(&b, s->data + bo, lead_len((unsigned char)s->data[bo]));
  }
  return str_from_builder(&b);
}

Value str_getitem(Value c, Value k) {
  Str *s = V_AS(Str, c);
  int64_t i;
  if (v_is_int(k)) i = v_int(k);
  else if (v_is(k, &Type_slice)) return str_slice(s, V_AS(Slice, k));
  else if (v_isinstance(k, &Type_int) || type_lookup(v_type(k), N.__index__)) {
    if (!index_of(k, &i)) return VNULL;
  } else {
    return err_format(Exc_TypeError, "string indices must be integers, not '%s'", type_name(v_type(k)));
  }
  if (i < 0) i += s->nchars;
  if (i < 0 || i >= s->nchars) return err_format(Exc_IndexError, "string index out of range");
  if (str_is_ascii(s)) return OBJ_V(str_char((unsigned char)s->data[i]));
  int64_t bo = byte_at(s, i);
  size_t adv;
  return str_from_codepoint(utf8_decode(s->data + bo, &adv));
}

static Value m_getitem(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok("__getitem__", nargs, kw, 1, 1)) return VNULL;
  return str_getitem(self, args[0]);
}

Value str_repeat(Str *s, int64_t n) {
  if (n <= 0 || s->len == 0) return OBJ_V(str_empty());
  if (n == 1) return OBJ_V(s);
  if (s->len > STR_BYTES_MAX / n) return err_no_memory();
  int64_t len = s->len * n;
  Str *r = str_alloc((size_t)len);
  if (s->len == 1) memset(r->data, s->data[0], (size_t)len);
  else {
    memcpy(r->data, s->data, (size_t)s->len);
    int64_t done = s->len;
    while (done < len) {
      int64_t k = done <= len - done ? done : len - done;
      memcpy(r->data + done, r->data, (size_t)k);
      done += k;
    }
  }
  str_finish_known(r, s->nchars * n, str_is_ascii(s));
  return OBJ_V(r);
}

/* The other operand of str * x: an int, NotImplemented for a class that may have __rmul__. */
static Value repeat_by(Value s, Value n) {
  if (v_is_int(n)) return str_repeat(V_AS(Str, s), v_int(n));
  Type *t = v_type(n);
  if (v_isinstance(n, &Type_int) || type_lookup(t, N.__index__)) {
    int64_t k;
    if (!index_of(n, &k)) {
      if (err_matches(Exc_IndexError)) {
        err_clear();
        return err_format(Exc_OverflowError, "cannot fit '%s' into an index-sized integer", type_name(t));
      }
      return VNULL;
    }
    return str_repeat(V_AS(Str, s), k);
  }
  if ((t->flags & TPF_HEAPTYPE) && type_lookup(t, s_rmul)) return V_NOTIMPL;
  return err_format(Exc_TypeError, "can't multiply sequence by non-int of type '%s'", type_name(t));
}

Value str_binop(int op, Value a, Value b) {
  if (op >= BINOP__COUNT) op -= BINOP__COUNT;
  switch (op) {
    case OP_Add:
      if (!IS_STR(a)) return V_NOTIMPL;
      if (IS_STR(b)) return str_concat(a, b);
      if ((v_type(b)->flags & TPF_HEAPTYPE) && type_lookup(v_type(b), s_radd)) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can only concatenate str (not \"%s\") to str", type_name(v_type(b)));
    case OP_Mult:
      if (IS_STR(a)) return repeat_by(a, b);
      if ((v_type(a)->flags & TPF_HEAPTYPE) && !v_isinstance(a, &Type_int)) return V_NOTIMPL;
      return repeat_by(b, a);
    case OP_Mod:
      if (!IS_STR(a)) return V_NOTIMPL;
      return str_mod(a, b);
    default:
      return V_NOTIMPL;
  }
}

#define BINOP_METHOD(fname, op, swap) \
  static Value fname(Value self, Value *args, int nargs, Tuple *kw) { \
    if (!nargs_ok(#fname, nargs, kw, 1, 1)) return VNULL; \
    if (op == OP_Mod && swap && !IS_STR(args[0])) return V_NOTIMPL; \
    if (op == OP_Add && !IS_STR(args[0])) return V_NOTIMPL; \
    if (op == OP_Mult && !v_isinstance(args[0], &Type_int) && !type_lookup(v_type(args[0]), N.__index__)) \
      return V_NOTIMPL; \
    return swap ? str_binop(op, args[0], self) : str_binop(op, self, args[0]); \
  }
BINOP_METHOD(m_add, OP_Add, false)
BINOP_METHOD(m_mul, OP_Mult, false)
BINOP_METHOD(m_rmul, OP_Mult, true)
BINOP_METHOD(m_mod, OP_Mod, false)
BINOP_METHOD(m_rmod, OP_Mod, true)
#undef BINOP_METHOD

static Value m_len(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__len__", nargs, kw, 0, 0)) return VNULL;
  return v_from_int(SELF->nchars);
}

static Value m_hash(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__hash__", nargs, kw, 0, 0)) return VNULL;
  return int_from_i64(str_hash(SELF));
}

static Value m_repr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__repr__", nargs, kw, 0, 0)) return VNULL;
  return str_repr_of(SELF);
}

static Value m_str(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__str__", nargs, kw, 0, 0)) return VNULL;
  return self;
}

#define CMP_METHOD(fname, op) \
  static Value fname(Value self, Value *args, int nargs, Tuple *kw) { \
    if (!nargs_ok(#fname, nargs, kw, 1, 1)) return VNULL; \
    return str_richcompare(self, args[0], op); \
  }
CMP_METHOD(m_eq, CMP_EQ)
CMP_METHOD(m_ne, CMP_NE)
CMP_METHOD(m_lt, CMP_LT)
CMP_METHOD(m_le, CMP_LE)
CMP_METHOD(m_gt, CMP_GT)
CMP_METHOD(m_ge, CMP_GE)
#undef CMP_METHOD

/* -- Iteration ------------------------------------------------------------------------------------------- */
typedef struct StrIter { Obj h; Str *s; int64_t pos; } StrIter; /* pos: byte offset */

static void stritem_traverse(Obj *o, VisitFn visit) { visit((Value *)&((StrIter *)o)->s); }

static Value str_iter(Value v) {
  StrIter *it = (StrIter *)gc_alloc(&Type_str_iterator, sizeof(StrIter));
  it->s = V_AS(Str, v);
  return OBJ_V(it);
}

static Value stritem_next(Value v) {
  StrIter *it = V_AS(StrIter, v);
  Str *s = it->s;
  if (it->pos >= s->len) return VNULL;
  unsigned char c = (unsigned char)s->data[it->pos];
  if (c < 0x80) { it->pos++; return OBJ_V(str_char(c)); }
  size_t adv;
  uint32_t cp = utf8_decode(s->data + it->pos, &adv);
  it->pos += (int64_t)adv;
  return str_from_codepoint(cp);
}

static Value stritem_iter(Value v) { return v; }

static Value m_iter(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__iter__", nargs, kw, 0, 0)) return VNULL;
  return str_iter(self);
}

static Value it_m_next(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__next__", nargs, kw, 0, 0)) return VNULL;
  Value r = stritem_next(self);
  if (!r && !err_occurred()) return err_set_value(Exc_StopIteration, VNULL);
  return r;
}

static Value it_m_iter(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok("__iter__", nargs, kw, 0, 0)) return VNULL;
  return self;
}

/* -- str(...) ------------------------------------------------------------------------------------------------ */
static Value str_new_slot(Type *t, Value *args, int nargs, Tuple *kw) {
  (void)t;
  int nkw = kw ? (int)kw->len : 0;
  for (int i = 0; i < nkw; i++) {
    const char *k = V_AS(Str, kw->items[i])->data;
    if (strcmp(k, "object") && strcmp(k, "encoding") && strcmp(k, "errors"))
      return err_format(Exc_TypeError, "'%s' is an invalid keyword argument for str()", k);
  }
  static const char *const names[] = {"object", "encoding", "errors"};
  Value out[3];
  if (!args_parse("str", args, nargs, kw, names, 0, 3, out)) return VNULL;
  if (!out[0] && !out[1] && !out[2]) return OBJ_V(str_empty());
  for (int i = 1; i < 3; i++)
    if (out[i] && !IS_STR(out[i]))
      return err_format(Exc_TypeError, "str() argument '%s' must be str, not %s", names[i], type_name(v_type(out[i])));
  if (!out[1] && !out[2]) return obj_str(out[0]);
  Value o = out[0] ? out[0] : bytes_new("", 0);
  const char *enc = out[1] ? STR_DATA(out[1]) : "utf-8", *errs = out[2] ? STR_DATA(out[2]) : "strict";
  if (v_is(o, &Type_bytes)) return codec_decode(V_AS(Bytes, o)->data, (size_t)V_AS(Bytes, o)->len, enc, errs);
  if (v_is(o, &Type_bytearray)) return codec_decode(V_AS(ByteArray, o)->data, (size_t)V_AS(ByteArray, o)->len, enc, errs);
  if (IS_STR(o)) return err_format(Exc_TypeError, "decoding str is not supported");
  return err_format(Exc_TypeError, "decoding to str: need a bytes-like object, %s found", type_name(v_type(o)));
}

/* -- Registration ---------------------------------------------------------------------------------------------- */
static const MethodDef str_methods[] = {
  {"join", m_join, NULL}, {"split", m_split, NULL}, {"rsplit", m_rsplit, NULL},
  {"splitlines", m_splitlines, NULL}, {"strip", m_strip, NULL}, {"lstrip", m_lstrip, NULL},
  {"rstrip", m_rstrip, NULL}, {"replace", m_replace, NULL}, {"find", m_find, NULL},
  {"rfind", m_rfind, NULL}, {"index", m_index, NULL}, {"rindex", m_rindex, NULL},
  {"count", m_count, NULL}, {"startswith", m_startswith, NULL}, {"endswith", m_endswith, NULL},
  {"upper", m_upper, NULL}, {"lower", m_lower, NULL}, {"capitalize", m_capitalize, NULL},
  {"title", m_title, NULL}, {"swapcase", m_swapcase, NULL}, {"casefold", m_casefold, NULL},
  {"isdigit", m_isdigit, NULL}, {"isdecimal", m_isdecimal, NULL}, {"isnumeric", m_isnumeric, NULL},
  {"isalpha", m_isalpha, NULL}, {"isalnum", m_isalnum, NULL}, {"isspace", m_isspace, NULL},
  {"isupper", m_isupper, NULL}, {"islower", m_islower, NULL}, {"istitle", m_istitle, NULL},
  {"isidentifier", m_isidentifier, NULL}, {"isascii", m_isascii, NULL},
  {"isprintable", m_isprintable, NULL}, {"zfill", m_zfill, NULL}, {"center", m_center, NULL},
  {"ljust", m_ljust, NULL}, {"rjust", m_rjust, NULL}, {"partition", m_partition, NULL},
  {"rpartition", m_rpartition, NULL}, {"expandtabs", m_expandtabs, NULL}, {"encode", m_encode, NULL},
  {"format", m_format, NULL}, {"__format__", m_dunder_format, NULL},
  {"removeprefix", m_removeprefix, NULL}, {"removesuffix", m_removesuffix, NULL},
  {"translate", m_translate, NULL}, {"__mod__", m_mod, NULL}, {"__rmod__", m_rmod, NULL},
  {"__add__", m_add, NULL}, {"__mul__", m_mul, NULL}, {"__rmul__", m_rmul, NULL},
  {"__len__", m_len, NULL}, {"__getitem__", m_getitem, NULL}, {"__contains__", m_contains, NULL},
  {"__iter__", m_iter, NULL}, {"__hash__", m_hash, NULL}, {"__repr__", m_repr, NULL},
  {"__str__", m_str, NULL}, {"__eq__", m_eq, NULL}, {"__ne__", m_ne, NULL}, {"__lt__", m_lt, NULL},
  {"__le__", m_le, NULL}, {"__gt__", m_gt, NULL}, {"__ge__", m_ge, NULL},
  {NULL, NULL, NULL}};

static const MethodDef str_iterator_methods[] = {
  {"__next__", it_m_next, NULL}, {"__iter__", it_m_iter, NULL}, {NULL, NULL, NULL}};

/* A staticmethod wrapping a C function, for str.maketrans and bytes.fromhex. */
Value static_builtin(const char *name, CFunc fn) {
  ClassMethod *sm = (ClassMethod *)gc_alloc(&Type_staticmethod, sizeof(ClassMethod));
  sm->func = builtin_new(name, fn, VNULL);
  return OBJ_V(sm);
}

void str_methods_init(void) {
  uloc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  gc_add_global_root(&pos_str);
  s_radd = str_intern_cstr("__radd__");
  s_rmul = str_intern_cstr("__rmul__");
  gc_add_global_root((Value *)&s_radd);
  gc_add_global_root((Value *)&s_rmul);
  Type_str.repr = str_repr_slot;
  Type_str.str = str_str_slot;
  Type_str.hash = str_hash_slot;
  Type_str.richcompare = str_richcompare;
  Type_str.iter = str_iter;
  Type_str.len = str_len_slot;
  Type_str.contains = str_contains;
  Type_str.getitem = str_getitem;
  Type_str.binop = str_binop;
  Type_str.new = str_new_slot;
  type_add_methods(&Type_str, str_methods);
  type_set_attr_cstr(&Type_str, "maketrans", static_builtin("maketrans", m_maketrans));
  Type_str_iterator.traverse = stritem_traverse;
  Type_str_iterator.next = stritem_next;
  Type_str_iterator.iter = stritem_iter;
  type_add_methods(&Type_str_iterator, str_iterator_methods);
}
