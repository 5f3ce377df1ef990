"""The README's course index lists every chapter, each with a Binder link
that opens that chapter, and points teaching assistants to their guide."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def index_rows():
    section = README.split("## Chapters", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| [")]


def test_the_index_has_one_row_per_chapter_in_order():
    linked = [
        re.search(r"\]\(notebooks/([^)]+\.ipynb)\)", row).group(1)
        for row in index_rows()
    ]
    assert linked == CHAPTERS


def test_each_row_launches_its_own_chapter_on_binder():
    for row, chapter in zip(index_rows(), CHAPTERS, strict=True):
        launches = re.findall(r"\((https://mybinder\.org/[^)]+)\)", row)
        assert len(launches) == 1, row
        url = urlparse(launches[0])
        assert url.path.endswith("/HEAD"), url.path
        assert parse_qs(url.query)["urlpath"] == [f"lab/tree/notebooks/{chapter}"]


def test_the_teaching_guide_is_linked():
    assert "](notebooks/teaching_guide.md)" in README
    assert (ROOT / "notebooks" / "teaching_guide.md").is_file()
