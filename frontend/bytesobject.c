/* bytesobject.c: bytes, bytearray, and the UTF-8 / ASCII / Latin-1 codecs.
 *
 * bytes keeps its bytes inline (NUL-terminated for C callers); bytearray keeps a malloc'd
 * buffer freed by its finalizer. Both share one set of read-only methods, written against a
 * (pointer, length) view of self; methods that make a new sequence make one of self's type.
 * Iteration needs no iterator type of its own: with a getitem slot and no iter slot,
 * obj_iter gives the generic sequence iterator, which yields ints.
 *
 * Codec errors follow CPython: UTF-8 decoding reports the maximal invalid prefix of a
 * sequence ("invalid start byte", "invalid continuation byte", "unexpected end of data"),
 * and encoding reports each run of unencodable characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>

#include "ast.h"
#include "bytesobject.h"
#include "intobject.h"
#include "listobject.h"
#include "str_format.h"
#include "strobject.h"
#include "typeobject.h"

/* Sizes beyond this are refused with MemoryError rather than left to the allocator. */
#define BYTES_MAX ((int64_t)1 << 40)

static Str *s_bytes_dunder, *s_radd, *s_rmul;

/* -- Construction -------------------------------------------------------------------------------- */
Bytes *bytes_alloc(size_t n) {
  Bytes *b = (Bytes *)gc_alloc(&Type_bytes, sizeof(Bytes) + n + 1);
  b->len = (int64_t)n;
  b->hash = -1;
  return b;
}

Value bytes_new(const char *p, size_t n) {
  Bytes *b = bytes_alloc(n);
  if (n) memcpy(b->data, p, n);
  return OBJ_V(b);
}

static bool ba_reserve(ByteArray *a, int64_t cap) {
  if (cap <= a->cap) return true;
  int64_t ncap = a->cap < 16 ? 16 : a->cap + (a->cap >> 1);
  if (ncap < cap) ncap = cap;
  char *d = realloc(a->data, (size_t)ncap + 1);
  if (!d) { err_no_memory(); return false; }
  a->data = d;
  a->cap = ncap;
  return true;
}

Value bytearray_new(const char *p, size_t n) {
  ByteArray *a = (ByteArray *)gc_alloc(&Type_bytearray, sizeof(ByteArray));
  if (!ba_reserve(a, (int64_t)n)) return VNULL;
  if (n) memcpy(a->data, p, n);
  a->len = (int64_t)n;
  return OBJ_V(a);
}

static void ba_finalize(Obj *o) { free(((ByteArray *)o)->data); }

bool bytes_view(Value v, const char **p, int64_t *n) {
  if (v_is(v, &Type_bytes)) { *p = V_AS(Bytes, v)->data; *n = V_AS(Bytes, v)->len; return true; }
  if (v_is(v, &Type_bytearray)) { *p = V_AS(ByteArray, v)->data; *n = V_AS(ByteArray, v)->len; return true; }
  return false;
}

static bool is_ba(Value v) { return v_is(v, &Type_bytearray); }

/* Positional-only methods: "bytes.strip() takes no keyword arguments", then args_check. */
static bool nargs_ok(Value self, const char *name, int nargs, Tuple *kw, int min, int max) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s.%s() takes no keyword arguments", is_ba(self) ? "bytearray" : "bytes", name);
    return false;
  }
  if (min != max || max > 1) return args_check(name, nargs, kw, min, max);
  char qualified[64]; /* no-argument and one-argument methods are named with their type */
  snprintf(qualified, sizeof qualified, "%s.%s", is_ba(self) ? "bytearray" : "bytes", name);
  return args_check(qualified, nargs, kw, min, max);
}

/* A new sequence of self's kind. */
static Value like(Value self, const char *p, size_t n) { return is_ba(self) ? bytearray_new(p, n) : bytes_new(p, n); }

#define VIEW(self, p, n) const char *p; int64_t n; bytes_view(self, &p, &n)

/* -- Codecs --------------------------------------------------------------------------------------- */
enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1 };
enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_XMLREF, ERR_UNKNOWN };

static int lookup_encoding(const char *name) {
  char norm[32];
  size_t i = 0;
  for (; name[i] && i < sizeof norm - 1; i++) {
    char c = name[i];
    norm[i] = (c == '_' || c == ' ') ? '-' : (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
  }
  norm[i] = 0;
  if (name[i]) return -1;
  static const struct { const char *name; int enc; } table[] = {
    {"utf-8", ENC_UTF8}, {"utf8", ENC_UTF8}, {"u8", ENC_UTF8}, {"utf", ENC_UTF8}, {"cp65001", ENC_UTF8},
    {"ascii", ENC_ASCII}, {"us-ascii", ENC_ASCII}, {"646", ENC_ASCII},
    {"latin-1", ENC_LATIN1}, {"latin1", ENC_LATIN1}, {"latin", ENC_LATIN1}, {"iso-8859-1", ENC_LATIN1},
    {"iso8859-1", ENC_LATIN1}, {"8859", ENC_LATIN1}, {"cp819", ENC_LATIN1}, {"l1", ENC_LATIN1},
  };
  for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
    if (strcmp(norm, table[k].name) == 0) return table[k].enc;
  return -1;
}

static const char *const enc_names[] = {"utf-8", "ascii", "latin-1"};

static int lookup_errors(const char *name) {
  static const char *const names[] = {"strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"};
  for (int i = 0; i < 5; i++)
    if (strcmp(name, names[i]) == 0) return i;
  return ERR_UNKNOWN;
}

static Value unknown_encoding(const char *name) { return err_format(Exc_LookupError, "unknown encoding: %s", name); }
static Value unknown_handler(const char *name) {
  return err_format(Exc_LookupError, "unknown error handler name '%s'", name);
}

static Value decode_error(int enc, const char *p, size_t start, size_t end, const char *reason) {
  if (end - start == 1)
    return err_format(Exc_UnicodeDecodeError, "'%s' codec can't decode byte 0x%02x in position %zu: %s", enc_names[enc],
                      (unsigned char)p[start], start, reason);
  return err_format(Exc_UnicodeDecodeError, "'%s' codec can't decode bytes in position %zu-%zu: %s", enc_names[enc],
                    start, end - 1, reason);
}

/* Length of the valid UTF-8 sequence at p[i], or 0 with *bad_end = end of its invalid prefix
   and *reason set. */
static size_t utf8_seq(const unsigned char *p, size_t i, size_t n, size_t *bad_end, const char **reason) {
  unsigned c = p[i];
  if (c < 0x80) return 1;
  size_t need;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) need = 1;
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
  else { *bad_end = i + 1; *reason = "invalid start byte"; return 0; }
  for (size_t k = 1; k <= need; k++) {
    if (i + k >= n) { *bad_end = n; *reason = "unexpected end of data"; return 0; }
    unsigned d = p[i + k];
    unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (d < l || d > h) { *bad_end = i + k; *reason = "invalid continuation byte"; return 0; }
  }
  return need + 1;
}

static Value decode_utf8(const char *p, size_t n, int errs, const char *errname) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0;
  while (i < n && u[i] < 0x80) i++;
  if (i == n) return str_new(p, n);
  StrBuilder b;
  sb_init(&b);
  sb_put(&b, p, i);
  while (i < n) {
    size_t bad_end;
    const char *reason;
    size_t k = utf8_seq(u, i, n, &bad_end, &reason);
    if (k) { sb_put(&b, p + i, k); i += k; continue; }
    if (errs == ERR_IGNORE) { i = bad_end; continue; }
    if (errs == ERR_REPLACE) { sb_puts(&b, "\xEF\xBF\xBD"); i = bad_end; continue; }
    if (errs == ERR_BACKSLASH) {
      for (; i < bad_end; i++) { char e[8]; snprintf(e, sizeof e, "\\x%02x", u[i]); sb_puts(&b, e); }
      continue;
    }
    sb_free(&b);
    if (errs == ERR_STRICT) return decode_error(ENC_UTF8, p, i, bad_end, reason);
    return unknown_handler(errname);
  }
  return sb_finish(&b);
}

