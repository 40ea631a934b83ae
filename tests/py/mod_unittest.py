# unittest: assertions, setUp/tearDown order, skips, expected failures, subTest, assertRaises
# as a context manager and as a call, and main(): its exit status and final line (stderr).
import unittest

events = []


class Basics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        events.append("setUpClass")

    def setUp(self):
        events.append("setUp " + self._testMethodName)

    def tearDown(self):
        events.append("tearDown " + self._testMethodName)

    def test_equalities(self):
        self.assertEqual(1 + 1, 2)
        self.assertNotEqual("a", "b")
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertAlmostEqual(1.0, 1.05, delta=0.1)
        self.assertTrue([0])
        self.assertFalse("")
        self.assertIs(None, None)
        self.assertIsNone(None)
        self.assertIsNotNone(0)
        self.assertIn(2, [1, 2])
        self.assertNotIn(3, (1, 2))
        self.assertIsInstance(True, int)
        self.assertGreater(2, 1)
        self.assertLessEqual(1, 1)
        self.assertCountEqual([1, 2, 2], [2, 1, 2])
        self.assertRegex("hello world", r"w.rld")

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError) as cm:
            1 / 0
        events.append("caught " + type(cm.exception).__name__)
        self.assertRaises(KeyError, {}.__getitem__, "k")
        with self.assertRaisesRegex(ValueError, "invalid literal"):
            int("x")

    def test_messages(self):
        for check, args in ((self.assertEqual, (1, 2)), (self.assertIn, (5, [1])),
                            (self.assertTrue, (0,)), (self.assertIsNone, ("x",)),
                            (self.assertAlmostEqual, (1.0, 1.1))):
            try:
                check(*args)
            except AssertionError as e:
                events.append(str(e))
        try:
            self.assertEqual(1, 2, "custom")
        except AssertionError as e:
            events.append(str(e))
        try:
            with self.assertRaises(KeyError):
                pass
        except AssertionError as e:
            events.append(str(e))

    @unittest.skip("not today")
    def test_skipped(self):
        events.append("never")

    @unittest.expectedFailure
    def test_expected(self):
        self.assertEqual(1, 0)


class Failing(unittest.TestCase):
    def test_fails(self):
        self.assertEqual([1, 2], [1, 3])

    def test_errors(self):
        raise RuntimeError("boom")

    def test_sub(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)

    def test_passes(self):
        pass


result = unittest.main(exit=False).result
print(result.testsRun, len(result.failures), len(result.errors), len(result.skipped),
      len(result.expectedFailures), result.wasSuccessful())
for e in events:
    print(e)
unittest.main()
