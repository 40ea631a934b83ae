/* _randommodule.c: the _random module: CPython's Mersenne Twister core (MT19937).
 *
 * Bit-exact with CPython's _randommodule.c: seed(int) splits |n| into 32-bit words, least
 * significant first, and feeds them to init_by_array; random() builds a 53-bit double out of two
 * 32-bit outputs; getrandbits(k) fills k bits 32 at a time, least significant word first. So
 * `random.seed(42); random.random()` prints what CPython prints. The distribution methods
 * (randrange, shuffle, gauss, ...) live in lib/random.py and draw from these primitives,
 * exactly as CPython's random.py does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "ast.h"
#include "import.h"
#include "intobject.h"

#define MT_N 624
#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

typedef struct RandomObj { Obj h; int index; uint32_t state[MT_N]; } RandomObj;

/* -- The generator (Matsumoto and Nishimura's reference code, as CPython has it) -------------- */
static uint32_t genrand_uint32(RandomObj *self) {
  static const uint32_t mag01[2] = {0x0U, MATRIX_A};
  uint32_t y, *mt = self->state;
  if (self->index >= MT_N) {
    int kk;
    for (kk = 0; kk < MT_N - MT_M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    for (; kk < MT_N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
    self->index = 0;
  }
  y = mt[self->index++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

static void init_genrand(RandomObj *self, uint32_t s) {
  uint32_t *mt = self->state;
  mt[0] = s;
  for (int i = 1; i < MT_N; i++) mt[i] = (1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i);
  self->index = MT_N;
}

static void init_by_array(RandomObj *self, const uint32_t *key, size_t keylen) {
  uint32_t *mt = self->state;
  init_genrand(self, 19650218U);
  size_t i = 1, j = 0, k = MT_N > keylen ? MT_N : keylen;
  for (; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j;
    i++;
    j++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
    if (j >= keylen) j = 0;
  }
  for (k = MT_N - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i;
    i++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
  }
  mt[0] = 0x80000000U;
}

/* -- Seeding ------------------------------------------------------------------------------------ */
static void seed_from_os(RandomObj *self) {
  uint32_t key[MT_N];
  if (getrandom(key, sizeof key, 0) != (ssize_t)sizeof key) {
    /* No entropy source: time and pid, as CPython's fallback does. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    key[0] = (uint32_t)ts.tv_sec;
    key[1] = (uint32_t)ts.tv_nsec;
    key[2] = (uint32_t)getpid();
    init_by_array(self, key, 3);
    return;
  }
  init_by_array(self, key, MT_N);
}

/* Seeds from |n| (an int): its 32-bit words, least significant first. */
static bool seed_from_int(RandomObj *self, Value n) {
  GC_ROOT_SCOPE;
  n = int_abs(n);
  if (!n) return false;
  gc_root(&n);
  size_t cap = 8, len = 0;
  uint32_t *key = malloc(cap * sizeof(uint32_t));
  if (!key) { err_no_memory(); return false; }
  Value mask = v_from_int(0xffffffffLL), shift = v_from_int(32);
  do {
    Value w = int_binop(OP_BitAnd, n, mask);
    if (!w) { free(key); return false; }
    if (len == cap) {
      uint32_t *k2 = realloc(key, (cap *= 2) * sizeof(uint32_t));
      if (!k2) { free(key); err_no_memory(); return false; }
      key = k2;
    }
    key[len++] = (uint32_t)v_int(w);
    n = int_binop(OP_RShift, n, shift);
    if (!n) { free(key); return false; }
  } while (!(v_is_int(n) && v_int(n) == 0));
  init_by_array(self, key, len);
  free(key);
  return true;
}

static bool do_seed(RandomObj *self, Value arg) {
  if (!arg || arg == V_NONE) {
    seed_from_os(self);
    return true;
  }
  if (v_isinstance(arg, &Type_int)) return seed_from_int(self, arg);
  int64_t h;
  if (!obj_hash(arg, &h)) return false;
  return seed_from_int(self, int_from_i64(h));
}

/* -- Methods ------------------------------------------------------------------------------------ */
#define SELF V_AS(RandomObj, self)

static Value r_seed(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("seed", nargs, kw, 0, 1)) return VNULL;
  return do_seed(SELF, nargs ? args[0] : VNULL) ? V_NONE : VNULL;
}

static Value r_random(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("random", nargs, kw, 0, 0)) return VNULL;
  uint32_t a = genrand_uint32(SELF) >> 5, b = genrand_uint32(SELF) >> 6;
  return float_new((a * 67108864.0 + b) * (1.0 / 9007199254740992.0));
}

static Value r_getrandbits(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  int64_t k;
  if (!args_check("getrandbits", nargs, kw, 1, 1) || !index_of(args[0], &k)) return VNULL;
  if (k < 0) return err_format(Exc_ValueError, "number of bits must be non-negative");
  if (k == 0) return v_from_int(0);
  if (k <= 32) return v_from_int(genrand_uint32(SELF) >> (32 - k));
  if (k <= 62) {
    uint64_t lo = genrand_uint32(SELF), hi = genrand_uint32(SELF) >> (64 - k);
    return v_from_int((int64_t)(lo | hi << 32));
  }
  /* Word i goes to bits [32i, 32i+32): build the int from the top word down. */
  int64_t words = (k - 1) / 32 + 1;
  uint32_t *w = malloc((size_t)words * sizeof(uint32_t));
  if (!w) return err_no_memory();
  for (int64_t i = 0; i < words; i++, k -= 32) {
    uint32_t r = genrand_uint32(SELF);
    if (k < 32) r >>= (32 - k);
    w[i] = r;
  }
  Value r = v_from_int(0), shift = v_from_int(32);
  gc_root(&r);
  for (int64_t i = words - 1; i >= 0 && r; i--) {
    r = int_binop(OP_LShift, r, shift);
    if (r) r = int_binop(OP_BitOr, r, v_from_int(w[i]));
  }
  free(w);
  return r;
}

static Value r_getstate(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("getstate", nargs, kw, 0, 0)) return VNULL;
  Tuple *t = tuple_new(MT_N + 1);
  for (int i = 0; i < MT_N; i++) t->items[i] = v_from_int(SELF->state[i]);
  t->items[MT_N] = v_from_int(SELF->index);
  return OBJ_V(t);
}

static Value r_setstate(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("setstate", nargs, kw, 1, 1)) return VNULL;
  if (!IS_TUPLE(args[0])) return err_format(Exc_TypeError, "state vector must be a tuple");
  Tuple *t = V_AS(Tuple, args[0]);
  if (t->len != MT_N + 1) return err_format(Exc_ValueError, "state vector is the wrong size");
  uint32_t st[MT_N];
  int64_t v;
  for (int i = 0; i < MT_N; i++) {
    if (!index_of(t->items[i], &v)) return VNULL;
    st[i] = (uint32_t)v;
  }
  if (!index_of(t->items[MT_N], &v)) return VNULL;
  if (v < 0 || v > MT_N) return err_format(Exc_ValueError, "invalid state");
  memcpy(SELF->state, st, sizeof st);
  SELF->index = (int)v;
  return V_NONE;
}

#undef SELF

static const MethodDef random_methods[] = {
  {"seed", r_seed, "seed([n]) -> None.  Defaults to use urandom and falls back to a combination of the current time and the process identifier."},
  {"random", r_random, "random() -> x in the interval [0, 1)."},
  {"getrandbits", r_getrandbits, "getrandbits(k) -> x.  Generates an int with k random bits."},
  {"getstate", r_getstate, "getstate() -> tuple containing the current state."},
  {"setstate", r_setstate, "setstate(state) -> None.  Restores generator state."},
  {NULL, NULL, NULL},
};

static Value random_new(Type *t, Value *args, int nargs, Tuple *kw) {
  if (kw && kw->len) return err_format(Exc_TypeError, "Random() takes no keyword arguments");
  if (nargs > 1) return err_format(Exc_TypeError, "Random() expected at most 1 argument, got %d", nargs);
  RandomObj *r = (RandomObj *)gc_alloc(t, sizeof(RandomObj));
  return do_seed(r, nargs ? args[0] : VNULL) ? OBJ_V(r) : VNULL;
}

Value _random_module_init(void) {
  static bool types_ready;
  if (!types_ready) {
    types_ready = true;
    Type_random_Random.new = random_new;
    Type_random_Random.basicsize = sizeof(RandomObj);
    type_add_methods(&Type_random_Random, random_methods);
  }
  Value m = module_new("_random");
  module_set(m, "Random", OBJ_V(&Type_random_Random));
  return m;
}
