/* bltinmodule.h: the builtins module's namespace. */
#ifndef PJS_BLTINMODULE_H
#define PJS_BLTINMODULE_H

#include "object.h"

/* Fills `builtins` with the built-in types, exceptions, constants and functions. Runs after
   every type's init and after the exception classes exist. */
void builtins_init(Dict *builtins);

#endif
