/* compile_unit.c: the compiler's code units: emitting words, labels, handler regions, the
 * constant and name tables, and assembling a finished unit into a Code object.
 *
 * Assembly resolves labels to word indexes, cuts the per-word handler marks into exception
 * table ranges, finds the maximum stack depth by a flow analysis over the final words (every
 * reachable word gets the depth it is entered with; handlers are entered at their depth + 1),
 * and hashes a canonical serialization of the code (xxh3-128) so that identical source gives
 * identical hashes in every process.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "compile_int.h"
#include "complexobject.h"

#if __has_include("bytesobject.h")
#include "bytesobject.h"
#else
Value bytes_new(const char *data, size_t len);
#endif
#include "intobject.h"

/* -- Errors ------------------------------------------------------------------------------ */

static void verror(Compiler *c, const char *kind, const Node *at, const char *fmt, va_list ap)
{
  if (c->failed)
    return;
  c->failed = true;
  snprintf(c->err->kind, sizeof c->err->kind, "%s", kind);
  vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
  c->err->lineno = at ? at->lineno : (c->u ? c->u->lineno : 0);
  c->err->col = at ? at->col : 0;
}

void comp_error(Compiler *c, const Node *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  verror(c, "SyntaxError", at, fmt, ap);
  va_end(ap);
}

void comp_error_kind(Compiler *c, const char *kind, const Node *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  verror(c, kind, at, fmt, ap);
  va_end(ap);
}

void comp_nomem(Compiler *c) { comp_error_kind(c, "MemoryError", NULL, "out of memory"); }

/* Grows *arr (elements of `size` bytes) to hold at least need; false (and error) on OOM or
   when the table would pass CODE_TABLE_MAX. */
static bool grow(Compiler *c, void **arr, int *cap, int need, size_t size, const char *what)
{
  if (need <= *cap)
    return true;
  if (need > CODE_TABLE_MAX) {
    comp_error(c, NULL, "too many %s", what);
    return false;
  }
  int ncap = *cap ? *cap * 2 : 16;
  while (ncap < need)
    ncap *= 2;
  void *p = realloc(*arr, (size_t)ncap * size);
  if (!p) {
    comp_nomem(c);
    return false;
  }
  *arr = p;
  *cap = ncap;
  return true;
}

/* -- Units ------------------------------------------------------------------------------- */

