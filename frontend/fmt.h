/* fmt: number and string formatting with CPython 3.11's exact output.
 *
 * Pure C, no dependency on the object model: callers convert their objects to
 * doubles, digit strings or UTF-8 and turn a false return plus `err` into the
 * Python exception (ValueError unless a comment says otherwise).
 *
 * Covers: repr(float), the format() mini-language (format(), str.format,
 * f-strings), printf-style `str % args`, float(str) parsing and round(x, n).
 * Locale: everything behaves as CPython in the "C" locale ('n' == 'd' / 'g').
 */
#ifndef FMT_H
#define FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -- Limits ------------------------------------------------------------- */

/* Widths and precisions above this are rejected at parse time with
 * "Too many decimal digits in format string" (format specs) or "width too
 * big" / "precision too big" (% formats). CPython allows up to sys.maxsize,
 * but a 1 MiB field is already far beyond any real use and keeps every
 * buffer size computation far from overflow. */
#define FMT_MAX_WIDTH (1 << 20)
#define FMT_MAX_PRECISION (1 << 20)

/* Size of the buffer fmt_float_repr writes: "-1.2345678901234567e-308" is
 * the longest repr (24 chars + NUL). */
#define FMT_REPR_BUF 32

/* Size of every `err` buffer. Messages that quote user text are truncated. */
#define FMT_ERR_LEN 128

/* -- Growable output buffer --------------------------------------------- */

typedef struct {
  char *data; /* not NUL-terminated; NULL until the first append */
  size_t len, cap;
} FmtBuf;

void fmtbuf_init(FmtBuf *b);
void fmtbuf_free(FmtBuf *b);
/* Appends; false only when out of memory (b is left unchanged). */
bool fmtbuf_append(FmtBuf *b, const char *s, size_t n);

/* Functions below that append to a FmtBuf report out-of-memory by returning
 * false with err = "out of memory" (caller raises MemoryError). On any
 * failure b->len is restored to its value on entry. */

/* -- Floats ------------------------------------------------------------- */

/* repr(x) / str(x): shortest round-tripping digits, NUL-terminated. */
void fmt_float_repr(double x, char buf[FMT_REPR_BUF]);
void fmt_float_str(double x, char buf[FMT_REPR_BUF]);

/* float(s) for a str: surrounding whitespace (ASCII and Unicode spaces in
 * UTF-8), sign, digits with single underscores between digits, '.',
 * exponent, inf/infinity/nan in any case. False means the caller raises
 * "could not convert string to float: <repr of s>". Non-ASCII decimal
 * digits (which CPython accepts) are rejected. */
bool fmt_parse_float(const char *s, size_t len, double *out);

/* round(x, ndigits) for a float, correctly rounded (half-even on the exact
 * binary value). False only for "rounded value too large to represent",
 * which the caller raises as OverflowError. inf/nan round to themselves. */
bool fmt_float_round(double x, long long ndigits, double *out);

/* -- format() mini-language --------------------------------------------- */

/* [[fill]align][sign][z][#][0][width][grouping][.precision][type] */
typedef struct {
  const char *type_name; /* object type for error texts, e.g. "int" */
  uint32_t fill;         /* code point; ' ' unless given */
  int width;             /* -1 if absent */
  int precision;         /* -1 if absent */
  char align;            /* '<' '>' '=' '^', or 0 if absent */
  char sign;             /* '+' '-' ' ', or 0 */
  char grouping;         /* ',' or '_', or 0 */
  char type;             /* presentation type, 0 if absent (non-ASCII -> 1) */
  uint32_t type_cp;      /* the type's code point, for error texts */
  bool fill_given;       /* an explicit fill char preceded align */
  bool zero;             /* '0' flag before the width */
  bool alt;              /* '#' */
  bool no_neg_zero;      /* 'z' */
} FmtSpec;

/* Parses spec[0..len) (UTF-8). type_name is Py_TYPE(obj)->tp_name; it is
 * kept in out->type_name for the error texts of the fmt_apply_* calls, so
 * it must outlive them. */
bool fmt_parse_spec(const char *spec, size_t len, const char *type_name,
                    FmtSpec *out, char err[FMT_ERR_LEN]);

