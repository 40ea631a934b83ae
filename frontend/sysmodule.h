/* sysmodule.h: the sys module. */
#ifndef PJS_SYSMODULE_H
#define PJS_SYSMODULE_H

#include "object.h"

void sys_set_argv(int argc, char **argv);  /* before the sys module is first imported */
Value sys_get_stdout(void);
Value sys_get_stderr(void);
Value sys_get_stdin(void);

#endif
