"""The estimators: propensity and outcome models, IPW, AIPW, regression and matching.

Needs numpy and statsmodels (the ``evaluation`` extra); imported only when an estimate is
asked for. The formulas are in ``docs/methodology/evaluation.md``.
"""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray

from veteran_services._checks import is_whole
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.evaluation._data import numeric_column, read_column
from veteran_services.evaluation._results import (
    SMD_THRESHOLD,
    CovariateBalance,
    Diagnostics,
    EffectEstimate,
    EValue,
    Matching,
    Overlap,
    PropensityTerm,
    Trimming,
)

__all__ = ["estimate"]

Array = NDArray[np.float64]

ESTIMANDS = ("att", "ate")
METHODS = ("aipw", "ipw", "regression", "matching")
QUANTILES = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
MIN_GROUP = 5
CALIPER_SD = 0.2


def _statsmodels_logit() -> Any:
    try:
        return importlib.import_module("statsmodels.discrete.discrete_model").Logit
    except ImportError as error:
        raise _missing() from error


def _scipy_stats() -> Any:
    try:
        return importlib.import_module("scipy.stats")
    except ImportError as error:
        raise _missing() from error


def _missing() -> MissingExtraError:
    return MissingExtraError(
        "treatment_effect needs numpy, scipy and statsmodels: install the 'evaluation' extra "
        "(pip install 'veteran-services[evaluation]')"
    )


