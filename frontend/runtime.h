/* runtime.h: start-up of the runtime and running source files. */
#ifndef PJS_RUNTIME_H
#define PJS_RUNTIME_H

#include "object.h"

void runtime_init(int argc, char **argv, const char *script_dir);
Code *runtime_compile(const char *src, size_t len, const char *filename, bool expression); /* VNULL + SyntaxError */
bool runtime_run_file(const char *path, Dict *globals);     /* false + pending exception */
bool runtime_run_source(const char *src, size_t len, const char *filename, Dict *globals);
Dict *runtime_main_globals(void);
int runtime_exit_status(Value exc);  /* prints the traceback (or SystemExit's message) */
void runtime_shutdown(void);         /* atexit functions, then finalizers of what is left */

#endif
