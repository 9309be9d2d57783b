"""How tests/data/french_passwords.txt was made (kept to say where the list comes from).

200 passwords of 12 characters or more, in the shapes the published analyses of French
password leaks describe (most of them one word, name or place, capitalised or not, with a
year, a date, a département, digits and punctuation; a word typed twice; a phrase of love
run together; a keyboard run with a word): the bases were chosen by hand for this test,
from sources other than the shipped dictionaries (French first names, pets' names, terms
of endearment, football clubs, cities, brands, words heard every day). Run once with a
fixed seed; the list is committed as it came out.
"""

import random
from pathlib import Path

BASES = [
    "soleil",
    "bonjour",
    "chocolat",
    "marseille",
    "toulouse",
    "bordeaux",
    "nantes",
    "lyonnais",
    "doudou",
    "loulou",
    "chouchou",
    "nounours",
    "princesse",
    "titounet",
    "poupette",
    "jetaime",
    "jetadore",
    "monamour",
    "mamour",
    "cherie",
    "bisous",
    "camille",
    "nicolas",
    "julien",
    "mathilde",
    "clement",
    "pauline",
    "thomas",
    "lucas",
    "manon",
    "chloe",
    "emma",
    "louise",
    "hugo",
    "enzo",
    "nathan",
    "lea",
    "sebastien",
    "aurelie",
    "stephanie",
    "virginie",
    "christophe",
    "frederic",
    "olympique",
    "allezlom",
    "paname",
    "parisien",
    "galinette",
    "liberte",
    "vacances",
    "bretagne",
    "normandie",
    "provence",
    "corsica",
    "chamonix",
    "biarritz",
    "cannes",
    "renault",
    "peugeot",
    "citroen",
    "michelin",
    "carrefour",
    "orange",
    "freebox",
    "livebox",
    "motdepasse",
    "azerty",
    "qsdfgh",
    "wxcvbn",
    "bienvenue",
    "coucou",
    "papillon",
    "dauphin",
    "cheval",
    "tigresse",
    "panthere",
    "licorne",
    "minou",
    "filou",
    "caramel",
    "vanille",
    "framboise",
    "myrtille",
    "citron",
    "noisette",
    "football",
    "rugby",
    "basket",
    "petanque",
    "tourdefrance",
    "champion",
    "maman",
    "papa",
    "mamie",
    "papi",
    "famille",
    "bebe",
    "enfants",
    "mariage",
    "noel",
]
YEARS = [str(year) for year in range(1960, 2027)]
DEPARTEMENTS = ["13", "31", "33", "44", "59", "69", "75", "92", "93", "94", "06", "34"]
TAILS = ["!", "!!", "!!!", "*", ".", "123", "1234", "12345", "?", "@", "#", "01", "2b"]


PHRASES = [
    "jetaime",
    "jetaimemonamour",
    "monamour",
    "moncoeur",
    "mabelle",
    "monbebe",
    "jetadore",
    "tuesmavie",
    "amourdemavie",
    "pourtoujours",
]
KEYBOARD = ["azerty", "azertyuiop", "qsdfghjklm", "wxcvbn", "123456", "1234567890", "aqwzsx"]


def shapes(rng):
    base = rng.choice(BASES)
    capital = base.capitalize() if rng.random() < 0.6 else base
    year, tail = rng.choice(YEARS), rng.choice(TAILS)
    day = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
    kind = rng.random()
    if kind < 0.7:  # one word with its decorations
        return rng.choice(
            [
                capital + year + tail,
                capital + rng.choice(DEPARTEMENTS) + year,
                capital + "." + year + tail,
                base + tail + year,
                capital + day + year,
                capital + year + tail + rng.choice(TAILS),
                capital + "_" + year + rng.choice(DEPARTEMENTS),
                capital + rng.choice(DEPARTEMENTS) + tail + rng.choice(TAILS),
            ]
        )
    if kind < 0.8:  # a word typed twice
        return capital + base + rng.choice(["", year[-2:], tail])
    if kind < 0.9:  # a phrase of love run together
        phrase = rng.choice(PHRASES)
        return rng.choice([phrase.capitalize(), phrase]) + rng.choice([year, tail, day, ""])
    return rng.choice(KEYBOARD) + capital + rng.choice(["", year, tail])


def main():
    rng = random.Random(2026)
    found = []
    while len(found) < 200:
        candidate = shapes(rng)
        if len(candidate) >= 12 and candidate not in found:
            found.append(candidate)
    path = Path(__file__).with_name("french_passwords.txt")
    path.write_text("\n".join(found) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