static Value decode_8bit(const char *p, size_t n, int enc, int errs, const char *errname) {
  StrBuilder b;
  sb_init(&b);
  for (size_t i = 0; i < n; i++) {
    unsigned c = (unsigned char)p[i];
    if (c < 0x80) { sb_putc(&b, (char)c); continue; }
    char buf[4];
    if (enc == ENC_LATIN1) { sb_put(&b, buf, utf8_encode(c, buf)); continue; }
    if (errs == ERR_IGNORE) continue;
    if (errs == ERR_REPLACE) { sb_puts(&b, "\xEF\xBF\xBD"); continue; }
    if (errs == ERR_BACKSLASH) { char e[8]; snprintf(e, sizeof e, "\\x%02x", c); sb_puts(&b, e); continue; }
    sb_free(&b);
    if (errs == ERR_STRICT) return decode_error(enc, p, i, i + 1, "ordinal not in range(128)");
    return unknown_handler(errname);
  }
  return sb_finish(&b);
}

Value codec_decode(const char *p, size_t n, const char *encoding, const char *errors) {
  int enc = lookup_encoding(encoding);
  if (enc < 0) return unknown_encoding(encoding);
  int errs = lookup_errors(errors);
  if (enc == ENC_UTF8) return decode_utf8(p, n, errs, errors);
  return decode_8bit(p, n, enc, errs, errors);
}

static void escape_cp(char *e, size_t size, uint32_t c) {
  if (c <= 0xFF) snprintf(e, size, "\\x%02x", c);
  else if (c <= 0xFFFF) snprintf(e, size, "\\u%04x", c);
  else snprintf(e, size, "\\U%08x", c);
}

Value codec_encode(Str *s, const char *encoding, const char *errors) {
  int enc = lookup_encoding(encoding);
  if (enc < 0) return unknown_encoding(encoding);
  if (str_is_ascii(s)) return bytes_new(s->data, (size_t)s->len);
  int errs = lookup_errors(errors);
  uint32_t limit = enc == ENC_ASCII ? 0x80 : enc == ENC_LATIN1 ? 0x100 : 0x110000;
  StrBuilder b;
  sb_init(&b);
  int64_t pos = 0;
  for (int64_t i = 0; i < s->len; pos++) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    bool surrogate = c >= 0xD800 && c < 0xE000;
    if (c < limit && !surrogate) {
      if (enc == ENC_UTF8) sb_put(&b, s->data + i, adv);
      else sb_putc(&b, (char)c);
      i += (int64_t)adv;
      continue;
    }
    char e[16];
    switch (errs) {
      case ERR_IGNORE: break;
      case ERR_REPLACE: sb_putc(&b, '?'); break;
      case ERR_BACKSLASH: escape_cp(e, sizeof e, c); sb_puts(&b, e); break;
      case ERR_XMLREF: snprintf(e, sizeof e, "&#%u;", c); sb_puts(&b, e); break;
      case ERR_STRICT: {
        /* the run of unencodable characters starting here */
        int64_t j = i + (int64_t)adv, end = pos + 1;
        while (j < s->len) {
          size_t a2;
          uint32_t c2 = utf8_decode(s->data + j, &a2);
          if (c2 < limit && !(c2 >= 0xD800 && c2 < 0xE000)) break;
          if (enc == ENC_UTF8) break;
          j += (int64_t)a2;
          end++;
        }
        sb_free(&b);
        const char *reason = enc == ENC_UTF8 ? "surrogates not allowed"
                             : enc == ENC_ASCII ? "ordinal not in range(128)" : "ordinal not in range(256)";
        if (end - pos == 1) {
          escape_cp(e, sizeof e, c);
          return err_format(Exc_UnicodeEncodeError, "'%s' codec can't encode character '%s' in position %lld: %s",
                            enc_names[enc], e, (long long)pos, reason);
        }
        return err_format(Exc_UnicodeEncodeError, "'%s' codec can't encode characters in position %lld-%lld: %s",
                          enc_names[enc], (long long)pos, (long long)(end - 1), reason);
      }
      default: sb_free(&b); return unknown_handler(errors);
    }
    i += (int64_t)adv;
  }
  Value r = bytes_new(b.data ? b.data : "", b.len);
  sb_free(&b);
  return r;
}

/* -- repr ------------------------------------------------------------------------------------------- */
/* bytearray's repr escapes ' whatever quote it uses (CPython's does: bytearray(b"it\'s")). */
static void put_bytes_repr(StrBuilder *b, const char *p, int64_t n, bool bytearray) {
  bool sq = n > 0 && memchr(p, '\'', (size_t)n) != NULL, dq = n > 0 && memchr(p, '"', (size_t)n) != NULL;
  char q = (sq && !dq) ? '"' : '\'';
  sb_putc(b, 'b');
  sb_putc(b, q);
  for (int64_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == (unsigned char)q || c == '\\' || (bytearray && c == '\'')) { sb_putc(b, '\\'); sb_putc(b, (char)c); }
    else if (c == '\t') sb_puts(b, "\\t");
    else if (c == '\n') sb_puts(b, "\\n");
    else if (c == '\r') sb_puts(b, "\\r");
    else if (c < 0x20 || c >= 0x7F) { char e[8]; snprintf(e, sizeof e, "\\x%02x", c); sb_puts(b, e); }
    else sb_putc(b, (char)c);
  }
  sb_putc(b, q);
}

static Value bytes_repr(Value v) {
  VIEW(v, p, n);
  StrBuilder b;
  sb_init(&b);
  if (is_ba(v)) sb_puts(&b, "bytearray(");
  put_bytes_repr(&b, p, n, is_ba(v));
  if (is_ba(v)) sb_putc(&b, ')');
  return sb_finish(&b);
}

/* -- Slots -------------------------------------------------------------------------------------------- */
static bool bytes_hash(Value v, int64_t *out) {
  Bytes *b = V_AS(Bytes, v);
  if (b->hash == -1) {
    int64_t h = (int64_t)XXH3_64bits(b->data, (size_t)b->len);
    b->hash = h == -1 ? -2 : h;
  }
  *out = b->hash;
  return true;
}

static bool ba_hash(Value v, int64_t *out) {
  (void)v; (void)out;
  err_format(Exc_TypeError, "unhashable type: 'bytearray'");
  return false;
}

static int64_t bytes_len(Value v) { VIEW(v, p, n); (void)p; return n; }

static Value bytes_richcompare(Value a, Value b, int op) {
  const char *x, *y;
  int64_t nx, ny;
  if (!bytes_view(a, &x, &nx) || !bytes_view(b, &y, &ny)) return V_NOTIMPL;
  if ((op == CMP_EQ || op == CMP_NE) && nx != ny) return v_bool(op == CMP_NE);
  int64_t n = nx < ny ? nx : ny;
  int c = n ? memcmp(x, y, (size_t)n) : 0;
  if (c == 0) c = (nx > ny) - (nx < ny);
  switch (op) {
    case CMP_LT: return v_bool(c < 0);
    case CMP_LE: return v_bool(c <= 0);
    case CMP_EQ: return v_bool(c == 0);
    case CMP_NE: return v_bool(c != 0);
    case CMP_GT: return v_bool(c > 0);
    default: return v_bool(c >= 0);
  }
}

/* A byte value argument (0..255): "byte must be in range(0, 256)". */
static bool byte_value(Value v, int *out, const char *range_msg) {
  int64_t k;
  if (!index_of(v, &k)) {
    if (err_matches(Exc_IndexError)) { err_clear(); err_format(Exc_ValueError, "%s", range_msg); }
    return false;
  }
  if (k < 0 || k > 255) { err_format(Exc_ValueError, "%s", range_msg); return false; }
  *out = (int)k;
  return true;
}

static int bytes_contains(Value c, Value v) {
  VIEW(c, p, n);
  const char *q;
  int64_t qn;
  if (bytes_view(v, &q, &qn)) return qn == 0 || memmem(p, (size_t)n, q, (size_t)qn) != NULL;
  if (!v_isinstance(v, &Type_int) && !type_lookup(v_type(v), N.__index__)) {
    err_format(Exc_TypeError, "a bytes-like object is required, not '%s'", type_name(v_type(v)));
    return -1;
  }
  int byte;
  if (!byte_value(v, &byte, "byte must be in range(0, 256)")) return -1;
  return memchr(p, byte, (size_t)n) != NULL;
}

