/* Arbitrary-precision integers with Python 3 int semantics.
 *
 * Two layers. The nat_* kernels work on bare little-endian digit arrays (base 2^32) and know
 * nothing about signs or allocation: the caller passes output buffers of documented sizes,
 * outputs never alias inputs unless a kernel says so, and lengths need not be trimmed unless
 * stated. The public layer maps signs onto magnitudes (floor division, two's complement bit
 * operations) and allocates each result once through the hook, computing straight into it, so
 * add/sub/mul make no extra copies. Everything temporary is malloc'd scratch, never a hook
 * object, so a collecting GC can never see (or free) a half-finished value.
 *
 * Large operands: multiplication switches to Karatsuba above KARATSUBA_CUTOFF digits and
 * division to Burnikel-Ziegler recursive division above BZ_CUTOFF, so division costs a few
 * multiplications. That makes decimal conversion subquadratic: to_string splits by
 * 10^(9*2^k) recursively, from_string combines halves with the same powers. */
#include "bigint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t dig;
typedef uint64_t ddig;

/* Tuning limits, in 32-bit digits unless noted; measured on x86-64 (noisy, flat optimum). */
enum {
  KARATSUBA_CUTOFF = 40,    /* below this schoolbook multiplication wins */
  BZ_CUTOFF = 60,           /* below this Knuth's algorithm D wins */
  DEC_DC_CUTOFF = 200,      /* to_string: repeated division by 10^19 below this */
  FROMDEC_DC_CUTOFF = 2000, /* from_string: decimal chars before divide and conquer */
  STACK_DIGITS = 64         /* small conversions use stack scratch of this size */
};
#define MAX_DIGITS ((size_t)1 << 40) /* anything larger is treated as out of memory */

#define LEN(a) ((size_t)((a)->size < 0 ? -(a)->size : (a)->size))
#define NEG(a) ((a)->size < 0)

/* -- Allocation -------------------------------------------------------------------------------- */

BigInt *bigint_alloc_default(size_t ndigits)
{
  BigInt *r = malloc(sizeof(BigInt) + ndigits * sizeof(dig));
  if (r) r->size = 0;
  return r;
}

void bigint_free_default(BigInt *a) { free(a); }

static BigAllocFn g_alloc = bigint_alloc_default;

void bigint_set_allocator(BigAllocFn fn) { g_alloc = fn ? fn : bigint_alloc_default; }

static BigInt *big_new(BigAllocFn al, size_t n)
{
  if (n > MAX_DIGITS) return NULL;
  return al(n);
}

static dig *scratch(size_t n) { return n > MAX_DIGITS ? NULL : malloc((n ? n : 1) * sizeof(dig)); }

static size_t nat_len(const dig *a, size_t n)
{
  while (n && !a[n - 1]) n--;
  return n;
}

/* Trims r's n digits and sets the sign; returns r (NULL passes through). */
static BigInt *big_fin(BigInt *r, size_t n, bool neg)
{
  if (!r) return NULL;
  n = nat_len(r->d, n);
  r->size = neg && n ? -(int64_t)n : (int64_t)n;
  return r;
}

static BigInt *big_from_mag(const dig *a, size_t n, bool neg, BigAllocFn al)
{
  n = nat_len(a, n);
  BigInt *r = big_new(al, n);
  if (!r) return NULL;
  if (n) memcpy(r->d, a, n * sizeof(dig));
  return big_fin(r, n, neg);
}

static unsigned clz32(dig x) { return x ? (unsigned)__builtin_clz(x) : 32; }

static uint64_t nat_bitlen(const dig *a, size_t n)
{
  n = nat_len(a, n);
  return n ? (uint64_t)n * 32 - clz32(a[n - 1]) : 0;
}

/* -- Natural-number kernels -------------------------------------------------------------------- */

static int nat_cmp(const dig *a, size_t na, const dig *b, size_t nb)
{
  na = nat_len(a, na);
  nb = nat_len(b, nb);
  if (na != nb) return na < nb ? -1 : 1;
  while (na--)
    if (a[na] != b[na]) return a[na] < b[na] ? -1 : 1;
  return 0;
}

/* r[0..na) = a + b, na >= nb; returns the carry. r may alias a. */
static dig nat_add(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  ddig c = 0;
  size_t i = 0;
  for (; i < nb; i++) { c += (ddig)a[i] + b[i]; r[i] = (dig)c; c >>= 32; }
  for (; i < na && c; i++) { c += a[i]; r[i] = (dig)c; c >>= 32; }
  if (r != a && i < na) memcpy(r + i, a + i, (na - i) * sizeof(dig));
  return (dig)c;
}

/* r[0..na) = a - b, a >= b as numbers, na >= nb; returns the borrow. r may alias a. */
static dig nat_sub(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  ddig bw = 0;
  size_t i = 0;
  for (; i < nb; i++) { ddig t = (ddig)a[i] - b[i] - bw; r[i] = (dig)t; bw = t >> 63; }
  for (; i < na && bw; i++) { ddig t = (ddig)a[i] - bw; r[i] = (dig)t; bw = t >> 63; }
  if (r != a && i < na) memcpy(r + i, a + i, (na - i) * sizeof(dig));
  return (dig)bw;
}

/* r[0..n) += 1 / -= 1 in place; returns the carry / borrow out. */
static dig nat_inc(dig *r, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (++r[i]) return 0;
  return 1;
}

static dig nat_dec(dig *r, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (r[i]--) return 0;
  return 1;
}

/* r[0..n) = a << s, 0 <= s < 32; returns the bits shifted out. r may equal a. */
static dig nat_shl(dig *r, const dig *a, size_t n, unsigned s)
{
  if (s == 0) { if (r != a) memmove(r, a, n * sizeof(dig)); return 0; }
  dig c = 0;
  for (size_t i = 0; i < n; i++) { dig x = a[i]; r[i] = (x << s) | c; c = x >> (32 - s); }
  return c;
}

/* r[0..n) = a >> s, 0 <= s < 32; returns the bits shifted out (in the low s bits). */
static dig nat_shr(dig *r, const dig *a, size_t n, unsigned s)
{
  if (s == 0) { if (r != a) memmove(r, a, n * sizeof(dig)); return 0; }
  dig c = 0;
  for (size_t i = n; i-- > 0;) { dig x = a[i]; r[i] = (x >> s) | c; c = x << (32 - s); }
  return c >> (32 - s);
}

/* r[0..n) = r * m + add; returns the carry digit. */
static dig nat_muladd1(dig *r, size_t n, dig m, dig add)
{
  ddig c = add;
  for (size_t i = 0; i < n; i++) { c += (ddig)r[i] * m; r[i] = (dig)c; c >>= 32; }
  return (dig)c;
}

/* q[0..n) = a / d, returns a % d. q may equal a. */
static dig nat_divrem1(dig *q, const dig *a, size_t n, dig d)
{
  ddig r = 0;
  for (size_t i = n; i-- > 0;) {
    r = (r << 32) | a[i];
    q[i] = (dig)(r / d);
    r %= d;
  }
  return (dig)r;
}

/* -- Multiplication ---------------------------------------------------------------------------- */

static void mul_school(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  memset(r, 0, (na + nb) * sizeof(dig));
  for (size_t i = 0; i < nb; i++) {
    ddig bi = b[i], c = 0;
    if (!bi) continue;
    dig *ri = r + i;
    for (size_t j = 0; j < na; j++) { c += a[j] * bi + ri[j]; ri[j] = (dig)c; c >>= 32; }
    ri[na] = (dig)c;
  }
}

