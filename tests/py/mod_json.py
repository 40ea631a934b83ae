# json: dumps options (indent, sort_keys, separators, ensure_ascii, default), loads and its errors, dump/load.
import json
d = {"b": [1, 2.5, None, True, False], "a": "h\u00e9\n\"x\"", "c": {"z": 1e100, "y": -0.0}, "e": [], "f": {}}
print(json.dumps(d))
print(json.dumps(d, sort_keys=True, indent=2))
print(json.dumps(d, ensure_ascii=False, separators=(',', ':')))
print(json.dumps([1, {1: 2, 2.5: 3, None: 4}], indent='\t'))
print(json.dumps("\U0001f600"), json.dumps(3.1), json.dumps(0.1+0.2), json.dumps(float('inf')))
print(json.dumps({1, 2} , default=sorted))
try: json.dumps(object())
except TypeError as e: print(e)
print(json.loads('{"a": [1, 2.5, -3e2, true, false, null], "b": "x\\u00e9\\n\\ud83d\\ude00"}'))
for bad in ['', '[1,', '{"a" 1}', '[1 2]', '{"a":1,}', '"abc', 'nul', '[1] x', '{1:2}', '\n\n  @']:
    try: json.loads(bad)
    except json.JSONDecodeError as e: print(repr(bad), e, isinstance(e, ValueError), e.pos, e.lineno, e.colno)
print(json.loads('  [ ]  '), json.loads('-0'), json.loads('12345678901234567890'), json.loads('1.5E3'))

for bad in ['[1,]', '[1,2', '{"a":', '["a\\q"]', '"\\u12"']:
    try: json.loads(bad)
    except ValueError as e: print(e)
for bad in ['"a\tb"']:
    try: json.loads(bad)
    except ValueError as e: print(e)
with open('_mod_json_tmp.json', 'w') as f:
    json.dump({'k': [1, 2, {'n': None}]}, f, indent=1)
with open('_mod_json_tmp.json') as f:
    print(json.load(f))
import os
os.remove('_mod_json_tmp.json')
print(json.loads('{"a": 1}', object_pairs_hook=list), json.loads('[1.5]', parse_float=str))
