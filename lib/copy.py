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
    if isinstance(x, (list, dict, set)):
        new = cls()
        if isinstance(x, list):
            new.extend(x)
        else:
            new.update(x)
        _copy_attrs(x, new, None)
        return new
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
    else:
        y = _reconstruct(x, memo)
    memo[key] = y
    return y


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