/* Squaring: the cross products once, doubled, plus the diagonal. */
static void sqr_school(dig *r, const dig *a, size_t n)
{
  memset(r, 0, 2 * n * sizeof(dig));
  for (size_t i = 0; i + 1 < n; i++) {
    ddig ai = a[i], c = 0;
    if (!ai) continue;
    dig *ri = r + 2 * i + 1;
    size_t m = n - i - 1;
    const dig *aj = a + i + 1;
    for (size_t j = 0; j < m; j++) { c += aj[j] * ai + ri[j]; ri[j] = (dig)c; c >>= 32; }
    ri[m] = (dig)c;
  }
  nat_shl(r, r, 2 * n, 1);
  ddig c = 0;
  for (size_t i = 0; i < n; i++) {
    ddig sq = (ddig)a[i] * a[i];
    c += (dig)sq + (ddig)r[2 * i]; r[2 * i] = (dig)c; c >>= 32;
    c += (sq >> 32) + (ddig)r[2 * i + 1]; r[2 * i + 1] = (dig)c; c >>= 32;
  }
}

static int nat_mul(dig *r, const dig *a, size_t na, const dig *b, size_t nb);

/* a is at least twice as long as b: multiply b by nb-digit slices of a. */
static int mul_unbalanced(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  dig *t = scratch(2 * nb);
  if (!t) return -1;
  memset(r, 0, (na + nb) * sizeof(dig));
  for (size_t off = 0; off < na; off += nb) {
    size_t cl = na - off < nb ? na - off : nb;
    if (nat_mul(t, a + off, cl, b, nb)) { free(t); return -1; }
    nat_add(r + off, r + off, na + nb - off, t, cl + nb);
  }
  free(t);
  return 0;
}

/* Karatsuba: with a = a1 B^h + a0, b = b1 B^h + b0,
 * ab = a1b1 B^2h + ((a0+a1)(b0+b1) - a0b0 - a1b1) B^h + a0b0. Requires nb > na/2 (so nb >= h). */
static int mul_karatsuba(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  size_t h = (na + 1) / 2, n = na + nb;
  bool sq = a == b && na == nb;
  dig *ws = scratch(4 * h + 4);
  if (!ws) return -1;
  dig *sa = ws, *sb = ws + h + 1, *t = ws + 2 * h + 2;
  size_t la0 = nat_len(a, h), lb0 = nat_len(b, h);
  size_t la1 = nat_len(a + h, na - h), lb1 = nat_len(b + h, nb - h);
  if (nat_mul(r, a, la0, b, lb0)) goto fail;
  memset(r + la0 + lb0, 0, (2 * h - la0 - lb0) * sizeof(dig));
  if (nat_mul(r + 2 * h, a + h, la1, b + h, lb1)) goto fail;
  memset(r + 2 * h + la1 + lb1, 0, (n - 2 * h - la1 - lb1) * sizeof(dig));
  sa[h] = nat_add(sa, a, h, a + h, na - h);
  size_t lsa = nat_len(sa, h + 1), lsb = lsa;
  if (!sq) {
    sb[h] = nat_add(sb, b, h, b + h, nb - h);
    lsb = nat_len(sb, h + 1);
  }
  if (nat_mul(t, sa, lsa, sq ? sa : sb, lsb)) goto fail;
  size_t lt = lsa + lsb;
  nat_sub(t, t, lt, r, nat_len(r, 2 * h));
  nat_sub(t, t, lt, r + 2 * h, nat_len(r + 2 * h, n - 2 * h));
  lt = nat_len(t, lt);
  nat_add(r + h, r + h, n - h, t, lt);
  free(ws);
  return 0;
fail:
  free(ws);
  return -1;
}

/* r[0..na+nb) = a * b; r must not overlap a or b. Returns 0, or -1 when scratch ran out. */
static int nat_mul(dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  if (na < nb) { const dig *t = a; a = b; b = t; size_t tn = na; na = nb; nb = tn; }
  if (nb == 0) { memset(r, 0, na * sizeof(dig)); return 0; }
  if (nb < KARATSUBA_CUTOFF) {
    if (a == b && na == nb) sqr_school(r, a, na);
    else mul_school(r, a, na, b, nb);
    return 0;
  }
  if (2 * nb <= na) return mul_unbalanced(r, a, na, b, nb);
  return mul_karatsuba(r, a, na, b, nb);
}

/* -- Division ---------------------------------------------------------------------------------- */

/* Knuth's algorithm D. q[0..na-nb+1), r[0..nb); na >= nb >= 2, b[nb-1] != 0. */
static int divrem_knuth(dig *q, dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  dig *v = scratch(nb + na + 1);
  if (!v) return -1;
  dig *u = v + nb;
  unsigned s = clz32(b[nb - 1]);
  nat_shl(v, b, nb, s);
  u[na] = nat_shl(u, a, na, s);
  ddig vtop = v[nb - 1], vnext = v[nb - 2];
  for (size_t j = na - nb + 1; j-- > 0;) {
    ddig num = ((ddig)u[j + nb] << 32) | u[j + nb - 1];
    ddig qhat = num / vtop, rhat = num % vtop;
    while (qhat > 0xFFFFFFFFu || qhat * vnext > ((rhat << 32) | u[j + nb - 2])) {
      qhat--;
      rhat += vtop;
      if (rhat > 0xFFFFFFFFu) break;
    }
    ddig carry = 0, bw = 0;
    dig *uj = u + j;
    for (size_t i = 0; i < nb; i++) {
      ddig p = qhat * v[i] + carry;
      carry = p >> 32;
      ddig t = (ddig)uj[i] - (dig)p - bw;
      uj[i] = (dig)t;
      bw = t >> 63;
    }
    ddig t = (ddig)uj[nb] - carry - bw;
    uj[nb] = (dig)t;
    if (t >> 63) { /* qhat was one too large (rare): add v back */
      qhat--;
      uj[nb] += nat_add(uj, uj, nb, v, nb);
    }
    q[j] = (dig)qhat;
  }
  nat_shr(r, u, nb, s);
  free(v);
  return 0;
}

static int div2n1n(dig *q, dig *r, const dig *a, const dig *b, size_t n);

/* Burnikel-Ziegler 3n/2n step on halves of h digits: q[0..h), r[0..2h) = divmod(a12 B^h + a3, b)
 * where b = b1 B^h + b2 is normalized and a12 < b. q is estimated from a12 / b1, then corrected
 * (at most twice) by adding b back while the remainder is negative. */
static int div3n2n(dig *q, dig *r, const dig *a12, const dig *a3, const dig *b, size_t h)
{
  const dig *b1 = b + h, *b2 = b;
  dig *ws = scratch(4 * h + 1);
  if (!ws) return -1;
  dig *rr = ws, *d = ws + 2 * h + 1;   /* rr: 2h+1 digits, d: 2h digits */
  memcpy(rr, a3, h * sizeof(dig));
  if (nat_cmp(a12 + h, h, b1, h) == 0) {
    /* q = B^h - 1, r1 = a12 - b1 B^h + b1 = low(a12) + b1 */
    memset(q, 0xFF, h * sizeof(dig));
    rr[2 * h] = nat_add(rr + h, a12, h, b1, h);
  } else {
    if (div2n1n(q, rr + h, a12, b1, h)) goto fail;
    rr[2 * h] = 0;
  }
  if (nat_mul(d, q, nat_len(q, h), b2, nat_len(b2, h))) goto fail;
  size_t ld = nat_len(q, h) + nat_len(b2, h);
  memset(d + ld, 0, (2 * h - ld) * sizeof(dig));
  while (nat_cmp(rr, 2 * h + 1, d, 2 * h) < 0) {
    nat_add(rr, rr, 2 * h + 1, b, 2 * h);
    nat_dec(q, h);
  }
  nat_sub(rr, rr, 2 * h + 1, d, 2 * h);
  memcpy(r, rr, 2 * h * sizeof(dig));
  free(ws);
  return 0;
fail:
  free(ws);
  return -1;
}

