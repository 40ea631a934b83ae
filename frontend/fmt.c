/* fmt: CPython 3.11's float repr, format() mini-language, printf-style
 * formatting, float() parsing and round(x, n), in plain C.
 *
 * Two ideas carry the file:
 *  - Every float output goes through one decimal digit string ("digits,
 *    decpt": value = 0.DIGITS * 10^decpt, trailing zeros stripped), made by
 *    glibc's exact snprintf, and one renderer that copies CPython's
 *    format_float_short (pystrtod.c) line by line. So e/f/g/r, '#', 'z' and
 *    the ".0" rules all match CPython by construction.
 *  - Numbers are laid out as CPython's calc_number_widths/fill_number do:
 *    <lpad><sign><prefix><spad><grouped digits><rest><rpad>, where zero
 *    padding with '=' is done by the grouping code so that "08," gives
 *    "0,001,234".
 * Assumes the C library runs in the "C" LC_NUMERIC locale.
 */
#include "fmt.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM_TEXT "out of memory"

static void seterr(char err[FMT_ERR_LEN], const char *f, ...)
{
  va_list ap;
  va_start(ap, f);
  vsnprintf(err, FMT_ERR_LEN, f, ap);
  va_end(ap);
}

/* -- FmtBuf ------------------------------------------------------------- */

void fmtbuf_init(FmtBuf *b)
{
  b->data = NULL;
  b->len = b->cap = 0;
}

void fmtbuf_free(FmtBuf *b)
{
  free(b->data);
  fmtbuf_init(b);
}

/* Makes room for n more bytes and returns where they go (len unchanged). */
static char *reserve(FmtBuf *b, size_t n)
{
  if (n > SIZE_MAX / 2 - b->len) return NULL;
  if (b->len + n > b->cap || !b->data) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) return NULL;
    b->data = d;
    b->cap = cap;
  }
  return b->data + b->len;
}

bool fmtbuf_append(FmtBuf *b, const char *s, size_t n)
{
  char *p = reserve(b, n);
  if (!p) return false;
  if (n) memcpy(p, s, n);
  b->len += n;
  return true;
}

/* -- UTF-8 ---------------------------------------------------------------- */

static size_t utf8_count(const char *s, size_t n)
{
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Byte length of the first k code points of s[0..n). */
static size_t utf8_prefix(const char *s, size_t n, size_t k)
{
  size_t i = 0;
  while (i < n && k > 0) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    k--;
  }
  return i;
}

/* Decodes one code point at s[*i] (lenient: bad bytes decode as themselves). */
static uint32_t utf8_next(const char *s, size_t n, size_t *i)
{
  unsigned char c = (unsigned char)s[*i];
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 3 ? c & 7u : extra == 2 ? c & 15u : extra ? c & 31u : c;
  size_t j = *i + 1;
  for (int k = 0; k < extra; k++, j++) {
    if (j >= n || ((unsigned char)s[j] & 0xC0) != 0x80) {
      *i += 1;
      return c;
    }
    cp = (cp << 6) | ((unsigned char)s[j] & 0x3Fu);
  }
  *i = j;
  return cp;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | ((cp >> 18) & 0x07));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Appends n copies of code point cp. */
static bool put_fill(FmtBuf *b, uint32_t cp, size_t n)
{
  char enc[4];
  size_t k = utf8_encode(cp, enc);
  if (n == 0) return true;
  char *p = reserve(b, n * k);
  if (!p) return false;
  if (k == 1) {
    memset(p, enc[0], n);
  } else {
    for (size_t i = 0; i < n; i++) memcpy(p + i * k, enc, k);
  }
  b->len += n * k;
  return true;
}

static bool put_char(FmtBuf *b, char c) { return fmtbuf_append(b, &c, 1); }

/* -- Decimal digits of a double --------------------------------------------
 * The three dtoa modes CPython uses: 0 = shortest round-trip, 2 = at most
 * ndigits significant digits, 3 = ndigits past the point. glibc's printf is
 * exact and rounds half-even on the exact binary value, as dtoa does. */

#define DEC_INLINE 400

typedef struct {
  char *d;    /* digits, no trailing zeros; "0" for zero */
  int n;      /* number of digits */
  int decpt;  /* value = 0.d * 10^decpt */
  bool neg;
  char *heap; /* owned buffer when the inline one is too small */
  char inl[DEC_INLINE];
} Dec;

static void dec_free(Dec *d) { free(d->heap); }

/* Normalises raw digits in d->d[0..n): strips leading zeros (moving decpt)
 * and trailing zeros; an all-zero string becomes "0" with decpt 1. */
static void dec_trim(Dec *d)
{
  int lead = 0;
  while (lead < d->n && d->d[lead] == '0') lead++;
  if (lead == d->n) {
    d->d[0] = '0';
    d->n = 1;
    d->decpt = 1;
    return;
  }
  d->d += lead;
  d->n -= lead;
  d->decpt -= lead;
  while (d->n > 1 && d->d[d->n - 1] == '0') d->n--;
}

/* Parses snprintf "%e" output "D.DDDDe+XX" into digits and decpt. */
static void dec_from_e(Dec *d, char *s)
{
  char *e = strchr(s, 'e');
  int exp = atoi(e + 1);
  int n = 0;
  for (char *p = s; p < e; p++)
    if (*p != '.') s[n++] = *p;
  d->d = s;
  d->n = n;
  d->decpt = exp + 1;
  dec_trim(d);
}

