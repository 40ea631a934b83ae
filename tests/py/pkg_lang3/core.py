print("pkg_lang3.core loaded as", __name__)
def core_fn(x):
    return "core(%s)" % x
_private = 1