static char *dupstr(const char *s)
{
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

/* qualname as CPython: nested in a function -> "f.<locals>.g", in a class -> "C.m". */
static char *make_qualname(Unit *parent, const char *name)
{
  if (!parent || parent->kind == UNIT_MODULE)
    return dupstr(name);
  bool fn = parent->kind != UNIT_CLASS;
  size_t n = strlen(parent->qualname) + strlen(name) + 16;
  char *q = malloc(n);
  if (q)
    snprintf(q, n, "%s%s.%s", parent->qualname, fn ? ".<locals>" : "", name);
  return q;
}

bool comp_enter(Compiler *c, UnitKind kind, Scope *scope, const char *name, int firstlineno)
{
  Unit *u = calloc(1, sizeof *u);
  if (!u) {
    comp_nomem(c);
    return false;
  }
  u->parent = c->u;
  u->kind = kind;
  u->scope = scope;
  u->firstlineno = firstlineno;
  u->lineno = firstlineno;
  u->cur_handler = -1;
  u->name = dupstr(name);
  u->qualname = make_qualname(c->u, name);
  u->private_name = c->u ? c->u->private_name : NULL;
  if (kind == UNIT_CLASS)
    u->private_name = u->name;
  if (!u->name || !u->qualname) {
    comp_unit_free(u);
    comp_nomem(c);
    return false;
  }
  c->u = u;
  return true;
}

void comp_unit_free(Unit *u)
{
  free(u->name);
  free(u->qualname);
  free(u->code);
  free(u->lines);
  free(u->hidx);
  free(u->labels);
  free(u->handlers);
  for (int i = 0; i < u->nconsts; i++)
    free(u->consts[i].key);
  free(u->consts);
  for (int i = 0; i < u->nnames; i++)
    free(u->names[i]);
  free(u->names);
  free(u->const_index.slots);
  free(u->name_index.slots);
  for (int i = 0; i < u->nlocals + u->ncells + u->nfree; i++)
    free(u->locals[i]);
  free(u->locals);
  free(u->cell_of_arg);
  free(u);
}

int comp_add_local(Compiler *c, const char *name)
{
  Unit *u = c->u;
  int n = u->nlocals + u->ncells + u->nfree;
  if (!grow(c, (void **)&u->locals, &u->caplocals, n + 1, sizeof(char *), "local variables"))
    return -1;
  if (!(u->locals[n] = dupstr(name))) {
    comp_nomem(c);
    return -1;
  }
  return n;
}

/* -- Emission ---------------------------------------------------------------------------- */

static void put_word(Compiler *c, uint32_t w)
{
  Unit *u = c->u;
  int n = u->ncode + 1;
  if (n > u->capcode) {
    int cap = u->capcode;
    if (!grow(c, (void **)&u->code, &cap, n, sizeof(uint32_t), "instructions"))
      return;
    int32_t *l = realloc(u->lines, (size_t)cap * sizeof(int32_t));
    if (l)
      u->lines = l;
    int32_t *h = realloc(u->hidx, (size_t)cap * sizeof(int32_t));
    if (h)
      u->hidx = h;
    if (!l || !h) {
      comp_nomem(c);
      return;
    }
    u->capcode = cap;
  }
  u->code[u->ncode] = w;
  u->lines[u->ncode] = u->lineno;
  u->hidx[u->ncode] = u->cur_handler;
  u->ncode++;
}

void comp_emit(Compiler *c, Opcode op, int arg)
{
  if (c->failed)
    return;
  if (arg < 0 || arg > INSN_ARG_MAX) {
    comp_error(c, NULL, "instruction argument out of range");
    return;
  }
  put_word(c, INSN(op, arg));
  if (opcode_has_cache[op]) {
    if (c->u->ncaches >= CODE_TABLE_MAX) {
      comp_error(c, NULL, "too many inline caches");
      return;
    }
    put_word(c, (uint32_t)c->u->ncaches++);
  }
}

int comp_new_label(Compiler *c)
{
  Unit *u = c->u;
  if (c->failed || !grow(c, (void **)&u->labels, &u->caplabels, u->nlabels + 1, sizeof(int32_t),
                         "labels"))
    return 0;
  u->labels[u->nlabels] = -1;
  return u->nlabels++;
}

void comp_bind(Compiler *c, int label)
{
  if (!c->failed)
    c->u->labels[label] = c->u->ncode;
}

void comp_jump(Compiler *c, Opcode op, int label) { comp_emit(c, op, label); }

int comp_push_handler(Compiler *c, int label, int depth)
{
  Unit *u = c->u;
  int prev = u->cur_handler;
  if (c->failed || !grow(c, (void **)&u->handlers, &u->caphandlers, u->nhandlers + 1,
                         sizeof(Handler), "exception handlers"))
    return prev;
  u->handlers[u->nhandlers] = (Handler){label, depth};
  u->cur_handler = u->nhandlers++;
  return prev;
}

void comp_set_handler(Compiler *c, int h) { c->u->cur_handler = h; }

/* -- Hash indexes over the constant and name tables --------------------------------------- */

static uint32_t hash_bytes(const void *p, size_t n)
{
  return (uint32_t)XXH3_64bits(p, n);
}

typedef bool (*KeyEq)(Unit *u, int entry, const void *key, size_t len);
typedef uint32_t (*EntryHash)(Unit *u, int entry);

/* Finds the entry with this key, or -1. */
static int index_find(Unit *u, HashIndex *ix, const void *key, size_t len, KeyEq eq)
{
  if (!ix->cap)
    return -1;
  uint32_t mask = ix->cap - 1;
  for (uint32_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
    int32_t e = ix->slots[i];
    if (e == 0)
      return -1;
    if (eq(u, e - 1, key, len))
      return e - 1;
  }
}

static void index_put_slot(HashIndex *ix, uint32_t h, int entry)
{
  uint32_t mask = ix->cap - 1, i = h & mask;
  while (ix->slots[i])
    i = (i + 1) & mask;
  ix->slots[i] = entry + 1;
}

/* Adds entry (its key hashing to h); keeps the load at most one half. */
static bool index_add(Compiler *c, HashIndex *ix, uint32_t h, int entry, int count, EntryHash rehash)
{
  if ((uint32_t)(count + 1) * 2 > ix->cap) {
    uint32_t cap = ix->cap ? ix->cap * 2 : 64;
    int32_t *old = ix->slots;
    uint32_t oldcap = ix->cap;
    ix->slots = calloc(cap, sizeof(int32_t));
    if (!ix->slots) {
      ix->slots = old;
      comp_nomem(c);
      return false;
    }
    ix->cap = cap;
    for (uint32_t i = 0; i < oldcap; i++)
      if (old[i])
        index_put_slot(ix, rehash(c->u, old[i] - 1), old[i] - 1);
    free(old);
  }
  index_put_slot(ix, h, entry);
  return true;
}

static bool const_eq(Unit *u, int i, const void *key, size_t len)
{
  return u->consts[i].keylen == len && memcmp(u->consts[i].key, key, len) == 0;
}

static uint32_t const_hash(Unit *u, int i) { return hash_bytes(u->consts[i].key, u->consts[i].keylen); }

static bool name_eq(Unit *u, int i, const void *key, size_t len)
{
  (void)len;
  return strcmp(u->names[i], key) == 0;
}

static uint32_t name_hash(Unit *u, int i) { return hash_bytes(u->names[i], strlen(u->names[i])); }

/* -- Constants and names ----------------------------------------------------------------- */

int comp_const(Compiler *c, Value v, const unsigned char *key, size_t keylen, bool unique)
{
  Unit *u = c->u;
  if (c->failed)
    return 0;
  if (!unique) {
    int i = index_find(u, &u->const_index, key, keylen, const_eq);
    if (i >= 0)
      return i;
  }
  if (!grow(c, (void **)&u->consts, &u->capconsts, u->nconsts + 1, sizeof(ConstEntry),
            "constants"))
    return 0;
  unsigned char *k = malloc(keylen ? keylen : 1);
  if (!k) {
    comp_nomem(c);
    return 0;
  }
  memcpy(k, key, keylen);
  u->consts[u->nconsts] = (ConstEntry){v, k, keylen, unique};
  if (!unique && !index_add(c, &u->const_index, hash_bytes(key, keylen), u->nconsts,
                            u->nconsts, const_hash)) {
    free(k);
    return 0;
  }
  return u->nconsts++;
}

static int const_tagged(Compiler *c, Value v, char tag, const void *data, size_t len)
{
  unsigned char small[64];
  unsigned char *key = len + 1 <= sizeof small ? small : malloc(len + 1);
  if (!key) {
    comp_nomem(c);
    return 0;
  }
  key[0] = (unsigned char)tag;
  if (len)
    memcpy(key + 1, data, len);
  int i = comp_const(c, v, key, len + 1, false);
  if (key != small)
    free(key);
  return i;
}

int comp_const_none(Compiler *c) { return const_tagged(c, V_NONE, 'N', NULL, 0); }
int comp_const_bool(Compiler *c, bool b) { return const_tagged(c, v_bool(b), b ? 'T' : 'F', NULL, 0); }
void comp_load_const_none(Compiler *c) { comp_emit(c, OP_LOAD_CONST, comp_const_none(c)); }

/* Identifier-like strings are interned, as CPython does: attribute names passed to getattr,
   keyword names and dict keys then compare by pointer. */
static bool identifier_like(const char *s, size_t len)
{
  if (len == 0 || len > 64)
    return false;
  for (size_t i = 0; i < len; i++) {
    char ch = s[i];
    if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
      return false;
  }
  return true;
}

int comp_const_str(Compiler *c, const char *s, size_t len)
{
  Value v = identifier_like(s, len) ? OBJ_V(str_intern_cstr(s)) : str_new(s, len);
  if (v == VNULL) {
    comp_nomem(c);
    return 0;
  }
  return const_tagged(c, v, 's', s, len);
}

int comp_const_code(Compiler *c, Code *code)
{
  unsigned char key[17];
  key[0] = 'c';
  memcpy(key + 1, &code->hash_lo, 8);
  memcpy(key + 9, &code->hash_hi, 8);
  return comp_const(c, OBJ_V(code), key, sizeof key, true);
}

/* Value of digits in base when it fits a small int; false otherwise. */
static bool small_int_of(const char *digits, size_t n, int base, int64_t *out)
{
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = digits[i];
    int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
          : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 99;
    if (d >= base || v > ((uint64_t)SMALL_MAX - (uint64_t)d) / (uint64_t)base)
      return false;
    v = v * (uint64_t)base + (uint64_t)d;
  }
  *out = (int64_t)v;
  return true;
}