/* q[0..n), r[0..n) = divmod(a[0..2n), b[0..n)) with b normalized (top bit set), a < b B^n. */
static int div2n1n(dig *q, dig *r, const dig *a, const dig *b, size_t n)
{
  if (n < BZ_CUTOFF) {
    size_t la = nat_len(a, 2 * n);
    if (la < n || (la == n && nat_cmp(a, n, b, n) < 0)) {
      memset(q, 0, n * sizeof(dig));
      memcpy(r, a, n * sizeof(dig));
      return 0;
    }
    dig *qt = scratch(la - n + 1);
    if (!qt) return -1;
    int rc = divrem_knuth(qt, r, a, la, b, n);
    memset(q, 0, n * sizeof(dig));
    memcpy(q, qt, (la - n + 1 < n ? la - n + 1 : n) * sizeof(dig));
    free(qt);
    return rc;
  }
  if (n & 1) { /* pad a and b by one zero digit so the halves are equal */
    dig *ws = scratch(5 * n + 5);
    if (!ws) return -1;
    dig *ap = ws, *bp = ws + 2 * n + 2, *qp = bp + n + 1, *rp = qp + n + 1;
    ap[0] = 0; memcpy(ap + 1, a, 2 * n * sizeof(dig)); ap[2 * n + 1] = 0;
    bp[0] = 0; memcpy(bp + 1, b, n * sizeof(dig));
    int rc = div2n1n(qp, rp, ap, bp, n + 1);
    memcpy(q, qp, n * sizeof(dig));
    memcpy(r, rp + 1, n * sizeof(dig));
    free(ws);
    return rc;
  }
  size_t h = n / 2;
  dig *r1 = scratch(n);
  if (!r1) return -1;
  int rc = div3n2n(q + h, r1, a + n, a + h, b, h);
  if (!rc) rc = div3n2n(q, r, r1, a, b, h);
  free(r1);
  return rc;
}

/* Long division by whole n-digit chunks of a, each a 2n/n Burnikel-Ziegler step. */
static int divrem_bz(dig *q, dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  size_t n = nb, m = (na + 1 + n - 1) / n;   /* chunks of the shifted a (na+1 digits) */
  unsigned s = clz32(b[nb - 1]);
  dig *ws = scratch(n + m * n + m * n + 2 * n + 2 * n);
  if (!ws) return -1;
  dig *bn = ws, *an = bn + n, *qq = an + m * n, *cur = qq + m * n, *rn = cur + 2 * n;
  nat_shl(bn, b, n, s);
  memset(an, 0, m * n * sizeof(dig));
  an[na] = nat_shl(an, a, na, s);
  memset(cur + n, 0, n * sizeof(dig));
  int rc = 0;
  for (size_t k = m; k-- > 0 && !rc;) {
    memcpy(cur, an + k * n, n * sizeof(dig));
    rc = div2n1n(qq + k * n, rn, cur, bn, n);
    memcpy(cur + n, rn, n * sizeof(dig));
  }
  if (!rc) {
    memcpy(q, qq, (na - nb + 1) * sizeof(dig));
    nat_shr(r, cur + n, n, s);
  }
  free(ws);
  return rc;
}

/* q[0..na-nb+1), r[0..nb) = divmod(a, b); na >= nb >= 1, b[nb-1] != 0; no overlap. */
static int nat_divrem(dig *q, dig *r, const dig *a, size_t na, const dig *b, size_t nb)
{
  if (nb == 1) { r[0] = nat_divrem1(q, a, na, b[0]); return 0; }
  if (nb >= BZ_CUTOFF && na - nb >= BZ_CUTOFF) return divrem_bz(q, r, a, na, b, nb);
  return divrem_knuth(q, r, a, na, b, nb);
}

/* -- Construction and C conversions ------------------------------------------------------------ */

static BigInt *from_u64(uint64_t m, bool neg, BigAllocFn al)
{
  BigInt *r = big_new(al, 2);
  if (!r) return NULL;
  r->d[0] = (dig)m;
  r->d[1] = (dig)(m >> 32);
  return big_fin(r, 2, neg);
}

BigInt *bigint_from_uint64(uint64_t v) { return from_u64(v, false, g_alloc); }

BigInt *bigint_from_int64(int64_t v)
{
  return from_u64(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, g_alloc);
}

/* |a| as uint64 if it has at most 2 digits (callers check). */
static uint64_t mag64(const BigInt *a)
{
  size_t n = LEN(a);
  return n == 0 ? 0 : n == 1 ? a->d[0] : ((uint64_t)a->d[1] << 32) | a->d[0];
}

bool bigint_fits_int64(const BigInt *a)
{
  size_t n = LEN(a);
  if (n > 2) return false;
  uint64_t m = mag64(a);
  return NEG(a) ? m <= (uint64_t)1 << 63 : m < (uint64_t)1 << 63;
}

int64_t bigint_to_int64(const BigInt *a)
{
  uint64_t m = mag64(a);
  return NEG(a) ? (int64_t)(0 - m) : (int64_t)m;   /* two's complement wrap is defined in gcc */
}

bool bigint_normalize(const BigInt *a, int64_t *out)
{
  size_t n = LEN(a);
  if (n > 2) return false;
  uint64_t m = mag64(a);
  if (NEG(a) ? m > (uint64_t)1 << 62 : m >= (uint64_t)1 << 62) return false;
  *out = NEG(a) ? -(int64_t)m : (int64_t)m;
  return true;
}

/* Bits [shift, shift+64) of the magnitude; *sticky |= any bit below shift is set. */
static uint64_t bits64_at(const dig *a, size_t n, uint64_t shift, bool *sticky)
{
  size_t w = (size_t)(shift / 32);
  unsigned b = (unsigned)(shift % 32);
  dig w0 = w < n ? a[w] : 0, w1 = w + 1 < n ? a[w + 1] : 0, w2 = w + 2 < n ? a[w + 2] : 0;
  uint64_t lo = ((uint64_t)w1 << 32) | w0;
  uint64_t v = b ? (lo >> b) | ((uint64_t)w2 << (64 - b)) : lo;
  if (sticky) {
    bool s = b && (w0 & ((1u << b) - 1));
    for (size_t i = 0; i < w && i < n && !s; i++) s = a[i] != 0;
    *sticky |= s;
  }
  return v;
}

double bigint_to_double(const BigInt *a, bool *overflow)
{
  size_t n = LEN(a);
  uint64_t bits = nat_bitlen(a->d, n);
  double d;
  *overflow = false;
  if (bits <= 64) {
    d = (double)mag64(a);
  } else if (bits > DBL_MAX_EXP) {
    *overflow = true;
    d = HUGE_VAL;
  } else {
    /* Keep 64 bits and fold the rest into a sticky low bit: the conversion of a 64-bit integer
     * rounds half-even at bit 11, far above the sticky bit, so it rounds correctly. */
    bool sticky = false;
    uint64_t m = bits64_at(a->d, n, bits - 64, &sticky) | (sticky ? 1 : 0);
    d = ldexp((double)m, (int)(bits - 64));
    if (isinf(d)) *overflow = true;
  }
  return NEG(a) ? -d : d;
}

static BigInt *shl_mag(const dig *a, size_t na, bool neg, uint64_t n, BigAllocFn al);

