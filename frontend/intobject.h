/* intobject.h: Python int. Small ints are tagged Values (object.h); larger ones are BigInt
   objects of Type_int. Every result is normalized: a value that fits a small int is tagged. */
#ifndef PJS_INTOBJECT_H
#define PJS_INTOBJECT_H

#include "bigint.h"
#include "object.h"

typedef struct IntObj { Obj h; BigInt b; } IntObj; /* BigInt's digits follow inline */

Value int_from_digits(const char *digits, size_t n, int base); /* literal text; VNULL + error */
Value int_from_bigint(const BigInt *b);                        /* normalizes to small when it fits */
Value int_from_double(double d);                               /* OverflowError/ValueError on inf/nan */
const BigInt *int_as_bigint(Value v, BigInt *tmp2);            /* tmp2: room for a 2-digit BigInt */
bool int_as_i64(Value v, int64_t *out);                        /* false (no error set) if too big */
double int_as_double(Value v, bool *overflow);
Value int_to_str(Value v, int base, bool prefix);
Value int_binop(int op, Value a, Value b);                      /* op: BinOpKind; NotImplemented if b not int */
Value int_richcompare(Value a, Value b, int op);
bool int_hash(Value v, int64_t *out);
Value int_neg(Value v);
Value int_invert(Value v);
Value int_abs(Value v);
int int_sign(Value v);
Value int_index(Value v);                                      /* __index__ of v, or TypeError */
Value int_pow3(Value a, Value b, Value m);                     /* pow(a, b, m) */
Value int_divmod(Value a, Value b);                            /* (a // b, a % b); NotImplemented */
void int_init(void);

#endif
