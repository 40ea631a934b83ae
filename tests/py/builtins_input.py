# input() with stdin at end of file (the runner gives /dev/null): the prompt, then EOFError
print("start")
try:
    input("prompt> ")
except EOFError as e:
    print("EOFError:", e)
try:
    input()
except EOFError as e:
    print("EOFError:", e)
try:
    input(1, 2)
except TypeError as e:
    print("TypeError:", e)
