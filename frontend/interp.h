/* interp.h: the interpreter: frames, calls into Python code, generators. */
#ifndef PJS_INTERP_H
#define PJS_INTERP_H

#include "object.h"

void interp_init(void);
Value interp_run_module(Code *code, Dict *globals);       /* VNULL + error */
Value interp_call_function(Function *f, Value *args, int nargs, Tuple *kwnames);
Value interp_call_function_self(Function *f, Value self, Value *args, int nargs, Tuple *kwnames);
Value interp_run_class_body(Function *f, Dict *ns);        /* None or the __class__ cell */
bool interp_super_args(Value *type, Value *obj);           /* zero-argument super() */
Value interp_globals(void);
Value interp_locals(void);
Value function_new(Code *code, Dict *globals);

/* Bounds C-level recursion (repr of nested containers, comparisons calling back into Python):
   RecursionError past the recursion limit. Every enter has a leave. */
int interp_enter_c(void);
void interp_leave_c(void);

extern int interp_recursion_limit;

#endif
