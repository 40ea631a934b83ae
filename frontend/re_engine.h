/* re_engine.h: the regular-expression engine behind the _sre module (re_compile.c, re_exec.c).
 *
 * The engine knows nothing of Python objects: a pattern is an array of code points, a subject
 * is UTF-8 bytes, positions in and out are byte offsets. re_compile parses CPython's syntax
 * into a compact program; re_exec runs it with a backtracking matcher whose stack is an
 * explicit array, so the C stack never grows with the input.
 */
#ifndef PJS_RE_ENGINE_H
#define PJS_RE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

/* Flags, with CPython's values (re.I, re.L, ...). */
enum {
  RE_F_TEMPLATE = 1, RE_F_IGNORECASE = 2, RE_F_LOCALE = 4, RE_F_MULTILINE = 8, RE_F_DOTALL = 16,
  RE_F_UNICODE = 32, RE_F_VERBOSE = 64, RE_F_DEBUG = 128, RE_F_ASCII = 256,
};

/* Instructions executed by a backtracking matcher before it gives up with RE_BUDGET. CPython has
   no such limit (a catastrophic pattern runs forever there); 2^32 steps is several seconds of
   matching, far beyond any pattern that backtracks sanely. */
#define RE_STEP_MAX (1ull << 32)
extern uint64_t re_step_max; /* RE_STEP_MAX; tests lower it to reach the limit quickly */
/* Backtrack entries (24 bytes each) before RE_NOMEM: 768 MiB. */
#define RE_STACK_MAX (1u << 25)
/* Instructions in one program: bounds what counted repeats (x{1000}) expand to. */
#define RE_PROG_MAX (1u << 20)
/* Nesting depth of groups the parser accepts (it recurses on the pattern, never on the input). */
#define RE_NEST_MAX 200

typedef struct ReProg ReProg;
typedef struct ReError { char msg[200]; int64_t pos; } ReError;

/* NULL on error: err->msg is CPython's message, err->pos the code point index in the pattern. */
ReProg *re_compile(const uint32_t *pat, int64_t n, int flags, ReError *err);
void re_free(ReProg *p);
int re_groups(const ReProg *p);       /* capturing groups */
int re_flags(const ReProg *p);        /* the flags argument plus the pattern's inline flags */
int re_ngroupnames(const ReProg *p);
const char *re_groupname(const ReProg *p, int i, int *group); /* NUL-terminated UTF-8 */

typedef enum { RE_MATCH, RE_FULLMATCH, RE_SEARCH } ReMode;
enum { RE_FOUND = 1, RE_NOTFOUND = 0, RE_BUDGET = -1, RE_NOMEM = -2 };

/* Matches s[0:end] (end = endpos as bytes: nothing beyond it is seen) from byte offset start.
   must_advance rejects an empty match at start (finditer and sub after an empty match).
   On RE_FOUND, marks[0..2*(groups+1)) hold byte offsets (-1: group did not take part) and
   *lastindex the last closed group (-1 if none). */
int re_exec(const ReProg *p, const char *s, int64_t end, int64_t start, ReMode mode,
            bool must_advance, int64_t *marks, int *lastindex);

#endif