BigInt *bigint_from_double(double v)
{
  double av = fabs(v);
  if (!(av >= 1.0)) return from_u64(0, false, g_alloc);
  int e;
  double m = frexp(av, &e);                      /* av = m * 2^e, 0.5 <= m < 1, e >= 1 */
  uint64_t mant = (uint64_t)ldexp(m, DBL_MANT_DIG);
  if (e <= DBL_MANT_DIG) return from_u64(mant >> (DBL_MANT_DIG - e), v < 0, g_alloc);
  dig md[2] = {(dig)mant, (dig)(mant >> 32)};
  return shl_mag(md, 2, v < 0, (uint64_t)(e - DBL_MANT_DIG), g_alloc);
}

/* -- Comparison and inspection ----------------------------------------------------------------- */

int bigint_cmp(const BigInt *a, const BigInt *b)
{
  if (a->size != b->size) return a->size < b->size ? -1 : 1;
  int c = nat_cmp(a->d, LEN(a), b->d, LEN(b));
  return NEG(a) ? -c : c;
}

bool bigint_eq(const BigInt *a, const BigInt *b)
{
  return a->size == b->size && memcmp(a->d, b->d, LEN(a) * sizeof(dig)) == 0;
}

bool bigint_is_zero(const BigInt *a) { return a->size == 0; }
int bigint_sign(const BigInt *a) { return a->size < 0 ? -1 : a->size > 0; }
uint64_t bigint_bit_length(const BigInt *a) { return nat_bitlen(a->d, LEN(a)); }

uint64_t bigint_bit_count(const BigInt *a)
{
  uint64_t c = 0;
  for (size_t i = 0, n = LEN(a); i < n; i++) c += (uint64_t)__builtin_popcount(a->d[i]);
  return c;
}

/* Python's hash: |a| mod 2^61-1, sign applied, -1 becomes -2. Multiplying by 2^32 modulo the
 * Mersenne prime is a 32-bit rotation within 61 bits. */
int64_t bigint_hash(const BigInt *a)
{
  const uint64_t M = ((uint64_t)1 << 61) - 1;
  uint64_t x = 0;
  for (size_t i = LEN(a); i-- > 0;) {
    x = ((x << 32) & M) | (x >> 29);
    x += a->d[i];
    if (x >= M) x -= M;
  }
  int64_t h = NEG(a) ? -(int64_t)x : (int64_t)x;
  return h == -1 ? -2 : h;
}

/* -- Addition and subtraction ------------------------------------------------------------------ */

/* a + (-1)^negb * b as signed magnitudes. */
static BigInt *addsub(const dig *a, size_t na, bool sa, const dig *b, size_t nb, bool sb,
                      BigAllocFn al)
{
  if (na < nb || (na == nb && sa != sb && nat_cmp(a, na, b, nb) < 0)) {
    const dig *t = a; a = b; b = t;
    size_t tn = na; na = nb; nb = tn;
    bool ts = sa; sa = sb; sb = ts;
  }
  if (sa == sb) {
    BigInt *r = big_new(al, na + 1);
    if (!r) return NULL;
    r->d[na] = nat_add(r->d, a, na, b, nb);
    return big_fin(r, na + 1, sa);
  }
  /* |a| >= |b| here (when na > nb, by length) */
  BigInt *r = big_new(al, na);
  if (!r) return NULL;
  nat_sub(r->d, a, na, b, nb);
  return big_fin(r, na, sa);
}

BigInt *bigint_add(const BigInt *a, const BigInt *b)
{
  if (!b->size) return (BigInt *)a;
  if (!a->size) return (BigInt *)b;
  return addsub(a->d, LEN(a), NEG(a), b->d, LEN(b), NEG(b), g_alloc);
}

BigInt *bigint_sub(const BigInt *a, const BigInt *b)
{
  if (!b->size) return (BigInt *)a;
  return addsub(a->d, LEN(a), NEG(a), b->d, LEN(b), !NEG(b), g_alloc);
}

BigInt *bigint_neg(const BigInt *a)
{
  if (!a->size) return (BigInt *)a;
  return big_from_mag(a->d, LEN(a), !NEG(a), g_alloc);
}

BigInt *bigint_abs(const BigInt *a)
{
  if (!NEG(a)) return (BigInt *)a;
  return big_from_mag(a->d, LEN(a), false, g_alloc);
}

/* -- Multiplication and division --------------------------------------------------------------- */

static BigInt *mul_with(const BigInt *a, const BigInt *b, BigAllocFn al)
{
  size_t na = LEN(a), nb = LEN(b);
  if (!na || !nb) return big_fin(big_new(al, 0), 0, false);
  BigInt *r = big_new(al, na + nb);
  if (!r) return NULL;
  if (nat_mul(r->d, a->d, na, b->d, nb)) return NULL;
  return big_fin(r, na + nb, NEG(a) != NEG(b));
}

BigInt *bigint_mul(const BigInt *a, const BigInt *b) { return mul_with(a, b, g_alloc); }

/* Floor divmod. The magnitudes give |a| = Q|b| + R; when the signs differ and R != 0 the floor
 * quotient is -(Q+1) and the remainder |b| - R carries the sign of b. Buffers for results the
 * caller does not want are scratch. */
static BigStatus divmod_with(const BigInt *a, const BigInt *b, BigInt **qo, BigInt **ro,
                             BigAllocFn qal, BigAllocFn ral)
{
  size_t na = LEN(a), nb = LEN(b);
  if (!nb) return BIG_ZERODIV;
  size_t qn = na >= nb ? na - nb + 2 : 1;
  BigInt *q = NULL, *r = NULL;
  dig *qs = NULL, *rs = NULL;
  dig *qd, *rd;
  if (qo) { if (!(q = big_new(qal, qn))) goto nomem; qd = q->d; }
  else { if (!(qs = scratch(qn))) goto nomem; qd = qs; }
  if (ro) { if (!(r = big_new(ral, nb))) goto nomem; rd = r->d; }
  else { if (!(rs = scratch(nb))) goto nomem; rd = rs; }
  memset(qd, 0, qn * sizeof(dig));
  if (na < nb) {
    memset(rd, 0, nb * sizeof(dig));
    memcpy(rd, a->d, na * sizeof(dig));
  } else if (nat_divrem(qd, rd, a->d, na, b->d, nb)) {
    goto nomem;
  }
  bool qneg = NEG(a) != NEG(b);
  if (qneg && nat_len(rd, nb)) {
    nat_inc(qd, qn);
    nat_sub(rd, b->d, nb, rd, nb);
  }
  if (qo) *qo = big_fin(q, qn, qneg);
  if (ro) *ro = big_fin(r, nb, NEG(b));
  free(qs);
  free(rs);
  return BIG_OK;
nomem:
  free(qs);
  free(rs);
  return BIG_NOMEM;
}

BigStatus bigint_divmod(const BigInt *a, const BigInt *b, BigInt **q, BigInt **r)
{
  return divmod_with(a, b, q, r, g_alloc, g_alloc);
}

BigStatus bigint_floordiv(const BigInt *a, const BigInt *b, BigInt **q)
{
  return divmod_with(a, b, q, NULL, g_alloc, g_alloc);
}

BigStatus bigint_mod(const BigInt *a, const BigInt *b, BigInt **r)
{
  return divmod_with(a, b, NULL, r, g_alloc, g_alloc);
}

/* True division after CPython's long_true_divide: scale a by 2^-shift so the integer quotient
 * has DBL_MANT_DIG+2 or +3 bits (fewer in the subnormal range), fold the remainder into a
 * sticky bit, round half-even by hand, then one exact ldexp. */
