/* lexer.c: Python 3.11 tokenizer.
 *
 * Works on a buffer whose line ends are already '\n' (the parser normalises \r\n and \r).
 * Indentation is measured at the start of each logical line outside brackets: tabs advance to
 * the next multiple of 8, and a second measure with tabs as 1 column detects inconsistent tab
 * use (TabError), as CPython does. Blank and comment-only lines produce no tokens.
 * Errors become a TOK_ERROR token with kind/message/position in the Lexer; once an error or
 * ENDMARKER has been produced the lexer keeps producing it.
 */
#include "lexer.h"

#include <stdio.h>
#include <string.h>

#define NAME_STR(name, text) text,
const char *const lex_token_names[] = {
  "ENDMARKER", "NAME", "NUMBER", "STRING", "NEWLINE", "INDENT", "DEDENT", "ERRORTOKEN",
  LEX_OPS(NAME_STR) LEX_KEYWORDS(NAME_STR)
};
#undef NAME_STR

void lex_init(Lexer *lx, const char *src, size_t len) {
  memset(lx, 0, sizeof *lx);
  lx->src = lx->cur = lx->line_start = src;
  lx->end = src + len;
  lx->lineno = 1;
  lx->at_line_start = 1;
}

const char *lex_line_start(const Lexer *lx, const char *p) {
  while (p > lx->src && p[-1] != '\n') p--;
  return p;
}

int lex_char_count(const char *from, const char *to) {
  int n = 0;
  for (; from < to; from++)
    if (((unsigned char)*from & 0xC0) != 0x80) n++;
  return n;
}

/* -- Errors ----------------------------------------------------------------------------- */

static Token error_at(Lexer *lx, const char *kind, int lineno, const char *at, const char *msg) {
  snprintf(lx->err_kind, sizeof lx->err_kind, "%s", kind);
  snprintf(lx->err_msg, sizeof lx->err_msg, "%s", msg);
  lx->err_lineno = lineno;
  lx->err_col = at ? lex_char_count(lex_line_start(lx, at), at) + 1 : 0;
  lx->err_byte_col = at ? (int)(at - lex_line_start(lx, at)) + 1 : 0;
  lx->done = 2;
  Token t = {TOK_ERROR, at ? at : lx->cur, 0, lineno, lx->err_col, lineno, lx->err_col, 0};
  return t;
}

static Token syntax_error(Lexer *lx, const char *at, const char *msg) {
  return error_at(lx, "SyntaxError", lx->lineno, at, msg);
}

static Token error_token(Lexer *lx) {
  Token t = {TOK_ERROR, lx->cur, 0, lx->err_lineno, lx->err_col, lx->err_lineno, lx->err_col, 0};
  return t;
}

static Token make(Lexer *lx, TokKind kind, const char *start, int start_line, const char *sline) {
  Token t;
  t.kind = kind;
  t.start = start;
  t.len = (int)(lx->cur - start);
  t.lineno = start_line;
  t.col = (int)(start - sline) + 1;
  t.end_lineno = lx->lineno;
  t.end_col = (int)(lx->cur - lx->line_start) + 1;
  return t;
}

/* -- Character classes ------------------------------------------------------------------ */

static int is_id_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static int is_id_char(int c) { return is_id_start(c) || (c >= '0' && c <= '9'); }
static int peekc(Lexer *lx, int k) {
  return lx->cur + k < lx->end ? (unsigned char)lx->cur[k] : -1;
}

/* -- Indentation ------------------------------------------------------------------------ */

/* At the start of a logical line: measure indentation, skip blank/comment lines and queue
   INDENT/DEDENT. Returns 0 when a line with content starts, 1 at EOF, -1 on error. */
