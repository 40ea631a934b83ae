/* jit_link.c: blobs in a worker: mapped read+exec from the cache (never writable), checked as
 * hostile bytes (blob_check), their imports resolved into a private slot array, bridges linked
 * into their parent's exit slots (shared/blob.h has the conventions).
 *
 * Imports are symbols, so a blob compiled for another process links here: helpers by name,
 * built-in types by name, classes by module and qualified name, strings by content (interned),
 * globals by module and name (the value they have when the blob is linked: GUARD_DICT_VERSION
 * keeps it valid, as a namespace dict's version changes with any value), code objects by
 * content hash. An import that does not
 * resolve here makes the blob unusable in this process: the loop is interpreted (or recorded).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PJS_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

#include "dictobject.h"
#include "gc.h"
#include "import.h"
#include "iterobject.h"
#include "rangeobject.h"
#include "jit_int.h"
#include "pypylog.h"
#include "strobject.h"
#include "typeobject.h"

Cache *jit_cache;

/* -- Helpers compiled code may call ------------------------------------------------------------ */

static Value h_float_new(double v) { return float_new(v); }
static void h_gc_wb(Obj *o) { gc_wb(o); }
static void h_list_append(Value l, Value v) { (void)list_append(V_AS(List, l), v); }
static Value h_list_iter(Value l) { return listiter_new(V_AS(List, l)); }
static Value h_range_iter(Value r)
{
  Range *g = V_AS(Range, r);
  return rangeiter_new(g->start, g->step, g->len);
}
/* Tagged-int bounds and a nonzero step: the length fits, range() cannot fail. */
static Value h_range_new(int64_t start, int64_t stop, int64_t step) { return range_new_i64(start, stop, step); }
static void h_list_wb(Value l, int64_t i) { gc_wb_list(V_AS(List, l), i, V_AS(List, l)->items[i]); }
static double h_float_mod(double a, double b)
{
  double m = fmod(a, b);
  if (m != 0.0 && ((b < 0) != (m < 0))) m += b;
  else if (m == 0.0) m = copysign(0.0, b);
  return m;
}
static double h_float_floordiv(double a, double b) { return floor((a - h_float_mod(a, b)) / b); }
size_t jit_gc_limit = (size_t)-1;

static const void *helper_address(JitHelper h)
{
  switch (h) {
  case JIT_H_float_new: return (const void *)h_float_new;
  case JIT_H_gc_wb: return (const void *)h_gc_wb;
  case JIT_H_gc_young_bytes: return &gc_young_bytes;
  case JIT_H_gc_limit: return &jit_gc_limit;
  case JIT_H_list_append: return (const void *)h_list_append;
  case JIT_H_list_wb: return (const void *)h_list_wb;
  case JIT_H_list_iter: return (const void *)h_list_iter;
  case JIT_H_range_iter: return (const void *)h_range_iter;
  case JIT_H_range_new: return (const void *)h_range_new;
  case JIT_H_math_sin: return (const void *)sin;
  case JIT_H_math_cos: return (const void *)cos;
  case JIT_H_math_exp: return (const void *)exp;
  case JIT_H_math_log: return (const void *)log;
  case JIT_H_float_mod: return (const void *)h_float_mod;
  case JIT_H_float_floordiv: return (const void *)h_float_floordiv;
  case JIT_H_float_pow: return (const void *)pow;
  default: return NULL;
  }
}

static const char *const helper_names[JIT_H__COUNT] = {
#define JH_NAME(name, sig) #name,
  JIT_HELPERS(JH_NAME)
#undef JH_NAME
};

/* -- Registries: code by content hash, types by name ---------------------------------------------- */

/* Code objects by content hash, so an exit can resume in any frame a blob names, also in a
   worker that never recorded it: every function's code is registered when the function is
   made (an open-addressing table; the codes are GC roots, at most JIT_CODES_MAX of them). */
#define JIT_CODES_MAX 16384u /* a power of two; the table holds at most half as many */
static Value code_table[JIT_CODES_MAX];
static uint32_t code_used[JIT_CODES_MAX / 2]; /* the table's filled places: a collection visits those only */
static uint32_t ncodes;

static void scan_codes(VisitFn visit)
{
  for (uint32_t k = 0; k < ncodes; k++) visit(&code_table[code_used[k]]);
}

void jit_code_hash(const Code *co, uint8_t out[16])
{
  for (int i = 0; i < 8; i++) {
    out[i] = (uint8_t)(co->hash_lo >> (8 * i));
    out[8 + i] = (uint8_t)(co->hash_hi >> (8 * i));
  }
}

