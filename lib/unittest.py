"""unittest: TestCase with the common assertions, skips, setUp/tearDown (per test and per
class), subTest, and main(), which runs the TestCase classes of __main__ and reports on stderr
as CPython does (dots, then each failure, "Ran N tests", OK or FAILED); exit status 1 when
something failed. Not here: loaders and suites beyond main(), mock, async tests."""
import sys
import time

__all__ = ['TestCase', 'SkipTest', 'skip', 'skipIf', 'skipUnless', 'expectedFailure', 'main',
           'TestResult', 'TestProgram']


class SkipTest(Exception):
    pass


class _Failure(AssertionError):
    pass


def skip(reason):
    def mark(obj):
        obj.__unittest_skip__ = True
        obj.__unittest_skip_why__ = reason
        return obj
    if callable(reason) and not isinstance(reason, str):  # @skip without a reason
        f, reason = reason, ''
        return mark(f)
    return mark


def skipIf(condition, reason):
    return skip(reason) if condition else (lambda obj: obj)


def skipUnless(condition, reason):
    return skip(reason) if not condition else (lambda obj: obj)


def expectedFailure(f):
    f.__unittest_expecting_failure__ = True
    return f


def _safe_repr(obj, limit=80):
    try:
        r = repr(obj)
    except Exception:
        r = object.__repr__(obj)
    return r if len(r) <= limit else r[:limit] + ' [truncated]...'


class _RaisesContext:
    def __init__(self, test, expected, regex=None):
        self.test, self.expected, self.regex = test, expected, regex
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, typ, value, tb):
        names = self.expected.__name__ if isinstance(self.expected, type) else \
            ', '.join(e.__name__ for e in self.expected)
        if typ is None:
            self.test.fail('%s not raised' % names)
        if not issubclass(typ, self.expected):
            return False
        self.exception = value
        if self.regex is not None:
            import re
            if not re.search(self.regex, str(value)):
                self.test.fail('"%s" does not match "%s"' % (self.regex, value))
        return True


class _SubTest:
    def __init__(self, case, msg, params):
        self.case, self.msg, self.params = case, msg, params

    def __enter__(self):
        return self

    def __exit__(self, typ, value, tb):
        if typ is None or not issubclass(typ, Exception) or issubclass(typ, SkipTest):
            return False
        self.case._sub_errors.append((self, typ, value))
        return True

    def describe(self):
        parts = []
        if self.msg is not None:
            parts.append('[%s]' % self.msg)
        if self.params:
            parts.append('(%s)' % ', '.join('%s=%r' % kv for kv in self.params.items()))
        return ' '.join(parts) or '(<subtest>)'


