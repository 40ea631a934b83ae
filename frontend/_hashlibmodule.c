/* _hashlibmodule.c: message digests through OpenSSL's libcrypto (EVP), as CPython's _hashlib
 * does: new(name, data=b''), and the hash object's update/digest/hexdigest/copy, name,
 * digest_size, block_size. lib/hashlib.py builds the public module on it. The names are
 * CPython's (sha3_256, blake2b); the table maps them to OpenSSL's. shake_128/shake_256 take the
 * output length in digest(length)/hexdigest(length).
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytesobject.h"
#include "errors.h"
#include "import.h"
#include "intobject.h"
#include "strobject.h"
#include "typeobject.h"

/* The longest digest a fixed-size algorithm gives (SHA-512, BLAKE2b: 64 bytes); shake lengths
   are bounded by HASH_XOF_MAX so a digest never needs an unbounded buffer. */
#define HASH_XOF_MAX (1u << 16)

/* ctx is OpenSSL's (freed when the collector sweeps the object); name is a static string. */
typedef struct Hash { Obj h; EVP_MD_CTX *ctx; const char *name; bool xof; } Hash;

/* CPython's name, OpenSSL's name, and whether it is an extendable-output function. */
#define HASH_ALGORITHMS(_) \
  _("md5", "md5", 0) _("sha1", "sha1", 0) _("sha224", "sha224", 0) _("sha256", "sha256", 0) \
  _("sha384", "sha384", 0) _("sha512", "sha512", 0) _("sha512_224", "sha512-224", 0) \
  _("sha512_256", "sha512-256", 0) _("sha3_224", "sha3-224", 0) _("sha3_256", "sha3-256", 0) \
  _("sha3_384", "sha3-384", 0) _("sha3_512", "sha3-512", 0) _("shake_128", "shake128", 1) \
  _("shake_256", "shake256", 1) _("blake2b", "blake2b512", 0) _("blake2s", "blake2s256", 0)

typedef struct Algorithm { const char *name, *openssl; bool xof; } Algorithm;
static const Algorithm algorithms[] = {
#define HASH_ENTRY(py, ossl, x) {py, ossl, x},
  HASH_ALGORITHMS(HASH_ENTRY)
#undef HASH_ENTRY
};
#define NALGORITHMS (sizeof algorithms / sizeof *algorithms)

static const Algorithm *algorithm_named(const char *name) {
  for (size_t i = 0; i < NALGORITHMS; i++)
    if (strcasecmp(algorithms[i].name, name) == 0) return &algorithms[i];
  return NULL;
}

static Hash *HASH(Value v) { return V_AS(Hash, v); }

static void hash_finalize(Obj *o) {
  Hash *h = (Hash *)o;
  EVP_MD_CTX_free(h->ctx);
  h->ctx = NULL;
}

/* data's bytes, or a TypeError worded as CPython's. */
static bool data_of(Value data, const char **p, int64_t *n) {
  if (bytes_view(data, p, n)) return true;
  if (IS_STR(data)) err_format(Exc_TypeError, "Strings must be encoded before hashing");
  else err_format(Exc_TypeError, "object supporting the buffer API required");
  return false;
}

static bool hash_update_with(Hash *h, Value data) {
  const char *p;
  int64_t n;
  if (!data_of(data, &p, &n)) return false;
  if (!EVP_DigestUpdate(h->ctx, p, (size_t)n)) {
    err_format(Exc_ValueError, "%s: digest update failed", h->name);
    return false;
  }
  return true;
}

static Value hash_make(const Algorithm *a, EVP_MD_CTX *ctx) {
  Hash *h = (Hash *)gc_alloc(&Type_hashlib_HASH, sizeof(Hash));
  h->ctx = ctx;
  h->name = a->name;
  h->xof = a->xof;
  return OBJ_V(h);
}

static Value hl_new(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"name", "data", "usedforsecurity"};
  Value a[3] = {VNULL, VNULL, VNULL};
  if (!args_parse("new", args, nargs, kw, names, 1, 3, a)) return VNULL;
  if (!IS_STR(a[0])) return err_format(Exc_TypeError, "new() argument 'name' must be str, not %s", type_name(v_type(a[0])));
  const Algorithm *alg = algorithm_named(STR_DATA(a[0]));
  const EVP_MD *md = alg ? EVP_get_digestbyname(alg->openssl) : NULL;
  if (!md) return err_format(Exc_ValueError, "unsupported hash type %s", STR_DATA(a[0]));
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL)) {
    EVP_MD_CTX_free(ctx);
    return err_format(Exc_ValueError, "unsupported hash type %s", alg->name);
  }
  GC_ROOT_SCOPE;
  Value h = hash_make(alg, ctx);
  gc_root(&h);
  if (a[1] && !hash_update_with(HASH(h), a[1])) return VNULL;
  return h;
}