def _expit(z: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


# --- input ---------------------------------------------------------------------------------


def _check_options(
    estimand: str,
    method: str,
    confidence: float,
    trim: object,
    bootstrap: int | None,
    seed: int | None,
) -> None:
    if estimand not in ESTIMANDS:
        msg = f"'estimand' must be one of {', '.join(ESTIMANDS)}, got {estimand!r}"
        raise InvalidInputError("estimand", msg)
    if method not in METHODS:
        msg = f"'method' must be one of {', '.join(METHODS)}, got {method!r}"
        raise InvalidInputError("method", msg)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise InvalidInputError("confidence", f"'confidence' must be a number, got {confidence!r}")
    if not 0.0 < confidence < 1.0:
        msg = f"'confidence' must be between 0 and 1 (exclusive), got {confidence!r}"
        raise InvalidInputError("confidence", msg)
    if trim is not None and trim != "crump":
        ok = (
            isinstance(trim, tuple | list)
            and len(trim) == 2
            and all(isinstance(b, int | float) and not isinstance(b, bool) for b in trim)
            and 0.0 <= float(trim[0]) < float(trim[1]) <= 1.0
        )
        if not ok:
            msg = (
                "'trim' must be None, 'crump' or a pair (lower, upper) with "
                f"0 <= lower < upper <= 1, got {trim!r}"
            )
            raise InvalidInputError("trim", msg)
    if trim == "crump" and estimand != "ate":
        msg = "'trim': the Crump et al. (2009) rule is derived for the ATE; give fixed bounds"
        raise InvalidInputError("trim", msg)
    if bootstrap is not None:
        if not is_whole(bootstrap) or bootstrap < 50:
            msg = f"'bootstrap' must be a whole number of replicates >= 50, got {bootstrap!r}"
            raise InvalidInputError("bootstrap", msg)
        if method == "matching":
            msg = (
                "'bootstrap' cannot be used with method='matching': the bootstrap is not valid "
                "for nearest-neighbour matching with replacement (Abadie & Imbens 2008); the "
                "Abadie-Imbens standard error is used"
            )
            raise InvalidInputError("bootstrap", msg)
        if seed is None:
            msg = "'seed' is needed with 'bootstrap' so the interval can be reproduced"
            raise InvalidInputError("seed", msg)
    elif seed is not None:
        msg = f"'seed' ({seed!r}) is used only with 'bootstrap', which is not set"
        raise InvalidInputError("seed", msg)
    if seed is not None and (not is_whole(seed) or seed < 0):
        raise InvalidInputError("seed", f"'seed' must be a whole number >= 0, got {seed!r}")


def _read(
    data: object, treatment: str, outcome: str, covariates: Sequence[str]
) -> tuple[Array, Array, Array]:
    """Treatment (0/1), outcome and the design matrix (intercept first) as arrays."""
    if isinstance(covariates, str) or not isinstance(covariates, Sequence):
        msg = f"'covariates' must be a list of column names, got {covariates!r}"
        raise InvalidInputError("covariates", msg)
    if len(covariates) == 0:
        raise InvalidInputError("covariates", "'covariates' must name at least one column")
    if len(set(covariates)) != len(covariates):
        dup = sorted({c for c in covariates if list(covariates).count(c) > 1})
        raise InvalidInputError("covariates", f"'covariates' repeats {', '.join(map(repr, dup))}")
    for name, argument in ((treatment, "treatment"), (outcome, "outcome")):
        if name in covariates:
            msg = f"{argument!r}: column {name!r} is also listed among the covariates"
            raise InvalidInputError("covariates", msg)
    if treatment == outcome:
        raise InvalidInputError("outcome", f"'outcome' is the treatment column {outcome!r}")
    raw_t = read_column(data, treatment, "treatment")
    values = {v for v in raw_t if v is not None}
    allowed: list[set[object]] = [{0, 1}, {True, False}]
    t_list = numeric_column(raw_t, treatment, "treatment")
    missing_t = sum(v is None for v in t_list)
    if missing_t:
        msg = f"'treatment': column {treatment!r} has {missing_t} missing values"
        raise InvalidInputError("treatment", msg)
    if not any(values <= a for a in allowed) or len(set(t_list)) != 2:
        shown = ", ".join(repr(v) for v in sorted(values, key=repr)[:5])
        msg = (
            f"'treatment': column {treatment!r} must be two-valued, 0/1 or False/True, with "
            f"both values present; got {len(values)} distinct values ({shown})"
        )
        raise InvalidInputError("treatment", msg)
    n = len(t_list)
    missing: list[str] = []
    y_list = numeric_column(read_column(data, outcome, "outcome"), outcome, "outcome")
    columns = [
        numeric_column(read_column(data, name, "covariates"), name, "covariates")
        for name in covariates
    ]
    for name, col in [(outcome, y_list), *zip(covariates, columns, strict=True)]:
        if len(col) != n:
            msg = f"column {name!r} has {len(col)} values, the treatment column {n}"
            raise InvalidInputError("data", msg)
    y_missing = sum(v is None for v in y_list)
    if y_missing:
        msg = (
            f"'outcome': column {outcome!r} has {y_missing} missing values of {n}; drop or "
            "impute them before estimating"
        )
        raise InvalidInputError("outcome", msg)
    for name, col in zip(covariates, columns, strict=True):
        count = sum(v is None for v in col)
        if count:
            missing.append(f"{name!r} ({count} of {n})")
    if missing:
        msg = (
            f"'covariates' have missing values: {', '.join(missing)}; use complete cases or "
            "a missing-indicator column, chosen explicitly"
        )
        raise InvalidInputError("covariates", msg)
    t = np.asarray(t_list, dtype=np.float64)
    y = np.asarray(y_list, dtype=np.float64)
    x = np.column_stack([np.ones(n), *(np.asarray(c, dtype=np.float64) for c in columns)])
    return t, y, x


def _check_design(t: Array, x: Array, names: Sequence[str], where: str) -> None:
    """Constant and collinear covariates, and too few units, named."""
    n1 = int(t.sum())
    n0 = len(t) - n1
    need = max(MIN_GROUP, len(names) + 2)
    for count, group in ((n1, "treated"), (n0, "comparison")):
        if count < need:
            msg = (
                f"'treatment': {count} {group} units{where}; with {len(names)} covariates at "
                f"least {need} are needed in each group"
            )
            raise InvalidInputError("treatment", msg)
    for j, name in enumerate(names, start=1):
        if np.ptp(x[:, j]) == 0.0:
            msg = f"'covariates': {name!r} is constant{where} (value {x[0, j]!r}); leave it out"
            raise InvalidInputError("covariates", msg)
    _check_rank(x, names, where, "")


def _check_rank(x: Array, names: Sequence[str], where: str, group: str) -> None:
    scale = x / np.maximum(np.abs(x).max(axis=0), 1e-300)
    if np.linalg.matrix_rank(scale) == x.shape[1]:
        return
    for j in range(1, x.shape[1]):
        if np.linalg.matrix_rank(scale[:, : j + 1]) <= j:
            if group:
                msg = (
                    f"'covariates': {names[j - 1]!r} is constant or collinear with the "
                    f"covariates before it among the {group} units{where}; the outcome model "
                    "cannot be fitted"
                )
            else:
                msg = (
                    f"'covariates': {names[j - 1]!r} is collinear with the covariates before "
                    f"it (and the intercept){where}; leave it out"
                )
            raise InvalidInputError("covariates", msg)


def _separating(t: Array, x: Array, names: Sequence[str]) -> list[str]:
    out = []
    for j, name in enumerate(names, start=1):
        treated, control = x[t == 1, j], x[t == 0, j]
        if treated.min() >= control.max() or control.min() >= treated.max():
            out.append(name)
    return out


def _check_balance_columns(
    data: object, columns: Sequence[str], used: Sequence[str], n: int
) -> list[tuple[str, Array]]:
    if isinstance(columns, str) or not isinstance(columns, Sequence):
        msg = f"'check_balance' must be a list of column names, got {columns!r}"
        raise InvalidInputError("check_balance", msg)
    out: list[tuple[str, Array]] = []
    for name in columns:
        if name in used or name in [c for c, _ in out]:
            msg = f"'check_balance': {name!r} is already the treatment, outcome or a covariate"
            raise InvalidInputError("check_balance", msg)
        values = numeric_column(read_column(data, name, "check_balance"), name, "check_balance")
        count = sum(v is None for v in values)
        if count or len(values) != n:
            msg = f"'check_balance': column {name!r} has {count} missing values of {len(values)}"
            raise InvalidInputError("check_balance", msg)
        out.append((name, np.asarray(values, dtype=np.float64)))
    return out


# --- models --------------------------------------------------------------------------------


_FATAL = {"ConvergenceWarning", "PerfectSeparationWarning", "HessianInversionWarning"}


def _fit_logit(target: Array, x: Array) -> tuple[Array, Array] | None:
    """Maximum-likelihood logistic coefficients and their SEs, or None if the fit fails."""
    logit = _statsmodels_logit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = logit(target, x).fit(disp=0)
            params = np.asarray(result.params, dtype=np.float64)
            bse = np.asarray(result.bse, dtype=np.float64)
        except Exception:  # statsmodels signals separation and non-convergence variously
            return None
    for warning in caught:
        if issubclass(warning.category, RuntimeWarning) or warning.category.__name__ in _FATAL:
            return None
    for warning in caught:  # anything else is passed on, never swallowed
        warnings.warn(warning.message, warning.category, stacklevel=2)
    fitted = _expit(x @ params)
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse))):
        return None
    if fitted.min() < 1e-10 or fitted.max() > 1 - 1e-10:
        return None
    return params, bse


