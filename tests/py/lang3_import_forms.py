# import forms: import mod, from mod import name, import pkg.mod, relative imports, __name__
import lang3_helper_mod
import lang3_helper_mod as hm
from lang3_helper_mod import VALUE, greet as g
print(lang3_helper_mod.VALUE, hm is lang3_helper_mod, VALUE, g("x"), hm.__name__, hm.__doc__)
print(hm.Thing.__module__, hm.Thing.__name__, hm.Thing.__qualname__)
hm.counter[0] += 1
import lang3_helper_mod
print(lang3_helper_mod.counter, "loaded once")
import sys
print("lang3_helper_mod" in sys.modules, sys.modules["lang3_helper_mod"] is hm)

import pkg_lang3
print(pkg_lang3.PKG_CONST, pkg_lang3.core_fn(1), pkg_lang3.__name__)
import pkg_lang3.core
print(pkg_lang3.core.core_fn(2), pkg_lang3.core._private)
import pkg_lang3.sub.leaf
print(pkg_lang3.sub.leaf.leaf(), pkg_lang3.sub.SUB)
from pkg_lang3.sub import leaf as leafmod
from pkg_lang3.sub.leaf import leaf
print(leafmod.leaf is leaf)
from pkg_lang3 import core
print(core.__name__)
from lang3_helper_star import *
print(exported, also)
try:
    not_exported
except NameError as e:
    print("NameError:", e)
try:
    import no_such_module_lang3
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    from lang3_helper_mod import nothing_here
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
try:
    import pkg_lang3.missing
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
def local_import():
    import lang3_helper_star as s
    from pkg_lang3.core import core_fn
    return s.also, core_fn("local")
print(local_import())
print(__name__)
if __name__ == "__main__":
    print("running as main")
