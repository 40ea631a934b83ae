# a file never closed is flushed at exit; a file written in a function is readable after gc
import gc
def write_and_forget(fn, text):
    f = open(fn, "w")
    f.write(text)
write_and_forget("lang3_unclosed_file.tmp", "data written without close\n")
gc.collect()
with open("lang3_unclosed_file.tmp") as f:
    print(repr(f.read()))
import os
os.remove("lang3_unclosed_file.tmp")
print("end")