static bool round_trips(const char *s, double x) { return strtod(s, NULL) == x; }

/* Shortest digits that round-trip, closest to x among the shortest.
 * Any decimal of <= 15 significant digits survives a trip through double
 * (DBL_DIG), so if some string that short round-trips, the 15-digit
 * rounding of x is that string padded with zeros. Else at 16 digits the
 * closest candidate may fail while its neighbour on the other side of x
 * succeeds (the round-trip interval is lopsided at powers of two), so both
 * are tried; 17 digits always round-trip. Subnormals are the exception,
 * handled first. */
static void dec_shortest(Dec *d, double ax)
{
  char *s = d->inl;
  if (ax < DBL_MIN) {
    /* Subnormals carry fewer than 15 digits, so DBL_DIG does not apply;
     * their spacing is uniform, so the closest n-digit decimal is the only
     * candidate for each n. */
    for (int n = 1; n < 17; n++) {
      snprintf(s, 40, "%.*e", n - 1, ax);
      if (round_trips(s, ax)) {
        dec_from_e(d, s);
        return;
      }
    }
  }
  snprintf(s, 40, "%.14e", ax);
  if (round_trips(s, ax)) {
    dec_from_e(d, s);
    return;
  }
  snprintf(s, 40, "%.15e", ax);
  if (round_trips(s, ax)) {
    dec_from_e(d, s);
    return;
  }
  char *e = strchr(s, 'e');
  int exp = atoi(e + 1);
  unsigned long long m = 0;
  for (char *p = s; p < e; p++)
    if (*p != '.') m = m * 10 + (unsigned)(*p - '0');
  for (int delta = -1; delta <= 1; delta += 2) {
    char t[48];
    snprintf(t, sizeof t, "%llue%d", m + (unsigned long long)(long long)delta,
             exp - 15);
    if (round_trips(t, ax)) {
      char *te = strchr(t, 'e');
      d->d = s;
      d->n = (int)(te - t);
      memcpy(s, t, (size_t)d->n);
      d->decpt = d->n + exp - 15;
      dec_trim(d);
      return;
    }
  }
  snprintf(s, 40, "%.16e", ax);
  dec_from_e(d, s);
}

static bool dec_make(Dec *d, double x, int mode, int ndigits)
{
  double ax = fabs(x);
  d->neg = signbit(x) != 0;
  d->heap = NULL;
  if (mode == 0) {
    if (ax == 0) {
      d->d = d->inl;
      d->inl[0] = '0';
      d->n = 1;
      d->decpt = 1;
    } else {
      dec_shortest(d, ax);
    }
    return true;
  }
  /* mode 2: ndigits + "d.e-308" overhead; mode 3: 309 integer digits. */
  size_t need = (size_t)ndigits + (mode == 2 ? 16 : 330);
  char *s = d->inl;
  if (need > DEC_INLINE) {
    s = d->heap = malloc(need);
    if (!s) return false;
  }
  if (mode == 2) {
    snprintf(s, need, "%.*e", ndigits - 1, ax);
    dec_from_e(d, s);
    return true;
  }
  int len = snprintf(s, need, "%.*f", ndigits, ax);
  char *dot = memchr(s, '.', (size_t)len);
  int intlen = dot ? (int)(dot - s) : len;
  if (dot) memmove(dot, dot + 1, (size_t)(len - intlen - 1));
  d->d = s;
  d->n = dot ? len - 1 : len;
  d->decpt = intlen;
  dec_trim(d);
  return true;
}

/* -- Float to text (CPython's PyOS_double_to_string) ---------------------- */

enum { DT_ALT = 1, DT_ADD_DOT_0 = 2, DT_NO_NEG_0 = 4 };

/* A float rendering in two steps so callers can size the output first:
 * float_plan decides the layout, float_write writes float_bound() bytes at
 * most. code is e f g r or uppercase E F G; 'r' is repr (mode 0). */
typedef struct {
  Dec dec;
  bool upper, use_exp, special, nan;
  char code;
  int exp, decpt, vstart, vend;
  unsigned flags;
} FloatPlan;

static bool float_plan(FloatPlan *p, double x, char code, int precision,
                       unsigned flags)
{
  int mode = 0;
  p->upper = code >= 'A' && code <= 'Z';
  code = (char)tolower((unsigned char)code);
  p->code = code;
  p->flags = flags;
  p->use_exp = false;
  p->special = !isfinite(x);
  p->nan = isnan(x);
  p->dec.heap = NULL;
  if (p->special) {
    p->dec.neg = !isnan(x) && x < 0;
    return true;
  }
  switch (code) {
  case 'e': mode = 2; precision++; break;
  case 'f': mode = 3; break;
  case 'g': mode = 2; if (precision == 0) precision = 1; break;
  default: mode = 0; break;
  }
  if (!dec_make(&p->dec, x, mode, precision)) return false;
  Dec *d = &p->dec;
  if ((flags & DT_NO_NEG_0) && d->neg && d->n == 1 && d->d[0] == '0')
    d->neg = false;
  int decpt = d->decpt;
  int vend = d->n;
  bool add_dot_0 = (flags & DT_ADD_DOT_0) != 0;
  switch (code) {
  case 'e':
    p->use_exp = true;
    vend = precision;
    break;
  case 'f':
    vend = decpt + precision;
    break;
  case 'g':
    if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
      p->use_exp = true;
    if (flags & DT_ALT) vend = precision;
    break;
  default:
    if (decpt <= -4 || decpt > 16) p->use_exp = true;
    break;
  }
  if (p->use_exp) {
    p->exp = decpt - 1;
    decpt = 1;
  }
  p->vstart = decpt <= 0 ? decpt - 1 : 0;
  if (!p->use_exp && add_dot_0)
    vend = vend > decpt ? vend : decpt + 1;
  else
    vend = vend > decpt ? vend : decpt;
  p->vend = vend;
  p->decpt = decpt;
  return true;
}

