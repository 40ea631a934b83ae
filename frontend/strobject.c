/* strobject.c: the core of str: creation, interning, hashing, equality, concatenation.
 *
 * Text is stored as UTF-8 with its code-point count; an all-ASCII flag makes indexing O(1) in
 * the common case. `s += t` is amortized linear without reference counts: a long string may
 * live in a shared append buffer (StrBuf), and concatenation appends in place when the left
 * operand ends exactly where the buffer's used part ends. Older strings that share the buffer
 * keep their own length, so nothing observable changes; their bytes past their length are
 * simply not theirs. Hence: Str.data is NOT NUL-terminated in general; always use len.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wctype.h>
#include <xxhash.h>

#include "object.h"
#include "strobject.h"

/* Strings at least this long are built in a shared buffer by concatenation. */
#define STRBUF_MIN 128

static Dict *interned;

static void str_traverse(Obj *o, VisitFn visit) { visit((Value *)&((Str *)o)->buf); }

static int64_t count_chars(const char *p, size_t len, bool *ascii) {
  int64_t n = 0;
  bool a = true;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x80) a = false;
    if ((c & 0xC0) != 0x80) n++;
  }
  *ascii = a;
  return n;
}

Str *str_alloc(size_t len) {
  Str *s = (Str *)gc_alloc(&Type_str, sizeof(Str) + len + 1);
  s->len = (int64_t)len;
  s->hash = -1;
  s->data = s->inl;
  return s;
}

void str_finish(Str *s) {
  bool ascii;
  s->data[s->len] = 0;
  s->nchars = count_chars(s->data, (size_t)s->len, &ascii);
  if (ascii) s->h.aux |= STR_ASCII;
}

void str_finish_known(Str *s, int64_t nchars, bool ascii) {
  s->data[s->len] = 0;
  s->nchars = nchars;
  if (ascii) s->h.aux |= STR_ASCII;
}

Value str_new(const char *utf8, size_t len) {
  if (len == 0) return OBJ_V(str_empty());
  if (len == 1 && (unsigned char)utf8[0] < 128) return OBJ_V(str_char((unsigned char)utf8[0]));
  Str *s = str_alloc(len);
  memcpy(s->data, utf8, len);
  str_finish(s);
  return OBJ_V(s);
}

Value str_from_cstr(const char *s) { return str_new(s, strlen(s)); }

/* -- Single characters and the empty string are shared ----------------------------------------- */
static Str *ascii_chars[128];
static Str *empty_str;

Str *str_char(unsigned c) {
  if (!ascii_chars[c]) {
    Str *s = str_alloc(1);
    s->data[0] = (char)c;
    str_finish_known(s, 1, true);
    ascii_chars[c] = s;
    gc_add_global_root((Value *)&ascii_chars[c]);
  }
  return ascii_chars[c];
}

Str *str_empty(void) {
  if (!empty_str) {
    empty_str = str_alloc(0);
    str_finish_known(empty_str, 0, true);
    gc_add_global_root((Value *)&empty_str);
  }
  return empty_str;
}

/* -- Hash and equality -------------------------------------------------------------------------- */
int64_t str_hash(Str *s) {
  if (s->hash != -1) return s->hash;
  int64_t h = (int64_t)XXH3_64bits(s->data, (size_t)s->len);
  if (h == -1) h = -2;
  s->hash = h;
  return h;
}

