/* re_compile.c: parses CPython's regular-expression syntax into a tree, then compiles the tree
 * into a program for re_exec.c.
 *
 * The parser follows CPython 3.11's sre_parse.py, so a bad pattern gets the same message at the
 * same position. It recurses on the pattern's nesting only (bounded by RE_NEST_MAX). The tree is
 * an array of nodes linked by index (children first-child/next-sibling), freed after compiling.
 *
 * Compiling: counted repeats are expanded (x{2,4} = x x (x (x)?)?), a repeat of one character
 * becomes one SREP instruction (no choice point per character), and a star over a body that can
 * match empty gets MARK/CHECK so an iteration that consumed nothing ends the loop, as in sre.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "re_prog.h"

typedef enum { N_EMPTY, N_CHAR, N_ANY, N_CLASS, N_ASSERT, N_GROUP, N_CAT, N_ALT, N_REPEAT, N_BACKREF, N_LOOK } NodeKind;

/* N_CHAR: a code point, flag icase (bit 0) / ascii (bit 1). N_ANY: flag dotall. N_CLASS: a index.
   N_ASSERT: a opcode, flag. N_GROUP: a group (-1: atomic). N_REPEAT: a min, b max (-1), flag
   greedy (bit 0) / possessive (bit 1). N_BACKREF: a group, flag icase. N_LOOK: flag RE_LK_*. */
typedef struct Node { uint8_t kind, flag; int32_t a, b, child, next; int64_t pos; } Node;

typedef struct Parser {
  const uint32_t *p;
  int64_t n, i;
  int flags;              /* global flags */
  Node *nodes;
  int32_t nnodes, capnodes;
  ReProg *prog;           /* classes, ranges and names are built straight into it */
  int32_t capclasses, capranges, capnames;
  uint8_t *open;          /* open[g]: group g is still being parsed */
  int capopen;
  int depth;
  int lookbehind;         /* nesting of lookbehinds being parsed */
  ReError *err;
  bool failed;
  /* compile */
  ReInsn *code;
  int32_t ncode, capcode;
} Parser;

static int32_t fail_at(Parser *ps, int64_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static int32_t fail_at(Parser *ps, int64_t pos, const char *fmt, ...) {
  if (!ps->failed) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
    va_end(ap);
    ps->err->pos = pos;
    ps->failed = true;
  }
  return -1;
}

static bool grow(void **arr, int32_t *cap, int32_t need, size_t elem) {
  if (need <= *cap) return true;
  int32_t nc = *cap ? *cap * 2 : 16;
  while (nc < need) nc *= 2;
  void *p = realloc(*arr, (size_t)nc * elem);
  if (!p) return false;
  *arr = p;
  *cap = nc;
  return true;
}

static int32_t new_node(Parser *ps, NodeKind k, int64_t pos) {
  if (!grow((void **)&ps->nodes, &ps->capnodes, ps->nnodes + 1, sizeof(Node)))
    return fail_at(ps, pos, "out of memory");
  Node *nd = &ps->nodes[ps->nnodes];
  memset(nd, 0, sizeof *nd);
  nd->kind = (uint8_t)k;
  nd->child = nd->next = -1;
  nd->pos = pos;
  return ps->nnodes++;
}

/* -- Lexing helpers --------------------------------------------------------------------------- */
static bool at_end(Parser *ps) { return ps->i >= ps->n; }
static uint32_t peek(Parser *ps) { return ps->i < ps->n ? ps->p[ps->i] : 0; }
static bool accept(Parser *ps, uint32_t c) {
  if (ps->i < ps->n && ps->p[ps->i] == c) { ps->i++; return true; }
  return false;
}
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_octal(uint32_t c) { return c >= '0' && c <= '7'; }
static int hexval(uint32_t c) {
  if (is_digit(c)) return (int)(c - '0');
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (int)((c | 0x20) - 'a' + 10);
  return -1;
}
static bool is_ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* In VERBOSE mode: whitespace and # comments between items mean nothing. */
static void skip_verbose(Parser *ps, int fl) {
  if (!(fl & RE_F_VERBOSE)) return;
  while (ps->i < ps->n) {
    uint32_t c = ps->p[ps->i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') ps->i++;
    else if (c == '#') {
      while (ps->i < ps->n && ps->p[ps->i] != '\n') ps->i++;
    } else break;
  }
}

/* Text of the pattern [from, to) as UTF-8 into buf (for messages and names). */
static void pat_text(Parser *ps, int64_t from, int64_t to, char *buf, size_t cap) {
  size_t o = 0;
  for (int64_t k = from; k < to && k < ps->n; k++) {
    uint32_t c = ps->p[k];
    char tmp[4];
    size_t m;
    if (c < 0x80) { tmp[0] = (char)c; m = 1; }
    else if (c < 0x800) { tmp[0] = (char)(0xC0 | (c >> 6)); tmp[1] = (char)(0x80 | (c & 0x3F)); m = 2; }
    else if (c < 0x10000) {
      tmp[0] = (char)(0xE0 | (c >> 12)); tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
      tmp[2] = (char)(0x80 | (c & 0x3F)); m = 3;
    } else {
      tmp[0] = (char)(0xF0 | (c >> 18)); tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F));
      tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F)); tmp[3] = (char)(0x80 | (c & 0x3F)); m = 4;
    }
    if (o + m + 1 > cap) break;
    memcpy(buf + o, tmp, m);
    o += m;
  }
  buf[o] = 0;
}