static size_t float_bound(const FloatPlan *p)
{
  if (p->special) return 5;
  return 3 + (size_t)(p->vend - p->vstart) + (p->use_exp ? 6 : 0);
}

static size_t float_write(const FloatPlan *p, char *dst)
{
  char *o = dst;
  if (p->special) {
    if (p->dec.neg) *o++ = '-';
    memcpy(o, p->nan ? (p->upper ? "NAN" : "nan") : (p->upper ? "INF" : "inf"),
           3);
    return (size_t)(o + 3 - dst);
  }
  const Dec *d = &p->dec;
  int decpt = p->decpt, n = d->n;
  if (d->neg) *o++ = '-';
  if (decpt <= 0) {
    memset(o, '0', (size_t)(decpt - p->vstart));
    o += decpt - p->vstart;
    *o++ = '.';
    memset(o, '0', (size_t)-decpt);
    o += -decpt;
  } else {
    memset(o, '0', (size_t)-p->vstart);
    o += -p->vstart;
  }
  if (0 < decpt && decpt <= n) {
    memcpy(o, d->d, (size_t)decpt);
    o += decpt;
    *o++ = '.';
    memcpy(o, d->d + decpt, (size_t)(n - decpt));
    o += n - decpt;
  } else {
    memcpy(o, d->d, (size_t)n);
    o += n;
  }
  if (n < decpt) {
    memset(o, '0', (size_t)(decpt - n));
    o += decpt - n;
    *o++ = '.';
    memset(o, '0', (size_t)(p->vend - decpt));
    o += p->vend - decpt;
  } else {
    memset(o, '0', (size_t)(p->vend - n));
    o += p->vend - n;
  }
  if (o[-1] == '.' && !(p->flags & DT_ALT)) o--;
  if (p->use_exp) {
    *o++ = p->upper ? 'E' : 'e';
    o += sprintf(o, "%+.02d", p->exp);
  }
  return (size_t)(o - dst);
}

static bool put_float(FmtBuf *b, double x, char code, int precision,
                      unsigned flags)
{
  FloatPlan p;
  if (!float_plan(&p, x, code, precision, flags)) return false;
  char *o = reserve(b, float_bound(&p));
  if (o) b->len += float_write(&p, o);
  dec_free(&p.dec);
  return o != NULL;
}

void fmt_float_repr(double x, char buf[FMT_REPR_BUF])
{
  FloatPlan p;
  float_plan(&p, x, 'r', 0, DT_ADD_DOT_0); /* mode 0 never allocates */
  size_t n = float_write(&p, buf);
  buf[n] = '\0';
}

void fmt_float_str(double x, char buf[FMT_REPR_BUF]) { fmt_float_repr(x, buf); }

/* -- Format spec parsing ------------------------------------------------ */

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

/* CPython's get_integer: ASCII digits only, capped at `limit`. Returns the
 * number of digits read or -1 on overflow. */
static int get_integer(const char *s, size_t len, size_t *i, int *out, int limit)
{
  int v = 0, nd = 0;
  while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
    int dv = s[*i] - '0';
    if (v > (limit - dv) / 10) return -1;
    v = v * 10 + dv;
    (*i)++;
    nd++;
  }
  *out = v;
  return nd;
}

bool fmt_parse_spec(const char *spec, size_t len, const char *type_name,
                    FmtSpec *out, char err[FMT_ERR_LEN])
{
  FmtSpec *s = out;
  size_t i = 0;
  memset(s, 0, sizeof *s);
  s->type_name = type_name;
  s->fill = ' ';
  s->width = s->precision = -1;

  if (len > 0) {
    size_t i1 = 0, i2;
    uint32_t c0 = utf8_next(spec, len, &i1);
    i2 = i1;
    uint32_t c1 = i1 < len ? utf8_next(spec, len, &i2) : 0;
    if (i1 < len && is_align(c1)) {
      s->fill = c0;
      s->align = (char)c1;
      s->fill_given = true;
      i = i2;
    } else if (is_align(c0)) {
      s->align = (char)c0;
      i = i1;
    }
  }
  if (i < len && (spec[i] == ' ' || spec[i] == '+' || spec[i] == '-'))
    s->sign = spec[i++];
  if (i < len && spec[i] == 'z') {
    s->no_neg_zero = true;
    i++;
  }
  if (i < len && spec[i] == '#') {
    s->alt = true;
    i++;
  }
  if (!s->fill_given && i < len && spec[i] == '0') {
    s->zero = true;
    s->fill = '0';
    i++;
  }
  int nd = get_integer(spec, len, &i, &s->width, FMT_MAX_WIDTH);
  if (nd < 0) goto too_many_digits;
  if (nd == 0) s->width = -1;

  if (i < len && spec[i] == ',') {
    s->grouping = ',';
    i++;
  }
  if (i < len && spec[i] == '_') {
    if (s->grouping) goto both;
    s->grouping = '_';
    i++;
  }
  if (i < len && spec[i] == ',' && s->grouping == '_') goto both;

  if (i < len && spec[i] == '.') {
    i++;
    nd = get_integer(spec, len, &i, &s->precision, FMT_MAX_PRECISION);
    if (nd < 0) goto too_many_digits;
    if (nd == 0) {
      seterr(err, "Format specifier missing precision");
      return false;
    }
  }
  if (i < len) {
    size_t j = i;
    uint32_t cp = utf8_next(spec, len, &j);
    if (j < len) {
      seterr(err, "Invalid format specifier '%.*s' for object of type '%.40s'",
             (int)(len < 60 ? len : 60), spec, type_name);
      return false;
    }
    s->type_cp = cp;
    s->type = cp < 128 ? (char)cp : 1;
  }
  return true;

too_many_digits:
  seterr(err, "Too many decimal digits in format string");
  return false;
both:
  seterr(err, "Cannot specify both ',' and '_'.");
  return false;
}

