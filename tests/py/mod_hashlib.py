# hashlib over OpenSSL: every guaranteed algorithm, incremental updates, copy, the attributes,
# bytearray input, and the errors CPython gives.
import hashlib

for name in sorted(hashlib.algorithms_guaranteed):
    h = hashlib.new(name, b"abc")
    g = getattr(hashlib, name)(b"ab")
    g.update(bytearray(b"c"))
    if name.startswith("shake"):
        print(name, h.hexdigest(20), g.digest(20) == h.digest(20), h.digest_size, h.block_size)
    else:
        print(name, h.hexdigest(), g.digest() == h.digest(), h.digest_size, h.block_size, h.name)
h = hashlib.sha256()
h.update(b"hello ")
c = h.copy()
h.update(b"world")
c.update(b"there")
print(h.hexdigest(), c.hexdigest(), hashlib.sha256(b"hello world").hexdigest() == h.hexdigest())
print(hashlib.md5(b"").hexdigest(), hashlib.sha1(b"The quick brown fox jumps over the lazy dog").hexdigest())
print(sorted(hashlib.algorithms_guaranteed) == sorted(hashlib.algorithms_guaranteed & hashlib.algorithms_available))
for bad in (lambda: hashlib.sha256("text"), lambda: hashlib.new("nope"), lambda: hashlib.md5().update(5),
            lambda: hashlib.sha256().digest(1), lambda: hash(hashlib.md5())):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