/* -- Escapes ------------------------------------------------------------------------------------ */
/* \x \u \U after the letter: exactly `digits` hex digits. */
static int64_t hex_escape(Parser *ps, int64_t start, int digits) {
  uint32_t v = 0;
  for (int k = 0; k < digits; k++) {
    int h = ps->i < ps->n ? hexval(ps->p[ps->i]) : -1;
    if (h < 0) {
      char buf[64];
      pat_text(ps, start, ps->i, buf, sizeof buf);
      return fail_at(ps, start, "incomplete escape %s", buf);
    }
    v = v * 16 + (uint32_t)h;
    ps->i++;
  }
  if (digits == 8 && v > 0x10FFFF) {
    char buf[64];
    pat_text(ps, start, ps->i, buf, sizeof buf);
    return fail_at(ps, start, "bad escape %s", buf);
  }
  return v;
}

static int64_t simple_escape(uint32_t c) {
  switch (c) {
  case 'a': return 7;
  case 'b': return 8; /* only inside a class */
  case 'f': return 12;
  case 'n': return 10;
  case 'r': return 13;
  case 't': return 9;
  case 'v': return 11;
  case '\\': return '\\';
  default: return -1;
  }
}

static int64_t octal_escape(Parser *ps, int64_t start, uint32_t first) {
  uint32_t v = first - '0';
  for (int k = 0; k < 2 && ps->i < ps->n && is_octal(ps->p[ps->i]); k++) v = v * 8 + (ps->p[ps->i++] - '0');
  if (v > 0377) {
    char buf[64];
    pat_text(ps, start, ps->i, buf, sizeof buf);
    return fail_at(ps, start, "octal escape value %s outside of range 0-0o377", buf);
  }
  return v;
}

static int32_t bad_escape(Parser *ps, int64_t start) {
  char buf[16];
  pat_text(ps, start, ps->i, buf, sizeof buf);
  return fail_at(ps, start, "bad escape %s", buf);
}

/* -- Character classes -------------------------------------------------------------------------- */
static bool class_add_range(Parser *ps, ReClass *cl, uint32_t lo, uint32_t hi) {
  for (uint32_t c = lo; c <= hi && c < 128; c++) cl->raw[c >> 5] |= 1u << (c & 31);
  if (hi < 128) return true;
  if (lo < 128) lo = 128;
  ReProg *pr = ps->prog;
  if (!grow((void **)&pr->ranges, &ps->capranges, pr->nranges + 1, sizeof pr->ranges[0])) return false;
  pr->ranges[pr->nranges][0] = lo;
  pr->ranges[pr->nranges][1] = hi;
  pr->nranges++;
  cl->nranges++;
  return true;
}

static void class_add_cat(ReClass *cl, uint8_t cat) {
  cl->cats |= cat;
  bool a = cl->ascii;
  for (uint32_t c = 0; c < 128; c++) {
    bool in = false;
    switch (cat) {
    case RE_C_DIGIT: in = re_is_digit(c, a); break;
    case RE_C_NDIGIT: in = !re_is_digit(c, a); break;
    case RE_C_WORD: in = re_is_word(c, a); break;
    case RE_C_NWORD: in = !re_is_word(c, a); break;
    case RE_C_SPACE: in = re_is_space(c, a); break;
    case RE_C_NSPACE: in = !re_is_space(c, a); break;
    }
    if (in) cl->raw[c >> 5] |= 1u << (c & 31);
  }
}

static int32_t new_class(Parser *ps, int fl, int64_t pos) {
  ReProg *pr = ps->prog;
  if (!grow((void **)&pr->classes, &ps->capclasses, pr->nclasses + 1, sizeof(ReClass)))
    return fail_at(ps, pos, "out of memory");
  ReClass *cl = &pr->classes[pr->nclasses];
  memset(cl, 0, sizeof *cl);
  cl->rstart = pr->nranges;
  cl->icase = (fl & RE_F_IGNORECASE) != 0;
  cl->ascii = (fl & RE_F_ASCII) != 0;
  return pr->nclasses++;
}

static void class_finish(Parser *ps, int32_t idx) {
  ReClass *cl = &ps->prog->classes[idx];
  memset(cl->bits, 0, sizeof cl->bits);
  for (uint32_t c = 0; c < 128; c++)
    if (re_class_match(ps->prog, cl, c)) cl->bits[c >> 5] |= 1u << (c & 31);
}

/* One class item: a code point (>= 0), or a category (-RE_C_* - 1). */
static int64_t class_item(Parser *ps) {
  int64_t start = ps->i;
  uint32_t c = ps->p[ps->i++];
  if (c != '\\') return c;
  if (at_end(ps)) return fail_at(ps, start, "bad escape (end of pattern)");
  c = ps->p[ps->i++];
  switch (c) {
  case 'd': return -RE_C_DIGIT - 1;
  case 'D': return -RE_C_NDIGIT - 1;
  case 'w': return -RE_C_WORD - 1;
  case 'W': return -RE_C_NWORD - 1;
  case 's': return -RE_C_SPACE - 1;
  case 'S': return -RE_C_NSPACE - 1;
  case 'x': return hex_escape(ps, start, 2);
  case 'u': return hex_escape(ps, start, 4);
  case 'U': return hex_escape(ps, start, 8);
  }
  int64_t v = simple_escape(c);
  if (v >= 0) return v;
  if (is_octal(c)) return octal_escape(ps, start, c);
  if (is_digit(c) || is_ascii_letter(c)) return bad_escape(ps, start);
  return c;
}