/* Writes "'c'" or "'\xNN'" the way CPython quotes a presentation type. */
static void quote_type(char out[16], uint32_t cp)
{
  if (cp > 32 && cp < 128)
    snprintf(out, 16, "'%c'", (char)cp);
  else
    snprintf(out, 16, "'\\x%x'", (unsigned)cp);
}

/* The grouping check CPython does at parse time; it needs the type's
 * default ('s' for str, 'd' for int, none for float), so it runs first in
 * each fmt_apply_*. Returns the grouping interval (0 = none, 3 or 4). */
static int check_grouping(const FmtSpec *s, char default_type, char err[FMT_ERR_LEN])
{
  char t = s->type ? s->type : default_type;
  uint32_t cp = s->type ? s->type_cp : (uint32_t)default_type;
  if (!s->grouping) return 0;
  switch (t) {
  case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%':
  case 'F': case '\0':
    return 3;
  case 'b': case 'o': case 'x': case 'X':
    if (s->grouping == '_') return 4;
    break;
  default:
    break;
  }
  char q[16];
  quote_type(q, cp);
  seterr(err, "Cannot specify '%c' with %s.", s->grouping, q);
  return -1;
}

static bool unknown_type(const FmtSpec *s, char err[FMT_ERR_LEN])
{
  char q[16];
  quote_type(q, s->type_cp);
  seterr(err, "Unknown format code %s for object of type '%.60s'", q,
         s->type_name ? s->type_name : "object");
  return false;
}

/* -- Padding and number layout -------------------------------------------- */

/* Pads `nchars` code points of content already appended at byte offset
 * `start` to the spec's width: CPython's calc_padding + fill_padding. */
static bool pad_around(FmtBuf *b, size_t start, size_t nchars, int width,
                       char align, uint32_t fill)
{
  if (width < 0 || (size_t)width <= nchars) return true;
  size_t total = (size_t)width - nchars;
  size_t left = align == '>' ? total : align == '^' ? total / 2 : 0;
  size_t right = total - left;
  size_t clen = b->len - start;
  char enc[4];
  size_t k = utf8_encode(fill, enc);
  if (!reserve(b, total * k)) return false;
  memmove(b->data + start + left * k, b->data + start, clen);
  for (size_t i = 0; i < left; i++) memcpy(b->data + start + i * k, enc, k);
  b->len += left * k;
  return put_fill(b, fill, right);
}

/* Thousands grouping with zero fill up to min_width, as CPython's
 * InsertThousandsGrouping: groups of `interval` from the right, zeros
 * ('0' fill with '=') become part of the digit groups. Writes backwards
 * ending at dst_end unless dst_end is NULL; returns the length. */
static size_t group_digits(char *dst_end, const char *digits, size_t nd,
                           long min_width, int interval, char sep)
{
  long remaining = (long)nd, mw = min_width;
  size_t count = 0;
  bool use_sep = false;
  for (;;) {
    long l = remaining > mw ? remaining : mw;
    if (l < 1) l = 1;
    if (interval && l > interval) l = interval;
    long zeros = l > remaining ? l - remaining : 0;
    long chars = remaining < l ? remaining : l;
    if (chars < 0) chars = 0;
    count += (use_sep ? 1 : 0) + (size_t)zeros + (size_t)chars;
    if (dst_end) {
      if (use_sep) *--dst_end = sep;
      dst_end -= chars;
      memcpy(dst_end, digits + remaining - chars, (size_t)chars);
      dst_end -= zeros;
      memset(dst_end, '0', (size_t)zeros);
    }
    use_sep = true;
    remaining -= chars;
    mw -= l;
    if (!interval || (remaining <= 0 && mw <= 0)) break;
    mw -= 1;
  }
  return count;
}

typedef struct {
  char sign_char;      /* '-' if negative, else 0 */
  const char *prefix;  /* "0x" etc. */
  size_t nprefix;
  const char *digits;  /* integer digits (grouped) */
  size_t ndigits;
  const char *rest;    /* ".5e+10%", 'c' char etc: copied, counted in chars */
  size_t nrest_bytes, nrest_chars;
} Number;

