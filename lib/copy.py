"""copy: shallow and deep copies. Classes may define __copy__ / __deepcopy__(memo)."""

__all__ = ['copy', 'deepcopy', 'Error']


class Error(Exception):
    pass


_ATOMIC = (type(None), int, float, bool, str, bytes, type, range, type(len), type(lambda: 0), frozenset)


def copy(x):
    cls = type(x)
    if isinstance(x, _ATOMIC):
        return x
    if hasattr(cls, '__copy__'):
        return x.__copy__()
    if cls is list:
        return x[:]
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    if cls is tuple:
        return x
    if _is_container(x):
        return _copy_container(x, None)
    return _reconstruct(x, None)


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if isinstance(x, _ATOMIC):
        return x
    if hasattr(cls, '__deepcopy__'):
        y = x.__deepcopy__(memo)
    elif cls is list:
        y = []
        memo[key] = y
        y.extend(deepcopy(v, memo) for v in x)
    elif cls is tuple:
        y = tuple(deepcopy(v, memo) for v in x)
        if all(a is b for a, b in zip(x, y)):
            y = x
    elif cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is set:
        y = {deepcopy(v, memo) for v in x}
    elif _is_container(x):
        y = _copy_container(x, memo)
    else:
        y = _reconstruct(x, memo)
    memo[key] = y
    return y


def _is_container(x):
    from collections import deque
    return isinstance(x, (list, dict, set, deque))


def _copy_container(x, memo):
    """A copy of a list, dict, set or deque of a subclass: made without calling __init__ (as
    CPython's __reduce_ex__ does), with what the built-in base keeps (a defaultdict's factory,
    a deque's maxlen), the items, then the attributes; deep when memo is given."""
    from collections import defaultdict, deque
    cls = type(x)
    item = (lambda v: v) if memo is None else (lambda v: deepcopy(v, memo))
    y = cls.__new__(cls, (), x.maxlen) if isinstance(x, deque) else cls.__new__(cls)
    if isinstance(x, defaultdict):
        y.default_factory = x.default_factory
    if memo is not None:
        memo[id(x)] = y
    if isinstance(x, dict):
        for k, v in x.items():
            dict.__setitem__(y, item(k), item(v))
    elif isinstance(x, set):
        for v in x:
            set.add(y, item(v))
    else:
        for v in x:
            _append(y, item(v))
    _copy_attrs(x, y, memo)
    return y


def _append(container, v):
    from collections import deque
    (deque.append if isinstance(container, deque) else list.append)(container, v)


def _copy_attrs(src, dst, memo):
    state = getattr(src, '__dict__', None)
    if state:
        for k, v in state.items():
            setattr(dst, k, v if memo is None else deepcopy(v, memo))


def _reconstruct(x, memo):
    cls = type(x)
    y = object.__new__(cls)
    if memo is not None:
        memo[id(x)] = y
    _copy_attrs(x, y, memo)
    return y
