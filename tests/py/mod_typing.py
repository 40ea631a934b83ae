# typing (lib/typing.py): the names annotations use exist and are subscriptable.
from typing import List, Dict, Optional, Union, Any, Callable, Tuple, TypeVar, Iterable, cast, TYPE_CHECKING
T = TypeVar('T')

def first(xs: List[int], default: Optional[int] = None) -> Optional[int]:
    return xs[0] if xs else default

def apply(f: Callable[[int], int], xs: Iterable[int]) -> List[int]:
    return [f(x) for x in xs]

print(first([3, 4]), first([], 7), apply(lambda v: v * 2, [1, 2]), cast(int, '5'), TYPE_CHECKING)
print(List[int], Dict[str, int], Optional[int] is not None, T)
def g(x: Union[int, str], y: Dict[str, Any]) -> Tuple[int, ...]:
    return (1,)
print(g(1, {}), type(g.__annotations__).__name__)
