/* floatobject.h: Python float beyond object.h (float_new, struct Float live there). */
#ifndef PJS_FLOATOBJECT_H
#define PJS_FLOATOBJECT_H

#include "object.h"

void float_init(void);                          /* slots and methods of Type_float */

/* float (+) float, float (+) int, int (+) float for + - * / // % ** (op a BinOpKind, + BINOP__COUNT
   for the in-place form); V_NOTIMPL for other operand types or operators. */
Value float_binop(int op, Value a, Value b);
Value float_divmod(Value a, Value b);           /* divmod() with a float operand; V_NOTIMPL */
int64_t float_hash_double(Value inst, double x); /* CPython's _Py_HashDouble; inst for NaN */

/* PyFloat_AsDouble: a float, an int, or an object with __float__ / __index__; TypeError
   "must be real number, not X" otherwise. */
bool float_as_double(Value v, double *out);
/* float(v): also parses str. */
Value float_from_object(Value v);

#endif