/* CPython's calc_number_widths + fill_number. */
static bool put_number(FmtBuf *b, const FmtSpec *s, const Number *n, int interval)
{
  char align = s->align ? s->align : s->zero ? '=' : '>';
  char sign = 0;
  if (s->sign == '+')
    sign = n->sign_char ? '-' : '+';
  else if (s->sign == ' ')
    sign = n->sign_char ? '-' : ' ';
  else if (n->sign_char)
    sign = '-';
  long width = s->width;
  long nonpad = (sign ? 1 : 0) + (long)n->nprefix + (long)n->nrest_chars;
  long min_width = (s->fill == '0' && align == '=') ? width - nonpad : 0;
  size_t ngrouped = n->ndigits == 0 ? 0
                    : group_digits(NULL, n->digits, n->ndigits, min_width,
                                   interval, s->grouping);
  long padding = width - (nonpad + (long)ngrouped);
  size_t lpad = 0, spad = 0, rpad = 0;
  if (padding > 0) {
    switch (align) {
    case '<': rpad = (size_t)padding; break;
    case '^': lpad = (size_t)padding / 2; rpad = (size_t)padding - lpad; break;
    case '=': spad = (size_t)padding; break;
    default: lpad = (size_t)padding; break;
    }
  }
  if (!put_fill(b, s->fill, lpad)) return false;
  if (sign && !put_char(b, sign)) return false;
  if (!fmtbuf_append(b, n->prefix, n->nprefix)) return false;
  if (!put_fill(b, s->fill, spad)) return false;
  if (ngrouped) {
    char *o = reserve(b, ngrouped);
    if (!o) return false;
    group_digits(o + ngrouped, n->digits, n->ndigits, min_width, interval,
                 s->grouping);
    b->len += ngrouped;
  }
  if (!fmtbuf_append(b, n->rest, n->nrest_bytes)) return false;
  return put_fill(b, s->fill, rpad);
}

/* -- format(): str, int, char, float --------------------------------------- */

bool fmt_apply_str(FmtBuf *b, const FmtSpec *s, const char *utf8, size_t len,
                   char err[FMT_ERR_LEN])
{
  if (check_grouping(s, 's', err) < 0) return false;
  if (s->type && s->type != 's') return unknown_type(s, err);
  if (s->sign) {
    seterr(err, s->sign == ' ' ? "Space not allowed in string format specifier"
                               : "Sign not allowed in string format specifier");
    return false;
  }
  if (s->no_neg_zero) {
    seterr(err, "Negative zero coercion (z) not allowed in string format specifier");
    return false;
  }
  if (s->alt) {
    seterr(err, "Alternate form (#) not allowed in string format specifier");
    return false;
  }
  if (s->align == '=') {
    seterr(err, "'=' alignment not allowed in string format specifier");
    return false;
  }
  size_t nbytes = len;
  if (s->precision >= 0) nbytes = utf8_prefix(utf8, len, (size_t)s->precision);
  size_t start = b->len;
  if (!fmtbuf_append(b, utf8, nbytes) ||
      !pad_around(b, start, utf8_count(utf8, nbytes), s->width,
                  s->align ? s->align : '<', s->fill)) {
    b->len = start;
    seterr(err, OOM_TEXT);
    return false;
  }
  return true;
}

int fmt_int_base(const FmtSpec *s)
{
  switch (s->type) {
  case 'b': return 2;
  case 'o': return 8;
  case 'x': case 'X': return 16;
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
    return 0;
  case 'c': return -1;
  default: return 10;
  }
}

/* Checks shared by fmt_apply_int and fmt_apply_char, in CPython's order. */
static int int_checks(const FmtSpec *s, char err[FMT_ERR_LEN])
{
  int interval = check_grouping(s, 'd', err);
  if (interval < 0) return -1;
  switch (s->type) {
  case 0: case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
    break;
  default:
    unknown_type(s, err);
    return -1;
  }
  if (s->precision >= 0) {
    seterr(err, "Precision not allowed in integer format specifier");
    return -1;
  }
  if (s->no_neg_zero) {
    seterr(err, "Negative zero coercion (z) not allowed in integer format specifier");
    return -1;
  }
  return interval;
}

bool fmt_apply_int(FmtBuf *b, const FmtSpec *s, bool negative,
                   const char *magnitude_digits, size_t ndigits,
                   int base_of_digits, char err[FMT_ERR_LEN])
{
  int interval = int_checks(s, err);
  if (interval < 0) return false;
  if (s->type == 'c' || base_of_digits != fmt_int_base(s)) {
    seterr(err, "fmt_apply_int: digits in base %d for type '%c'",
           base_of_digits, s->type ? s->type : 'd');
    return false;
  }
  char prefix[2] = {'0', s->type == 'X' ? 'X' : s->type};
  char *up = NULL;
  const char *digits = magnitude_digits;
  if (s->type == 'X') {
    up = malloc(ndigits ? ndigits : 1);
    if (!up) goto oom;
    for (size_t i = 0; i < ndigits; i++)
      up[i] = (char)toupper((unsigned char)magnitude_digits[i]);
    digits = up;
  }
  Number n = {negative ? '-' : 0, prefix, (s->alt && base_of_digits != 10) ? 2u : 0u,
              digits, ndigits, NULL, 0, 0};
  size_t start = b->len;
  bool ok = put_number(b, s, &n, interval);
  free(up);
  if (ok) return true;
  b->len = start;
oom:
  seterr(err, OOM_TEXT);
  return false;
}