static int32_t parse_class(Parser *ps, int fl) {
  int64_t start = ps->i - 1; /* the '[' */
  int32_t idx = new_class(ps, fl, start);
  if (idx < 0) return -1;
  bool neg = accept(ps, '^');
  bool first = true;
  for (;;) {
    if (at_end(ps)) return fail_at(ps, start, "unterminated character set");
    if (peek(ps) == ']' && !first) { ps->i++; break; }
    first = false;
    int64_t here = ps->i;
    int64_t lo = class_item(ps);
    if (ps->failed) return -1;
    if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->p[ps->i + 1] != ']') {
      ps->i++;
      int64_t hi = class_item(ps);
      if (ps->failed) return -1;
      if (lo < 0 || hi < 0) {
        char buf[64];
        pat_text(ps, here, ps->i, buf, sizeof buf);
        return fail_at(ps, here, "bad character range %s", buf);
      }
      if (hi < lo) {
        char buf[64];
        pat_text(ps, here, ps->i, buf, sizeof buf);
        return fail_at(ps, here, "bad character range %s", buf);
      }
      if (!class_add_range(ps, &ps->prog->classes[idx], (uint32_t)lo, (uint32_t)hi))
        return fail_at(ps, here, "out of memory");
    } else if (lo < 0) {
      class_add_cat(&ps->prog->classes[idx], (uint8_t)(-lo - 1));
    } else if (!class_add_range(ps, &ps->prog->classes[idx], (uint32_t)lo, (uint32_t)lo)) {
      return fail_at(ps, here, "out of memory");
    }
  }
  ps->prog->classes[idx].neg = neg;
  class_finish(ps, idx);
  int32_t nd = new_node(ps, N_CLASS, start);
  if (nd >= 0) ps->nodes[nd].a = idx;
  return nd;
}

/* A category escape outside a class (\d ...) is a one-item class. */
static int32_t cat_node(Parser *ps, int fl, uint8_t cat, int64_t pos) {
  int32_t idx = new_class(ps, fl, pos);
  if (idx < 0) return -1;
  class_add_cat(&ps->prog->classes[idx], cat);
  class_finish(ps, idx);
  int32_t nd = new_node(ps, N_CLASS, pos);
  if (nd >= 0) ps->nodes[nd].a = idx;
  return nd;
}

static int32_t char_node(Parser *ps, int fl, uint32_t c, int64_t pos) {
  int32_t nd = new_node(ps, N_CHAR, pos);
  if (nd < 0) return -1;
  ps->nodes[nd].a = (int32_t)c;
  ps->nodes[nd].flag = (uint8_t)(((fl & RE_F_IGNORECASE) ? 1 : 0) | ((fl & RE_F_ASCII) ? 2 : 0));
  return nd;
}

static int32_t assert_node(Parser *ps, ReOp op, uint8_t f, int64_t pos) {
  int32_t nd = new_node(ps, N_ASSERT, pos);
  if (nd < 0) return -1;
  ps->nodes[nd].a = op;
  ps->nodes[nd].flag = f;
  return nd;
}

static int32_t backref_node(Parser *ps, int fl, int g, int64_t pos) {
  int32_t nd = new_node(ps, N_BACKREF, pos);
  if (nd < 0) return -1;
  ps->nodes[nd].a = g;
  ps->nodes[nd].flag = (fl & RE_F_IGNORECASE) ? 1 : 0;
  return nd;
}

/* An escape outside a class. */
static int32_t parse_escape(Parser *ps, int fl) {
  int64_t start = ps->i - 1;
  if (at_end(ps)) return fail_at(ps, start, "bad escape (end of pattern)");
  uint32_t c = ps->p[ps->i++];
  bool ascii = (fl & RE_F_ASCII) != 0;
  switch (c) {
  case 'A': return assert_node(ps, RO_BOL, 0, start);
  case 'Z': return assert_node(ps, RO_EOS, 0, start);
  case 'b': return assert_node(ps, RO_WORDB, ascii, start);
  case 'B': return assert_node(ps, RO_NWORDB, ascii, start);
  case 'd': return cat_node(ps, fl, RE_C_DIGIT, start);
  case 'D': return cat_node(ps, fl, RE_C_NDIGIT, start);
  case 'w': return cat_node(ps, fl, RE_C_WORD, start);
  case 'W': return cat_node(ps, fl, RE_C_NWORD, start);
  case 's': return cat_node(ps, fl, RE_C_SPACE, start);
  case 'S': return cat_node(ps, fl, RE_C_NSPACE, start);
  case 'x': case 'u': case 'U': {
    int64_t v = hex_escape(ps, start, c == 'x' ? 2 : c == 'u' ? 4 : 8);
    return v < 0 ? -1 : char_node(ps, fl, (uint32_t)v, start);
  }
  case '0': {
    uint32_t v = 0;
    for (int k = 0; k < 2 && ps->i < ps->n && is_octal(ps->p[ps->i]); k++) v = v * 8 + (ps->p[ps->i++] - '0');
    return char_node(ps, fl, v, start);
  }
  }
  if (is_digit(c)) {
    /* \1..\99 is a group reference; three octal digits are an octal escape. */
    if (ps->i < ps->n && is_digit(ps->p[ps->i])) {
      if (is_octal(c) && is_octal(ps->p[ps->i]) && ps->i + 1 < ps->n && is_octal(ps->p[ps->i + 1])) {
        int64_t v = octal_escape(ps, start, c);
        return v < 0 ? -1 : char_node(ps, fl, (uint32_t)v, start);
      }
      int g = (int)(c - '0') * 10 + (int)(ps->p[ps->i++] - '0');
      if (g <= ps->prog->ngroups) {
        if (ps->open[g]) return fail_at(ps, start, "cannot refer to an open group");
        return backref_node(ps, fl, g, start);
      }
      return fail_at(ps, start + 1, "invalid group reference %d", g);
    }
    int g = (int)(c - '0');
    if (g <= ps->prog->ngroups) {
      if (ps->open[g]) return fail_at(ps, start, "cannot refer to an open group");
      return backref_node(ps, fl, g, start);
    }
    return fail_at(ps, start + 1, "invalid group reference %d", g);
  }
  int64_t v = simple_escape(c);
  if (v >= 0 && c != 'b') return char_node(ps, fl, (uint32_t)v, start);
  if (is_ascii_letter(c)) return bad_escape(ps, start);
  return char_node(ps, fl, c, start);
}

