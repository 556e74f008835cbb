"""The publishing workflows are valid, pinned, and run what an author runs where an author runs it.

They cannot run here (no hosted runner, no container registry), so this checks what can be checked
offline: the GitHub workflow schema that check-jsonschema ships, the container against the Debian
release the Makefile assumes, and the Debian package names against that release's package lists.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
PINNED_ACTION = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
# Packages a machine needs before `make` can run at all; the Makefile installs everything else.
BOOTSTRAP = {"ca-certificates", "make", "git"}


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def makefile_variable(name: str) -> str:
    found = re.search(rf"^{name}\s*:?=\s*(\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert found, f"Makefile: no variable {name}"
    return found.group(1)


def apt_packages(text: str) -> set[str]:
    """Every package named by an `apt-get install` (or the Makefile's $(APT_INSTALL)) in `text`."""
    names = set()
    for args in re.findall(r"(?:apt-get install|\$\(APT_INSTALL\))([^;&|>\n\\]*)", text):
        names |= {word for word in args.split() if not word.startswith("-") and "=" not in word}
    return names


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def makefile_installs() -> set[str]:
    recipes = [line for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines() if line.startswith("\t")]
    return apt_packages("\n".join(recipes))


def workflow_installs(name: str) -> set[str]:
    """Packages the workflow's own commands install (comments may name others)."""
    return apt_packages("\n".join(step["run"] for job in workflow(name)["jobs"].values()
                                  for step in steps(job) if "run" in step))


def run_schema_check(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_every_workflow_is_valid_against_the_github_workflow_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pages.yml", "linkcheck.yml"}
    result = run_schema_check(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_job_without_a_runner(tmp_path):
    broken = tmp_path / "pages.yml"
    broken.write_text((WORKFLOWS / "pages.yml").read_text(encoding="utf-8").replace("runs-on:", "runs_on:"),
                      encoding="utf-8")
    result = run_schema_check(broken)
    assert result.returncode != 0 and "runs-on" in result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job_name, job in workflow(path.name)["jobs"].items():
            for step in steps(job):
                if "uses" in step:
                    assert PINNED_ACTION.fullmatch(step["uses"]), f"{path.name}, job {job_name}: {step['uses']} " \
                                                                  "is not pinned to a full commit SHA"
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: name the version pinned: {line.strip()}"


def test_the_site_is_built_in_the_debian_container_the_makefile_assumes_with_the_readme_commands():
    build = workflow("pages.yml")["jobs"]["build"]
    python = re.search(r">=\s*(\d+\.\d+)", (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    release = makefile_variable("DEBIAN_RELEASE")
    assert build["container"]["image"] == f"python:{python}-slim-{release}"
    uses = [step.get("uses", "") for step in steps(build)]
    assert not any("setup-python" in u for u in uses), "the container's Python is the one authors use"
    runs = [step["run"].strip() for step in steps(build) if "run" in step]
    assert runs.index("make test") < runs.index("make book")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme
    checkout = next(step for step in steps(build) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout.get("with", {}).get("fetch-depth") == 0, "pages are dated from the whole git history"
    upload = next(step for step in steps(build) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"


def test_publishing_waits_for_the_build_and_never_for_the_link_check():
    pages, links = workflow("pages.yml"), workflow("linkcheck.yml")
    assert pages["jobs"]["deploy"]["needs"] == "build"
    assert "workflow_run" not in pages["on"] and "linkcheck" not in str(pages["jobs"])
    assert {"schedule", "workflow_dispatch"} <= set(links["on"])
    job = links["jobs"]["linkcheck"]
    assert [step["run"] for step in steps(job) if "run" in step][-1] == "make linkcheck"
    keep = next(step for step in steps(job) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert keep["if"] == "always()" and "output.json" in keep["with"]["path"]
    assert job["container"]["image"] == workflow("pages.yml")["jobs"]["build"]["container"]["image"]


def test_the_container_installs_only_what_make_needs_and_the_makefile_installs_the_rest():
    makefile = makefile_installs()
    assert {"chromium", "default-jre-headless", "npm"} <= makefile, makefile
    for name in ("pages.yml", "linkcheck.yml"):
        installed = workflow_installs(name)
        assert {"make", "git"} <= installed <= BOOTSTRAP, f"{name} installs {sorted(installed - BOOTSTRAP)}"
        # The fresh-machine path of the Makefile is exactly what the workflow exercises.
        assert not installed & makefile, f"{name} preinstalls {sorted(installed & makefile)}"


def test_every_debian_package_name_exists_in_the_release():
    release = makefile_variable("DEBIAN_RELEASE")
    os_release = Path("/etc/os-release")
    here = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', os_release.read_text(), re.M)) if os_release.exists() else {}
    if here.get("ID") != "debian" or here.get("VERSION_CODENAME") != release or not shutil.which("apt-cache"):
        pytest.skip(f"package lists of Debian {release} are not on this machine")
    names = makefile_installs() | workflow_installs("pages.yml") | workflow_installs("linkcheck.yml")
    # One look-up for all: a name counts when Debian's own archive for the release offers it.
    policy = subprocess.run(["apt-cache", "policy", *sorted(names)], capture_output=True, text=True, timeout=120).stdout
    blocks = dict(re.findall(r"^(\S+):\n((?:[ \t].*\n?)*)", policy, re.M))
    missing = [n for n in sorted(names)
               if not re.search(rf" {release}(-security|-updates)?/main \S+ Packages", blocks.get(n, ""))]
    assert not missing, f"not packages of Debian {release} (or run apt-get update): {missing}"
