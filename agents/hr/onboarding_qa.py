"""`onboarding_qa`: answers from the company's own documents, quoting passage, document and section."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from agents.contracts import AgentReply, Slots, TurnContext
from agents.hr.asker import asker_words, is_young
from agents.hr.contact_answer import asks_whom, contact_passage, with_contact
from agents.hr.handbook_documents import removal_reply, wants_removal
from agents.hr.law_answer import NO_OWN_RULE as NO_OWN_LAW_RULE
from agents.hr.law_answer import law_block, law_passage
from agents.hr.pay_answer import answers_pay, asks_pay, pay_answer
from agents.hr.sources import place, source_line
from agents.nlu.normalize import fold, latest_question
from agents.nlu.two_questions import split as split_questions
from tools.company.catalog import PRODUCT_BY_ID
from tools.company.data import load_staff
from tools.errors import UserFacingError
from tools.format_de import count, quotable
from tools.rag import HANDBOOK_COLLECTION
from tools.rag.documents import MAX_TEXT_CHARS, SUPPORTED, chunk_file
from tools.rag.injection import addressed_to_assistant
from tools.rag.laws import GROUP_QUERY_WORDS as GROUP_LAW_FILES
from tools.rag.laws import law_source, search_laws
from tools.rag.qa import Answer, Confidence, answer, quote, unknown_words
from tools.rag.relevance import covered_words, question_words
from tools.rag.search import Hit
from tools.rag.store import ingest_file
from tools.rag.text import content_stems
from tools.rag.thesaurus import MINOR_WORDS, expand, names_minor_age
from tools.settings import get_settings

NOT_FOUND = "Dazu steht in unseren Unterlagen nichts."
# words that name the documents but ask nothing ("Handbuch", "Frage zu den Unterlagen")
_GENERIC = frozenset(
    content_stems(
        "Handbuch Mitarbeiterhandbuch Unterlagen Dokumente Dokument Frage Fragen "
        "Info Infos Information nachschlagen nachlesen Wissen Onboarding"
    )
)
TOOL = "onboarding_qa"


def _same_chapter(result: Answer) -> str:
    """A broad question ("Was muss ich bei der Hygiene beachten?") whose near passages all lie in one document:
    name that document's other sections found, so the next, narrower question is one click of thought away."""
    places = [place(h) for h in result.candidates[:5]]
    titles = [t for t, _ in places]
    if not titles or titles.count(titles[0]) < 3:
        return ""
    quoted = {place(h)[1] for h in result.passages}
    others = list(dict.fromkeys(sec.rsplit(" > ", 1)[-1] for t, sec in places if t == titles[0] and sec not in quoted))
    if not others:
        return ""
    names = ", ".join(f"„{n}“" for n in others)
    return f"\n\nIm Kapitel „{titles[0]}“ stehen dazu außerdem die Abschnitte {names} – fragen Sie gern gezielt danach."


def _passage_json(hit: Hit) -> dict[str, object]:
    title, section = place(hit)
    return {
        "source": hit.source,
        "document": title,
        "section": section,
        "heading": hit.heading,
        "text": hit.text,
        "score": hit.score,
    }


# a line that starts a list item, table row, heading or quote keeps its own line; any other line continues the
# sentence of the line before (the documents are wrapped at a fixed width; the chat shows every line break)
_OWN_LINE = re.compile(r"^\s*([-*+•|#>]|\d+[.)]\s)")


# someone else's pay ("Was verdient die Chefin?"): the documents hold wage groups, never a person's salary
_PAY = re.compile(r"\b(verdien\w*|gehalt\w*|gehälter\w*|lohn|löhne|bezahlt|kriegt)\b", re.I)
_PERSON = re.compile(
    r"\b(chef\w*|kolleg\w*|filialleit\w*|inhaber\w*|geschäftsführ\w*|meister\w*|schichtleit\w*|andere[nr]?"
    r"|alle[rn]? (?:mitarbeit\w*|beschäftigt\w*|angestellt\w*|leute))\b",
    re.I,
)
PERSONAL_PAY = "Was einzelne Personen verdienen, steht nicht in unseren Unterlagen – Gehälter sind vertraulich."
_ADDRESSED = re.compile(r"\b(frau|herrn?)\s+[a-z]{3,}")  # "Was verdient Frau Lange?"


def _names_colleague(question: str) -> bool:
    """The question names a member of staff in full ("Kerstin Lange"), by first name ("die Kerstin") or as
    Frau/Herr …."""
    t = fold(question)
    if _ADDRESSED.search(t) is not None or any(fold(e.name) in t for e in load_staff()):
        return True
    words = set(re.findall(r"\w+", t))
    return any(fold(e.name.split()[0]) in words for e in load_staff())


def asks_personal_pay(question: str) -> bool:
    """The question asks what a named person or role earns, not what the wage rules say."""
    return bool(_PAY.search(question) and (_PERSON.search(question) or _names_colleague(question)))


# where the rule just quoted is written („wo steht das?“, „woher wissen Sie das?“, „kann ich das irgendwo
# nachlesen?“): the same question again, answered with its source
_SOURCE = re.compile(
    r"^(?:und |aber |ok |okay )?(?:wo (?:genau )?(?:steht|stehen|findet|finde|lese|kann)|woher (?:weiss|wissen|habt|haben)"
    r"|in welche\w* (?:kapitel|abschnitt|dokument|unterlage)|welche (?:quelle|stelle)|steht das (?:irgendwo|wo)"
    r"|gibt es das (?:irgendwo )?schriftlich|kann ich das (?:irgendwo )?nachlesen|quelle)\b"
)


def asks_source(text: str) -> bool:
    """The message asks where the rule just quoted is written."""
    return _SOURCE.search(fold(text).strip()) is not None