/* str.__format__: type 's' or none. Width/precision count code points. */
bool fmt_apply_str(FmtBuf *b, const FmtSpec *s, const char *utf8, size_t len,
                   char err[FMT_ERR_LEN]);

/* Which base fmt_apply_int wants the magnitude in for this spec: 10 for
 * d/n/none, 16 for x/X, 8 for o, 2 for b. Returns 0 for the float types
 * e E f F g G % -- for those the caller converts the int to a double and
 * calls fmt_apply_float (CPython does the same, and raises OverflowError
 * "int too large to convert to float" when that fails) -- and 0 for 'c'
 * (use fmt_apply_char) and for unknown types (fmt_apply_int reports them). */
int fmt_int_base(const FmtSpec *s);

/* int.__format__ for b d n o x X and none. magnitude_digits are the
 * lowercase digits of |value| in the base fmt_int_base gave (no prefix, no
 * sign; "0" for zero). */
bool fmt_apply_int(FmtBuf *b, const FmtSpec *s, bool negative,
                   const char *magnitude_digits, size_t ndigits,
                   int base_of_digits, char err[FMT_ERR_LEN]);

/* int.__format__ for 'c'. Pass cp > 0x10FFFF for values out of range
 * (negative or huge): after the spec checks this fails with "%c arg not in
 * range(0x110000)", which the caller raises as OverflowError. */
bool fmt_apply_char(FmtBuf *b, const FmtSpec *s, uint32_t cp,
                    char err[FMT_ERR_LEN]);

/* float.__format__: e E f F g G n % and none. */
bool fmt_apply_float(FmtBuf *b, const FmtSpec *s, double x,
                     char err[FMT_ERR_LEN]);

/* -- printf-style `str % args` ------------------------------------------ */

enum {
  FMT_PCT_LJUST = 1, /* '-' */
  FMT_PCT_SIGN = 2,  /* '+' */
  FMT_PCT_BLANK = 4, /* ' ' */
  FMT_PCT_ALT = 8,   /* '#' */
  FMT_PCT_ZERO = 16  /* '0' */
};

typedef struct {
  const char *key;  /* "(key)": points into fmt, not NUL-terminated */
  size_t key_len;
  bool has_key;
  int flags;        /* FMT_PCT_* */
  int width;        /* -1 if absent */
  int precision;    /* -1 if absent */
  bool width_star;  /* '*': caller takes width from the args ... */
  bool prec_star;   /* ... then precision, then the value */
  char type;        /* d i u o x X e E f F g G c r s a, or '%' for "%%" */
} PercentSpec;

/* Parses one conversion at fmt[*pos] == '%' and advances *pos past it.
 * "%%" gives type '%' (the caller emits '%' and takes no argument). Errors:
 * "incomplete format", "incomplete format key", "width too big",
 * "precision too big", "unsupported format character 'y' (0x79) at index 3"
 * (index in code points). CPython fetches the '*' arguments and the value
 * before reporting an unsupported character; here that error comes first. */
bool fmt_parse_percent(const char *fmt, size_t len, size_t *pos,
                       PercentSpec *out, char err[FMT_ERR_LEN]);

/* Applies a '*' argument: a negative width sets '-' and takes |v|; a
 * negative precision becomes 0. False with "width too big" / "precision
 * too big" beyond the limits. */
bool fmt_percent_set_width(PercentSpec *p, long long v, char err[FMT_ERR_LEN]);
bool fmt_percent_set_precision(PercentSpec *p, long long v,
                               char err[FMT_ERR_LEN]);

/* %d %i %u %o %x %X: digits of |value| in `base` (10, 8 or 16, lowercase);
 * '#' gives 0o / 0x / 0X; precision is a minimum digit count. */
bool fmt_percent_int(FmtBuf *b, const PercentSpec *p, bool negative,
                     const char *digits, size_t n, int base);
/* %e %E %f %F %g %G. */
bool fmt_percent_float(FmtBuf *b, const PercentSpec *p, double x);
/* %s %r %a (after the caller's str/repr/ascii) and %c (the one character):
 * precision truncates and width pads, in code points. */
bool fmt_percent_str(FmtBuf *b, const PercentSpec *p, const char *utf8,
                     size_t len);

#endif