BigStatus bigint_truediv(const BigInt *a, const BigInt *b, double *out)
{
  size_t na = LEN(a), nb = LEN(b);
  if (!nb) return BIG_ZERODIV;
  bool neg = NEG(a) != NEG(b);
  double result;
  uint64_t abits = nat_bitlen(a->d, na), bbits = nat_bitlen(b->d, nb);
  if (!na) { result = 0.0; goto done; }
  if (abits <= DBL_MANT_DIG && bbits <= DBL_MANT_DIG) {
    result = (double)mag64(a) / (double)mag64(b);
    goto done;
  }
  int64_t diff = (int64_t)abits - (int64_t)bbits;
  if (diff > DBL_MAX_EXP) return BIG_OVERFLOW;
  if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) { result = 0.0; goto done; }
  int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
  bool inexact = false;
  size_t nx;
  dig *x;
  if (shift <= 0) {
    size_t sw = (size_t)(-shift / 32);
    nx = na + sw + 1;
    if (!(x = scratch(nx))) return BIG_NOMEM;
    memset(x, 0, sw * sizeof(dig));
    x[nx - 1] = nat_shl(x + sw, a->d, na, (unsigned)(-shift % 32));
  } else {
    size_t sw = (size_t)(shift / 32);
    nx = na - sw;
    if (!(x = scratch(nx))) return BIG_NOMEM;
    if (nat_shr(x, a->d + sw, nx, (unsigned)(shift % 32))) inexact = true;
    for (size_t i = 0; i < sw && !inexact; i++) inexact = a->d[i] != 0;
  }
  nx = nat_len(x, nx);
  uint64_t qv;
  if (nx < nb) {
    qv = 0;   /* cannot happen given the chosen shift, but stay defined */
    inexact = true;
  } else {
    dig *qr = scratch(nx - nb + 1 + nb);
    if (!qr) { free(x); return BIG_NOMEM; }
    if (nat_divrem(qr, qr + nx - nb + 1, x, nx, b->d, nb)) { free(qr); free(x); return BIG_NOMEM; }
    if (nat_len(qr + nx - nb + 1, nb)) inexact = true;
    size_t lq = nat_len(qr, nx - nb + 1);
    qv = lq == 0 ? 0 : lq == 1 ? qr[0] : ((uint64_t)qr[1] << 32) | qr[0];
    free(qr);
  }
  free(x);
  int64_t xbits = qv ? 64 - __builtin_clzll(qv) : 0;
  int64_t extra = (xbits > DBL_MIN_EXP - shift ? xbits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
  uint64_t mask = (uint64_t)1 << (extra - 1);
  uint64_t low = qv | (inexact ? 1 : 0);
  if ((low & mask) && (low & (3 * mask - 1))) low += mask;
  qv = low & ~(2 * mask - 1);
  double dx = (double)qv;
  if (shift + xbits >= DBL_MAX_EXP &&
      (shift + xbits > DBL_MAX_EXP || dx == ldexp(1.0, (int)xbits)))
    return BIG_OVERFLOW;
  result = ldexp(dx, (int)shift);
done:
  *out = neg ? -result : result;
  return BIG_OK;
}

/* -- Powers and number theory ------------------------------------------------------------------ */

BigInt *bigint_pow(const BigInt *base, uint64_t exp)
{
  size_t nb = LEN(base);
  if (exp == 0) return from_u64(1, false, g_alloc);
  if (nb == 0 || exp == 1) return (BigInt *)base;
  bool neg = NEG(base) && (exp & 1);
  uint64_t bits = nat_bitlen(base->d, nb);
  if (bits == 1) return from_u64(1, neg, g_alloc);
  if (bits - 1 > (uint64_t)MAX_DIGITS * 32 / exp) return NULL;
  if (bigint_bit_count(base) == 1) { /* 2^k: a shift */
    dig one = 1;
    return shl_mag(&one, 1, neg, (bits - 1) * exp, g_alloc);
  }
  if (bits > (uint64_t)MAX_DIGITS * 32 / exp) return NULL;
  size_t cap = (size_t)(bits * exp / 32) + 2;
  dig *x = scratch(cap), *t = scratch(cap);
  BigInt *r = NULL;
  if (!x || !t) goto done;
  memcpy(x, base->d, nb * sizeof(dig));
  size_t nx = nb;
  for (int i = 62 - __builtin_clzll(exp); i >= 0; i--) {
    if (nat_mul(t, x, nx, x, nx)) goto done;
    nx = nat_len(t, 2 * nx);
    dig *s = x; x = t; t = s;
    if ((exp >> i) & 1) {
      if (nat_mul(t, x, nx, base->d, nb)) goto done;
      nx = nat_len(t, nx + nb);
      s = x; x = t; t = s;
    }
  }
  r = big_from_mag(x, nx, neg, g_alloc);
done:
  free(x);
  free(t);
  return r;
}

static BigInt *mag_new(const dig *a, size_t n) { return big_from_mag(a, n, false, bigint_alloc_default); }

/* Euclid on scratch BigInts. With inv != NULL also tracks the Bezout coefficient of b and stores
 * b^-1 mod a (a > 0) there, or sets it NULL when gcd != 1. Returns the gcd (scratch) or NULL. */
static BigInt *euclid(const dig *a, size_t na, const dig *b, size_t nb, BigInt **inv)
{
  BigAllocFn D = bigint_alloc_default;
  BigInt *r0 = mag_new(a, na), *r1 = mag_new(b, nb), *t0 = from_u64(0, false, D),
         *t1 = from_u64(1, false, D), *q = NULL, *r = NULL, *m = NULL, *t2 = NULL;
  if (!r0 || !r1 || !t0 || !t1) goto fail;
  while (r1->size) {
    if (divmod_with(r0, r1, inv ? &q : NULL, &r, D, D)) goto fail;
    if (inv) {
      if (!(m = mul_with(q, t1, D))) goto fail;
      if (!(t2 = addsub(t0->d, LEN(t0), NEG(t0), m->d, LEN(m), !NEG(m), D))) goto fail;
      free(q); free(m); free(t0);
      q = m = NULL;
      t0 = t1; t1 = t2; t2 = NULL;
    }
    free(r0);
    r0 = r1; r1 = r; r = NULL;
  }
  if (inv) {
    *inv = NULL;
    if (LEN(r0) == 1 && r0->d[0] == 1) {
      BigInt *am = mag_new(a, na);
      if (!am || divmod_with(t0, am, NULL, inv, D, D)) { free(am); goto fail; }
      free(am);
    }
  }
  free(r1); free(t0); free(t1);
  return r0;
fail:
  free(r0); free(r1); free(t0); free(t1); free(q); free(r); free(m); free(t2);
  return NULL;
}

BigInt *bigint_gcd(const BigInt *a, const BigInt *b)
{
  BigInt *g = euclid(a->d, LEN(a), b->d, LEN(b), NULL);
  if (!g) return NULL;
  BigInt *r = big_from_mag(g->d, LEN(g), false, g_alloc);
  free(g);
  return r;
}

/* x = x * y mod m, all magnitudes below m (nm digits); t has 2*nm digits, qs nm+1. */
static int mulmod(dig *x, const dig *y, const dig *m, size_t nm, dig *t, dig *qs)
{
  size_t lx = nat_len(x, nm), ly = nat_len(y, nm);
  if (nat_mul(t, x, lx, y, ly)) return -1;
  size_t lt = nat_len(t, lx + ly);
  memset(x, 0, nm * sizeof(dig));
  if (lt < nm) { memcpy(x, t, lt * sizeof(dig)); return 0; }
  return nat_divrem(qs, x, t, lt, m, nm);
}