def _propensity(t: Array, x: Array, names: Sequence[str], where: str) -> tuple[Array, Array]:
    fit = _fit_logit(t, x)
    if fit is None:
        separating = _separating(t, x, names)
        if separating:
            detail = "separated by " + ", ".join(repr(s) for s in separating)
        else:
            detail = "separated by a combination of the covariates"
        msg = (
            f"'covariates': the treated and comparison units{where} do not overlap: they are "
            f"(almost) perfectly {detail}; the propensity model cannot be fitted and effects "
            "are not identified there (narrow the population or trim)"
        )
        raise InvalidInputError("covariates", msg)
    return fit


def _outcome_fit(
    y: Array, x: Array, rows: NDArray[np.bool_], binary: bool, names: Sequence[str], group: str
) -> tuple[Array, Array, Array]:
    """Coefficients, fitted means for every unit and the link derivative h'(x b)."""
    xa, ya = x[rows], y[rows]
    _check_rank(xa, names, "", group)
    if binary:
        if np.ptp(ya) == 0.0:
            msg = f"'outcome': every {group} unit has outcome {ya[0]!r}; a logistic model cannot"
            raise InvalidInputError("outcome", msg + " be fitted")
        fit = _fit_logit(ya, xa)
        if fit is None:
            msg = (
                f"'outcome': the logistic outcome model of the {group} units cannot be fitted "
                "(the covariates perfectly predict the outcome)"
            )
            raise InvalidInputError("outcome", msg)
        beta = fit[0]
        m = _expit(x @ beta)
        return beta, m, m * (1.0 - m)
    beta = np.asarray(np.linalg.lstsq(xa, ya, rcond=None)[0], dtype=np.float64)
    m = x @ beta
    return beta, m, np.ones_like(m)