static int indentation(Lexer *lx, Token *err) {
  for (;;) {
    int col = 0, alt = 0;
    const char *p = lx->cur;
    for (; p < lx->end; p++) {
      if (*p == ' ') { col++; alt++; }
      else if (*p == '\t') { col = (col / 8 + 1) * 8; alt++; }
      else if (*p == '\f') { col = alt = 0; }
      else break;
    }
    lx->cur = p;
    if (p >= lx->end) return 1;
    if (*p == '#' || *p == '\n' || (*p == '\\' && p + 1 < lx->end && p[1] == '\n')) {
      if (*p == '\\') { lx->cur += 2; lx->lineno++; lx->line_start = lx->cur; continue; }
      while (lx->cur < lx->end && *lx->cur != '\n') lx->cur++;
      if (lx->cur >= lx->end) return 1;
      lx->cur++;
      lx->lineno++;
      lx->line_start = lx->cur;
      continue;
    }
    int top = lx->indents[lx->indent_top];
    if (col == top) {
      if (alt != lx->alt_indents[lx->indent_top]) goto tab_error;
    } else if (col > top) {
      if (lx->indent_top + 1 > LEX_MAX_INDENT) {
        *err = error_at(lx, "IndentationError", lx->lineno, lx->cur,
                        "too many levels of indentation");
        return -1;
      }
      if (alt <= lx->alt_indents[lx->indent_top]) goto tab_error;
      lx->indent_top++;
      lx->indents[lx->indent_top] = col;
      lx->alt_indents[lx->indent_top] = alt;
      lx->pending = 1;
    } else {
      int n = 0;
      while (lx->indent_top > 0 && col < lx->indents[lx->indent_top]) { lx->indent_top--; n++; }
      if (col != lx->indents[lx->indent_top]) {
        const char *eol = lx->cur;
        while (eol < lx->end && *eol != '\n') eol++;
        *err = error_at(lx, "IndentationError", lx->lineno, eol,
                        "unindent does not match any outer indentation level");
        return -1;
      }
      if (alt != lx->alt_indents[lx->indent_top]) goto tab_error;
      lx->pending = -n;
    }
    return 0;
  }
tab_error:
  *err = error_at(lx, "TabError", lx->lineno, lx->line_start,
                  "inconsistent use of tabs and spaces in indentation");
  return -1;
}

/* -- Numbers ---------------------------------------------------------------------------- */

/* Digits of one class with single underscores between them. Returns 0 if an underscore is
   misplaced (cur is left on it). */
static int digits(Lexer *lx, int (*ok)(int)) {
  for (;;) {
    while (peekc(lx, 0) >= 0 && ok(peekc(lx, 0))) lx->cur++;
    if (peekc(lx, 0) != '_') return 1;
    if (!(peekc(lx, 1) >= 0 && ok(peekc(lx, 1)))) return 0;
    lx->cur++;
  }
}

