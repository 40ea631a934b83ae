# exec, eval and compile: namespaces, locals seen from functions, code objects, syntax errors.
x = 10
print(eval('x * 2'), eval('  1 + 1'))
exec('y = x + 5')
print(y)
def f(a):
    b = a * 3
    return eval('a + b'), eval('a', {'a': 99})
print(f(2))
ns = {}
exec('def g(n):\n    return n * n\nresult = g(7)', ns)
print(ns['result'], sorted(k for k in ns if not k.startswith('__')))
code = compile('z = 40 + 2', '<mine>', 'exec')
exec(code)
print(z, eval(compile('z - 2', '<e>', 'eval')))
try:
    eval('1 +')
except SyntaxError as e:
    print('SyntaxError', e.msg)
