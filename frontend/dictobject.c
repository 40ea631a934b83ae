/* dictobject.c: the core of dict: an insertion-ordered hash table.
 *
 * As CPython's compact dict: a dense entries[] array in insertion order (iteration walks it),
 * and a sparse index[] of int32 entry numbers probed by open addressing with perturbation.
 * Deleting leaves a hole in entries[] (key VNULL) and a dummy in index[]; a resize compacts.
 * `version` changes whenever the set of keys or their positions change, never on a value
 * update, so inline caches can keep an entry number keyed on it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dictobject.h"
#include "object.h"

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define MINSIZE 8

static uint64_t next_version = 1;

static void *xcalloc(size_t n, size_t sz) {
  void *p = calloc(n, sz);
  if (!p) { fputs("pypy-client: out of memory\n", stderr); abort(); }
  return p;
}

static void dict_traverse(Obj *o, VisitFn visit) {
  Dict *d = (Dict *)o;
  for (int64_t i = 0; i < d->nentries; i++) {
    visit(&d->entries[i].key);
    visit(&d->entries[i].value);
  }
}

static void dict_traverse_range(Obj *o, int64_t lo, int64_t hi, VisitFn visit) {
  Dict *d = (Dict *)o;
  if (hi > d->nentries) hi = d->nentries;
  for (int64_t i = lo; i < hi; i++) {
    visit(&d->entries[i].key);
    visit(&d->entries[i].value);
  }
}

/* The barrier for a store into entry i. */
static inline void wb_entry(Dict *d, int64_t i, Value key, Value v) {
  if ((gc_is_young(key) || gc_is_young(v)) && (d->h.gcflags & (GCF_OLD | GCF_REMEMBERED | GCF_STATIC)) == GCF_OLD)
    gc_wb_range_slow(&d->h, &d->dirty_lo, &d->dirty_hi, i);
}

static void dict_finalize(Obj *o) {
  Dict *d = (Dict *)o;
  free(d->index);
  free(d->entries);
}

static void alloc_tables(Dict *d, int64_t size) {
  d->mask = size - 1;
  d->index = malloc((size_t)size * sizeof(int32_t));
  if (!d->index) { fputs("pypy-client: out of memory\n", stderr); abort(); }
  memset(d->index, 0xFF, (size_t)size * sizeof(int32_t));
  d->cap = size * 2 / 3;
  d->entries = xcalloc((size_t)d->cap, sizeof(DictEntry));
}

/* The empty value of a dict (also the built-in part of an instance of a subclass of dict). */
void dict_init_empty(Obj *o) {
  Dict *d = (Dict *)o;
  alloc_tables(d, MINSIZE);
  d->version = next_version++;
}

Dict *dict_new_type(Type *t) {
  Dict *d = (Dict *)gc_alloc(t, sizeof(Dict));
  dict_init_empty(&d->h);
  return d;
}

Dict *dict_new(void) { return dict_new_type(&Type_dict); }

static void insert_index(Dict *d, int64_t hash, int32_t entry) {
  uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & (uint64_t)d->mask;
  while (d->index[i] != IX_EMPTY) {
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & (uint64_t)d->mask;
  }
  d->index[i] = entry;
}

static void resize(Dict *d, int64_t minused) {
  int64_t size = MINSIZE;
  while (size * 2 / 3 <= minused) size *= 2;
  DictEntry *old = d->entries;
  int64_t oldn = d->nentries;
  free(d->index);
  alloc_tables(d, size);
  int64_t n = 0;
  for (int64_t i = 0; i < oldn; i++) {
    if (old[i].key == VNULL) continue;
    d->entries[n] = old[i];
    insert_index(d, old[i].hash, (int32_t)n);
    n++;
  }
  d->nentries = n;
  free(old);
  d->version = next_version++;
  /* Entries moved: a dirty range no longer means anything, the whole dict is dirty. */
  if (d->h.gcflags & GCF_PARTIAL) { d->dirty_lo = 0; d->dirty_hi = INT64_MAX; }
}

/* Finds key: returns the index slot (>= 0) and sets *entry (or -1 when absent, with *slot the
   first free slot to insert at). Returns -2 on an error raised by __eq__. */
