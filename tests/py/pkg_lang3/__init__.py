print("pkg_lang3 init, __name__ =", __name__)
PKG_CONST = "pkg-const"
from .core import core_fn
__all__ = ["PKG_CONST", "core_fn"]