BigStatus bigint_powmod(const BigInt *base, const BigInt *exp, const BigInt *mod, BigInt **out)
{
  size_t nm = LEN(mod);
  if (!nm) return BIG_ZERODIV;
  if (nm == 1 && mod->d[0] == 1) return (*out = from_u64(0, false, g_alloc)) ? BIG_OK : BIG_NOMEM;
  BigStatus st = BIG_NOMEM;
  const dig *m = mod->d;
  BigInt *b = NULL, *inv = NULL, *g = NULL;
  dig *ws = scratch(5 * nm + 1);
  if (!ws) return BIG_NOMEM;
  dig *x = ws, *y = ws + nm, *t = ws + 2 * nm, *qs = ws + 4 * nm;
  /* y = base mod |m|: non-negative, as the divisor is */
  BigInt *am = mag_new(m, nm);
  if (!am || divmod_with(base, am, NULL, &b, NULL, bigint_alloc_default)) goto done;
  memset(y, 0, nm * sizeof(dig));
  memcpy(y, b->d, LEN(b) * sizeof(dig));
  if (NEG(exp)) {
    if (!(g = euclid(m, nm, y, nat_len(y, nm), &inv))) goto done;
    if (!inv) { st = BIG_NOT_INVERTIBLE; goto done; }
    memset(y, 0, nm * sizeof(dig));
    memcpy(y, inv->d, LEN(inv) * sizeof(dig));
  }
  memset(x, 0, nm * sizeof(dig));
  x[0] = 1;
  size_t ne = LEN(exp);
  for (size_t i = ne; i-- > 0;) {
    for (int k = i == ne - 1 ? 31 - (int)clz32(exp->d[i]) : 31; k >= 0; k--) {
      if (mulmod(x, x, m, nm, t, qs)) goto done;
      if ((exp->d[i] >> k) & 1 && mulmod(x, y, m, nm, t, qs)) goto done;
    }
  }
  bool neg = NEG(mod) && nat_len(x, nm);
  if (neg) nat_sub(x, m, nm, x, nm);
  st = (*out = big_from_mag(x, nm, neg, g_alloc)) ? BIG_OK : BIG_NOMEM;
done:
  free(ws); free(am); free(b); free(inv); free(g);
  return st;
}

/* -- Shifts and bitwise operations ------------------------------------------------------------- */

static BigInt *shl_mag(const dig *a, size_t na, bool neg, uint64_t n, BigAllocFn al)
{
  na = nat_len(a, na);
  if (!na) return big_fin(big_new(al, 0), 0, false);
  if (n / 32 > MAX_DIGITS) return NULL;
  size_t sw = (size_t)(n / 32), rn = na + sw + 1;
  BigInt *r = big_new(al, rn);
  if (!r) return NULL;
  memset(r->d, 0, sw * sizeof(dig));
  r->d[rn - 1] = nat_shl(r->d + sw, a, na, (unsigned)(n % 32));
  return big_fin(r, rn, neg);
}

BigInt *bigint_lshift(const BigInt *a, uint64_t n)
{
  if (!n || !a->size) return (BigInt *)a;
  return shl_mag(a->d, LEN(a), NEG(a), n, g_alloc);
}

BigInt *bigint_rshift(const BigInt *a, uint64_t n)
{
  size_t na = LEN(a);
  if (!n || !na) return (BigInt *)a;
  bool neg = NEG(a);
  if (n / 32 >= na) return from_u64(neg, neg, g_alloc);
  size_t sw = (size_t)(n / 32), rn = na - sw;
  BigInt *r = big_new(g_alloc, rn + 1);
  if (!r) return NULL;
  bool lost = nat_shr(r->d, a->d + sw, rn, (unsigned)(n % 32)) != 0;
  for (size_t i = 0; i < sw && !lost; i++) lost = a->d[i] != 0;
  r->d[rn] = neg && lost ? nat_inc(r->d, rn) : 0;   /* floor: -(|a| >> n) - 1 when bits lost */
  return big_fin(r, rn + 1, neg);
}

enum { OP_AND, OP_OR, OP_XOR };

/* Negative operands stream through as two's complement (~x + 1, the carry running along), the
 * result's sign is the operation applied to the infinite sign extensions, and a negative
 * result is converted back the same way. */
static BigInt *bitop(const BigInt *a, const BigInt *b, int op)
{
  size_t na = LEN(a), nb = LEN(b), n = (na > nb ? na : nb) + 1;
  bool sa = NEG(a), sb = NEG(b);
  bool rneg = op == OP_AND ? sa && sb : op == OP_OR ? sa || sb : sa != sb;
  BigInt *r = big_new(g_alloc, n);
  if (!r) return NULL;
  ddig ca = 1, cb = 1, cr = 1;
  for (size_t i = 0; i < n; i++) {
    dig x = i < na ? a->d[i] : 0, y = i < nb ? b->d[i] : 0, z;
    if (sa) { ca += (dig)~x; x = (dig)ca; ca >>= 32; }
    if (sb) { cb += (dig)~y; y = (dig)cb; cb >>= 32; }
    z = op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y;
    if (rneg) { cr += (dig)~z; z = (dig)cr; cr >>= 32; }
    r->d[i] = z;
  }
  return big_fin(r, n, rneg);
}

BigInt *bigint_and(const BigInt *a, const BigInt *b) { return bitop(a, b, OP_AND); }
BigInt *bigint_or(const BigInt *a, const BigInt *b) { return bitop(a, b, OP_OR); }
BigInt *bigint_xor(const BigInt *a, const BigInt *b) { return bitop(a, b, OP_XOR); }

BigInt *bigint_invert(const BigInt *a)
{
  size_t na = LEN(a);
  BigInt *r = big_new(g_alloc, na + 1);
  if (!r) return NULL;
  memcpy(r->d, a->d, na * sizeof(dig));
  if (NEG(a)) { /* ~(-m) == m - 1 */
    nat_dec(r->d, na);
    return big_fin(r, na, false);
  }
  r->d[na] = nat_inc(r->d, na);  /* ~m == -(m + 1) */
  return big_fin(r, na + 1, true);
}

/* -- Bytes ------------------------------------------------------------------------------------- */

BigStatus bigint_to_bytes(const BigInt *a, uint8_t *out, size_t len, bool little, bool is_signed)
{
  size_t na = LEN(a);
  bool neg = NEG(a);
  if (neg && !is_signed) return BIG_OVERFLOW;
  /* bits needed for the value: for -m that is bit_length(m - 1) plus the sign bit */
  uint64_t bits = nat_bitlen(a->d, na);
  if (neg && bigint_bit_count(a) == 1) bits--;
  if (is_signed) bits++;
  /* CPython quirk kept for fidelity: (-1).to_bytes(0, signed=True) == b'' */
  if (len < (bits + 7) / 8 && !(len == 0 && neg && bits == 1)) return BIG_OVERFLOW;
  ddig c = 1;
  dig w = 0;
  for (size_t i = 0; i < len; i++) {
    if (i % 4 == 0) {
      w = i / 4 < na ? a->d[i / 4] : 0;
      if (neg) { c += (dig)~w; w = (dig)c; c >>= 32; }
    }
    out[little ? i : len - 1 - i] = (uint8_t)(w >> (8 * (i % 4)));
  }
  return BIG_OK;
}