bool str_eq(const Str *a, const Str *b) {
  if (a == b) return true;
  if (a->len != b->len) return false;
  if ((a->h.aux & STR_INTERNED) && (b->h.aux & STR_INTERNED)) return false;
  if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
  return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

/* -- Interning ----------------------------------------------------------------------------------- */
Str *str_intern(Str *s) {
  if (s->h.aux & STR_INTERNED) return s;
  if (!interned) {
    interned = dict_new();
    gc_add_global_root((Value *)&interned);
  }
  Value found = dict_get_str(interned, s);
  if (found) return V_AS(Str, found);
  if (s->buf) s = V_AS(Str, str_new(s->data, (size_t)s->len)); /* interned strings own their bytes */
  s->h.aux |= STR_INTERNED;
  dict_set_str(interned, s, OBJ_V(s));
  return s;
}

Str *str_intern_cstr(const char *c) {
  size_t n = strlen(c);
  Str *s = str_alloc(n);
  memcpy(s->data, c, n);
  str_finish(s);
  return str_intern(s);
}

/* -- Concatenation -------------------------------------------------------------------------------- */
static Str *str_in_buffer(StrBuf *b, const char *start, int64_t len, int64_t nchars, bool ascii) {
  Str *s = (Str *)gc_alloc(&Type_str, sizeof(Str));
  s->len = len;
  s->nchars = nchars;
  s->hash = -1;
  s->data = (char *)start;
  s->buf = b;
  if (ascii) s->h.aux |= STR_ASCII;
  return s;
}

static StrBuf *strbuf_new(size_t cap) {
  StrBuf *b = (StrBuf *)gc_alloc(&Type_strbuf, sizeof(StrBuf) + cap + 1);
  b->cap = cap;
  return b;
}

Value str_concat(Value av, Value bv) {
  Str *a = V_AS(Str, av), *b = V_AS(Str, bv);
  if (b->len == 0) return av;
  if (a->len == 0) return bv;
  int64_t len = a->len + b->len, nchars = a->nchars + b->nchars;
  bool ascii = str_is_ascii(a) && str_is_ascii(b);
  StrBuf *buf = a->buf;
  if (buf && a->data + a->len == buf->bytes + buf->used && buf->used + (size_t)b->len <= buf->cap) {
    memcpy(buf->bytes + buf->used, b->data, (size_t)b->len);
    buf->used += (size_t)b->len;
    return OBJ_V(str_in_buffer(buf, a->data, len, nchars, ascii));
  }
  if (len >= STRBUF_MIN) {
    buf = strbuf_new((size_t)len * 2);
    memcpy(buf->bytes, a->data, (size_t)a->len);
    memcpy(buf->bytes + a->len, b->data, (size_t)b->len);
    buf->used = (size_t)len;
    return OBJ_V(str_in_buffer(buf, buf->bytes, len, nchars, ascii));
  }
  Str *s = str_alloc((size_t)len);
  memcpy(s->data, a->data, (size_t)a->len);
  memcpy(s->data + a->len, b->data, (size_t)b->len);
  str_finish_known(s, nchars, ascii);
  return OBJ_V(s);
}

/* -- Code points ----------------------------------------------------------------------------------- */
size_t utf8_encode(uint32_t cp, char out[4]) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

uint32_t utf8_decode(const char *p, size_t *adv) {
  const unsigned char *u = (const unsigned char *)p;
  if (u[0] < 0x80) { *adv = 1; return u[0]; }
  if (u[0] < 0xE0) { *adv = 2; return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); }
  if (u[0] < 0xF0) {
    *adv = 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  *adv = 4;
  return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
         ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

/* The zeros of the Unicode decimal-digit (Nd) runs, each ten code points long. */
static const uint32_t nd_zeros[] = {
  0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
  0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
  0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
  0xFF10, 0x104A0, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
  0x116C0, 0x11730, 0x118E0, 0x16A60, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E950,
};

bool unicode_is_decimal(uint32_t c) {
  if (c < 128) return c >= '0' && c <= '9';
  for (size_t k = 1; k < sizeof nd_zeros / sizeof nd_zeros[0]; k++)
    if (c >= nd_zeros[k] && c < nd_zeros[k] + 10) return true;
  return false;
}

/* Byte offset of code point i (0 <= i <= nchars). */
size_t str_offset(const Str *s, int64_t i) {
  if (str_is_ascii(s)) return (size_t)i;
  const char *p = s->data;
  size_t off = 0;
  for (int64_t k = 0; k < i; k++) {
    off++;
    while (off < (size_t)s->len && ((unsigned char)p[off] & 0xC0) == 0x80) off++;
  }
  return off;
}

Value str_from_codepoint(uint32_t cp) {
  if (cp < 128) return OBJ_V(str_char(cp));
  char buf[4];
  size_t n = utf8_encode(cp, buf);
  return str_new(buf, n);
}

/* -- repr ----------------------------------------------------------------------------------------- */
/* Code points repr() escapes beyond the C0/C1 controls: separators (Zs, Zl, Zp) other than
   ' ' and the format characters (Cf), as ranges. Unassigned and private-use code points
   (Cn, Co) come from the C library's table (iswprint in C.UTF-8). */
static const uint32_t nonprintable_ranges[][2] = {
  {0xA0, 0xA0}, {0xAD, 0xAD}, {0x600, 0x605}, {0x61C, 0x61C}, {0x6DD, 0x6DD}, {0x70F, 0x70F},
  {0x890, 0x891}, {0x8E2, 0x8E2}, {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200F},
  {0x2028, 0x202F}, {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000}, {0xD800, 0xF8FF},
  {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
  {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
  {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF}};

static bool printable(uint32_t cp) {
  if (cp < 0x7F) return cp >= 0x20;
  if (cp < 0xA0) return false;
  for (size_t i = 0; i < sizeof nonprintable_ranges / sizeof nonprintable_ranges[0]; i++)
    if (cp >= nonprintable_ranges[i][0] && cp <= nonprintable_ranges[i][1]) return false;
  static locale_t loc;
  if (!loc) loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  return !loc || iswprint_l((wint_t)cp, loc);
}

Value str_repr_of(const Str *s) {
  bool has_sq = memchr(s->data, '\'', (size_t)s->len) != NULL;
  bool has_dq = memchr(s->data, '"', (size_t)s->len) != NULL;
  char q = (has_sq && !has_dq) ? '"' : '\'';
  StrBuilder b;
  sb_init(&b);
  sb_putc(&b, q);
  for (size_t i = 0; i < (size_t)s->len;) {
    size_t adv;
    uint32_t cp = utf8_decode(s->data + i, &adv);
    if (cp == (uint32_t)q || cp == '\\') { sb_putc(&b, '\\'); sb_putc(&b, (char)cp); }
    else if (cp == '\n') sb_puts(&b, "\\n");
    else if (cp == '\r') sb_puts(&b, "\\r");
    else if (cp == '\t') sb_puts(&b, "\\t");
    else if (!printable(cp)) {
      char e[16];
      if (cp < 0x100) snprintf(e, sizeof e, "\\x%02x", cp);
      else if (cp < 0x10000) snprintf(e, sizeof e, "\\u%04x", cp);
      else snprintf(e, sizeof e, "\\U%08x", cp);
      sb_puts(&b, e);
    } else sb_put(&b, s->data + i, adv);
    i += adv;
  }
  sb_putc(&b, q);
  return sb_finish(&b);
}

/* -- StrBuilder: a malloc'd growable buffer that becomes a Str at the end ------------------------ */
void sb_init(StrBuilder *b) { b->data = NULL; b->len = b->cap = 0; }
void sb_put(StrBuilder *b, const char *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + n + 1) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) { fputs("pypy-client: out of memory\n", stderr); abort(); }
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}
void sb_putc(StrBuilder *b, char c) { sb_put(b, &c, 1); }
void sb_puts(StrBuilder *b, const char *s) { sb_put(b, s, strlen(s)); }
void sb_putstr(StrBuilder *b, Value s) { sb_put(b, V_AS(Str, s)->data, (size_t)V_AS(Str, s)->len); }
Value sb_finish(StrBuilder *b) {
  Value v = str_new(b->data ? b->data : "", b->len);
  free(b->data);
  sb_init(b);
  return v;
}
void sb_free(StrBuilder *b) { free(b->data); sb_init(b); }

void str_init_types(void) {
  Type_str.traverse = str_traverse;
}
