/* parser.h: recursive-descent parser from Python 3.11 source to the AST of ast.h.
 *
 * Covers the statement and expression grammar of 3.11 except `match`, async/await and type
 * parameters. String literals are decoded (escapes, adjacent concatenation, f-strings into
 * JoinedStr/FormattedValue). Errors carry CPython 3.11's message, kind and position for the
 * common cases; the first error wins, and a tokenizer error later in the file takes precedence
 * over a parser error, as in CPython.
 */
#ifndef FRONTEND_PARSER_H
#define FRONTEND_PARSER_H

#include <stddef.h>

#include "ast.h"

/* Nesting limit for the parser's own recursion (expressions inside expressions, unary chains,
   nested blocks, f-strings). Bracket nesting is limited separately by LEX_MAX_PAREN (200, as
   CPython) and indentation by LEX_MAX_INDENT; this bounds what is left so that no input can
   exhaust the C stack. Exceeding it gives kind "RecursionError", as CPython 3.11 does for
   e.g. 5000 chained `not`. */
#define PARSE_MAX_DEPTH 400

typedef struct ParseError {
  char kind[24];        /* "SyntaxError", "IndentationError", "TabError", "RecursionError" */
  char msg[256];
  int lineno;           /* 1-based; 0 when the error has no position (null bytes in source) */
  int col;              /* 1-based, in characters, as CPython's SyntaxError.offset */
  char line_text[256];  /* the source line, without its newline (truncated if longer) */
} ParseError;

/* Parses a module. Returns a Module node allocated in `a`, or NULL with *err filled.
   src is UTF-8 of length len (need not be NUL-terminated); a leading BOM is skipped and \r\n
   or \r line ends are accepted. filename is only for diagnostics and may be NULL. */
Node *parse_module(Arena *a, const char *src, size_t len, const char *filename, ParseError *err);

/* Parses an expression for eval(): returns an Expression node (body = the expression; a
   comma list becomes a Tuple). Leading whitespace and trailing newlines are allowed. */
Node *parse_expression(Arena *a, const char *src, size_t len, const char *filename,
                       ParseError *err);

#endif
