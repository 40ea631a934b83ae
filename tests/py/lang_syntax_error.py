# A syntax error: nothing runs, exit status 1, SyntaxError named on stderr's last line.
print('never printed')
x = (1 +
