"""Helper module docstring."""
print("helper loading, __name__ =", __name__)
VALUE = 42
_hidden = "hidden"
def greet(name):
    return "hello " + name
class Thing:
    pass
counter = [0]
if __name__ == "__main__":
    print("helper run as main")