def _glm_influence(x: Array, rows: NDArray[np.bool_], resid: Array, deriv: Array) -> Array:
    """Influence of each unit on a canonical-link GLM's coefficients (n x p)."""
    n = len(resid)
    r = rows.astype(np.float64)
    a = (x * (r * deriv)[:, None]).T @ x / n
    scores = x * (r * resid)[:, None]
    return np.asarray(np.linalg.solve(a, scores.T).T, dtype=np.float64)


# --- estimators ----------------------------------------------------------------------------


class _Fit:
    """One estimate on one sample: point value, influence values, potential-outcome means."""

    def __init__(self, value: float, influence: Array | None, mu1: float, mu0: float) -> None:
        self.value = value
        self.influence = influence
        self.mu1 = mu1
        self.mu0 = mu0


def _ratio(a: Array, da: Array | None, y: Array) -> tuple[float, Array, Array | None]:
    """mu = sum(a y) / sum(a): value, influence (known weights), gradient in the weights."""
    mean_a = a.mean()
    mu = float((a * y).sum() / a.sum())
    inf = a * (y - mu) / mean_a
    grad = None if da is None else (da * (y - mu)[:, None]).mean(axis=0) / mean_a
    return mu, inf, grad


def _point(
    t: Array,
    y: Array,
    x: Array,
    names: Sequence[str],
    estimand: str,
    method: str,
    binary: bool,
    gamma: Array,
    *,
    influence: bool = True,
) -> _Fit:
    n = len(t)
    e = _expit(x @ gamma)
    tr = t == 1
    dx_e = x * (e * (1 - e))[:, None]  # d e / d gamma
    if_gamma = _glm_influence(x, np.ones(n, dtype=np.bool_), t - e, e * (1 - e))
    if method == "ipw":
        if estimand == "ate":
            a1, a0 = t / e, (1 - t) / (1 - e)
            da1 = -(t * (1 - e) / e)[:, None] * x
            da0 = ((1 - t) * e / (1 - e))[:, None] * x
            mu1, inf1, g1 = _ratio(a1, da1, y)
        else:
            odds = e / (1 - e)
            a0 = (1 - t) * odds
            da0 = a0[:, None] * x
            mu1, inf1, g1 = _ratio(t, None, y)
        mu0, inf0, g0 = _ratio(a0, da0, y)
        grad = (g1 if g1 is not None else 0.0) - (g0 if g0 is not None else 0.0)
        inf = inf1 - inf0 + if_gamma @ grad
        return _Fit(mu1 - mu0, inf if influence else None, mu1, mu0)
    if method == "matching":
        msg = "internal: matching has its own estimator"
        raise AssertionError(msg)
    _, m0, h0 = _outcome_fit(y, x, ~tr, binary, names, "comparison")
    if_b0 = _glm_influence(x, ~tr, y - m0, h0)
    if estimand == "ate":
        _, m1, h1 = _outcome_fit(y, x, tr, binary, names, "treated")
        if_b1 = _glm_influence(x, tr, y - m1, h1)
        if method == "regression":
            phi1, phi0 = m1, m0
            g_b1 = (h1[:, None] * x).mean(axis=0)
            g_b0 = (h0[:, None] * x).mean(axis=0)
            g_gamma = np.zeros(x.shape[1])
        else:
            phi1 = m1 + t * (y - m1) / e
            phi0 = m0 + (1 - t) * (y - m0) / (1 - e)
            g_b1 = ((1 - t / e) * h1)[:, None] * x
            g_b0 = ((1 - (1 - t) / (1 - e)) * h0)[:, None] * x
            g_b1, g_b0 = g_b1.mean(axis=0), g_b0.mean(axis=0)
            g1 = (-(t * (y - m1) / e**2)[:, None] * dx_e).mean(axis=0)
            g0 = (((1 - t) * (y - m0) / (1 - e) ** 2)[:, None] * dx_e).mean(axis=0)
            g_gamma = g1 - g0
        mu1, mu0 = float(phi1.mean()), float(phi0.mean())
        inf = (phi1 - mu1) - (phi0 - mu0) + if_b1 @ g_b1 - if_b0 @ g_b0 + if_gamma @ g_gamma
        return _Fit(mu1 - mu0, inf if influence else None, mu1, mu0)
    # ATT with an outcome model of the comparison units
    pi = t.mean()
    if method == "regression":
        psi = t * (y - m0)
        g_b0 = (-(t * h0)[:, None] * x).mean(axis=0) / pi
        g_gamma = np.zeros(x.shape[1])
    else:
        odds = e / (1 - e)
        psi = t * (y - m0) - (1 - t) * odds * (y - m0)
        g_b0 = (((-t + (1 - t) * odds) * h0)[:, None] * x).mean(axis=0) / pi
        g_gamma = (-((1 - t) * odds * (y - m0))[:, None] * x).mean(axis=0) / pi
    tau = float(psi.mean() / pi)
    inf = (psi - tau * t) / pi + if_b0 @ g_b0 + if_gamma @ g_gamma
    mu1 = float(y[tr].mean())
    return _Fit(tau, inf if influence else None, mu1, mu1 - tau)


