"""One language per screen: every learner-facing line goes through ``_()`` and a gettext
catalog (``govcards/locale/{zh_CN,en}/LC_MESSAGES/govcards.mo``).

Message ids are English; the zh_CN catalog turns them into Chinese, the en catalog leaves them
as they are. The language comes from the locale the way gettext reads it (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, first one set), and is Chinese unless that locale is
English: learners read Chinese, and ``C``/``POSIX`` say nothing about the reader.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "govcards"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh_CN", "en")
ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the first locale variable set asks for English first, else ``zh_CN``."""
    env = os.environ if environ is None else environ
    for name in ENV_ORDER:
        value = env.get(name, "")
        if not value:
            continue
        first = value.split(":")[0].lower()  # LANGUAGE may list several: the first one wins
        return "en" if first.startswith("en") else "zh_CN"
    return "zh_CN"


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the reader's language (the English id when a catalog lacks it)."""
    return _catalog(language()).gettext(message)


def is_english() -> bool:
    return language() == "en"


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; ``_()`` translates it where shown."""
    return message