class TestCase:
    failureException = AssertionError
    maxDiff = 80 * 8
    longMessage = True

    def __init__(self, methodName='runTest'):
        self._testMethodName = methodName
        self._sub_errors = []
        self._cleanups = []

    def __str__(self):
        return '%s (%s.%s.%s)' % (self._testMethodName, type(self).__module__,
                                   type(self).__qualname__, self._testMethodName)

    def __repr__(self):
        return '<%s.%s testMethod=%s>' % (type(self).__module__, type(self).__qualname__,
                                          self._testMethodName)

    def id(self):
        return '%s.%s.%s' % (type(self).__module__, type(self).__qualname__, self._testMethodName)

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def addCleanup(self, function, *args, **kwargs):
        self._cleanups.append((function, args, kwargs))

    def doCleanups(self):
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            function(*args, **kwargs)

    def skipTest(self, reason):
        raise SkipTest(reason)

    def subTest(self, msg=None, **params):
        return _SubTest(self, msg, params)

    # -- Assertions -------------------------------------------------------------------------

    def fail(self, msg=None):
        raise self.failureException(msg)

    def _fail(self, standard, msg):
        if msg is None:
            self.fail(standard)
        self.fail('%s : %s' % (standard, msg) if self.longMessage else msg)

    def assertTrue(self, expr, msg=None):
        if not expr:
            self._fail('%s is not true' % _safe_repr(expr), msg)

    def assertFalse(self, expr, msg=None):
        if expr:
            self._fail('%s is not false' % _safe_repr(expr), msg)

    def assertEqual(self, first, second, msg=None):
        if not first == second:
            self._fail('%s != %s' % (_safe_repr(first), _safe_repr(second)), msg)

    def assertNotEqual(self, first, second, msg=None):
        if not first != second:
            self._fail('%s == %s' % (_safe_repr(first), _safe_repr(second)), msg)

    assertListEqual = assertTupleEqual = assertDictEqual = assertSetEqual = assertEqual
    assertSequenceEqual = assertMultiLineEqual = assertEqual
    failUnlessEqual = assertEquals = assertEqual
    failIfEqual = assertNotEquals = assertNotEqual
    failUnless = assert_ = assertTrue
    failIf = assertFalse

    def assertAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        if first == second:
            return
        diff = abs(first - second)
        if delta is not None:
            if diff <= delta:
                return
            standard = '%s != %s within %s delta (%s difference)' % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            places = 7 if places is None else places
            if round(diff, places) == 0:
                return
            standard = '%s != %s within %r places (%s difference)' % (
                _safe_repr(first), _safe_repr(second), places, _safe_repr(diff))
        self._fail(standard, msg)

    def assertNotAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        diff = abs(first - second)
        if delta is not None:
            if not (first == second) and diff > delta:
                return
        elif not (first == second) and round(diff, 7 if places is None else places) != 0:
            return
        self._fail('%s == %s' % (_safe_repr(first), _safe_repr(second)), msg)

    assertAlmostEquals = assertAlmostEqual
    assertNotAlmostEquals = assertNotAlmostEqual

    def assertIs(self, expr1, expr2, msg=None):
        if expr1 is not expr2:
            self._fail('%s is not %s' % (_safe_repr(expr1), _safe_repr(expr2)), msg)

    def assertIsNot(self, expr1, expr2, msg=None):
        if expr1 is expr2:
            self._fail('unexpectedly identical: %s' % _safe_repr(expr1), msg)

    def assertIsNone(self, obj, msg=None):
        if obj is not None:
            self._fail('%s is not None' % _safe_repr(obj), msg)

    def assertIsNotNone(self, obj, msg=None):
        if obj is None:
            self._fail('unexpectedly None', msg)

    def assertIn(self, member, container, msg=None):
        if member not in container:
            self._fail('%s not found in %s' % (_safe_repr(member), _safe_repr(container)), msg)

    def assertNotIn(self, member, container, msg=None):
        if member in container:
            self._fail('%s unexpectedly found in %s' % (_safe_repr(member), _safe_repr(container)), msg)

    def assertIsInstance(self, obj, cls, msg=None):
        if not isinstance(obj, cls):
            self._fail('%s is not an instance of %r' % (_safe_repr(obj), cls), msg)

    def assertNotIsInstance(self, obj, cls, msg=None):
        if isinstance(obj, cls):
            self._fail('%s is an instance of %r' % (_safe_repr(obj), cls), msg)

    def assertGreater(self, a, b, msg=None):
        if not a > b:
            self._fail('%s not greater than %s' % (_safe_repr(a), _safe_repr(b)), msg)

    def assertGreaterEqual(self, a, b, msg=None):
        if not a >= b:
            self._fail('%s not greater than or equal to %s' % (_safe_repr(a), _safe_repr(b)), msg)

    def assertLess(self, a, b, msg=None):
        if not a < b:
            self._fail('%s not less than %s' % (_safe_repr(a), _safe_repr(b)), msg)

    def assertLessEqual(self, a, b, msg=None):
        if not a <= b:
            self._fail('%s not less than or equal to %s' % (_safe_repr(a), _safe_repr(b)), msg)

    def assertCountEqual(self, first, second, msg=None):
        first, second = list(first), list(second)
        missing = list(second)
        for x in first:
            if x in missing:
                missing.remove(x)
            else:
                self._fail('Element counts were not equal: %s' % _safe_repr(x), msg)
        if missing:
            self._fail('Element counts were not equal: %s' % _safe_repr(missing[0]), msg)

    def assertRegex(self, text, regex, msg=None):
        import re
        if not re.search(regex, text):
            self._fail("Regex didn't match: %r not found in %r" % (regex, text), msg)

    def assertNotRegex(self, text, regex, msg=None):
        import re
        if re.search(regex, text):
            self._fail('Regex matched: %r matches %r' % (text, regex), msg)

    def assertRaises(self, expected, *args, **kwargs):
        context = _RaisesContext(self, expected)
        if not args:
            return context
        with context:
            args[0](*args[1:], **kwargs)

    def assertRaisesRegex(self, expected, regex, *args, **kwargs):
        context = _RaisesContext(self, expected, regex)
        if not args:
            return context
        with context:
            args[0](*args[1:], **kwargs)

    assertRaisesRegexp = assertRaisesRegex
    failUnlessRaises = assertRaises


class TestResult:
    def __init__(self):
        self.failures, self.errors, self.skipped = [], [], []
        self.expectedFailures, self.unexpectedSuccesses = [], []
        self.testsRun = 0

    def wasSuccessful(self):
        return not (self.failures or self.errors or self.unexpectedSuccesses)


def _describe(exc):
    """The last lines of a traceback, as far as this runtime can tell them."""
    text = type(exc).__name__
    msg = str(exc)
    return text + (': ' + msg if msg else '')


