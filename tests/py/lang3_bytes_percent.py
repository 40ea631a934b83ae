# bytes %-formatting
print(b"%s=%d" % (b"k", 5), b"%x|%5d|%-3s|" % (255, 7, b"a"), b"%c%c" % (65, b"b"), b"100%%" % ())
print(bytearray(b"%s") % (b"z",), b"%r" % (b"q",) if False else b"%a" % ("\xe9",))