static Value bytes_getitem(Value c, Value k) {
  VIEW(c, p, n);
  if (v_is(k, &Type_slice)) {
    int64_t start, stop, step, cnt;
    if (!slice_indices(V_AS(Slice, k), n, &start, &stop, &step, &cnt)) return VNULL;
    if (cnt <= 0) return like(c, "", 0);
    if (step == 1) return like(c, p + start, (size_t)cnt);
    char *tmp = malloc((size_t)cnt);
    if (!tmp) return err_no_memory();
    for (int64_t i = 0, j = start; i < cnt; i++, j += step) tmp[i] = p[j];
    Value r = like(c, tmp, (size_t)cnt);
    free(tmp);
    return r;
  }
  int64_t i;
  if (!v_is_int(k) && !v_isinstance(k, &Type_int) && !type_lookup(v_type(k), N.__index__))
    return err_format(Exc_TypeError, "%s indices must be integers or slices, not %s", is_ba(c) ? "bytearray" : "byte",
                      type_name(v_type(k)));
  if (!index_of(k, &i)) return VNULL;
  if (i < 0) i += n;
  if (i < 0 || i >= n) return err_format(Exc_IndexError, is_ba(c) ? "bytearray index out of range" : "index out of range");
  return v_from_int((unsigned char)p[i]);
}

static Value bytes_repeat(Value self, Value count) {
  VIEW(self, p, n);
  int64_t k;
  if (!index_of(count, &k)) return VNULL;
  if (k < 0) k = 0;
  if (n && k > BYTES_MAX / n) return err_no_memory();
  if (!is_ba(self) && k == 1) return self;
  Value r = like(self, "", 0);
  if (!r || n * k == 0) return r;
  char *dst;
  if (is_ba(self)) {
    ByteArray *a = V_AS(ByteArray, r);
    if (!ba_reserve(a, n * k)) return VNULL;
    a->len = n * k;
    dst = a->data;
    VIEW(self, p2, n2);
    p = p2; (void)n2;
  } else {
    Bytes *b = bytes_alloc((size_t)(n * k));
    r = OBJ_V(b);
    dst = b->data;
  }
  for (int64_t i = 0; i < k; i++) memcpy(dst + i * n, p, (size_t)n);
  return r;
}

static bool ba_extend_raw(ByteArray *a, const char *p, int64_t n) {
  if (!ba_reserve(a, a->len + n)) return false;
  memmove(a->data + a->len, p, (size_t)n);
  a->len += n;
  return true;
}

/* bytes % args: formatted as text over Latin-1 (one code point per byte), so str's %-engine
   does the work; bytes arguments become Latin-1 text the same way. */
static Value latin1_text(Value v) {
  const char *p;
  int64_t n;
  if (!bytes_view(v, &p, &n)) return v;
  StrBuilder b;
  sb_init(&b);
  for (int64_t i = 0; i < n; i++) {
    char u[4];
    sb_put(&b, u, utf8_encode((unsigned char)p[i], u));
  }
  return sb_finish(&b);
}

static Value bytes_mod(Value fmt, Value args) {
  GC_ROOT_SCOPE;
  Value text = latin1_text(fmt);
  gc_root(&text);
  Value conv = args;
  if (IS_TUPLE(args)) {
    Tuple *t = V_AS(Tuple, args), *c = tuple_new(t->len);
    for (int64_t i = 0; i < t->len; i++) c->items[i] = latin1_text(t->items[i]);
    conv = OBJ_V(c);
  } else {
    conv = latin1_text(args);
  }
  gc_root(&conv);
  Value r = str_mod(text, conv);
  if (!r) return VNULL;
  Value enc = str_from_cstr("latin-1");
  Value out = obj_call_method(r, str_intern_cstr("encode"), &enc, 1);
  if (!out || !is_ba(fmt)) return out;
  const char *p;
  int64_t n;
  bytes_view(out, &p, &n);
  return bytearray_new(p, (size_t)n);
}

static Value bytes_binop(int op, Value a, Value b) {
  bool inplace = op >= BINOP__COUNT;
  if (inplace) op -= BINOP__COUNT;
  const char *x, *y;
  int64_t nx, ny;
  if (op == OP_Mod) return bytes_view(a, &x, &nx) ? bytes_mod(a, b) : V_NOTIMPL;
  if (op == OP_Add) {
    if (!bytes_view(a, &x, &nx)) return V_NOTIMPL;
    if (!bytes_view(b, &y, &ny)) {
      Type *tb = v_type(b);
      if ((tb->flags & TPF_HEAPTYPE) && type_lookup(tb, s_radd)) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can't concat %s to %s", type_name(tb), type_name(v_type(a)));
    }
    if (inplace && is_ba(a)) return ba_extend_raw(V_AS(ByteArray, a), y, ny) ? a : VNULL;
    if (is_ba(a)) {
      Value r = bytearray_new(x, (size_t)nx);
      if (!r || !ba_extend_raw(V_AS(ByteArray, r), y, ny)) return VNULL;
      return r;
    }
    if (ny == 0) return a;
    Bytes *r = bytes_alloc((size_t)(nx + ny));
    memcpy(r->data, x, (size_t)nx);
    memcpy(r->data + nx, y, (size_t)ny);
    return OBJ_V(r);
  }
  if (op == OP_Mult) {
    Value seq = bytes_view(a, &x, &nx) ? a : b, cnt = seq == a ? b : a;
    if (!v_isinstance(cnt, &Type_int) && !type_lookup(v_type(cnt), N.__index__)) {
      Type *tc = v_type(cnt);
      if ((tc->flags & TPF_HEAPTYPE) && type_lookup(tc, s_rmul)) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can't multiply sequence by non-int of type '%s'", type_name(tc));
    }
    if (inplace && is_ba(a) && seq == a) {
      Value r = bytes_repeat(a, cnt);
      if (!r) return VNULL;
      ByteArray *dst = V_AS(ByteArray, a), *src = V_AS(ByteArray, r);
      char *tmp = dst->data;
      dst->data = src->data; dst->len = src->len; dst->cap = src->cap;
      src->data = tmp; src->len = 0;
      return a;
    }
    return bytes_repeat(seq, cnt);
  }
  return V_NOTIMPL;
}