bool fmt_apply_char(FmtBuf *b, const FmtSpec *s, uint32_t cp,
                    char err[FMT_ERR_LEN])
{
  int interval = int_checks(s, err);
  if (interval < 0) return false;
  if (s->sign) {
    seterr(err, "Sign not allowed with integer format specifier 'c'");
    return false;
  }
  if (s->alt) {
    seterr(err, "Alternate form (#) not allowed with integer format specifier 'c'");
    return false;
  }
  if (cp > 0x10FFFF) {
    seterr(err, "%%c arg not in range(0x110000)");
    return false;
  }
  char enc[4];
  Number n = {0, NULL, 0, NULL, 0, enc, utf8_encode(cp, enc), 1};
  size_t start = b->len;
  if (put_number(b, s, &n, interval)) return true;
  b->len = start;
  seterr(err, OOM_TEXT);
  return false;
}

/* Lays out CPython float text ("-123.45e+06%") as a Number. */
static Number split_float_text(const char *t, size_t len)
{
  Number n = {0, NULL, 0, t, 0, NULL, 0, 0};
  if (len && t[0] == '-') {
    n.sign_char = '-';
    n.digits = ++t;
    len--;
  }
  while (n.ndigits < len && t[n.ndigits] >= '0' && t[n.ndigits] <= '9') n.ndigits++;
  n.rest = t + n.ndigits;
  n.nrest_bytes = n.nrest_chars = len - n.ndigits;
  return n;
}

