"""Pseudonymisation: keyed-hash identifiers, no personal details, coarser birth dates.

Every identifier of a caseload is replaced by a keyed hash of the record kind and the
original id, truncated and prefixed by the kind::

    pseudonym = PREFIX + "-" + hex(HMAC-SHA-256(key, kind + ":" + id))[:id_length]

with ``kind`` the record kind (``"veterans"``, ``"placements"``, ...) and ``PREFIX`` from
:data:`PREFIXES` (``"V"``, ``"P"``, ...). References (``veteran_id``, ``employer_id``,
``enrolment_id``, ``programme_id``, ``provider_id``, ``founder_ids``, ``placement_id``) are
hashed with the kind they refer to, so the pseudonymised caseload links up exactly as the
original did. The same key gives the same pseudonyms in every run and release; without the
key, pseudonyms cannot be linked to the original ids (nor to pseudonyms made with another key).

Collisions. With ``b = 4 * id_length`` bits, the chance that any two of ``n`` ids of one kind
share a pseudonym is about ``n**2 / 2**(b + 1)`` (the birthday bound). The default of 20 hex
characters (80 bits) gives about 4e-9 for 100 million records of one kind and 4e-11 for 10
million; 16 characters (64 bits) would give 3e-4 and 3e-6. A collision is detected anyway and
raises :class:`PseudonymCollisionError` rather than silently merging two people.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import date
from itertools import pairwise
from typing import Any, Final

import attrs

from veteran_services._checks import checked, is_whole
from veteran_services.errors import InvalidInputError, VeteranServicesError
from veteran_services.model import AnswerValue, Caseload, Instrument, TextScale

__all__ = [
    "DEFAULT_ID_LENGTH",
    "MIN_KEY_BYTES",
    "PREFIXES",
    "PseudonymCollisionError",
    "key_weakness",
    "pseudonym",
    "pseudonymise",
]

#: The prefix of each pseudonymised record kind. Instruments keep their ids: a questionnaire
#: is published material, not personal data, and its id is how responses find their questions.
PREFIXES: Final = {
    "veterans": "V",
    "providers": "TP",
    "programmes": "PG",
    "enrolments": "EN",
    "employers": "E",
    "placements": "P",
    "ventures": "B",
    "contacts": "C",
    "responses": "R",
}

#: The shortest key accepted: 32 bytes, the output length of SHA-256 (RFC 2104 section 3:
#: keys shorter than the hash output are "strongly discouraged"; NIST SP 800-107 asks for a
#: key at least as strong as the security wanted, 256 bits here).
MIN_KEY_BYTES: Final = 32

#: Hex characters kept from the HMAC by default: 80 bits (see the module's collision maths).
DEFAULT_ID_LENGTH: Final = 20
_MIN_ID_LENGTH: Final = 8
_MAX_ID_LENGTH: Final = 64


class PseudonymCollisionError(VeteranServicesError, ValueError):
    """Two different ids of one record kind got the same pseudonym.

    Neither id is shown. Pseudonymise again with a longer ``id_length`` (or another key).

    Attributes:
        kind: The record kind (``"veterans"``).
        id_length: The id length that was too short.
    """

    def __init__(self, kind: str, id_length: int) -> None:
        self.kind = kind
        self.id_length = id_length
        super().__init__(
            f"two different ids in {kind!r} have the same pseudonym at 'id_length' {id_length}; "
            "use a longer 'id_length'"
        )

    def __reduce__(self) -> tuple[type[PseudonymCollisionError], tuple[str, int]]:
        # Errors raised in worker processes (Dask, multiprocessing) travel pickled.
        return (type(self), (self.kind, self.id_length))


def _check_key(key: object) -> bytes:
    if isinstance(key, str):
        msg = (
            "'key' must be bytes, got a str; keep a random key such as secrets.token_bytes(32) "
            "and pass the bytes, not a password"
        )
        raise InvalidInputError("key", msg)
    if not isinstance(key, bytes | bytearray):
        msg = f"'key' must be bytes, got a value of type {type(key).__name__}"
        raise InvalidInputError("key", msg)
    if len(key) < MIN_KEY_BYTES:
        # The key is a secret: its length is shown, never its bytes.
        msg = (
            f"'key' must be at least {MIN_KEY_BYTES} bytes long, got {len(key)}; "
            "make one with secrets.token_bytes(32)"
        )
        raise InvalidInputError("key", msg)
    secret = bytes(key)
    weakness = key_weakness(secret)
    if weakness is not None:
        msg = (
            f"'key' is not a random key: {weakness}; make one with secrets.token_bytes(32) "
            "and keep it apart from the data (a secrets manager), never typed or derived "
            "from a password"
        )
        raise InvalidInputError("key", msg)
    return secret


@checked(unquoted="key")
def key_weakness(key: bytes) -> str | None:
    """Why *key* cannot be a random key, or None if it could be.

    The checks refuse what people type or make up instead of a random key; a key from
    :func:`secrets.token_bytes` fails one of them with a probability below 10**-14:

    - one byte repeated (``bytes(32)``), or a shorter block repeated (``b"password" * 4``,
      ``bytes.fromhex("8f3a" * 16)``);
    - a counting sequence (``bytes(range(32))``: every step between bytes the same);
    - few distinct bytes (fewer than half the key's length, at most 16: a random 32-byte key
      has about 30);
    - printable ASCII only (a password or a hex string as text: a random key is all printable
      with a probability of (95/256)**32, about 10**-14).

    >>> key_weakness(b"password" * 4), key_weakness(bytes(range(32)))
    ('it repeats a block of 8 bytes', 'it is a counting sequence (every step the same)')
    """
    length = len(key)
    for period in range(1, length // 2 + 1):
        if length % period == 0 and key == key[:period] * (length // period):
            if period == 1:
                return "it is one byte repeated"
            return f"it repeats a block of {period} bytes"
    steps = {(b - a) % 256 for a, b in pairwise(key)}
    if len(steps) == 1:
        return "it is a counting sequence (every step the same)"
    distinct = len(set(key))
    if distinct < min(16, length // 2):
        expected = round(256 * (1 - (255 / 256) ** length))
        return (
            f"it has only {distinct} distinct byte values (a random key of this length has "
            f"about {expected})"
        )
    if all(32 <= byte < 127 for byte in key):
        return "it is printable text (a password or a hex string), not random bytes"
    return None


def _check_id_length(id_length: object) -> int:
    if not is_whole(id_length):
        msg = f"'id_length' must be a whole number, got {id_length!r}"
        raise InvalidInputError("id_length", msg)
    if not _MIN_ID_LENGTH <= id_length <= _MAX_ID_LENGTH:
        msg = (
            f"'id_length' must be from {_MIN_ID_LENGTH} to {_MAX_ID_LENGTH} hex characters, "
            f"got {id_length}"
        )
        raise InvalidInputError("id_length", msg)
    return id_length


def _check_kind(kind: object) -> str:
    if not isinstance(kind, str) or kind not in PREFIXES:
        msg = f"'kind' must be one of {', '.join(PREFIXES)}, got {kind!r}"
        raise InvalidInputError("kind", msg)
    return kind


def _check_record_id(record_id: object) -> str:
    if not isinstance(record_id, str):
        msg = f"'record_id' must be a string, got a value of type {type(record_id).__name__}"
        raise InvalidInputError("record_id", msg)
    return record_id


def _digest(mac: hmac.HMAC, kind: str, record_id: str, id_length: int) -> str:
    copy = mac.copy()
    copy.update(f"{kind}:{record_id}".encode())
    return f"{PREFIXES[kind]}-{copy.hexdigest()[:id_length]}"


@checked(own="key")  # its own check says how to make a key, and never quotes one
def pseudonym(kind: str, record_id: str, *, key: bytes, id_length: int = DEFAULT_ID_LENGTH) -> str:
    """The pseudonym :func:`pseudonymise` gives the id *record_id* of record kind *kind*.

    Use it to link other data (a list of ids from another system, say) to a pseudonymised
    caseload without the original ids.

    Args:
        kind: A record kind with an id: one of :data:`PREFIXES`.
        record_id: The original id.
        key: The secret key, at least :data:`MIN_KEY_BYTES` bytes.
        id_length: Hex characters kept from the HMAC (8 to 64).

    Raises:
        InvalidInputError: for an unknown kind, a key that is not bytes, too short or not
            random (see :func:`key_weakness`), or an id length out of range.

    >>> key = bytes.fromhex(
    ...     "26744f53b773a64582c4fc309db7fabacbb5a7c6e80167119014b5358c9c15eb"
    ... )  # secrets.token_bytes(32), once
    >>> pseudonym("veterans", "V000001", key=key)
    'V-6ba3240e102d28f0d346'
    """
    secret = _check_key(key)
    length = _check_id_length(id_length)
    kind = _check_kind(kind)
    text = _check_record_id(record_id)
    return _digest(hmac.new(secret, digestmod=hashlib.sha256), kind, text, length)


class _Pseudonyms:
    """Pseudonyms of one run: each id hashed once, collisions detected per kind."""

    def __init__(self, key: bytes, id_length: int) -> None:
        self._mac = hmac.new(key, digestmod=hashlib.sha256)
        self._id_length = id_length
        self._forward: dict[str, dict[str, str]] = {kind: {} for kind in PREFIXES}
        self._taken: dict[str, set[str]] = {kind: set() for kind in PREFIXES}

    def __call__(self, kind: str, record_id: str) -> str:
        forward = self._forward[kind]
        try:
            return forward[record_id]
        except KeyError:
            pass
        value = _digest(self._mac, kind, record_id, self._id_length)
        taken = self._taken[kind]
        if value in taken:
            raise PseudonymCollisionError(kind, self._id_length)
        taken.add(value)
        forward[record_id] = value
        return value

    def optional(self, kind: str, record_id: str | None) -> str | None:
        return None if record_id is None else self(kind, record_id)


def _year_start(day: date | None) -> date | None:
    # 1 January, not 1 July: it is never after the true birth date, so a veteran born before
    # their service and before registering still is, and Veteran's invariants keep holding.
    return None if day is None else date(day.year, 1, 1)


def _free_text_questions(instruments: Iterable[Instrument]) -> dict[tuple[str, int], set[str]]:
    return {
        (instrument.id, instrument.version): {
            question.id
            for question in instrument.questions
            if isinstance(question.scale, TextScale)
        }
        for instrument in instruments
    }


def _keeps(value: AnswerValue, question_id: str, free_text: set[str] | None) -> bool:
    if free_text is None:
        # No such instrument version: any text answer may be free text.
        return not isinstance(value, str)
    return question_id not in free_text


@checked(own="key")  # its own check says how to make a key, and never quotes one
def pseudonymise(
    caseload: Caseload,
    *,
    key: bytes,
    coarsen_birth_dates: bool = True,
    drop_free_text: bool = True,
    id_length: int = DEFAULT_ID_LENGTH,
) -> Caseload:
    """A copy of *caseload* with keyed-hash ids and without directly identifying details.

    What changes:

    - every id and every reference is replaced by :func:`pseudonym` of its kind (instrument
      ids are kept: questionnaires are not personal);
    - ``Veteran.personal`` (name, identity number, phone) is dropped;
    - a venture's ``name`` becomes its pseudonym: a small business is often named after its
      founder;
    - with *coarsen_birth_dates*, birth dates become 1 January of the birth year (ages then
      read as the age reached during the calendar year: up to one year more than the exact
      age before the birthday);
    - with *drop_free_text*, answers to free-text questions (:class:`TextScale`) are removed,
      as are text answers whose instrument version is not in the caseload.

    Everything else (dates of service, placements and surveys, wages, regions, employer and
    provider names, disability ratings) is kept, so the result still holds personal data in
    law: it is pseudonymised, not anonymised. The records of every kind are re-sorted by
    their pseudonym (earnings records by their pseudonymised references and quarter), a keyed
    shuffle: neither line numbers nor the order of records with equal dates tie a record back
    to its original id. Instruments keep their order. A caseload that passed
    :meth:`~Caseload.check` passes it after, with the same problems under new ids.

    Args:
        caseload: The caseload to pseudonymise.
        key: The secret key, at least :data:`MIN_KEY_BYTES` random bytes (make one with
            ``secrets.token_bytes(32)``). The same key gives the same pseudonyms in every run;
            keep it apart from the data. Keys that cannot be random are refused (see
            :func:`key_weakness`).
        coarsen_birth_dates: Replace birth dates by 1 January of the birth year.
        drop_free_text: Remove free-text answers.
        id_length: Hex characters kept from the HMAC (8 to 64; 20 = 80 bits by default).

    Raises:
        InvalidInputError: for a key that is not bytes, shorter than :data:`MIN_KEY_BYTES`
            or not random (one byte or a block repeated, a counting sequence, few distinct
            bytes, printable text), or an *id_length* out of range.
        PseudonymCollisionError: if two ids of one kind get the same pseudonym.

    >>> from veteran_services import Branch, RankCategory, ServicePeriod, Sex, Veteran
    >>> from veteran_services import PersonalDetails
    >>> veteran = Veteran(id="V1", sex=Sex.MALE, region="320115", birth_date=date(1995, 3, 4),
    ...                   service=(ServicePeriod(branch=Branch.ARMY, rank=RankCategory.NCO,
    ...                                          start=date(2013, 9, 1)),),
    ...                   personal=PersonalDetails(name="张三"))
    >>> key = bytes.fromhex(
    ...     "26744f53b773a64582c4fc309db7fabacbb5a7c6e80167119014b5358c9c15eb"
    ... )
    >>> out = pseudonymise(Caseload(veterans=[veteran]), key=key)
    >>> v = out.veterans[0]
    >>> v.id, v.birth_date, v.personal
    ('V-1e588ea041f8d7d80170', datetime.date(1995, 1, 1), None)
    """
    secret = _check_key(key)
    length = _check_id_length(id_length)
    ids = _Pseudonyms(secret, length)
    opt = ids.optional
    evolve = attrs.evolve

    veterans = [
        evolve(
            v,
            id=ids("veterans", v.id),
            personal=None,
            birth_date=_year_start(v.birth_date) if coarsen_birth_dates else v.birth_date,
        )
        for v in caseload.veterans
    ]
    providers = [evolve(p, id=ids("providers", p.id)) for p in caseload.providers]
    programmes = [
        evolve(p, id=ids("programmes", p.id), provider_id=ids("providers", p.provider_id))
        for p in caseload.programmes
    ]
    enrolments = [
        evolve(
            e,
            id=ids("enrolments", e.id),
            veteran_id=ids("veterans", e.veteran_id),
            programme_id=ids("programmes", e.programme_id),
        )
        for e in caseload.enrolments
    ]
    employers = [evolve(e, id=ids("employers", e.id)) for e in caseload.employers]
    placements = [
        evolve(
            p,
            id=ids("placements", p.id),
            veteran_id=ids("veterans", p.veteran_id),
            employer_id=ids("employers", p.employer_id),
            enrolment_id=opt("enrolments", p.enrolment_id),
        )
        for p in caseload.placements
    ]
    ventures = []
    for venture in caseload.ventures:
        new_id = ids("ventures", venture.id)
        ventures.append(
            evolve(
                venture,
                id=new_id,
                name=new_id,
                founder_ids=tuple(ids("veterans", f) for f in venture.founder_ids),
            )
        )
    earnings = [
        evolve(
            e,
            veteran_id=ids("veterans", e.veteran_id),
            employer_id=ids("employers", e.employer_id),
        )
        for e in caseload.earnings
    ]
    contacts = [
        evolve(c, id=ids("contacts", c.id), veteran_id=ids("veterans", c.veteran_id))
        for c in caseload.contacts
    ]
    free_text = _free_text_questions(caseload.instruments) if drop_free_text else {}
    responses = []
    for response in caseload.responses:
        changes: dict[str, Any] = {
            "id": ids("responses", response.id),
            "veteran_id": ids("veterans", response.veteran_id),
            "placement_id": opt("placements", response.placement_id),
        }
        if drop_free_text:
            texts = free_text.get((response.instrument_id, response.instrument_version))
            changes["answers"] = tuple(
                a for a in response.answers if _keeps(a.value, a.question_id, texts)
            )
        responses.append(evolve(response, **changes))

    # Every kind re-sorted by pseudonym: a keyed shuffle, so that neither the order of the
    # records (ids that were sequential in file order) nor the order of records with equal
    # dates ties them back to the original ids.
    return Caseload(
        veterans=sorted(veterans, key=_by_id),
        providers=sorted(providers, key=_by_id),
        programmes=sorted(programmes, key=_by_id),
        enrolments=sorted(enrolments, key=_by_id),
        employers=sorted(employers, key=_by_id),
        placements=sorted(placements, key=_by_id),
        ventures=sorted(ventures, key=_by_id),
        earnings=sorted(earnings, key=_earnings_order),
        contacts=sorted(contacts, key=_by_id),
        instruments=caseload.instruments,
        responses=sorted(responses, key=_by_id),
    )


def _by_id(record: Any) -> str:
    return str(record.id)


def _earnings_order(record: Any) -> tuple[str, str, str]:
    # Earnings records have no id: their pseudonymised references and the quarter order them.
    return (record.veteran_id, record.employer_id, str(record.quarter))