static bool ba_setitem(Value c, Value k, Value v) {
  ByteArray *a = V_AS(ByteArray, c);
  if (v_is(k, &Type_slice)) {
    int64_t start, stop, step, cnt;
    if (!slice_indices(V_AS(Slice, k), a->len, &start, &stop, &step, &cnt)) return false;
    const char *p = "";
    int64_t n = 0;
    Value keep = VNULL;
    if (v) {
      if (bytes_view(v, &p, &n)) {
        keep = bytes_new(p, (size_t)n); /* a copy: v may be a itself */
      } else {
        if (v_isinstance(v, &Type_int) || IS_STR(v)) {
          err_format(Exc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
          return false;
        }
        Value args[1] = {v};
        keep = Type_bytes.new(&Type_bytes, args, 1, NULL);
        if (!keep) return false;
      }
      p = V_AS(Bytes, keep)->data;
      n = V_AS(Bytes, keep)->len;
    }
    if (step != 1) {
      if (!v) {
        /* delete an extended slice: keep bytes not in it */
        int64_t w = 0;
        for (int64_t i = 0; i < a->len; i++) {
          bool in = step > 0 ? (i >= start && i < stop && (i - start) % step == 0)
                             : (i <= start && i > stop && (start - i) % (-step) == 0);
          if (!in) a->data[w++] = a->data[i];
        }
        a->len = w;
        return true;
      }
      if (n != cnt) {
        err_format(Exc_ValueError, "attempt to assign bytes of size %lld to extended slice of size %lld",
                   (long long)n, (long long)cnt);
        return false;
      }
      for (int64_t i = 0, j = start; i < cnt; i++, j += step) a->data[j] = p[i];
      return true;
    }
    if (stop < start) stop = start;
    int64_t newlen = a->len - (stop - start) + n;
    if (!ba_reserve(a, newlen)) return false;
    memmove(a->data + start + n, a->data + stop, (size_t)(a->len - stop));
    if (n) memcpy(a->data + start, p, (size_t)n);
    a->len = newlen;
    return true;
  }
  int64_t i;
  if (!v_isinstance(k, &Type_int) && !type_lookup(v_type(k), N.__index__)) {
    err_format(Exc_TypeError, "bytearray indices must be integers or slices, not %s", type_name(v_type(k)));
    return false;
  }
  if (!index_of(k, &i)) return false;
  if (i < 0) i += a->len;
  if (i < 0 || i >= a->len) {
    err_format(Exc_IndexError, "bytearray index out of range");
    return false;
  }
  if (!v) {
    memmove(a->data + i, a->data + i + 1, (size_t)(a->len - i - 1));
    a->len--;
    return true;
  }
  int byte;
  if (!byte_value(v, &byte, "byte must be in range(0, 256)")) return false;
  a->data[i] = (char)byte;
  return true;
}

/* -- Constructors ------------------------------------------------------------------------------------ */
/* The bytes of an iterable of ints, in a fresh bytes object. */
static Value bytes_from_iterable(Value src) {
  GC_ROOT_SCOPE;
  List *l = list_from_iterable(src);
  if (!l) return VNULL;
  Value lv = OBJ_V(l), bv = OBJ_V(bytes_alloc((size_t)l->len));
  int mark = gc_root_mark();
  gc_root(&lv);
  gc_root(&bv);
  for (int64_t i = 0; i < l->len; i++) {
    int byte;
    if (!byte_value(l->items[i], &byte, "bytes must be in range(0, 256)")) { bv = VNULL; break; }
    V_AS(Bytes, bv)->data[i] = (char)byte;
  }
  gc_root_restore(mark);
  return bv;
}

static Value bytes_from_args(Type *t, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"source", "encoding", "errors"};
  Value out[3];
  const char *fname = t == &Type_bytes ? "bytes" : "bytearray";
  if (!args_parse(fname, args, nargs, kw, names, 0, 3, out)) return VNULL;
  Value src = out[0];
  if (!src) {
    if (out[1] || out[2]) return err_format(Exc_TypeError, "%s without a string argument", out[1] ? "encoding" : "errors");
    return bytes_new("", 0);
  }
  for (int i = 1; i < 3; i++)
    if (out[i] && !IS_STR(out[i]))
      return err_format(Exc_TypeError, "%s() argument '%s' must be str, not %s", fname, names[i], type_name(v_type(out[i])));
  if (IS_STR(src)) {
    if (!out[1]) return err_format(Exc_TypeError, "string argument without an encoding");
    return codec_encode(V_AS(Str, src), STR_DATA(out[1]), out[2] ? STR_DATA(out[2]) : "strict");
  }
  if (out[1] || out[2]) return err_format(Exc_TypeError, "%s without a string argument", out[1] ? "encoding" : "errors");
  const char *p;
  int64_t n;
  if (bytes_view(src, &p, &n)) return (t == &Type_bytes && v_is(src, &Type_bytes)) ? src : bytes_new(p, (size_t)n);
  Type *st = v_type(src);
  Value conv = type_lookup(st, s_bytes_dunder);
  if (conv && t == &Type_bytes) {
    Value m = obj_getattr(src, s_bytes_dunder);
    Value r = m ? obj_call0(m) : VNULL;
    if (r && !v_is(r, &Type_bytes))
      return err_format(Exc_TypeError, "__bytes__ returned non-bytes (type %s)", type_name(v_type(r)));
    return r;
  }
  if (v_isinstance(src, &Type_int) || (st->flags & TPF_HEAPTYPE && type_lookup(st, N.__index__))) {
    int64_t k;
    if (!index_of(src, &k)) return VNULL;
    if (k < 0) return err_format(Exc_ValueError, "negative count");
    if (k > BYTES_MAX) return err_no_memory();
    return OBJ_V(bytes_alloc((size_t)k));
  }
  if (!st->iter && !type_lookup(st, N.__iter__) && !st->getitem && !type_lookup(st, N.__getitem__))
    return err_format(Exc_TypeError, "cannot convert '%s' object to %s", type_name(st), fname);
  return bytes_from_iterable(src);
}

static Value bytes_new_slot(Type *t, Value *args, int nargs, Tuple *kw) { return bytes_from_args(t, args, nargs, kw); }

static Value ba_new_slot(Type *t, Value *args, int nargs, Tuple *kw) {
  Value b = bytes_from_args(t, args, nargs, kw);
  if (!b) return VNULL;
  const char *p;
  int64_t n;
  bytes_view(b, &p, &n);
  return bytearray_new(p, (size_t)n);
}

/* -- Methods shared by bytes and bytearray ------------------------------------------------------------ */
static Value m_decode(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"encoding", "errors"};
  Value out[2];
  if (!args_parse("decode", args, nargs, kw, names, 0, 2, out)) return VNULL;
  for (int i = 0; i < 2; i++)
    if (out[i] && !IS_STR(out[i]))
      return err_format(Exc_TypeError, "decode() argument '%s' must be str, not %s", names[i], type_name(v_type(out[i])));
  VIEW(self, p, n);
  return codec_decode(p, (size_t)n, out[0] ? STR_DATA(out[0]) : "utf-8", out[1] ? STR_DATA(out[1]) : "strict");
}

/* hex(sep=None, bytes_per_sep=1): a one-character separator every bytes_per_sep bytes, counted
   from the right when bytes_per_sep is positive (CPython's grouping). */
static Value m_hex(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"sep", "bytes_per_sep"};
  Value out[2];
  if (!args_parse("hex", args, nargs, kw, names, 0, 2, out)) return VNULL;
  char sep = 0;
  int64_t per = 1;
  if (out[0] && out[0] != V_NONE) {
    const char *sp;
    int64_t sn;
    if (IS_STR(out[0])) { sp = STR_DATA(out[0]); sn = STR_LEN(out[0]); }
    else if (!bytes_view(out[0], &sp, &sn)) return err_format(Exc_TypeError, "sep must be str or bytes.");
    if (sn != 1 || (unsigned char)sp[0] > 127) return err_format(Exc_ValueError, "sep must be length 1.");
    sep = sp[0];
  }
  if (out[1] && !index_of(out[1], &per)) return VNULL;
  VIEW(self, p, n);
  static const char digits[] = "0123456789abcdef";
  int64_t group = per < 0 ? -per : per;
  StrBuilder b;
  sb_init(&b);
  for (int64_t i = 0; i < n; i++) {
    int64_t from_edge = per > 0 ? n - i : i;
    if (sep && group && i > 0 && from_edge % group == 0) sb_putc(&b, sep);
    sb_putc(&b, digits[(unsigned char)p[i] >> 4]);
    sb_putc(&b, digits[(unsigned char)p[i] & 15]);
  }
  return sb_finish(&b);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static Value fromhex(Value *args, int nargs, Tuple *kw, bool ba) {
  if (!args_check("fromhex", nargs, kw, 1, 1)) return VNULL;
  if (!IS_STR(args[0]))
    return err_format(Exc_TypeError, "fromhex() argument must be str, not %s", type_name(v_type(args[0])));
  Str *s = V_AS(Str, args[0]);
  char *tmp = malloc((size_t)s->len / 2 + 1);
  if (!tmp) return err_no_memory();
  int64_t n = 0;
  for (int64_t i = 0; i < s->len;) {
    char c = s->data[i];
    if (c == ' ' || (c >= 9 && c <= 13)) { i++; continue; }
    int hi = hexval(c), lo = i + 1 < s->len ? hexval(s->data[i + 1]) : -1;
    if (hi < 0 || lo < 0) {
      free(tmp);
      return err_format(Exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %lld",
                        (long long)(hi < 0 ? i : i + 1));
    }
    tmp[n++] = (char)(hi * 16 + lo);
    i += 2;
  }
  Value r = ba ? bytearray_new(tmp, (size_t)n) : bytes_new(tmp, (size_t)n);
  free(tmp);
  return r;
}

static Value m_fromhex(Value self, Value *args, int nargs, Tuple *kw) { (void)self; return fromhex(args, nargs, kw, false); }
static Value m_ba_fromhex(Value self, Value *args, int nargs, Tuple *kw) { (void)self; return fromhex(args, nargs, kw, true); }

static Value m_join(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "join", nargs, kw, 1, 1)) return VNULL;
  List *l = list_from_iterable(args[0]);
  if (!l) return VNULL;
  VIEW(self, sp, sn);
  int64_t total = sn * (l->len > 0 ? l->len - 1 : 0);
  for (int64_t i = 0; i < l->len; i++) {
    const char *p;
    int64_t n;
    if (!bytes_view(l->items[i], &p, &n))
      return err_format(Exc_TypeError, "sequence item %lld: expected a bytes-like object, %s found", (long long)i,
                        type_name(v_type(l->items[i])));
    total += n;
  }
  if (total > BYTES_MAX) return err_no_memory();
  char *buf = malloc((size_t)total + 1), *o = buf;
  if (!buf) return err_no_memory();
  for (int64_t i = 0; i < l->len; i++) {
    const char *p;
    int64_t n;
    if (i && sn) { memcpy(o, sp, (size_t)sn); o += sn; }
    bytes_view(l->items[i], &p, &n);
    memcpy(o, p, (size_t)n);
    o += n;
  }
  Value r = like(self, buf, (size_t)total);
  free(buf);
  return r;
}

static bool is_ws(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }

