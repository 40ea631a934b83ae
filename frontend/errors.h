/* errors.h: exceptions beyond object.h: instances, tracebacks, printing. */
#ifndef PJS_ERRORS_H
#define PJS_ERRORS_H

#include "object.h"

extern Value err_handled;                    /* the exception being handled, or VNULL */
void errors_init(void);
Value exc_new_instance(Type *t, Value *args, int nargs);
Value exc_instantiate(Value class_or_instance); /* VNULL + TypeError */
void traceback_add(Value exc, Code *code, int line);
void err_print(Value exc);                   /* CPython-style, with the cause/context chain */
Value err_peek(void);
Value err_from_errno(int errnum, Value filename); /* raise the OSError subclass for errnum */

#endif
