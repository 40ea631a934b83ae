# An uncaught exception: traceback on stderr, exit status 1, output before it kept.
def inner(d):
    return d['missing']

def outer():
    print('before')
    return inner({})

outer()
print('not reached')