static bool sep_arg(Value v, const char **p, int64_t *n) {
  if (bytes_view(v, p, n)) return true;
  err_format(Exc_TypeError, "a bytes-like object is required, not '%s'", type_name(v_type(v)));
  return false;
}

static Value m_split(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"sep", "maxsplit"};
  Value out[2];
  if (!args_parse("split", args, nargs, kw, names, 0, 2, out)) return VNULL;
  int64_t maxsplit = -1;
  if (out[1] && !index_of(out[1], &maxsplit)) return VNULL;
  if (maxsplit < 0) maxsplit = INT64_MAX;
  const char *sep = NULL;
  int64_t seplen = 0;
  if (out[0] && out[0] != V_NONE) {
    if (!sep_arg(out[0], &sep, &seplen)) return VNULL;
    if (seplen == 0) return err_format(Exc_ValueError, "empty separator");
  }
  VIEW(self, p, n);
  List *l = list_new(0);
  Value lv = OBJ_V(l);
  if (!sep) {
    int64_t i = 0;
    for (;;) {
      while (i < n && is_ws((unsigned char)p[i])) i++;
      if (i >= n) break;
      int64_t j = i;
      if (maxsplit-- == 0) {
        j = n;
        while (j > i && is_ws((unsigned char)p[j - 1])) j--;
      } else {
        while (j < n && !is_ws((unsigned char)p[j])) j++;
      }
      list_append(l, like(self, p + i, (size_t)(j - i)));
      i = j;
    }
    return lv;
  }
  const char *s = p, *end = p + n;
  while (maxsplit-- > 0) {
    const char *q = memmem(s, (size_t)(end - s), sep, (size_t)seplen);
    if (!q) break;
    list_append(l, like(self, s, (size_t)(q - s)));
    s = q + seplen;
  }
  list_append(l, like(self, s, (size_t)(end - s)));
  return lv;
}

static Value do_strip(Value self, Value *args, int nargs, Tuple *kw, const char *name, int how) {
  if (!nargs_ok(self, name, nargs, kw, 0, 1)) return VNULL;
  bool table[256] = {false};
  if (nargs == 0 || args[0] == V_NONE) {
    for (int c = 0; c < 256; c++) table[c] = is_ws((unsigned char)c);
  } else {
    const char *cp;
    int64_t cn;
    if (!sep_arg(args[0], &cp, &cn)) return VNULL;
    for (int64_t i = 0; i < cn; i++) table[(unsigned char)cp[i]] = true;
  }
  VIEW(self, p, n);
  int64_t b = 0, e = n;
  if (how & 1) while (b < e && table[(unsigned char)p[b]]) b++;
  if (how & 2) while (e > b && table[(unsigned char)p[e - 1]]) e--;
  if (b == 0 && e == n && !is_ba(self)) return self;
  return like(self, p + b, (size_t)(e - b));
}

static Value m_strip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "strip", 3); }
static Value m_lstrip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "lstrip", 1); }
static Value m_rstrip(Value self, Value *a, int n, Tuple *k) { return do_strip(self, a, n, k, "rstrip", 2); }

static bool opt_index(Value v, int64_t *out) {
  if (!v || v == V_NONE) return true;
  if (!v_isinstance(v, &Type_int) && !type_lookup(v_type(v), N.__index__)) {
    err_format(Exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  return index_of(v, out);
}

static void adjust(int64_t *start, int64_t *end, int64_t n) {
  if (*end > n) *end = n;
  else if (*end < 0) { *end += n; if (*end < 0) *end = 0; }
  if (*start < 0) { *start += n; if (*start < 0) *start = 0; }
}

static Value tail_match(const char *name, Value self, Value *args, int nargs, Tuple *kw, bool end_side) {
  if (kw && kw->len) return err_format(Exc_TypeError, "%s() takes no keyword arguments", name);
  if (nargs < 1 || nargs > 3) return err_format(Exc_TypeError, "%s() takes at least 1 argument (0 given)", name);
  int64_t start = 0, end = INT64_MAX / 2;
  if (nargs > 1 && !opt_index(args[1], &start)) return VNULL;
  if (nargs > 2 && !opt_index(args[2], &end)) return VNULL;
  VIEW(self, p, n);
  adjust(&start, &end, n);
  Value pre = args[0];
  int64_t cnt = IS_TUPLE(pre) ? V_AS(Tuple, pre)->len : 1;
  for (int64_t i = 0; i < cnt; i++) {
    Value x = IS_TUPLE(pre) ? V_AS(Tuple, pre)->items[i] : pre;
    const char *q;
    int64_t qn;
    if (!bytes_view(x, &q, &qn)) {
      if (IS_TUPLE(pre)) return err_format(Exc_TypeError, "a bytes-like object is required, not '%s'", type_name(v_type(x)));
      return err_format(Exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name, type_name(v_type(x)));
    }
    if (end - start < qn) continue;
    const char *at = end_side ? p + end - qn : p + start;
    if (qn == 0 || memcmp(at, q, (size_t)qn) == 0) return V_TRUE;
  }
  return V_FALSE;
}

static Value m_startswith(Value self, Value *a, int n, Tuple *k) { return tail_match("startswith", self, a, n, k, false); }
static Value m_endswith(Value self, Value *a, int n, Tuple *k) { return tail_match("endswith", self, a, n, k, true); }

/* (sub, start, end) of find/count/index: sub is bytes-like or an int byte. */
static bool search_args(const char *name, Value self, Value *args, int nargs, Tuple *kw, const char **sub,
                        int64_t *sublen, char *one, int64_t *start, int64_t *end) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s.%s() takes no keyword arguments", is_ba(self) ? "bytearray" : "bytes", name);
    return false;
  }
  if (nargs < 1) { err_format(Exc_TypeError, "%s() takes at least 1 argument (0 given)", name); return false; }
  if (nargs > 3) { err_format(Exc_TypeError, "%s() takes at most 3 arguments (%d given)", name, nargs); return false; }
  if (!bytes_view(args[0], sub, sublen)) {
    if (!v_isinstance(args[0], &Type_int) && !type_lookup(v_type(args[0]), N.__index__)) {
      err_format(Exc_TypeError, "argument should be integer or bytes-like object, not '%s'", type_name(v_type(args[0])));
      return false;
    }
    int byte;
    if (!byte_value(args[0], &byte, "byte must be in range(0, 256)")) return false;
    *one = (char)byte;
    *sub = one;
    *sublen = 1;
  }
  *start = 0;
  *end = INT64_MAX / 2;
  if (nargs > 1 && !opt_index(args[1], start)) return false;
  if (nargs > 2 && !opt_index(args[2], end)) return false;
  VIEW(self, p, n);
  (void)p;
  adjust(start, end, n);
  return true;
}

static const char *rmem(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl > hl) return NULL;
  for (const char *p = h + hl - nl;; p--) {
    if (memcmp(p, n, nl) == 0) return p;
    if (p == h) return NULL;
  }
}

static Value find_impl(const char *name, Value self, Value *args, int nargs, Tuple *kw, bool rev, bool raise) {
  const char *sub;
  int64_t sublen, start, end;
  char one;
  if (!search_args(name, self, args, nargs, kw, &sub, &sublen, &one, &start, &end)) return VNULL;
  VIEW(self, p, n);
  (void)n;
  int64_t r = -1;
  if (end - start >= sublen) {
    const char *q = sublen == 0 ? (rev ? p + end : p + start)
                    : rev ? rmem(p + start, (size_t)(end - start), sub, (size_t)sublen)
                          : memmem(p + start, (size_t)(end - start), sub, (size_t)sublen);
    if (q) r = q - p;
  }
  if (r < 0 && raise) return err_format(Exc_ValueError, "subsection not found");
  return v_from_int(r);
}

static Value m_find(Value self, Value *a, int n, Tuple *k) { return find_impl("find", self, a, n, k, false, false); }
static Value m_rfind(Value self, Value *a, int n, Tuple *k) { return find_impl("rfind", self, a, n, k, true, false); }
static Value m_index(Value self, Value *a, int n, Tuple *k) { return find_impl("index", self, a, n, k, false, true); }
static Value m_rindex(Value self, Value *a, int n, Tuple *k) { return find_impl("rindex", self, a, n, k, true, true); }

static int64_t count_in(const char *h, int64_t hl, const char *sub, int64_t sl, int64_t max) {
  int64_t c = 0;
  const char *end = h + hl;
  while (c < max) {
    const char *q = memmem(h, (size_t)(end - h), sub, (size_t)sl);
    if (!q) break;
    c++;
    h = q + sl;
  }
  return c;
}

