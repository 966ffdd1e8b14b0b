"""Survey outcome rates: the AAPOR response, cooperation, refusal and contact rates.

Source: The American Association for Public Opinion Research (AAPOR), *Standard Definitions:
Final Dispositions of Case Codes and Outcome Rates for Surveys* (10th ed., 2023), and its
Response Rate Calculator. Dispositions: I complete, P partial, R refusal and break-off,
NC non-contact, O other, UH unknown if household/occupied, UO unknown other, NE not eligible.
"""

from __future__ import annotations

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import as_float, probability

__all__ = ["ResponseRates", "response_rates"]


@frozen(kw_only=True)
class ResponseRates:
    """The AAPOR outcome rates of one survey; ``None`` where a rate's denominator is 0.

    Attributes:
        rr1: I / ((I+P) + (R+NC+O) + (UH+UO)).
        rr2: (I+P) / ((I+P) + (R+NC+O) + (UH+UO)).
        rr3: I / ((I+P) + (R+NC+O) + e(UH+UO)).
        rr4: (I+P) / ((I+P) + (R+NC+O) + e(UH+UO)).
        rr5: I / ((I+P) + (R+NC+O)).
        rr6: (I+P) / ((I+P) + (R+NC+O)).
        coop1: I / ((I+P) + R + O).
        coop2: (I+P) / ((I+P) + R + O).
        coop3: I / ((I+P) + R).
        coop4: (I+P) / ((I+P) + R).
        ref1: R / ((I+P) + (R+NC+O) + (UH+UO)).
        ref2: R / ((I+P) + (R+NC+O) + e(UH+UO)).
        ref3: R / ((I+P) + (R+NC+O)).
        con1: ((I+P) + R + O) / ((I+P) + (R+NC+O) + (UH+UO)).
        con2: ((I+P) + R + O) / ((I+P) + (R+NC+O) + e(UH+UO)).
        con3: ((I+P) + R + O) / ((I+P) + (R+NC+O)).
        e: The estimated share of unknown-eligibility cases that are eligible, as used; ``None``
            when it was not given and cannot be estimated (no case of known eligibility).
        e_estimated: Whether *e* was estimated from the counts rather than given.
    """

    rr1: float | None
    rr2: float | None
    rr3: float | None
    rr4: float | None
    rr5: float | None
    rr6: float | None
    coop1: float | None
    coop2: float | None
    coop3: float | None
    coop4: float | None
    ref1: float | None
    ref2: float | None
    ref3: float | None
    con1: float | None
    con2: float | None
    con3: float | None
    e: float | None
    e_estimated: bool


def _ratio(numerator: float, denominator: float | None) -> float | None:
    if denominator is None or denominator <= 0.0:
        return None
    return numerator / denominator


@checked
def response_rates(
    *,
    complete: float,
    partial: float,
    refusal: float,
    non_contact: float,
    other: float,
    unknown_household: float,
    unknown_other: float,
    not_eligible: float,
    e: float | None = None,
) -> ResponseRates:
    """AAPOR response rates RR1-RR6, cooperation rates COOP1-4, refusal rates REF1-3 and
    contact rates CON1-3 from final disposition counts.

    Counts may be weighted sums (the weighted rates sum base weights instead of counting).
    When *e* is not given it is estimated as the eligible share among cases of known
    eligibility, e = (I+P+R+NC+O) / (I+P+R+NC+O+NE) (AAPOR's "proportional allocation"); if no
    case has known eligibility, e is ``None`` and so are the rates that need it unless there are
    no unknown cases. Formulas: see :class:`ResponseRates`. Source: AAPOR Standard Definitions
    (2023), "Response rates", "Cooperation rates", "Refusal rates", "Contact rates".

    Raises:
        InvalidInputError: a negative or non-finite count, or *e* outside [0, 1].

    >>> rates = response_rates(complete=400, partial=50, refusal=150, non_contact=200, other=50,
    ...                        unknown_household=100, unknown_other=50, not_eligible=100)
    >>> rates.rr1, rates.rr2, rates.coop4
    (0.4, 0.45, 0.75)
    """
    counts = {
        "complete": complete,
        "partial": partial,
        "refusal": refusal,
        "non_contact": non_contact,
        "other": other,
        "unknown_household": unknown_household,
        "unknown_other": unknown_other,
        "not_eligible": not_eligible,
    }
    checked = {}
    for name, value in counts.items():
        number = as_float(value, name)
        if number < 0.0:
            msg = f"{name!r} must not be negative, got {value!r}"
            raise InvalidInputError(name, msg)
        checked[name] = number
    i = checked["complete"]
    p = checked["partial"]
    r = checked["refusal"]
    nc = checked["non_contact"]
    o = checked["other"]
    unknown = checked["unknown_household"] + checked["unknown_other"]
    ne = checked["not_eligible"]

    interviews = i + p
    eligible = interviews + r + nc + o
    estimated = e is None
    if e is None:
        used_e = _ratio(eligible, eligible + ne)
    else:
        used_e = probability(e, "e")

    all_cases = eligible + unknown
    if unknown == 0.0:
        estimated_cases: float | None = eligible
    elif used_e is None:
        estimated_cases = None
    else:
        estimated_cases = eligible + used_e * unknown
    contacted = interviews + r + o

    return ResponseRates(
        rr1=_ratio(i, all_cases),
        rr2=_ratio(interviews, all_cases),
        rr3=_ratio(i, estimated_cases),
        rr4=_ratio(interviews, estimated_cases),
        rr5=_ratio(i, eligible),
        rr6=_ratio(interviews, eligible),
        coop1=_ratio(i, interviews + r + o),
        coop2=_ratio(interviews, interviews + r + o),
        coop3=_ratio(i, interviews + r),
        coop4=_ratio(interviews, interviews + r),
        ref1=_ratio(r, all_cases),
        ref2=_ratio(r, estimated_cases),
        ref3=_ratio(r, eligible),
        con1=_ratio(contacted, all_cases),
        con2=_ratio(contacted, estimated_cases),
        con3=_ratio(contacted, eligible),
        e=used_e,
        e_estimated=estimated,
    )
