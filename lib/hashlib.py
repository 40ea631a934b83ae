"""hashlib: md5, sha1, the sha2 and sha3 families, shake_128/256, blake2b/s, and new(name),
over OpenSSL's digests (the _hashlib module). Not here: pbkdf2_hmac, scrypt, file_digest."""
import _hashlib

__all__ = ('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256',
           'sha3_384', 'sha3_512', 'shake_128', 'shake_256', 'blake2b', 'blake2s', 'new',
           'algorithms_guaranteed', 'algorithms_available')

algorithms_guaranteed = frozenset(('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',
                                   'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512',
                                   'shake_128', 'shake_256', 'blake2b', 'blake2s'))
algorithms_available = frozenset(_hashlib.algorithm_names)


def new(name, data=b'', **kwargs):
    return _hashlib.new(name, data)


def _constructor(name):
    def construct(data=b'', *, usedforsecurity=True):
        return _hashlib.new(name, data)
    construct.__name__ = construct.__qualname__ = 'openssl_' + name
    return construct


for _name in algorithms_guaranteed:
    globals()[_name] = _constructor(_name)
del _name