static Value m_count(Value self, Value *args, int nargs, Tuple *kw) {
  const char *sub;
  int64_t sublen, start, end;
  char one;
  if (!search_args("count", self, args, nargs, kw, &sub, &sublen, &one, &start, &end)) return VNULL;
  VIEW(self, p, n);
  (void)n;
  if (end - start < sublen) return v_from_int(0);
  if (sublen == 0) return v_from_int(end - start + 1);
  return v_from_int(count_in(p + start, end - start, sub, sublen, INT64_MAX));
}

static Value m_replace(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "replace", nargs, kw, 2, 3)) return VNULL;
  const char *old, *rep;
  int64_t on, rn, count = -1;
  if (!sep_arg(args[0], &old, &on) || !sep_arg(args[1], &rep, &rn)) return VNULL;
  if (nargs > 2 && !index_of(args[2], &count)) return VNULL;
  VIEW(self, p, n);
  StrBuilder b;
  sb_init(&b);
  if (on == 0) {
    int64_t k = 0;
    for (int64_t i = 0; i <= n; i++) {
      if (count < 0 || k < count) { sb_put(&b, rep, (size_t)rn); k++; }
      if (i < n) sb_putc(&b, p[i]);
    }
  } else {
    const char *s = p, *end = p + n;
    for (int64_t k = 0; count < 0 || k < count; k++) {
      const char *q = memmem(s, (size_t)(end - s), old, (size_t)on);
      if (!q) break;
      sb_put(&b, s, (size_t)(q - s));
      sb_put(&b, rep, (size_t)rn);
      s = q + on;
    }
    sb_put(&b, s, (size_t)(end - s));
  }
  Value r = like(self, b.data ? b.data : "", b.len);
  sb_free(&b);
  return r;
}

/* The ASCII case mappings of bytes (other bytes stay): title starts each run of letters upper
   and lowers the rest; capitalize uppers the first byte and lowers the rest. */
enum { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static bool is_lo(char c) { return c >= 'a' && c <= 'z'; }
static bool is_up(char c) { return c >= 'A' && c <= 'Z'; }

static Value case_map(Value self, Value *args, int nargs, Tuple *kw, const char *name, int how) {
  (void)args;
  if (!nargs_ok(self, name, nargs, kw, 0, 0)) return VNULL;
  VIEW(self, p, n);
  Value r = like(self, p, (size_t)n);
  if (!r) return VNULL;
  char *d = is_ba(r) ? V_AS(ByteArray, r)->data : V_AS(Bytes, r)->data;
  bool prev_cased = false;
  for (int64_t i = 0; i < n; i++) {
    char c = d[i];
    bool up;
    switch (how) {
      case CASE_UPPER: up = true; break;
      case CASE_LOWER: up = false; break;
      case CASE_SWAP: up = is_lo(c); break;
      case CASE_TITLE: up = !prev_cased; break;
      default: up = i == 0; break;
    }
    prev_cased = is_lo(c) || is_up(c);
    if (up && is_lo(c)) d[i] = (char)(c - 32);
    if (!up && is_up(c)) d[i] = (char)(c + 32);
  }
  return r;
}

static Value m_upper(Value self, Value *a, int n, Tuple *k) { return case_map(self, a, n, k, "upper", CASE_UPPER); }
static Value m_lower(Value self, Value *a, int n, Tuple *k) { return case_map(self, a, n, k, "lower", CASE_LOWER); }
static Value m_swapcase(Value self, Value *a, int n, Tuple *k) { return case_map(self, a, n, k, "swapcase", CASE_SWAP); }
static Value m_title(Value self, Value *a, int n, Tuple *k) { return case_map(self, a, n, k, "title", CASE_TITLE); }
static Value m_capitalize(Value self, Value *a, int n, Tuple *k) { return case_map(self, a, n, k, "capitalize", CASE_CAPITALIZE); }

/* expandtabs(tabsize=8): each tab to the next multiple of tabsize, columns restarting at \n
   and \r. */
static Value m_expandtabs(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"tabsize"};
  Value a[1] = {VNULL};
  if (!args_parse("expandtabs", args, nargs, kw, names, 0, 1, a)) return VNULL;
  int64_t tab = 8;
  if (a[0] && !index_of(a[0], &tab)) return VNULL;
  VIEW(self, p, n);
  int64_t col = 0, out = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t add = p[i] == '\t' ? (tab > 0 ? tab - col % tab : 0) : 1;
    if (out > INT64_MAX - add) return err_format(Exc_OverflowError, "result too long");
    out += add;
    col = p[i] == '\n' || p[i] == '\r' ? 0 : col + add;
  }
  char *buf = malloc((size_t)out + 1);
  if (!buf) return err_no_memory();
  int64_t j = 0;
  col = 0;
  for (int64_t i = 0; i < n; i++) {
    if (p[i] == '\t') {
      int64_t k = tab > 0 ? tab - col % tab : 0;
      memset(buf + j, ' ', (size_t)k);
      j += k;
      col += k;
    } else {
      buf[j++] = p[i];
      col = p[i] == '\n' || p[i] == '\r' ? 0 : col + 1;
    }
  }
  Value r = like(self, buf, (size_t)j);
  free(buf);
  return r;
}

/* -- partition, rsplit, splitlines, padding, predicates, translate -------- */

static Value partition_impl(Value self, Value *args, int nargs, Tuple *kw, const char *name, bool rev) {
  GC_ROOT_SCOPE;
  if (!nargs_ok(self, name, nargs, kw, 1, 1)) return VNULL;
  const char *sep;
  int64_t sl;
  if (!sep_arg(args[0], &sep, &sl)) return VNULL;
  if (sl == 0) return err_format(Exc_ValueError, "empty separator");
  VIEW(self, p, n);
  const char *q = rev ? rmem(p, (size_t)n, sep, (size_t)sl) : memmem(p, (size_t)n, sep, (size_t)sl);
  Value a, b, c;
  if (!q) {
    a = like(self, rev ? "" : p, rev ? 0 : (size_t)n);
    gc_root(&a);
    b = like(self, "", 0);
    gc_root(&b);
    c = like(self, rev ? p : "", rev ? (size_t)n : 0);
  } else {
    a = like(self, p, (size_t)(q - p));
    gc_root(&a);
    b = like(self, sep, (size_t)sl);
    gc_root(&b);
    c = like(self, q + sl, (size_t)(p + n - q - sl));
  }
  return tuple_pack(3, a, b, c);
}
static Value m_partition(Value self, Value *a, int n, Tuple *k) { return partition_impl(self, a, n, k, "partition", false); }
static Value m_rpartition(Value self, Value *a, int n, Tuple *k) { return partition_impl(self, a, n, k, "rpartition", true); }

/* rsplit collects pieces from the right, then reverses the list in place. */
static Value m_rsplit(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"sep", "maxsplit"};
  Value out[2];
  if (!args_parse("rsplit", args, nargs, kw, names, 0, 2, out)) return VNULL;
  int64_t maxsplit = -1;
  if (out[1] && !index_of(out[1], &maxsplit)) return VNULL;
  if (maxsplit < 0) maxsplit = INT64_MAX;
  const char *sep = NULL;
  int64_t seplen = 0;
  if (out[0] && out[0] != V_NONE) {
    if (!sep_arg(out[0], &sep, &seplen)) return VNULL;
    if (seplen == 0) return err_format(Exc_ValueError, "empty separator");
  }
  VIEW(self, p, n);
  List *l = list_new(0);
  if (!sep) {
    int64_t j = n;
    for (;;) {
      while (j > 0 && is_ws((unsigned char)p[j - 1])) j--;
      if (j <= 0) break;
      int64_t i = j;
      if (maxsplit-- == 0) {
        i = 0;
        while (i < j && is_ws((unsigned char)p[i])) i++;
      } else {
        while (i > 0 && !is_ws((unsigned char)p[i - 1])) i--;
      }
      list_append(l, like(self, p + i, (size_t)(j - i)));
      j = i;
    }
  } else {
    int64_t end = n;
    while (maxsplit-- > 0) {
      const char *q = rmem(p, (size_t)end, sep, (size_t)seplen);
      if (!q) break;
      list_append(l, like(self, q + seplen, (size_t)(p + end - q - seplen)));
      end = q - p;
    }
    list_append(l, like(self, p, (size_t)end));
  }
  for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
    Value t = l->items[i];
    l->items[i] = l->items[j];
    l->items[j] = t;
  }
  return OBJ_V(l);
}

