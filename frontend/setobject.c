/* setobject.c: set and frozenset.
 *
 * The table is CPython 3.11's, probe for probe, so that iteration (and so printing) of sets
 * of ints and other deterministic hashes comes out in CPython's order: open addressing where
 * each probe looks at LINEAR_PROBES neighbours before jumping by (i * 5 + 1 + perturb) with
 * perturb >>= 5; a table at least 3/5 full (fill, dummies included) grows to the smallest power
 * of two above used*4 (used*2 past 50000 entries); bulk operations presize as set_merge does.
 * An empty slot is (hash 0, key VNULL), a deleted one (hash -1, key VNULL). Set.h.aux is
 * pop()'s search finger.
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "dictobject.h"
#include "interp.h"
#include "strobject.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

static bool is_anyset(Value v) { return v_is(v, &Type_set) || v_is(v, &Type_frozenset); }
static bool is_empty_slot(const SetEntry *e) { return e->key == VNULL && e->hash == 0; }

static SetEntry *alloc_table(int64_t size) {
  SetEntry *t = calloc((size_t)size, sizeof(SetEntry));
  if (!t) abort();
  return t;
}

static void set_traverse(Obj *o, VisitFn visit) {
  Set *s = (Set *)o;
  for (int64_t i = 0; i <= s->mask; i++)
    if (s->table[i].key) visit(&s->table[i].key);
}

static void set_finalize(Obj *o) { free(((Set *)o)->table); }

/* The empty value of a set (also the built-in part of an instance of a subclass of set). */
void set_init_empty(Obj *o) {
  Set *s = (Set *)o;
  s->mask = SET_MINSIZE - 1;
  s->table = alloc_table(SET_MINSIZE);
  s->hash = -1;
}

Set *set_new(Type *t) {
  Set *s = (Set *)gc_alloc(t, sizeof(Set));
  set_init_empty(&s->h);
  return s;
}

/* -- The table ---------------------------------------------------------------------------------- */
static bool keys_equal(Value a, Value b, int *err) {
  if (a == b) return true;
  if (IS_STR(a) && IS_STR(b)) return str_eq(V_AS(Str, a), V_AS(Str, b));
  int eq = obj_eq(a, b);
  if (eq < 0) *err = 1;
  return eq > 0;
}

