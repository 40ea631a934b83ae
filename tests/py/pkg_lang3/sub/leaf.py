from ..core import core_fn
from . import SUB
def leaf():
    return core_fn("leaf") + "/" + SUB
print("leaf __name__", __name__, "__package__", __package__)
