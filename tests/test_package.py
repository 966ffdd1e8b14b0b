"""``import veteran_services`` needs only the core dependencies and stays light."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib.metadata import requires

HEAVY = ("hypothesis", "numpy", "pandas", "pyarrow", "dask", "scipy", "matplotlib")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _core_closure() -> set[str]:
    """Distribution names of the core dependencies and everything they require."""
    from packaging.requirements import Requirement

    todo = ["attrs", "cattrs", "python-dateutil"]
    seen: set[str] = set()
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for text in requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_import_does_not_load_optional_or_heavy_modules() -> None:
    result = _run(
        """
        import json, sys
        import veteran_services
        print(json.dumps(sorted(sys.modules)))
        """
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "veteran_services" in loaded
    assert "veteran_services.strategies" not in loaded
    for name in HEAVY:
        assert name not in loaded, f"import veteran_services loads {name}"


def test_import_works_with_only_the_core_dependencies() -> None:
    """Issue 2: "import veteran_services works with only the three core dependencies"."""
    from importlib.metadata import packages_distributions

    allowed_distributions = _core_closure() | {"veteran-services"}
    top_levels = {
        module
        for module, distributions in packages_distributions().items()
        if any(d.lower().replace("_", "-") in allowed_distributions for d in distributions)
    }
    top_levels |= {"veteran_services", "attr", "attrs", "cattrs", "cattr", "dateutil"}
    result = _run(
        f"""
        import importlib.abc, sys
        allowed = set({sorted(top_levels)!r}) | set(sys.stdlib_module_names)

        class OnlyCore(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                top = name.partition(".")[0]
                if top not in allowed and not top.startswith("_"):
                    raise ModuleNotFoundError(f"blocked: {{name}}", name=name)
                return None

        sys.meta_path.insert(0, OnlyCore())
        import veteran_services
        from veteran_services import codes, model
        import veteran_services.errors
        try:
            import veteran_services.strategies
        except ImportError as error:
            print("strategies need:", error.name)
        else:
            print("strategies imported without hypothesis")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "strategies need: hypothesis" in result.stdout


def test_version_is_exposed() -> None:
    import veteran_services

    assert isinstance(veteran_services.__version__, str)
    assert veteran_services.__version__[0].isdigit()


def test_public_names_are_importable() -> None:
    import veteran_services
    import veteran_services.model

    for module in (veteran_services, veteran_services.model):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
        assert len(set(module.__all__)) == len(module.__all__)
    assert set(veteran_services.model.__all__) <= set(veteran_services.__all__)