bool fmt_apply_float(FmtBuf *b, const FmtSpec *s, double x,
                     char err[FMT_ERR_LEN])
{
  int interval = check_grouping(s, 0, err);
  if (interval < 0) return false;
  char type = s->type;
  switch (type) {
  case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
  case 'n': case '%':
    break;
  default:
    return unknown_type(s, err);
  }
  unsigned flags = (s->alt ? DT_ALT : 0) | (s->no_neg_zero ? DT_NO_NEG_0 : 0);
  int default_precision = 6;
  bool pct = false;
  if (type == 0) {
    flags |= DT_ADD_DOT_0;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';
  if (type == '%') {
    type = 'f';
    x *= 100;
    pct = true;
  }
  int precision = s->precision;
  if (precision < 0)
    precision = default_precision;
  else if (type == 'r')
    type = 'g';

  FmtBuf tmp;
  fmtbuf_init(&tmp);
  size_t start = b->len;
  if (!put_float(&tmp, x, type, precision, flags) || (pct && !put_char(&tmp, '%')))
    goto oom;
  Number n = split_float_text(tmp.data, tmp.len);
  if (!put_number(b, s, &n, interval)) goto oom;
  fmtbuf_free(&tmp);
  return true;
oom:
  fmtbuf_free(&tmp);
  b->len = start;
  seterr(err, OOM_TEXT);
  return false;
}

/* -- printf-style % ------------------------------------------------------- */

/* Reads the ASCII digits of a width/precision; -1 when over `limit`. */
static int pct_number(const char *f, size_t len, size_t *i, int first, int limit)
{
  int v = first;
  while (*i < len && f[*i] >= '0' && f[*i] <= '9') {
    int dv = f[*i] - '0';
    if (v > (limit - dv) / 10) return -1;
    v = v * 10 + dv;
    (*i)++;
  }
  return v;
}

/* Mirrors CPython's unicode_format_arg_parse, including where it gives up
 * with "incomplete format" (the format ended before a type character). */
bool fmt_parse_percent(const char *fmt, size_t len, size_t *pos,
                       PercentSpec *out, char err[FMT_ERR_LEN])
{
  PercentSpec *p = out;
  size_t i = *pos + 1;
  memset(p, 0, sizeof *p);
  p->width = p->precision = -1;
  if (i < len && fmt[i] == '%') {
    p->type = '%';
    *pos = i + 1;
    return true;
  }
  if (i < len && fmt[i] == '(') {
    int depth = 1;
    size_t keystart = ++i;
    while (i < len && depth > 0) {
      if (fmt[i] == ')') depth--;
      else if (fmt[i] == '(') depth++;
      i++;
    }
    if (depth > 0) {
      seterr(err, "incomplete format key");
      return false;
    }
    p->has_key = true;
    p->key = fmt + keystart;
    p->key_len = i - 1 - keystart;
  }
  for (; i < len; i++) {
    switch (fmt[i]) {
    case '-': p->flags |= FMT_PCT_LJUST; continue;
    case '+': p->flags |= FMT_PCT_SIGN; continue;
    case ' ': p->flags |= FMT_PCT_BLANK; continue;
    case '#': p->flags |= FMT_PCT_ALT; continue;
    case '0': p->flags |= FMT_PCT_ZERO; continue;
    }
    break;
  }
  if (i < len && fmt[i] == '*') {
    p->width_star = true;
    i++;
  } else if (i < len && fmt[i] >= '0' && fmt[i] <= '9') {
    p->width = pct_number(fmt, len, &i, 0, FMT_MAX_WIDTH);
    if (p->width < 0) {
      seterr(err, "width too big");
      return false;
    }
  }
  if (i < len && fmt[i] == '.') {
    p->precision = 0;
    i++;
    if (i < len && fmt[i] == '*') {
      p->prec_star = true;
      i++;
    } else {
      p->precision = pct_number(fmt, len, &i, 0, FMT_MAX_PRECISION);
      if (p->precision < 0) {
        seterr(err, "precision too big");
        return false;
      }
    }
  }
  if (i < len && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) i++;
  if (i >= len) {
    seterr(err, "incomplete format");
    return false;
  }
  size_t at = i;
  uint32_t cp = utf8_next(fmt, len, &i);
  switch (cp) {
  case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'e':
  case 'E': case 'f': case 'F': case 'g': case 'G': case 'c': case 'r':
  case 's': case 'a':
    p->type = (char)cp;
    *pos = i;
    return true;
  default:
    seterr(err, "unsupported format character '%c' (0x%x) at index %zu",
           cp >= 31 && cp <= 126 ? (char)cp : '?', (unsigned)cp,
           utf8_count(fmt, at));
    return false;
  }
}

bool fmt_percent_set_width(PercentSpec *p, long long v, char err[FMT_ERR_LEN])
{
  if (v < 0) {
    p->flags |= FMT_PCT_LJUST;
    v = v == LLONG_MIN ? LLONG_MAX : -v;
  }
  if (v > FMT_MAX_WIDTH) {
    seterr(err, "width too big");
    return false;
  }
  p->width = (int)v;
  return true;
}

bool fmt_percent_set_precision(PercentSpec *p, long long v, char err[FMT_ERR_LEN])
{
  if (v > FMT_MAX_PRECISION) {
    seterr(err, "precision too big");
    return false;
  }
  p->precision = v < 0 ? 0 : (int)v;
  return true;
}

/* CPython's unicode_format_arg_output: `t` is the converted text (for
 * numbers: optional sign, optional 0x/0o prefix, digits). Numeric text gets
 * the sign flags and zero fill; the prefix stays before zero padding. */
static bool pct_output(FmtBuf *b, const PercentSpec *p, const char *t,
                       size_t len, bool numeric)
{
  char fill = numeric && (p->flags & FMT_PCT_ZERO) ? '0' : ' ';
  char sign = 0;
  size_t nchars;
  long width = p->width;
  if (numeric) {
    if (len && (t[0] == '-' || t[0] == '+')) {
      sign = t[0];
      t++;
      len--;
    } else if (p->flags & FMT_PCT_SIGN) {
      sign = '+';
    } else if (p->flags & FMT_PCT_BLANK) {
      sign = ' ';
    }
  }
  nchars = numeric ? len : utf8_count(t, len);
  if (width < (long)nchars) width = (long)nchars;
  if (sign) {
    if (fill != ' ' && !put_char(b, sign)) return false;
    if (width > (long)nchars) width--;
  }
  bool prefix = numeric && (p->flags & FMT_PCT_ALT) &&
                (p->type == 'x' || p->type == 'X' || p->type == 'o');
  if (prefix) {
    if (fill != ' ') {
      if (!fmtbuf_append(b, t, 2)) return false;
      t += 2;
    }
    width -= 2;
    if (width < 0) width = 0;
    nchars -= 2;
    len -= 2;
  }
  if (width > (long)nchars && !(p->flags & FMT_PCT_LJUST)) {
    if (!put_fill(b, (uint32_t)fill, (size_t)(width - (long)nchars))) return false;
    width = (long)nchars;
  }
  if (fill == ' ') {
    if (sign && !put_char(b, sign)) return false;
    if (prefix) {
      if (!fmtbuf_append(b, t, 2)) return false;
      t += 2;
    }
  }
  if (!fmtbuf_append(b, t, len)) return false;
  if (width > (long)nchars && !put_fill(b, ' ', (size_t)(width - (long)nchars)))
    return false;
  return true;
}

bool fmt_percent_int(FmtBuf *b, const PercentSpec *p, bool negative,
                     const char *digits, size_t n, int base)
{
  size_t prec = p->precision > 0 ? (size_t)p->precision : 0;
  size_t zeros = prec > n ? prec - n : 0;
  size_t start = b->len;
  FmtBuf t;
  fmtbuf_init(&t);
  char *o = reserve(&t, 3 + zeros + n);
  if (!o) return false;
  if (negative) *o++ = '-';
  if ((p->flags & FMT_PCT_ALT) && base != 10) {
    *o++ = '0';
    *o++ = p->type == 'X' ? 'X' : base == 8 ? 'o' : 'x';
  }
  memset(o, '0', zeros);
  o += zeros;
  for (size_t i = 0; i < n; i++)
    *o++ = p->type == 'X' ? (char)toupper((unsigned char)digits[i]) : digits[i];
  t.len = (size_t)(o - t.data);
  bool ok = pct_output(b, p, t.data, t.len, true);
  fmtbuf_free(&t);
  if (!ok) b->len = start;
  return ok;
}

bool fmt_percent_float(FmtBuf *b, const PercentSpec *p, double x)
{
  FmtBuf t;
  fmtbuf_init(&t);
  size_t start = b->len;
  bool ok = put_float(&t, x, p->type, p->precision < 0 ? 6 : p->precision,
                      (p->flags & FMT_PCT_ALT) ? DT_ALT : 0) &&
            pct_output(b, p, t.data, t.len, true);
  fmtbuf_free(&t);
  if (!ok) b->len = start;
  return ok;
}

bool fmt_percent_str(FmtBuf *b, const PercentSpec *p, const char *utf8,
                     size_t len)
{
  size_t start = b->len;
  if (p->precision >= 0) len = utf8_prefix(utf8, len, (size_t)p->precision);
  bool ok = pct_output(b, p, utf8, len, false);
  if (!ok) b->len = start;
  return ok;
}

/* -- float(str) ------------------------------------------------------------ */

/* Length of a whitespace character (str.isspace) at s[i], or 0. */
static size_t space_at(const char *s, size_t len, size_t i)
{
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return 1;
  if (c < 0x80) return 0;
  size_t j = i;
  uint32_t cp = utf8_next(s, len, &j);
  bool sp = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
            cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return sp ? j - i : 0;
}

/* Copies digits with single underscores between digits; returns the count
 * of digits copied, or -1 on a misplaced underscore. */
static long copy_digits(const char *s, size_t end, size_t *i, char *o, size_t *olen)
{
  long nd = 0;
  while (*i < end) {
    char c = s[*i];
    if (c >= '0' && c <= '9') {
      o[(*olen)++] = c;
      nd++;
      (*i)++;
    } else if (c == '_' && nd > 0 && *i + 1 < end && s[*i + 1] >= '0' && s[*i + 1] <= '9') {
      (*i)++;
    } else if (c == '_') {
      return -1;
    } else {
      break;
    }
  }
  return nd;
}

static bool word_ci(const char *s, size_t n, const char *w)
{
  if (strlen(w) != n) return false;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)s[i]) != w[i]) return false;
  return true;
}