/* The entry holding key, or the empty slot ending its probe sequence; NULL on error. */
static SetEntry *lookkey(Set *s, Value key, int64_t hash) {
restart:;
  uint64_t mask = (uint64_t)s->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
  for (;;) {
    SetEntry *e = &s->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (is_empty_slot(e)) return e;
      if (e->hash == hash && e->key) {
        Value start = e->key;
        if (start == key) return e;
        SetEntry *table = s->table;
        int err = 0;
        bool eq = keys_equal(start, key, &err);
        if (err) return NULL;
        if (table != s->table || e->key != start) goto restart;
        if (eq) return e;
        mask = (uint64_t)s->mask;
      }
      e++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

static void insert_clean(SetEntry *table, uint64_t mask, Value key, int64_t hash) {
  uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
  for (;;) {
    SetEntry *e = &table[i];
    if (e->key == VNULL) goto found;
    if (i + LINEAR_PROBES <= mask) {
      for (int j = 0; j < LINEAR_PROBES; j++) {
        e++;
        if (e->key == VNULL) goto found;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
    continue;
  found:
    e->key = key;
    e->hash = hash;
    return;
  }
}

static void table_resize(Set *s, int64_t minused) {
  int64_t newsize = SET_MINSIZE;
  while (newsize <= minused) newsize <<= 1;
  SetEntry *old = s->table;
  int64_t oldmask = s->mask;
  s->table = alloc_table(newsize);
  s->mask = newsize - 1;
  s->fill = s->used;
  for (int64_t i = 0; i <= oldmask; i++)
    if (old[i].key) insert_clean(s->table, (uint64_t)s->mask, old[i].key, old[i].hash);
  free(old);
}

static bool add_entry(Set *s, Value key, int64_t hash) {
restart:;
  uint64_t mask = (uint64_t)s->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
  SetEntry *freeslot = NULL, *e;
  for (;;) {
    e = &s->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (is_empty_slot(e)) goto found_unused_or_dummy;
      if (e->hash == hash && e->key) {
        Value start = e->key;
        if (start == key) return true;
        SetEntry *table = s->table;
        int err = 0;
        bool eq = keys_equal(start, key, &err);
        if (eq) return true;
        if (err) return false;
        if (table != s->table || e->key != start) goto restart;
        mask = (uint64_t)s->mask;
      } else if (e->hash == -1 && !e->key) {
        freeslot = e;
      }
      e++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_unused_or_dummy:
  gc_wb(&s->h);
  if (freeslot) {
    s->used++;
    freeslot->key = key;
    freeslot->hash = hash;
    return true;
  }
  s->fill++;
  s->used++;
  e->key = key;
  e->hash = hash;
  if ((uint64_t)s->fill * 5 < mask * 3) return true;
  table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
  return true;
}

bool set_add(Set *s, Value key) {
  int64_t hash;
  if (!obj_hash(key, &hash)) return false;
  return add_entry(s, key, hash);
}

int set_contains_hashed(Set *s, Value key, int64_t hash) {
  SetEntry *e = lookkey(s, key, hash);
  if (!e) return -1;
  return e->key != VNULL;
}

/* 1 discarded, 0 absent, -1 error. */
static int discard_entry(Set *s, Value key, int64_t hash) {
  SetEntry *e = lookkey(s, key, hash);
  if (!e) return -1;
  if (!e->key) return 0;
  e->key = VNULL;
  e->hash = -1;
  s->used--;
  return 1;
}

bool set_next_entry(Set *s, int64_t *pos, Value *key, int64_t *hash) {
  while (*pos <= s->mask) {
    SetEntry *e = &s->table[(*pos)++];
    if (e->key) {
      *key = e->key;
      *hash = e->hash;
      return true;
    }
  }
  return false;
}

static void clear_table(Set *s) {
  free(s->table);
  s->table = alloc_table(SET_MINSIZE);
  s->mask = SET_MINSIZE - 1;
  s->used = s->fill = 0;
  s->hash = -1;
}

/* A set key that is unhashable because it is a set is looked up as a frozenset. */
static int key_op(Set *s, Value key, int (*op)(Set *, Value, int64_t)) {
  GC_ROOT_SCOPE;
  int64_t hash;
  if (!obj_hash(key, &hash)) {
    if (!v_is(key, &Type_set) || !err_matches(Exc_TypeError)) return -1;
    err_clear();
    int mark = gc_root_mark();
    Set *tmp = set_from_iterable(&Type_frozenset, key);
    gc_root((Value *)&tmp);
    int r = tmp ? key_op(s, OBJ_V(tmp), op) : -1;
    gc_root_restore(mark);
    return r;
  }
  return op(s, key, hash);
}

int set_contains(Set *s, Value key) { return key_op(s, key, set_contains_hashed); }

/* -- Bulk operations (CPython's set_merge, set_update_internal, ...) ------------------------------- */
static void merge_set(Set *s, Set *o) {
  if (o == s || o->used == 0) return;
  if ((s->fill + o->used) * 5 >= s->mask * 3) table_resize(s, (s->used + o->used) * 2);
  gc_wb(&s->h);
  if (s->fill == 0 && s->mask == o->mask && o->fill == o->used) {
    for (int64_t i = 0; i <= o->mask; i++)
      if (o->table[i].key) s->table[i] = o->table[i];
    s->fill = o->fill;
    s->used = o->used;
    return;
  }
  if (s->fill == 0) {
    s->fill = s->used = o->used;
    for (int64_t i = 0; i <= o->mask; i++)
      if (o->table[i].key) insert_clean(s->table, (uint64_t)s->mask, o->table[i].key, o->table[i].hash);
    return;
  }
  for (int64_t i = 0; i <= o->mask; i++) {
    SetEntry e = o->table[i];
    if (e.key) add_entry(s, e.key, e.hash); /* keys of a set compare without error among themselves */
  }
}

bool set_update_internal(Set *s, Value other) {
  GC_ROOT_SCOPE;
  if (is_anyset(other)) {
    merge_set(s, V_AS(Set, other));
    return !err_occurred();
  }
  if (IS_DICT(other)) {
    Dict *d = V_AS(Dict, other);
    if ((s->fill + d->used) * 5 >= s->mask * 3) table_resize(s, (s->used + d->used) * 2);
    int64_t pos = 0;
    Value k;
    while (dict_next(d, &pos, &k, NULL))
      if (!add_entry(s, k, d->entries[pos - 1].hash)) return false;
    return true;
  }
  int mark = gc_root_mark();
  Value it = obj_iter(other);
  bool ok = it != VNULL;
  if (ok) {
    gc_root(&it);
    Value x;
    while ((x = obj_next(it)))
      if (!set_add(s, x)) { ok = false; break; }
    if (err_occurred()) ok = false;
  }
  gc_root_restore(mark);
  return ok;
}

Set *set_from_iterable(Type *t, Value iterable) {
  GC_ROOT_SCOPE;
  Set *s = set_new(t);
  if (!iterable) return s;
  int mark = gc_root_mark();
  gc_root((Value *)&s);
  bool ok = set_update_internal(s, iterable);
  gc_root_restore(mark);
  return ok ? s : NULL;
}

static Set *set_copy(Set *s, Type *t) { return set_from_iterable(t, OBJ_V(s)); }
static Type *result_type(Set *s) { return s->h.type; }

static Set *intersection(Set *s, Value other) {
  GC_ROOT_SCOPE;
  if (OBJ_V(s) == other) return set_copy(s, result_type(s));
  Set *r = set_new(result_type(s));
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  Value it = VNULL;
  gc_root(&it);
  if (is_anyset(other)) {
    Set *a = s, *b = V_AS(Set, other);
    if (b->used > a->used) { Set *t = a; a = b; b = t; }
    int64_t pos = 0, h;
    Value k;
    while (set_next_entry(b, &pos, &k, &h)) {
      int c = set_contains_hashed(a, k, h);
      if (c < 0 || (c && !add_entry(r, k, h))) goto fail;
    }
  } else {
    it = obj_iter(other);
    if (!it) goto fail;
    Value k;
    while ((k = obj_next(it))) {
      int64_t h;
      if (!obj_hash(k, &h)) goto fail;
      int c = set_contains_hashed(s, k, h);
      if (c < 0 || (c && !add_entry(r, k, h))) goto fail;
    }
    if (err_occurred()) goto fail;
  }
  gc_root_restore(mark);
  return r;
fail:
  gc_root_restore(mark);
  return NULL;
}

bool set_difference_update(Set *s, Value other) {
  GC_ROOT_SCOPE;
  if (OBJ_V(s) == other) {
    clear_table(s);
    return true;
  }
  int mark = gc_root_mark();
  bool ok = true;
  if (is_anyset(other)) {
    Set *o = V_AS(Set, other);
    if ((o->used >> 3) > s->used) {
      o = intersection(s, other);
      if (!o) { gc_root_restore(mark); return false; }
    }
    gc_root((Value *)&o);
    int64_t pos = 0, h;
    Value k;
    while (set_next_entry(o, &pos, &k, &h))
      if (discard_entry(s, k, h) < 0) { ok = false; break; }
  } else {
    Value it = obj_iter(other);
    ok = it != VNULL;
    if (ok) {
      gc_root(&it);
      Value k;
      while ((k = obj_next(it))) {
        int64_t h;
        if (!obj_hash(k, &h) || discard_entry(s, k, h) < 0) { ok = false; break; }
      }
      if (err_occurred()) ok = false;
    }
  }
  gc_root_restore(mark);
  if (!ok) return false;
  if ((uint64_t)(s->fill - s->used) <= (uint64_t)s->mask / 4) return true;
  table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
  return true;
}

static Set *difference(Set *s, Value other) {
  GC_ROOT_SCOPE;
  int64_t other_size;
  if (is_anyset(other)) other_size = V_AS(Set, other)->used;
  else if (IS_DICT(other)) other_size = V_AS(Dict, other)->used;
  else other_size = -1;
  if (other_size < 0 || (s->used >> 2) > other_size) {
    Set *r = set_copy(s, result_type(s));
    if (!r) return NULL;
    int mark = gc_root_mark();
    gc_root((Value *)&r);
    bool ok = set_difference_update(r, other);
    gc_root_restore(mark);
    return ok ? r : NULL;
  }
  Set *r = set_new(result_type(s));
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  int64_t pos = 0, h;
  Value k;
  bool ok = true;
  while (ok && set_next_entry(s, &pos, &k, &h)) {
    int c = IS_DICT(other) ? (dict_get_hashed(V_AS(Dict, other), k, h) != VNULL ? 1 : err_occurred() ? -1 : 0)
                           : set_contains_hashed(V_AS(Set, other), k, h);
    if (c < 0 || (!c && !add_entry(r, k, h))) ok = false;
  }
  gc_root_restore(mark);
  return ok ? r : NULL;
}

bool set_symmetric_difference_update(Set *s, Value other) {
  GC_ROOT_SCOPE;
  if (OBJ_V(s) == other) {
    clear_table(s);
    return true;
  }
  int mark = gc_root_mark();
  bool ok = true;
  if (IS_DICT(other)) {
    Dict *d = V_AS(Dict, other);
    int64_t pos = 0;
    Value k;
    while (ok && dict_next(d, &pos, &k, NULL)) {
      int64_t h = d->entries[pos - 1].hash;
      int r = discard_entry(s, k, h);
      if (r < 0 || (r == 0 && !add_entry(s, k, h))) ok = false;
    }
  } else {
    Set *o = is_anyset(other) ? V_AS(Set, other) : set_from_iterable(result_type(s), other);
    if (!o) { gc_root_restore(mark); return false; }
    gc_root((Value *)&o);
    int64_t pos = 0, h;
    Value k;
    while (ok && set_next_entry(o, &pos, &k, &h)) {
      int r = discard_entry(s, k, h);
      if (r < 0 || (r == 0 && !add_entry(s, k, h))) ok = false;
    }
  }
  gc_root_restore(mark);
  return ok;
}

static Set *symmetric_difference(Set *s, Value other) {
  GC_ROOT_SCOPE;
  Set *r = set_from_iterable(result_type(s), other);
  if (!r) return NULL;
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  bool ok = set_symmetric_difference_update(r, OBJ_V(s));
  gc_root_restore(mark);
  return ok ? r : NULL;
}

static Set *set_union(Set *s, Value other) {
  GC_ROOT_SCOPE;
  Set *r = set_copy(s, result_type(s));
  if (!r || OBJ_V(s) == other) return r;
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  bool ok = set_update_internal(r, other);
  gc_root_restore(mark);
  return ok ? r : NULL;
}

/* Is every element of s in other (a set)? */
static int subset_of(Set *s, Set *o) {
  if (s->used > o->used) return 0;
  int64_t pos = 0, h;
  Value k;
  while (set_next_entry(s, &pos, &k, &h)) {
    int c = set_contains_hashed(o, k, h);
    if (c <= 0) return c;
  }
  return 1;
}

Value set_op(int op, Set *a, Value b) {
  Set *r;
  switch (op) {
    case OP_BitOr: r = set_union(a, b); break;
    case OP_BitAnd: r = intersection(a, b); break;
    case OP_Sub: r = difference(a, b); break;
    default: r = symmetric_difference(a, b); break;
  }
  return r ? OBJ_V(r) : VNULL;
}

/* -- Slots ------------------------------------------------------------------------------------------- */
static Value set_repr(Value v) {
  GC_ROOT_SCOPE;
  Set *s = V_AS(Set, v);
  const char *tn = type_name(s->h.type);
  bool plain = s->h.type == &Type_set;
  if (s->used == 0) return str_from_cstr(plain ? "set()" : "frozenset()");
  StrBuilder b;
  sb_init(&b);
  if (repr_enter(v)) {
    sb_puts(&b, tn);
    sb_puts(&b, "(...)");
    return sb_finish(&b);
  }
  if (interp_enter_c() < 0) { repr_leave(v); return VNULL; }
  int mark = gc_root_mark();
  List *keys = list_from_iterable(v); /* the elements may change while their reprs run */
  gc_root((Value *)&keys);
  Value r = VNULL;
  if (!keys) goto done;
  if (!plain) { sb_puts(&b, tn); sb_putc(&b, '('); }
  sb_putc(&b, '{');
  for (int64_t i = 0; i < keys->len; i++) {
    if (i) sb_puts(&b, ", ");
    Value s1 = obj_repr(keys->items[i]);
    if (!s1) goto done;
    sb_putstr(&b, s1);
  }
  sb_putc(&b, '}');
  if (!plain) sb_putc(&b, ')');
  r = sb_finish(&b);
done:
  if (!r) sb_free(&b);
  gc_root_restore(mark);
  interp_leave_c();
  repr_leave(v);
  return r;
}

static Value set_richcompare(Value a, Value b, int op) {
  if (!is_anyset(a) || !is_anyset(b)) return V_NOTIMPL;
  Set *x = V_AS(Set, a), *y = V_AS(Set, b);
  int r;
  switch (op) {
    case CMP_EQ:
    case CMP_NE:
      if (x->used != y->used) return v_bool(op == CMP_NE);
      if (x->hash != -1 && y->hash != -1 && x->hash != y->hash) return v_bool(op == CMP_NE);
      r = subset_of(x, y);
      if (r < 0) return VNULL;
      return v_bool(op == CMP_EQ ? r : !r);
    case CMP_LE: r = subset_of(x, y); break;
    case CMP_GE: r = subset_of(y, x); break;
    case CMP_LT: r = x->used < y->used ? subset_of(x, y) : 0; break;
    default: r = x->used > y->used ? subset_of(y, x) : 0; break;
  }
  return r < 0 ? VNULL : v_bool(r);
}

static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

static bool frozenset_hash(Value v, int64_t *out) {
  Set *s = V_AS(Set, v);
  if (s->hash != -1) { *out = s->hash; return true; }
  uint64_t hash = 0;
  for (int64_t i = 0; i <= s->mask; i++)
    if (s->table[i].key) hash ^= shuffle_bits((uint64_t)s->table[i].hash);
  hash ^= ((uint64_t)s->used + 1) * 1927868237UL;
  hash ^= (hash >> 11) ^ (hash >> 25);
  hash = hash * 69069U + 907133923UL;
  if (hash == (uint64_t)-1) hash = 590923713UL;
  s->hash = (int64_t)hash;
  *out = s->hash;
  return true;
}

static int64_t set_len(Value v) { return V_AS(Set, v)->used; }
static int set_contains_slot(Value c, Value v) { return set_contains(V_AS(Set, c), v); }

static Value set_binop(int op, Value a, Value b) {
  bool inplace = op >= BINOP__COUNT;
  int base = inplace ? op - BINOP__COUNT : op;
  if (base != OP_BitOr && base != OP_BitAnd && base != OP_Sub && base != OP_BitXor) return V_NOTIMPL;
  if (!is_anyset(a) || !is_anyset(b)) return V_NOTIMPL;
  Set *s = V_AS(Set, a);
  if (!inplace || s->h.type != &Type_set) return set_op(base, s, b);
  bool ok;
  switch (base) {
    case OP_BitOr: ok = set_update_internal(s, b); break;
    case OP_Sub: ok = set_difference_update(s, b); break;
    case OP_BitXor: ok = set_symmetric_difference_update(s, b); break;
    default: {
      Set *r = intersection(s, b);
      if (!r) return VNULL;
      SetEntry *t = s->table; /* swap bodies: s takes r's table */
      s->table = r->table;
      r->table = t;
      int64_t u = s->used, f = s->fill, m = s->mask;
      s->used = r->used, s->fill = r->fill, s->mask = r->mask;
      r->used = u, r->fill = f, r->mask = m;
      s->h.aux = 0;
      gc_wb(&s->h);
      ok = true;
    }
  }
  return ok ? a : VNULL;
}

static Value set_new_slot(Type *t, Value *args, int nargs, Tuple *kwnames) {
  const char *name = t == &Type_set ? "set" : "frozenset";
  if (kwnames && kwnames->len) return err_format(Exc_TypeError, "%s() takes no keyword arguments", name);
  if (nargs > 1) return err_format(Exc_TypeError, "%s expected at most 1 argument, got %d", name, nargs);
  if (t == &Type_frozenset && nargs == 1 && v_is(args[0], &Type_frozenset)) return args[0];
  Set *s = set_from_iterable(t, nargs ? args[0] : VNULL);
  return s ? OBJ_V(s) : VNULL;
}

/* -- Iterator --------------------------------------------------------------------------------------- */
typedef struct SetIter { Obj h; Set *set; int64_t pos, used, left; } SetIter;

static void setiter_traverse(Obj *o, VisitFn visit) { visit((Value *)&((SetIter *)o)->set); }

static Value set_iter(Value v) {
  SetIter *it = (SetIter *)gc_alloc(&Type_set_iterator, sizeof(SetIter));
  it->set = V_AS(Set, v);
  it->used = it->left = it->set->used;
  return OBJ_V(it);
}

static Value iter_self(Value v) { return v; }

static Value setiter_next(Value v) {
  SetIter *it = V_AS(SetIter, v);
  Set *s = it->set;
  if (!s) return VNULL;
  if (it->used != s->used) {
    it->used = -1;
    return err_format(Exc_RuntimeError, "Set changed size during iteration");
  }
  Value k;
  int64_t h;
  if (!set_next_entry(s, &it->pos, &k, &h) || it->left == 0) {
    it->set = NULL;
    return VNULL;
  }
  it->left--;
  return k;
}

/* -- Methods ----------------------------------------------------------------------------------------- */
#define SELF V_AS(Set, self)
#define NOARGS(nm) \
  (void)args; \
  if (!args_check(nm, nargs, kw, 0, 0)) return VNULL

static Value m_add(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.add", nargs, kw, 1, 1)) return VNULL;
  return set_add(SELF, args[0]) ? V_NONE : VNULL;
}

static int discard_op(Set *s, Value k, int64_t h) { return discard_entry(s, k, h); }

static Value m_discard(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.discard", nargs, kw, 1, 1)) return VNULL;
  return key_op(SELF, args[0], discard_op) < 0 ? VNULL : V_NONE;
}

static Value m_remove(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.remove", nargs, kw, 1, 1)) return VNULL;
  int r = key_op(SELF, args[0], discard_op);
  if (r < 0) return VNULL;
  if (r == 0) return err_set_value(Exc_KeyError, args[0]);
  return V_NONE;
}

static Value m_pop(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("set.pop");
  Set *s = SELF;
  if (s->used == 0) return err_format(Exc_KeyError, "pop from an empty set");
  int64_t i = (int64_t)(s->h.aux & (uint64_t)s->mask);
  while (!s->table[i].key) {
    i++;
    if (i > s->mask) i = 0;
  }
  Value k = s->table[i].key;
  s->table[i].key = VNULL;
  s->table[i].hash = -1;
  s->used--;
  s->h.aux = (uint32_t)(i + 1);
  return k;
}

static Value m_clear(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("set.clear");
  clear_table(SELF);
  return V_NONE;
}

static Value m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  NOARGS("set.copy");
  if (SELF->h.type == &Type_frozenset) return self;
  Set *r = set_copy(SELF, SELF->h.type);
  return r ? OBJ_V(r) : VNULL;
}

static bool no_kwargs(const char *name, Tuple *kw) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

static Value m_update(Value self, Value *args, int nargs, Tuple *kw) {
  if (!no_kwargs("set.update", kw)) return VNULL;
  for (int i = 0; i < nargs; i++)
    if (!set_update_internal(SELF, args[i])) return VNULL;
  return V_NONE;
}

static Value m_union(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!no_kwargs("set.union", kw)) return VNULL;
  Set *r = set_copy(SELF, SELF->h.type);
  if (!r) return VNULL;
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  for (int i = 0; i < nargs; i++)
    if (args[i] != self && !set_update_internal(r, args[i])) { r = NULL; break; }
  gc_root_restore(mark);
  return r ? OBJ_V(r) : VNULL;
}

static Value m_intersection(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!no_kwargs("set.intersection", kw)) return VNULL;
  if (nargs == 0) {
    Set *r = set_copy(SELF, SELF->h.type);
    return r ? OBJ_V(r) : VNULL;
  }
  Set *r = SELF;
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  for (int i = 0; i < nargs && r; i++) r = intersection(r, args[i]);
  gc_root_restore(mark);
  return r ? OBJ_V(r) : VNULL;
}

static Value m_difference(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!no_kwargs("set.difference", kw)) return VNULL;
  if (nargs == 0) {
    Set *r = set_copy(SELF, SELF->h.type);
    return r ? OBJ_V(r) : VNULL;
  }
  Set *r = difference(SELF, args[0]);
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  for (int i = 1; i < nargs && r; i++)
    if (!set_difference_update(r, args[i])) r = NULL;
  gc_root_restore(mark);
  return r ? OBJ_V(r) : VNULL;
}

static Value m_symmetric_difference(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.symmetric_difference", nargs, kw, 1, 1)) return VNULL;
  Set *r = symmetric_difference(SELF, args[0]);
  return r ? OBJ_V(r) : VNULL;
}

static Value m_intersection_update(Value self, Value *args, int nargs, Tuple *kw) {
  Value r = m_intersection(self, args, nargs, kw);
  if (!r) return VNULL;
  Set *s = SELF, *o = V_AS(Set, r);
  SetEntry *t = s->table;
  s->table = o->table;
  o->table = t;
  int64_t u = s->used, f = s->fill, m = s->mask;
  s->used = o->used, s->fill = o->fill, s->mask = o->mask;
  o->used = u, o->fill = f, o->mask = m;
  s->h.aux = 0;
  gc_wb(&s->h);
  return V_NONE;
}

static Value m_difference_update(Value self, Value *args, int nargs, Tuple *kw) {
  if (!no_kwargs("set.difference_update", kw)) return VNULL;
  for (int i = 0; i < nargs; i++)
    if (!set_difference_update(SELF, args[i])) return VNULL;
  return V_NONE;
}

static Value m_symmetric_difference_update(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.symmetric_difference_update", nargs, kw, 1, 1)) return VNULL;
  return set_symmetric_difference_update(SELF, args[0]) ? V_NONE : VNULL;
}

/* other as a set (itself when it is one), for the subset tests. */
static Set *as_set(Value other) {
  if (is_anyset(other)) return V_AS(Set, other);
  return set_from_iterable(&Type_set, other);
}

static Value m_issubset(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.issubset", nargs, kw, 1, 1)) return VNULL;
  Set *o = as_set(args[0]);
  if (!o) return VNULL;
  int r = subset_of(SELF, o);
  return r < 0 ? VNULL : v_bool(r);
}

static Value m_issuperset(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set.issuperset", nargs, kw, 1, 1)) return VNULL;
  Set *o = as_set(args[0]);
  if (!o) return VNULL;
  int r = subset_of(o, SELF);
  return r < 0 ? VNULL : v_bool(r);
}

static Value m_isdisjoint(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!args_check("set.isdisjoint", nargs, kw, 1, 1)) return VNULL;
  Set *s = SELF;
  Value other = args[0];
  if (other == self) return v_bool(s->used == 0);
  if (is_anyset(other)) {
    Set *a = s, *b = V_AS(Set, other);
    if (b->used > a->used) { Set *t = a; a = b; b = t; }
    int64_t pos = 0, h;
    Value k;
    while (set_next_entry(b, &pos, &k, &h)) {
      int c = set_contains_hashed(a, k, h);
      if (c) return c < 0 ? VNULL : V_FALSE;
    }
    return V_TRUE;
  }
  int mark = gc_root_mark();
  Value it = obj_iter(other), r = V_TRUE;
  if (!it) r = VNULL;
  else {
    gc_root(&it);
    Value k;
    while ((k = obj_next(it))) {
      int c = set_contains(s, k);
      if (c) { r = c < 0 ? VNULL : V_FALSE; break; }
    }
    if (r == V_TRUE && err_occurred()) r = VNULL;
  }
  gc_root_restore(mark);
  return r;
}