BigInt *bigint_from_bytes(const uint8_t *bytes, size_t len, bool little, bool is_signed)
{
  size_t n = (len + 3) / 4;
  BigInt *r = big_new(g_alloc, n);
  if (!r) return NULL;
  memset(r->d, 0, n * sizeof(dig));
  for (size_t i = 0; i < len; i++)
    r->d[i / 4] |= (dig)bytes[little ? i : len - 1 - i] << (8 * (i % 4));
  bool neg = is_signed && len && (bytes[little ? len - 1 : 0] & 0x80);
  if (neg) { /* sign-extend the top digit, then negate: magnitude = ~x + 1 */
    for (size_t i = len; i < 4 * n; i++) r->d[i / 4] |= (dig)0xFF << (8 * (i % 4));
    ddig c = 1;
    for (size_t i = 0; i < n; i++) { c += (dig)~r->d[i]; r->d[i] = (dig)c; c >>= 32; }
  }
  return big_fin(r, n, neg);
}

/* -- Decimal output ---------------------------------------------------------------------------- */

#define DEC_BASE 1000000000u   /* 10^9, the largest power of ten in a digit */

/* Simple conversion divides by 10^19 (the largest power of ten in 64 bits) over 64-bit limbs:
 * each step is latency bound on the running remainder, so a 128/64 division by multiplying
 * with a precomputed inverse (Moller & Granlund, "Improved division by invariant integers")
 * beats two steps by 10^9. 10^19 already has its top bit set, as that method needs. */
__extension__ typedef unsigned __int128 u128;
#define DEC19 10000000000000000000ull
#define DEC19_INV 0xd83c94fb6d2ac34aull   /* floor((2^128 - 1) / 10^19) - 2^64 */

/* a /= 10^19 in place, returns the remainder. */
static uint64_t divrem_1e19(uint64_t *a, size_t n)
{
  uint64_t r = 0;
  for (size_t i = n; i-- > 0;) {
    u128 p = (u128)r * DEC19_INV + (((u128)(r + 1) << 64) | a[i]);
    uint64_t qh = (uint64_t)(p >> 64), ql = (uint64_t)p;
    uint64_t rem = a[i] - qh * DEC19;
    uint64_t mask = 0 - (uint64_t)(rem > ql);   /* taken half the time: keep it branch-free */
    qh += mask;
    rem += mask & DEC19;
    if (rem >= DEC19) { qh++; rem -= DEC19; }
    a[i] = qh;
    r = rem;
  }
  return r;
}

/* Writes the low digits of v backwards from end, at most 19 and never before start. */
static char *put19(char *end, uint64_t v, const char *start)
{
  for (int i = 0; i < 19 && end > start; i++) { *--end = (char)('0' + v % 10); v /= 10; }
  return end;
}

/* Writes x in decimal: with width > 0 exactly width chars, zero-padded (x < 10^width); with
 * width == 0 the minimal digits ("0" for zero). Returns the length or -1. */