def _nearest(source: Array, target: Array) -> tuple[NDArray[np.intp], Array]:
    """For each source score, the index of the nearest target score (lowest index on ties)."""
    best = np.empty(len(source), dtype=np.intp)
    dist = np.empty(len(source))
    for start in range(0, len(source), 256):
        d = np.abs(source[start : start + 256, None] - target[None, :])
        pick = np.argmin(d, axis=1)  # the first minimum: the lowest index on ties
        best[start : start + 256] = pick
        dist[start : start + 256] = d[np.arange(len(pick)), pick]
    return best, dist


def _same_arm_variance(lp: Array, y: Array) -> Array:
    """sigma^2(X_i, W_i) from the nearest other unit of the same arm: (y_i - y_l)^2 / 2."""
    out = np.empty(len(lp))
    for start in range(0, len(lp), 256):
        d = np.abs(lp[start : start + 256, None] - lp[None, :])
        rows = np.arange(d.shape[0])
        d[rows, rows + start] = np.inf
        nearest = np.argmin(d, axis=1)
        out[start : start + 256] = 0.5 * (y[start : start + 256] - y[nearest]) ** 2
    return out


def _match(
    t: Array, y: Array, lp: Array, estimand: str
) -> tuple[float, float, float, float, Array, Matching]:
    """Nearest-neighbour matching on the logit of the propensity score with a caliper."""
    caliper = CALIPER_SD * float(np.std(lp, ddof=1))
    tr, co = np.flatnonzero(t == 1), np.flatnonzero(t == 0)
    n = len(t)
    counts = np.zeros(n)
    imputed = y.copy()  # the missing potential outcome of each matched unit
    matched = np.zeros(n, dtype=np.bool_)
    sides = [(tr, co)] if estimand == "att" else [(tr, co), (co, tr)]
    for source, target in sides:
        idx, dist = _nearest(lp[source], lp[target])
        ok = dist <= caliper
        matched[source[ok]] = True
        partner = target[idx[ok]]
        imputed[source[ok]] = y[partner]
        np.add.at(counts, partner, 1.0)
    y1 = np.where(t == 1, y, imputed)
    y0 = np.where(t == 1, imputed, y)
    sigma2 = np.zeros(n)
    for group in (tr, co):
        sigma2[group] = _same_arm_variance(lp[group], y[group])
    if estimand == "att":
        units = tr[matched[tr]]
        if len(units) == 0:
            raise InvalidInputError("covariates", _NO_MATCH)
        diff = y1[units] - y0[units]
        tau = float(diff.mean())
        n1 = len(units)
        var = (((diff - tau) ** 2).sum() + ((counts**2 - counts) * sigma2)[co].sum()) / n1**2
        mu1 = float(y1[units].mean())
        weights = np.where(t == 1, matched.astype(np.float64), counts)
        info = Matching(
            caliper=caliper,
            matched_treated=n1,
            matched_control=0,
            unmatched_treated=len(tr) - n1,
            unmatched_control=0,
            distinct_controls_used=int((counts[co] > 0).sum()),
        )
        return tau, math.sqrt(var), mu1, mu1 - tau, weights, info
    units = np.flatnonzero(matched)
    if not (matched[tr].any() and matched[co].any()):
        raise InvalidInputError("covariates", _NO_MATCH)
    diff = y1[units] - y0[units]
    tau = float(diff.mean())
    m = len(units)
    var = (((diff - tau) ** 2).sum() + ((counts**2 + counts) * sigma2).sum()) / m**2
    weights = matched.astype(np.float64) + counts
    info = Matching(
        caliper=caliper,
        matched_treated=int(matched[tr].sum()),
        matched_control=int(matched[co].sum()),
        unmatched_treated=int((~matched[tr]).sum()),
        unmatched_control=int((~matched[co]).sum()),
        distinct_controls_used=int((counts[co] > 0).sum()),
    )
    return tau, math.sqrt(var), float(y1[units].mean()), float(y0[units].mean()), weights, info