# „versteh ich nicht, einfacher bitte“, „hä? was heißt das?“: the rule just quoted again, only its key sentence
_SIMPLER = re.compile(
    r"\b(?:versteh\w*|kapier\w*|einfacher|verstaendlicher|simpler|einfachen worten|einfache sprache"
    r"|was (?:heisst|bedeutet) das)\b"
)
_SIMPLER_WORDS = frozenset(
    "hae haeh haeh hm hmm sorry ok okay das ich nicht nich net nix versteh verstehe kapier kapiere bitte nochmal noch "
    "mal einfacher etwas bisschen ein verstaendlicher simpler in einfachen worten einfache sprache erklaeren "
    "erklaert sie sagen was heisst bedeutet genau kein wort leider erklaer mir es so aber und wie".split()
)


def asks_simpler(text: str) -> bool:
    """The message only says the last answer was not understood or asks it simpler."""
    t = fold(text)
    words = re.findall(r"\w+", t)
    return _SIMPLER.search(t) is not None and 0 < len(words) <= 10 and set(words) <= _SIMPLER_WORDS


SIMPLER_LEAD = "Einfach gesagt – das Wichtigste aus unseren Unterlagen:"
SIMPLER_END = "Wenn danach noch etwas unklar ist, fragen Sie gern Ihre Filialleitung – sie erklärt es Ihnen direkt."


def key_sentences(question: str, hit: Hit, most: int = 2) -> str:
    """The passage's sentences (or table rows) that share most words with the question and its everyday synonyms,
    in their order: the plain core of a rule."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", unwrap(hit.text)) if p.strip() and set(p) - set("|-: ")]
    q = set(content_stems(f"{question} {expand(question)}"))
    shared = [len(q & set(content_stems(p))) for p in parts]
    if not parts or max(shared) == 0:
        return parts[0] if parts else ""
    best = sorted(range(len(parts)), key=lambda i: -shared[i])[:most]
    keep = [i for i in best if shared[i] == shared[best[0]]]  # a second sentence only when it shares as much
    return " ".join(parts[i] for i in sorted(keep))


# „Wann muss ich nächste Woche ran?“, „Hab ich Samstag Dienst?“: the asker's own shifts on a named day
_ME = re.compile(r"\b(?:ich|mich|mir|mein\w*)\b")
_ON_DUTY = re.compile(
    r"\b(?:ran|arbeiten|arbeite|\w*schicht\w*|\w*dienst\w*|frei|eingeteilt|eingetragen|da sein"
    # „wann muss ich morgen im Laden sein?“, „… in der Backstube sein“, „wann muss ich morgen kommen?“
    r"|(?:im|in der|in die|zur|auf der|bei der) \w+ sein|kommen|anfangen|losfahren)\b"
)
OWN_SHIFTS = (
    "Ihre persönlichen Schichten kann ich leider nicht nachsehen: Einen Dienstplan je Person habe ich nicht, und "
    "Sie sind mit dem gemeinsamen Mitarbeiterzugang angemeldet. Wann Sie eingeteilt sind, sagt Ihnen Ihre "
    "Filialleitung (in der Backstube die Schichtleitung)."
)
_ROSTER_QUERY = "Wo hängt der Dienstplan aus?"  # the handbook's passage on where the roster is published


_WHEN = re.compile(
    r"\b(?:wann|welche\w* (?:tag\w*|schicht\w*|uhrzeit)|um wie ?viel uhr)\b|^(?:muss|hab|habe|bin|arbeite) ich\b"
)
_MONEY = re.compile(r"\b(?:geld|lohn|zuschlag\w*|verdien\w*|bezahl\w*|mehr)\b")


def asks_own_shifts(question: str, slots: Slots) -> bool:
    """The question asks when (or whether) the asker works on a named day or week – a roster per person, which
    we lack – not what that day pays („Krieg ich mehr Geld am Wochenende?“)."""
    t = fold(question)
    asks = bool(_WHEN.search(t) and _ME.search(t) and _ON_DUTY.search(t))
    return slots.dates is not None and asks and not _MONEY.search(t)


# a symptom that bars work with food (§ 42 IfSG), in the words staff type it, compounds and sound-alikes included
# („Brechdurchfall“, „Magen-Darm“, „muss dauernd spucken“): the handbook's rule on illness and food leads the answer
_INFECTION = re.compile(
    r"\b(?:\w*durchfall\w*|(?:er)?brech(?:e|en|t)?|erbroch\w*|kotz\w*|spuck\w*|uebergeb\w*|magen ?darm\w*|\w*noro\w*"
    r"|eitrig\w*|uebel(?:keit)?)\b"
)
_INFECTION_QUERY = "Darf ich mit Durchfall oder Erbrechen mit Lebensmitteln arbeiten?"


def with_infection_rule(result: Answer, question: str, shown_before: list[str], follows: bool) -> Answer:
    """A question naming a symptom that bars work with food: the handbook's passage on it, whatever else the words
    of the question (the night, the bakehouse) found; a follow-up pointing back at it („wem sag ich das?“) too."""
    text = fold(question).replace("-", " ")
    last = text.rsplit("? ", 1)[-1]
    # a follow-up is read after the question before it: only its own words name a symptom; „und wem sag ich
    # das?“ points back at the rule just quoted
    named = _INFECTION.search(last if follows else text)
    if not named and not POINTS_BACK.search(last):
        return result
    rule = answer(_INFECTION_QUERY, HANDBOOK_COLLECTION)
    if rule.confidence != "sicher" or not (named or rule.passages[0].heading in shown_before):
        return result
    return result.model_copy(update={"confidence": "sicher", "passages": rule.passages[:1]})


def _topic(heading: str) -> str:
    """The section a passage belongs to („… > Krankheit > Arbeitsunfähigkeitsbescheinigung“ → „Krankheit“), or the
    passage's own heading when it stands directly under the chapter."""
    parts = [x.strip() for x in heading.split(">")]
    return parts[-2] if len(parts) >= 3 else parts[-1]


