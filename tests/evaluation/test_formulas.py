"""The estimators against their formulas, written out here independently of the library.

Point estimates are recomputed directly from the fitted models; standard errors from the
stacked M-estimation sandwich A^-1 B A^-T / n, whose Jacobian A is taken by complex-step
differentiation of the estimating equations (exact to rounding, no analytic derivative
shared with the library).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from statsmodels.discrete.discrete_model import Logit

from veteran_services.evaluation import treatment_effect

COVARIATES = ["x1", "x2", "x3"]


def _design(frame: dict[str, np.ndarray]) -> np.ndarray:
    return np.column_stack([np.ones(len(frame["t"])), *(frame[c] for c in COVARIATES)])


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _outcome_coefficients(y: np.ndarray, x: np.ndarray, binary: bool) -> np.ndarray:
    if binary:
        return np.asarray(Logit(y, x).fit(disp=0).params)
    return np.linalg.lstsq(x, y, rcond=None)[0]


def _direct(frame: dict[str, np.ndarray], estimand: str, method: str, binary: bool) -> float:
    """The estimators' formulas (docs/methodology/evaluation.md), one by one."""
    t, y, x = frame["t"], frame["y"], _design(frame)
    e = _expit(x @ np.asarray(Logit(t, x).fit(disp=0).params))
    h = _expit if binary else (lambda z: z)
    m0 = h(x @ _outcome_coefficients(y[t == 0], x[t == 0], binary))
    m1 = h(x @ _outcome_coefficients(y[t == 1], x[t == 1], binary))
    if (estimand, method) == ("ate", "ipw"):
        w1, w0 = t / e, (1 - t) / (1 - e)
        return float(np.sum(w1 * y) / np.sum(w1) - np.sum(w0 * y) / np.sum(w0))
    if (estimand, method) == ("att", "ipw"):
        w0 = (1 - t) * e / (1 - e)
        return float(np.mean(y[t == 1]) - np.sum(w0 * y) / np.sum(w0))
    if (estimand, method) == ("ate", "aipw"):
        return float(np.mean(m1 - m0 + t * (y - m1) / e - (1 - t) * (y - m0) / (1 - e)))
    if (estimand, method) == ("att", "aipw"):
        odds = e / (1 - e)
        return float(np.sum(t * (y - m0) - (1 - t) * odds * (y - m0)) / np.sum(t))
    if (estimand, method) == ("ate", "regression"):
        return float(np.mean(m1 - m0))
    return float(np.mean(y[t == 1] - m0[t == 1]))