_NO_MATCH = (
    "'covariates': no unit has a match within the caliper (0.2 SD of the logit of the "
    "propensity score): the groups do not overlap"
)


# --- trimming and diagnostics -----------------------------------------------------------------


def _crump_alpha(e: Array) -> float:
    """Crump, Hotz, Imbens & Mitnik (2009): the optimal symmetric trimming bound alpha."""
    g = np.sort(1.0 / (e * (1.0 - e)))
    if g[-1] <= 2.0 * g.mean():
        return 0.0
    cummean = np.cumsum(g) / np.arange(1, len(g) + 1)
    ok = np.flatnonzero(g <= 2.0 * cummean)
    bound = 2.0 * cummean[ok[-1]]
    return float(0.5 - math.sqrt(max(0.25 - 1.0 / bound, 0.0)))


def _weighted(v: Array, w: Array) -> tuple[float, float]:
    mean = float((w * v).sum() / w.sum())
    return mean, float((w * (v - mean) ** 2).sum() / w.sum())


def _balance(
    t: Array, x: Array, names: Sequence[str], weights: Array, adjusted: int
) -> tuple[CovariateBalance, ...]:
    rows = []
    tr, co = t == 1, t == 0
    for j, name in enumerate(names, start=1):
        v = x[:, j]
        mt, vt = _weighted(v[tr], np.ones(int(tr.sum())))
        mc, vc = _weighted(v[co], np.ones(int(co.sum())))
        pooled = math.sqrt((vt + vc) / 2.0)
        at, avt = _weighted(v[tr], weights[tr])
        ac, avc = _weighted(v[co], weights[co])
        before = (mt - mc) / pooled
        after = (at - ac) / pooled
        rows.append(
            CovariateBalance(
                covariate=name,
                mean_treated_before=mt,
                mean_control_before=mc,
                smd_before=before,
                variance_ratio_before=vt / vc if vc > 0 else math.nan,
                mean_treated_after=at,
                mean_control_after=ac,
                smd_after=after,
                variance_ratio_after=avt / avc if avc > 0 else math.nan,
                imbalanced_before=abs(before) > SMD_THRESHOLD,
                imbalanced_after=abs(after) > SMD_THRESHOLD,
                adjusted=j <= adjusted,
            )
        )
    return tuple(rows)


def _kish(w: Array) -> float:
    return float(w.sum() ** 2 / (w**2).sum())


