"""House rules that keep the code base honest, checked on every run."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "salw"


def _public_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


SERVICE_MODULES = sorted(PACKAGE.glob("*/services.py"))


def test_there_are_services_to_check():
    assert len(SERVICE_MODULES) >= 5


@pytest.mark.parametrize("services", SERVICE_MODULES, ids=lambda p: p.parent.name)
def test_every_service_has_a_policy_of_the_same_name(services):
    policies = services.with_name("policies.py")
    assert policies.exists(), f"{services.parent.name} has services but no policies.py"
    missing = _public_functions(services) - _public_functions(policies) - {"weapon_reproject"}
    assert not missing, f"services without a policy in {policies.relative_to(ROOT)}: {sorted(missing)}"


@pytest.mark.parametrize("services", SERVICE_MODULES, ids=lambda p: p.parent.name)
def test_every_service_calls_its_policy(services):
    tree = ast.parse(services.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.name != "weapon_reproject":
            source = ast.unparse(node)
            assert f"policies.{node.name}(" in source, f"{node.name} does not call policies.{node.name}"


@pytest.mark.parametrize("services", SERVICE_MODULES, ids=lambda p: p.parent.name)
def test_services_take_keyword_only_arguments_with_actor_first(services):
    tree = ast.parse(services.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.name != "weapon_reproject":
            assert not node.args.args, f"{node.name} takes positional arguments"
            assert node.args.kwonlyargs and node.args.kwonlyargs[0].arg == "actor", f"{node.name}: actor first"


def test_no_missing_migrations(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


MACHINE_PATH = re.compile(r"(?<![\w.])/(?:home|root|work|tmp|Users|var/folders)/[\w.-]+")
TEXT_SUFFIXES = {".py", ".md", ".html", ".css", ".js", ".toml", ".cfg", ".ini", ".txt", ".sh", ".json", ""}


def _tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in listed.splitlines()
            if (ROOT / line).suffix in TEXT_SUFFIXES and (ROOT / line).is_file()]


def test_no_absolute_machine_paths_in_tracked_files():
    offenders = []
    for path in _tracked_files():
        if path.name == "test_conventions.py" or "vendor" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if MACHINE_PATH.search(line) and "mktemp" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def test_pure_rules_do_not_import_django():
    for path in PACKAGE.glob("*/domain.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any((name or "").startswith("django") for name in names), path


def test_documented_options_match_the_declared_ones():
    from salw.settings.options import OPTIONS

    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for option in OPTIONS:
        assert f"`{option.env_var}`" in text, f"{option.env_var} is not documented"
    documented = set(re.findall(r"`(SALW_[A-Z_]+)`", text))
    assert documented <= {option.env_var for option in OPTIONS} | {"SALW_ADMIN_PASSWORD", "SALW_USER_PASSWORD"}


def test_templates_and_static_load_nothing_from_the_internet():
    offenders = []
    pages = list(PACKAGE.rglob("templates/**/*.html"))
    for path in pages + [path for path in PACKAGE.rglob("static/web/**/*") if path.is_file()]:
        for match in re.finditer(r"(?:src|href)=[\"'](https?://[^\"']+)", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not offenders, offenders


def test_the_cli_starts_without_a_database():
    result = subprocess.run([sys.executable, "-m", "salw", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "import" in result.stdout
