/* dis.h: a disassembler for Code objects, like CPython's `dis`: one line per instruction
 * with its source line, word index, op name, argument and what the argument means, then the
 * exception table; nested code objects (constants) follow, recursively. Output never
 * contains addresses, so it can be compared in tests.
 */
#ifndef FRONTEND_DIS_H
#define FRONTEND_DIS_H

#include <stdio.h>

#include "object.h"

void dis_code(FILE *out, Code *co);
/* One instruction at word index pc (no line column): for tracing. */
void dis_insn(FILE *out, Code *co, int pc);
/* A constant as its repr for listings (str, int, float, tuple, None, code, ...). */
void dis_const(FILE *out, Value v);

#endif
