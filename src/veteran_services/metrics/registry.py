"""One registry of the programme indicators: what each computes, its kind, and its names.

The command line (``metrics``, ``league``) and the HTML report both read it, so an indicator,
its kind and its English and Chinese names are written once. Each
:class:`ProgrammeIndicator` holds the function that computes it, its :data:`IndicatorKind`,
whether the command line breaks it down, and its headline figures (:class:`HeadlineFigure`:
fixed arguments and the figure's names); its description is the function's docstring.

>>> PROGRAMME_INDICATORS["placement_rate"].kind
'rate'
>>> indicator_label("employment_rate_q2_after_exit", lang="zh")
'结业后第二季度就业率'
>>> [figure.name for figure in PROGRAMME_INDICATORS["employment_rate_after_exit"].figures]
['employment_rate_q2_after_exit', 'employment_rate_q4_after_exit']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import indicators, ventures
from veteran_services.metrics.estimates import Estimate
from veteran_services.model import Caseload

__all__ = [
    "PROGRAMME_INDICATORS",
    "HeadlineFigure",
    "IndicatorKind",
    "ProgrammeIndicator",
    "headline_figures",
    "indicator_label",
    "programme_indicator",
]

IndicatorKind = Literal["rate", "weighted_rate", "median", "duration", "count"]
"""What an indicator measures:

* ``"rate"``: a share of units (a proportion with a Wilson interval); league tables compare
  rates;
* ``"weighted_rate"``: a share weighted by survey weights;
* ``"median"``: the median of an amount (earnings, in CNY);
* ``"duration"``: the median of a time span (days);
* ``"count"``: a total (jobs).
"""

_LANGUAGES = ("en", "zh")


def _read_only(arguments: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(arguments))


@frozen(kw_only=True)
class HeadlineFigure:
    """One figure of an indicator computed with fixed arguments, with its names for people.

    Attributes:
        name: The :attr:`Estimate.name` of the figure (``"employment_rate_q2_after_exit"``).
        arguments: The arguments the figure is computed with (``{"quarter": 2}``).
        en: The figure's name in English.
        zh: The figure's name in Chinese.
    """

    name: str
    arguments: Mapping[str, Any] = field(factory=dict, converter=_read_only, hash=False)
    en: str
    zh: str

    def label(self, lang: str = "en") -> str:
        """The figure's name in *lang* (``"en"`` or ``"zh"``)."""
        return self.zh if _check_lang(lang) == "zh" else self.en


@frozen(kw_only=True)
class ProgrammeIndicator:
    """A programme indicator of :mod:`veteran_services.metrics`.

    Attributes:
        name: The name of its function (``"employment_rate_after_exit"``), by which the
            command line's ``--metric`` chooses it.
        function: The function that computes its :class:`Estimate`.
        kind: What it measures (:data:`IndicatorKind`).
        by_group: Whether the command line breaks it down (``metrics --by``; ``league`` too
            when it is a rate).
        figures: Its headline figures, in the report's order (empty when it has none).
    """

    name: str
    function: Callable[..., Estimate] = field(eq=False)
    kind: IndicatorKind
    by_group: bool = False
    figures: tuple[HeadlineFigure, ...] = ()

    @property
    def quarterly(self) -> bool:
        """Whether it is measured in a quarter after exit (its function takes ``quarter``)."""
        return "quarter" in self._parameters()

    @property
    def dated(self) -> bool:
        """Whether it is evaluated on a date (its function takes ``as_of``)."""
        return "as_of" in self._parameters()

    @property
    def is_rate(self) -> bool:
        """Whether it is a rate (a proportion a league table can compare)."""
        return self.kind == "rate"

    @property
    def summary(self) -> str:
        """The first line of its function's documentation."""
        return (inspect.getdoc(self.function) or "").split("\n\n", 1)[0].replace("\n", " ")

    def _parameters(self) -> Mapping[str, inspect.Parameter]:
        return inspect.signature(self.function).parameters

    def compute(
        self,
        caseload: Caseload,
        *,
        as_of: date | None = None,
        quarter: int | None = None,
        **arguments: Any,
    ) -> Estimate:
        """The indicator on *caseload*: *as_of* is passed when it is dated, *quarter* (when
        given) when it is quarterly, and any other argument as it is."""
        if self.dated:
            arguments["as_of"] = as_of
        if quarter is not None and self.quarterly:
            arguments["quarter"] = quarter
        return self.function(caseload, **arguments)

    def label(self, lang: str = "en") -> str:
        """The name of its first headline figure in *lang*, else its :attr:`name`."""
        return self.figures[0].label(lang) if self.figures else self.name


def _figure(name: str, en: str, zh: str, **arguments: Any) -> HeadlineFigure:
    return HeadlineFigure(name=name, arguments=arguments, en=en, zh=zh)


