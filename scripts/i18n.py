"""Extract the library's user-facing strings into gettext catalogues, and compile them.

    python scripts/i18n.py extract   # locale/veteran_services.pot, merged into every .po
    python scripts/i18n.py compile   # every .po to its .mo (shipped in the wheel)
    python scripts/i18n.py check     # exit 1 when a catalogue is stale or lacks a translation

Strings come from two places:

- the source: string literals passed to ``N_``, ``_``, ``translate``, ``translate_plural``
  (singular and plural) and ``translate_text`` anywhere under ``src/veteran_services``, found
  with :mod:`ast` (a ``context="..."`` keyword gives the msgctxt);
- the registries the library fills at import: every enum label registered with
  ``codes.register_labels`` (msgctxt: the enum's name; the registered Chinese label seeds the
  ``zh`` catalogue), the scoring indicators' descriptions, the reasons a placement has no
  score, the default quality model's name, and the message templates of ``_i18n``.

Only the standard library is used (no Babel): extraction is an AST walk and Chinese has a
single plural form, so Babel's extractors and plural rules would add a dependency for nothing.
"""

from __future__ import annotations

import ast
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "veteran_services"
LOCALE = PACKAGE / "locale"
DOMAIN = "veteran_services"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"

_MARKERS = {"N_", "_", "translate", "translate_text"}
_PLURAL_MARKERS = {"translate_plural", "ngettext"}
#: Functions whose argument at a position is an explanation template (scoring's indicators).
_TEMPLATE_MARKERS = {"_missing": 0, "_value": 2}
_PLURAL_FORMS = {"zh": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


@dataclass
class Entry:
    """One catalogue entry."""

    msgid: str
    context: str | None = None
    plural: str | None = None
    strings: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        """The entry's identity: (msgctxt, msgid)."""
        return (self.context, self.msgid)


# --- extraction ------------------------------------------------------------------------------


def _literal(node: ast.expr) -> str | None:
    """A string literal, or the literal left of ``+`` (``"template" + note``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left)
    return None


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def source_entries() -> Iterator[Entry]:
    """The marked string literals of the package's source."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(ROOT).as_posix()
        for call in _calls(tree):
            name = _name(call)
            if not call.args:
                continue
            context = None
            for keyword in call.keywords:
                if keyword.arg == "context" and _literal(keyword.value) is not None:
                    context = _literal(keyword.value)
            if name in _TEMPLATE_MARKERS and len(call.args) > _TEMPLATE_MARKERS[name]:
                text = _literal(call.args[_TEMPLATE_MARKERS[name]])
                if text and where.endswith("scoring/indicators.py"):
                    yield Entry(text, references=[f"{where}:{call.lineno}"])
            elif name in _MARKERS:
                text = _literal(call.args[0])
                if text:
                    yield Entry(text, context, references=[f"{where}:{call.lineno}"])
            elif name in _PLURAL_MARKERS and len(call.args) >= 2:
                singular, plural = _literal(call.args[0]), _literal(call.args[1])
                if singular and plural:
                    yield Entry(singular, None, plural, references=[f"{where}:{call.lineno}"])


def registry_entries() -> Iterator[tuple[Entry, dict[str, str]]]:
    """Strings the library registers at import, each with the translations it already knows."""
    sys.path.insert(0, str(ROOT / "src"))
    from veteran_services import _i18n, codes, metrics, scoring
    from veteran_services import returns as _returns  # noqa: F401 (registers its labels)
    from veteran_services.codes import _labels

    for enum in codes.labelled_enums():
        for member in enum:
            english, chinese = _labels.registered(member)
            yield (
                Entry(english, enum.__name__, references=[f"label:{enum.__name__}.{member.name}"]),
                {"zh": chinese},
            )
    for name, indicator in scoring.INDICATORS.items():
        yield Entry(indicator.description, references=[f"indicator:{name}"]), {}
    for code, reason in scoring.REASONS.items():
        yield Entry(reason, references=[f"reason:{code}"]), {}
    yield Entry(scoring.QualityModel.default().name, "model", references=["model:default"]), {}
    for name, indicator in metrics.PROGRAMME_INDICATORS.items():
        for figure in indicator.figures:
            yield Entry(figure.en, references=[f"figure:{name}"]), {"zh": figure.zh}
    from veteran_services import cli
    from veteran_services.cli import _help

    for text in _help.texts(cli._parser()):
        yield Entry(text, references=["cli-help"]), {}
    for template in _i18n.MESSAGE_TEMPLATES:
        yield Entry(template, references=["template"]), {}
    from veteran_services import synthetic  # registers the sample city's name templates

    del synthetic
    for kind, pairs in _i18n.registered_templates().items():
        if kind == "example":
            continue  # the doctest's
        for english, chinese in pairs.items():
            yield Entry(english, references=[f"template:{kind}"]), {"zh": chinese}
    for code, templates in _i18n.PROBLEM_TEMPLATES.items():
        for template in templates:
            yield Entry(template, references=[f"problem:{code}"]), {}


def extract() -> list[tuple[Entry, dict[str, str]]]:
    """Every entry, in first-seen order, the references of repeats merged."""
    found: dict[tuple[str | None, str], tuple[Entry, dict[str, str]]] = {}
    sources: Iterable[tuple[Entry, dict[str, str]]] = [
        *((entry, {}) for entry in source_entries()),
        *registry_entries(),
    ]
    for entry, known in sources:
        if entry.key in found:
            kept, seeds = found[entry.key]
            kept.references.extend(entry.references)
            kept.plural = kept.plural or entry.plural
            seeds.update(known)
        else:
            found[entry.key] = (entry, dict(known))
    return list(found.values())


# --- the PO format ---------------------------------------------------------------------------


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def read_po(path: Path) -> tuple[str, list[Entry]]:
    """The header's msgstr and the entries of a PO file."""
    header = ""
    entries: list[Entry] = []
    current: dict[str, str] = {}
    last: str | None = None
    references: list[str] = []

    def finish() -> None:
        nonlocal current, references, header
        if "msgid" in current:
            strings = [current[k] for k in sorted(current) if k.startswith("msgstr")]
            if current["msgid"] == "" and "msgctxt" not in current:
                header = strings[0] if strings else ""
            else:
                entries.append(
                    Entry(
                        current["msgid"],
                        current.get("msgctxt"),
                        current.get("msgid_plural"),
                        strings,
                        references,
                    )
                )
        current, references = {}, []

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            finish()
            last = None
        elif line.startswith("#:"):
            references.extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if last is not None:
                current[last] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgstr[0]" or keyword.startswith("msgstr["):
                keyword = "msgstr" + keyword[6:].replace("[", "_").replace("]", "")
            if keyword == "msgid" and "msgid" in current:
                finish()
            current[keyword] = _unquote(rest)
            last = keyword
    return header, entries


def _wrapped(keyword: str, text: str) -> str:
    if "\n" not in text[:-1] and len(keyword) + len(text) < 90:
        return f"{keyword} {_quote(text)}"
    pieces = text.splitlines(keepends=True) if "\n" in text else [text]
    lines = [f'{keyword} ""']
    for piece in pieces:
        words = piece.split(" ")
        chunk = ""
        for word in words:
            candidate = f"{chunk} {word}" if chunk else word
            if len(candidate) > 70 and chunk:
                lines.append(_quote(chunk + " "))
                chunk = word
            else:
                chunk = candidate
        lines.append(_quote(chunk))
    return "\n".join(lines)


def write_po(path: Path, header: str, entries: Iterable[Entry], *, template: bool) -> None:
    """Write a PO (or, *template*, a POT) file."""
    out = ["# The veteran-services message catalogue. Generated by scripts/i18n.py extract;", ""]
    out.append(_wrapped("msgid", ""))
    out.append(_wrapped("msgstr", header))
    out.append("")
    for entry in entries:
        if entry.references:
            out.append("#: " + " ".join(entry.references))
        if entry.context is not None:
            out.append(_wrapped("msgctxt", entry.context))
        out.append(_wrapped("msgid", entry.msgid))
        if entry.plural is not None:
            out.append(_wrapped("msgid_plural", entry.plural))
            strings = [""] if template or not entry.strings else entry.strings
            out.extend(_wrapped(f"msgstr[{i}]", s) for i, s in enumerate(strings))
        else:
            strings = entry.strings if entry.strings and not template else [""]
            out.append(_wrapped("msgstr", strings[0]))
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


def _header(lang: str | None) -> str:
    lines = [
        "Project-Id-Version: veteran-services",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    if lang is not None:
        lines.insert(1, f"Language: {lang}")
        lines.append(f"Plural-Forms: {_PLURAL_FORMS.get(lang, 'nplurals=2; plural=(n != 1);')}")
    return "".join(line + "\n" for line in lines)


def catalogues() -> list[Path]:
    """Every language's PO file."""
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def merged(path: Path, found: list[tuple[Entry, dict[str, str]]]) -> list[Entry]:
    """The entries of *found* with the translations *path* already has (or the seeds)."""
    lang = path.parents[1].name
    old = {entry.key: entry for entry in read_po(path)[1]} if path.exists() else {}
    entries = []
    for entry, seeds in found:
        kept = old.get(entry.key)
        strings = kept.strings if kept is not None and any(kept.strings) else []
        if lang in seeds and (
            not strings or entry.context is not None or "template:" in " ".join(entry.references)
        ):
            strings = [seeds[lang]]  # a registered label is the source of its translation
        entries.append(
            Entry(entry.msgid, entry.context, entry.plural, strings, list(entry.references))
        )
    return entries


def do_extract() -> None:
    """Write the template and merge it into every catalogue."""
    found = extract()
    write_po(TEMPLATE, _header(None), [entry for entry, _ in found], template=True)
    for path in catalogues():
        write_po(path, _header(path.parents[1].name), merged(path, found), template=False)


# --- the MO format ---------------------------------------------------------------------------


def compiled(path: Path) -> bytes:
    """The GNU MO bytes of a PO file (untranslated entries left out, as msgfmt does)."""
    header, entries = read_po(path)
    pairs: dict[bytes, bytes] = {b"": header.encode("utf-8")}
    for entry in entries:
        if not entry.strings or not all(entry.strings):
            continue
        key = entry.msgid if entry.plural is None else f"{entry.msgid}\0{entry.plural}"
        if entry.context is not None:
            key = f"{entry.context}\x04{key}"
        pairs[key.encode("utf-8")] = "\0".join(entry.strings).encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    tables: list[int] = []
    blob = b""
    for key in keys:
        tables.extend((len(key), data_at + len(blob)))
        blob += key + b"\0"
    translated: list[int] = []
    for key in keys:
        value = pairs[key]
        translated.extend((len(value), data_at + len(blob)))
        blob += value + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    return (
        head
        + struct.pack(f"<{len(tables)}I", *tables)
        + struct.pack(f"<{len(translated)}I", *translated)
        + blob
    )


def do_compile() -> None:
    """Write every catalogue's MO file."""
    for path in catalogues():
        path.with_suffix(".mo").write_bytes(compiled(path))


def problems() -> list[str]:
    """What is stale or untranslated (empty when the catalogues are complete and compiled)."""
    found = extract()
    out = []
    for path in catalogues():
        lang = path.parents[1].name
        have = {entry.key: entry for entry in read_po(path)[1]}
        for entry in merged(path, found):
            if entry.key not in have:
                out.append(f"{lang}: not extracted yet: {entry.msgid!r}")
            elif not entry.strings or not all(entry.strings):
                out.append(f"{lang}: no translation: {entry.msgid!r}")
            elif entry.context is not None and have[entry.key].strings != entry.strings:
                out.append(f"{lang}: label changed in the code: {entry.msgid!r}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(path):
            out.append(f"{lang}: {mo.name} is not compiled from {path.name}")
    return out


def main(argv: list[str]) -> int:
    """Run the command *argv[0]*: extract, compile or check."""
    command = argv[0] if argv else ""
    if command == "extract":
        do_extract()
    elif command == "compile":
        do_compile()
    elif command == "check":
        found = problems()
        for line in found:
            sys.stdout.write(line + "\n")
        return 1 if found else 0
    else:
        sys.stderr.write("usage: python scripts/i18n.py extract|compile|check\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