def _equations(
    frame: dict[str, np.ndarray], estimand: str, method: str, binary: bool
) -> tuple[Callable[[np.ndarray], np.ndarray], np.ndarray, np.ndarray]:
    """Stacked estimating equations psi(theta) (n x q), theta-hat and the contrast c."""
    t, y, x = frame["t"], frame["y"], _design(frame)
    p = x.shape[1]
    h = _expit if binary else (lambda z: z)
    gamma = np.asarray(Logit(t, x).fit(disp=0).params)
    b0 = _outcome_coefficients(y[t == 0], x[t == 0], binary)
    b1 = _outcome_coefficients(y[t == 1], x[t == 1], binary)
    tau = _direct(frame, estimand, method, binary)

    def psi(theta: np.ndarray) -> np.ndarray:
        g, rest = theta[:p], theta[p:]
        e = _expit(x @ g)
        parts = [x * (t - e)[:, None]]
        if method == "ipw":
            mu1, mu0 = rest
            if estimand == "ate":
                parts += [(t / e * (y - mu1))[:, None], ((1 - t) / (1 - e) * (y - mu0))[:, None]]
            else:
                odds = e / (1 - e)
                parts += [(t * (y - mu1))[:, None], ((1 - t) * odds * (y - mu0))[:, None]]
            return np.hstack(parts)
        beta0 = rest[:p]
        m0 = h(x @ beta0)
        parts.append(x * ((1 - t) * (y - m0))[:, None])
        if estimand == "ate":
            beta1, (mu1, mu0) = rest[p : 2 * p], rest[2 * p :]
            m1 = h(x @ beta1)
            parts.append(x * (t * (y - m1))[:, None])
            if method == "aipw":
                phi1 = m1 + t * (y - m1) / e
                phi0 = m0 + (1 - t) * (y - m0) / (1 - e)
            else:
                phi1, phi0 = m1, m0
            parts += [(phi1 - mu1)[:, None], (phi0 - mu0)[:, None]]
            return np.hstack(parts)
        (tau_,) = rest[p:]
        resid = y - m0
        if method == "aipw":
            parts.append((t * resid - (1 - t) * e / (1 - e) * resid - t * tau_)[:, None])
        else:
            parts.append((t * resid - t * tau_)[:, None])
        return np.hstack(parts)

    if method == "ipw":
        mu1 = tau + 0.0
        w = (1 - t) * _expit(x @ gamma) / (1 - _expit(x @ gamma))
        if estimand == "ate":
            e = _expit(x @ gamma)
            mu1 = np.sum(t / e * y) / np.sum(t / e)
            mu0 = np.sum((1 - t) / (1 - e) * y) / np.sum((1 - t) / (1 - e))
        else:
            mu1 = np.mean(y[t == 1])
            mu0 = np.sum(w * y) / np.sum(w)
        theta = np.concatenate([gamma, [mu1, mu0]])
        contrast = np.concatenate([np.zeros(p), [1.0, -1.0]])
    elif estimand == "ate":
        e = _expit(x @ gamma)
        m0, m1 = h(x @ b0), h(x @ b1)
        if method == "aipw":
            mu1 = np.mean(m1 + t * (y - m1) / e)
            mu0 = np.mean(m0 + (1 - t) * (y - m0) / (1 - e))
        else:
            mu1, mu0 = np.mean(m1), np.mean(m0)
        theta = np.concatenate([gamma, b0, b1, [mu1, mu0]])
        contrast = np.concatenate([np.zeros(3 * p), [1.0, -1.0]])
    else:
        theta = np.concatenate([gamma, b0, [tau]])
        contrast = np.concatenate([np.zeros(2 * p), [1.0]])
    return psi, theta, contrast


def _sandwich_se(frame: dict[str, np.ndarray], estimand: str, method: str, binary: bool) -> float:
    psi, theta, c = _equations(frame, estimand, method, binary)
    n = len(frame["t"])
    q = len(theta)
    step = 1e-30
    a = np.empty((q, q))
    for k in range(q):
        shifted = theta.astype(complex)
        shifted[k] += 1j * step
        a[:, k] = np.mean(psi(shifted).imag / step, axis=0)
    values = psi(theta)
    b = values.T @ values / n
    a_inv = np.linalg.inv(a)
    v = a_inv @ b @ a_inv.T / n
    return float(np.sqrt(c @ v @ c))


CASES = [
    (estimand, method, binary)
    for estimand in ("att", "ate")
    for method in ("ipw", "aipw", "regression")
    for binary in (False, True)
]


def test_propensity_coefficients_equal_statsmodels_logit(frame: dict[str, np.ndarray]) -> None:
    result = treatment_effect(frame, treatment="t", outcome="y", covariates=COVARIATES)
    reference = Logit(frame["t"], _design(frame)).fit(disp=0)
    got = np.array([term.coefficient for term in result.diagnostics.propensity])
    got_se = np.array([term.standard_error for term in result.diagnostics.propensity])
    np.testing.assert_allclose(got, reference.params, rtol=0, atol=1e-8)
    np.testing.assert_allclose(got_se, reference.bse, rtol=0, atol=1e-8)
    assert [t.term for t in result.diagnostics.propensity] == ["intercept", *COVARIATES]


@pytest.mark.parametrize(("estimand", "method", "binary"), CASES)
def test_point_estimate_equals_direct_recomputation(
    frame: dict[str, np.ndarray],
    binary_frame: dict[str, np.ndarray],
    estimand: str,
    method: str,
    binary: bool,
) -> None:
    data = binary_frame if binary else frame
    result = treatment_effect(
        data, treatment="t", outcome="y", covariates=COVARIATES, estimand=estimand, method=method
    )
    assert result.outcome_model == ("logistic" if binary else "linear")
    assert result.value == pytest.approx(_direct(data, estimand, method, binary), abs=1e-9)
    assert result.value == pytest.approx(result.mean_treated - result.mean_control, abs=1e-12)


