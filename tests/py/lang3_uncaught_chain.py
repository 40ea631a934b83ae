# uncaught chained exception: exit status 1, traceback ends with the last exception
print("before")
def fail():
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("converted") from e
fail()
print("never")
