/* re_prog.h: the compiled form of a regular expression, shared by re_compile.c (which builds it)
 * and re_exec.c (which runs it). Private to the engine: the rest of the runtime sees re_engine.h.
 *
 * A program is an array of fixed 16-byte instructions for a backtracking VM (Pike/Thompson
 * style: SPLIT x y tries x first and leaves y as a choice point). Character classes live apart,
 * each with a 128-bit bitmap that answers every ASCII code point in one lookup.
 */
#ifndef PJS_RE_PROG_H
#define PJS_RE_PROG_H

#include "re_engine.h"

/* Opcodes: name, what x / y / z / f mean. */
#define RE_OPS(_) \
  _(CHAR)    /* x: code point */ \
  _(CHARI)   /* x: case-folded code point; f: ASCII-only folding */ \
  _(ANY)     /* any code point but '\n' */ \
  _(ANYALL)  /* any code point (DOTALL) */ \
  _(CLASS)   /* x: class index */ \
  _(BOL)     /* ^ without MULTILINE, \A: start of the string */ \
  _(MBOL)    /* ^ with MULTILINE */ \
  _(EOL)     /* $ without MULTILINE: end, or before a final '\n' */ \
  _(MEOL)    /* $ with MULTILINE */ \
  _(EOS)     /* \Z */ \
  _(WORDB)   /* \b; f: ASCII */ \
  _(NWORDB)  /* \B; f: ASCII */ \
  _(SPLIT)   /* try x, then y */ \
  _(JMP)     /* x */ \
  _(SAVE)    /* x: register := position (capture marks) */ \
  _(MARK)    /* x: loop register := position (start of an iteration of a nullable body) */ \
  _(CHECK)   /* x: loop register; jump to y, or to z when the iteration matched empty */ \
  _(SREP)    /* single-character repeat of the next instruction: x min, y max (-1 none), f greedy */ \
  _(BACKREF) /* x: group; f: ignore case */ \
  _(LOOK)    /* f: RE_LK_* bits; x: instruction after the LOOKEND; y: width to step back */ \
  _(LOOKEND) \
  _(MATCH)

typedef enum {
#define RE_OP_ENUM(n) RO_##n,
  RE_OPS(RE_OP_ENUM)
#undef RE_OP_ENUM
  RO_OP__COUNT
} ReOp;

enum { RE_LK_NEG = 1, RE_LK_BEHIND = 2, RE_LK_ATOMIC = 4 };

typedef struct ReInsn { uint8_t op, f; uint16_t pad; int32_t x, y, z; } ReInsn;

/* Class categories (\d \D \w \W \s \S inside [...]). */
enum { RE_C_DIGIT = 1, RE_C_NDIGIT = 2, RE_C_WORD = 4, RE_C_NWORD = 8, RE_C_SPACE = 16, RE_C_NSPACE = 32 };

typedef struct ReClass {
  uint32_t bits[4];      /* the final answer for code points < 128 */
  uint32_t raw[4];       /* members < 128 before negation and case folding */
  int32_t rstart, nranges; /* members >= 128: ranges[rstart .. rstart + nranges) */
  uint8_t cats;          /* RE_C_* */
  bool neg, icase, ascii;
} ReClass;

typedef struct ReName { char *name; int group; } ReName;

struct ReProg {
  ReInsn *code;
  int32_t ncode;
  ReClass *classes;
  int32_t nclasses;
  uint32_t (*ranges)[2];
  int32_t nranges;
  int ngroups;
  int nregs;           /* 2 * (ngroups + 1) capture marks, then loop registers */
  int flags;
  ReName *names;
  int nnames;
  int32_t prefix;      /* an ASCII byte every match starts with, or -1 (search skips with memchr) */
  bool anchored;       /* every match starts at offset 0 */
};

/* Code point predicates (re_exec.c). */
bool re_is_word(uint32_t c, bool ascii);
bool re_is_digit(uint32_t c, bool ascii);
bool re_is_space(uint32_t c, bool ascii);
uint32_t re_lower(uint32_t c, bool ascii);
uint32_t re_upper(uint32_t c, bool ascii);
bool re_class_match(const ReProg *p, const ReClass *cl, uint32_t c);

#endif