#undef SELF
#undef NOARGS

/* Methods of both set and frozenset, then set's mutators. */
#define SET_COMMON_METHODS \
  {"copy", m_copy, "Return a shallow copy of a set."}, \
  {"union", m_union, "Return the union of sets as a new set."}, \
  {"intersection", m_intersection, "Return the intersection of two sets as a new set."}, \
  {"difference", m_difference, "Return the difference of two or more sets as a new set."}, \
  {"symmetric_difference", m_symmetric_difference, "Return the symmetric difference of two sets as a new set."}, \
  {"issubset", m_issubset, "Report whether another set contains this set."}, \
  {"issuperset", m_issuperset, "Report whether this set contains another set."}, \
  {"isdisjoint", m_isdisjoint, "Return True if two sets have a null intersection."},

static const MethodDef frozenset_methods[] = {
  SET_COMMON_METHODS
  {NULL, NULL, NULL},
};

static const MethodDef set_methods[] = {
  SET_COMMON_METHODS
  {"add", m_add, "Add an element to a set."},
  {"discard", m_discard, "Remove an element from a set if it is a member."},
  {"remove", m_remove, "Remove an element from a set; it must be a member."},
  {"pop", m_pop, "Remove and return an arbitrary set element."},
  {"clear", m_clear, "Remove all elements from this set."},
  {"update", m_update, "Update a set with the union of itself and others."},
  {"intersection_update", m_intersection_update, "Update a set with the intersection of itself and another."},
  {"difference_update", m_difference_update, "Remove all elements of another set from this set."},
  {"symmetric_difference_update", m_symmetric_difference_update, "Update a set with the symmetric difference of itself and another."},
  {NULL, NULL, NULL},
};

void set_methods_init(void) {
  Type *const both[] = {&Type_set, &Type_frozenset};
  for (int i = 0; i < 2; i++) {
    Type *t = both[i];
    t->traverse = set_traverse;
    t->finalize = set_finalize;
    t->repr = set_repr;
    t->richcompare = set_richcompare;
    t->iter = set_iter;
    t->len = set_len;
    t->contains = set_contains_slot;
    t->binop = set_binop;
    t->new = set_new_slot;
  }
  Type_frozenset.hash = frozenset_hash;
  type_add_methods(&Type_set, set_methods);
  type_add_methods(&Type_frozenset, frozenset_methods);

  Type_set_iterator.traverse = setiter_traverse;
  Type_set_iterator.iter = iter_self;
  Type_set_iterator.next = setiter_next;
}