void jit_register_code(Code *co)
{
  static bool scanning;
  if (!scanning) { gc_add_root_scanner(scan_codes); scanning = true; }
  uint32_t i = (uint32_t)co->hash_lo & (JIT_CODES_MAX - 1);
  for (; code_table[i]; i = (i + 1) & (JIT_CODES_MAX - 1)) {
    Code *c = V_AS(Code, code_table[i]);
    if (c == co || (c->hash_lo == co->hash_lo && c->hash_hi == co->hash_hi)) return;
  }
  if (ncodes >= JIT_CODES_MAX / 2) return;
  code_table[i] = OBJ_V(co);
  code_used[ncodes++] = i;
}

Code *jit_code_by_hash(const uint8_t hash[16])
{
  uint64_t lo = 0, hi = 0;
  for (int i = 7; i >= 0; i--) {
    lo = lo << 8 | hash[i];
    hi = hi << 8 | hash[8 + i];
  }
  for (uint32_t i = (uint32_t)lo & (JIT_CODES_MAX - 1); code_table[i]; i = (i + 1) & (JIT_CODES_MAX - 1)) {
    Code *c = V_AS(Code, code_table[i]);
    if (c->hash_lo == lo && c->hash_hi == hi) return c;
  }
  return NULL;
}

static Type *const builtin_types[] = {
#define BT_PTR(c, py) &Type_##c,
  BUILTIN_TYPES(BT_PTR)
#undef BT_PTR
};
static const char *const builtin_type_names[] = {
#define BT_NAME(c, py) #c,
  BUILTIN_TYPES(BT_NAME)
#undef BT_NAME
};
#define NBUILTIN_TYPES (sizeof builtin_types / sizeof builtin_types[0])

const char *jit_builtin_type_name(const Type *t)
{
  for (size_t i = 0; i < NBUILTIN_TYPES; i++)
    if (builtin_types[i] == t) return builtin_type_names[i];
  return NULL;
}

/* Classes the recorder named, found again by (module, qualname); a warm worker that never
   recorded them looks them up through sys.modules instead. GC roots, as codes are. */
#define JIT_CLASSES_MAX 4096u
static Value registered_classes[JIT_CLASSES_MAX];
static uint32_t nclasses;

static void scan_classes(VisitFn visit)
{
  for (uint32_t i = 0; i < nclasses; i++) visit(&registered_classes[i]);
}

static Str *class_module(Type *t)
{
  Value m = dict_get_str(t->dict, N.__module__);
  return m && IS_STR(m) ? V_AS(Str, m) : NULL;
}

void jit_register_class(Type *t)
{
  static bool scanning;
  if (!scanning) { gc_add_root_scanner(scan_classes); scanning = true; }
  for (uint32_t i = 0; i < nclasses; i++)
    if (registered_classes[i] == OBJ_V(t)) return;
  if (nclasses < JIT_CLASSES_MAX) registered_classes[nclasses++] = OBJ_V(t);
}

/* module.qualname by walking attributes (classes nested in classes; not in functions). */
static Type *class_by_path(const char *module, const char *qualname)
{
  Value m = dict_get_str(sys_modules, str_intern_cstr(module));
  if (!m || !v_is(m, &Type_module)) return NULL;
  Dict *d = V_AS(Module, m)->dict;
  char part[256];
  Value v = VNULL;
  for (const char *p = qualname; *p;) {
    size_t n = strcspn(p, ".");
    if (n >= sizeof part || !d) return NULL;
    memcpy(part, p, n);
    part[n] = '\0';
    v = dict_get_str(d, str_intern_cstr(part));
    if (!v || !v_isinstance(v, &Type_type)) return NULL;
    d = V_AS(Type, v)->dict;
    p += n + (p[n] == '.');
  }
  return v ? V_AS(Type, v) : NULL;
}

static Type *class_by_name(const char *module, const char *qualname)
{
  for (uint32_t i = 0; i < nclasses; i++) {
    Type *t = V_AS(Type, registered_classes[i]);
    Str *m = class_module(t);
    if (m && t->qualname && strcmp(m->data, module) == 0 && strcmp(t->qualname->data, qualname) == 0)
      return t;
  }
  return class_by_path(module, qualname);
}

/* -- Imports ------------------------------------------------------------------------------------ */

typedef struct Linker {
  const BlobHeader *h;
  const uint8_t *base;
  char *err;
  size_t errlen;
} Linker;