bool fmt_parse_float(const char *s, size_t len, double *out)
{
  size_t i = 0, end = len, k;
  while (i < end && (k = space_at(s, end, i)) > 0) i += k;
  while (end > i) {
    size_t j = end - 1; /* step back one code point */
    while (j > i && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    if (space_at(s, end, j) != end - j) break;
    end = j;
  }
  bool neg = false;
  if (i < end && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (word_ci(s + i, end - i, "inf") || word_ci(s + i, end - i, "infinity")) {
    *out = neg ? -INFINITY : INFINITY;
    return true;
  }
  if (word_ci(s + i, end - i, "nan")) {
    *out = neg ? -NAN : NAN;
    return true;
  }
  char small[128], *clean = small;
  if (end - i + 2 > sizeof small) {
    clean = malloc(end - i + 2);
    if (!clean) return false;
  }
  size_t o = 0;
  bool ok = false;
  long ni = copy_digits(s, end, &i, clean, &o), nf = 0;
  if (ni < 0) goto done;
  if (i < end && s[i] == '.') {
    clean[o++] = s[i++];
    nf = copy_digits(s, end, &i, clean, &o);
    if (nf < 0) goto done;
  }
  if (ni + nf == 0) goto done;
  if (i < end && (s[i] == 'e' || s[i] == 'E')) {
    clean[o++] = s[i++];
    if (i < end && (s[i] == '+' || s[i] == '-')) clean[o++] = s[i++];
    if (copy_digits(s, end, &i, clean, &o) <= 0) goto done;
  }
  if (i != end) goto done;
  clean[o] = '\0';
  double v = strtod(clean, NULL); /* overflow gives inf, as in CPython */
  *out = neg ? -v : v;
  ok = true;
done:
  if (clean != small) free(clean);
  return ok;
}

/* -- round(x, n) ---------------------------------------------------------- */

/* CPython's bounds: beyond NDIGITS_MAX x rounds to itself, below
 * NDIGITS_MIN to a zero of x's sign (0.30103 > log10(2)). */
#define NDIGITS_MAX ((int)((53 - (-1021)) * 0.30103))
#define NDIGITS_MIN (-(int)((1024 + 1) * 0.30103))

/* Rounds x to a multiple of 10^-ndigits, half-even on the exact value,
 * then reads the decimal back (CPython's double_round). For ndigits >= 0
 * "%.*f" does the rounding exactly. For ndigits < 0 the integer part is
 * cut by hand from "%.52f", which is exact for |x| >= 1 (at most 52
 * fraction bits); |x| < 1 always rounds to a signed zero there. */
bool fmt_float_round(double x, long long ndigits, double *out)
{
  if (!isfinite(x) || ndigits > NDIGITS_MAX) {
    *out = x;
    return true;
  }
  if (ndigits < NDIGITS_MIN || (ndigits < 0 && fabs(x) < 1)) {
    *out = 0.0 * x;
    return true;
  }
  char buf[720];
  if (ndigits >= 0) {
    snprintf(buf, sizeof buf, "%.*f", (int)ndigits, x);
  } else {
    char ex[400];
    int len = snprintf(ex, sizeof ex, "%.52f", fabs(x));
    int intlen = (int)(strchr(ex, '.') - ex);
    int keep = intlen + (int)ndigits; /* integer digits kept */
    int up = 0;
    if (keep < 0) {
      up = 0;
    } else {
      char first = ex[keep];
      bool rest_nonzero = false;
      for (int j = keep + 1; j < len; j++)
        if (ex[j] != '0' && ex[j] != '.') rest_nonzero = true;
      if (first > '5' || (first == '5' && rest_nonzero))
        up = 1;
      else if (first == '5')
        up = keep > 0 && ((ex[keep - 1] - '0') & 1);
    }
    /* digits "0" + kept, plus one for a carry, then exponent */
    int n = 0;
    buf[n++] = x < 0 ? '-' : '+';
    buf[n++] = '0';
    for (int j = 0; j < keep; j++) buf[n++] = ex[j];
    for (int j = n - 1; up && j >= 1; j--) {
      if (buf[j] == '9') {
        buf[j] = '0';
      } else {
        buf[j]++;
        up = 0;
      }
    }
    snprintf(buf + n, sizeof buf - (size_t)n, "e%d", (int)-ndigits);
  }
  errno = 0;
  double r = strtod(buf, NULL);
  if (errno == ERANGE && fabs(r) >= 1.0) return false;
  *out = r == 0 ? 0.0 * x : r;
  return true;
}
