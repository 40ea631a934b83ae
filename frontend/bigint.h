/* Arbitrary-precision integers with Python 3 int semantics.
 *
 * A BigInt is sign-magnitude: |size| little-endian base-2^32 digits, the sign of size is the sign
 * of the value, zero has size 0, and the top digit is never 0. Values are immutable: no function
 * modifies its inputs. Results come from the allocation hook (the runtime embeds BigInt at the end
 * of a GC object); the library never frees a result. A function may return one of its inputs when
 * the result equals it (abs of a positive, x + 0, x << 0, ...).
 *
 * Errors: functions returning BigInt * return NULL only when memory runs out (the hook or the
 * scratch malloc failed) or the result would be absurdly large; functions that can fail for
 * another reason return a BigStatus and write results through out-pointers.
 *
 * GC contract: a call makes at most one hook allocation, except bigint_divmod (two: the quotient
 * first). Inputs are read after the hook returns, so the hook must not move or free them; for
 * divmod it must not collect the quotient while allocating the remainder. */
#ifndef BIGINT_H
#define BIGINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BigInt {
  int64_t size;   /* sign of the value; |size| = number of used digits, 0 for zero */
  uint32_t d[];   /* little-endian digits, base 2^32, no leading zero digits */
} BigInt;

typedef enum {
  BIG_OK = 0,
  BIG_NOMEM,          /* allocation failed (MemoryError) */
  BIG_ZERODIV,        /* division or modulo by zero (ZeroDivisionError; ValueError for pow) */
  BIG_OVERFLOW,       /* result does not fit the target type (OverflowError) */
  BIG_NOT_INVERTIBLE  /* pow(b, -e, m) with gcd(b, m) != 1 (ValueError) */
} BigStatus;

/* -- Allocation ------------------------------------------------------------------------------ */
/* Returns a BigInt with room for ndigits digits (ndigits may be 0); the library sets size. */
typedef BigInt *(*BigAllocFn)(size_t ndigits);
void bigint_set_allocator(BigAllocFn fn);    /* NULL restores the malloc default */
BigInt *bigint_alloc_default(size_t ndigits);
void bigint_free_default(BigInt *a);         /* frees a result of the default hook; NULL is ok */

/* -- Conversions with C types ------------------------------------------------------------------ */
BigInt *bigint_from_int64(int64_t v);
BigInt *bigint_from_uint64(uint64_t v);
BigInt *bigint_from_double(double v);        /* truncates toward 0; caller rejects inf and nan */
bool bigint_fits_int64(const BigInt *a);
int64_t bigint_to_int64(const BigInt *a);    /* requires bigint_fits_int64(a) */
/* Tagged small-int check: true and *out = value iff a is in [-(2^62), 2^62 - 1]. */
bool bigint_normalize(const BigInt *a, int64_t *out);
/* Correctly rounded (half to even). On overflow *overflow = true and +-HUGE_VAL is returned. */
double bigint_to_double(const BigInt *a, bool *overflow);

/* -- Text ------------------------------------------------------------------------------------ */
/* int(s, base): base 0 or 2..36, ASCII whitespace around, sign, underscores between digits,
 * 0x/0o/0b prefixes (base 0, or the matching base). NULL if invalid (or out of memory). */
BigInt *bigint_from_string(const char *s, size_t len, int base);
/* base 2, 8, 10 or 16; prefix adds "0b"/"0o"/"0x" (none for 10) after the '-' sign.
 * _max: upper bound on the characters _buf writes. _buf writes no NUL and returns the length,
 * or (size_t)-1 when out of memory. bigint_to_string returns a malloc'd NUL-terminated string
 * (caller frees), *len (optional) gets its length. Base 10 is subquadratic for large values. */
size_t bigint_to_string_max(const BigInt *a, int base, bool prefix);
size_t bigint_to_string_buf(const BigInt *a, int base, bool prefix, char *buf);
char *bigint_to_string(const BigInt *a, int base, bool prefix, size_t *len);

/* -- Arithmetic ------------------------------------------------------------------------------ */
BigInt *bigint_add(const BigInt *a, const BigInt *b);
BigInt *bigint_sub(const BigInt *a, const BigInt *b);
BigInt *bigint_mul(const BigInt *a, const BigInt *b);
BigInt *bigint_neg(const BigInt *a);
BigInt *bigint_abs(const BigInt *a);
/* Floor division: q = a // b, r = a % b (r has the sign of b). Either out-pointer may be NULL. */
BigStatus bigint_divmod(const BigInt *a, const BigInt *b, BigInt **q, BigInt **r);
BigStatus bigint_floordiv(const BigInt *a, const BigInt *b, BigInt **q);
BigStatus bigint_mod(const BigInt *a, const BigInt *b, BigInt **r);
/* a / b as a correctly rounded double (CPython long_true_divide). BIG_OVERFLOW if too large. */
BigStatus bigint_truediv(const BigInt *a, const BigInt *b, double *out);
/* base ** exp; the caller handles a negative exponent (float result) and an exponent too large
 * to fit (only 0, 1, -1 bases are feasible then). */
BigInt *bigint_pow(const BigInt *base, uint64_t exp);
/* pow(base, exp, mod) with Python semantics: mod == 0 -> BIG_ZERODIV, exp < 0 uses the modular
 * inverse (BIG_NOT_INVERTIBLE if none), the result has the sign of mod. */
BigStatus bigint_powmod(const BigInt *base, const BigInt *exp, const BigInt *mod, BigInt **out);
BigInt *bigint_gcd(const BigInt *a, const BigInt *b);   /* math.gcd: non-negative */

/* -- Comparison and inspection --------------------------------------------------------------- */
int bigint_cmp(const BigInt *a, const BigInt *b);        /* -1, 0, 1 */
bool bigint_eq(const BigInt *a, const BigInt *b);
bool bigint_is_zero(const BigInt *a);
int bigint_sign(const BigInt *a);                        /* -1, 0, 1 */
uint64_t bigint_bit_length(const BigInt *a);             /* of |a|, like int.bit_length */
uint64_t bigint_bit_count(const BigInt *a);              /* popcount of |a|, int.bit_count */
int64_t bigint_hash(const BigInt *a);                    /* hash(int): mod 2^61-1, -1 -> -2 */

/* -- Bits (negatives behave as infinite two's complement) ------------------------------------ */
BigInt *bigint_lshift(const BigInt *a, uint64_t n);      /* NULL if absurdly large */
BigInt *bigint_rshift(const BigInt *a, uint64_t n);      /* floors: -1 >> n == -1 */
BigInt *bigint_and(const BigInt *a, const BigInt *b);
BigInt *bigint_or(const BigInt *a, const BigInt *b);
BigInt *bigint_xor(const BigInt *a, const BigInt *b);
BigInt *bigint_invert(const BigInt *a);                  /* ~a == -a - 1 */

/* -- Bytes ----------------------------------------------------------------------------------- */
/* int.to_bytes(len, order, signed=...): BIG_OVERFLOW if a does not fit (or is negative and
 * !is_signed); out receives exactly len bytes. */
BigStatus bigint_to_bytes(const BigInt *a, uint8_t *out, size_t len, bool little, bool is_signed);
BigInt *bigint_from_bytes(const uint8_t *bytes, size_t len, bool little, bool is_signed);

#endif