/* -- Groups -------------------------------------------------------------------------------------- */
static int32_t parse_alt(Parser *ps, int fl);

static bool name_char(uint32_t c, bool first) {
  if (c == '_' || is_ascii_letter(c) || c >= 128) return true;
  return !first && is_digit(c);
}

/* A group name up to `term`; its text goes to buf. */
static bool parse_name(Parser *ps, uint32_t term, char *buf, size_t cap) {
  int64_t start = ps->i;
  while (ps->i < ps->n && ps->p[ps->i] != term) ps->i++;
  if (ps->i >= ps->n) {
    if (start == ps->n) fail_at(ps, start, "missing group name");
    else fail_at(ps, start, "missing %c, unterminated name", (char)term);
    return false;
  }
  if (ps->i == start) { fail_at(ps, start, "missing group name"); return false; }
  pat_text(ps, start, ps->i, buf, cap);
  for (int64_t k = start; k < ps->i; k++)
    if (!name_char(ps->p[k], k == start)) {
      fail_at(ps, start, "bad character in group name '%s'", buf);
      return false;
    }
  ps->i++; /* term */
  return true;
}

static int find_name(Parser *ps, const char *name) {
  for (int k = 0; k < ps->prog->nnames; k++)
    if (strcmp(ps->prog->names[k].name, name) == 0) return ps->prog->names[k].group;
  return -1;
}

static int flag_of(uint32_t c) {
  switch (c) {
  case 'a': return RE_F_ASCII;
  case 'i': return RE_F_IGNORECASE;
  case 'L': return RE_F_LOCALE;
  case 'm': return RE_F_MULTILINE;
  case 's': return RE_F_DOTALL;
  case 'u': return RE_F_UNICODE;
  case 'x': return RE_F_VERBOSE;
  default: return 0;
  }
}

static int32_t finish_group(Parser *ps, int fl, int64_t open_pos, NodeKind kind, int32_t a, uint8_t flag) {
  if (++ps->depth > RE_NEST_MAX) return fail_at(ps, open_pos, "too many nested groups");
  int32_t body = parse_alt(ps, fl);
  ps->depth--;
  if (body < 0) return -1;
  if (!accept(ps, ')')) return fail_at(ps, open_pos, "missing ), unterminated subpattern");
  int32_t nd = new_node(ps, kind, open_pos);
  if (nd < 0) return -1;
  ps->nodes[nd].a = a;
  ps->nodes[nd].flag = flag;
  ps->nodes[nd].child = body;
  return nd;
}

static int32_t capture_group(Parser *ps, int fl, int64_t open_pos, const char *name) {
  int g = ++ps->prog->ngroups;
  if (g >= ps->capopen) {
    int nc = ps->capopen * 2;
    uint8_t *o = realloc(ps->open, (size_t)nc);
    if (!o) return fail_at(ps, open_pos, "out of memory");
    memset(o + ps->capopen, 0, (size_t)(nc - ps->capopen));
    ps->open = o;
    ps->capopen = nc;
  }
  if (name) {
    int old = find_name(ps, name);
    if (old >= 0)
      return fail_at(ps, open_pos + 4, "redefinition of group name '%s' as group %d; was group %d", name, g, old);
    ReProg *pr = ps->prog;
    if (!grow((void **)&pr->names, &ps->capnames, pr->nnames + 1, sizeof(ReName)))
      return fail_at(ps, open_pos, "out of memory");
    pr->names[pr->nnames].name = strdup(name);
    pr->names[pr->nnames].group = g;
    pr->nnames++;
  }
  ps->open[g] = 1;
  int32_t nd = finish_group(ps, fl, open_pos, N_GROUP, g, 0);
  ps->open[g] = 0;
  return nd;
}

