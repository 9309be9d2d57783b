"""`make dictionaries`: the French dictionaries of the password check, made anew from the
data packages they come from, into this folder (the files are committed: the check never
downloads anything).

Sources (versions pinned here):
- wordfreq (PyPI; its data CC BY-SA 4.0, by Robyn Speer et al.): French words ranked by
  their frequency on the web, in subtitles, books, news and social media, the first
  WORDFREQ_WORDS of them (``fr_words.txt`` is therefore CC BY-SA 4.0 too);
- @zxcvbn-ts/language-fr (npm, MIT): French words ranked by frequency (subtitles, then
  Wikipedia), first names and surnames, and word sequences (months, days, seasons...);
- @etalab/decoupage-administratif (npm, Licence Ouverte 2.0, the French state's open
  data): the communes (ranked by population), their postal codes, and the départements.

Each word is written once, lower-case, in its first (most frequent) rank; a word with
accents is written as well without them (« liberté », then « liberte »), at the same
rank. Usage: python clients/dictionaries/build.py (needs npm).
"""

import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = {
    "words": "@zxcvbn-ts/language-fr@4.1.2",
    "places": "@etalab/decoupage-administratif@6.0.0",
}
WORDFREQ = "wordfreq==3.1.1"
WORDFREQ_WORDS = 250_000
# Words shorter than this are not worth a dictionary entry (zxcvbn's brute force already
# finds them cheaply).
SHORTEST = 2


def fold(word):
    """« liberté » → « liberte »: what a password without accents would hold."""
    return "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )


def squeeze(name):
    """A name as typed in a password: « Saint-Étienne » → « saint-étienne », « saintétienne »."""
    lower = name.lower()
    joined = "".join(char for char in lower if char.isalnum())
    return [lower, joined]


def unpack(package, folder):
    subprocess.run(
        ["npm", "pack", package, "--silent", "--pack-destination", str(folder)],
        check=True,
        cwd=folder,
        capture_output=True,
    )
    [archive] = folder.glob(package.split("@")[1].replace("/", "-") + "*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder / package.split("/")[0].strip("@"), filter="data")
    return folder / package.split("/")[0].strip("@") / "package"


def wordfreq_french(folder):
    """wordfreq's French words, most frequent first (its data file: buckets of words of
    one frequency each, after a header), read with msgpack installed for the build."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", WORDFREQ, "-d", str(folder)],
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--target", str(folder / "lib"), "msgpack"],
        check=True,
    )
    sys.path.insert(0, str(folder / "lib"))
    import msgpack  # installed just above, for this build only

    [wheel] = folder.glob("wordfreq-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = gzip.decompress(archive.read("wordfreq/data/large_fr.msgpack.gz"))
    buckets = msgpack.unpackb(packed, raw=False, strict_map_key=False)[1:]
    words = [word for bucket in buckets for word in bucket if word.isalpha()]
    return words[:WORDFREQ_WORDS]


def ranked(*lists):
    """One ranked list from several: by their ranks interleaved, each word once, each
    accented word followed by its folded form."""
    seen, out = set(), []
    longest = max(len(words) for words in lists)
    for rank in range(longest):
        for words in lists:
            if rank >= len(words):
                continue
            for form in (words[rank].lower(), fold(words[rank].lower())):
                if len(form) >= SHORTEST and form not in seen:
                    seen.add(form)
                    out.append(form)
    return out


def write(name, words, about):
    path = HERE / f"fr_{name}.txt"
    path.write_text(f"# {about}\n" + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(words)} entries")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        words = unpack(PACKAGES["words"], folder) / "src"
        places = unpack(PACKAGES["places"], folder) / "data"
        load = lambda path: json.loads(path.read_text(encoding="utf-8"))  # noqa: E731
        common, wikipedia = load(words / "commonWords.json"), load(words / "wikipedia.json")
        sequences = load(words / "wordSequences.json")
        vocabulary = ranked(wordfreq_french(folder), common, wikipedia)
        write(
            "words",
            vocabulary,
            f"French words by frequency ({WORDFREQ}, CC BY-SA 4.0; {PACKAGES['words']}, MIT)",
        )
        # The names come alphabetically: those that are frequent words too come first,
        # by that rank, the others after them.
        rank = {word: position for position, word in enumerate(vocabulary)}
        names = sorted(
            {*load(words / "firstnames.json"), *load(words / "lastnames.json")},
            key=lambda name: (rank.get(name.lower(), len(rank)), name),
        )
        write("names", ranked(names), f"First names and surnames ({PACKAGES['words']}, MIT)")
        write(
            "calendar",
            ranked(
                [
                    word
                    for key in ("months-fr", "daysOfWeek-fr", "seasons-fr", "timePeriods-fr")
                    for word in sequences[key]
                ]
            ),
            f"Months, days, seasons ({PACKAGES['words']}, MIT)",
        )
        communes = sorted(
            load(places / "communes.json"), key=lambda commune: -(commune.get("population") or 0)
        )
        departements = load(places / "departements.json")
        place_names = []
        for entry in [*departements, *communes]:
            place_names += squeeze(entry["nom"])
        postal_codes = sorted(
            {code for commune in communes for code in commune.get("codesPostaux", [])}
        )
        write(
            "places",
            ranked(place_names, [d["code"] for d in departements] + postal_codes),
            f"Départements, communes by population, postal codes ({PACKAGES['places']}, "
            "Licence Ouverte 2.0)",
        )


if __name__ == "__main__":
    main()