def within_topic(result: Answer, question: str, shown_before: list[str], follows: bool) -> Answer:
    """A follow-up pointing back („und wem sag ich das?“ after the sick note) that read after the whole question
    before finds nothing sure: its own words searched within the section of the passage just quoted (the sick
    call of the section „Krankheit“)."""
    if result.confidence == "sicher" or not follows or not shown_before or "? " not in question:
        return result
    last = question.rsplit("? ", 1)[-1]
    if not POINTS_BACK.search(fold(last)):
        return result
    again = search_handbook(f"{_topic(shown_before[0])}: {last}")
    return again.model_copy(update={"question": question}) if again.confidence == "sicher" else result


def new_matter_alone(result: Answer, question: str, follows: bool) -> Answer:
    """A follow-up the handbook says nothing about on its own („… und dürfen wir Trinkgeld behalten?“ after the
    apprentices' rule) that read after the question before finds that rule again, unsure: nothing is said plainly
    instead of quoting the earlier rule (trial 29)."""
    if not follows or result.confidence != "unsicher" or "? " not in question:
        return result
    alone = search_handbook(question.rsplit("? ", 1)[-1])
    return alone.model_copy(update={"question": question}) if alone.confidence == "keine" else result


def for_minor(result: Answer, question: str, minor: bool) -> Answer:
    """An asker who said earlier they are under 18 („und mit 16?“): a later question („wie lang muss ich dann Pause
    machen?“) leads with the rules for young workers when those cover it, the general rule after them."""
    if not minor or result.confidence != "sicher" or not result.passages:
        return result
    young = search_handbook(f"{question} ({MINOR_WORDS})")
    if young.confidence != "sicher" or not young.passages:
        return result
    top = young.passages[0]
    if top.heading == result.passages[0].heading or "jugendarbeitsschutz" not in fold(top.text):
        return result
    rest = [h for h in result.passages if h.heading != top.heading]
    return result.model_copy(update={"passages": [top, *rest][:2]})


def _group_law(question: str, asker: str) -> Hit | None:
    """For an asker who said they belong to a group with a law of its own (under 18, pregnant): that law's paragraph
    the question titles, or None."""
    if not asker:
        return None
    found = search_laws(question, asker)
    if found is None or found.confidence != "sicher" or not found.passages:
        return None
    hit = found.passages[0]
    return hit if hit.source in GROUP_LAW_FILES else None


def answer_confidence(question: str) -> Confidence:
    """How surely this tool answers `question` – the search, and the rules it quotes whatever the search found (a
    symptom's infection rule, a role's wage row): the employee's default decides by it."""
    if asks_pay(question) and not asks_personal_pay(question) and answers_pay(question):
        return "sicher"  # the role's wage row: the tool builds it once (trial 24: it was built here too)
    found = with_infection_rule(search_handbook(question), question, [], False)
    if found.confidence != "sicher" and law_passage(question, found) is not None:
        return "sicher"  # „ab wann bin ich im Mutterschutz?“: a law answers it, quoted as the law (trial 32)
    return found.confidence


_PAY_STEMS = frozenset(content_stems("Lohn Stundenlohn Gehalt Vergütung Ausbildungsvergütung"))
_PAY_QUERY = "Welche Stundenlöhne zahlen wir?"  # the handbook's wage rules, for a question about someone's pay


def about_pay(result: Answer) -> Answer:
    """The passages of an answer that speak about pay; the handbook's wage rules when none does."""
    kept = [h for h in result.passages if _PAY_STEMS & set(content_stems(f"{h.heading} {h.text}"))]
    if kept:
        return result.model_copy(update={"passages": kept})
    rules = answer(_PAY_QUERY, HANDBOOK_COLLECTION)
    return rules.model_copy(update={"question": result.question}) if rules.confidence == "sicher" else rules