/* After "(?": flags, scoped "(?i:...)" or global "(?i)". */
static int32_t parse_flags(Parser *ps, int fl, int64_t open_pos, bool at_start) {
  int add = 0, del = 0;
  while (ps->i < ps->n && flag_of(ps->p[ps->i])) add |= flag_of(ps->p[ps->i++]);
  if (accept(ps, ')')) {
    if (!at_start) return fail_at(ps, open_pos, "global flags not at the start of the expression");
    ps->flags |= add;
    return new_node(ps, N_EMPTY, open_pos);
  }
  if (accept(ps, '-')) {
    if (at_end(ps)) return fail_at(ps, ps->i, "missing flag");
    while (ps->i < ps->n && flag_of(ps->p[ps->i])) {
      int f = flag_of(ps->p[ps->i]);
      if (!(f & (RE_F_IGNORECASE | RE_F_MULTILINE | RE_F_DOTALL | RE_F_VERBOSE)))
        return fail_at(ps, ps->i, "bad inline flag: cannot turn off flags 'a', 'u' and 'L'");
      del |= f;
      ps->i++;
    }
    if (!del) return fail_at(ps, ps->i, at_end(ps) ? "missing flag" : "unknown flag");
  }
  if (!accept(ps, ':')) {
    if (at_end(ps)) return fail_at(ps, ps->i, "missing -, : or )");
    return fail_at(ps, ps->i, "unknown flag");
  }
  return finish_group(ps, (fl | add) & ~del, open_pos, N_GROUP, 0, 1 /* plain */);
}

static int32_t parse_paren(Parser *ps, int fl, bool at_start) {
  int64_t open_pos = ps->i - 1;
  if (!accept(ps, '?')) return capture_group(ps, fl, open_pos, NULL);
  if (at_end(ps)) return fail_at(ps, ps->i - 1, "unexpected end of pattern");
  uint32_t c = ps->p[ps->i++];
  char name[256];
  switch (c) {
  case ':': return finish_group(ps, fl, open_pos, N_GROUP, 0, 1);
  case '>': return finish_group(ps, fl, open_pos, N_GROUP, -1, 0);
  case '#':
    while (ps->i < ps->n && ps->p[ps->i] != ')') ps->i++;
    if (at_end(ps)) return fail_at(ps, open_pos, "missing ), unterminated comment");
    ps->i++;
    return new_node(ps, N_EMPTY, open_pos);
  case '=': case '!':
    return finish_group(ps, fl, open_pos, N_LOOK, 0, c == '!' ? RE_LK_NEG : 0);
  case '<': {
    if (at_end(ps)) return fail_at(ps, ps->i, "unexpected end of pattern");
    uint32_t d = ps->p[ps->i++];
    if (d != '=' && d != '!') {
      char buf[8];
      pat_text(ps, ps->i - 1, ps->i, buf, sizeof buf);
      return fail_at(ps, ps->i - 3, "unknown extension ?<%s", buf);
    }
    ps->lookbehind++;
    int32_t nd = finish_group(ps, fl, open_pos, N_LOOK, 0, (uint8_t)(RE_LK_BEHIND | (d == '!' ? RE_LK_NEG : 0)));
    ps->lookbehind--;
    return nd;
  }
  case 'P':
    if (accept(ps, '<')) {
      if (!parse_name(ps, '>', name, sizeof name)) return -1;
      return capture_group(ps, fl, open_pos, name);
    }
    if (accept(ps, '=')) {
      int64_t npos = ps->i;
      if (!parse_name(ps, ')', name, sizeof name)) return -1;
      int g = find_name(ps, name);
      if (g < 0) return fail_at(ps, npos, "unknown group name '%s'", name);
      if (ps->open[g]) return fail_at(ps, npos, "cannot refer to an open group");
      return backref_node(ps, fl, g, open_pos);
    }
    if (at_end(ps)) return fail_at(ps, ps->i, "unexpected end of pattern");
    {
      char buf[8];
      pat_text(ps, ps->i, ps->i + 1, buf, sizeof buf);
      return fail_at(ps, ps->i - 2, "unknown extension ?P%s", buf);
    }
  }
  if (flag_of(c) || c == '-') {
    ps->i--;
    return parse_flags(ps, fl, open_pos, at_start);
  }
  char buf[8];
  pat_text(ps, ps->i - 1, ps->i, buf, sizeof buf);
  return fail_at(ps, ps->i - 2, "unknown extension ?%s", buf);
}

/* -- Sequences, repeats, alternation ------------------------------------------------------------- */
static bool parse_count(Parser *ps, int64_t *out) {
  int64_t v = 0;
  bool any = false;
  while (ps->i < ps->n && is_digit(ps->p[ps->i])) {
    v = v * 10 + (ps->p[ps->i++] - '0');
    if (v > 0xFFFFFFFFll) v = 0xFFFFFFFFll;
    any = true;
  }
  *out = any ? v : -1;
  return any;
}

/* A quantifier at ps->i: fills min/max; false when there is none ('{' not a repeat is literal). */
static bool parse_quant(Parser *ps, int64_t *min, int64_t *max) {
  uint32_t c = peek(ps);
  if (c == '*') { ps->i++; *min = 0; *max = -1; return true; }
  if (c == '+') { ps->i++; *min = 1; *max = -1; return true; }
  if (c == '?') { ps->i++; *min = 0; *max = 1; return true; }
  if (c != '{') return false;
  int64_t save = ps->i;
  ps->i++;
  if (peek(ps) == '}') { ps->i = save; return false; }
  int64_t lo, hi;
  parse_count(ps, &lo);
  if (accept(ps, ',')) parse_count(ps, &hi);
  else hi = lo;
  if (!accept(ps, '}')) { ps->i = save; return false; }
  *min = lo < 0 ? 0 : lo;
  *max = hi;
  if (*min >= 0xFFFFFFFFll || hi >= 0xFFFFFFFFll) { fail_at(ps, save, "the repetition number is too large"); return true; }
  if (hi >= 0 && hi < *min) { fail_at(ps, save + 1, "min repeat greater than max repeat"); return true; }
  return true;
}