int comp_const_small_int(Compiler *c, int64_t i)
{
  return const_tagged(c, v_from_int(i), 'i', &i, sizeof i);
}

static int const_int(Compiler *c, const Node *k)
{
  int64_t i;
  if (small_int_of(k->v.Constant.str, k->v.Constant.len, k->v.Constant.base, &i))
    return comp_const_small_int(c, i);
  Value v = int_from_digits(k->v.Constant.str, k->v.Constant.len, k->v.Constant.base);
  if (v == VNULL) {
    comp_nomem(c);
    return 0;
  }
  size_t n = k->v.Constant.len;
  char *buf = malloc(n + 1);
  if (!buf) {
    comp_nomem(c);
    return 0;
  }
  buf[0] = (char)k->v.Constant.base;
  memcpy(buf + 1, k->v.Constant.str, n);
  int r = const_tagged(c, v, 'I', buf, n + 1);
  free(buf);
  return r;
}

int comp_const_node(Compiler *c, const Node *k)
{
  switch (k->v.Constant.kind) {
  case CONST_NONE: return comp_const_none(c);
  case CONST_TRUE: return comp_const_bool(c, true);
  case CONST_FALSE: return comp_const_bool(c, false);
  case CONST_ELLIPSIS: return const_tagged(c, V_ELLIPSIS, 'E', NULL, 0);
  case CONST_INT: return const_int(c, k);
  case CONST_FLOAT: {
    Value v = float_new(k->v.Constant.f);
    if (v == VNULL) {
      comp_nomem(c);
      return 0;
    }
    return const_tagged(c, v, 'f', &k->v.Constant.f, sizeof(double));
  }
  case CONST_COMPLEX: {
    Value v = complex_new(0.0, k->v.Constant.f);
    if (v == VNULL) {
      comp_nomem(c);
      return 0;
    }
    return const_tagged(c, v, 'j', &k->v.Constant.f, sizeof(double));
  }
  case CONST_STR: return comp_const_str(c, k->v.Constant.str, k->v.Constant.len);
  case CONST_BYTES: {
    Value v = bytes_new(k->v.Constant.str, k->v.Constant.len);
    if (v == VNULL) {
      comp_nomem(c);
      return 0;
    }
    return const_tagged(c, v, 'b', k->v.Constant.str, k->v.Constant.len);
  }
  }
  return 0;
}

