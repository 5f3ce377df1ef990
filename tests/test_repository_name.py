"""The repository's name is written once, in course.py, and the README follows it.

Publishing the course or forking it means one edit: ``REPOSITORY`` in
``course.py`` (owner/name on GitHub), then ``python3 course.py readme``,
which rewrites the README's Binder badge and the chapter index's launch
links. These tests fail while the README and ``REPOSITORY`` disagree, and
show that the rewrite changes those links and nothing else.
``python3 course.py links`` takes its default ``--repo`` from the same name.
"""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BINDER = re.compile(r"https://mybinder\.org/v2/gh/[^)\s]+")


def course_module():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course = course_module()


def test_the_name_is_an_owner_and_a_repository():
    assert re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", course.REPOSITORY)


def test_every_binder_link_in_the_readme_names_the_repository():
    links = BINDER.findall(README)
    # the badge, then one launch link per chapter in the index
    assert len(links) == 1 + len(CHAPTERS), links
    expected = [course.binder_link(course.FIRST_CHAPTER)] + [
        course.binder_link(f"notebooks/{chapter}") for chapter in CHAPTERS
    ]
    assert links == expected, "run `python3 course.py readme`"
    assert course.readme_with_repository(README) == README


def test_a_fork_is_one_edit_and_one_command(monkeypatch):
    monkeypatch.setattr(course, "REPOSITORY", "someone/glm-fork")
    forked = course.readme_with_repository(README)
    links = BINDER.findall(forked)
    assert len(links) == 1 + len(CHAPTERS)
    assert all(
        link.startswith("https://mybinder.org/v2/gh/someone/glm-fork/HEAD?")
        for link in links
    )
    # nothing but the links changed
    assert BINDER.sub("LINK", forked) == BINDER.sub("LINK", README)


def test_hub_links_default_to_the_repository(monkeypatch, capsys):
    monkeypatch.setattr(course, "REPOSITORY", "someone/glm-fork")
    assert course.links(["--hub", "https://hub.example.org"]) == 0
    printed = capsys.readouterr().out
    assert "repo=https%3A%2F%2Fgithub.com%2Fsomeone%2Fglm-fork&" in printed
