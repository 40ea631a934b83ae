/* re_exec.c: runs a compiled regular expression (re_prog.h) over UTF-8 text.
 *
 * A backtracking VM with an explicit stack: SPLIT pushes the alternative it did not take, SAVE
 * and MARK push the register value they overwrite, so popping the stack both undoes captures and
 * resumes the next alternative, in the order Python's sre tries them. A single-character repeat
 * (SREP) pushes one entry for the whole run and gives characters back one at a time.
 *
 * Lookarounds and atomic groups push a LOOK marker; when their body reaches LOOKEND the entries
 * above the marker are cut (a positive lookaround keeps only the register restores, so its
 * captures stay and are still undone by later backtracking). The innermost open marker is
 * look_top; each marker remembers the one it hides.
 *
 * Positions are byte offsets; stepping decodes UTF-8, with an ASCII fast path in every hot test.
 * Every executed instruction and every popped entry counts against RE_STEP_MAX.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "re_prog.h"
#include "strobject.h"

/* -- Code point classes ------------------------------------------------------------------------ */
static locale_t uloc(void) {
  static locale_t loc;
  static bool tried;
  if (!tried) {
    tried = true;
    loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  }
  return loc;
}

bool re_is_digit(uint32_t c, bool ascii) {
  if (c < 128) return c >= '0' && c <= '9';
  return !ascii && unicode_is_decimal(c);
}

bool re_is_word(uint32_t c, bool ascii) {
  if (c < 128) return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (ascii) return false;
  if (c < 256) return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
                      (c >= 0xBC && c <= 0xBE) || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  locale_t l = uloc();
  return (l && iswalnum_l((wint_t)c, l)) || re_is_digit(c, false);
}