int comp_const_float(Compiler *c, double d)
{
  Value v = float_new(d);
  if (v == VNULL) {
    comp_nomem(c);
    return 0;
  }
  return const_tagged(c, v, 'f', &d, sizeof d);
}

/* A tuple of earlier constants; its key is 't' + count + each element key, length-prefixed. */
int comp_const_tuple(Compiler *c, const int *idx, int n)
{
  Unit *u = c->u;
  if (c->failed)
    return 0;
  size_t len = 1 + sizeof(uint32_t);
  for (int i = 0; i < n; i++)
    len += sizeof(uint32_t) + u->consts[idx[i]].keylen;
  unsigned char *key = malloc(len);
  Tuple *t = tuple_new(n);
  if (!key || !t) {
    free(key);
    comp_nomem(c);
    return 0;
  }
  unsigned char *p = key;
  *p++ = 't';
  uint32_t cnt = (uint32_t)n;
  memcpy(p, &cnt, sizeof cnt);
  p += sizeof cnt;
  for (int i = 0; i < n; i++) {
    ConstEntry *e = &u->consts[idx[i]];
    uint32_t kl = (uint32_t)e->keylen;
    memcpy(p, &kl, sizeof kl);
    memcpy(p + sizeof kl, e->key, e->keylen);
    p += sizeof kl + e->keylen;
    t->items[i] = e->v;
  }
  int r = comp_const(c, OBJ_V(t), key, len, false);
  free(key);
  return r;
}

