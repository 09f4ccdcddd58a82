"""Finding packs (`--pack`, `$QUIZPREP_PACKS`, installed `quizprep.packs` entry points), loading
them side by side, and looking questions up across them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from quizprep.bank import discovery
from quizprep.bank.catalog import load_catalog
from quizprep.bank.discovery import ENV_VAR, PackSource, discover
from quizprep.errors import PackError, UsageError
from tests.conftest import TINY_QUESTION, write_tiny_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "normalisation"


def named_pack(root: Path, name: str, question_id: str = "scaled_sum") -> Path:
    """A tiny pack called `name` whose question (and exercise) is `question_id`."""
    write_tiny_pack(root)
    (root / "pack.yaml").write_text(f"name: {name}\nversion: 2.0.0\n")
    if question_id != "scaled_sum":
        (root / "questions" / "scaled_sum.yaml").write_text(
            TINY_QUESTION.replace("scaled_sum", question_id)
        )
    return root


def quizprep(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizprep", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VAR, "PYTHONPATH")}
    return {**env, **extra}


def test_pack_option_sources_come_after_the_builtin_packs(tmp_path: Path) -> None:
    sources, problems = discover([tmp_path / "a", "b"], environ={}, entry_points=False)
    assert [(s.origin, s.explicit) for s in sources] == [
        ("built-in", False),  # the classic bank
        ("built-in", False),  # modern
        ("--pack", True),
        ("--pack", True),
    ]
    assert sources[2].path == tmp_path / "a" and not problems


def test_env_var_is_a_path_list_and_a_folder_of_packs_counts(tmp_path: Path) -> None:
    one = named_pack(tmp_path / "one", "one", "one_sum")
    shelf = tmp_path / "shelf"
    named_pack(shelf / "two", "two", "two_sum")
    named_pack(shelf / "three", "three", "three_sum")
    environ = {ENV_VAR: os.pathsep.join([str(one), "", str(shelf)])}
    sources, _ = discover(environ=environ, entry_points=False)
    assert [s.path.name for s in sources[2:]] == ["one", "three", "two"]
    assert {s.origin for s in sources[2:]} == {ENV_VAR}
    catalog = load_catalog(sources)
    names = ["quizprep-builtin", "modern", "one", "three", "two"]
    assert [p.name for p in catalog.packs] == names
    assert catalog.origin_of(catalog.packs[2]) == ENV_VAR


def test_a_broken_pack_is_skipped_with_one_line_and_the_others_load(tmp_path: Path) -> None:
    good = named_pack(tmp_path / "good", "good", "good_sum")
    broken = named_pack(tmp_path / "broken", "broken")
    question = broken / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("topic: basics", "topic: cooking"))
    missing = tmp_path / "missing"
    environ = {ENV_VAR: os.pathsep.join(map(str, [broken, good, missing]))}
    catalog = load_catalog(discover(environ=environ, entry_points=False)[0])
    assert [p.name for p in catalog.packs] == ["quizprep-builtin", "modern", "good"]
    lines = [problem.line() for problem in catalog.problems]
    assert len(lines) == 2
    assert lines[0].startswith(f"skipped a pack ({ENV_VAR}): {question}:4: topic: Input should be")
    assert lines[1] == f"skipped a pack ({ENV_VAR}): {missing}: not a pack (no pack.yaml)"
    assert all("\n" not in line for line in lines)


def test_an_explicit_folder_that_is_not_a_pack_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not a pack"):
        load_catalog(discover([tmp_path], environ={}, entry_points=False)[0])


def test_the_same_folder_twice_loads_once(tmp_path: Path) -> None:
    pack = named_pack(tmp_path / "p", "p")
    sources = [PackSource(pack, "--pack", True), PackSource(pack / ".", ENV_VAR)]
    catalog = load_catalog(sources)
    assert [p.name for p in catalog.packs] == ["p"] and not catalog.problems


def test_two_packs_with_one_name_keep_the_first(tmp_path: Path) -> None:
    first = named_pack(tmp_path / "first", "same", "first_sum")
    second = named_pack(tmp_path / "second", "same", "second_sum")
    catalog = load_catalog([PackSource(first, "--pack"), PackSource(second, ENV_VAR)])
    assert [p.root for p in catalog.packs] == [first]
    (problem,) = catalog.problems
    assert f"{second / 'pack.yaml'}: name: pack name 'same' is already used by {first}" in (
        problem.line()
    )


def test_the_same_id_in_two_packs_is_never_shadowed(tmp_path: Path) -> None:
    a = named_pack(tmp_path / "a", "alpha")
    b = named_pack(tmp_path / "b", "beta")
    catalog = load_catalog([PackSource(a, "--pack"), PackSource(b, "--pack")])
    for kind, find in (("question", catalog.find_question), ("exercise", catalog.find_exercise)):
        with pytest.raises(UsageError) as info:
            find("scaled_sum")
        assert str(info.value) == (
            f"{kind} 'scaled_sum' is ambiguous: it is in alpha/scaled_sum, beta/scaled_sum; "
            "use one of these"
        )
        pack, _ = find("beta/scaled_sum")
        assert pack.name == "beta"
    with pytest.raises(UsageError, match="no pack named 'gamma'"):
        catalog.find_question("gamma/scaled_sum")
    with pytest.raises(UsageError, match="no question 'nope' in pack alpha"):
        catalog.find_question("alpha/nope")


def test_builtin_ids_stay_bare_and_unambiguous_ids_need_no_pack(tmp_path: Path) -> None:
    sources, _ = discover([named_pack(tmp_path / "a", "alpha")], environ={}, entry_points=False)
    catalog = load_catalog(sources)
    pack, question = catalog.find_question("gru_cell")
    assert (pack.name, question.id) == ("quizprep-builtin", "gru")
    pack, question = catalog.find_question("scaled_sum")
    assert (pack.name, question.id) == ("alpha", "alpha/scaled_sum")
    assert catalog.find_question("quizprep-builtin/49")[1].id == "gru"


DIST_MODULE = """
from pathlib import Path

