# args: 20000
# Word counting over generated text: string splitting, case folding, stripping
# punctuation, dict updates, sorting by count, and building a report string.
import sys

SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'zu', 'pe', 'qua', 'den']
PUNCT = ',.;:!?'


def make_vocabulary(size, seed):
    words = []
    for _ in range(size):
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        n = 1 + seed % 4
        word = ''
        for k in range(n):
            word += SYLLABLES[(seed >> (4 * k + 3)) % len(SYLLABLES)]
        words.append(word)
    return words


def make_text(n_words, vocab, seed):
    out = []
    for i in range(n_words):
        seed = (seed * 69069 + 1) & 0xffffffff
        # skew towards the front of the vocabulary so some words are frequent
        idx = (seed >> 8) % len(vocab)
        idx = idx * idx // len(vocab)
        word = vocab[idx]
        if seed & 7 == 0:
            word = word.capitalize()
        if seed & 31 == 1:
            word = word.upper()
        if (seed >> 5) % 11 == 0:
            word += PUNCT[(seed >> 9) % len(PUNCT)]
        out.append(word)
        if i % 12 == 11:
            out.append('\n')
    return ' '.join(out)


def count_words(text):
    counts = {}
    for line in text.split('\n'):
        for token in line.split():
            word = token.strip(PUNCT).lower()
            if not word:
                continue
            counts[word] = counts.get(word, 0) + 1
    return counts


def bigrams(text):
    pairs = {}
    words = [w.strip(PUNCT).lower() for w in text.split()]
    for a, b in zip(words, words[1:]):
        key = a + ' ' + b
        if key in pairs:
            pairs[key] += 1
        else:
            pairs[key] = 1
    return pairs


def report(counts, top):
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = ['{:>3}. {:<16} {:6d}'.format(i + 1, w, c) for i, (w, c) in enumerate(ranked[:top])]
    return '\n'.join(lines)


def main():
    n_words = int(sys.argv[1]) if len(sys.argv) > 1 else 800000
    vocab = make_vocabulary(3000, 42)
    text = make_text(n_words, vocab, 7)
    counts = count_words(text)
    pairs = bigrams(text)
    letters = {}
    for word, c in counts.items():
        for ch in set(word):
            letters[ch] = letters.get(ch, 0) + c
    print('chars=%d distinct=%d total=%d bigrams=%d' % (
        len(text), len(counts), sum(counts.values()), len(pairs)))
    print(report(counts, 8))
    print(report(pairs, 3))
    print(' '.join('%s:%d' % kv for kv in sorted(letters.items())))


main()