int comp_name(Compiler *c, const char *name)
{
  Unit *u = c->u;
  if (c->failed)
    return 0;
  size_t len = strlen(name);
  int i = index_find(u, &u->name_index, name, len, name_eq);
  if (i >= 0)
    return i;
  if (!grow(c, (void **)&u->names, &u->capnames, u->nnames + 1, sizeof(char *), "names"))
    return 0;
  if (!(u->names[u->nnames] = dupstr(name))) {
    comp_nomem(c);
    return 0;
  }
  if (!index_add(c, &u->name_index, hash_bytes(name, len), u->nnames, u->nnames, name_hash)) {
    free(u->names[u->nnames]);
    return 0;
  }
  return u->nnames++;
}

/* Private names: inside class C (and functions nested in it) an identifier `__x` that does
   not end in `__` means `_C__x` (the class name without its leading underscores). */
int comp_name_mangled(Compiler *c, const char *name)
{
  const char *cls = c->u->private_name;
  size_t n = strlen(name);
  if (!cls || n < 3 || name[0] != '_' || name[1] != '_' || (name[n - 1] == '_' && name[n - 2] == '_') ||
      strchr(name, '.'))
    return comp_name(c, name);
  while (*cls == '_')
    cls++;
  if (!*cls)
    return comp_name(c, name);
  char small[256];
  size_t len = strlen(cls) + n + 2;
  char *buf = len <= sizeof small ? small : malloc(len);
  if (!buf) {
    comp_nomem(c);
    return 0;
  }
  size_t cl = strlen(cls);
  buf[0] = '_';
  memcpy(buf + 1, cls, cl);
  memcpy(buf + 1 + cl, name, n + 1);
  int r = comp_name(c, buf);
  if (buf != small)
    free(buf);
  return r;
}

/* -- Assembly: labels, exception table, stack depth --------------------------------------- */

static int insn_len(uint32_t w) { return 1 + opcode_has_cache[INSN_OP(w)]; }

static bool resolve_labels(Compiler *c, Unit *u)
{
  for (int i = 0; i < u->ncode; i += insn_len(u->code[i])) {
    uint32_t w = u->code[i];
    if (!opcode_is_jump[INSN_OP(w)])
      continue;
    int32_t target = u->labels[INSN_ARG(w)];
    if (target < 0 || target >= u->ncode) {
      comp_error_kind(c, "SystemError", NULL, "compiler: unbound label in %s", u->qualname);
      return false;
    }
    u->code[i] = INSN(INSN_OP(w), target);
  }
  return true;
}