/* A pool string copied out NUL-terminated (blob_check has bounded it by the pool). */
static bool pool_str(const Linker *k, uint32_t off, uint32_t len, char *out, size_t cap)
{
  if (len >= cap) return false;
  memcpy(out, k->base + k->h->strpool_off + off, len);
  out[len] = '\0';
  return strlen(out) == len;
}

static Dict *module_dict(const char *name)
{
  Value m = dict_get_str(sys_modules, str_intern_cstr(name));
  return m && v_is(m, &Type_module) ? V_AS(Module, m)->dict : NULL;
}

static bool resolve_value(const Linker *k, const BlobImport *im, uint64_t *out)
{
  char s0[512];
  switch (im->kind) {
  case IRC_NONE: *out = V_NONE; return true;
  case IRC_TRUE: *out = V_TRUE; return true;
  case IRC_FALSE: *out = V_FALSE; return true;
  case IRC_SYM_TYPE: {
    if (!pool_str(k, im->s0_off, im->s0_len, s0, sizeof s0)) return false;
    if (im->sub == IR_TYPE_CLASS) {
      char s1[512];
      Type *t = pool_str(k, im->s1_off, im->s1_len, s1, sizeof s1) ? class_by_name(s0, s1) : NULL;
      if (t) *out = OBJ_V(t);
      return t != NULL;
    }
    for (size_t i = 0; i < NBUILTIN_TYPES; i++)
      if (strcmp(builtin_type_names[i], s0) == 0) { *out = OBJ_V(builtin_types[i]); return true; }
    return false;
  }
  case IRC_SYM_MAP: {
    /* The class's map for these attribute names in this order: transitions from its root map
       (made here if this process has not seen such an instance yet). */
    const BlobImport *all = (const BlobImport *)(k->base + k->h->imports_off);
    uint64_t cls;
    if (im->n >= k->h->nimports || all[im->n].kind != IRC_SYM_TYPE || !resolve_value(k, &all[im->n], &cls))
      return false;
    Type *t = (Type *)(uintptr_t)cls;
    Map *m = t->root_map;
    const char *p = (const char *)k->base + k->h->strpool_off + im->s0_off, *end = p + im->s0_len;
    while (m && p < end) {
      size_t n = strnlen(p, (size_t)(end - p));
      if (n == 0 || n >= sizeof s0) return false;
      memcpy(s0, p, n);
      s0[n] = '\0';
      m = map_add(m, str_intern_cstr(s0));
      p += n + 1;
    }
    if (!m) return false;
    *out = OBJ_V(m);
    return true;
  }
  case IRC_SYM_STR: {
    /* ASCII only: a str must hold valid UTF-8, and these are names and short literals. */
    const uint8_t *b = k->base + k->h->strpool_off + im->s0_off;
    for (uint32_t i = 0; i < im->s0_len; i++)
      if (b[i] >= 0x80 || b[i] == 0) return false;
    *out = OBJ_V(str_intern(V_AS(Str, str_new((const char *)b, im->s0_len))));
    return true;
  }
  case IRC_SYM_CODE: {
    Code *co = jit_code_by_hash(im->hash);
    if (!co) return false;
    *out = OBJ_V(co);
    return true;
  }
  case IRC_SYM_GLOBAL: {
    /* The value module.name has now (an empty name: the module itself); the trace guards
       the module dict's version, which changes when any of its values does. */
    char s1[512];
    if (!pool_str(k, im->s0_off, im->s0_len, s0, sizeof s0) ||
        !pool_str(k, im->s1_off, im->s1_len, s1, sizeof s1))
      return false;
    Value m = dict_get_str(sys_modules, str_intern_cstr(s0));
    if (!m || !v_is(m, &Type_module)) return false;
    Value v = s1[0] ? dict_get_str(V_AS(Module, m)->dict, str_intern_cstr(s1)) : m;
    /* A builtin the trace computes itself must still be that builtin here. */
    if (!v || (v_is(v, &Type_builtin) && strcmp(V_AS(Builtin, v)->name, s1) != 0)) return false;
    *out = v;
    return true;
  }
  default: return false;
  }
}

static bool resolve_version(const Linker *k, const BlobImport *im, uint64_t *out)
{
  char s0[512];
  uint64_t *word = NULL;
  if (im->kind == IRC_SYM_GLOBAL) {
    if (!pool_str(k, im->s0_off, im->s0_len, s0, sizeof s0)) return false;
    Dict *d = module_dict(s0);
    if (d) word = &d->version;
  } else if (im->kind == IRC_SYM_TYPE) {
    uint64_t t;
    if (!resolve_value(k, im, &t)) return false;
    word = &((Type *)(uintptr_t)t)->version;
  }
  if (!word) return false;
  *out = im->what == BLOB_IMPORT_VERSION ? *word : (uint64_t)(uintptr_t)word;
  return true;
}

