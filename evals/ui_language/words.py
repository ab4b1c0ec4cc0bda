"""Is a UI string English, or does it say "du"? A small word-list heuristic shared by the eval and the tests."""

from __future__ import annotations

import re

# product and proper names that may stay as they are, removed before the words are checked
ALLOWED_NAMES = ("synerKI", "Korn & Kruste", "Chainlit", "Show-Case", "Prophet", "OR-Tools", "YOLO", "Altmark")

# English words that a German UI text would not contain (loanwords used in German, such as Chat, Feedback,
# Link, Name, Info, Design, System, Start, Team, Limit, Beta, Debug, Tipp, are deliberately absent)
ENGLISH_WORDS = frozenset(
    """
    a about add and api are available back browse by cancel cancelled caution change clear clipboard close comment
    confirm connecting continue conversation conversations copied copy couldn create ctrl current customize dark
    date day days delete deleted deleting deletion disabled download drag drop edit email empty enter error example
    favorite favorites file files follow for from go help helpful here history icon idea image important inputs into
    is it keys larger last light lightbox listening loading login logout me message messages modal more my new next
    no not notifications of on open or output page pages pagination past pending pick please previous print profile
    prompt prompts range readme recording remove rename renamed renaming required reset resume saved search security
    select send settings share sharing show sidebar sign slide stop submit success such suggestions task tasks the
    theme this thread threads tip to toast today toggle tool tools try type unshare untitled updated updating upload
    use used user using verify view warning with yesterday you your
    """.split()
)

NEVER_GERMAN = frozenset("clipboard prompt prompts sidebar the thread threads toggle upload you your".split())

DU_FORMS = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def english_words(text: str) -> list[str]:
    """The English words of a UI string (empty when it reads as German or as a name)."""
    for name in ALLOWED_NAMES:
        text = text.replace(name, " ")
    # a German sentence (one umlaut is enough) is flagged only for words German never borrowed
    vocabulary = NEVER_GERMAN if re.search(r"[äöüÄÖÜß]", text) else ENGLISH_WORDS
    return [w for w in _WORD.findall(text) if w.lower() in vocabulary]


def is_english(text: str) -> bool:
    return bool(english_words(text))


def du_forms(text: str) -> list[str]:
    """The informal "du" forms in a German string (the app addresses users with "Sie")."""
    return [m.group(0) for m in DU_FORMS.finditer(text)]