static Value m_splitlines(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"keepends"};
  Value out[1];
  if (!args_parse("splitlines", args, nargs, kw, names, 0, 1, out)) return VNULL;
  int keep = out[0] ? obj_truthy(out[0]) : 0;
  if (keep < 0) return VNULL;
  VIEW(self, p, n);
  List *l = list_new(0);
  for (int64_t i = 0; i < n;) {
    int64_t j = i;
    while (j < n && p[j] != '\n' && p[j] != '\r') j++;
    int64_t eol = j;
    if (j < n) j += (p[j] == '\r' && j + 1 < n && p[j + 1] == '\n') ? 2 : 1;
    list_append(l, like(self, p + i, (size_t)((keep ? j : eol) - i)));
    i = j;
  }
  return OBJ_V(l);
}

enum { PRED_ALPHA, PRED_DIGIT, PRED_SPACE, PRED_ALNUM, PRED_LOWER, PRED_UPPER };

static Value predicate(Value self, int nargs, Tuple *kw, const char *name, int which) {
  if (!nargs_ok(self, name, nargs, kw, 0, 0)) return VNULL;
  VIEW(self, p, n);
  bool cased = false;
  for (int64_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z', dg = c >= '0' && c <= '9';
    bool ok;
    switch (which) {
      case PRED_ALPHA: ok = lo || up; break;
      case PRED_DIGIT: ok = dg; break;
      case PRED_SPACE: ok = is_ws(c); break;
      case PRED_ALNUM: ok = lo || up || dg; break;
      case PRED_LOWER: ok = !up; cased |= lo; break;
      default: ok = !lo; cased |= up; break;
    }
    if (!ok) return V_FALSE;
  }
  if (which == PRED_LOWER || which == PRED_UPPER) return v_bool(cased);
  return v_bool(n > 0);
}
static Value m_isalpha(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "isalpha", PRED_ALPHA); }
static Value m_isdigit(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "isdigit", PRED_DIGIT); }
static Value m_isspace(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "isspace", PRED_SPACE); }
static Value m_isalnum(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "isalnum", PRED_ALNUM); }
static Value m_islower(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "islower", PRED_LOWER); }
static Value m_isupper(Value self, Value *a, int n, Tuple *k) { (void)a; return predicate(self, n, k, "isupper", PRED_UPPER); }

static Value m_isascii(Value self, Value *a, int n, Tuple *k) {
  (void)a;
  if (!nargs_ok(self, "isascii", n, k, 0, 0)) return VNULL;
  VIEW(self, p, len);
  for (int64_t i = 0; i < len; i++)
    if ((unsigned char)p[i] >= 128) return V_FALSE;
  return V_TRUE;
}

/* istitle: upper letters only after uncased bytes, lower ones only after cased; one at least. */
static Value m_istitle(Value self, Value *a, int n, Tuple *k) {
  (void)a;
  if (!nargs_ok(self, "istitle", n, k, 0, 0)) return VNULL;
  VIEW(self, p, len);
  bool cased = false, prev_cased = false;
  for (int64_t i = 0; i < len; i++) {
    if (is_up(p[i])) {
      if (prev_cased) return V_FALSE;
      prev_cased = cased = true;
    } else if (is_lo(p[i])) {
      if (!prev_cased) return V_FALSE;
      prev_cased = cased = true;
    } else {
      prev_cased = false;
    }
  }
  return v_bool(cased);
}

/* how: 0 = ljust, 1 = rjust, 2 = center (CPython puts the odd pad byte on the left only when
   both the pad and the width are odd). */
static Value pad_impl(Value self, Value *args, int nargs, Tuple *kw, const char *name, int how) {
  if (!nargs_ok(self, name, nargs, kw, 1, 2)) return VNULL;
  int64_t width;
  if (!index_of(args[0], &width)) return VNULL;
  char fill = ' ';
  if (nargs > 1) {
    const char *fp;
    int64_t fn;
    if (!bytes_view(args[1], &fp, &fn) || fn != 1)
      return err_format(Exc_TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name,
                        type_name(v_type(args[1])));
    fill = fp[0];
  }
  VIEW(self, p, n);
  if (width <= n) return like(self, p, (size_t)n);
  if (width > BYTES_MAX) return err_no_memory();
  int64_t pad = width - n, left = how == 0 ? 0 : how == 1 ? pad : pad / 2 + (pad & width & 1);
  char *buf = malloc((size_t)width);
  if (!buf) return err_no_memory();
  memset(buf, fill, (size_t)width);
  memcpy(buf + left, p, (size_t)n);
  Value r = like(self, buf, (size_t)width);
  free(buf);
  return r;
}
static Value m_ljust(Value self, Value *a, int n, Tuple *k) { return pad_impl(self, a, n, k, "ljust", 0); }
static Value m_rjust(Value self, Value *a, int n, Tuple *k) { return pad_impl(self, a, n, k, "rjust", 1); }
static Value m_center(Value self, Value *a, int n, Tuple *k) { return pad_impl(self, a, n, k, "center", 2); }

static Value m_zfill(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "zfill", nargs, kw, 1, 1)) return VNULL;
  int64_t width;
  if (!index_of(args[0], &width)) return VNULL;
  VIEW(self, p, n);
  if (width <= n) return like(self, p, (size_t)n);
  if (width > BYTES_MAX) return err_no_memory();
  char *buf = malloc((size_t)width);
  if (!buf) return err_no_memory();
  int64_t pad = width - n;
  memset(buf, '0', (size_t)width);
  memcpy(buf + pad, p, (size_t)n);
  if (n > 0 && (p[0] == '+' || p[0] == '-')) {
    buf[0] = p[0];
    buf[pad] = '0';
  }
  Value r = like(self, buf, (size_t)width);
  free(buf);
  return r;
}

static Value affix_impl(Value self, Value *args, int nargs, Tuple *kw, const char *name, bool suffix) {
  if (!nargs_ok(self, name, nargs, kw, 1, 1)) return VNULL;
  const char *a;
  int64_t an;
  if (!sep_arg(args[0], &a, &an)) return VNULL;
  VIEW(self, p, n);
  if (an <= n && memcmp(suffix ? p + n - an : p, a, (size_t)an) == 0)
    return like(self, suffix ? p : p + an, (size_t)(n - an));
  return like(self, p, (size_t)n);
}
static Value m_removeprefix(Value self, Value *a, int n, Tuple *k) { return affix_impl(self, a, n, k, "removeprefix", false); }
static Value m_removesuffix(Value self, Value *a, int n, Tuple *k) { return affix_impl(self, a, n, k, "removesuffix", true); }

static Value m_translate(Value self, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"table", "delete"};
  Value out[2];
  if (!args_parse("translate", args, nargs, kw, names, 1, 2, out)) return VNULL;
  const char *tp = NULL, *dp = "";
  int64_t tn = 0, dn = 0;
  if (out[0] != V_NONE) {
    if (!sep_arg(out[0], &tp, &tn)) return VNULL;
    if (tn != 256) return err_format(Exc_ValueError, "translation table must be 256 characters long");
  }
  if (out[1] && !sep_arg(out[1], &dp, &dn)) return VNULL;
  bool del[256] = {false};
  for (int64_t i = 0; i < dn; i++) del[(unsigned char)dp[i]] = true;
  VIEW(self, p, n);
  char *buf = malloc((size_t)n + 1);
  if (!buf) return err_no_memory();
  int64_t o = 0;
  for (int64_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!del[c]) buf[o++] = tp ? tp[c] : (char)c;
  }
  Value r = like(self, buf, (size_t)o);
  free(buf);
  return r;
}

static Value m_maketrans(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("maketrans", nargs, kw, 2, 2)) return VNULL;
  const char *a, *b;
  int64_t an, bn;
  if (!sep_arg(args[0], &a, &an) || !sep_arg(args[1], &b, &bn)) return VNULL;
  if (an != bn) return err_format(Exc_ValueError, "maketrans arguments must have same length");
  char table[256];
  for (int c = 0; c < 256; c++) table[c] = (char)c;
  for (int64_t i = 0; i < an; i++) table[(unsigned char)a[i]] = b[i];
  return bytes_new(table, 256);
}

static Value m_getitem(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__getitem__", nargs, kw, 1, 1)) return VNULL;
  return bytes_getitem(self, args[0]);
}

static Value m_len(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__len__", nargs, kw, 0, 0)) return VNULL;
  return v_from_int(bytes_len(self));
}

static Value m_contains(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__contains__", nargs, kw, 1, 1)) return VNULL;
  int r = bytes_contains(self, args[0]);
  return r < 0 ? VNULL : v_bool(r);
}

