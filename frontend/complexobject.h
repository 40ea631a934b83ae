/* complexobject.h: Python's complex (two doubles), with CPython 3.11's arithmetic, repr, hash
   and constructor. */
#ifndef PJS_COMPLEXOBJECT_H
#define PJS_COMPLEXOBJECT_H

#include "object.h"

typedef struct Complex { Obj h; double re, im; } Complex;

Value complex_new(double re, double im);
/* a ** b for complex operands, CPython's algorithm (small integral exponents by squaring). */
Value complex_pow(double are, double aim, double bre, double bim);
void complex_init(void);

#endif