bool re_is_space(uint32_t c, bool ascii) {
  if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (!ascii && c >= 0x1C && c <= 0x1F);
  if (ascii) return false;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

uint32_t re_lower(uint32_t c, bool ascii) {
  if (c < 128) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (ascii) return c;
  locale_t l = uloc();
  return l ? (uint32_t)towlower_l((wint_t)c, l) : c;
}

uint32_t re_upper(uint32_t c, bool ascii) {
  if (c < 128) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (ascii) return c;
  locale_t l = uloc();
  return l ? (uint32_t)towupper_l((wint_t)c, l) : c;
}

static bool class_raw(const ReProg *p, const ReClass *cl, uint32_t c) {
  if (c < 128) return (cl->raw[c >> 5] >> (c & 31)) & 1;
  for (int32_t k = cl->rstart; k < cl->rstart + cl->nranges; k++)
    if (c >= p->ranges[k][0] && c <= p->ranges[k][1]) return true;
  uint8_t m = cl->cats;
  if (!m) return false;
  bool a = cl->ascii;
  if ((m & RE_C_DIGIT) && re_is_digit(c, a)) return true;
  if ((m & RE_C_NDIGIT) && !re_is_digit(c, a)) return true;
  if ((m & RE_C_WORD) && re_is_word(c, a)) return true;
  if ((m & RE_C_NWORD) && !re_is_word(c, a)) return true;
  if ((m & RE_C_SPACE) && re_is_space(c, a)) return true;
  if ((m & RE_C_NSPACE) && !re_is_space(c, a)) return true;
  return false;
}

bool re_class_match(const ReProg *p, const ReClass *cl, uint32_t c) {
  bool in = class_raw(p, cl, c);
  if (!in && cl->icase) {
    uint32_t lo = re_lower(c, cl->ascii), up = re_upper(c, cl->ascii);
    in = (lo != c && class_raw(p, cl, lo)) || (up != c && class_raw(p, cl, up));
  }
  return in != cl->neg;
}

/* -- UTF-8 stepping ----------------------------------------------------------------------------- */
static inline uint32_t decode(const uint8_t *s, int64_t sp, int64_t *next) {
  uint32_t b = s[sp];
  if (b < 0x80) { *next = sp + 1; return b; }
  if (b < 0xE0) { *next = sp + 2; return ((b & 0x1F) << 6) | (s[sp + 1] & 0x3Fu); }
  if (b < 0xF0) {
    *next = sp + 3;
    return ((b & 0x0F) << 12) | ((s[sp + 1] & 0x3Fu) << 6) | (s[sp + 2] & 0x3Fu);
  }
  *next = sp + 4;
  return ((b & 0x07) << 18) | ((s[sp + 1] & 0x3Fu) << 12) | ((s[sp + 2] & 0x3Fu) << 6) | (s[sp + 3] & 0x3Fu);
}

static inline int64_t back1(const uint8_t *s, int64_t sp) {
  sp--;
  while (sp > 0 && (s[sp] & 0xC0) == 0x80) sp--;
  return sp;
}

/* Does the one-character instruction `in` match code point c? */
static inline bool one_cp(const ReProg *p, const ReInsn *in, uint32_t c) {
  switch (in->op) {
  case RO_CHAR: return c == (uint32_t)in->x;
  case RO_CHARI: return c == (uint32_t)in->x || re_lower(c, in->f) == (uint32_t)in->x;
  case RO_ANY: return c != '\n';
  case RO_ANYALL: return true;
  case RO_CLASS: {
    const ReClass *cl = &p->classes[in->x];
    if (c < 128) return (cl->bits[c >> 5] >> (c & 31)) & 1;
    return re_class_match(p, cl, c);
  }
  default: return false;
  }
}

/* -- The matcher ------------------------------------------------------------------------------------ */
enum { BT_CHOICE, BT_RESTORE, BT_SREP_G, BT_SREP_L, BT_LOOK };
typedef struct BT { int32_t kind, pc; int64_t sp, aux; } BT;

/* The backtrack stack and registers are reused across calls: re_exec never re-enters itself. */
uint64_t re_step_max = RE_STEP_MAX;

static BT *stk;
static int64_t stk_cap;
static int64_t *regs;
static int regs_cap;

static bool stack_grow(void) {
  if (stk_cap >= RE_STACK_MAX) return false;
  int64_t nc = stk_cap ? stk_cap * 2 : 1024;
  BT *n = realloc(stk, (size_t)nc * sizeof(BT));
  if (!n) return false;
  stk = n;
  stk_cap = nc;
  return true;
}

typedef struct Run {
  const ReProg *p;
  const uint8_t *s;
  int64_t end;
  int64_t search_start; /* must_advance: no empty match here */
  bool must_advance, full;
  uint64_t steps;
} Run;

#define PUSH(k, pc_, sp_, aux_) \
  do { \
    if (top == stk_cap && !stack_grow()) return RE_NOMEM; \
    stk[top].kind = (k); stk[top].pc = (pc_); stk[top].sp = (sp_); stk[top].aux = (aux_); top++; \
  } while (0)

/* One attempt at offset start; on RE_FOUND *endp is where the match ends. */
static int attempt(Run *r, int64_t start, int64_t *endp) {
  const ReProg *p = r->p;
  const ReInsn *code = p->code;
  const uint8_t *s = r->s;
  const int64_t end = r->end;
  const int lastidx = p->nregs;
  for (int k = 0; k <= p->nregs; k++) regs[k] = -1;
  int64_t top = 0, look_top = -1, sp = start;
  int32_t pc = 0;
  for (;;) {
    if (++r->steps > re_step_max) return RE_BUDGET;
    const ReInsn *in = &code[pc];
    switch ((ReOp)in->op) {
    case RO_CHAR:
      if (sp >= end) goto fail;
      if (in->x < 128) {
        if (s[sp] != (uint8_t)in->x) goto fail;
        sp++;
      } else {
        int64_t n;
        if (decode(s, sp, &n) != (uint32_t)in->x) goto fail;
        sp = n;
      }
      pc++;
      continue;
    case RO_CHARI: case RO_ANY: case RO_ANYALL: case RO_CLASS: {
      if (sp >= end) goto fail;
      int64_t n;
      if (!one_cp(p, in, decode(s, sp, &n))) goto fail;
      sp = n;
      pc++;
      continue;
    }
    case RO_BOL:
      if (sp != 0) goto fail;
      pc++;
      continue;
    case RO_MBOL:
      if (sp != 0 && s[sp - 1] != '\n') goto fail;
      pc++;
      continue;
    case RO_EOL:
      if (sp != end && !(sp == end - 1 && s[sp] == '\n')) goto fail;
      pc++;
      continue;
    case RO_MEOL:
      if (sp != end && s[sp] != '\n') goto fail;
      pc++;
      continue;
    case RO_EOS:
      if (sp != end) goto fail;
      pc++;
      continue;
    case RO_WORDB: case RO_NWORDB: {
      int64_t n;
      bool before = sp > 0 && re_is_word(decode(s, back1(s, sp), &n), in->f);
      bool after = sp < end && re_is_word(decode(s, sp, &n), in->f);
      if ((before != after) != (in->op == RO_WORDB)) goto fail;
      pc++;
      continue;
    }
    case RO_SPLIT:
      PUSH(BT_CHOICE, in->y, sp, 0);
      pc = in->x;
      continue;
    case RO_JMP:
      pc = in->x;
      continue;
    case RO_SAVE:
      PUSH(BT_RESTORE, in->x, regs[in->x], 0);
      regs[in->x] = sp;
      if (in->x & 1) {
        PUSH(BT_RESTORE, lastidx, regs[lastidx], 0);
        regs[lastidx] = in->x / 2;
      }
      pc++;
      continue;
    case RO_MARK:
      PUSH(BT_RESTORE, in->x, regs[in->x], 0);
      regs[in->x] = sp;
      pc++;
      continue;
    case RO_CHECK:
      pc = sp == regs[in->x] ? in->z : in->y;
      continue;
    case RO_SREP: {
      const ReInsn *one = in + 1;
      int64_t min = in->x, max = in->y, cnt = 0, q = sp, n;
      if (in->f) {
        while ((max < 0 || cnt < max) && q < end) {
          if (s[q] < 0x80 && one->op == RO_CLASS) {
            uint32_t c = s[q];
            if (!((p->classes[one->x].bits[c >> 5] >> (c & 31)) & 1)) break;
            n = q + 1;
          } else if (!one_cp(p, one, decode(s, q, &n))) break;
          q = n;
          cnt++;
        }
        r->steps += (uint64_t)cnt;
        if (cnt < min) goto fail;
        if (cnt > min) PUSH(BT_SREP_G, pc, q, cnt);
      } else {
        while (cnt < min) {
          if (q >= end || !one_cp(p, one, decode(s, q, &n))) goto fail;
          q = n;
          cnt++;
        }
        if (max < 0 || cnt < max) PUSH(BT_SREP_L, pc, q, cnt);
      }
      sp = q;
      pc += 2;
      continue;
    }
    case RO_BACKREF: {
      int64_t gs = regs[2 * in->x], ge = regs[2 * in->x + 1];
      if (gs < 0 || ge < 0) goto fail;
      if (!in->f) {
        if (ge - gs > end - sp || memcmp(s + sp, s + gs, (size_t)(ge - gs)) != 0) goto fail;
        sp += ge - gs;
      } else {
        int64_t a = gs, n1, n2;
        while (a < ge) {
          if (sp >= end) goto fail;
          uint32_t c1 = decode(s, a, &n1), c2 = decode(s, sp, &n2);
          if (c1 != c2 && re_lower(c1, false) != re_lower(c2, false)) goto fail;
          a = n1;
          sp = n2;
        }
      }
      pc++;
      continue;
    }
    case RO_LOOK: {
      int64_t from = sp;
      if (in->f & RE_LK_BEHIND) {
        for (int32_t k = 0; k < in->y; k++) {
          if (from == 0) {
            if (in->f & RE_LK_NEG) { pc = in->x; goto next; }
            goto fail;
          }
          from = back1(s, from);
        }
      }
      PUSH(BT_LOOK, pc, sp, look_top);
      look_top = top - 1;
      sp = from;
      pc++;
      continue;
    }
    case RO_LOOKEND: {
      BT m = stk[look_top];
      const ReInsn *lk = &code[m.pc];
      if (lk->f & RE_LK_NEG) {
        /* The body matched, so the negative lookaround fails: undo its captures. */
        while (top > look_top + 1) {
          top--;
          if (stk[top].kind == BT_RESTORE) regs[stk[top].pc] = stk[top].sp;
        }
        top = look_top;
        look_top = m.aux;
        goto fail;
      }
      int64_t w = look_top;
      for (int64_t k = look_top + 1; k < top; k++)
        if (stk[k].kind == BT_RESTORE) stk[w++] = stk[k];
      top = w;
      look_top = m.aux;
      if (!(lk->f & RE_LK_ATOMIC)) sp = m.sp;
      pc = lk->x;
      continue;
    }
    case RO_MATCH:
      if (look_top >= 0) goto fail; /* unreachable: every LOOK body ends in LOOKEND */
      if (r->full && sp != end) goto fail;
      if (r->must_advance && sp == r->search_start) goto fail;
      *endp = sp;
      return RE_FOUND;
    case RO_OP__COUNT:
      break;
    }
  fail:
    for (;;) {
      if (top == 0) return RE_NOTFOUND;
      if (++r->steps > re_step_max) return RE_BUDGET;
      BT *b = &stk[top - 1];
      switch (b->kind) {
      case BT_RESTORE:
        regs[b->pc] = b->sp;
        top--;
        continue;
      case BT_CHOICE:
        pc = b->pc;
        sp = b->sp;
        top--;
        goto next;
      case BT_SREP_G: {
        const ReInsn *rin = &code[b->pc], *nx = &code[b->pc + 2];
        int64_t q = back1(s, b->sp), cnt = b->aux - 1;
        /* Give back characters until the literal that follows can match. */
        if (nx->op == RO_CHAR && nx->x < 128)
          while (cnt > rin->x && s[q] != (uint8_t)nx->x) { q = back1(s, q); cnt--; }
        if (cnt > rin->x) { b->sp = q; b->aux = cnt; }
        else top--;
        sp = q;
        pc = b->pc + 2;
        goto next;
      }
      case BT_SREP_L: {
        const ReInsn *rin = &code[b->pc];
        int64_t n;
        if (b->sp >= end || !one_cp(p, rin + 1, decode(s, b->sp, &n))) { top--; continue; }
        int64_t cnt = b->aux + 1;
        sp = n;
        if (rin->y >= 0 && cnt >= rin->y) top--;
        else { b->sp = n; b->aux = cnt; }
        pc = b->pc + 2;
        goto next;
      }
      case BT_LOOK: {
        const ReInsn *lk = &code[b->pc];
        look_top = b->aux;
        top--;
        if (lk->f & RE_LK_NEG) { sp = b->sp; pc = lk->x; goto next; }
        continue;
      }
      }
    }
  next:;
  }
}

int re_exec(const ReProg *p, const char *str, int64_t end, int64_t start, ReMode mode,
            bool must_advance, int64_t *marks, int *lastindex) {
  if (p->nregs + 1 > regs_cap) {
    int nc = p->nregs + 1 < 64 ? 64 : p->nregs + 1;
    int64_t *n = realloc(regs, sizeof(int64_t) * (size_t)nc);
    if (!n) return RE_NOMEM;
    regs = n;
    regs_cap = nc;
  }
  if (!stk && !stack_grow()) return RE_NOMEM;
  Run r = {p, (const uint8_t *)str, end, start, must_advance, mode == RE_FULLMATCH, 0};
  const uint8_t *s = r.s;
  int64_t st = start, mend = 0;
  int res = RE_NOTFOUND;
  for (;;) {
    if (mode == RE_SEARCH) {
      if (p->anchored && st > 0) break;
      if (p->prefix >= 0) {
        const uint8_t *q = st < end ? memchr(s + st, p->prefix, (size_t)(end - st)) : NULL;
        if (!q) break;
        st = q - s;
      }
    }
    res = attempt(&r, st, &mend);
    if (res != RE_NOTFOUND || mode != RE_SEARCH || st >= end) break;
    st++;
    while (st < end && (s[st] & 0xC0) == 0x80) st++;
  }
  if (res != RE_FOUND) return res;
  int nm = 2 * (p->ngroups + 1);
  for (int k = 2; k < nm; k++) marks[k] = regs[k];
  marks[0] = st;
  marks[1] = mend;
  *lastindex = (int)regs[p->nregs];
  return RE_FOUND;
}