/* Runs of words with the same handler (target and depth) become one entry each. */
static ExcEntry *build_exctab(Compiler *c, Unit *u, int *nexc)
{
  ExcEntry *tab = NULL;
  int n = 0, cap = 0;
  for (int i = 0; i < u->ncode;) {
    int h = u->hidx[i];
    int j = i + 1;
    while (j < u->ncode && (u->hidx[j] == h || (h >= 0 && u->hidx[j] >= 0 &&
           u->labels[u->handlers[u->hidx[j]].label] == u->labels[u->handlers[h].label] &&
           u->handlers[u->hidx[j]].depth == u->handlers[h].depth)))
      j++;
    if (h >= 0) {
      if (!grow(c, (void **)&tab, &cap, n + 1, sizeof(ExcEntry), "exception handlers")) {
        free(tab);
        return NULL;
      }
      Handler *hd = &u->handlers[h];
      tab[n++] = (ExcEntry){(uint32_t)i, (uint32_t)j, (uint32_t)u->labels[hd->label],
                            (uint32_t)hd->depth, 0};
    }
    i = j;
  }
  *nexc = n;
  if (!tab && n == 0)
    tab = malloc(sizeof(ExcEntry)); /* never NULL on success, so NULL means error */
  if (!tab)
    comp_nomem(c);
  return tab;
}

/* Stack effect of an instruction; `jump` selects the branch-taken effect of a jump. */
static int stack_effect(int op, int arg, bool jump)
{
  switch (op) {
  case OP_NOP: case OP_SWAP: case OP_DELETE_FAST: case OP_DELETE_DEREF: case OP_DELETE_GLOBAL:
  case OP_DELETE_NAME: case OP_LOAD_ATTR: case OP_UNARY_NEGATIVE: case OP_UNARY_POSITIVE:
  case OP_UNARY_INVERT: case OP_UNARY_NOT: case OP_LIST_TO_TUPLE: case OP_JUMP_FORWARD:
  case OP_JUMP_BACKWARD: case OP_GET_ITER: case OP_YIELD_VALUE: case OP_GET_YIELD_FROM_ITER:
  case OP_CHECK_EXC_MATCH: case OP_SETUP_ANNOTATIONS:
    return 0;
  case OP_PUSH_NULL: case OP_COPY: case OP_LOAD_CONST: case OP_LOAD_FAST: case OP_LOAD_DEREF:
  case OP_LOAD_CLOSURE: case OP_LOAD_CLASSDEREF: case OP_LOAD_GLOBAL: case OP_LOAD_NAME:
  case OP_LOAD_METHOD: case OP_LOAD_BUILD_CLASS: case OP_PUSH_EXC_INFO: case OP_BEFORE_WITH:
  case OP_WITH_EXCEPT_START: case OP_LOAD_ASSERTION_ERROR: case OP_IMPORT_FROM:
    return 1;
  case OP_POP_TOP: case OP_STORE_FAST: case OP_STORE_DEREF: case OP_STORE_GLOBAL:
  case OP_STORE_NAME: case OP_DELETE_ATTR: case OP_BINARY_OP: case OP_COMPARE_OP:
  case OP_IS_OP: case OP_CONTAINS_OP: case OP_BINARY_SUBSCR: case OP_LIST_APPEND:
  case OP_SET_ADD: case OP_LIST_EXTEND: case OP_SET_UPDATE: case OP_DICT_UPDATE:
  case OP_DICT_MERGE: case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
  case OP_RETURN_VALUE: case OP_YIELD_FROM: case OP_POP_EXCEPT: case OP_RERAISE:
  case OP_IMPORT_NAME: case OP_IMPORT_STAR:
    return -1;
  case OP_STORE_ATTR: case OP_DELETE_SUBSCR: case OP_MAP_ADD: return -2;
  case OP_STORE_SUBSCR: return -3;
  case OP_CALL: return -arg - 1;
  case OP_CALL_KW: return -arg - 2;
  case OP_CALL_EX: return -1 - (arg & 1);
  case OP_BUILD_SLICE: return 1 - arg;
  case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET: case OP_BUILD_STRING: return 1 - arg;
  case OP_BUILD_MAP: return 1 - 2 * arg;
  case OP_UNPACK_SEQUENCE: return arg - 1;
  case OP_UNPACK_EX: return (arg & 0xFF) + (arg >> 8);
  case OP_FORMAT_VALUE: return (arg & 4) ? -1 : 0;
  case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
  case OP_FOR_ITER: return jump ? -1 : 1;
  case OP_MAKE_FUNCTION: return -((arg & 1) + !!(arg & 2) + !!(arg & 8));
  case OP_RAISE_VARARGS: return -arg;
  }
  return 0;
}

