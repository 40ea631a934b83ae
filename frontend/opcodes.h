/* opcodes.h: the bytecode, one table.
 *
 * An instruction is one 32-bit word: opcode in the low 8 bits, argument in the high 24
 * (INSN_ARG_MAX). An op with a cache is followed by one more word, the index of its inline cache
 * in the code object (0..ncaches-1); jump targets are absolute word indexes. Stack notation:
 * [before] -> [after], top of stack rightmost.
 *
 * Calls: the callee and its arguments are laid out as [callable, self_or_NULL, arg1 .. argn].
 * When self_or_NULL is not NULL it is the first argument (a method call via LOAD_METHOD), so
 * the arguments are always contiguous and the callee's frame can start on them (no copy).
 *
 * Exceptions use a table (Code.exctab), not setup ops: entries cover disjoint word ranges
 * [start, end); when an exception is raised at a covered word, the stack is cut back to
 * `depth` values above the frame's stack base, the exception object is pushed, and execution
 * goes on at `handler`. A word covered by no entry propagates the exception to the caller.
 */
#ifndef PJS_OPCODES_H
#define PJS_OPCODES_H

#define INSN_ARG_MAX 0xFFFFFF
#define INSN_OP(w) ((w) & 0xFF)
#define INSN_ARG(w) ((w) >> 8)
#define INSN(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))