FOLDER = str(Path(__file__).parent / "pack")


def pack_dir():
    return Path(__file__).parent / "pack"


def broken():
    raise RuntimeError("no pack here")
"""


def install_dist(site: Path, entry_points: str) -> None:
    """A real installed distribution: a module and its *.dist-info with entry_points.txt."""
    package = site / "quizprep_demo_pack"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(DIST_MODULE)
    named_pack(package / "pack", "demo", "demo_sum")
    info = site / "quizprep_demo_pack-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: quizprep-demo-pack\nVersion: 1.2\n"
    )
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.mark.parametrize(
    "target", ["quizprep_demo_pack:pack_dir", "quizprep_demo_pack:FOLDER"], ids=["callable", "str"]
)
def test_installed_distribution_with_an_entry_point(tmp_path: Path, target: str) -> None:
    site = tmp_path / "site"
    install_dist(site, f"[quizprep.packs]\ndemo = {target}\n")
    env = clean_env(PYTHONPATH=str(site))
    listing = quizprep("pack", "list", "--format", "json", env=env)
    assert listing.returncode == 0, listing.stderr
    rows = {row["name"]: row for row in json.loads(listing.stdout)}
    assert rows["demo"]["origin"] == "entry point demo (quizprep-demo-pack 1.2)"
    assert rows["demo"]["version"] == "2.0.0" and rows["demo"]["questions"] == 1
    assert Path(rows["demo"]["path"]) == site / "quizprep_demo_pack" / "pack"
    questions = json.loads(quizprep("list", "--format", "json", env=env).stdout)
    assert "demo/demo_sum" in {q["id"] for q in questions}


def test_a_failing_entry_point_is_one_warning_and_the_rest_works(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_dist(site, "[quizprep.packs]\nbad = quizprep_demo_pack:broken\n")
    result = quizprep("list", "--format", "json", env=clean_env(PYTHONPATH=str(site)))
    assert result.returncode == 0
    assert json.loads(result.stdout)  # the built-in bank is still listed
    assert result.stderr == (
        "quizprep: warning: skipped a pack (entry point bad (quizprep-demo-pack 1.2)): entry "
        "point 'quizprep_demo_pack:broken' failed: RuntimeError: no pack here\n"
    )


def test_env_var_packs_show_in_the_cli(tmp_path: Path) -> None:
    result = quizprep("pack", "list", env=clean_env(**{ENV_VAR: str(EXAMPLE)}))
    assert result.returncode == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("normalisation")]
    assert row.split()[:5] == ["normalisation", "1.0.0", "3", ENV_VAR, str(EXAMPLE)]


def test_discovery_keeps_start_up_free_of_heavy_imports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_dist(site, "[quizprep.packs]\ndemo = quizprep_demo_pack:pack_dir\n")
    probe = (
        "import contextlib, io, json, sys\n"
        "from quizprep.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['list']); main(['pack', 'list'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = clean_env(PYTHONPATH=str(site), **{ENV_VAR: str(EXAMPLE)})
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert not loaded & {"torch", "sympy", "textual", "numpy"}


def test_an_egg_info_entry_point_is_found_too(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_dist(site, "[quizprep.packs]\ndemo = quizprep_demo_pack:pack_dir\n")
    dist_info = site / "quizprep_demo_pack-1.2.dist-info"
    (dist_info / "METADATA").rename(dist_info / "PKG-INFO")
    dist_info.rename(site / "quizprep_demo_pack-1.2.egg-info")
    listing = quizprep("pack", "list", env=clean_env(PYTHONPATH=str(site)))
    assert listing.returncode == 0, listing.stderr
    assert "entry point demo (quizprep-demo-pack 1.2)" in listing.stdout


def _declares(monkeypatch: pytest.MonkeyPatch, *path: Path | str) -> bool:
    monkeypatch.setattr(sys, "path", [str(entry) for entry in path])
    return discovery._may_declare_packs()


def test_the_entry_point_scan_is_skipped_only_when_nothing_can_declare_a_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """importlib.metadata (~15 ms of a cold command) is asked only when some distribution may
    declare a pack; anything the quick look cannot rule out is asked about."""
    plain = tmp_path / "plain"
    (plain / "numpy-2.0.dist-info").mkdir(parents=True)
    (plain / "numpy-2.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nf2py = x\n")
    (plain / "six-1.0.egg-info").write_text("Name: six\n")  # a one-file egg-info
    (plain / "other-1.0.dist-info").mkdir()  # no entry points at all
    assert not _declares(monkeypatch, plain, tmp_path / "missing")
    declaring = tmp_path / "declaring"
    install_dist(declaring, "[quizprep.packs]\ndemo = quizprep_demo_pack:pack_dir\n")
    assert _declares(monkeypatch, plain, declaring)
    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("demo-1.0.dist-info/entry_points.txt", "[quizprep.packs]\ndemo = d:f\n")
    assert _declares(monkeypatch, plain, archive)
    assert _declares(monkeypatch, plain, tmp_path / "demo-1.0-py3.11.egg")
    monkeypatch.setattr(sys, "path", [str(plain), plain])  # not a str: not ruled out
    assert discovery._may_declare_packs()

    class Finder:
        @staticmethod
        def find_distributions(context: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    assert _declares(monkeypatch, plain)


def test_a_cold_command_without_installed_packs_never_imports_importlib_metadata() -> None:
    probe = (
        "import sys\nfrom quizprep.bank.discovery import discover\n"
        "sources, problems = discover()\n"
        "print(len(sources), problems, 'importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(), check=True
    )
    assert result.stdout.split() == ["2", "[]", "False"]