# a greeting or self-introduction before the question ("Hallo, ich bin neu bei Korn & Kruste.") only blurs the search
_INTRO = frozenset(
    content_stems(
        "Hallo Moin Servus Guten Tag Morgen Abend neu neue neuer Kollegin Kollege Mitarbeiterin Mitarbeiter "
        "Aushilfe Azubi Auszubildende hier bei Korn Kruste seit heute gestern Woche angefangen anfangen Frage "
        "kurze eine habe Name heiße bin Entschuldigung Bitte"
    )
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def without_intro(question: str) -> str:
    """The question without leading sentences that only greet or introduce the asker; other context stays
    ("Eine Kundin fragt, ob im Bienenstich Nüsse sind. Was sag ich ihr?")."""
    sentences = [x for x in _SENTENCE_END.split(question.strip()) if x]
    i = 0
    while i < len(sentences) - 1 and not sentences[i].endswith("?") and set(content_stems(sentences[i])) <= _INTRO:
        i += 1
    return " ".join(sentences[i:])


def _last_question(question: str) -> str:
    """The one asking sentence after statements ("Ich arbeite in Teilzeit in Osterburg. Krieg ich mehr Geld am
    Wochenende?" → the second); the whole text otherwise (a follow-up is read with the question before it)."""
    sentences = [x for x in _SENTENCE_END.split(question.strip()) if x]
    asking = [x for x in sentences if x.rstrip().endswith("?")]
    return asking[0] if len(sentences) > 1 and len(asking) == 1 and sentences[-1] is asking[0] else question


def search_handbook(question: str, collection: str = HANDBOOK_COLLECTION) -> Answer:
    """The handbook's answer to a question as an employee types it: greetings in front dropped; when that finds
    nothing sure, the asking sentence alone (sentences about oneself in front blur the search)."""
    asked = without_intro(question)
    result = answer(asked, collection)
    alone = _last_question(asked)
    if result.confidence == "sicher":
        return result
    if alone != asked:
        again = answer(alone, collection)
        if again.confidence == "sicher":
            return again.model_copy(update={"question": asked})
    asking = _asking_clause(alone)
    if asking != alone:  # „ich hab meine Probezeit noch, krieg ich schon Personalrabatt?“: the rule asked about
        again = answer(asking, collection)
        if again.confidence == "sicher":
            return again.model_copy(update={"question": asked})
    main = _main_clause(alone)
    if main == alone or not set(content_stems(main)) - _GENERIC:
        return result
    # „wen frag ich, wenn ich krank bin?“: the condition names the topic itself – it stays
    if answer(alone[len(main) - 1 :].strip(" ,?") + "?", collection).confidence == "sicher":
        return result
    again = answer(main, collection)  # „gibts Nachtzuschlag, wenn ich um halb fünf losfahre?“: the rule asked about
    return again.model_copy(update={"question": asked}) if again.confidence == "sicher" else result


# a condition after the question („…, wenn ich um halb fünf losfahre?“) that blurs the search for the rule asked
_CONDITION_CLAUSE = re.compile(r",?\s+\b(?:wenn|falls|sobald|obwohl|weil|nachdem)\b", re.I)


def _asking_clause(question: str) -> str:
    """The question after a statement about oneself set off by a comma („ich hab meine Probezeit noch, krieg ich
    schon Personalrabatt?“ → the second clause); the whole question when the last clause is a condition or short."""
    head, _, tail = question.rpartition(",")
    tail = tail.strip()
    if not head or _CONDITION_CLAUSE.match(f" {tail}") or len(set(content_stems(tail)) - _GENERIC) < 1:
        return question
    return tail if tail.endswith("?") and len(tail.split()) >= 3 else question


def _main_clause(question: str) -> str:
    """The question before a trailing condition clause; the whole question when it has none or starts with one."""
    m = _CONDITION_CLAUSE.search(question)
    return question[: m.start()].rstrip(" ,") + "?" if m and m.start() > 0 else question


def continues_question(previous: str, text: str, points_back: bool = False) -> bool:
    """A short message the handbook cannot answer on its own („kann ich nicht einfach ne SMS schicken?“), or one
    pointing back („was muss ich da aufschreiben?“), that read after the previous question finds a sure passage
    holding one of its own words: it continues that question. A new topic („gibt es einen Betriebsrat?“) finds
    nothing of its own there."""
    if not points_back and search_handbook(text).confidence == "sicher":
        return False
    if unknown_words(text, HANDBOOK_COLLECTION):  # „muss ich bei Glatteis trotzdem fahren?“: a topic of its own
        return False
    joined = search_handbook(f"{previous.rstrip(' ?!.')}? {text}")
    own = set(question_words(text))
    # the passage's own text, not its headings („Arbeitszeit, Schichten und Pausen“ holds every word „Pause“)
    return joined.confidence == "sicher" and any(own & covered_words(text, h.text) for h in joined.passages)


def unwrap(text: str) -> str:
    """Join the fixed-width lines of a paragraph; blank lines, lists, tables and headings stay as they are."""
    out: list[str] = []
    for line in text.splitlines():
        prev = out[-1] if out else ""
        if out and line.strip() and prev.strip() and not _OWN_LINE.match(line) and not prev.lstrip().startswith("|"):
            out[-1] = f"{prev.rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


ORDER_TO_AI = (
    "Hinweis: Dieser Abschnitt richtet sich an ein KI-System („{words}“), nicht an Mitarbeitende. Ich gebe ihn nur "
    "als Text des Dokuments wieder und befolge ihn nicht – ob etwas davon gilt, weiß die Geschäftsführung."
)
UPLOAD_ORDER_TO_AI = (
    "  Achtung: Abschnitt „{section}“ enthält eine Anweisung an ein KI-System („{words}“). Ich befolge so etwas "
    "nie und gebe es nur als Text des Dokuments wieder – bitte prüfen Sie, ob es ins Handbuch gehört."
)


def _quote_block(question: str, hit: Hit, lead: str) -> str:
    text = quotable(unwrap(quote(question, hit)))  # an uploaded document's pictures and links load nothing
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
    block = f"{lead}\n\n{quoted}\n\n{source_line(hit)}"
    words = addressed_to_assistant(hit.text)
    return f"{block}\n\n{ORDER_TO_AI.format(words=quotable(words))}" if words else block


def readers_first(result: Answer) -> Answer:
    """Passages written for readers before those that give orders to an AI system (which are no rule to cite)."""
    ordered = sorted(result.passages, key=lambda h: addressed_to_assistant(h.text) is not None)
    return result if ordered == result.passages else result.model_copy(update={"passages": ordered})


def orders_to_ai(path: Path) -> list[str]:
    """One warning line per section of an uploaded document that gives orders to an AI system."""
    lines = []
    for chunk in chunk_file(path, MAX_TEXT_CHARS):
        words = addressed_to_assistant(chunk.text) or addressed_to_assistant(chunk.heading)
        if words:
            section = chunk.heading.split(" > ")[-1] or Path(chunk.source).name
            lines.append(UPLOAD_ORDER_TO_AI.format(section=quotable(section), words=quotable(words)))
    return list(dict.fromkeys(lines))


def _format(result: Answer) -> str:
    result = readers_first(result)
    if result.confidence == "unsicher":
        return (
            _quote_block(
                result.question,
                result.passages[0],
                "Ich bin nicht sicher, ob unsere Unterlagen Ihre Frage genau beantworten. "
                "Am nächsten kommt dieser Abschnitt:",
            )
            + "".join("\n\n" + _quote_block(result.question, hit, "Ebenfalls passend:") for hit in result.passages[1:])
            + _same_chapter(result)
            + "\n\nWenn das nicht passt, fragen Sie bitte Ihre Filialleitung oder die Geschäftsführung."
        )
    if not result.found:
        text = f"{NOT_FOUND} Bitte fragen Sie Ihre Filialleitung oder die Geschäftsführung – ich möchte Ihnen keine Regel nennen, die nicht schriftlich festgehalten ist."
        near = list(dict.fromkeys(place(h)[1] for h in result.candidates[:3]))
        if near:
            text += (
                "\n\nDiese Abschnitte kamen der Frage am nächsten, beantworten sie aber nicht sicher: "
                + "; ".join(f"„{n}“" for n in near)
                + "."
            )
        return text
    return "\n\n".join(
        _quote_block(result.question, hit, "In unseren Unterlagen steht dazu:" if i == 0 else "Ebenfalls passend:")
        for i, hit in enumerate(result.passages)
    )


def _names_in_rows(text: str, names: list[str]) -> bool:
    """A table row of the passage names one of the products ("| Bienenstich | Gluten (Weizen), …")."""
    return any(line.lstrip().startswith("|") and any(n in fold(line) for n in names) for line in text.splitlines())


def with_product_row(result: Answer, products: list[str]) -> Answer:
    """A question about a product ("ob im Bienenstich Nüsse sind") whose quoted passages have no table row for it:
    the first near passage with such a row (the allergen or bake-time table) is quoted too, first when the
    passage found is a table of other goods."""
    names = sorted({fold(n) for pid in products if pid in PRODUCT_BY_ID for n in _product_names(pid)})
    if not names or not result.passages or any(_names_in_rows(h.text, names) for h in result.passages):
        return result
    rows = [h for h in result.candidates[:5] if h not in result.passages and _names_in_rows(h.text, names)]
    if not rows:
        return result
    first = result.passages[0]
    # „und im Käsekuchen?“ after the nuts: the row of the allergen table (the document asked about), not the bake times
    row = next((h for h in rows if place(h)[0] == place(first)[0]), rows[0])
    # the first passage is a table of other goods („Und der Käsekuchen?“ after the Brötchen's bake times): the
    # product's own row leads
    passages = [row, first] if _has_rows(first.text) else [first, row]
    return result.model_copy(update={"passages": passages})


def _has_rows(text: str) -> bool:
    """The passage holds table rows beyond its header."""
    return sum(line.lstrip().startswith("|") for line in text.splitlines()) > 2


_SHORT_FOLLOW = re.compile(r"^(?:und|aber|un|auch)\b", re.I)
# „muss ich das irgendwo eintragen?“: a short sentence pointing back at the rule before it
POINTS_BACK = re.compile(r"\b(?:das|da|dafuer|dazu|damit|dabei|davon|darauf)\b")


def with_new_word(result: Answer, question: str) -> Answer:
    """A short follow-up read with the question before it („… unter der Woche geöffnet? und Heiligabend?“): when
    the passage found lacks the follow-up's new words (and their handbook words), a near candidate with one leads."""
    sentences = [x for x in _SENTENCE_END.split(question.strip()) if x]
    last = sentences[-1] if len(sentences) > 1 else ""
    follows = _SHORT_FOLLOW.match(last) is not None or POINTS_BACK.search(fold(last)) is not None
    if not result.passages or not follows or len(last.split()) > _NEW_WORD_FOLLOW:
        return result
    new = set(content_stems(f"{last} {expand(last)}")) - set(content_stems(" ".join(sentences[:-1])))
    first = result.passages[0]
    if not new:
        return result
    # „Und Überstunden, krieg ich die bezahlt?“ after the pay day: the section named by the new word leads, even
    # when the pay-day passage mentions it in passing
    own = set(content_stems(last)) - set(content_stems(" ".join(sentences[:-1])))  # its own words, not synonyms
    if _path_names(own, first):  # „und wenn ich krank bin?“ after the pay day: „Krankheit > Lohnfortzahlung“ stays
        return result
    titled = (
        None
        if own & _section_stems(first)
        else next((h for h in result.candidates[:3] if h is not first and own & _section_stems(h)), None)
    )
    if titled is not None:
        return result.model_copy(update={"passages": [titled, first]})
    if new & set(content_stems(first.text)):
        return result
    hit = next((h for h in result.candidates[:3] if h is not first and new & set(content_stems(h.text))), None)
    return result if hit is None else result.model_copy(update={"passages": [hit, first]})


def _path_names(words: set[str], hit: Hit) -> bool:
    """The passage's headings below the document title name one of the word stems, alone or in a compound
    („krank“ in „Krankheit > Lohnfortzahlung“: „und wenn ich krank bin?“ after the pay day stays on sick pay)."""
    path = set(content_stems(" ".join(hit.heading.split(">")[1:])))
    return any(w in s if len(w) >= 4 else w == s for w in words for s in path)


def _section_stems(hit: Hit) -> set[str]:
    """Word stems of the passage's own section name (the last heading)."""
    return set(content_stems(hit.heading.rsplit(" > ", 1)[-1]))


_NEW_WORD_FOLLOW = 6  # „und krieg ich dann trotzdem geld?“: a short follow-up's own new words pick the passage


_SEE_SECTION = re.compile(r"\bAbschnitt\s+„?([^“.,;)\n]+)")


def with_reference(result: Answer) -> Answer:
    """A quoted passage that points to another section („Brot: siehe … Abschnitt Restbrot“): that section, when
    the search found it among the near passages, is quoted too."""
    if not result.passages:
        return result
    named = [fold(m.strip()) for h in result.passages for m in _SEE_SECTION.findall(h.text)]
    shown = {h.heading for h in result.passages}
    for hit in result.candidates[:5]:
        section = fold(hit.heading.rsplit(" > ", 1)[-1])
        if hit.heading not in shown and any(n and section.startswith(n) for n in named):
            return result.model_copy(update={"passages": [*result.passages, hit]})
    return result


MEMORY_KEY = "handbook"  # this tool's own memory: the sections its last answer quoted
# „und nach der Probezeit?“ right after the probation passage: a relation word the passage does not use
_BEYOND = re.compile(r"^(?:und|aber|un)\s+(?:was ist )?(?:nach|vor|ausserhalb|ohne|danach|davor|sonst)\b")
BEYOND = "Darüber steht in unseren Unterlagen nichts – mehr als der Abschnitt von eben steht dort nicht dazu:"
ASK_INSTEAD = "Bitte fragen Sie Ihre Filialleitung oder die Geschäftsführung."
# „und wenn ich am Samstag krank werde?“ right after the sick call: the search finds only that rule again, unsure
NO_OWN_RULE = "Für diesen Fall steht in unseren Unterlagen keine eigene Regel. Die allgemeine Regel von eben lautet:"


def same_rule_again(last: str, result: Answer, shown_before: list[str]) -> bool:
    """A short follow-up naming a case („und wenn ich am Samstag krank werde?“) for which the search finds, unsure,
    only the passage just quoted: the handbook has no rule of its own for the case, the general one applies."""
    short = len(last.split()) <= _NEW_WORD_FOLLOW + 2
    if not (short and result.confidence == "unsicher" and result.passages and _WHEN_CASE.search(fold(last))):
        return False
    first = result.passages[0]
    # the case is a day or time of the same matter („krank“ is in the sick call); „und dürfen wir Trinkgeld
    # behalten?“ after the apprentices' rule is another matter, not a case of it
    same_matter = set(covered_words(last, f"{first.heading}\n{first.text}")) - set(_WHEN_CASE.findall(fold(last)))
    return first.heading in shown_before and bool(same_matter)


# a day or time the follow-up names as its case
_WHEN_CASE = re.compile(
    r"\b(?:montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonnabends?|sonntags?|wochenende\w*|"
    r"feiertags?|nachts|morgens|abends|frueh|spaet|heute|morgen|uebermorgen)\b"
)


def beyond_passage(last: str, result: Answer, shown_before: list[str]) -> bool:
    """A short follow-up asks beyond the rule just quoted („und nach der Probezeit?“ after „In dieser Zeit …“): the
    search finds only the same passage again, and the passage never uses the follow-up's relation word."""
    match = _BEYOND.match(fold(last).strip())
    if match is None or not result.passages or len(last.split()) > _NEW_WORD_FOLLOW:
        return False
    word = match.group(0).split()[-1]
    same = [h.heading for h in result.passages] == shown_before
    return same and re.search(rf"\b{word}\b", fold(" ".join(h.text for h in result.passages))) is None


def _product_names(pid: str) -> list[str]:
    """The catalog name without its unit ("Bienenstich (Stück)" → "Bienenstich") and the synonyms."""
    p = PRODUCT_BY_ID[pid]
    return [p.name.split(" (")[0], *p.synonyms]


def format_answer(result: Answer) -> str:
    """The German answer for a handbook search result: quoted passages with their sources, or why there is none."""
    return _format(result)


def ingest_upload(ctx: TurnContext, collection: str = HANDBOOK_COLLECTION) -> AgentReply:
    """Add uploaded documents to the knowledge base (a read-only view, e.g. an employee's, is refused)."""
    if ctx.view != "full":
        return AgentReply(
            text="Dokumente für die Wissensdatenbank kann nur die Geschäftsführung hochladen. "
            "Ihre Frage zum Handbuch beantworte ich aber gern.",
            tools_called=[TOOL],
            data={"uploaded": [], "refused": True},
        )
    target = get_settings().var_dir / "uploads"
    target.mkdir(parents=True, exist_ok=True)
    lines, done, failed = [], [], {}
    for att in ctx.attachments:
        suffix = Path(att.name).suffix.lower()
        if suffix not in SUPPORTED:
            failed[att.name] = "Dateityp nicht unterstützt"
            lines.append(
                f"- {att.name}: Dateityp {suffix or '(ohne Endung)'} wird nicht unterstützt "
                "(möglich sind Markdown, Text, PDF und Word/DOCX)."
            )
            continue
        stored = target / Path(att.name).name
        previous = stored.read_bytes() if stored.is_file() else None  # an earlier upload of that name stays
        try:
            if Path(att.path).resolve() != stored.resolve():
                shutil.copyfile(att.path, stored)
            status, n = ingest_file(stored, collection, max_chars=MAX_TEXT_CHARS)
        except UserFacingError as exc:  # locked, too long, too big unpacked: the reason, in German
            failed[att.name] = str(exc)
            lines.append(f"- {att.name}: {exc}")
            _restore(stored, previous)
            continue
        except Exception as exc:  # noqa: BLE001 - pypdf/docx raise their own types for a corrupt upload; reported per file
            failed[att.name] = str(exc)
            lines.append(f"- {att.name}: konnte nicht gelesen werden.")
            continue
        if status != "unchanged" and n == 0:  # an empty file or a scanned PDF: nothing an employee could find
            failed[att.name] = "kein Text"
            lines.append(
                f"- {att.name}: enthält keinen lesbaren Text (leer oder nur eingescannt) – nichts aufgenommen."
            )
            continue
        done.append({"name": att.name, "status": status, "chunks": n})
        word = {"added": "neu aufgenommen", "updated": "aktualisiert", "unchanged": "unverändert"}[status]
        lines.append(f"- {att.name}: {word}" + (f", {count(n, 'Abschnitt', 'Abschnitte')}" if n else ""))
        lines.extend(orders_to_ai(stored))
    text = "Ich habe die hochgeladenen Dokumente verarbeitet:\n" + "\n".join(lines)
    if done:
        first = done[0]["name"]
        text += (
            "\n\nIhre Mitarbeitenden können ab sofort Fragen dazu stellen. Falsches Dokument? Sagen Sie "
            f"„{first} wieder entfernen“."
        )
    return AgentReply(
        text=text, tools_called=[TOOL], data={"uploaded": done, "failed": failed, "collection": collection}
    )


def _restore(stored: Path, previous: bytes | None) -> None:
    """Put back the earlier upload of that name (still in the handbook, still removable), or drop the refused copy."""
    if previous is None:
        stored.unlink(missing_ok=True)
    else:
        stored.write_bytes(previous)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a question from the staff handbook (and documents the owner uploaded); two questions in one
    message that two different rules answer get both, in the order asked."""
    from agents.operations.stocktaking import asks_stocktaking, stocktaking_reply

    if asks_stocktaking(latest_question(slots.text)):  # no date in the handbook: said, and what the data offers
        return stocktaking_reply(slots, ctx, "onboarding_qa")
    return _two_rules(slots, ctx) or _answer(slots, ctx)


def _two_rules(slots: Slots, ctx: TurnContext) -> AgentReply | None:
    """„Wie lange ist meine Pause und was verdient die Filialleiterin?“: each question answered by its own rule
    (hostile test 23 #10: the pause was dropped); None when one rule answers both, one part is unsure or the
    message continues the question before."""
    text = slots.text.strip()
    parts = split_questions(text)
    before = ctx.memory.get(MEMORY_KEY) or {}
    follows = bool(before.get("asked")) and text.startswith(_last_question(str(before["asked"])).rstrip(" ?!."))
    if ctx.attachments or parts is None or follows or any(answer_confidence(p) != "sicher" for p in parts):
        return None
    first = _answer(slots.model_copy(update={"text": f"{parts[0]}?"}), ctx)
    shown_first = list((ctx.memory.get(MEMORY_KEY) or {}).get("shown") or [])
    second = _answer(slots.model_copy(update={"text": f"{parts[1]}?"}), ctx)
    shown_second = list((ctx.memory.get(MEMORY_KEY) or {}).get("shown") or [])
    if not shown_first or not shown_second or shown_first[0] == shown_second[0]:
        ctx.memory[MEMORY_KEY] = before  # one rule answers both: the whole message is answered as one question
        return None
    ctx.memory[MEMORY_KEY] = {**(ctx.memory.get(MEMORY_KEY) or {}), "shown": [*shown_first, *shown_second]}
    data = {
        **first.data,
        "question": text,
        "passages": [*first.data.get("passages", []), *second.data.get("passages", [])],
    }
    return first.model_copy(
        update={"text": f"{first.text}\n\n**Zu Ihrer Frage „{parts[1]}“:**\n\n{second.text}", "data": data}
    )


def _answer(slots: Slots, ctx: TurnContext) -> AgentReply:
    """One question answered from the handbook (and the owner's uploaded documents)."""
    upload: AgentReply | None = ingest_upload(ctx) if ctx.attachments else None
    question = slots.text.strip()
    if upload is None and ctx.view == "full" and wants_removal(question):  # „preise.pdf wieder aus dem Handbuch nehmen“
        return removal_reply(question, ctx)
    if upload is not None and "?" not in question:
        return upload  # an upload with a comment, not a question
    if not set(content_stems(question)) - _GENERIC:
        return AgentReply(
            text="Was möchten Sie im Mitarbeiterhandbuch nachschlagen? Fragen Sie zum Beispiel "
            "„Wie lange ist meine Pause?“ oder „Wie hoch ist der Nachtzuschlag?“",
            tools_called=[TOOL],
            data={"question": question, "found": False, "passages": []},
        )
    before = ctx.memory.get(MEMORY_KEY) or {}
    asker = asker_words(str(before.get("asker") or ""), question)
    minor = bool(before.get("minor")) or names_minor_age(question) or is_young(asker)
    if asks_own_shifts(question, slots):
        roster = search_handbook(_ROSTER_QUERY)
        # the general rule the question names besides („… für die Tour“: the tours start at 4:30) stays quoted; for
        # an asker under 18 the young workers' rule („ab 4 Uhr“ in the Backstube)
        general = for_minor(search_handbook(question), question, minor)
        if general.confidence == "sicher" and roster.confidence == "sicher":
            seen = {h.heading for h in roster.passages}
            extra = [h for h in general.passages[:1] if h.heading not in seen]
            roster = roster.model_copy(update={"passages": [*roster.passages, *extra]})
        text = OWN_SHIFTS + ("\n\n" + _format(roster) if roster.confidence == "sicher" else "")
        ctx.memory[MEMORY_KEY] = {**before, "asker": asker, "minor": minor}
        group_law = _group_law(without_intro(question), asker)
        if group_law is not None:  # „muss ich samstags auch kommen?“ from an apprentice of 17: § 16 JArbSchG too
            text = f"{text}\n\n{law_block(without_intro(question), group_law)}"
        return AgentReply(
            text=text,
            tools_called=[TOOL],
            data={
                "question": question,
                "own_shifts": True,
                "found": roster.confidence == "sicher",
                "passages": [_passage_json(h) for h in roster.passages],
            },
        )
    follows = bool(before.get("asked")) and question.startswith(_last_question(str(before["asked"])).rstrip(" ?!."))
    # „was verdien ich als Verkäuferin?“: that role's row; „steigt das mit der Zeit?“ right after it: the same row
    pay_thread = follows and bool(before.get("pay")) and POINTS_BACK.search(fold(question.rsplit("? ", 1)[-1]))
    if not asks_personal_pay(question) and (asks_pay(question) or pay_thread):
        paid = pay_answer(question)
        if paid is not None:
            said, quoted = paid
            passages = [{**_passage_json(h), "text": shown} for h, shown in quoted]
            ctx.memory[MEMORY_KEY] = {
                "shown": [h.heading for h, _ in quoted],
                "asked": question,
                "pay": True,
                "minor": minor,
                "asker": asker,
            }
            return AgentReply(
                text=said,
                tools_called=[TOOL],
                data={"question": question, "found": True, "pay_roles": True, "passages": passages},
            )
    sentences = [x for x in _SENTENCE_END.split(question.strip()) if x]
    source = len(sentences) > 1 and asks_source(sentences[-1])  # „… ab 4 Uhr? wo steht das?“: the rule, its source
    simpler = len(sentences) > 1 and asks_simpler(sentences[-1])  # „… versteh ich nicht, einfacher bitte“
    if source or simpler:
        question = " ".join(sentences[:-1])
    asked = without_intro(question)
    result = with_reference(with_product_row(with_new_word(search_handbook(question), asked), slots.products))
    result = with_infection_rule(result, question, before.get("shown") or [], follows)
    result = within_topic(result, question, before.get("shown") or [], follows)
    result = new_matter_alone(result, question, follows)
    # „… und wem sag ich das?“, „wen muss ich da anrufen?“ right after a rule: whom to tell, not the rule again
    whom = asks_whom(sentences[-1])
    if whom and len(sentences) > 1 and not follows and result.found and result.passages:  # „… in den Laden? und wem
        result = with_contact(result)  # sag ich das?“: the rule asked in the same message, then whom to tell
    elif whom and (follows or POINTS_BACK.search(fold(sentences[-1])) is not None):
        result = contact_passage(before.get("shown") or []) or result
    result = for_minor(result, question, minor)
    text = _format(result)
    if source and result.passages:  # the place and the passage, without repeating an unsure answer's caveats
        title, section = place(result.passages[0])
        text = _quote_block(result.question, result.passages[0], f"Das steht in „{title}“, Abschnitt „{section}“:")
    if simpler and result.passages:  # the key sentence of the rule, quoted, with its place
        core = "\n".join(
            f"> {line}" for line in quotable(key_sentences(result.question, result.passages[0])).splitlines()
        )
        text = f"{SIMPLER_LEAD}\n\n{core}\n\n{source_line(result.passages[0])}\n\n{SIMPLER_END}"
    shown = [h.heading for h in result.passages]
    if (
        not source
        and not simpler
        and beyond_passage(sentences[-1], result, (ctx.memory.get(MEMORY_KEY) or {}).get("shown") or [])
    ):
        text = _quote_block(result.question, result.passages[0], BEYOND) + f"\n\n{ASK_INSTEAD}"
    elif not source and not simpler and follows and same_rule_again(sentences[-1], result, before.get("shown") or []):
        text = _quote_block(result.question, result.passages[0], NO_OWN_RULE) + f"\n\n{ASK_INSTEAD}"
    ctx.memory[MEMORY_KEY] = {"shown": shown, "asked": question, "minor": minor, "asker": asker}
    if asks_personal_pay(question):
        result = about_pay(result)  # „Was verdient die Kerstin aus Stendal Bahnhof?“: the wage rules, not the branch
        # the general rules are quoted as such: no „nicht sicher, ob … Ihre Frage beantworten“ after „Allgemein gilt“
        rules = result.model_copy(update={"confidence": "sicher"}) if result.passages else result
        text = _format(rules)
        text = (
            f"{PERSONAL_PAY} Allgemein gilt:\n\n{text.removeprefix('In unseren Unterlagen steht dazu:').lstrip()}"
            if result.passages
            else f"{PERSONAL_PAY} Fragen zu Ihrem eigenen Lohn beantwortet Ihnen die Geschäftsführung."
        )
    by_law = (
        None
        if source or simpler or upload is not None or asks_personal_pay(question)
        # the asking sentence alone, what the asker said of themselves in front going with `asker` („hallo ich bin
        # die neue minijobberin in der filiale am markt. krieg ich im minijob auch mindestlohn?“ got § 2 Fälligkeit)
        else law_passage(_last_question(asked), result, sentences[-1] if follows else "", asker)
    )
    law = by_law[0] if by_law else None
    if by_law is not None:  # the law behind (or instead of) the handbook's rule, quoted as the law
        text = f"{NO_OWN_LAW_RULE if by_law[1] else text}\n\n{law_block(asked, by_law[0])}"
    data: dict[str, object] = {
        "question": question,
        "collection": HANDBOOK_COLLECTION,
        "found": result.found,
        "confidence": result.confidence,
        "passages": [_passage_json(h) for h in result.passages],
        "candidates": [_passage_json(h) for h in result.candidates[:3]],
    }
    if law is not None:
        data["law"] = {**_passage_json(law), **law_source(law).model_dump()}
    if upload is not None:
        text = upload.text + "\n\n" + text
        data["upload"] = upload.data
    return AgentReply(text=text, tools_called=[TOOL], data=data)