_REGISTRY = (
    ProgrammeIndicator(
        name="employment_rate_after_exit",
        function=indicators.employment_rate_after_exit,
        kind="rate",
        by_group=True,
        figures=(
            _figure(
                "employment_rate_q2_after_exit",
                "Employment rate, 2nd quarter after exit",
                "结业后第二季度就业率",
                quarter=2,
            ),
            _figure(
                "employment_rate_q4_after_exit",
                "Employment rate, 4th quarter after exit",
                "结业后第四季度就业率",
                quarter=4,
            ),
        ),
    ),
    ProgrammeIndicator(
        name="median_earnings_after_exit",
        function=indicators.median_earnings_after_exit,
        kind="median",
        by_group=True,
        figures=(
            _figure(
                "median_earnings_q2_after_exit",
                "Median earnings, 2nd quarter after exit",
                "结业后第二季度收入中位数",
                quarter=2,
            ),
        ),
    ),
    ProgrammeIndicator(
        name="credential_attainment_rate",
        function=indicators.credential_attainment_rate,
        kind="rate",
        by_group=True,
        figures=(
            _figure("credential_attainment_rate", "Credential attainment rate", "证书获得率"),
        ),
    ),
    ProgrammeIndicator(
        name="retention_with_same_employer",
        function=indicators.retention_with_same_employer,
        kind="rate",
        by_group=True,
        figures=(
            _figure(
                "retention_with_same_employer",
                "Retention with the same employer",
                "同一单位留任率",
            ),
        ),
    ),
    ProgrammeIndicator(
        name="placement_rate",
        function=indicators.placement_rate,
        kind="rate",
        by_group=True,
        figures=(
            _figure(
                "placement_rate",
                "Placement rate within 6 months of registration",
                "登记后 6 个月安置率",
            ),
        ),
    ),
    ProgrammeIndicator(
        name="time_to_placement",
        function=indicators.time_to_placement,
        kind="duration",
        by_group=True,
        figures=(_figure("time_to_placement", "Median time to placement", "登记到就业时长中位数"),),
    ),
    ProgrammeIndicator(
        name="venture_survival_rate",
        function=indicators.venture_survival_rate,
        kind="rate",
        figures=(
            _figure(
                "venture_survival_12_months",
                "Venture survival at 12 months",
                "创业实体 12 个月存活率",
                months=12,
            ),
        ),
    ),
    ProgrammeIndicator(
        name="jobs_created",
        function=indicators.jobs_created,
        kind="count",
        figures=(
            _figure("jobs_created", "Jobs created by veterans' ventures", "退役军人创业带动就业"),
            _figure(
                "jobs_created_veterans",
                "Veterans employed by veterans' ventures",
                "创业带动退役军人就业",
                veterans_only=True,
            ),
        ),
    ),
    ProgrammeIndicator(
        name="high_growth_share",
        function=ventures.high_growth_share,
        kind="rate",
        figures=(
            _figure(
                "high_growth_share",
                "High-growth ventures (Eurostat-OECD definition)",
                "高成长创业企业占比",
            ),
        ),
    ),
    ProgrammeIndicator(
        name="loan_repayment_rate",
        function=ventures.loan_repayment_rate,
        kind="rate",
        figures=(
            _figure(
                "loan_repayment_rate",
                "Start-up loans repaid or on schedule",
                "创业担保贷款正常还款率",
            ),
        ),
    ),
    ProgrammeIndicator(
        name="loan_default_rate",
        function=ventures.loan_default_rate,
        kind="rate",
        figures=(
            _figure(
                "loan_default_rate", "Start-up loans in arrears or defaulted", "创业担保贷款逾期率"
            ),
        ),
    ),
    ProgrammeIndicator(
        name="weighted_satisfaction",
        function=indicators.weighted_satisfaction,
        kind="weighted_rate",
        figures=(
            _figure(
                "satisfaction_share",
                "Satisfied with the job (weighted)",
                "工作满意比例（加权）",
            ),
        ),
    ),
)

PROGRAMME_INDICATORS: Mapping[str, ProgrammeIndicator] = MappingProxyType(
    {indicator.name: indicator for indicator in _REGISTRY}
)
"""Every registered programme indicator by name, in the order of the headline figures."""

_FIGURES: Mapping[str, HeadlineFigure] = MappingProxyType(
    {figure.name: figure for indicator in _REGISTRY for figure in indicator.figures}
)


def _check_lang(lang: object) -> str:
    for known in _LANGUAGES:
        if lang == known:
            return known
    msg = f"'lang' must be one of {', '.join(_LANGUAGES)}, got {lang!r}"
    raise InvalidInputError("lang", msg)


@checked
def programme_indicator(name: str) -> ProgrammeIndicator:
    """The registered indicator called *name*.

    Raises:
        InvalidInputError: for a name that is not registered (the message lists them).
    """
    found = PROGRAMME_INDICATORS.get(name) if isinstance(name, str) else None
    if found is None:
        msg = f"'name' must be one of {', '.join(PROGRAMME_INDICATORS)}, got {name!r}"
        raise InvalidInputError("name", msg)
    return found


@checked
def indicator_label(name: str, lang: str = "en") -> str:
    """The name for people of a figure (by its :attr:`Estimate.name`) or of an indicator (by
    its function's name) in *lang*; *name* itself when the registry has no name for it.

    >>> indicator_label("placement_rate"), indicator_label("skill_gain_rate", lang="zh")
    ('Placement rate within 6 months of registration', 'skill_gain_rate')
    """
    lang = _check_lang(lang)
    figure = _FIGURES.get(name)
    if figure is not None:
        return figure.label(lang)
    indicator = PROGRAMME_INDICATORS.get(name)
    return name if indicator is None else indicator.label(lang)


@checked
def headline_figures(caseload: Caseload, *, as_of: date | None = None) -> tuple[Estimate, ...]:
    """Every headline figure of *caseload* as of *as_of* (default: the latest dated event),
    in the registry's order: the figures the report and ``veteran-services metrics`` show."""
    return tuple(
        indicator.compute(caseload, as_of=as_of, **figure.arguments)
        for indicator in _REGISTRY
        for figure in indicator.figures
    )