static int is_dec(int c) { return c >= '0' && c <= '9'; }
static int is_hex(int c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_oct(int c) { return c >= '0' && c <= '7'; }
static int is_bin(int c) { return c == '0' || c == '1'; }

/* After a number: an identifier character right behind it is an error. */
static int bad_number_end(Lexer *lx) {
  int c = peekc(lx, 0);
  /* "1if x else y" and "0x1or" are legal: a keyword may follow directly. */
  if (c < 0 || !is_id_char(c)) return 0;
  static const char *const kws[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
  for (size_t i = 0; i < sizeof kws / sizeof *kws; i++) {
    size_t n = strlen(kws[i]);
    if ((size_t)(lx->end - lx->cur) >= n && memcmp(lx->cur, kws[i], n) == 0) return 0;
  }
  return 1;
}

static Token radix_number(Lexer *lx, const char *start, int line, const char *sline) {
  int x = peekc(lx, 1) | 0x20;
  const char *kind = x == 'x' ? "hexadecimal" : x == 'o' ? "octal" : "binary";
  int (*ok)(int) = x == 'x' ? is_hex : x == 'o' ? is_oct : is_bin;
  char msg[64];
  lx->cur += 2;
  if (peekc(lx, 0) == '_') lx->cur++;
  if (!(peekc(lx, 0) >= 0 && ok(peekc(lx, 0)))) {
    if (x != 'x' && is_dec(peekc(lx, 0))) goto bad_digit;
    snprintf(msg, sizeof msg, "invalid %s literal", kind);
    return syntax_error(lx, lx->cur - 1 < start + 2 ? lx->cur - 1 : lx->cur, msg);
  }
  if (!digits(lx, ok)) {
    snprintf(msg, sizeof msg, "invalid %s literal", kind);
    return syntax_error(lx, lx->cur, msg);
  }
  if (x != 'x' && is_dec(peekc(lx, 0))) goto bad_digit;
  if (bad_number_end(lx)) {
    snprintf(msg, sizeof msg, "invalid %s literal", kind);
    return syntax_error(lx, lx->cur - 1, msg);
  }
  return make(lx, TOK_NUMBER, start, line, sline);
bad_digit:
  snprintf(msg, sizeof msg, "invalid digit '%c' in %s literal", peekc(lx, 0), kind);
  return syntax_error(lx, lx->cur, msg);
}

static Token number(Lexer *lx, const char *start, int line, const char *sline) {
  int c1 = peekc(lx, 1) | 0x20;
  if (*lx->cur == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b'))
    return radix_number(lx, start, line, sline);
  int is_float = 0;
  if (*lx->cur != '.') {
    if (!digits(lx, is_dec)) return syntax_error(lx, lx->cur, "invalid decimal literal");
    if (peekc(lx, 0) == '.') { lx->cur++; is_float = 1; }
  } else {
    lx->cur++;
    is_float = 1;
  }
  if (is_float && is_dec(peekc(lx, 0)) && !digits(lx, is_dec))
    return syntax_error(lx, lx->cur, "invalid decimal literal");
  if ((peekc(lx, 0) | 0x20) == 'e') {
    int k = 1;
    if (peekc(lx, 1) == '+' || peekc(lx, 1) == '-') k = 2;
    if (!is_dec(peekc(lx, k))) {
      if (k == 2) return syntax_error(lx, lx->cur + 1, "invalid decimal literal");
      if (bad_number_end(lx)) return syntax_error(lx, start, "invalid decimal literal");
    } else {
      lx->cur += k;
      is_float = 1;
      if (!digits(lx, is_dec)) return syntax_error(lx, lx->cur, "invalid decimal literal");
    }
  }
  if ((peekc(lx, 0) | 0x20) == 'j') lx->cur++;
  else if (!is_float && start[0] == '0') {
    for (const char *p = start; p < lx->cur; p++)
      if (*p != '0' && *p != '_') {
        lx->cur = start;
        return syntax_error(lx, start, "leading zeros in decimal integer literals are not "
                                       "permitted; use an 0o prefix for octal integers");
      }
  }
  if (bad_number_end(lx)) return syntax_error(lx, start, "invalid decimal literal");
  return make(lx, TOK_NUMBER, start, line, sline);
}

/* -- Strings ---------------------------------------------------------------------------- */

static int is_string_prefix(const char *s, int n) {
  int r = 0, b = 0, u = 0, f = 0;
  for (int i = 0; i < n; i++) {
    switch (s[i] | 0x20) {
      case 'r': r++; break;
      case 'b': b++; break;
      case 'u': u++; break;
      case 'f': f++; break;
      default: return 0;
    }
  }
  if (r > 1 || b > 1 || u > 1 || f > 1 || (b && f)) return 0;
  return !(u && (n > 1));
}

/* The last line of the buffer holding a character: CPython's "detected at line N". */
static int last_line(Lexer *lx) {
  if (lx->cur >= lx->end && lx->end > lx->src && lx->end[-1] == '\n') return lx->lineno - 1;
  return lx->lineno;
}

static Token string(Lexer *lx, const char *start, int line, const char *sline) {
  const char *qpos = lx->cur;
  char q = *lx->cur;
  int triple = peekc(lx, 1) == q && peekc(lx, 2) == q;
  lx->cur += triple ? 3 : 1;
  for (;;) {
    if (lx->cur >= lx->end) break;
    char c = *lx->cur;
    if (c == '\\' && lx->cur + 1 < lx->end) {
      if (lx->cur[1] == '\n') { lx->lineno++; lx->line_start = lx->cur + 2; }
      lx->cur += 2;
      continue;
    }
    if (c == '\n') {
      if (!triple) break;
      lx->lineno++;
      lx->line_start = lx->cur + 1;
    }
    if (c == q && (!triple || (peekc(lx, 1) == q && peekc(lx, 2) == q))) {
      lx->cur += triple ? 3 : 1;
      return make(lx, TOK_STRING, start, line, sline);
    }
    lx->cur++;
  }
  (void)qpos;
  char msg[96];
  snprintf(msg, sizeof msg, "unterminated %sstring literal (detected at line %d)",
           triple ? "triple-quoted " : "", last_line(lx));
  return error_at(lx, "SyntaxError", line, start, msg);
}

/* -- Operators -------------------------------------------------------------------------- */

typedef struct OpSpell { const char *text; TokKind kind; } OpSpell;

static const OpSpell ops[] = {
#define OP_ROW(name, text) {text, TOK_##name},
  LEX_OPS(OP_ROW)
#undef OP_ROW
};

static TokKind match_op(Lexer *lx, int *len) {
  TokKind best = TOK_ERROR;
  int best_len = 0;
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
    int n = (int)strlen(ops[i].text);
    if (n > best_len && lx->end - lx->cur >= n && memcmp(lx->cur, ops[i].text, n) == 0) {
      best = ops[i].kind;
      best_len = n;
    }
  }
  *len = best_len;
  return best;
}

static Token bracket(Lexer *lx, TokKind kind, const char *start) {
  char c = *start;
  if (c == '(' || c == '[' || c == '{') {
    if (lx->paren_level >= LEX_MAX_PAREN) return syntax_error(lx, start, "too many nested parentheses");
    lx->paren_stack[lx->paren_level] = c;
    lx->paren_line[lx->paren_level] = lx->lineno;
    lx->paren_col[lx->paren_level] = (int)(start - lx->line_start);
    lx->paren_level++;
  } else if (c == ')' || c == ']' || c == '}') {
    char msg[96];
    if (lx->paren_level == 0) {
      snprintf(msg, sizeof msg, "unmatched '%c'", c);
      return syntax_error(lx, start, msg);
    }
    char open = lx->paren_stack[lx->paren_level - 1];
    if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
      if (lx->paren_line[lx->paren_level - 1] != lx->lineno)
        snprintf(msg, sizeof msg,
                 "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c,
                 open, lx->paren_line[lx->paren_level - 1]);
      else
        snprintf(msg, sizeof msg,
                 "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
      return syntax_error(lx, start, msg);
    }
    lx->paren_level--;
  }
  (void)kind;
  return make(lx, kind, start, lx->lineno, lx->line_start);
}

/* -- Main loop -------------------------------------------------------------------------- */

static Token name_or_string(Lexer *lx, const char *start) {
  int line = lx->lineno;
  const char *sline = lx->line_start;
  while (lx->cur < lx->end && is_id_char((unsigned char)*lx->cur)) lx->cur++;
  int n = (int)(lx->cur - start);
  if (n <= 2 && lx->cur < lx->end && (*lx->cur == '\'' || *lx->cur == '"') &&
      is_string_prefix(start, n))
    return string(lx, start, line, sline);
  Token t = make(lx, TOK_NAME, start, line, sline);
#define KW_CHECK(name, text) \
  if (n == (int)sizeof(text) - 1 && memcmp(start, text, (size_t)n) == 0) t.kind = TOK_KW_##name;
  LEX_KEYWORDS(KW_CHECK)
#undef KW_CHECK
  return t;
}

static Token queued(Lexer *lx);

static Token at_eof(Lexer *lx) {
  if (lx->paren_level > 0) {
    int i = lx->paren_level - 1;
    char msg[64];
    snprintf(msg, sizeof msg, "'%c' was never closed", lx->paren_stack[i]);
    const char *ls = lx->src;
    for (int l = 1; l < lx->paren_line[i]; l++) ls = memchr(ls, '\n', (size_t)(lx->end - ls)) + 1;
    lx->err_unclosed = 1;
    return error_at(lx, "SyntaxError", lx->paren_line[i], ls + lx->paren_col[i], msg);
  }
  if (lx->emitted_any) {
    lx->emitted_any = 0;
    Token t = {TOK_NEWLINE, lx->cur, 0, lx->lineno, (int)(lx->cur - lx->line_start) + 1,
               lx->lineno, (int)(lx->cur - lx->line_start) + 2, 0};
    return t;
  }
  if (lx->indent_top > 0) {
    lx->pending = -lx->indent_top;
    lx->indent_top = 0;
    return queued(lx);
  }
  lx->done = 1;
  Token t = {TOK_ENDMARKER, lx->cur, 0, lx->lineno, 1, lx->lineno, 1, 0};
  if (lx->cur > lx->src && lx->cur[-1] != '\n') t.col = t.end_col = (int)(lx->cur - lx->line_start) + 1;
  return t;
}

static Token queued(Lexer *lx) {
  Token t = {lx->pending > 0 ? TOK_INDENT : TOK_DEDENT, lx->line_start,
             (int)(lx->cur - lx->line_start), lx->lineno, 1, lx->lineno,
             (int)(lx->cur - lx->line_start) + 1, 0};
  lx->pending += lx->pending > 0 ? -1 : 1;
  return t;
}

static Token next_token(Lexer *lx);

Token lex_next(Lexer *lx) {
  Token t = next_token(lx);
  t.level = lx->paren_level;
  return t;
}

static Token next_token(Lexer *lx) {
  if (lx->done == 2) return error_token(lx);
  if (lx->pending) return queued(lx);
  if (lx->done) return at_eof(lx);
  for (;;) {
    if (lx->at_line_start && lx->paren_level == 0) {
      Token err;
      int r = indentation(lx, &err);
      if (r < 0) return err;
      lx->at_line_start = 0;
      if (r == 1) return at_eof(lx);
      if (lx->pending) return queued(lx);
    }
    while (lx->cur < lx->end && (*lx->cur == ' ' || *lx->cur == '\t' || *lx->cur == '\f')) lx->cur++;
    if (lx->cur >= lx->end) return at_eof(lx);
    const char *start = lx->cur;
    int c = (unsigned char)*start;
    if (c == '#') {
      while (lx->cur < lx->end && *lx->cur != '\n') lx->cur++;
      continue;
    }
    if (c == '\\') {
      if (lx->cur + 1 >= lx->end) return syntax_error(lx, lx->cur + 1, "unexpected EOF while parsing");
      if (lx->cur[1] != '\n')
        return syntax_error(lx, lx->cur + 1, "unexpected character after line continuation character");
      lx->cur += 2;
      lx->lineno++;
      lx->line_start = lx->cur;
      if (lx->cur >= lx->end) return syntax_error(lx, lx->cur, "unexpected EOF while parsing");
      continue;
    }
    if (c == '\n') {
      Token t = make(lx, TOK_NEWLINE, start, lx->lineno, lx->line_start);
      t.end_col = t.col + 1;
      lx->cur++;
      lx->lineno++;
      lx->line_start = lx->cur;
      if (lx->paren_level > 0) continue;
      lx->at_line_start = 1;
      if (!lx->emitted_any) continue;
      lx->emitted_any = 0;
      return t;
    }
    lx->emitted_any = 1;
    if (is_id_start(c)) return name_or_string(lx, start);
    if (c == '\'' || c == '"') return string(lx, start, lx->lineno, lx->line_start);
    if (is_dec(c) || (c == '.' && is_dec(peekc(lx, 1))))
      return number(lx, start, lx->lineno, lx->line_start);
    int len;
    TokKind k = match_op(lx, &len);
    if (k == TOK_ERROR || k == TOK_BANG) {
      char msg[64];
      if (c < 0x20 || c == 0x7f) {
        snprintf(msg, sizeof msg, "invalid non-printable character U+%04X", (unsigned)c);
        return syntax_error(lx, start, msg);
      }
      return syntax_error(lx, start, "invalid syntax");
    }
    lx->cur += len;
    return bracket(lx, k, start);
  }
}
