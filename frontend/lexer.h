/* lexer.h: tokenizer for Python 3.11 source (UTF-8).
 *
 * The lexer hands out one token at a time (the parser buffers them for lookahead). It produces
 * NEWLINE/INDENT/DEDENT like CPython's tokenizer, joins lines inside brackets and after a
 * backslash, and checks number and string literal shape; decoding a string's escapes is the
 * parser's job (it needs the prefix and f-string structure anyway).
 */
#ifndef FRONTEND_LEXER_H
#define FRONTEND_LEXER_H

#include <stddef.h>

/* Limits, each as CPython's tokenizer has them. */
#define LEX_MAX_INDENT 100  /* indentation levels: "too many levels of indentation" */
#define LEX_MAX_PAREN 200   /* open brackets: "too many nested parentheses" */

/* Operators and delimiters: enum suffix, spelling. Longer spellings are matched first by the
   lexer regardless of order here. */
#define LEX_OPS(_) \
  _(LPAR, "(") _(RPAR, ")") _(LSQB, "[") _(RSQB, "]") _(LBRACE, "{") _(RBRACE, "}") \
  _(COLON, ":") _(COMMA, ",") _(SEMI, ";") _(PLUS, "+") _(MINUS, "-") _(STAR, "*") \
  _(SLASH, "/") _(VBAR, "|") _(AMPER, "&") _(LESS, "<") _(GREATER, ">") _(EQUAL, "=") \
  _(DOT, ".") _(PERCENT, "%") _(EQEQUAL, "==") _(NOTEQUAL, "!=") _(LESSEQUAL, "<=") \
  _(GREATEREQUAL, ">=") _(TILDE, "~") _(CIRCUMFLEX, "^") _(LEFTSHIFT, "<<") \
  _(RIGHTSHIFT, ">>") _(DOUBLESTAR, "**") _(PLUSEQUAL, "+=") _(MINEQUAL, "-=") \
  _(STAREQUAL, "*=") _(SLASHEQUAL, "/=") _(PERCENTEQUAL, "%=") _(AMPEREQUAL, "&=") \
  _(VBAREQUAL, "|=") _(CIRCUMFLEXEQUAL, "^=") _(LEFTSHIFTEQUAL, "<<=") \
  _(RIGHTSHIFTEQUAL, ">>=") _(DOUBLESTAREQUAL, "**=") _(DOUBLESLASH, "//") \
  _(DOUBLESLASHEQUAL, "//=") _(AT, "@") _(ATEQUAL, "@=") _(RARROW, "->") \
  _(ELLIPSIS, "...") _(COLONEQUAL, ":=") _(BANG, "!")

/* Keywords: enum suffix, spelling. */
#define LEX_KEYWORDS(_) \
  _(FALSE, "False") _(NONE, "None") _(TRUE, "True") _(AND, "and") _(AS, "as") \
  _(ASSERT, "assert") _(ASYNC, "async") _(AWAIT, "await") _(BREAK, "break") \
  _(CLASS, "class") _(CONTINUE, "continue") _(DEF, "def") _(DEL, "del") _(ELIF, "elif") \
  _(ELSE, "else") _(EXCEPT, "except") _(FINALLY, "finally") _(FOR, "for") _(FROM, "from") \
  _(GLOBAL, "global") _(IF, "if") _(IMPORT, "import") _(IN, "in") _(IS, "is") \
  _(LAMBDA, "lambda") _(NONLOCAL, "nonlocal") _(NOT, "not") _(OR, "or") _(PASS, "pass") \
  _(RAISE, "raise") _(RETURN, "return") _(TRY, "try") _(WHILE, "while") _(WITH, "with") \
  _(YIELD, "yield")

typedef enum {
  TOK_ENDMARKER, TOK_NAME, TOK_NUMBER, TOK_STRING, TOK_NEWLINE, TOK_INDENT, TOK_DEDENT,
  TOK_ERROR,  /* the lexer failed; the message is in Lexer.err_* */
#define LEX_OP_ENUM(name, text) TOK_##name,
  LEX_OPS(LEX_OP_ENUM)
#undef LEX_OP_ENUM
#define LEX_KW_ENUM(name, text) TOK_KW_##name,
  LEX_KEYWORDS(LEX_KW_ENUM)
#undef LEX_KW_ENUM
  TOK__COUNT
} TokKind;

extern const char *const lex_token_names[];  /* "NAME", "(", "if", ... by TokKind */

typedef struct Token {
  TokKind kind;
  const char *start;   /* into the source buffer */
  int len;
  int lineno, col;     /* 1-based; col counts bytes */
  int end_lineno, end_col;  /* end_col is one past the last byte, 1-based */
  int level;           /* brackets open after this token */
} Token;

typedef struct Lexer {
  const char *src, *end, *cur;
  const char *line_start;       /* start of the current physical line */
  int lineno;
  int indents[LEX_MAX_INDENT + 1];     /* column widths (tabs to multiples of 8) */
  int alt_indents[LEX_MAX_INDENT + 1]; /* widths with tabs as 1, for TabError */
  int indent_top;
  int pending;          /* >0: INDENTs to emit, <0: DEDENTs to emit */
  int at_line_start;
  int paren_level;
  char paren_stack[LEX_MAX_PAREN];
  int paren_line[LEX_MAX_PAREN], paren_col[LEX_MAX_PAREN];
  int done;             /* ENDMARKER emitted */
  int emitted_any;      /* a token other than NEWLINE was produced on this logical line */
  /* error, when a TOK_ERROR token was returned */
  char err_kind[24];
  char err_msg[256];
  int err_lineno, err_col;   /* col is 1-based in characters */
  int err_byte_col;          /* the same column, 1-based in bytes */
  int err_unclosed;          /* the error is "'(' was never closed" found at EOF */
} Lexer;

/* src need not be NUL-terminated; it must outlive the lexer and its tokens. */
void lex_init(Lexer *lx, const char *src, size_t len);
/* Produces the next token. After TOK_ERROR or TOK_ENDMARKER it keeps returning the same kind. */
Token lex_next(Lexer *lx);

/* Start of the physical line containing p (helpers for error messages). */
const char *lex_line_start(const Lexer *lx, const char *p);
/* Number of UTF-8 characters in [from, to): turns byte columns into CPython's char offsets. */
int lex_char_count(const char *from, const char *to);

#endif