static Value hm_update(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("HASH.update", nargs, kw, 1, 1)) return VNULL;
  return hash_update_with(HASH(self), args[0]) ? V_NONE : VNULL;
}

/* The digest of a copy of the state (the object can go on being updated); out holds *len. */
static bool finish(Value self, Value *args, int nargs, Tuple *kw, const char *fname,
                   unsigned char *out, size_t *len) {
  Hash *h = HASH(self);
  int64_t want = 0;
  if (h->xof) {
    if (!args_check(fname, nargs, kw, 1, 1)) return false;
    if (!index_of(args[0], &want)) return false;
    if (want < 0 || want > HASH_XOF_MAX) {
      err_format(Exc_ValueError, "length must be between 0 and %u", HASH_XOF_MAX);
      return false;
    }
  } else if (!args_check(fname, nargs, kw, 0, 0)) {
    return false;
  }
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  unsigned int n = 0;
  bool ok = c && EVP_MD_CTX_copy_ex(c, h->ctx) &&
            (h->xof ? EVP_DigestFinalXOF(c, out, (size_t)want) : EVP_DigestFinal_ex(c, out, &n));
  EVP_MD_CTX_free(c);
  if (!ok) {
    err_format(Exc_ValueError, "%s: digest failed", h->name);
    return false;
  }
  *len = h->xof ? (size_t)want : n;
  return true;
}

static Value hm_digest(Value self, Value *args, int nargs, Tuple *kw) {
  static unsigned char out[HASH_XOF_MAX > EVP_MAX_MD_SIZE ? HASH_XOF_MAX : EVP_MAX_MD_SIZE];
  size_t n;
  if (!finish(self, args, nargs, kw, "HASH.digest", out, &n)) return VNULL;
  return bytes_new((const char *)out, n);
}

static Value hm_hexdigest(Value self, Value *args, int nargs, Tuple *kw) {
  static unsigned char out[HASH_XOF_MAX > EVP_MAX_MD_SIZE ? HASH_XOF_MAX : EVP_MAX_MD_SIZE];
  static char hex[2 * sizeof out + 1];
  size_t n;
  if (!finish(self, args, nargs, kw, "HASH.hexdigest", out, &n)) return VNULL;
  for (size_t i = 0; i < n; i++) snprintf(hex + 2 * i, 3, "%02x", out[i]);
  hex[2 * n] = '\0';
  return str_from_cstr(hex);
}

static Value hm_copy(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("HASH.copy", nargs, kw, 0, 0)) return VNULL;
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  if (!c || !EVP_MD_CTX_copy_ex(c, HASH(self)->ctx)) {
    EVP_MD_CTX_free(c);
    return err_format(Exc_ValueError, "%s: copy failed", HASH(self)->name);
  }
  return hash_make(algorithm_named(HASH(self)->name), c);
}

static Value hash_getattr(Value self, Str *name) {
  Hash *h = HASH(self);
  const EVP_MD *md = EVP_MD_CTX_get0_md(h->ctx);
  if (strcmp(name->data, "name") == 0) return str_from_cstr(h->name);
  if (strcmp(name->data, "digest_size") == 0) return v_from_int(h->xof ? 0 : EVP_MD_get_size(md));
  if (strcmp(name->data, "block_size") == 0) return v_from_int(EVP_MD_get_block_size(md));
  return type_generic_getattr(self, name);
}

static Value hash_repr(Value self) {
  char buf[96];
  snprintf(buf, sizeof buf, "<%s _hashlib.HASH object @ %p>", HASH(self)->name, (void *)V_OBJ(self));
  return str_from_cstr(buf);
}

static const MethodDef hash_methods[] = {
  {"update", hm_update, "Update this hash object's state with the provided string."},
  {"digest", hm_digest, "Return the digest value as a bytes object."},
  {"hexdigest", hm_hexdigest, "Return the digest value as a string of hexadecimal digits."},
  {"copy", hm_copy, "Return a copy of the hash object."},
  {NULL, NULL, NULL}};

static const MethodDef hashlib_functions[] = {
  {"new", hl_new, "Return a new hash object using the named algorithm; optionally initialized with data."},
  {NULL, NULL, NULL}};

Value _hashlib_module_init(void) {
  Type *t = &Type_hashlib_HASH;
  t->finalize = hash_finalize;
  t->getattr = hash_getattr;
  t->repr = hash_repr;
  type_add_methods(t, hash_methods);
  Value m = module_new("_hashlib");
  module_add_functions(m, hashlib_functions);
  List *names = list_new(NALGORITHMS);
  for (size_t i = 0; i < NALGORITHMS; i++)
    if (EVP_get_digestbyname(algorithms[i].openssl)) list_append(names, str_from_cstr(algorithms[i].name));
  module_set(m, "algorithm_names", OBJ_V(names));
  return m;
}