static ptrdiff_t dec_simple(char *out, size_t width, const dig *x, size_t nx)
{
  uint64_t tbuf[STACK_DIGITS / 2 + 1], lbuf[STACK_DIGITS / 2 + 2];
  nx = nat_len(x, nx);
  size_t nt = (nx + 1) / 2, nl_max = nt + nt / 16 + 2;  /* 64 bits hold 1.013 * 19 digits */
  uint64_t *t = nt <= sizeof tbuf / sizeof *tbuf ? tbuf : malloc(nt * sizeof *t + 1);
  uint64_t *limbs = nl_max <= sizeof lbuf / sizeof *lbuf ? lbuf : malloc(nl_max * sizeof *t);
  ptrdiff_t len = -1;
  if (!t || !limbs) goto done;
  for (size_t i = 0; i < nt; i++)
    t[i] = x[2 * i] | (2 * i + 1 < nx ? (uint64_t)x[2 * i + 1] << 32 : 0);
  size_t nl = 0;
  while (nt) {
    limbs[nl++] = divrem_1e19(t, nt);
    while (nt && !t[nt - 1]) nt--;
  }
  if (width) {
    char *p = out + width;
    for (size_t i = 0; i < nl; i++) p = put19(p, limbs[i], out);
    memset(out, '0', (size_t)(p - out));
    len = (ptrdiff_t)width;
  } else {
    char top[20];
    uint64_t v = nl ? limbs[nl - 1] : 0;
    size_t k = 0;
    do { top[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (size_t i = 0; i < k; i++) out[i] = top[k - 1 - i];
    len = (ptrdiff_t)(k + 19 * (nl ? nl - 1 : 0));
    char *p = out + len;
    for (size_t i = 0; i + 1 < nl; i++) p = put19(p, limbs[i], out);
  }
done:
  if (t != tbuf) free(t);
  if (limbs != lbuf) free(limbs);
  return len;
}

/* Powers 10^(9*2^k) for the divide and conquer conversions, built by squaring on demand. */
typedef struct { dig *p[48]; size_t n[48]; int count; } Pow10;

static const dig *pow10_get(Pow10 *c, int k, size_t *n)
{
  while (c->count <= k) {
    int j = c->count;
    if (j == 0) {
      if (!(c->p[0] = scratch(1))) return NULL;
      c->p[0][0] = DEC_BASE;
      c->n[0] = 1;
    } else {
      size_t m = c->n[j - 1];
      if (!(c->p[j] = scratch(2 * m))) return NULL;
      if (nat_mul(c->p[j], c->p[j - 1], m, c->p[j - 1], m)) { free(c->p[j]); return NULL; }
      c->n[j] = nat_len(c->p[j], 2 * m);
    }
    c->count++;
  }
  *n = c->n[k];
  return c->p[k];
}

static void pow10_free(Pow10 *c)
{
  for (int i = 0; i < c->count; i++) free(c->p[i]);
}

/* Exactly 9*2^k chars for x < 10^(9*2^k): split by 10^(9*2^(k-1)) into two halves. */
static int dec_rec(char *out, const dig *x, size_t nx, int k, Pow10 *pw)
{
  size_t width = (size_t)9 << k, half = width / 2, np;
  nx = nat_len(x, nx);
  if (nx <= DEC_DC_CUTOFF || k == 0) return dec_simple(out, width, x, nx) < 0 ? -1 : 0;
  const dig *p = pow10_get(pw, k - 1, &np);
  if (!p) return -1;
  if (nat_cmp(x, nx, p, np) < 0) {
    memset(out, '0', half);
    return dec_rec(out + half, x, nx, k - 1, pw);
  }
  dig *q = scratch(nx - np + 1 + np);
  if (!q) return -1;
  dig *r = q + nx - np + 1;
  int rc = nat_divrem(q, r, x, nx, p, np);
  if (!rc) rc = dec_rec(out, q, nx - np + 1, k - 1, pw);
  if (!rc) rc = dec_rec(out + half, r, np, k - 1, pw);
  free(q);
  return rc;
}

/* Upper bound on the decimal digits of a value with this many bits (log10 2 < 0.30103). */
static size_t dec_digits_max(uint64_t bits) { return (size_t)(bits * 30103 / 100000) + 2; }

static ptrdiff_t dec_write(char *out, const dig *x, size_t nx)
{
  nx = nat_len(x, nx);
  if (nx <= DEC_DC_CUTOFF) return dec_simple(out, 0, x, nx);
  size_t maxd = dec_digits_max(nat_bitlen(x, nx));
  int K = 0;
  while (((size_t)9 << K) < maxd) K++;
  size_t width = (size_t)9 << K;
  char *tmp = malloc(width);
  Pow10 pw = {.count = 0};
  ptrdiff_t len = -1;
  if (tmp && !dec_rec(tmp, x, nx, K, &pw)) {
    size_t z = 0;
    while (z + 1 < width && tmp[z] == '0') z++;
    len = (ptrdiff_t)(width - z);
    memcpy(out, tmp + z, (size_t)len);
  }
  free(tmp);
  pow10_free(&pw);
  return len;
}

/* -- Text conversions -------------------------------------------------------------------------- */

static unsigned base_shift(int base) { return base == 2 ? 1 : base == 8 ? 3 : base == 16 ? 4 : 0; }

size_t bigint_to_string_max(const BigInt *a, int base, bool prefix)
{
  uint64_t bits = bigint_bit_length(a);
  unsigned k = base_shift(base);
  size_t n = k ? (size_t)((bits + k - 1) / k) : dec_digits_max(bits);
  return n + 1 + (prefix && k ? 2 : 0) + 1;
}

size_t bigint_to_string_buf(const BigInt *a, int base, bool prefix, char *buf)
{
  static const char xdigits[] = "0123456789abcdef";
  char *p = buf;
  unsigned k = base_shift(base);
  if (NEG(a)) *p++ = '-';
  if (prefix && k) { *p++ = '0'; *p++ = base == 2 ? 'b' : base == 8 ? 'o' : 'x'; }
  size_t na = LEN(a);
  if (!na) { *p++ = '0'; return (size_t)(p - buf); }
  if (!k) {
    ptrdiff_t n = dec_write(p, a->d, na);
    return n < 0 ? (size_t)-1 : (size_t)(p - buf) + (size_t)n;
  }
  uint64_t bits = nat_bitlen(a->d, na);
  size_t nc = (size_t)((bits + k - 1) / k);
  for (size_t i = 0; i < nc; i++) {
    uint64_t pos = (uint64_t)i * k;
    size_t w = (size_t)(pos / 32);
    unsigned s = (unsigned)(pos % 32);
    uint64_t v = a->d[w] >> s;
    if (s + k > 32 && w + 1 < na) v |= (uint64_t)a->d[w + 1] << (32 - s);
    p[nc - 1 - i] = xdigits[v & ((1u << k) - 1)];
  }
  return (size_t)(p - buf) + nc;
}

char *bigint_to_string(const BigInt *a, int base, bool prefix, size_t *len)
{
  char *s = malloc(bigint_to_string_max(a, base, prefix) + 1);
  if (!s) return NULL;
  size_t n = bigint_to_string_buf(a, base, prefix, s);
  if (n == (size_t)-1) { free(s); return NULL; }
  s[n] = '\0';
  if (len) *len = n;
  return s;
}

/* Decimal digit values (0..9) to a magnitude in out (room for nd/9 + 3 digits); returns the
 * length or -1. Large inputs: value = high * 10^L + low with L = 9*2^j, the largest below nd. */
static ptrdiff_t dec_read(dig *out, const uint8_t *dv, size_t nd, Pow10 *pw)
{
  if (nd <= FROMDEC_DC_CUTOFF) {
    size_t n = 0, i = 0, first = nd % 9 ? nd % 9 : 9;
    while (i < nd) {
      size_t end = i == 0 ? first : i + 9;
      dig v = 0, m = 1;
      for (; i < end; i++) { v = v * 10 + dv[i]; m *= 10; }
      dig c = nat_muladd1(out, n, m, v);
      if (c) out[n++] = c;
    }
    return (ptrdiff_t)n;
  }
  int j = 0;
  while (((size_t)9 << (j + 1)) < nd) j++;
  size_t L = (size_t)9 << j, np;
  const dig *p = pow10_get(pw, j, &np);
  if (!p) return -1;
  dig *hv = scratch((nd - L) / 9 + 3), *lv = scratch(L / 9 + 3);
  ptrdiff_t lh = -1, ll = -1, r = -1;
  if (hv && lv) {
    lh = dec_read(hv, dv, nd - L, pw);
    ll = lh < 0 ? -1 : dec_read(lv, dv + nd - L, L, pw);
  }
  if (ll >= 0 && !nat_mul(out, hv, (size_t)lh, p, np)) {
    size_t n = (size_t)lh + np;
    nat_add(out, out, n, lv, (size_t)ll);
    r = (ptrdiff_t)nat_len(out, n);
  }
  free(hv);
  free(lv);
  return r;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int digit_value(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

BigInt *bigint_from_string(const char *s, size_t len, int base)
{
  if (base != 0 && (base < 2 || base > 36)) return NULL;
  const char *p = s, *e = s + len;
  while (p < e && is_space(*p)) p++;
  while (e > p && is_space(e[-1])) e--;
  bool neg = false, prefixed = false, only_zeros = false;
  if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
  if (e - p >= 2 && p[0] == '0') {
    char c = (char)(p[1] | 0x20);
    int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
    if (pb && (base == 0 || base == pb)) { base = pb; p += 2; prefixed = true; }
  }
  if (base == 0) { base = 10; only_zeros = p < e && *p == '0'; } /* no "010" literals */
  if (prefixed && p < e && *p == '_') p++;
  uint8_t sbuf[64];
  size_t cap = (size_t)(e - p);
  uint8_t *dv = cap <= sizeof sbuf ? sbuf : malloc(cap);
  BigInt *r = NULL;
  if (!dv) return NULL;
  size_t nd = 0;
  bool after_us = true;   /* an underscore needs a digit on both sides */
  for (; p < e; p++) {
    if (*p == '_') {
      if (after_us) goto done;
      after_us = true;
      continue;
    }
    int v = digit_value(*p);
    if (v >= base || (only_zeros && v)) goto done;
    dv[nd++] = (uint8_t)v;
    after_us = false;
  }
  if (!nd || after_us) goto done;
  if (base == 10 && nd > FROMDEC_DC_CUTOFF) {
    dig *t = scratch(nd / 9 + 3);
    Pow10 pw = {.count = 0};
    ptrdiff_t n = t ? dec_read(t, dv, nd, &pw) : -1;
    if (n >= 0) r = big_from_mag(t, (size_t)n, neg, g_alloc);
    free(t);
    pow10_free(&pw);
    goto done;
  }
  unsigned k = (base & (base - 1)) == 0 ? (unsigned)__builtin_ctz((unsigned)base) : 0;
  unsigned bpd = k ? k : 32 - clz32((dig)base);       /* bits per char, rounded up */
  size_t rn = (size_t)(((uint64_t)nd * bpd + 31) / 32) + 1;
  if (!(r = big_new(g_alloc, rn))) goto done;
  memset(r->d, 0, rn * sizeof(dig));
  if (k) {
    for (size_t i = 0; i < nd; i++) {
      uint64_t pos = (uint64_t)i * k;
      dig v = dv[nd - 1 - i];
      r->d[pos / 32] |= v << (pos % 32);
      if (pos % 32 + k > 32) r->d[pos / 32 + 1] |= v >> (32 - pos % 32);
    }
  } else {
    /* chunks of cs chars: the largest power of base that fits a digit */
    dig bp = (dig)base;
    size_t cs = 1;
    while ((ddig)bp * (dig)base <= 0xFFFFFFFFu) { bp *= (dig)base; cs++; }
    size_t n = 0, i = 0, first = nd % cs ? nd % cs : cs;
    while (i < nd) {
      size_t end = i == 0 ? first : i + cs;
      dig v = 0, m = 1;
      for (; i < end; i++) { v = v * (dig)base + dv[i]; m *= (dig)base; }
      dig c = nat_muladd1(r->d, n, m, v);
      if (c) r->d[n++] = c;
    }
  }
  big_fin(r, rn, neg);
done:
  if (dv != sbuf) free(dv);
  return r;
}