static bool resolve(const Linker *k, const BlobImport *im, uint64_t *out)
{
  char name[64];
  switch (im->what) {
  case BLOB_IMPORT_ADDR:
    if (!pool_str(k, im->s0_off, im->s0_len, name, sizeof name)) return false;
    for (int i = 0; i < JIT_H__COUNT; i++)
      if (strcmp(helper_names[i], name) == 0) {
        *out = (uint64_t)(uintptr_t)helper_address((JitHelper)i);
        return *out != 0;
      }
    return false;
  case BLOB_IMPORT_VALUE: return resolve_value(k, im, out);
  case BLOB_IMPORT_VERSION:
  case BLOB_IMPORT_VERSION_ADDR: return resolve_version(k, im, out);
  default: return false;
  }
}

/* -- Links --------------------------------------------------------------------------------------- */

static JitLink *links[JIT_LINKS_MAX];
static uint32_t nlinks;

JitLink *jit_link_of_slots(uint64_t *slots)
{
  if (!slots) return NULL;
  JitLink *l = (JitLink *)(uintptr_t)slots[-1];
  for (uint32_t i = 0; i < nlinks; i++)
    if (links[i] == l) return l;
  return NULL;
}

static void link_free(JitLink *l)
{
  if (!l) return;
  cache_unmap(&l->map);
  free(l->slots ? l->slots - 1 : NULL);
  free(l->exit_counts);
  free(l->bridge_tries);
  free(l->bridged);
  free(l);
}

static bool fill_slots(JitLink *l, char *err, size_t errlen)
{
  Linker k = {l->h, l->base, err, errlen};
  const BlobImport *im = (const BlobImport *)(l->base + l->h->imports_off);
  for (uint32_t i = 0; i < l->h->nimports; i++)
    if (!resolve(&k, &im[i], &l->slots[i])) {
      snprintf(err, errlen, "import %u (what %u, kind %u) does not resolve here", i, im[i].what,
               im[i].kind);
      return false;
    }
  /* Every frame an exit resumes in must be one this process can run. */
  const BlobFrame *fr = (const BlobFrame *)(l->base + l->h->frames_off);
  for (uint32_t i = 0; i < l->h->nframes; i++) {
    if (!jit_code_by_hash(fr[i].code_hash)) {
      snprintf(err, errlen, "frame %u: code not known in this process", i);
      return false;
    }
    if (fr[i].base + fr[i].nslots > l->max_slots) l->max_slots = fr[i].base + fr[i].nslots;
  }
  const BlobExit *ex = (const BlobExit *)(l->base + l->h->exits_off);
  for (uint32_t i = 0; i < l->h->nexits; i++)
    if (ex[i].nframes > l->max_frames) l->max_frames = ex[i].nframes;
  blob_link_defaults(l->h, l->base, l->slots);
  JitLink *root = l->loop->link && l->parent ? l->loop->link : l;
  /* Entering the loop checks the window's room for every exit of its tree, bridges' too. */
  if (root->max_slots < l->max_slots) root->max_slots = l->max_slots;
  if (root->max_frames < l->max_frames) root->max_frames = l->max_frames;
  l->slots[BLOB_LOOP_SLOT(l->h)] =
      (uint64_t)(uintptr_t)(root->base + root->h->code_off + root->h->loop_off);
  l->slots[BLOB_LOOP_SLOT(l->h) + 1] = (uint64_t)(uintptr_t)root->slots;
  return true;
}