static bool ends_flow(int op)
{
  return op == OP_RETURN_VALUE || op == OP_RERAISE || op == OP_RAISE_VARARGS ||
         op == OP_JUMP_FORWARD || op == OP_JUMP_BACKWARD;
}

typedef struct Flow { int32_t *depth; int *work; int nwork; int max; bool bad; } Flow;

static void flow_push(Flow *f, int pos, int d)
{
  if (d < 0) {
    f->bad = true;
    return;
  }
  if (d > f->max)
    f->max = d;
  if (f->depth[pos] >= 0) {
    if (f->depth[pos] != d)
      f->bad = true;
    return;
  }
  f->depth[pos] = d;
  f->work[f->nwork++] = pos;
}

/* Walks every reachable word once; a word entered with two different depths is a compiler
   bug (reported as SystemError), as is a negative depth. A word's handler (u->hidx, the same
   marks the exception table is cut from) is entered at the handler's depth + 1. */
static int compute_stacksize(Compiler *c, Unit *u)
{
  Flow f = {malloc(sizeof(int32_t) * (size_t)(u->ncode + 1)),
            malloc(sizeof(int) * (size_t)(u->ncode + 1)), 0, 0, false};
  if (!f.depth || !f.work) {
    free(f.depth);
    free(f.work);
    comp_nomem(c);
    return -1;
  }
  for (int i = 0; i < u->ncode; i++)
    f.depth[i] = -1;
  if (u->ncode > 0)
    flow_push(&f, 0, 0);
  while (f.nwork > 0 && !f.bad) {
    int i = f.work[--f.nwork];
    int d = f.depth[i];
    uint32_t w = u->code[i];
    int op = INSN_OP(w), arg = (int)INSN_ARG(w);
    if (u->hidx[i] >= 0) {
      Handler *h = &u->handlers[u->hidx[i]];
      flow_push(&f, u->labels[h->label], h->depth + 1);
    }
    if (opcode_is_jump[op])
      flow_push(&f, arg, d + stack_effect(op, arg, true));
    int next = i + insn_len(w);
    if (!ends_flow(op) && next < u->ncode)
      flow_push(&f, next, d + stack_effect(op, arg, false));
    else if (!ends_flow(op))
      f.bad = true;
  }
  free(f.depth);
  free(f.work);
  if (f.bad) {
    comp_error_kind(c, "SystemError", NULL, "compiler: inconsistent stack depth in %s",
                    u->qualname);
    return -1;
  }
  return f.max;
}

/* -- Assembly: the Code object ------------------------------------------------------------ */

static Tuple *str_tuple(Compiler *c, char **names, int n)
{
  Tuple *t = tuple_new(n);
  if (!t) {
    comp_nomem(c);
    return NULL;
  }
  for (int i = 0; i < n; i++) {
    Str *s = str_intern_cstr(names[i]);
    if (!s) {
      comp_nomem(c);
      return NULL;
    }
    t->items[i] = OBJ_V(s);
  }
  return t;
}

typedef struct Buf { unsigned char *p; size_t len, cap; bool oom; } Buf;

static void buf_put(Buf *b, const void *data, size_t n)
{
  if (b->oom)
    return;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 1024;
    while (cap < b->len + n)
      cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}

static void buf_u32(Buf *b, uint32_t v) { buf_put(b, &v, sizeof v); }
static void buf_str(Buf *b, const char *s) { buf_u32(b, (uint32_t)strlen(s)); buf_put(b, s, strlen(s)); }

