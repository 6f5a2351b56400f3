"""The NEW agreement with Word tracked changes against OLD: both built as usual, then compared.

Both versions are built with the same template, each from its own context and report, exactly
as ``build-agreement`` builds them. The new document then takes in, in its own order, what the
old one had and it has not: paragraphs and table rows are aligned by content, a changed
paragraph is changed word by word (``w:ins`` / ``w:del`` runs), a wholly new or removed
paragraph has its paragraph mark tracked, a new or removed table row is tracked in its
``w:trPr``. So every difference between the two builds is a tracked revision (facts, parties,
municipalities, chapters, groups, tasks, recommendations, and all text derived from them, such
as «42 kommuner»), and accepting all changes gives the new build, rejecting all the old one.
The model diff (:mod:`diff`) tells the comparison which headings were renamed, so a renamed
group or chapter is one heading changed in its place. Only the table of contents is left out:
it is filled in afterwards from the compared headings.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
from pathlib import Path

from ..diff import Changes, Kind
from ..model import Agreement
from ..text import clean_name
from ..validation import Report
from .sandbox import DEFAULT_BUDGET, Budget
from .compare import compare_builds
from .context import build_context
from .docx import render_document, write_bytes

FALLBACK_AUTHOR = "Ukjent"


def default_author(agreement: Agreement) -> str:
    """Who the revisions are signed by when ``--author`` is not given: the OS user, else the helsefellesskap."""
    try:
        user = clean_name(getpass.getuser()).strip()  # $USER can hold anything, also what XML cannot
    except (OSError, KeyError, ImportError):  # no user name in the environment or the password database
        user = ""
    return user or agreement.facts.helsefellesskap or agreement.facts.hospital_trust or FALLBACK_AUTHOR


def signing_author(author: str | None, agreement: Agreement) -> str:
    """``author`` on one line without control characters; empty or None gives :func:`default_author`."""
    return clean_name(author or "").strip() or default_author(agreement)


def revision_date(agreement: Agreement, now: dt.datetime | None = None) -> str:
    """The revisions' date: the new version's date (at midnight, UTC), else the present moment."""
    if agreement.facts.date:
        return f"{agreement.facts.date.isoformat()}T00:00:00Z"
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def renamed_texts(changes: Changes) -> dict[str, str]:
    """Old name → new name of every renamed group and chapter: their headings are paired in the comparison."""
    return {change.old: change.new for change in changes.changes if change.kind is Kind.RENAMED}


def render_tracked(old: Agreement, new: Agreement, changes: Changes, output: Path, *, report: Report,
                   old_report: Report | None = None, author: str | None = None, template: Path | None = None,
                   overwrite: bool = False, budget: Budget = DEFAULT_BUDGET) -> Path:
    """Write NEW with tracked changes against OLD to ``output``; ``report`` and ``old_report`` are their validations.

    ``author`` None signs the revisions with :func:`default_author`. ``template`` None is the
    built-in template; a user's template renders within ``budget``, both builds alike.
    """
    if old_report is None:
        from ..validation import validate

        old_report = validate(old)
    old_data = render_document(template, build_context(old, old_report), old, budget=budget)
    compare = functools.partial(compare_builds, old_data=old_data, author=signing_author(author, new),
                                date=revision_date(new), renames=renamed_texts(changes))
    data = render_document(template, build_context(new, report), new, transform=compare, budget=budget)
    return write_bytes(data, output, overwrite=overwrite)
