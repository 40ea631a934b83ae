/* iterobject.h: the iterator types: list/tuple iterators, the sequence and callable
   iterators, enumerate, zip, map, filter, reversed. */
#ifndef PJS_ITEROBJECT_H
#define PJS_ITEROBJECT_H

#include "object.h"

/* list_iterator, tuple_iterator, seq_iterator and reversed share one layout: seq is VNULL once
   exhausted (so a list grown later stays finished), index is the next position. */
typedef struct SeqIter { Obj h; Value seq; int64_t index; } SeqIter;

/* enumerate(it): count is the index the next pair gets (the JIT's recorder reads both). */
typedef struct Enumerate { Obj h; Value it; Value count; } Enumerate;

Value seqiter_new(Value seq);                /* iteration via __getitem__ until IndexError */
Value calliter_new(Value f, Value sentinel); /* iter(callable, sentinel) */
Value listiter_new(List *l);
Value tupleiter_new(Tuple *t);
Value reversed_new_seq(Value seq, int64_t start); /* walks seq[start], seq[start-1] ... seq[0] */

#endif