/* The canonical serialization: counts, flags, words, constants' keys (nested code by hash),
   names and local names, each length-prefixed so no two codes serialize alike. */
static bool hash_code(Compiler *c, Unit *u, Code *co)
{
  Buf b = {0};
  int32_t hdr[] = {co->flags, co->argcount, co->posonlycount, co->kwonlycount, co->nlocals,
                   co->ncells, co->nfree, co->ninsns, u->nconsts, u->nnames, co->nexc};
  buf_put(&b, "PJS1", 4);
  buf_put(&b, hdr, sizeof hdr);
  buf_put(&b, co->insns, sizeof(uint32_t) * (size_t)co->ninsns);
  for (int i = 0; i < co->nexc; i++)
    buf_put(&b, &co->exctab[i], sizeof(uint32_t) * 4);
  for (int i = 0; i < u->nconsts; i++) {
    buf_u32(&b, (uint32_t)u->consts[i].keylen);
    buf_put(&b, u->consts[i].key, u->consts[i].keylen);
  }
  for (int i = 0; i < u->nnames; i++)
    buf_str(&b, u->names[i]);
  for (int i = 0; i < u->nlocals + u->ncells + u->nfree; i++)
    buf_str(&b, u->locals[i]);
  if (b.oom) {
    free(b.p);
    comp_nomem(c);
    return false;
  }
  XXH128_hash_t h = XXH3_128bits(b.p, b.len);
  free(b.p);
  co->hash_lo = h.low64;
  co->hash_hi = h.high64;
  return true;
}

static bool fill_tables(Compiler *c, Unit *u, Code *co)
{
  co->consts = tuple_new(u->nconsts);
  if (!co->consts) {
    comp_nomem(c);
    return false;
  }
  for (int i = 0; i < u->nconsts; i++)
    co->consts->items[i] = u->consts[i].v;
  co->names = str_tuple(c, u->names, u->nnames);
  co->localnames = str_tuple(c, u->locals, u->nlocals + u->ncells + u->nfree);
  co->name = str_intern_cstr(u->name);
  co->qualname = str_intern_cstr(u->qualname);
  co->filename = str_intern_cstr(c->filename ? c->filename : "<string>");
  if (!co->names || !co->localnames || !co->name || !co->qualname || !co->filename) {
    comp_nomem(c);
    return false;
  }
  return true;
}

/* Moves the unit's arrays into a new Code object (the Code owns them from then on). */
static Code *assemble(Compiler *c, Unit *u)
{
  if (!resolve_labels(c, u))
    return NULL;
  int nexc = 0;
  ExcEntry *tab = build_exctab(c, u, &nexc);
  if (!tab)
    return NULL;
  int stacksize = compute_stacksize(c, u);
  Code *co = stacksize < 0 ? NULL : (Code *)gc_alloc(&Type_code, sizeof(Code));
  if (!co) {
    free(tab);
    if (stacksize >= 0)
      comp_nomem(c);
    return NULL;
  }
  co->exctab = tab;
  co->nexc = nexc;
  co->insns = u->code;
  co->ninsns = u->ncode;
  co->lines = u->lines;
  co->cell_of_arg = u->cell_of_arg;
  u->code = NULL;
  u->lines = NULL;
  u->cell_of_arg = NULL;
  co->nlocals = u->nlocals;
  co->ncells = u->ncells;
  co->nfree = u->nfree;
  co->argcount = u->argcount;
  co->posonlycount = u->posonlycount;
  co->kwonlycount = u->kwonlycount;
  co->flags = u->flags;
  co->stacksize = stacksize;
  co->ncaches = u->ncaches;
  co->firstlineno = u->firstlineno;
  if (!fill_tables(c, u, co) || !hash_code(c, u, co))
    return NULL;
  return co;
}

Code *comp_leave(Compiler *c)
{
  Unit *u = c->u;
  Code *co = c->failed ? NULL : assemble(c, u);
  c->u = u->parent;
  comp_unit_free(u);
  return co;
}
