"""How tests/data/french_passphrases.txt was made (kept to say where the list comes from).

200 passphrases of four words, each drawn at random from the French words of wordfreq
(3.1.1, its ``large_fr`` list) of frequency ranks 1,000 to 10,000, joined by a space,
a hyphen or nothing, as people type a passphrase. Run once with a fixed seed, from
wordfreq's data file; the list is committed as it came out. Usage:
build_french_passphrases.py path/to/large_fr.msgpack.gz (needs msgpack).
"""

import gzip
import random
import sys
from pathlib import Path

import msgpack


def main(data_file):
    buckets = msgpack.unpackb(
        gzip.decompress(Path(data_file).read_bytes()), raw=False, strict_map_key=False
    )[1:]
    words = [word for bucket in buckets for word in bucket if word.isalpha()]
    candidates = words[1000:10000]
    rng = random.Random(2026)
    phrases = []
    while len(phrases) < 200:
        chosen = [rng.choice(candidates) for _ in range(4)]
        phrases.append(rng.choice([" ", "-", ""]).join(chosen))
    Path(__file__).with_name("french_passphrases.txt").write_text(
        "\n".join(phrases) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1])
