"""The Simplified Chinese catalogue is complete, compiled, and covers every string in the code."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(chunks: list[str]) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), "".join(chunks))


def read_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) for every entry but the header; plurals keyed by singular."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        fields: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            match = re.match(
                r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\])\s+"(.*)"$', line
            )
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line[1:-1])
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue
        msgstr = _unquote(fields.get("msgstr", fields.get("msgstr[0]", [])))
        entries[msgid] = (msgstr, fuzzy)
    return entries


def test_every_chinese_entry_is_translated():
    entries = read_po(CATALOGUE / "django.po")
    untranslated = [msgid for msgid, (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, (msgstr, _fuzzy) in read_po(CATALOGUE / "django.po").items()
        if catalogue.gettext(msgid) != msgstr and catalogue.ngettext(msgid, "", 1) != msgstr
    ]
    assert stale == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing: apt-get install gettext")
        pytest.skip("xgettext is missing (apt-get install gettext)")
    # makemessages writes into the locale/ folder beside the sources, so it runs on a copy.
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "*.pyc", "tests"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "var/*",
        ],
        cwd=copy,
        env={**os.environ, "LOCALE_DIR": str(copy / "locale"), "VAR_DIR": str(tmp_path / "var")},
        check=True,
        capture_output=True,
    )
    committed = set(read_po(CATALOGUE / "django.po"))
    regenerated = set(read_po(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert sorted(regenerated - committed) == [], "run `make messages` and translate"
    assert sorted(committed - regenerated) == [], "obsolete entries: run `make messages`"