static bool is_quant_start(Parser *ps) {
  uint32_t c = peek(ps);
  if (c == '*' || c == '+' || c == '?') return !at_end(ps);
  if (c != '{') return false;
  int64_t save = ps->i, mn, mx;
  bool q = parse_quant(ps, &mn, &mx);
  ps->i = save;
  return q;
}

static int32_t parse_atom(Parser *ps, int fl, bool at_start) {
  int64_t pos = ps->i;
  uint32_t c = ps->p[ps->i++];
  switch (c) {
  case '(': return parse_paren(ps, fl, at_start);
  case '[': return parse_class(ps, fl);
  case '.': {
    int32_t nd = new_node(ps, N_ANY, pos);
    if (nd >= 0) ps->nodes[nd].flag = (fl & RE_F_DOTALL) ? 1 : 0;
    return nd;
  }
  case '^': return assert_node(ps, (fl & RE_F_MULTILINE) ? RO_MBOL : RO_BOL, 0, pos);
  case '$': return assert_node(ps, (fl & RE_F_MULTILINE) ? RO_MEOL : RO_EOL, 0, pos);
  case '\\': return parse_escape(ps, fl);
  default: return char_node(ps, fl, c, pos);
  }
}

/* first: the first alternative at the top level, where global flags (?i) may stand. */
static int32_t parse_seq(Parser *ps, int fl, bool first_alt) {
  int32_t first = -1, last = -1;
  bool items = false;
  for (;;) {
    skip_verbose(ps, fl);
    if (at_end(ps) || peek(ps) == '|' || peek(ps) == ')') break;
    int64_t pos = ps->i;
    if (is_quant_start(ps)) return fail_at(ps, pos, "nothing to repeat");
    int32_t atom = parse_atom(ps, fl, first_alt && !items);
    if (atom < 0) return -1;
    if (ps->depth == 0) fl |= ps->flags;
    if (ps->nodes[atom].kind != N_EMPTY) items = true;
    for (;;) {
      skip_verbose(ps, fl);
      int64_t qpos = ps->i;
      int64_t mn, mx;
      if (!parse_quant(ps, &mn, &mx)) break;
      if (ps->failed) return -1;
      Node *a = &ps->nodes[atom];
      if (a->kind == N_ASSERT || a->kind == N_EMPTY) return fail_at(ps, qpos, "nothing to repeat");
      if (a->kind == N_REPEAT) return fail_at(ps, qpos, "multiple repeat");
      uint8_t mode = 1;
      if (accept(ps, '?')) mode = 0;
      else if (accept(ps, '+')) mode = 3;
      int32_t r = new_node(ps, N_REPEAT, qpos);
      if (r < 0) return -1;
      ps->nodes[r].a = (int32_t)mn;
      ps->nodes[r].b = (int32_t)mx;
      ps->nodes[r].flag = mode;
      ps->nodes[r].child = atom;
      atom = r;
    }
    if (first < 0) first = atom;
    else ps->nodes[last].next = atom;
    last = atom;
  }
  int32_t cat = new_node(ps, N_CAT, ps->i);
  if (cat >= 0) ps->nodes[cat].child = first;
  return cat;
}

static int32_t parse_alt(Parser *ps, int fl) {
  int64_t pos = ps->i;
  int32_t first = parse_seq(ps, fl, ps->depth == 0), last = first;
  if (first < 0) return -1;
  if (peek(ps) != '|' || at_end(ps)) return first;
  while (accept(ps, '|')) {
    if (ps->depth == 0) fl |= ps->flags;
    int32_t s = parse_seq(ps, fl, false);
    if (s < 0) return -1;
    ps->nodes[last].next = s;
    last = s;
  }
  int32_t alt = new_node(ps, N_ALT, pos);
  if (alt >= 0) ps->nodes[alt].child = first;
  return alt;
}

/* -- Analysis ------------------------------------------------------------------------------------ */
static bool nullable(Parser *ps, int32_t n) {
  Node *nd = &ps->nodes[n];
  switch (nd->kind) {
  case N_CHAR: case N_ANY: case N_CLASS: return false;
  case N_GROUP: return nullable(ps, nd->child);
  case N_CAT:
    for (int32_t c = nd->child; c >= 0; c = ps->nodes[c].next)
      if (!nullable(ps, c)) return false;
    return true;
  case N_ALT:
    for (int32_t c = nd->child; c >= 0; c = ps->nodes[c].next)
      if (nullable(ps, c)) return true;
    return false;
  case N_REPEAT: return nd->a == 0 || nullable(ps, nd->child);
  default: return true;
  }
}

/* Code points a node always matches, or -1 when that varies. */
static int64_t width(Parser *ps, int32_t n) {
  Node *nd = &ps->nodes[n];
  switch (nd->kind) {
  case N_CHAR: case N_ANY: case N_CLASS: return 1;
  case N_ASSERT: case N_LOOK: case N_EMPTY: return 0;
  case N_GROUP: return width(ps, nd->child);
  case N_CAT: {
    int64_t w = 0;
    for (int32_t c = nd->child; c >= 0; c = ps->nodes[c].next) {
      int64_t k = width(ps, c);
      if (k < 0) return -1;
      w += k;
    }
    return w;
  }
  case N_ALT: {
    int64_t w = -2;
    for (int32_t c = nd->child; c >= 0; c = ps->nodes[c].next) {
      int64_t k = width(ps, c);
      if (k < 0 || (w != -2 && k != w)) return -1;
      w = k;
    }
    return w;
  }
  case N_REPEAT: {
    if (nd->a != nd->b) return -1;
    int64_t k = width(ps, nd->child);
    return k < 0 ? -1 : k * nd->a;
  }
  case N_BACKREF: /* as wide as the group it repeats (sre's groupwidths) */
    for (int32_t k = 0; k < ps->nnodes; k++)
      if (ps->nodes[k].kind == N_GROUP && ps->nodes[k].a == nd->a && ps->nodes[k].flag == 0)
        return width(ps, ps->nodes[k].child);
    return -1;
  default: return -1;
  }
}