/* name, has a cache word, arg is a jump target; then the semantics */
#define OPCODES(_) \
  _(NOP, 0, 0)               /* */ \
  _(POP_TOP, 0, 0)           /* [a] -> [] */ \
  _(PUSH_NULL, 0, 0)         /* [] -> [NULL] */ \
  _(COPY, 0, 0)              /* [.. x (n-1 more)] -> [.. x .. x]: push a copy of the n-th item (1 = TOS) */ \
  _(SWAP, 0, 0)              /* swap TOS with the n-th item (n >= 2) */ \
  _(LOAD_CONST, 0, 0)        /* [] -> [consts[arg]] */ \
  _(LOAD_FAST, 0, 0)         /* [] -> [localsplus[arg]]; unbound: UnboundLocalError */ \
  _(STORE_FAST, 0, 0)        /* [v] -> [] */ \
  _(DELETE_FAST, 0, 0)       /* unbound: UnboundLocalError */ \
  _(LOAD_DEREF, 0, 0)        /* [] -> [cell.v] where localsplus[arg] is a Cell */ \
  _(STORE_DEREF, 0, 0)       /* [v] -> [] into the cell at localsplus[arg] */ \
  _(DELETE_DEREF, 0, 0)      \
  _(LOAD_CLOSURE, 0, 0)      /* [] -> [the Cell at localsplus[arg]] (to build closures) */ \
  _(LOAD_CLASSDEREF, 0, 0)   /* class body: the namespace's entry for localnames[arg], else the cell */ \
  _(LOAD_GLOBAL, 1, 0)       /* [] -> [globals or builtins[names[arg]]]; NameError */ \
  _(STORE_GLOBAL, 1, 0)      /* [v] -> [] */ \
  _(DELETE_GLOBAL, 0, 0)     \
  _(LOAD_NAME, 0, 0)         /* class body: namespace, then globals, then builtins */ \
  _(STORE_NAME, 0, 0)        /* [v] -> [] into the namespace */ \
  _(DELETE_NAME, 0, 0)       \
  _(LOAD_ATTR, 1, 0)         /* [o] -> [o.names[arg]] */ \
  _(STORE_ATTR, 1, 0)        /* [v, o] -> []: o.names[arg] = v */ \
  _(DELETE_ATTR, 0, 0)       /* [o] -> [] */ \
  _(LOAD_METHOD, 1, 0)       /* [o] -> [func, o] for a plain method on the type, else [o.name, NULL] */ \
  _(CALL, 0, 0)              /* [f, self_or_NULL, a1..an] -> [result]; arg = n */ \
  _(CALL_KW, 0, 0)           /* [f, self_or_NULL, a1..an, kwnames] -> [result]: the last len(kwnames) of the n args are keywords; kwnames is a constant tuple of str */ \
  _(CALL_EX, 0, 0)           /* [f, argstuple] -> [r] (arg 0) or [f, argstuple, kwdict] -> [r] (arg 1) */ \
  _(BINARY_OP, 0, 0)         /* [a, b] -> [a op b]; arg = BinOpKind (ast.h), + BINOP__COUNT for the in-place form */ \
  _(UNARY_NEGATIVE, 0, 0)    _(UNARY_POSITIVE, 0, 0) _(UNARY_INVERT, 0, 0) \
  _(UNARY_NOT, 0, 0)         /* [a] -> [not a] (a bool) */ \
  _(COMPARE_OP, 0, 0)        /* [a, b] -> [a cmp b]; arg = CMP_LT..CMP_GE (object.h) */ \
  _(IS_OP, 0, 0)             /* [a, b] -> [a is b]; arg 1: is not */ \
  _(CONTAINS_OP, 0, 0)       /* [a, b] -> [a in b]; arg 1: not in */ \
  _(BINARY_SUBSCR, 0, 0)     /* [c, k] -> [c[k]] */ \
  _(STORE_SUBSCR, 0, 0)      /* [v, c, k] -> []: c[k] = v */ \
  _(DELETE_SUBSCR, 0, 0)     /* [c, k] -> [] */ \
  _(BUILD_SLICE, 0, 0)       /* [a, b] or [a, b, c] -> [slice]; arg = 2 or 3 */ \
  _(BUILD_TUPLE, 0, 0)       /* [x1..xn] -> [tuple] */ \
  _(BUILD_LIST, 0, 0)        _(BUILD_SET, 0, 0) \
  _(BUILD_MAP, 0, 0)         /* [k1, v1, .. kn, vn] -> [dict] */ \
  _(BUILD_STRING, 0, 0)      /* [s1..sn] -> [s1 + .. + sn] (all str) */ \
  _(LIST_APPEND, 0, 0)       /* [.. list (arg-1 more), v] -> [.. list ..]: pop v, append to the item at depth arg after the pop */ \
  _(SET_ADD, 0, 0)           /* likewise */ \
  _(MAP_ADD, 0, 0)           /* [.. dict .., k, v] -> [.. dict ..]: pop v and k, dict at depth arg after the pops */ \
  _(LIST_EXTEND, 0, 0)       /* [.. list .., it] -> [.. list ..]: pop an iterable, extend the list at depth arg */ \
  _(SET_UPDATE, 0, 0)        \
  _(DICT_UPDATE, 0, 0)       /* {**m}: dict.update */ \
  _(DICT_MERGE, 0, 0)        /* f(**m): TypeError on a repeated key ("got multiple values for keyword argument 'k'") or a non-str key */ \
  _(LIST_TO_TUPLE, 0, 0)     /* [list] -> [tuple] */ \
  _(UNPACK_SEQUENCE, 0, 0)   /* [seq] -> [x_n .. x_1] (x_1 on top); ValueError on a length mismatch */ \
  _(UNPACK_EX, 0, 0)         /* a, *b, c: arg = before | after << 8; [seq] -> [x_last .. list .. x_1] */ \
  _(FORMAT_VALUE, 0, 0)      /* arg & 3: 0 none, 1 str(), 2 repr(), 3 ascii(); arg & 4: [v, spec] -> [s], else [v] -> [s] */ \
  _(JUMP_FORWARD, 0, 1)      \
  _(JUMP_BACKWARD, 1, 1)   /* loop back-edge: GC safepoint, hot-loop counter in the cache */ \
  _(POP_JUMP_IF_FALSE, 0, 1) _(POP_JUMP_IF_TRUE, 0, 1) \
  _(JUMP_IF_FALSE_OR_POP, 0, 1) _(JUMP_IF_TRUE_OR_POP, 0, 1) /* keep TOS when jumping, else pop */ \
  _(GET_ITER, 0, 0)          /* [o] -> [iter(o)] */ \
  _(FOR_ITER, 0, 1)          /* [it] -> [it, next(it)], or exhausted: [it] -> [] and jump */ \
  _(RETURN_VALUE, 0, 0)      /* [v] -> return v */ \
  _(YIELD_VALUE, 0, 0)       /* [v] -> suspend yielding v; on resume [sent] */ \
  _(GET_YIELD_FROM_ITER, 0, 0) /* [o] -> [iter(o)] (a generator stays itself) */ \
  _(YIELD_FROM, 0, 0)        /* [sub, v] -> send v to sub (None: next); sub yields y: suspend yielding y, and on resume with s the stack is [sub, s] and this word runs again; sub returns r: [r] */ \
  _(MAKE_FUNCTION, 0, 0)     /* [defaults if arg&1, kwdefaults if arg&2, closure if arg&8, code] -> [function]; qualname from the code */ \
  _(LOAD_BUILD_CLASS, 0, 0)  /* [] -> [builtins.__build_class__] */ \
  _(PUSH_EXC_INFO, 0, 0)     /* [exc] -> [prev_handled, exc]; exc becomes the handled exception (sys.exc_info) */ \
  _(POP_EXCEPT, 0, 0)        /* [prev] -> []: restores prev as the handled exception */ \
  _(CHECK_EXC_MATCH, 0, 0)   /* [exc, type] -> [exc, bool]; type: class or tuple of classes */ \
  _(RERAISE, 0, 0)           /* [exc] -> raise exc again, traceback kept */ \
  _(RAISE_VARARGS, 0, 0)     /* arg 0: re-raise the handled exception; 1: [e] raise e; 2: [e, cause] raise e from cause */ \
  _(BEFORE_WITH, 0, 0)       /* [mgr] -> [bound __exit__, mgr.__enter__()] */ \
  _(WITH_EXCEPT_START, 0, 0) /* [exit, prev, exc] -> [exit, prev, exc, exit(type(exc), exc, tb)] */ \
  _(LOAD_ASSERTION_ERROR, 0, 0) \
  _(IMPORT_NAME, 0, 0)       /* [level, fromlist] -> [module]; names[arg] = dotted name (fromlist None: the top package) */ \
  _(IMPORT_FROM, 0, 0)       /* [m] -> [m, m.names[arg]]; ImportError "cannot import name 'x' from 'm' (path)" */ \
  _(IMPORT_STAR, 0, 0)       /* [m] -> []: public names into the namespace */ \
  _(SETUP_ANNOTATIONS, 0, 0) /* module/class body: namespace['__annotations__'] = {} if missing */

typedef enum {
#define OP_ENUM(name, cache, jump) OP_##name,
  OPCODES(OP_ENUM)
#undef OP_ENUM
  OP__COUNT
} Opcode;

extern const char *const opcode_names[];
extern const unsigned char opcode_has_cache[]; /* 1 when a cache word follows */
extern const unsigned char opcode_is_jump[];

#endif