class _Runner:
    def __init__(self, stream, verbosity):
        self.stream, self.verbosity = stream, verbosity
        self.result = TestResult()

    def mark(self, test, short, long):
        if self.verbosity > 1:
            self.stream.write('%s ... %s\n' % (test, long))
        else:
            self.stream.write(short)
        self.stream.flush()

    def record(self, test, exc, label):
        is_failure = isinstance(exc, AssertionError)
        (self.result.failures if is_failure else self.result.errors).append((test, label, exc))
        self.mark(test, 'F' if is_failure else 'E', 'FAIL' if is_failure else 'ERROR')

    def call(self, test, fn):
        """fn(); False after recording the exception it raised."""
        try:
            fn()
            return True
        except SkipTest as e:
            self.result.skipped.append((test, str(e)))
            self.mark(test, 's', "skipped %r" % str(e))
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: a test may raise anything, SystemExit included
            self.record(test, e, str(test))
        return False

    def run_test(self, test):
        self.result.testsRun += 1
        method = getattr(test, test._testMethodName)
        if getattr(type(test), '__unittest_skip__', False) or getattr(method, '__unittest_skip__', False):
            why = getattr(method, '__unittest_skip_why__', '') or getattr(type(test), '__unittest_skip_why__', '')
            self.result.skipped.append((test, why))
            self.mark(test, 's', 'skipped %r' % why)
            return
        expecting = getattr(method, '__unittest_expecting_failure__', False)
        if not self.call(test, test.setUp):
            return
        ok = self.run_body(test, method, expecting)
        ok = self.call(test, test.tearDown) and ok
        ok = self.call(test, test.doCleanups) and ok
        if ok and not expecting:
            self.mark(test, '.', 'ok')

    def run_body(self, test, method, expecting):
        test._sub_errors = []
        try:
            method()
        except SkipTest as e:
            self.result.skipped.append((test, str(e)))
            self.mark(test, 's', 'skipped %r' % str(e))
            return False
        except KeyboardInterrupt:
            raise
        except BaseException as e:
            if expecting:
                self.result.expectedFailures.append((test, e))
                self.mark(test, 'x', 'expected failure')
            else:
                self.record(test, e, str(test))
            return False
        for sub, typ, value in test._sub_errors:
            self.record(test, value, '%s %s' % (test, sub.describe()))
        if test._sub_errors:
            return False
        if expecting:
            self.result.unexpectedSuccesses.append(test)
            self.mark(test, 'u', 'unexpected success')
            return False
        return True

    def run_class(self, cls, names):
        if getattr(cls, '__unittest_skip__', False):
            for name in names:
                self.run_test(cls(name))
            return
        try:
            cls.setUpClass()
        except SkipTest as e:
            for name in names:
                self.result.skipped.append((cls(name), str(e)))
                self.mark(cls(name), 's', 'skipped %r' % str(e))
            return
        except Exception as e:
            self.result.errors.append((cls, 'setUpClass (%s.%s)' % (cls.__module__, cls.__qualname__), e))
            self.mark(cls, 'E', 'ERROR')
            return
        for name in names:
            self.run_test(cls(name))
        try:
            cls.tearDownClass()
        except Exception as e:
            self.result.errors.append((cls, 'tearDownClass (%s.%s)' % (cls.__module__, cls.__qualname__), e))

    def report(self, seconds):
        w = self.stream.write
        if self.verbosity <= 1:
            w('\n')
        for kind, items in (('ERROR', self.result.errors), ('FAIL', self.result.failures)):
            for _, label, exc in items:
                w('=' * 70 + '\n%s: %s\n' % (kind, label) + '-' * 70 + '\n')
                w('Traceback (most recent call last):\n%s\n\n' % _describe(exc))
        r = self.result
        w('-' * 70 + '\nRan %d test%s in %.3fs\n\n' % (r.testsRun, '' if r.testsRun == 1 else 's', seconds))
        notes = []
        for label, n in (('failures', len(r.failures)), ('errors', len(r.errors)),
                         ('skipped', len(r.skipped)), ('expected failures', len(r.expectedFailures)),
                         ('unexpected successes', len(r.unexpectedSuccesses))):
            if n:
                notes.append('%s=%d' % (label, n))
        w(('OK' if r.wasSuccessful() else 'FAILED') + (' (%s)' % ', '.join(notes) if notes else '') + '\n')
        self.stream.flush()


def _test_names(cls, prefix='test'):
    return sorted(name for name in dir(cls) if name.startswith(prefix) and callable(getattr(cls, name)))


def _classes(module):
    found = []
    for name in dir(module):
        obj = getattr(module, name)
        if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase:
            found.append(obj)
    return sorted(found, key=lambda c: c.__name__)


class TestProgram:
    """unittest.main: runs every test_* method of every TestCase class in module, reports on
    stderr, and exits 0 if all passed (1 otherwise) unless exit is false; .result holds the
    TestResult."""

    def __init__(self, module='__main__', argv=None, exit=True, verbosity=1, **_ignored):
        if isinstance(module, str):
            module = sys.modules[module]
        argv = sys.argv if argv is None else argv
        if '-v' in argv[1:] or '--verbose' in argv[1:]:
            verbosity = 2
        runner = _Runner(sys.stderr, verbosity)
        start = time.perf_counter()
        for cls in _classes(module):
            names = _test_names(cls)
            if names:
                runner.run_class(cls, names)
        runner.report(time.perf_counter() - start)
        self.result = runner.result
        if exit:
            sys.exit(0 if self.result.wasSuccessful() else 1)


main = TestProgram