/* -- Code generation ------------------------------------------------------------------------------ */
static int32_t emit(Parser *ps, ReOp op, uint8_t f, int32_t x, int32_t y, int32_t z) {
  if (ps->ncode >= (int32_t)RE_PROG_MAX) return fail_at(ps, -1, "pattern too large");
  if (!grow((void **)&ps->code, &ps->capcode, ps->ncode + 1, sizeof(ReInsn))) return fail_at(ps, -1, "out of memory");
  ReInsn *in = &ps->code[ps->ncode];
  in->op = (uint8_t)op;
  in->f = f;
  in->pad = 0;
  in->x = x;
  in->y = y;
  in->z = z;
  return ps->ncode++;
}

static bool gen(Parser *ps, int32_t n);

static bool is_single(Parser *ps, int32_t n) {
  int k = ps->nodes[n].kind;
  return k == N_CHAR || k == N_ANY || k == N_CLASS;
}

static bool gen_repeat(Parser *ps, int32_t n) {
  Node nd = ps->nodes[n];
  bool greedy = nd.flag & 1;
  if (nd.flag & 2) { /* possessive: an atomic group around the greedy repeat */
    int32_t lk = emit(ps, RO_LOOK, RE_LK_ATOMIC, 0, 0, 0);
    if (lk < 0) return false;
    ps->nodes[n].flag = 1;
    bool ok = gen_repeat(ps, n) && emit(ps, RO_LOOKEND, 0, 0, 0, 0) >= 0;
    ps->nodes[n].flag = nd.flag;
    if (ok) ps->code[lk].x = ps->ncode;
    return ok;
  }
  if (is_single(ps, nd.child)) {
    if (emit(ps, RO_SREP, greedy, nd.a, nd.b, 0) < 0) return false;
    return gen(ps, nd.child);
  }
  for (int32_t k = 0; k < nd.a; k++)
    if (!gen(ps, nd.child)) return false;
  if (nd.b < 0) {
    bool empty = nullable(ps, nd.child);
    int reg = empty ? ps->prog->nregs++ : 0;
    int32_t split = emit(ps, RO_SPLIT, 0, 0, 0, 0);
    if (split < 0) return false;
    if (empty && emit(ps, RO_MARK, 0, reg, 0, 0) < 0) return false;
    if (!gen(ps, nd.child)) return false;
    int32_t back = empty ? emit(ps, RO_CHECK, 0, reg, split, 0) : emit(ps, RO_JMP, 0, split, 0, 0);
    if (back < 0) return false;
    int32_t exit = ps->ncode;
    if (empty) ps->code[back].z = exit;
    ps->code[split].x = greedy ? split + 1 : exit;
    ps->code[split].y = greedy ? exit : split + 1;
    return true;
  }
  int32_t nopt = nd.b - nd.a, *splits = malloc(sizeof(int32_t) * (size_t)(nopt > 0 ? nopt : 1));
  if (!splits) { fail_at(ps, -1, "out of memory"); return false; }
  for (int32_t k = 0; k < nopt; k++) {
    splits[k] = emit(ps, RO_SPLIT, 0, 0, 0, 0);
    if (splits[k] < 0 || !gen(ps, nd.child)) { free(splits); return false; }
  }
  int32_t exit = ps->ncode;
  for (int32_t k = 0; k < nopt; k++) {
    ps->code[splits[k]].x = greedy ? splits[k] + 1 : exit;
    ps->code[splits[k]].y = greedy ? exit : splits[k] + 1;
  }
  free(splits);
  return true;
}

