/* containers.h: start-up of the built-in containers (list, tuple, dict, set, range, slice and
   the iterator types) and the helpers their files share. */
#ifndef PJS_CONTAINERS_H
#define PJS_CONTAINERS_H

#include "object.h"

void containers_init(void); /* sets every slot and method table; after the core types exist */

/* Per-file start-up, called by containers_init. */
void list_methods_init(void);
void tuple_methods_init(void);
void dict_methods_init(void);
void set_methods_init(void);
void range_init(void);
void slice_init(void);
void iterobject_init(void);

/* repr of self-containing containers: true when v is already being printed ("[...]"); a
   false return must be paired with repr_leave(v). */
bool repr_enter(Value v);
void repr_leave(Value v);

bool ctr_has_index(Value v);                 /* an int or a type with __index__ */
Value ctr_cmp_len(int64_t a, int64_t b, int op);
/* Index k (int-like) normalized against len (negative counts from the end); no bounds check. */
bool ctr_index(Value k, int64_t len, int64_t *out);

/* Tuple hashing (CPython's xxHash-based algorithm) over any array of values. */
bool tuple_hash_items(const Value *items, int64_t n, int64_t *out);
Value seq_richcompare(Value a, Value b, int op); /* two lists or two tuples */

/* Set operations the dict views reuse. */
Set *set_from_iterable(Type *t, Value iterable);   /* NULL + error */
bool set_update_internal(Set *s, Value other);
bool set_difference_update(Set *s, Value other);
bool set_symmetric_difference_update(Set *s, Value other);
Value set_op(int op, Set *a, Value b);             /* op: OP_BitOr/BitAnd/Sub/BitXor; new set */
int set_contains_hashed(Set *s, Value key, int64_t hash);
bool set_next_entry(Set *s, int64_t *pos, Value *key, int64_t *hash);

/* The iterator shared by list and tuple (SeqIter, iterobject.h). */
void seqiter_traverse(Obj *o, VisitFn visit);
Value seqiter_make(Type *t, Value seq);
Value seqiter_step(Value it);
int seq_contains(Value seq, Value v);          /* list or tuple: 1, 0, -1 */
/* index(x[, start[, stop]]) of a list or tuple: *at = the index or -1; false on an error. */
bool seq_find(Value seq, Value x, Value *bounds, int nbounds, int64_t *at);
Value seq_count(Value seq, Value x);           /* count(x) of a list or tuple */

#endif
