"""German keyword features for sparse vectors: folding, light stemming, compound n-grams."""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import snowballstemmer

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("innen", "ungen", "heiten", "keiten", "ern", "em", "en", "er", "es", "e", "n", "s")
STEMMER = "snowball-german"  # part of the pipeline version: stored vectors are rebuilt on change
_SNOWBALL = snowballstemmer.stemmer("german")
NGRAM = 4
NGRAM_WEIGHT = 0.35
_BM25_K1, _BM25_B, _AVG_LEN = 1.2, 0.6, 80.0

# the last lines: spoken and chat forms ("wann is zahltag", "nen zettel", "darf ich plusstunden ham", "handy is ok?")
# and the forms of the auxiliaries ("ich bin krank geworden" names no topic with "geworden"); as content words their
# rarity made them weigh most in a question and hid the passage that answers it
STOPWORDS = frozenset(
    """
mein meine meinen meinem meiner dein deinen lang aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus
bei beim bin bis bist bitte da damit dann darf darauf darf daran das dass dein deine dem den denn der des dessen
dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einmal
er es etwas euch euer eure fuer gibt gilt habe haben hat hatte hier ich ihm ihn ihnen ihr ihre im in ist ja
jede jedem jeden jeder jedes kann kein keine keinem keinen koennen koennte man mein meine mich mir mit muss
muessen nach nicht noch nun nur ob oder ohne sein seine sich sie sind so soll sollen sollte sonst ueber um und
uns unser unsere unter viel vom von vor war waren was weil welche welchem welchen welcher welches wenn wer werde
werden wie wieder will wir wird wo wohl zu zum zur zwischen bzw z b eigentlich denn mal gern gerne genau
wann wieviel wieviele viele mach mache machen macht tun bekomme bekommen kriege krieg gibts hab jetzt
bzw ja nein muesste sollte kommt kommen rein raus mal schon ab ihr euch
lange darf duerfen moechte brauche braucht steht stehen unseren unserem wo wohin
is isses nich net ne nen nem ner haste biste kannste musste wat dat ma eig eigtl
glaub glaube glaubt denk denke werd werds
kriegt kriegst kriegen wenigstens zumindest ueberhaupt trotzdem halt eben
grad gerade aua autsch los nu einfach irgendwie irgendwo irgendwann irgendwas irgendwer irgendein irgendeine
ham hamm ok okay oki klar geht gehts meim deim hallo hi hey moin servus huhu
geworden worden gewesen wurde wurden wuerde wuerden waere waeren haette haetten hatten gehabt
""".split()
)


def fold(text: str) -> str:
    """Lower-case and replace umlauts and ß so that 'Gebäck' and 'Gebaeck' match."""
    return text.lower().translate(_FOLD)


def _light_stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """German Snowball stem of a folded word ('fingernaegeln' -> 'fingernagel'), at least four letters
    long where the word has them (the old light suffix rule remains as `_light_stem`)."""
    if word.isdigit() or len(word) <= 4:
        return word
    s = _SNOWBALL.stemWord(word)
    return s if len(s) >= 4 else word[:4]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text` (stop words removed), in order."""
    return [stem(t) for t in _TOKEN.findall(fold(text)) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


def ngrams(word: str, n: int = NGRAM) -> list[str]:
    """Character n-grams of a stem; they let 'Pause' match inside 'Ruhepausen'."""
    if len(word) < n or word.isdigit():
        return []
    return [word[i : i + n] for i in range(len(word) - n + 1)]


def feature_index(feature: str) -> int:
    """Hashed sparse index of a feature such as 'w:pause' or 'g:paus'."""
    return zlib.crc32(feature.encode("utf-8")) & 0x7FFFFFFF


_index = feature_index


def _features(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for s in content_stems(text):
        counts["w:" + s] = counts.get("w:" + s, 0.0) + 1.0
        for g in set(ngrams(s)):
            counts["g:" + g] = counts.get("g:" + g, 0.0) + NGRAM_WEIGHT
    return counts


EXPANSION_WEIGHT = 0.5
PART_WEIGHT = 1.0  # a part of a query compound that the collection knows as a word


def sparse_vector(
    text: str, *, query: bool = False, expansion: str = "", parts: str = ""
) -> tuple[list[int], list[float]]:
    """Hashed sparse vector: BM25-style term weights for documents, plain weights for queries
    (plus `expansion` words at a lower weight and compound `parts` as whole words).
    The IDF part is applied by Qdrant (modifier IDF)."""
    counts = _features(text)
    if not counts:
        return [], []
    merged: dict[int, float] = {}
    if query:
        for f in counts:
            merged[_index(f)] = merged.get(_index(f), 0.0) + (1.0 if f.startswith("w:") else NGRAM_WEIGHT)
        for s in content_stems(parts):
            merged.setdefault(_index("w:" + s), PART_WEIGHT)
        for f in _features(expansion):
            if f not in counts:
                w = (1.0 if f.startswith("w:") else NGRAM_WEIGHT) * EXPANSION_WEIGHT
                merged[_index(f)] = max(merged.get(_index(f), 0.0), w)
    else:
        length = sum(v for f, v in counts.items() if f.startswith("w:"))
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * length / _AVG_LEN)
        for f, c in counts.items():
            base = 1.0 if f.startswith("w:") else NGRAM_WEIGHT
            tf = c / base
            merged[_index(f)] = merged.get(_index(f), 0.0) + base * tf * (_BM25_K1 + 1) / (tf + norm)
    idx = sorted(merged)
    return idx, [round(merged[i], 5) for i in idx]
