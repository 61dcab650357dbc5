"""Keep "a" and "an" agreeing with the word a change writes after them.

The seed's spinner swaps words and leaves the article as it was: its output has "a
excessive" (a high), "an plane" (an aircraft), and restoring the word mends the article.
Where a swap covered the article too ("a further" -> "an additional", a phrase of its
table), the spun text agrees, and a rule that knows only "additional" -> "further" would
write "an further". So where the article agreed with the spun word and would not agree
with the restored one, the change takes the article along.

Only clear cases are decided: a word whose sound the spelling does not settle ("u...",
"x...", acronyms, numbers) leaves the article alone.

>>> article_for("further"), article_for("additional"), article_for("hour")
('a', 'an', 'an')
>>> article_for("unique"), article_for("under"), article_for("FBI")
('a', 'an', None)
"""

from __future__ import annotations

_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
_YOU_SOUND = ("uni", "use", "usu", "uti", "eu", "ewe", "one", "once")  # "a unique", "a one-off"
_UH_SOUND = ("un", "up", "ul", "um")  # "an unusual", "an upper"


def article_for(word: str) -> str | None:
    """ "a" or "an" for ``word``, or None where its spelling does not tell."""
    if not word[:1].isalpha() or (len(word) > 1 and word.isupper()):
        return None
    low = word.lower()
    if low.startswith(_SILENT_H):
        return "an"
    if low.startswith(_YOU_SOUND) and not low.startswith(("unin", "unim")):
        return "a"
    if low[0] == "u":
        return "an" if low.startswith(_UH_SOUND) else None
    if low[0] in "aeio":
        return "an"
    return None if low[0] == "x" else "a"


def agree(text: str, change, previous_end: int):
    """``change`` extended over an "a"/"an" just before it that the change would leave
    disagreeing; else None. ``previous_end``: where the change before it ends (an article
    another change wrote is not touched)."""
    start = change.start
    if start < 2 or text[start - 1] != " " or not change.after:
        return None
    lo = start - 2 if text[start - 2].lower() == "a" else start - 3
    article = text[max(lo, 0):start - 1]
    if lo < 0 or article.lower() not in ("a", "an") or lo < previous_end \
            or (lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] in "'’-")):
        return None
    was, now = article_for(change.before.split()[0]), article_for(change.after.split()[0])
    if was is None or now is None or was == now or article.lower() != was:
        return None
    if article.islower():
        fixed = now
    elif len(article) > 1 and article.isupper():
        fixed = now.upper()  # "AN"
    else:
        fixed = now.capitalize()  # "A" or "An" at a sentence start
    return fixed, lo
