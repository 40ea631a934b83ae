/* rt_limits.h: every hard limit of the runtime, named once, with why it has that size. */
#ifndef PJS_RT_LIMITS_H
#define PJS_RT_LIMITS_H

/* Values on the interpreter's value stack (locals + operand stacks of all active frames):
   8 MiB of words leaves room for the recursion limit below times big frames. */
#define VSTACK_WORDS (1u << 20)
/* Python frames active at once; sys.setrecursionlimit cannot go above this. */
#define FRAME_DEPTH_MAX 100000
/* CPython's default recursion limit, so RecursionError comes at the same depth. */
#define RECURSION_LIMIT_DEFAULT 1000
/* Nested C-level re-entries of the interpreter (builtins calling back into Python); bounds
   the C stack well below its 8 MiB default. */
#define C_REENTRY_MAX 400
/* Young bytes allocated before a minor collection: small enough that the objects freed by one
   minor collection are still in L2 when the free lists hand them out again (measured: 256 KiB
   beats 4 MiB by 1.5x on float-heavy code). */
#define GC_NURSERY_BYTES (256u << 10)
/* A major collection when the old generation has grown by this factor since the last one. */
#define GC_MAJOR_GROWTH 1.82
/* Objects up to this size come from segregated free lists; larger ones from malloc. */
#define GC_SMALL_MAX 512
/* Entries of a code object's tables (consts, names, locals, instruction words): the 24-bit
   instruction argument. */
#define CODE_TABLE_MAX 0xFFFFFF
/* Source files larger than this are refused rather than parsed. */
#define SOURCE_BYTES_MAX (256u << 20)
/* Attributes an instance keeps in map slots before it switches to a dict. */
#define MAP_ATTRS_MAX 64
/* Digits accepted by int(str) and str(int), as CPython 3.11's sys.int_info.default_max_str_digits. */
#define INT_STR_DIGITS_MAX 4300

#endif