static bool gen(Parser *ps, int32_t n) {
  if (ps->failed) return false;
  Node nd = ps->nodes[n];
  switch (nd.kind) {
  case N_EMPTY: return true;
  case N_CHAR:
    if (nd.flag & 1) {
      bool ascii = nd.flag & 2;
      uint32_t lo = re_lower((uint32_t)nd.a, ascii);
      /* A code point with no other case needs no folding at match time. */
      if (lo == (uint32_t)nd.a && re_upper((uint32_t)nd.a, ascii) == (uint32_t)nd.a && nd.a < 128)
        return emit(ps, RO_CHAR, 0, nd.a, 0, 0) >= 0;
      return emit(ps, RO_CHARI, ascii, (int32_t)lo, 0, 0) >= 0;
    }
    return emit(ps, RO_CHAR, 0, nd.a, 0, 0) >= 0;
  case N_ANY: return emit(ps, nd.flag ? RO_ANYALL : RO_ANY, 0, 0, 0, 0) >= 0;
  case N_CLASS: return emit(ps, RO_CLASS, 0, nd.a, 0, 0) >= 0;
  case N_ASSERT: return emit(ps, (ReOp)nd.a, nd.flag, 0, 0, 0) >= 0;
  case N_BACKREF: return emit(ps, RO_BACKREF, nd.flag, nd.a, 0, 0) >= 0;
  case N_GROUP:
    if (nd.a > 0) {
      return emit(ps, RO_SAVE, 0, 2 * nd.a, 0, 0) >= 0 && gen(ps, nd.child) &&
             emit(ps, RO_SAVE, 0, 2 * nd.a + 1, 0, 0) >= 0;
    }
    if (nd.a < 0) { /* atomic */
      int32_t lk = emit(ps, RO_LOOK, RE_LK_ATOMIC, 0, 0, 0);
      if (lk < 0 || !gen(ps, nd.child) || emit(ps, RO_LOOKEND, 0, 0, 0, 0) < 0) return false;
      ps->code[lk].x = ps->ncode;
      return true;
    }
    return gen(ps, nd.child);
  case N_CAT:
    for (int32_t c = nd.child; c >= 0; c = ps->nodes[c].next)
      if (!gen(ps, c)) return false;
    return true;
  case N_ALT: {
    /* SPLIT a1, next; a1; JMP end; next: SPLIT a2, next2; ... last */
    int32_t njmp = 0, cap = 8, *jmps = malloc(sizeof(int32_t) * 8);
    if (!jmps) { fail_at(ps, -1, "out of memory"); return false; }
    bool ok = true;
    for (int32_t c = nd.child; c >= 0 && ok; c = ps->nodes[c].next) {
      if (ps->nodes[c].next < 0) { ok = gen(ps, c); break; }
      int32_t sp = emit(ps, RO_SPLIT, 0, 0, 0, 0);
      ok = sp >= 0 && gen(ps, c);
      int32_t j = ok ? emit(ps, RO_JMP, 0, 0, 0, 0) : -1;
      if (j < 0) { ok = false; break; }
      if (njmp == cap) {
        int32_t *nj = realloc(jmps, sizeof(int32_t) * (size_t)(cap *= 2));
        if (!nj) { ok = false; fail_at(ps, -1, "out of memory"); break; }
        jmps = nj;
      }
      jmps[njmp++] = j;
      ps->code[sp].x = sp + 1;
      ps->code[sp].y = ps->ncode;
    }
    for (int32_t k = 0; ok && k < njmp; k++) ps->code[jmps[k]].x = ps->ncode;
    free(jmps);
    return ok;
  }
  case N_REPEAT: return gen_repeat(ps, n);
  case N_LOOK: {
    int32_t w = 0;
    if (nd.flag & RE_LK_BEHIND) {
      int64_t k = width(ps, nd.child);
      if (k < 0) { fail_at(ps, -1, "look-behind requires fixed-width pattern"); return false; }
      w = (int32_t)k;
    }
    int32_t lk = emit(ps, RO_LOOK, nd.flag, 0, w, 0);
    if (lk < 0 || !gen(ps, nd.child) || emit(ps, RO_LOOKEND, 0, 0, 0, 0) < 0) return false;
    ps->code[lk].x = ps->ncode;
    return true;
  }
  }
  return false;
}

/* -- Entry points ---------------------------------------------------------------------------------- */
void re_free(ReProg *p) {
  if (!p) return;
  for (int k = 0; k < p->nnames; k++) free(p->names[k].name);
  free(p->names);
  free(p->code);
  free(p->classes);
  free(p->ranges);
  free(p);
}

static void find_prefix(ReProg *pr) {
  pr->prefix = -1;
  const ReInsn *in = pr->code;
  while (in->op == RO_SAVE) in++;
  if (in->op == RO_BOL) pr->anchored = true;
  if (in->op == RO_SREP && in->x >= 1) in++;
  if (in->op == RO_CHAR && in->x < 128) pr->prefix = in->x;
}

ReProg *re_compile(const uint32_t *pat, int64_t n, int flags, ReError *err) {
  Parser ps;
  memset(&ps, 0, sizeof ps);
  ps.p = pat;
  ps.n = n;
  ps.flags = flags;
  ps.err = err;
  ps.capopen = 16;
  ps.open = calloc(16, 1);
  ps.prog = calloc(1, sizeof(ReProg));
  if (!ps.open || !ps.prog) {
    free(ps.open);
    free(ps.prog);
    snprintf(err->msg, sizeof err->msg, "out of memory");
    err->pos = -1;
    return NULL;
  }
  int32_t root = parse_alt(&ps, flags);
  if (root >= 0 && !at_end(&ps)) fail_at(&ps, ps.i, "unbalanced parenthesis");
  ReProg *pr = ps.prog;
  if (!ps.failed) {
    pr->flags = ps.flags;
    if (!(pr->flags & (RE_F_ASCII | RE_F_LOCALE))) pr->flags |= RE_F_UNICODE;
    pr->nregs = 2 * (pr->ngroups + 1);
    if (gen(&ps, root)) emit(&ps, RO_MATCH, 0, 0, 0, 0);
  }
  free(ps.nodes);
  free(ps.open);
  if (ps.failed) {
    free(ps.code);
    re_free(pr);
    return NULL;
  }
  pr->code = ps.code;
  pr->ncode = ps.ncode;
  find_prefix(pr);
  return pr;
}

int re_groups(const ReProg *p) { return p->ngroups; }
int re_flags(const ReProg *p) { return p->flags; }
int re_ngroupnames(const ReProg *p) { return p->nnames; }
const char *re_groupname(const ReProg *p, int i, int *group) {
  *group = p->names[i].group;
  return p->names[i].name;
}