static int64_t lookup(Dict *d, Value key, int64_t hash, int64_t *entry) {
  uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & (uint64_t)d->mask;
  int64_t free_slot = -1;
  for (;;) {
    int32_t ix = d->index[i];
    if (ix == IX_EMPTY) {
      *entry = -1;
      return free_slot >= 0 ? free_slot : (int64_t)i;
    }
    if (ix == IX_DUMMY) {
      if (free_slot < 0) free_slot = (int64_t)i;
    } else {
      DictEntry *e = &d->entries[ix];
      if (e->key == key) { *entry = ix; return (int64_t)i; }
      if (e->hash == hash) {
        DictEntry *before = d->entries;
        Value ek = e->key;
        int eq;
        if (IS_STR(ek) && IS_STR(key)) eq = str_eq(V_AS(Str, ek), V_AS(Str, key));
        else eq = obj_eq(ek, key);
        if (eq < 0) return -2;
        if (d->entries != before || d->entries[ix].key != ek) {
          return lookup(d, key, hash, entry); /* __eq__ mutated the dict: start again */
        }
        if (eq) { *entry = ix; return (int64_t)i; }
      }
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & (uint64_t)d->mask;
  }
}

Value dict_get_hashed(Dict *d, Value key, int64_t hash) {
  int64_t entry;
  if (lookup(d, key, hash, &entry) == -2) return VNULL;
  return entry >= 0 ? d->entries[entry].value : VNULL;
}

Value dict_get(Dict *d, Value key) {
  int64_t hash;
  if (!obj_hash(key, &hash)) return VNULL;
  return dict_get_hashed(d, key, hash);
}

Value dict_get_str(Dict *d, Str *key) {
  int64_t hash = str_hash(key), entry;
  lookup(d, OBJ_V(key), hash, &entry); /* str keys: no user __eq__ can run for str-str */
  return entry >= 0 ? d->entries[entry].value : VNULL;
}

int64_t dict_lookup_index(Dict *d, Str *key) {
  int64_t entry;
  lookup(d, OBJ_V(key), str_hash(key), &entry);
  return entry;
}

bool dict_set_hashed(Dict *d, Value key, int64_t hash, Value v) {
  int64_t entry, slot = lookup(d, key, hash, &entry);
  if (slot == -2) return false;
  if (entry >= 0) {
    wb_entry(d, entry, VNULL, v);
    if ((d->h.aux & DICT_NAMESPACE) && d->entries[entry].value != v) d->version = next_version++;
    d->entries[entry].value = v;
    return true;
  }
  if (d->nentries == d->cap) {
    resize(d, d->used + 1);
    slot = lookup(d, key, hash, &entry);
  }
  wb_entry(d, d->nentries, key, v);
  DictEntry *e = &d->entries[d->nentries];
  e->hash = hash;
  e->key = key;
  e->value = v;
  d->index[slot] = (int32_t)d->nentries;
  d->nentries++;
  d->used++;
  d->version = next_version++;
  return true;
}

bool dict_set(Dict *d, Value key, Value v) {
  int64_t hash;
  if (!obj_hash(key, &hash)) return false;
  return dict_set_hashed(d, key, hash, v);
}

bool dict_set_str(Dict *d, Str *key, Value v) { return dict_set_hashed(d, OBJ_V(key), str_hash(key), v); }

int dict_del_hashed(Dict *d, Value key, int64_t hash) {
  int64_t entry, slot = lookup(d, key, hash, &entry);
  if (slot == -2) return -1;
  if (entry < 0) return 0;
  d->index[slot] = IX_DUMMY;
  d->entries[entry].key = VNULL;
  d->entries[entry].value = VNULL;
  d->used--;
  d->version = next_version++;
  return 1;
}

int dict_del(Dict *d, Value key) {
  int64_t hash;
  if (!obj_hash(key, &hash)) return -1;
  return dict_del_hashed(d, key, hash);
}

bool dict_next(Dict *d, int64_t *pos, Value *key, Value *value) {
  while (*pos < d->nentries) {
    DictEntry *e = &d->entries[(*pos)++];
    if (e->key != VNULL) {
      if (key) *key = e->key;
      if (value) *value = e->value;
      return true;
    }
  }
  return false;
}

void dict_clear(Dict *d) {
  free(d->index);
  free(d->entries);
  alloc_tables(d, MINSIZE);
  d->used = d->nentries = 0;
  d->version = next_version++;
}

Dict *dict_copy(Dict *src) {
  Dict *d = dict_new();
  if (src->used > d->cap) resize(d, src->used);
  int64_t pos = 0;
  Value k, v;
  while (dict_next(src, &pos, &k, &v)) {
    int64_t hash = src->entries[pos - 1].hash;
    DictEntry *e = &d->entries[d->nentries];
    e->hash = hash;
    e->key = k;
    e->value = v;
    insert_index(d, hash, (int32_t)d->nentries);
    d->nentries++;
    d->used++;
  }
  return d;
}

void dict_init_types(void) {
  Type_dict.traverse = dict_traverse;
  Type_dict.init_empty = dict_init_empty;
  Type_dict.basicsize = sizeof(Dict);
  Type_dict.traverse_range = dict_traverse_range;
  Type_dict.finalize = dict_finalize;
}