@pytest.mark.parametrize(("estimand", "method", "binary"), CASES)
def test_standard_error_equals_stacked_sandwich(
    frame: dict[str, np.ndarray],
    binary_frame: dict[str, np.ndarray],
    estimand: str,
    method: str,
    binary: bool,
) -> None:
    data = binary_frame if binary else frame
    result = treatment_effect(
        data, treatment="t", outcome="y", covariates=COVARIATES, estimand=estimand, method=method
    )
    expected = _sandwich_se(data, estimand, method, binary)
    assert result.standard_error == pytest.approx(expected, abs=1e-8)
    assert result.interval == "influence function"
    z = 1.959963984540054
    assert result.lower == pytest.approx(result.value - z * result.standard_error, abs=1e-12)
    assert result.upper == pytest.approx(result.value + z * result.standard_error, abs=1e-12)


def _brute_force_matching(frame: dict[str, np.ndarray], estimand: str) -> tuple[float, float, int]:
    """Nearest neighbour on the logit of the propensity score, with replacement, caliper 0.2 SD
    of the logit, lowest index on ties; the Abadie-Imbens (2006) variance with M = 1."""
    t, y, x = frame["t"], frame["y"], _design(frame)
    lp = x @ np.asarray(Logit(t, x).fit(disp=0).params)
    n = len(t)
    caliper = 0.2 * np.std(lp, ddof=1)
    k = [0] * n
    pairs: dict[int, int] = {}
    sources = range(n) if estimand == "ate" else [i for i in range(n) if t[i] == 1]
    for i in sources:
        best, best_d = -1, np.inf
        for j in range(n):
            if t[j] != t[i] and abs(lp[i] - lp[j]) < best_d:
                best, best_d = j, abs(lp[i] - lp[j])
        if best_d <= caliper:
            pairs[i] = best
            k[best] += 1
    sigma2 = [0.0] * n
    for i in range(n):
        best, best_d = -1, np.inf
        for j in range(n):
            if j != i and t[j] == t[i] and abs(lp[i] - lp[j]) < best_d:
                best, best_d = j, abs(lp[i] - lp[j])
        sigma2[i] = 0.5 * (y[i] - y[best]) ** 2
    diffs = [(y[i] - y[j]) if t[i] == 1 else (y[j] - y[i]) for i, j in pairs.items()]
    tau = sum(diffs) / len(diffs)
    m = len(diffs)
    first = sum((d - tau) ** 2 for d in diffs)
    if estimand == "att":
        second = sum((k[i] ** 2 - k[i]) * sigma2[i] for i in range(n) if t[i] == 0)
    else:
        second = sum((k[i] ** 2 + k[i]) * sigma2[i] for i in range(n))
    return tau, float(np.sqrt((first + second) / m**2)), n - m if estimand == "ate" else 0


@pytest.mark.parametrize("estimand", ["att", "ate"])
def test_matching_equals_brute_force(
    estimand: str, make_frame: Callable[..., dict[str, np.ndarray]]
) -> None:
    data = make_frame(3, n=300)
    result = treatment_effect(
        data,
        treatment="t",
        outcome="y",
        covariates=COVARIATES,
        estimand=estimand,
        method="matching",
    )
    tau, se, _ = _brute_force_matching(data, estimand)
    assert result.value == pytest.approx(tau, abs=1e-12)
    assert result.standard_error == pytest.approx(se, abs=1e-12)
    assert result.interval == "abadie-imbens"
    assert result.diagnostics.matching is not None


@pytest.mark.parametrize("estimand", ["att", "ate"])
def test_matching_with_tied_scores_equals_brute_force(
    estimand: str, make_frame: Callable[..., dict[str, np.ndarray]]
) -> None:
    data = make_frame(8, n=300)
    data["x1"] = np.round(data["x1"])  # few distinct scores: many ties
    data["x3"] = np.round(data["x3"] / 2)
    result = treatment_effect(
        data,
        treatment="t",
        outcome="y",
        covariates=COVARIATES,
        estimand=estimand,
        method="matching",
    )
    tau, se, _ = _brute_force_matching(data, estimand)
    assert result.value == pytest.approx(tau, abs=1e-12)
    assert result.standard_error == pytest.approx(se, abs=1e-12)
