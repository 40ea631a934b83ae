/* test_parser.c: unit tests for the frontend's lexer, parser (ast_dump compared with the
 * output of CPython 3.11's ast.dump on the same source), error messages and positions, and
 * the symbol table's name classification.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../frontend/ast.h"
#include "../../frontend/lexer.h"
#include "../../frontend/parser.h"
#include "../../frontend/symtable.h"

/* generated from CPython 3.11's ast.dump */
static const struct { const char *src, *dump; } parse_cases[] = {
  {"x = 1",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])"},
  {"a = b = c",
   "Module(body=[Assign(targets=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])"},
  {"a, *b = c",
   "Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Starred(value=Name(id='b', ctx=Store()), ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])"},
  {"[a, b] = c, d",
   "Module(body=[Assign(targets=[List(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Tuple(elts=[Name(id='c', ctx=Load()), Name(id='d', ctx=Load())], ctx=Load()))], type_ignores=[])"},
  {"x += 1",
   "Module(body=[AugAssign(target=Name(id='x', ctx=Store()), op=Add(), value=Constant(value=1))], type_ignores=[])"},
  {"x: int = 1",
   "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=1)], type_ignores=[])"},
  {"(x): int = 1",
   "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=0)], type_ignores=[])"},
  {"x.y: int",
   "Module(body=[AnnAssign(target=Attribute(value=Name(id='x', ctx=Load()), attr='y', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0)], type_ignores=[])"},
  {"del a, b[1], c.d",
   "Module(body=[Delete(targets=[Name(id='a', ctx=Del()), Subscript(value=Name(id='b', ctx=Load()), slice=Constant(value=1), ctx=Del()), Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Del())])], type_ignores=[])"},
  {"pass; break; continue",
   "Module(body=[Pass(), Break(), Continue()], type_ignores=[])"},
  {"def f():\n    return",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return()], decorator_list=[])], type_ignores=[])"},
  {"def f():\n    return 1, 2",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))], decorator_list=[])], type_ignores=[])"},
  {"raise",
   "Module(body=[Raise()], type_ignores=[])"},
  {"raise X from Y",
   "Module(body=[Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='Y', ctx=Load()))], type_ignores=[])"},
  {"global a, b",
   "Module(body=[Global(names=['a', 'b'])], type_ignores=[])"},
  {"def f():\n    nonlocal x",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Nonlocal(names=['x'])], decorator_list=[])], type_ignores=[])"},
  {"assert x, \"m\"",
   "Module(body=[Assert(test=Name(id='x', ctx=Load()), msg=Constant(value='m'))], type_ignores=[])"},
  {"import a.b.c as d, e",
   "Module(body=[Import(names=[alias(name='a.b.c', asname='d'), alias(name='e')])], type_ignores=[])"},
  {"from . import x",
   "Module(body=[ImportFrom(names=[alias(name='x')], level=1)], type_ignores=[])"},
  {"from .. import (a as b, c,)",
   "Module(body=[ImportFrom(names=[alias(name='a', asname='b'), alias(name='c')], level=2)], type_ignores=[])"},
  {"from ...a.b import *",
   "Module(body=[ImportFrom(module='a.b', names=[alias(name='*')], level=3)], type_ignores=[])"},
  {"from a import b",
   "Module(body=[ImportFrom(module='a', names=[alias(name='b')], level=0)], type_ignores=[])"},
  {"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
   "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[Pass()])])], type_ignores=[])"},
  {"while x:\n    pass\nelse:\n    y",
   "Module(body=[While(test=Name(id='x', ctx=Load()), body=[Pass()], orelse=[Expr(value=Name(id='y', ctx=Load()))])], type_ignores=[])"},
  {"for a, b in c:\n    pass\nelse:\n    pass",
   "Module(body=[For(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), body=[Pass()], orelse=[Pass()])], type_ignores=[])"},
  {"try:\n    pass\nexcept E as e:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass",
   "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()]), ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()]), ExceptHandler(body=[Pass()])], orelse=[Pass()], finalbody=[Pass()])], type_ignores=[])"},
  {"with a as b, c:\n    pass",
   "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()))], body=[Pass()])], type_ignores=[])"},
  {"with (a as b, c as d,):\n    pass",
   "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Name(id='d', ctx=Store()))], body=[Pass()])], type_ignores=[])"},
  {"with (a, b):\n    pass",
   "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load())), withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], type_ignores=[])"},
  {"with (a) as b:\n    pass",
   "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store()))], body=[Pass()])], type_ignores=[])"},
  {"@dec\n@dec2(x)\ndef f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    pass",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a'), arg(arg='b')], args=[arg(arg='c')], vararg=arg(arg='args'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=3)], kwarg=arg(arg='kw'), defaults=[Constant(value=1), Constant(value=2)]), body=[Pass()], decorator_list=[Name(id='dec', ctx=Load()), Call(func=Name(id='dec2', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[])], returns=Name(id='int', ctx=Load()))], type_ignores=[])"},
  {"def f(a: int, *, b: str = \"x\"):\n    pass",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a', annotation=Name(id='int', ctx=Load()))], kwonlyargs=[arg(arg='b', annotation=Name(id='str', ctx=Load()))], kw_defaults=[Constant(value='x')], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])"},
  {"class A(B, metaclass=M, **kw):\n    x = 1",
   "Module(body=[ClassDef(name='A', bases=[Name(id='B', ctx=Load())], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load())), keyword(value=Name(id='kw', ctx=Load()))], body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], decorator_list=[])], type_ignores=[])"},
  {"class A:\n    pass",
   "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])"},
  {"lambda: 0",
   "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0)))], type_ignores=[])"},
  {"lambda a, /, b=1, *c, d, e=2, **f: 0",
   "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='f'), defaults=[Constant(value=1)]), body=Constant(value=0)))], type_ignores=[])"},
  {"lambda *, a: a",
   "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a')], kw_defaults=[None], defaults=[]), body=Name(id='a', ctx=Load())))], type_ignores=[])"},
  {"def f():\n    yield\n    yield x\n    y = yield from z",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Yield()), Expr(value=Yield(value=Name(id='x', ctx=Load()))), Assign(targets=[Name(id='y', ctx=Store())], value=YieldFrom(value=Name(id='z', ctx=Load())))], decorator_list=[])], type_ignores=[])"},
  {"(x := 1)",
   "Module(body=[Expr(value=NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1)))], type_ignores=[])"},
  {"a if b else c",
   "Module(body=[Expr(value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=Name(id='c', ctx=Load())))], type_ignores=[])"},
  {"a or b or c and d and not e",
   "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load()), BoolOp(op=And(), values=[Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), UnaryOp(op=Not(), operand=Name(id='e', ctx=Load()))])]))], type_ignores=[])"},
  {"a < b <= c == d != e > f >= g in h not in i is j is not k",
   "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), LtE(), Eq(), NotEq(), Gt(), GtE(), In(), NotIn(), Is(), IsNot()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load()), Name(id='f', ctx=Load()), Name(id='g', ctx=Load()), Name(id='h', ctx=Load()), Name(id='i', ctx=Load()), Name(id='j', ctx=Load()), Name(id='k', ctx=Load())]))], type_ignores=[])"},
  {"a | b ^ c & d << e >> f + g - h * i / j // k % l @ m",
   "Module(body=[Expr(value=BinOp(left=Name(id='a', ctx=Load()), op=BitOr(), right=BinOp(left=Name(id='b', ctx=Load()), op=BitXor(), right=BinOp(left=Name(id='c', ctx=Load()), op=BitAnd(), right=BinOp(left=BinOp(left=Name(id='d', ctx=Load()), op=LShift(), right=Name(id='e', ctx=Load())), op=RShift(), right=BinOp(left=BinOp(left=Name(id='f', ctx=Load()), op=Add(), right=Name(id='g', ctx=Load())), op=Sub(), right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id='h', ctx=Load()), op=Mult(), right=Name(id='i', ctx=Load())), op=Div(), right=Name(id='j', ctx=Load())), op=FloorDiv(), right=Name(id='k', ctx=Load())), op=Mod(), right=Name(id='l', ctx=Load())), op=MatMult(), right=Name(id='m', ctx=Load()))))))))], type_ignores=[])"},
  {"-a ** -b",
   "Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Name(id='a', ctx=Load()), op=Pow(), right=UnaryOp(op=USub(), operand=Name(id='b', ctx=Load())))))], type_ignores=[])"},
  {"2 ** 3 ** 4",
   "Module(body=[Expr(value=BinOp(left=Constant(value=2), op=Pow(), right=BinOp(left=Constant(value=3), op=Pow(), right=Constant(value=4))))], type_ignores=[])"},
  {"~+-x",
   "Module(body=[Expr(value=UnaryOp(op=Invert(), operand=UnaryOp(op=UAdd(), operand=UnaryOp(op=USub(), operand=Name(id='x', ctx=Load())))))], type_ignores=[])"},
  {"a.b.c[1:2, 3][::2][a:][:b][1:2:3]",
   "Module(body=[Expr(value=Subscript(value=Subscript(value=Subscript(value=Subscript(value=Subscript(value=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Constant(value=3)], ctx=Load()), ctx=Load()), slice=Slice(step=Constant(value=2)), ctx=Load()), slice=Slice(lower=Name(id='a', ctx=Load())), ctx=Load()), slice=Slice(upper=Name(id='b', ctx=Load())), ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2), step=Constant(value=3)), ctx=Load()))], type_ignores=[])"},
  {"x[1:2, 3]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Constant(value=3)], ctx=Load()), ctx=Load()))], type_ignores=[])"},
  {"x[a, b]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])"},
  {"x[()]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[], ctx=Load()), ctx=Load()))], type_ignores=[])"},
  {"f(a, b, *c, d=1, **e)",
   "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load()), Starred(value=Name(id='c', ctx=Load()), ctx=Load())], keywords=[keyword(arg='d', value=Constant(value=1)), keyword(value=Name(id='e', ctx=Load()))]))], type_ignores=[])"},
  {"f(x for x in y)",
   "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])"},
  {"f(*a, b)",
   "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())], keywords=[]))], type_ignores=[])"},
  {"None, True, False, ...",
   "Module(body=[Expr(value=Tuple(elts=[Constant(value=None), Constant(value=True), Constant(value=False), Constant(value=Ellipsis)], ctx=Load()))], type_ignores=[])"},
  {"()",
   "Module(body=[Expr(value=Tuple(elts=[], ctx=Load()))], type_ignores=[])"},
  {"(1,)",
   "Module(body=[Expr(value=Tuple(elts=[Constant(value=1)], ctx=Load()))], type_ignores=[])"},
  {"(1, 2)",
   "Module(body=[Expr(value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))], type_ignores=[])"},
  {"[1, 2, *a]",
   "Module(body=[Expr(value=List(elts=[Constant(value=1), Constant(value=2), Starred(value=Name(id='a', ctx=Load()), ctx=Load())], ctx=Load()))], type_ignores=[])"},
  {"{1: 2, **d, 3: 4}",
   "Module(body=[Expr(value=Dict(keys=[Constant(value=1), None, Constant(value=3)], values=[Constant(value=2), Name(id='d', ctx=Load()), Constant(value=4)]))], type_ignores=[])"},
  {"{1, 2, *s}",
   "Module(body=[Expr(value=Set(elts=[Constant(value=1), Constant(value=2), Starred(value=Name(id='s', ctx=Load()), ctx=Load())]))], type_ignores=[])"},
  {"{}",
   "Module(body=[Expr(value=Dict(keys=[], values=[]))], type_ignores=[])"},
  {"[x for x in y if z for w in x]",
   "Module(body=[Expr(value=ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='z', ctx=Load())], is_async=0), comprehension(target=Name(id='w', ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"},
  {"{x for x in y}",
   "Module(body=[Expr(value=SetComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"},
  {"{k: v for k, v in d.items() if k}",
   "Module(body=[Expr(value=DictComp(key=Name(id='k', ctx=Load()), value=Name(id='v', ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='k', ctx=Store()), Name(id='v', ctx=Store())], ctx=Store()), iter=Call(func=Attribute(value=Name(id='d', ctx=Load()), attr='items', ctx=Load()), args=[], keywords=[]), ifs=[Name(id='k', ctx=Load())], is_async=0)]))], type_ignores=[])"},
  {"(x for x in y)",
   "Module(body=[Expr(value=GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"},
  {"1_000 + 1.5 + 1e10 + .5 + 5. + 1_0.0_1e-1_0",
   "Module(body=[Expr(value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=1000), op=Add(), right=Constant(value=1.5)), op=Add(), right=Constant(value=10000000000.0)), op=Add(), right=Constant(value=0.5)), op=Add(), right=Constant(value=5.0)), op=Add(), right=Constant(value=1.001e-09)))], type_ignores=[])"},
  {"'a' \"b\" '''c''' \"\"\"d\"\"\"",
   "Module(body=[Expr(value=Constant(value='abcd'))], type_ignores=[])"},
  {"b'a' b\"\\x00\\xff\"",
   "Module(body=[Expr(value=Constant(value=b'a\\x00\\xff'))], type_ignores=[])"},
  {"'\\n\\t\\\\\\'\\\"\\x41\\u00e9\\U0001F600\\101\\0'",
   "Module(body=[Expr(value=Constant(value='\\n\\t\\\\\\'\"Aé😀A\\x00'))], type_ignores=[])"},
  {"r'\\n\\x' R\"\\\\\"",
   "Module(body=[Expr(value=Constant(value='\\\\n\\\\x\\\\\\\\'))], type_ignores=[])"},
  {"f'a{x}b{y!r:>{w}}c' 'd'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='b'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)])), Constant(value='cd')]))], type_ignores=[])"},
  {"f'{x=}'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)]))], type_ignores=[])"},
  {"f'{x=:>10}'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>10')]))]))], type_ignores=[])"},
  {"f'{x = !s}'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x = '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=115)]))], type_ignores=[])"},
  {"f''",
   "Module(body=[Expr(value=JoinedStr(values=[]))], type_ignores=[])"},
  {"'a' f'' 'b'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='ab')]))], type_ignores=[])"},
  {"f'{x:}'",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[]))]))], type_ignores=[])"},
  {"f'{{}}{x}}}'",
   "Module(body=[Expr(value=JoinedStr(values=[Constant(value='{}'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='}')]))], type_ignores=[])"},
  {"f'{a[\"b\"]}'",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value='b'), ctx=Load()), conversion=-1)]))], type_ignores=[])"},
  {"f\"\"\"{\nx\n}\"\"\"",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)]))], type_ignores=[])"},
  {"f'{x!r}' rf'\\{x}' f'\\{6}'",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='\\\\'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='\\\\'), FormattedValue(value=Constant(value=6), conversion=-1)]))], type_ignores=[])"},
  {"print(*a, **b)",
   "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(value=Name(id='b', ctx=Load()))]))], type_ignores=[])"},
  {"a[*b]",
   "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])"},
  {"x = *a, *b",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()))], type_ignores=[])"},
  {"x = yield",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield())], type_ignores=[])"},
  {"[i for i in range(3) if (j := i)]",
   "Module(body=[Expr(value=ListComp(elt=Name(id='i', ctx=Load()), generators=[comprehension(target=Name(id='i', ctx=Store()), iter=Call(func=Name(id='range', ctx=Load()), args=[Constant(value=3)], keywords=[]), ifs=[NamedExpr(target=Name(id='j', ctx=Store()), value=Name(id='i', ctx=Load()))], is_async=0)]))], type_ignores=[])"},
  {"if x:\n    a\n    if y:\n        b\nc",
   "Module(body=[If(test=Name(id='x', ctx=Load()), body=[Expr(value=Name(id='a', ctx=Load())), If(test=Name(id='y', ctx=Load()), body=[Expr(value=Name(id='b', ctx=Load()))], orelse=[])], orelse=[]), Expr(value=Name(id='c', ctx=Load()))], type_ignores=[])"},
  {"x = (\n  1 +\n  2)",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))], type_ignores=[])"},
  {"x = 1 \\\n  + 2",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))], type_ignores=[])"},
  {"# comment\nx = 1  # trailing\n\n   # indented comment\ny = 2",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], type_ignores=[])"},
  {"@x.y(z)\nclass A: pass",
   "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[Call(func=Attribute(value=Name(id='x', ctx=Load()), attr='y', ctx=Load()), args=[Name(id='z', ctx=Load())], keywords=[])])], type_ignores=[])"},
  {"for x in 1, 2: pass",
   "Module(body=[For(target=Name(id='x', ctx=Store()), iter=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])"},
  {"del (a, b), [c]",
   "Module(body=[Delete(targets=[Tuple(elts=[Name(id='a', ctx=Del()), Name(id='b', ctx=Del())], ctx=Del()), List(elts=[Name(id='c', ctx=Del())], ctx=Del())])], type_ignores=[])"},
  {"del x,",
   "Module(body=[Delete(targets=[Name(id='x', ctx=Del())])], type_ignores=[])"},
  {"return",
   "Module(body=[Return()], type_ignores=[])"},
  {"f(a)(b)(c)",
   "Module(body=[Expr(value=Call(func=Call(func=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]), args=[Name(id='b', ctx=Load())], keywords=[]), args=[Name(id='c', ctx=Load())], keywords=[]))], type_ignores=[])"},
  {"x = [1,\n2,\n]",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))], type_ignores=[])"},
  {"a = not b == c",
   "Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=UnaryOp(op=Not(), operand=Compare(left=Name(id='b', ctx=Load()), ops=[Eq()], comparators=[Name(id='c', ctx=Load())])))], type_ignores=[])"},
  {"-1",
   "Module(body=[Expr(value=UnaryOp(op=USub(), operand=Constant(value=1)))], type_ignores=[])"},
  {"x = 0",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=0))], type_ignores=[])"},
  {"x = 00",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=0))], type_ignores=[])"},
  {"x = 1if y else 2",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='y', ctx=Load()), body=Constant(value=1), orelse=Constant(value=2)))], type_ignores=[])"},
  {"'é' + \"日本\"",
   "Module(body=[Expr(value=BinOp(left=Constant(value='é'), op=Add(), right=Constant(value='日本')))], type_ignores=[])"},
  {"def f(*args: int, **kw: str): pass",
   "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], vararg=arg(arg='args', annotation=Name(id='int', ctx=Load())), kwonlyargs=[], kw_defaults=[], kwarg=arg(arg='kw', annotation=Name(id='str', ctx=Load())), defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])"},
  {"with a: pass",
   "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()])], type_ignores=[])"},
  {"class A(): pass",
   "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])"},
  {"if a: b; c",
   "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Expr(value=Name(id='b', ctx=Load())), Expr(value=Name(id='c', ctx=Load()))], orelse=[])], type_ignores=[])"},
  {"f(a=1)(b=2)",
   "Module(body=[Expr(value=Call(func=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[keyword(arg='a', value=Constant(value=1))]), args=[], keywords=[keyword(arg='b', value=Constant(value=2))]))], type_ignores=[])"},
  {"x = {**a}",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Dict(keys=[None], values=[Name(id='a', ctx=Load())]))], type_ignores=[])"},
  {"x[1:]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(lower=Constant(value=1)), ctx=Load()))], type_ignores=[])"},
  {"x[:]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(), ctx=Load()))], type_ignores=[])"},
  {"x[::]",
   "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(), ctx=Load()))], type_ignores=[])"},
  {"lambda x: (yield)",
   "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='x')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Yield()))], type_ignores=[])"},
  {"a = b = yield c",
   "Module(body=[Assign(targets=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], value=Yield(value=Name(id='c', ctx=Load())))], type_ignores=[])"},
  {"(yield)",
   "Module(body=[Expr(value=Yield())], type_ignores=[])"},
  {"a.b = c[d] = e",
   "Module(body=[Assign(targets=[Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Store()), Subscript(value=Name(id='c', ctx=Load()), slice=Name(id='d', ctx=Load()), ctx=Store())], value=Name(id='e', ctx=Load()))], type_ignores=[])"},
  {"(a) = 1",
   "Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=Constant(value=1))], type_ignores=[])"},
  {"[*a, b] = c",
   "Module(body=[Assign(targets=[List(elts=[Starred(value=Name(id='a', ctx=Store()), ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])"},
  {"for [a, *b] in c: pass",
   "Module(body=[For(target=List(elts=[Name(id='a', ctx=Store()), Starred(value=Name(id='b', ctx=Store()), ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])"},
  {"f(x, y=1, *z)",
   "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='x', ctx=Load()), Starred(value=Name(id='z', ctx=Load()), ctx=Load())], keywords=[keyword(arg='y', value=Constant(value=1))]))], type_ignores=[])"},
  {"assert (x, y)",
   "Module(body=[Assert(test=Tuple(elts=[Name(id='x', ctx=Load()), Name(id='y', ctx=Load())], ctx=Load()))], type_ignores=[])"},
  {"import a",
   "Module(body=[Import(names=[alias(name='a')])], type_ignores=[])"},
  {"x = a if b else c if d else e",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])"},
  {"x = lambda: lambda: 0",
   "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0))))], type_ignores=[])"},
  {"f'{x:{{}}a}'",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Dict(keys=[], values=[]), conversion=-1), Constant(value='a')]))]))], type_ignores=[])"},
  {"f'{3.5:.{2}f}'",
   "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Constant(value=3.5), conversion=-1, format_spec=JoinedStr(values=[Constant(value='.'), FormattedValue(value=Constant(value=2), conversion=-1), Constant(value='f')]))]))], type_ignores=[])"},
  {"'''a\nb''' 'c\\\nd'\n",
   "Module(body=[Expr(value=Constant(value='a\\nbcd'))], type_ignores=[])"},
};
static const struct { const char *src, *kind, *msg; int line, col; } error_cases[] = {
  {"if x:\n    a\n  b\n", "IndentationError", "unindent does not match any outer indentation level", 3, 4},
  {"if x:\npass\n", "IndentationError", "expected an indented block after 'if' statement on line 1", 2, 1},
  {"if x:\n", "IndentationError", "expected an indented block after 'if' statement on line 1", 1, 6},
  {"x = (1,\n", "SyntaxError", "'(' was never closed", 1, 5},
  {"s = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5},
  {"s = '''abc\n\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 5},
  {"1abc", "SyntaxError", "invalid decimal literal", 1, 1},
  {"f() = 1", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1},
  {"  x\n", "IndentationError", "unexpected indent", 1, 2},
  {"x = $", "SyntaxError", "invalid syntax", 1, 5},
  {"if x\n  pass", "SyntaxError", "expected ':'", 1, 5},
  {"a b", "SyntaxError", "invalid syntax", 1, 3},
  {"x = 0777", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5},
  {"x = 1__0", "SyntaxError", "invalid decimal literal", 1, 6},
  {"x=1e", "SyntaxError", "invalid decimal literal", 1, 3},
  {"0x", "SyntaxError", "invalid hexadecimal literal", 1, 2},
  {"x = [1, 2", "SyntaxError", "'[' was never closed", 1, 5},
  {"(1 +", "SyntaxError", "'(' was never closed", 1, 1},
  {"\tif x:\n        a\n\tb\n", "IndentationError", "unexpected indent", 1, 1},
  {"x = 'a\\\n b", "SyntaxError", "unterminated string literal (detected at line 2)", 1, 5},
  {"def f(:\n", "SyntaxError", "invalid syntax", 1, 7},
  {"x = )", "SyntaxError", "unmatched ')'", 1, 5},
  {"1 = 2", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1},
  {"(a, b) += 1", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 1},
  {"del f()", "SyntaxError", "cannot delete function call", 1, 5},
  {"for 1 in x: pass", "SyntaxError", "cannot assign to literal", 1, 5},
  {"x = 1 if 2", "SyntaxError", "expected 'else' after 'if' expression", 1, 5},
  {"f(**a, *b)", "SyntaxError", "iterable argument unpacking follows keyword argument unpacking", 1, 8},
  {"f(a=1, b)", "SyntaxError", "positional argument follows keyword argument", 1, 9},
  {"lambda x=1, y: 0", "SyntaxError", "non-default argument follows default argument", 1, 13},
  {"def f(x=1, y): pass", "SyntaxError", "non-default argument follows default argument", 1, 12},
  {"x = 09", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5},
  {"x = 1_", "SyntaxError", "invalid decimal literal", 1, 6},
  {"x=0b12", "SyntaxError", "invalid digit '2' in binary literal", 1, 6},
  {"x=0o8", "SyntaxError", "invalid digit '8' in octal literal", 1, 5},
  {"f(x for x in y, 1)", "SyntaxError", "Generator expression must be parenthesized", 1, 3},
  {"class A(x for x in y): pass", "SyntaxError", "invalid syntax", 1, 11},
  {"b'é'", "SyntaxError", "bytes can only contain ASCII literal characters", 1, 1},
  {"f'{'", "SyntaxError", "f-string: expecting '}'", 1, 5},
  {"f'}'", "SyntaxError", "f-string: single '}' is not allowed", 1, 5},
  {"f'{x!z}'", "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 9},
  {"f'{}'", "SyntaxError", "f-string: empty expression not allowed", 1, 6},
  {"a = b = 1 += 2", "SyntaxError", "invalid syntax", 1, 11},
  {"x := 1", "SyntaxError", "invalid syntax", 1, 3},
  {"(x.y := 1)", "SyntaxError", "cannot use assignment expressions with attribute", 1, 2},
  {"from . import a,", "SyntaxError", "trailing comma not allowed without surrounding parentheses", 1, 17},
  {"try:\n  pass\n", "SyntaxError", "expected 'except' or 'finally' block", 2, 7},
  {"try:\n  pass\nfinally:\n  pass\nexcept: pass", "SyntaxError", "invalid syntax", 5, 1},
  {"else: pass", "SyntaxError", "invalid syntax", 1, 1},
  {"def f(*, **k): pass", "SyntaxError", "named arguments must follow bare *", 1, 7},
  {"def f(*): pass", "SyntaxError", "named arguments must follow bare *", 1, 7},
  {"if True:\n    pass\n  else:\n    pass", "IndentationError", "unindent does not match any outer indentation level", 3, 8},
  {"x = [\n", "SyntaxError", "'[' was never closed", 1, 5},
  {"foo(\n  a,\n  b\n", "SyntaxError", "'(' was never closed", 1, 4},
  {"{1: 2, 3}", "SyntaxError", "':' expected after dictionary key", 1, 8},
  {"a.b := 1", "SyntaxError", "cannot use assignment expressions with attribute", 1, 1},
  {"def f():\n    return\n        x\n", "IndentationError", "unexpected indent", 3, 8},
  {"del a + b", "SyntaxError", "cannot delete expression", 1, 5},
  {"x + 1 = 2", "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1},
  {"[x for x in y] = 1", "SyntaxError", "cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1, 1},
  {"None = 1", "SyntaxError", "cannot assign to None", 1, 1},
  {"True += 1", "SyntaxError", "'True' is an illegal expression for augmented assignment", 1, 1},
  {"a, b += 1", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 1},
  {"x: int, y: int = 1, 2", "SyntaxError", "invalid syntax", 1, 7},
  {"f(a for a in b, )", "SyntaxError", "Generator expression must be parenthesized", 1, 3},
  {"'''abc", "SyntaxError", "unterminated triple-quoted string literal (detected at line 1)", 1, 1},
  {"\"abc", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 1},
  {"x = 1\n  y = 2", "IndentationError", "unexpected indent", 2, 2},
  {"if x:\n\ty\n        z\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1},
  {"a b 'x", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5},
  {"a b\nc = 'x", "SyntaxError", "unterminated string literal (detected at line 2)", 2, 5},
  {"(a b\n", "SyntaxError", "'(' was never closed", 1, 1},
  {"(a\nb = 'x", "SyntaxError", "unterminated string literal (detected at line 2)", 2, 5},
  {"x = (1,\ny = 2\n", "SyntaxError", "'(' was never closed", 1, 5},
  {"a = 1 +\n", "SyntaxError", "invalid syntax", 1, 8},
  {"(\n", "SyntaxError", "'(' was never closed", 1, 1},
  {"if x:\n    pass\n  y\n", "IndentationError", "unindent does not match any outer indentation level", 3, 4},
  {"x = 1\n y\n", "IndentationError", "unexpected indent", 2, 1},
  {"1 abc", "SyntaxError", "invalid syntax", 1, 3},
  {"0x1g", "SyntaxError", "invalid hexadecimal literal", 1, 3},
  {"1e+", "SyntaxError", "invalid decimal literal", 1, 3},
  {"0_7", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 1},
  {"[1,2,3)", "SyntaxError", "closing parenthesis ')' does not match opening parenthesis '['", 1, 7},
  {"(]", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 2},
  {"]", "SyntaxError", "unmatched ']'", 1, 1},
  {"\\ x", "SyntaxError", "unexpected character after line continuation character", 1, 2},
  {"x = 1 \\", "SyntaxError", "unexpected EOF while parsing", 1, 8},
  {"a\\\nb", "SyntaxError", "invalid syntax", 2, 1},
  {"x = 'a' 'b", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 9},
  {"x = \"\"\"ab\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 1)", 1, 5},
  {"def f():\n  return 1\n  x = (", "SyntaxError", "'(' was never closed", 3, 7},
  {"", "SyntaxError", "invalid non-printable character U+007F", 1, 1},
  {"x = ?", "SyntaxError", "invalid syntax", 1, 5},
  {"x = 1 ; ; y", "SyntaxError", "invalid syntax", 1, 9},
  {"f'{x'", "SyntaxError", "f-string: expecting '}'", 1, 6},
  {"f'{3!}'", "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 8},
  {"f'{#}'", "SyntaxError", "f-string expression part cannot include '#'", 1, 7},
  {"f'{x:{y:{z}}}'", "SyntaxError", "f-string: expressions nested too deeply", 1, 15},
  {"f'{\"\\n\"}'", "SyntaxError", "f-string expression part cannot include a backslash", 1, 10},
  {"... = 1", "SyntaxError", "cannot assign to ellipsis here. Maybe you meant '==' instead of '='?", 1, 1},
  {"a, f() = 1", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 4},
  {"(a, f()) = 1", "SyntaxError", "cannot assign to function call", 1, 5},
  {"[a, 1] = 2", "SyntaxError", "cannot assign to literal", 1, 5},
  {"for f() in x: pass", "SyntaxError", "cannot assign to function call", 1, 5},
  {"with a as f(): pass", "SyntaxError", "cannot assign to function call", 1, 11},
  {"x = 1 = 2", "SyntaxError", "cannot assign to literal", 1, 5},
  {"a + 1 += 1", "SyntaxError", "'expression' is an illegal expression for augmented assignment", 1, 1},
  {"f() += 1", "SyntaxError", "'function call' is an illegal expression for augmented assignment", 1, 1},
  {"x: int, = 1", "SyntaxError", "invalid syntax", 1, 7},
  {"(a, b): int", "SyntaxError", "only single target (not tuple) can be annotated", 1, 1},
  {"[a]: int", "SyntaxError", "only single target (not list) can be annotated", 1, 1},
  {"f(): int", "SyntaxError", "illegal target for annotation", 1, 1},
  {"[x for x in y if z := 1]", "SyntaxError", "invalid syntax", 1, 20},
  {"f(a.b=1)", "SyntaxError", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3},
  {"f(**k, a)", "SyntaxError", "positional argument follows keyword argument unpacking", 1, 9},
  {"def f(**k, a): pass", "SyntaxError", "arguments cannot follow var-keyword argument", 1, 12},
  {"def f(/, a): pass", "SyntaxError", "at least one argument must precede /", 1, 7},
  {"def f(a, /, b, /): pass", "SyntaxError", "/ may appear only once", 1, 16},
  {"def f(*a, /): pass", "SyntaxError", "/ must be ahead of *", 1, 11},
  {"def f(*a, *b): pass", "SyntaxError", "* argument may appear only once", 1, 11},
  {"try:\n pass\nexcept A, B:\n pass", "SyntaxError", "multiple exception types must be parenthesized", 3, 8},
  {"try:\n pass\nx = 1", "SyntaxError", "expected 'except' or 'finally' block", 3, 1},
  {"from .a import (*)", "SyntaxError", "invalid syntax", 1, 17},
  {"import a as b.c", "SyntaxError", "invalid syntax", 1, 14},
  {"del *a", "SyntaxError", "cannot delete starred", 1, 5},
  {"del (a for a in b)", "SyntaxError", "cannot delete generator expression", 1, 5},
  {"x = yield = 3", "SyntaxError", "assignment to yield expression not possible", 1, 5},
  {"@x\nx = 1", "SyntaxError", "invalid syntax", 2, 1},
  {"f'{x!r=}'", "SyntaxError", "f-string: expecting '}'", 1, 10},
  {"assert x, y, z", "SyntaxError", "invalid syntax", 1, 12},
  {"def f(a=1, /, b): pass", "SyntaxError", "non-default argument follows default argument", 1, 15},
  {"1 + \n", "SyntaxError", "invalid syntax", 1, 5},
  {"if x:\n    y = 1\n\telse: pass\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1},
  {"x = (1, 2", "SyntaxError", "'(' was never closed", 1, 5},
  {"def f(x):\n  return x +\n", "SyntaxError", "invalid syntax", 2, 13},
  {"if x:\n  pass\n else:\n  pass\n", "IndentationError", "unindent does not match any outer indentation level", 3, 7},
  {"while True\n  pass", "SyntaxError", "expected ':'", 1, 11},
  {"for x in y\n  pass", "SyntaxError", "expected ':'", 1, 11},
  {"class A\n  pass", "SyntaxError", "expected ':'", 1, 8},
  {"def f()\n  pass", "SyntaxError", "expected ':'", 1, 8},
  {"print 'a'", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1},
  {"x = 'abc", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5},
  {"x = [1, 2, 3}", "SyntaxError", "closing parenthesis '}' does not match opening parenthesis '['", 1, 13},
  {"f(,)", "SyntaxError", "invalid syntax", 1, 3},
  {"x = (,)", "SyntaxError", "invalid syntax", 1, 6},
  {"import", "SyntaxError", "invalid syntax", 1, 7},
  {"from x import", "SyntaxError", "invalid syntax", 1, 14},
  {"x = 1 +* 2", "SyntaxError", "invalid syntax", 1, 8},
  {"lambda x: yield", "SyntaxError", "invalid syntax", 1, 11},
  {"x = [1 2]", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6},
  {"if x:\n  pass\nelif:\n  pass", "SyntaxError", "invalid syntax", 3, 5},
  {"x ==", "SyntaxError", "invalid syntax", 1, 5},
  {"@\ndef f(): pass", "SyntaxError", "invalid syntax", 1, 2},
  {"x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "SyntaxError", "too many nested parentheses", 1, 205},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* -- Lexer ------------------------------------------------------------------------------- */

static int lex_kinds(const char *src, TokKind *out, int max) {
  Lexer lx;
  lex_init(&lx, src, strlen(src));
  int n = 0;
  for (;;) {
    Token t = lex_next(&lx);
    if (n < max) out[n] = t.kind;
    n++;
    if (t.kind == TOK_ENDMARKER || t.kind == TOK_ERROR) return n;
  }
}

START_TEST(test_lexer_indent_dedent_and_newlines) {
  TokKind k[32];
  int n = lex_kinds("if x:\n  y\n\n  # c\nz\n", k, 32);
  TokKind want[] = {TOK_KW_IF, TOK_NAME, TOK_COLON, TOK_NEWLINE, TOK_INDENT, TOK_NAME,
                    TOK_NEWLINE, TOK_DEDENT, TOK_NAME, TOK_NEWLINE, TOK_ENDMARKER};
  ck_assert_int_eq(n, N(want));
  for (int i = 0; i < n; i++) ck_assert_int_eq(k[i], want[i]);
}
END_TEST

START_TEST(test_lexer_joins_lines_in_brackets_and_after_backslash) {
  TokKind k[32];
  int n = lex_kinds("x = (1,\n  2) + \\\n 3", k, 32);
  TokKind want[] = {TOK_NAME, TOK_EQUAL, TOK_LPAR, TOK_NUMBER, TOK_COMMA, TOK_NUMBER, TOK_RPAR,
                    TOK_PLUS, TOK_NUMBER, TOK_NEWLINE, TOK_ENDMARKER};
  ck_assert_int_eq(n, N(want));
  for (int i = 0; i < n; i++) ck_assert_int_eq(k[i], want[i]);
}
END_TEST

START_TEST(test_lexer_operators_longest_match) {
  TokKind k[32];
  int n = lex_kinds("a **= b // c -> ... := != <<= @", k, 32);
  TokKind want[] = {TOK_NAME, TOK_DOUBLESTAREQUAL, TOK_NAME, TOK_DOUBLESLASH, TOK_NAME,
                    TOK_RARROW, TOK_ELLIPSIS, TOK_COLONEQUAL, TOK_NOTEQUAL, TOK_LEFTSHIFTEQUAL,
                    TOK_AT, TOK_NEWLINE, TOK_ENDMARKER};
  ck_assert_int_eq(n, N(want));
  for (int i = 0; i < n; i++) ck_assert_int_eq(k[i], want[i]);
}
END_TEST

START_TEST(test_lexer_string_prefixes_and_numbers) {
  const char *src = "rb'a' Rb\"b\" f'c' BR'''d''' u'e' 0x_1F 0o17 0b1_0 1_000.5e-3 .5 5.";
  Lexer lx;
  lex_init(&lx, src, strlen(src));
  TokKind want[] = {TOK_STRING, TOK_STRING, TOK_STRING, TOK_STRING, TOK_STRING, TOK_NUMBER,
                    TOK_NUMBER, TOK_NUMBER, TOK_NUMBER, TOK_NUMBER, TOK_NUMBER};
  for (int i = 0; i < N(want); i++) ck_assert_int_eq(lex_next(&lx).kind, want[i]);
  ck_assert_int_eq(lex_next(&lx).kind, TOK_NEWLINE);
}
END_TEST

START_TEST(test_lexer_token_positions_are_one_based) {
  Lexer lx;
  const char *src = "x = 1\n  \nfoo(\n bar)";
  lex_init(&lx, src, strlen(src));
  Token t;
  for (int i = 0; i < 5; i++) t = lex_next(&lx);  /* x = 1 NEWLINE foo */
  ck_assert_int_eq(t.kind, TOK_NAME);
  ck_assert_int_eq(t.lineno, 3);
  ck_assert_int_eq(t.col, 1);
  ck_assert_int_eq(t.end_col, 4);
  lex_next(&lx);
  t = lex_next(&lx);
  ck_assert_int_eq(t.lineno, 4);
  ck_assert_int_eq(t.col, 2);
}
END_TEST

START_TEST(test_lexer_reports_tab_error) {
  Lexer lx;
  const char *src = "if x:\n\ty\n        z\n";
  lex_init(&lx, src, strlen(src));
  Token t;
  do t = lex_next(&lx); while (t.kind != TOK_ERROR && t.kind != TOK_ENDMARKER);
  ck_assert_int_eq(t.kind, TOK_ERROR);
  ck_assert_str_eq(lx.err_kind, "TabError");
}
END_TEST

/* -- Parser: AST shape ------------------------------------------------------------------- */

START_TEST(test_parse_matches_cpython_ast_dump) {
  int i = _i;
  Arena a;
  arena_init(&a);
  ParseError err;
  Node *m = parse_module(&a, parse_cases[i].src, strlen(parse_cases[i].src), "t", &err);
  if (!m) ck_abort_msg("case %d failed: %s (%d:%d) for %s", i, err.msg, err.lineno, err.col, parse_cases[i].src);
  size_t n = ast_dump_str(NULL, 0, m);
  char *buf = malloc(n + 1);
  ast_dump_str(buf, n + 1, m);
  if (strcmp(buf, parse_cases[i].dump) != 0)
    ck_abort_msg("case %d: %s\n got: %s\nwant: %s", i, parse_cases[i].src, buf, parse_cases[i].dump);
  free(buf);
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_errors_match_cpython) {
  int i = _i;
  Arena a;
  arena_init(&a);
  ParseError err;
  Node *m = parse_module(&a, error_cases[i].src, strlen(error_cases[i].src), "t", &err);
  if (m) ck_abort_msg("case %d parsed but should fail: %s", i, error_cases[i].src);
  if (strcmp(err.kind, error_cases[i].kind) || strcmp(err.msg, error_cases[i].msg) ||
      err.lineno != error_cases[i].line || err.col != error_cases[i].col)
    ck_abort_msg("case %d: %s\n got: %s: %s (%d:%d)\nwant: %s: %s (%d:%d)", i, error_cases[i].src,
                 err.kind, err.msg, err.lineno, err.col, error_cases[i].kind, error_cases[i].msg,
                 error_cases[i].line, error_cases[i].col);
  arena_free(&a);
}
END_TEST

static Node *parse1(Arena *a, const char *src) {
  ParseError err;
  Node *m = parse_module(a, src, strlen(src), "t", &err);
  if (!m) ck_abort_msg("parse failed: %s at %d:%d", err.msg, err.lineno, err.col);
  return m;
}

START_TEST(test_parse_node_positions) {
  Arena a;
  arena_init(&a);
  Node *m = parse1(&a, "x = 1\nif y:\n    foo(a,\n        b)\n");
  Node *ifs = m->v.Module.body.items[1];
  ck_assert_int_eq(ifs->kind, AST_If);
  ck_assert_int_eq(ifs->lineno, 2);
  ck_assert_int_eq(ifs->col, 1);
  ck_assert_int_eq(ifs->end_lineno, 4);
  Node *call = ifs->v.If.body.items[0]->v.Expr.value;
  ck_assert_int_eq(call->kind, AST_Call);
  ck_assert_int_eq(call->lineno, 3);
  ck_assert_int_eq(call->col, 5);
  ck_assert_int_eq(call->end_lineno, 4);
  ck_assert_int_eq(call->end_col, 11);
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_int_literals_keep_digits_and_base) {
  Arena a;
  arena_init(&a);
  Node *m = parse1(&a, "0x_FF; 1_000_000_000_000_000_000_000; 0b101; 0o17; 000");
  const char *digits[] = {"FF", "1000000000000000000000", "101", "17", "0"};
  int bases[] = {16, 10, 2, 8, 10};
  for (int i = 0; i < 5; i++) {
    Node *c = m->v.Module.body.items[i]->v.Expr.value;
    ck_assert_int_eq(c->v.Constant.kind, CONST_INT);
    ck_assert_str_eq(c->v.Constant.str, digits[i]);
    ck_assert_int_eq(c->v.Constant.base, bases[i]);
  }
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_strings_decode_escapes_with_nul) {
  Arena a;
  arena_init(&a);
  Node *m = parse1(&a, "'a\\0b' '\\u00e9'\n");
  Node *c = m->v.Module.body.items[0]->v.Expr.value;
  ck_assert_int_eq(c->kind, AST_Constant);
  ck_assert_int_eq(c->v.Constant.kind, CONST_STR);
  ck_assert_int_eq((int)c->v.Constant.len, 5);
  ck_assert(memcmp(c->v.Constant.str, "a\0b\xc3\xa9", 5) == 0);
  arena_free(&a);
  arena_init(&a);
  ParseError err;
  ck_assert_ptr_null(parse_module(&a, "'a' b'b'", 8, "t", &err));
  ck_assert_str_eq(err.msg, "cannot mix bytes and nonbytes literals");
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_expression_for_eval) {
  Arena a;
  arena_init(&a);
  ParseError err;
  Node *e = parse_expression(&a, "  1, 2\n\n", 8, "t", &err);
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(e->kind, AST_Expression);
  ck_assert_int_eq(e->v.Expression.body->kind, AST_Tuple);
  ck_assert_ptr_null(parse_expression(&a, "x = 1", 5, "t", &err));
  ck_assert_str_eq(err.msg, "invalid syntax");
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_crlf_and_bom) {
  Arena a;
  arena_init(&a);
  const char *src = "\xEF\xBB\xBFif x:\r\n    y\r\nz\r";
  ParseError err;
  Node *m = parse_module(&a, src, strlen(src), "t", &err);
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(m->v.Module.body.count, 2);
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_null_byte_rejected) {
  Arena a;
  arena_init(&a);
  ParseError err;
  ck_assert_ptr_null(parse_module(&a, "x\0", 2, "t", &err));
  ck_assert_str_eq(err.msg, "source code string cannot contain null bytes");
  arena_free(&a);
}
END_TEST

START_TEST(test_parse_deep_nesting_is_bounded) {
  const char *kinds[] = {"(", "-", "not ", "lambda: ", "[", "x if y else "};
  for (int k = 0; k < N(kinds); k++) {
    size_t unit = strlen(kinds[k]), n = 100000;
    char *src = malloc(unit * n + 2);
    for (size_t i = 0; i < n; i++) memcpy(src + i * unit, kinds[k], unit);
    src[unit * n] = '1';
    Arena a;
    arena_init(&a);
    ParseError err;
    ck_assert_ptr_null(parse_module(&a, src, unit * n + 1, "t", &err));
    ck_assert(strstr(err.msg, "nested") || strstr(err.msg, "recursion"));
    arena_free(&a);
    free(src);
  }
}
END_TEST

START_TEST(test_parse_survives_garbage) {
  unsigned seed = 12345;
  const char *alphabet = "()[]{}:;,.=+-*/%'\"\\\n\t #@!abcdefxyz0123456789_ \x80\xc3";
  size_t na = strlen(alphabet);
  for (int iter = 0; iter < 3000; iter++) {
    char buf[200];
    size_t len = (size_t)(iter % 199);
    for (size_t i = 0; i < len; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = alphabet[(seed >> 16) % na];
    }
    Arena a;
    arena_init(&a);
    ParseError err;
    Node *m = parse_module(&a, buf, len, "t", &err);
    if (m) {
      SymTable st;
      symtable_build(&st, &a, m, buf, len, &err);
    }
    arena_free(&a);
  }
}
END_TEST

/* -- Symbol table ------------------------------------------------------------------------ */

static Scope *child(Scope *s, int i) {
  ck_assert_int_gt(s->nchildren, i);
  return s->children[i];
}

START_TEST(test_symtable_classifies_locals_cells_and_frees) {
  Arena a;
  arena_init(&a);
  const char *src =
      "g = 1\n"
      "def outer(p, *args, k, **kw):\n"
      "    x = 1\n"
      "    global h\n"
      "    def inner():\n"
      "        nonlocal x\n"
      "        x = g + len(p)\n"
      "    return inner\n";
  Node *m = parse1(&a, src);
  SymTable st;
  ParseError err;
  ck_assert_int_eq(symtable_build(&st, &a, m, src, strlen(src), &err), 0);
  Scope *outer = child(st.top, 0);
  ck_assert_ptr_eq(symtable_scope_of(&st, m->v.Module.body.items[1]), outer);
  ck_assert_int_eq(symtable_lookup(st.top, "g"), NS_LOCAL);
  ck_assert_int_eq(symtable_lookup(outer, "x"), NS_CELL);
  ck_assert_int_eq(symtable_lookup(outer, "p"), NS_CELL);
  ck_assert_int_eq(symtable_lookup(outer, "h"), NS_GLOBAL_EXPLICIT);
  ck_assert_int_eq(symtable_lookup(outer, "inner"), NS_LOCAL);
  Scope *inner = child(outer, 0);
  ck_assert_int_eq(symtable_lookup(inner, "x"), NS_FREE);
  ck_assert_int_eq(symtable_lookup(inner, "p"), NS_FREE);
  ck_assert_int_eq(symtable_lookup(inner, "g"), NS_GLOBAL_IMPLICIT);
  ck_assert_int_eq(symtable_lookup(inner, "len"), NS_GLOBAL_IMPLICIT);
  ck_assert_int_eq(outer->argcount, 1);
  ck_assert_int_eq(outer->kwonlyargcount, 1);
  ck_assert(outer->has_varargs && outer->has_varkw);
  const char *vars[] = {"p", "k", "args", "kw", "inner"};
  ck_assert_int_eq(outer->nvarnames, N(vars));
  for (int i = 0; i < N(vars); i++) ck_assert_str_eq(outer->varnames[i], vars[i]);
  ck_assert_int_eq(outer->ncellvars, 2);
  ck_assert_str_eq(outer->cellvars[0], "p");
  ck_assert_str_eq(outer->cellvars[1], "x");
  ck_assert_int_eq(inner->nfreevars, 2);
  arena_free(&a);
}
END_TEST

START_TEST(test_symtable_class_scope_and_super) {
  Arena a;
  arena_init(&a);
  const char *src =
      "def f():\n"
      "    y = 1\n"
      "    class A(B):\n"
      "        y = 2\n"
      "        def m(self):\n"
      "            return super().m() + y\n";
  Node *m = parse1(&a, src);
  SymTable st;
  ParseError err;
  ck_assert_int_eq(symtable_build(&st, &a, m, src, strlen(src), &err), 0);
  Scope *f = child(st.top, 0), *A = child(f, 0), *meth = child(A, 0);
  ck_assert_int_eq(A->kind, SCOPE_CLASS);
  ck_assert_int_eq(symtable_lookup(f, "y"), NS_CELL);       /* the method skips the class y */
  ck_assert_int_eq(symtable_lookup(A, "y"), NS_LOCAL);
  ck_assert_int_eq(symtable_lookup(meth, "y"), NS_FREE);
  ck_assert_int_eq(symtable_lookup(meth, "__class__"), NS_FREE);
  ck_assert(A->needs_class_cell);
  ck_assert_int_eq(A->ncellvars, 1);
  ck_assert_str_eq(A->cellvars[0], "__class__");
  ck_assert_int_eq(symtable_lookup(f, "B"), NS_GLOBAL_IMPLICIT);
  arena_free(&a);
}
END_TEST

START_TEST(test_symtable_comprehension_scopes_and_walrus) {
  Arena a;
  arena_init(&a);
  const char *src =
      "def f(n):\n"
      "    r = [(last := i) for i in range(n) if i % n]\n"
      "    g = (j for j in n)\n"
      "    return last\n";
  Node *m = parse1(&a, src);
  SymTable st;
  ParseError err;
  ck_assert_int_eq(symtable_build(&st, &a, m, src, strlen(src), &err), 0);
  Scope *f = child(st.top, 0), *lc = child(f, 0), *ge = child(f, 1);
  ck_assert_int_eq(lc->kind, SCOPE_COMPREHENSION);
  ck_assert_str_eq(lc->varnames[0], ".0");
  ck_assert_int_eq(symtable_lookup(lc, "i"), NS_LOCAL);
  ck_assert_int_eq(symtable_lookup(lc, "n"), NS_FREE);
  ck_assert_int_eq(symtable_lookup(lc, "last"), NS_FREE);
  ck_assert_int_eq(symtable_lookup(f, "last"), NS_CELL);
  ck_assert_int_eq(symtable_lookup(f, "range"), NS_GLOBAL_IMPLICIT);  /* first iterable outside */
  ck_assert_int_eq(symtable_lookup(lc, "range"), NS_GLOBAL_IMPLICIT);
  ck_assert(ge->is_generator);
  ck_assert(!f->is_generator);
  arena_free(&a);
}
END_TEST

static const struct { const char *src, *msg; int line, col; } symtable_errors[] = {
  {"def f():\n  nonlocal x\n", "no binding for nonlocal 'x' found", 2, 3},
  {"nonlocal x", "nonlocal declaration not allowed at module level", 1, 1},
  {"def f(a):\n  global a\n", "name 'a' is parameter and global", 2, 3},
  {"def f():\n  print(x)\n  global x\n", "name 'x' is used prior to global declaration", 3, 3},
  {"def f():\n  x = 1\n  global x\n", "name 'x' is assigned to before global declaration", 3, 3},
  {"def f(a, a): pass", "duplicate argument 'a' in function definition", 1, 10},
  {"return 1", "'return' outside function", 1, 1},
  {"yield 1", "'yield' outside function", 1, 1},
  {"def f():\n  [(yield) for x in y]\n", "'yield' inside list comprehension", 2, 5},
  {"break", "'break' outside loop", 1, 1},
  {"while 1:\n  def f():\n    continue\n", "'continue' not properly in loop", 3, 5},
  {"def f():\n  from m import *\n", "import * only allowed at module level", 2, 17},
  {"[(y := 1) for y in z]", "assignment expression cannot rebind comprehension iteration variable 'y'", 1, 3},
  {"class A:\n  [(y := 1) for x in z]\n",
   "assignment expression within a comprehension cannot be used in a class body", 2, 5},
};

START_TEST(test_symtable_errors_match_cpython) {
  int i = _i;
  Arena a;
  arena_init(&a);
  const char *src = symtable_errors[i].src;
  Node *m = parse1(&a, src);
  SymTable st;
  ParseError err;
  ck_assert_int_eq(symtable_build(&st, &a, m, src, strlen(src), &err), -1);
  if (strcmp(err.msg, symtable_errors[i].msg) || err.lineno != symtable_errors[i].line ||
      err.col != symtable_errors[i].col)
    ck_abort_msg("case %d: got %s (%d:%d), want %s (%d:%d)", i, err.msg, err.lineno, err.col,
                 symtable_errors[i].msg, symtable_errors[i].line, symtable_errors[i].col);
  arena_free(&a);
}
END_TEST

static Suite *frontend_suite(void) {
  Suite *s = suite_create("frontend");
  TCase *lex = tcase_create("lexer");
  tcase_add_test(lex, test_lexer_indent_dedent_and_newlines);
  tcase_add_test(lex, test_lexer_joins_lines_in_brackets_and_after_backslash);
  tcase_add_test(lex, test_lexer_operators_longest_match);
  tcase_add_test(lex, test_lexer_string_prefixes_and_numbers);
  tcase_add_test(lex, test_lexer_token_positions_are_one_based);
  tcase_add_test(lex, test_lexer_reports_tab_error);
  suite_add_tcase(s, lex);
  TCase *par = tcase_create("parser");
  tcase_set_timeout(par, 60);
  tcase_add_loop_test(par, test_parse_matches_cpython_ast_dump, 0, N(parse_cases));
  tcase_add_loop_test(par, test_parse_errors_match_cpython, 0, N(error_cases));
  tcase_add_test(par, test_parse_node_positions);
  tcase_add_test(par, test_parse_int_literals_keep_digits_and_base);
  tcase_add_test(par, test_parse_strings_decode_escapes_with_nul);
  tcase_add_test(par, test_parse_expression_for_eval);
  tcase_add_test(par, test_parse_crlf_and_bom);
  tcase_add_test(par, test_parse_null_byte_rejected);
  tcase_add_test(par, test_parse_deep_nesting_is_bounded);
  tcase_add_test(par, test_parse_survives_garbage);
  suite_add_tcase(s, par);
  TCase *sym = tcase_create("symtable");
  tcase_add_test(sym, test_symtable_classifies_locals_cells_and_frees);
  tcase_add_test(sym, test_symtable_class_scope_and_super);
  tcase_add_test(sym, test_symtable_comprehension_scopes_and_walrus);
  tcase_add_loop_test(sym, test_symtable_errors_match_cpython, 0, N(symtable_errors));
  suite_add_tcase(s, sym);
  return s;
}

int main(void) {
  SRunner *r = srunner_create(frontend_suite());
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