JitLink *jit_link_blob(const uint8_t id[CACHE_ID_SIZE], JitLoop *loop, JitLink *parent,
                       uint32_t parent_exit, char *err, size_t errlen)
{
  if (nlinks >= JIT_LINKS_MAX) { snprintf(err, errlen, "too many linked blobs"); return NULL; }
  JitLink *l = calloc(1, sizeof *l);
  if (!l) { snprintf(err, errlen, "out of memory"); return NULL; }
  CacheStatus cs = cache_map_blob(jit_cache, id, CACHE_MAP_SHARED_PAGES, &l->map);
  if (cs != CACHE_OK) {
    snprintf(err, errlen, "map: %s", cache_strerror(cs));
    free(l);
    return NULL;
  }
  memcpy(l->id, id, CACHE_ID_SIZE);
  l->base = l->map.code;
  l->h = (const BlobHeader *)l->base;
  l->loop = loop;
  l->parent = parent;
  l->parent_exit = parent_exit;
  bool ok = blob_check(l->base, l->map.len, err, errlen) &&
            ((l->h->flags & BLOB_F_BRIDGE) != 0) == (parent != NULL);
  if (ok) {
    uint64_t *mem = calloc((size_t)BLOB_NSLOTS(l->h) + 1, sizeof(uint64_t));
    l->exit_counts = calloc(l->h->nexits + 1, sizeof(uint32_t));
    l->bridge_tries = calloc(l->h->nexits + 1, 1);
    l->bridged = calloc(l->h->nexits + 1, sizeof(bool));
    if (mem) { mem[0] = (uint64_t)(uintptr_t)l; l->slots = mem + 1; }
    ok = mem && l->exit_counts && l->bridge_tries && l->bridged && fill_slots(l, err, errlen);
    if (!ok && !err[0]) snprintf(err, errlen, "out of memory");
  } else if (!err[0]) {
    snprintf(err, errlen, "a %s blob where a %s was expected",
             l->h->flags & BLOB_F_BRIDGE ? "bridge" : "loop", parent ? "bridge" : "loop");
  }
  if (!ok) {
    jit_stats.link_failed++;
    link_free(l);
    return NULL;
  }
  links[nlinks++] = l;
  jit_stats.linked++;
  if (parent) {
    parent->slots[BLOB_EXIT_SLOT(parent->h, parent_exit)] =
        (uint64_t)(uintptr_t)(l->base + l->h->code_off + l->h->entry_off);
    parent->slots[BLOB_EXIT_SLOT(parent->h, parent_exit) + 1] = (uint64_t)(uintptr_t)l->slots;
    parent->bridged[parent_exit] = true;
    jit_stats.bridges_linked++;
  }
  jit_dump_blob(l);
  return l;
}

/* -- jit-backend ------------------------------------------------------------------------------------ */

void jit_dump_blob(const JitLink *l)
{
  if (!pypylog_on[PL_JIT_BACKEND]) return;
  char hex[CACHE_HEX_SIZE];
  cache_hex(l->id, hex);
  const uint8_t *code = l->base + l->h->code_off;
  pypylog_start(PL_JIT_BACKEND);
  pypylog_printf("%s %s at %p, %u bytes of code, %u exits, %u imports (%s #%u)\n",
                 l->parent ? "bridge" : "loop", hex, (const void *)code, l->h->code_len,
                 l->h->nexits, l->h->nimports, l->loop->code->name->data, l->loop->header);
#ifdef PJS_HAVE_CAPSTONE
  csh cs;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) == CS_ERR_OK) {
    cs_insn *insn;
    size_t n = cs_disasm(cs, code, l->h->code_len, (uint64_t)(uintptr_t)code, 0, &insn);
    for (size_t i = 0; i < n; i++)
      pypylog_printf("  %6lx  %s %s\n", (unsigned long)(insn[i].address - (uintptr_t)code),
                     insn[i].mnemonic, insn[i].op_str);
    if (n) cs_free(insn, n);
    cs_close(&cs);
  }
#else
  for (uint32_t i = 0; i < l->h->code_len; i++)
    pypylog_printf("%02x%s", code[i], (i % 32 == 31 || i + 1 == l->h->code_len) ? "\n" : " ");
#endif
  pypylog_stop(PL_JIT_BACKEND);
}

/* jit-backend-counts: per linked blob, the exits taken back to the interpreter. */
void jit_log_counts(void)
{
  if (!pypylog_on[PL_JIT_BACKEND_COUNTS]) return;
  pypylog_start(PL_JIT_BACKEND_COUNTS);
  for (uint32_t i = 0; i < nlinks; i++) {
    const JitLink *l = links[i];
    char hex[CACHE_HEX_SIZE];
    cache_hex(l->id, hex);
    if (l->parent)
      pypylog_printf("bridge %s (exit %u of its parent), %s #%u\n", hex, l->parent_exit,
                     l->loop->code->name->data, l->loop->header);
    else
      pypylog_printf("loop %s, %s #%u: entered %llu\n", hex, l->loop->code->name->data,
                     l->loop->header, (unsigned long long)l->loop->entries);
    const BlobExit *ex = (const BlobExit *)(l->base + l->h->exits_off);
    for (uint32_t k = 0; k < l->h->nexits; k++)
      if (l->exit_counts[k] || l->bridged[k])
        pypylog_printf("  exit %u (ir %u): %u%s\n", k, ex[k].ir_index, l->exit_counts[k],
                       l->bridged[k] ? ", bridged" : "");
  }
  pypylog_stop(PL_JIT_BACKEND_COUNTS);
}