/* -- bytearray's own methods ------------------------------------------------------------------------ */
#define BA V_AS(ByteArray, self)

static Value m_append(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "append", nargs, kw, 1, 1)) return VNULL;
  int byte;
  if (!v_isinstance(args[0], &Type_int) && !type_lookup(v_type(args[0]), N.__index__))
    return err_format(Exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v_type(args[0])));
  if (!byte_value(args[0], &byte, "byte must be in range(0, 256)")) return VNULL;
  char c = (char)byte;
  return ba_extend_raw(BA, &c, 1) ? V_NONE : VNULL;
}

static Value m_extend(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "extend", nargs, kw, 1, 1)) return VNULL;
  const char *p;
  int64_t n;
  Value src = args[0];
  if (!bytes_view(src, &p, &n)) {
    if (IS_STR(src)) return err_format(Exc_TypeError, "expected iterable of integers; got: 'str'");
    src = bytes_from_iterable(src);
    if (!src) {
      if (err_matches(Exc_TypeError) && !v_isinstance(args[0], &Type_int)) return VNULL;
      return VNULL;
    }
    bytes_view(src, &p, &n);
  }
  return ba_extend_raw(BA, p, n) ? V_NONE : VNULL;
}

static Value m_pop(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "pop", nargs, kw, 0, 1)) return VNULL;
  ByteArray *a = BA;
  int64_t i = -1;
  if (nargs && !index_of(args[0], &i)) return VNULL;
  if (a->len == 0) return err_format(Exc_IndexError, "pop from empty bytearray");
  if (i < 0) i += a->len;
  if (i < 0 || i >= a->len) return err_format(Exc_IndexError, "pop index out of range");
  int r = (unsigned char)a->data[i];
  memmove(a->data + i, a->data + i + 1, (size_t)(a->len - i - 1));
  a->len--;
  return v_from_int(r);
}

static Value m_insert(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "insert", nargs, kw, 2, 2)) return VNULL;
  int64_t i;
  int byte;
  if (!index_of(args[0], &i) || !byte_value(args[1], &byte, "byte must be in range(0, 256)")) return VNULL;
  ByteArray *a = BA;
  if (i < 0) i = i + a->len < 0 ? 0 : i + a->len;
  if (i > a->len) i = a->len;
  char c = (char)byte;
  if (!ba_extend_raw(a, &c, 1)) return VNULL;
  memmove(a->data + i + 1, a->data + i, (size_t)(a->len - 1 - i));
  a->data[i] = c;
  return V_NONE;
}

static Value m_reverse(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok(self, "reverse", nargs, kw, 0, 0)) return VNULL;
  ByteArray *a = BA;
  for (int64_t i = 0, j = a->len - 1; i < j; i++, j--) {
    char t = a->data[i];
    a->data[i] = a->data[j];
    a->data[j] = t;
  }
  return V_NONE;
}

static Value m_remove(Value self, Value *args, int nargs, Tuple *kw) {
  if (!nargs_ok(self, "remove", nargs, kw, 1, 1)) return VNULL;
  int byte;
  if (!byte_value(args[0], &byte, "byte must be in range(0, 256)")) return VNULL;
  ByteArray *a = BA;
  const char *q = memchr(a->data, byte, (size_t)a->len);
  if (!q) return err_format(Exc_ValueError, "value not found in bytearray");
  int64_t i = q - a->data;
  memmove(a->data + i, a->data + i + 1, (size_t)(a->len - i - 1));
  a->len--;
  return V_NONE;
}

static Value m_clear(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok(self, "clear", nargs, kw, 0, 0)) return VNULL;
  BA->len = 0;
  return V_NONE;
}

static Value m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!nargs_ok(self, "copy", nargs, kw, 0, 0)) return VNULL;
  return bytearray_new(BA->data, (size_t)BA->len);
}

static Value m_setitem(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__setitem__", nargs, kw, 2, 2)) return VNULL;
  return ba_setitem(self, args[0], args[1]) ? V_NONE : VNULL;
}

static Value m_delitem(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__delitem__", nargs, kw, 1, 1)) return VNULL;
  return ba_setitem(self, args[0], VNULL) ? V_NONE : VNULL;
}

/* -- Registration ------------------------------------------------------------------------------------ */
#define SHARED_METHODS \
  {"decode", m_decode, NULL}, {"hex", m_hex, NULL}, {"join", m_join, NULL}, {"split", m_split, NULL}, \
  {"strip", m_strip, NULL}, {"lstrip", m_lstrip, NULL}, {"rstrip", m_rstrip, NULL}, \
  {"startswith", m_startswith, NULL}, {"endswith", m_endswith, NULL}, {"find", m_find, NULL}, \
  {"rfind", m_rfind, NULL}, {"index", m_index, NULL}, {"rindex", m_rindex, NULL}, \
  {"count", m_count, NULL}, {"replace", m_replace, NULL}, {"upper", m_upper, NULL}, \
  {"lower", m_lower, NULL}, {"__getitem__", m_getitem, NULL}, {"__len__", m_len, NULL}, \
  {"__contains__", m_contains, NULL}, {"partition", m_partition, NULL}, {"rpartition", m_rpartition, NULL}, \
  {"rsplit", m_rsplit, NULL}, {"splitlines", m_splitlines, NULL}, {"isalpha", m_isalpha, NULL}, \
  {"isdigit", m_isdigit, NULL}, {"isspace", m_isspace, NULL}, {"isalnum", m_isalnum, NULL}, \
  {"islower", m_islower, NULL}, {"isupper", m_isupper, NULL}, {"ljust", m_ljust, NULL}, \
  {"rjust", m_rjust, NULL}, {"center", m_center, NULL}, {"zfill", m_zfill, NULL}, \
  {"removeprefix", m_removeprefix, NULL}, {"removesuffix", m_removesuffix, NULL}, \
  {"translate", m_translate, NULL}, {"swapcase", m_swapcase, NULL}, {"title", m_title, NULL}, \
  {"capitalize", m_capitalize, NULL}, {"expandtabs", m_expandtabs, NULL}, \
  {"isascii", m_isascii, NULL}, {"istitle", m_istitle, NULL}

static const MethodDef bytes_methods[] = {SHARED_METHODS, {NULL, NULL, NULL}};
static const MethodDef bytearray_methods[] = {
  SHARED_METHODS, {"append", m_append, NULL}, {"extend", m_extend, NULL}, {"pop", m_pop, NULL},
  {"clear", m_clear, NULL}, {"copy", m_copy, NULL}, {"insert", m_insert, NULL},
  {"reverse", m_reverse, NULL}, {"remove", m_remove, NULL}, {"__setitem__", m_setitem, NULL},
  {"__delitem__", m_delitem, NULL}, {NULL, NULL, NULL}};

void bytes_init(void) {
  s_bytes_dunder = str_intern_cstr("__bytes__");
  s_radd = str_intern_cstr("__radd__");
  s_rmul = str_intern_cstr("__rmul__");
  gc_add_global_root((Value *)&s_bytes_dunder);
  gc_add_global_root((Value *)&s_radd);
  gc_add_global_root((Value *)&s_rmul);
  Type *both[2] = {&Type_bytes, &Type_bytearray};
  for (int i = 0; i < 2; i++) {
    Type *t = both[i];
    t->repr = bytes_repr;
    t->richcompare = bytes_richcompare;
    t->len = bytes_len;
    t->contains = bytes_contains;
    t->getitem = bytes_getitem;
    t->binop = bytes_binop;
  }
  Type_bytes.hash = bytes_hash;
  Type_bytes.new = bytes_new_slot;
  Type_bytearray.hash = ba_hash;
  Type_bytearray.new = ba_new_slot;
  Type_bytearray.setitem = ba_setitem;
  Type_bytearray.finalize = ba_finalize;
  type_add_methods(&Type_bytes, bytes_methods);
  type_add_methods(&Type_bytearray, bytearray_methods);
  type_set_attr_cstr(&Type_bytes, "fromhex", static_builtin("fromhex", m_fromhex));
  type_set_attr_cstr(&Type_bytearray, "fromhex", static_builtin("fromhex", m_ba_fromhex));
  type_set_attr_cstr(&Type_bytes, "maketrans", static_builtin("maketrans", m_maketrans));
  type_set_attr_cstr(&Type_bytearray, "maketrans", static_builtin("maketrans", m_maketrans));
  type_set_attr_cstr(&Type_bytearray, "__hash__", V_NONE);
}