def _auc(t: Array, e: Array) -> float:
    ranks = _scipy_stats().rankdata(e)
    n1 = t.sum()
    n0 = len(t) - n1
    return float((ranks[t == 1].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def _overlap(t: Array, e: Array, trimming: Trimming) -> Overlap:
    et, ec = e[t == 1], e[t == 0]
    lo, hi = max(et.min(), ec.min()), min(et.max(), ec.max())
    outside = float(((e < lo) | (e > hi)).mean())
    edges = np.linspace(0.0, 1.0, 21)
    return Overlap(
        probabilities=QUANTILES,
        treated_quantiles=tuple(float(q) for q in np.quantile(et, QUANTILES)),
        control_quantiles=tuple(float(q) for q in np.quantile(ec, QUANTILES)),
        common_support=(float(lo), float(hi)),
        share_outside_support=outside,
        bin_edges=tuple(float(b) for b in edges),
        treated_counts=tuple(int(c) for c in np.histogram(et, edges)[0]),
        control_counts=tuple(int(c) for c in np.histogram(ec, edges)[0]),
        trimming=trimming,
    )


def _evalue_rr(rr: float) -> float:
    if not math.isfinite(rr) or rr <= 0:
        return math.inf
    rr = max(rr, 1.0 / rr)
    return rr + math.sqrt(rr * (rr - 1.0))


def _evalue(
    value: float, lower: float, upper: float, mu0: float, y: Array, t: Array, binary: bool
) -> EValue:
    near = 0.0 if lower <= 0.0 <= upper else (lower if value > 0 else upper)
    if binary:
        conversion = "risk ratio of the potential outcome means"

        def scale(d: float) -> float:
            return (mu0 + d) / mu0 if mu0 > 0 else math.inf

    else:
        conversion = "exp(0.91 d), d = difference / pooled outcome SD"
        sd = math.sqrt((y[t == 1].var(ddof=1) + y[t == 0].var(ddof=1)) / 2.0)

        def scale(d: float) -> float:
            return math.exp(0.91 * d / sd) if sd > 0 else math.inf

    rr, rr_limit = scale(value), scale(near)
    return EValue(
        estimate=_evalue_rr(rr),
        limit=1.0 if near == 0.0 else _evalue_rr(rr_limit),
        risk_ratio=rr,
        risk_ratio_limit=rr_limit,
        conversion=conversion,
    )


def _ipw_weights(t: Array, e: Array, estimand: str) -> Array:
    if estimand == "ate":
        return np.asarray(t / e + (1 - t) / (1 - e), dtype=np.float64)
    return np.asarray(t + (1 - t) * e / (1 - e), dtype=np.float64)


# --- the whole estimate ----------------------------------------------------------------------


def estimate(
    data: object,
    *,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    estimand: str,
    method: str,
    confidence: float,
    trim: object,
    bootstrap: int | None,
    seed: int | None,
    check_balance: Sequence[str],
) -> EffectEstimate:
    """See :func:`veteran_services.evaluation.treatment_effect`."""
    _check_options(estimand, method, confidence, trim, bootstrap, seed)
    t, y, x = _read(data, treatment, outcome, covariates)
    names = tuple(covariates)
    columns = _check_balance_columns(data, check_balance, (treatment, outcome, *names), len(t))
    extra = np.column_stack([c for _, c in columns]) if columns else np.empty((len(t), 0))
    checked = tuple(name for name, _ in columns)
    binary = bool(np.all((y == 0.0) | (y == 1.0)))
    _check_design(t, x, names, "")
    gamma, bse = _propensity(t, x, names, "")
    trimming = Trimming("none", 0.0, 1.0, 0, 0)
    if trim is not None:
        e = _expit(x @ gamma)
        if trim == "crump":
            alpha = _crump_alpha(e)
            lo, hi, rule = alpha, 1.0 - alpha, "crump"
        else:
            lo, hi, rule = float(trim[0]), float(trim[1]), "fixed"  # type: ignore[index]
        keep = (e >= lo) & (e <= hi)
        trimming = Trimming(
            rule, lo, hi, int((~keep & (t == 1)).sum()), int((~keep & (t == 0)).sum())
        )
        t, y, x, extra = t[keep], y[keep], x[keep], extra[keep]
        where = f" after trimming to [{lo:.4g}, {hi:.4g}]"
        _check_design(t, x, names, where)
        gamma, bse = _propensity(t, x, names, where)
    e = _expit(x @ gamma)
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    matching = None
    replicates = failures = 0
    if method == "matching":
        value, se, mu1, mu0, weights, matching = _match(t, y, x @ gamma, estimand)
        lower, upper, interval = value - z * se, value + z * se, "abadie-imbens"
        balance_weights = "matching"
    else:
        fit = _point(t, y, x, names, estimand, method, binary, gamma)
        if fit.influence is None:  # pragma: no cover - _point always computes it here
            msg = "the influence function was not computed"
            raise RuntimeError(msg)
        value, mu1, mu0 = fit.value, fit.mu1, fit.mu0
        se = float(math.sqrt((fit.influence**2).sum()) / len(t))
        lower, upper, interval = value - z * se, value + z * se, "influence function"
        if bootstrap is not None:
            draws, failures = _bootstrap(
                t, y, x, names, estimand, method, binary, bootstrap, seed or 0
            )
            replicates = len(draws)
            se = float(np.std(draws, ddof=1))
            lower, upper = (
                float(q) for q in np.quantile(draws, [0.5 - confidence / 2, 0.5 + confidence / 2])
            )
            interval = "bootstrap"
        weights = _ipw_weights(t, e, estimand)
        balance_weights = "inverse probability" if estimand == "ate" else "odds"
    tr = t == 1
    diagnostics = Diagnostics(
        balance=_balance(t, np.column_stack([x, extra]), (*names, *checked), weights, len(names)),
        balance_weights=balance_weights,
        overlap=_overlap(t, e, trimming),
        effective_treated=_kish(weights[tr]),
        effective_control=_kish(weights[~tr]),
        propensity=tuple(
            PropensityTerm(term, float(c), float(s))
            for term, c, s in zip(("intercept", *names), gamma, bse, strict=True)
        ),
        c_statistic=_auc(t, e),
        evalue=_evalue(value, lower, upper, mu0, y, t, binary),
        matching=matching,
    )
    return EffectEstimate(
        estimand=estimand,
        method=method,
        treatment=treatment,
        outcome=outcome,
        covariates=names,
        outcome_model="logistic" if binary else "linear",
        value=float(value),
        standard_error=float(se),
        lower=float(lower),
        upper=float(upper),
        confidence=float(confidence),
        interval=interval,
        mean_treated=float(mu1),
        mean_control=float(mu0),
        n_treated=int(tr.sum()),
        n_control=int((~tr).sum()),
        bootstrap_replicates=replicates,
        bootstrap_failures=failures,
        diagnostics=diagnostics,
    )


def _bootstrap(
    t: Array,
    y: Array,
    x: Array,
    names: Sequence[str],
    estimand: str,
    method: str,
    binary: bool,
    replicates: int,
    seed: int,
) -> tuple[Array, int]:
    """Stratified (within treatment groups) nonparametric bootstrap, refitting every model."""
    rng = np.random.default_rng(seed)
    tr, co = np.flatnonzero(t == 1), np.flatnonzero(t == 0)
    draws: list[float] = []
    failures = 0
    for _ in range(replicates):
        idx = np.concatenate([rng.choice(tr, len(tr)), rng.choice(co, len(co))])
        tb, yb, xb = t[idx], y[idx], x[idx]
        try:
            _check_rank(xb, names, "", "")
            gamma, _ = _propensity(tb, xb, names, "")
            fit = _point(tb, yb, xb, names, estimand, method, binary, gamma, influence=False)
        except InvalidInputError:
            failures += 1
            continue
        draws.append(fit.value)
    if failures > replicates // 10:
        msg = (
            f"'bootstrap': the models could not be fitted in {failures} of {replicates} "
            "replicates (separation or collinearity in resamples); the bootstrap is unreliable "
            "here, use the influence-function interval"
        )
        raise InvalidInputError("bootstrap", msg)
    return np.asarray(draws, dtype=np.float64), failures
