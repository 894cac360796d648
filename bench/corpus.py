"""Benchmark corpus: N minutes documents varied from the two seeds in tests/fixtures/.

    python bench/corpus.py                 # N = 1, 100, 1000, 10000 into bench/corpus/
    python bench/corpus.py --sizes 1000    # only some sizes
    python bench/corpus.py --big           # also the 5 MB and 50 MB single files

Every document is built from the seeds' shape (header, attendance, formalities,
matters, closing) with a different date, Dnr, number of items, titles, presenters
from a name pool, decisions inline or as blocks, and random defects (a missing
section, a wrong time format, a capitalised title, a repeated phrase, a duplicated
label, another verb form, a numbering gap, a Dnr from the future, CRLF line ends,
a cp1252 file ...). Deterministic: document i of any size is the same file for the
same --seed, so bench/corpus/n100 is a prefix of bench/corpus/n1000.

Layout (gitignored):
    bench/corpus/n1/doc00000.txt ... bench/corpus/n10000/doc09999.txt
    bench/corpus/yaml1000/, yaml10000/   small YAML files (for yamllint, a peer)
    bench/corpus/big/5mb.txt, big/50mb.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DEFAULT_SIZES = (1, 100, 1000, 10000)
SEED = 20250425

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

ORGS = ["Region Dalarna", "Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand",
        "Ludvika", "Malung-Sälen", "Mora", "Orsa", "Rättvik", "Smedjebacken", "Säter",
        "Vansbro", "Älvdalen"]

FIRST = ["Sofia", "Sebastian", "Gunilla", "Patrik", "Cecilia", "Marianne", "Susanne", "Jonas",
         "Tom", "Eva-Lotta", "Kajsa-Lena", "Karin", "Lars", "Åsa", "Håkan", "Jörgen", "Brita",
         "Bert", "Bengt-Åke", "Fredrik", "Matilda", "Christopher", "Hans-Göran", "Marcus",
         "Anna", "Anette", "Jasmin", "Lisa", "Kenneth", "Camilla", "Anita", "Sune", "Annelie",
         "Monica", "Stina", "Crister", "Tanja", "Stefan", "Linda", "Elin", "Agneta", "Olof"]
LAST = ["Jarl", "Karlberg", "Berglund", "Sundin", "Rodin", "Henriksson", "Norberg", "Sallén",
        "Edoff", "Törnblom", "Fagerström", "Mikkonen", "Halvarson", "Bergkvist", "Frank",
        "Norén", "Sohlin", "Persson", "Svahn", "Ollén", "Kilström", "Nilsson", "Steneryd",
        "Kock", "Pollack", "Eriksson", "Löf", "Karlsson", "Dahlström", "Andersson", "Nordström",
        "Hemmingsson", "Hultgren", "Forsgren", "Munters", "Carlsson", "Mårtensson", "Nielsen",
        "Haglund", "Axman", "Haraldsson", "Ehrs"]

ROLES = ["utvecklingsledare", "projektsamordnare", "folkhälsoanalytiker", "samhällsanalytiker",
         "chefsläkare", "vaccinationssamordnare", "projektledare", "enhetschef",
         "verksamhetsutvecklare", "strateg", "förvaltningschef", "socialchef"]
UNITS = ["Division psykiatri & Habilitering", "Hållbarhetsavdelningen", "Region Dalarna",
         "Omställning Hälso och sjukvård, Region Dalarna", "Borlänge kommun", "Falu kommun",
         "Länsstyrelsen Dalarna", "RSS Dalarna"]

TOPICS = ["MiniMaria – Verksamhetsbeskrivning", "SPAK – Omställningsdirektivet, arbetsgruppens nuläge",
          "Resurscentrum – Borlänge kommun", "Folkhälsoenkät – Analysverktyg för hälsa och livsvillkor",
          "Demografisk utveckling i Dalarna", "Aktuellt läge Covid och vaccination",
          "Det regionala samverkansarbetet för jämställdhet och kvinnofrid",
          "Pågående arbete inom den regionala samverkans- och stödstrukturen (RSS)",
          "Justerat kalendarium för Välfärdsrådet", "God och nära vård – färdplan",
          "Suicidprevention i länet", "Barn och unga med psykisk ohälsa",
          "Kompetensförsörjning inom vård och omsorg", "Digitala vårdmöten i hemtjänsten",
          "Länsgemensam handlingsplan för äldres hälsa", "Överenskommelse om hjälpmedel"]
KINDS = ["Information", "Information", "Rapport", "Dialog", "Information/Dialog", "Beslut"]

SENTENCES = [
    "Föredraganden redogjorde för arbetet och den fortsatta planeringen.",
    "Samverkan mellan aktörer lyftes fram som avgörande för verksamhetens framgång.",
    "Vikten av tydliga samverkansavtal betonades för att undvika att ungdomar hamnar mellan olika instanser.",
    "Förslaget motiverades med behovet av att skapa jämlik geografisk tillgång till vård.",
    "Inställningen till förslaget var positiv.",
    "Alla parter behöver fatta beslut utifrån ett gemensamt underlag som kommer att tillhandahållas.",
    "Flera deltagare framhöll verksamhetens vikt och behovet av långsiktig hållbarhet.",
    "Det betonades att en samordning kring underavtal behövs för att hålla samman verksamheten.",
    "Arbetet utgår från delmålen i strategin för God och nära vård.",
    "Det kommunala perspektivet får en tydlig plats i modellen.",
    "Finansiering saknas från mars och året ut, med en beräknad kostnad att fördela mellan kommunerna.",
    "Under dialogen framkom ett behov av att jämföra med liknande verksamheter i andra regioner.",
    "En återkoppling kring arbetets fortgång planeras till hösten.",
    "Verktyget samlar data från flera regionala och nationella källor.",
    "Det ska stödja behovsanalys, uppföljning och strategiskt arbete för en jämlik hälsa.",
    "Antalet personer i arbetsför ålder minskar samtidigt som gruppen äldre ökar.",
    "Stora skillnader lyftes mellan kommunerna i länet.",
    "Behovet av stärkt samverkan och gemensamma analyser betonades.",
    "Nästan alla inneliggande är äldre dubbelvaccinerade.",
    "Rekrytering av personal pågår för att skala upp kapaciteten.",
    "Strategin behöver kommuniceras och förankras i Beredningen för Dalarnas utveckling.",
    "Ambitionen är att ha ett uppdrag klart för beslut vid nästa möte.",
]
PLACES = ["Digitalt via Teams", "Teams", "Regionhuset, Falun", "Borlänge stadshus", "Mora, Tingshuset"]
OTHER_QUESTIONS = [("HVB hem", "Frågan om gemensamma HVB-hem diskuterades."),
                   ("Personliga ombud", "De statliga medlen för personligt ombud väntas fasas ut."),
                   ("Nästa möte", "Nästa möte hålls digitalt.")]
CLAUSES = ["att lägga informationen till handlingarna", "att fastställa förslaget",
           "att ge Länsnätverket för förvaltningschefer i uppdrag att ta fram underlag",
           "att återkomma i frågan vid nästa möte"]

DEFECTS = ("missing-section", "time-format", "capital-role", "repeated-phrase", "duplicate-label",
           "verb-form", "numbering-gap", "dnr-future", "missing-presenter", "crlf", "cp1252",
           "date-conflict", "justerare-absent", "clause-punctuation", "no-dnr")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    """Body text wrapped at ~85 columns, as the exported seeds are."""
    out = []
    for _ in range(count):
        words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))).split()
        lines, cur = [], ""
        for w in words:
            if cur and len(cur) + 1 + len(w) > 85:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        lines.append(cur)
        out.append("\n".join(lines))
    return out


def document(index: int, seed: int = SEED, n_matters: int | None = None) -> tuple[str, str]:
    """Return (text, encoding) of document `index`."""
    rng = random.Random(seed * 1_000_003 + index)
    defects = {d for d in DEFECTS if rng.random() < 0.12}
    date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365))
    prev = date - dt.timedelta(days=rng.randint(28, 70))
    dnr_year = date.year + (rng.randint(1, 2) if "dnr-future" in defects else -rng.randint(0, 1))
    dnr = f"{rng.choice(['HSN', 'RS', 'VFR', 'SOC', 'KS'])} {dnr_year}/{rng.randint(1, 2999)}"
    block = rng.random() < 0.5  # decision layout of this document
    colon = block and rng.random() < 0.6
    full_stop = rng.random() < 0.6
    verb = "beslutar" if "verb-form" in defects else "beslutade"
    time = "Kl. 9-11.15" if "time-format" in defects else rng.choice(["Kl. 9.00 – 12.00", "Kl. 13.00–15.30", "Kl. 9.30-11.45"])

    # Attendance: one or two names per organisation, a chair.
    people = []
    for org in rng.sample(ORGS, rng.randint(8, len(ORGS))):
        for _ in range(rng.randint(1, 2)):
            people.append((_name(rng), org))
    chair = people[0][0]
    present = [p for p, _ in people]
    justerare = _name(rng) if "justerare-absent" in defects else rng.choice(present[1:])

    out: list[str] = []
    if rng.random() < 0.6:  # seed 000's header
        out += [" Välfärdsrådet ", "", "Minnesanteckningar Välfärdsrådet ", "",
                f"Datum: {date.isoformat()} ", ""]
        if "no-dnr" not in defects:
            out += [f"Dnr:  {dnr} ", ""]
        if "date-conflict" in defects:
            other = date + dt.timedelta(days=1)
            out += [f"Datum: {other.day} {MONTHS[other.month - 1]} {other.year} ", ""]
    else:  # seed 003's header
        out += [f" Välfärdsrådets möte den {date.day} {MONTHS[date.month - 1]} {date.year}  ", ""]
        if "no-dnr" not in defects:
            out += [f"Dnr: {dnr}", ""]
    out += [f"Tid: {time} ", "", f"Plats: {rng.choice(PLACES)} ", "", "Närvarande: (ordf = ordförande) "]
    by_org: dict[str, list[str]] = {}
    for name, org in people:
        by_org.setdefault(org, []).append(name + (" (ordf)" if name == chair else ""))
    out += [f"{org} {' '.join(names)}  " for org, names in by_org.items()]
    out.append("")

    def decision(clauses: list[str]) -> list[str]:
        end = "." if full_stop else ""
        lines = []
        if "clause-punctuation" in defects and rng.random() < 0.5:
            end = "" if full_stop else "."
        if block:
            lines.append(f"Välfärdsrådet {verb}{':' if colon else ''} ")
            lines += [c + end for c in clauses]
        else:
            lines.append(f"Välfärdsrådet {verb} {clauses[0]}{end}")
            lines += [c + end for c in clauses[1:]]
        return ["", *lines, ""]

    sections = [
        ("Mötets öppnande", [f"Ordförande {chair} öppnade mötet och hälsade alla välkomna."], ["att öppna mötet"]),
        ("Godkännande av dagordning", [], ["att godkänna dagordningen"]),
        ("Val av justerare", [], [f"att utse {justerare} till justerare"]),
        (f"Föregående minnesanteckningar {prev.strftime('%y%m%d')}", [], ["att lägga minnesanteckningarna till handlingarna"]),
    ]
    if "missing-section" in defects:
        del sections[rng.randrange(len(sections))]
    number = 1
    for title, body, clauses in sections:
        out += [f"{number}. {title} ", *body, *decision(clauses)]
        number += 1
    matters = n_matters if n_matters is not None else rng.randint(2, 8)
    for m in range(matters):
        if "numbering-gap" in defects and m == 1:
            number += 1
        kind = rng.choice(KINDS)
        out.append(f"{number}. {kind}: {rng.choice(TOPICS)}")
        number += 1
        if kind != "Beslut" and not ("missing-presenter" in defects and m == 0):
            role = rng.choice(ROLES)
            if "capital-role" in defects and m % 2 == 0:
                role = role.capitalize()
            label = "Föredragande: Föredragande:" if "duplicate-label" in defects and m == 0 else "Föredragande:"
            out += ["", f"{label} {_name(rng)}, {role}, {rng.choice(UNITS)}"]
        out.append("")
        paras = _paragraphs(rng, rng.randint(1, 4))
        if "repeated-phrase" in defects and m == 0:
            paras[0] = paras[0].replace(" och ", " och och ", 1) if " och " in paras[0] else paras[0] + " möte möte"
        for p in paras:
            out += [p, ""]
        out += decision(rng.sample(CLAUSES, rng.randint(1, 2)))
    out += [f"{number}. Övriga frågor ", ""]
    for letter, (title, text) in zip("abc", rng.sample(OTHER_QUESTIONS, rng.randint(0, 2)), strict=False):
        out += [f"{letter}) {title} ", text, ""]
    if "missing-section" not in defects or rng.random() < 0.5:
        out += [f"{number + 1}. Mötets avslutande ", ""]
    newline = "\r\n" if "crlf" in defects else "\n"
    encoding = "cp1252" if "cp1252" in defects else "utf-8"
    return newline.join(out) + newline, encoding


def write_set(n: int, seed: int = SEED, root: Path = CORPUS) -> Path:
    folder = root / f"n{n}"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text() == f"{n} {seed}\n":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        text, enc = document(i, seed)
        (folder / f"doc{i:05d}.txt").write_bytes(text.encode(enc, "replace"))
    marker.write_text(f"{n} {seed}\n")
    return folder


def write_yaml_set(n: int, seed: int = SEED, root: Path = CORPUS) -> Path:
    """n small YAML files (the metadata of minutes) for yamllint, which lints YAML only."""
    folder = root / f"yaml{n}"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text() == f"{n} {seed}\n":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        rng = random.Random(seed * 7 + i)
        date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365))
        items = "\n".join(f"  - number: {k + 1}\n    title: \"{rng.choice(TOPICS)}\"\n    presenter: {_name(rng)}"
                          for k in range(rng.randint(4, 10)))
        (folder / f"doc{i:05d}.yaml").write_text(
            f"---\nbody: Välfärdsrådet\ndate: {date.isoformat()}\ndnr: \"HSN {date.year}/{rng.randint(1, 2999)}\"\n"
            f"place: {rng.choice(PLACES)}\nitems:\n{items}\n", encoding="utf-8")
    marker.write_text(f"{n} {seed}\n")
    return folder


def write_big(size: int, name: str, seed: int = SEED, root: Path = CORPUS) -> Path:
    """One minutes document of about `size` bytes (many agenda items)."""
    path = root / "big" / name
    if path.is_file() and abs(path.stat().st_size - size) < size // 10:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    small = len(document(0, seed, n_matters=10)[0].encode())
    large = len(document(0, seed, n_matters=210)[0].encode())
    per_item = max(1, (large - small) // 200)
    text, _ = document(0, seed, n_matters=max(4, (size - small) // per_item + 10))
    data = text.encode("utf-8")
    path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=list(DEFAULT_SIZES))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--yaml", type=int, nargs="*", default=[1, 1000], help="YAML sets for yamllint")
    ap.add_argument("--big", action="store_true", help="also write the 5 MB and 50 MB single files")
    args = ap.parse_args(argv)
    for n in args.sizes:
        print(write_set(n, args.seed))
    for n in args.yaml:
        print(write_yaml_set(n, args.seed))
    if args.big:
        print(write_big(5_000_000, "5mb.txt", args.seed))
        print(write_big(50_000_000, "50mb.txt", args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
