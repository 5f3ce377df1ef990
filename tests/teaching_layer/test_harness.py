"""The harness can fail: its number search and its answer blocks are held to their word."""

import pytest

from .harness import CHAPTERS, TIMES, answers, latex, missing, shown_number


def test_readout_numbers_are_found_as_the_answers_write_them():
    assert latex(f"(−3.46 {TIMES} 10³⁸, 2.2 {TIMES} 10⁻⁴)") == (
        r"(−3.46 \times 10^{38}, 2.2 \times 10^{-4})"
    )
    text = r"a gap of $3.9 \times 10^{42}$, then 0.385 and 5950"
    assert (
        missing(text, [shown_number(f"3.9 {TIMES} 10⁴²"), shown_number("5950")]) == []
    )
    assert missing(text, [shown_number("38")]) == ["38"]
    assert missing(text, [shown_number(f"3.9 {TIMES} 10⁴³")]) == [r"3.9 \times 10^{43}"]


def test_the_number_search_can_fail():
    text = r"the mean is $-0.847$, then 0.8470 and 12.5; a(η) = 4.500"
    assert missing(text, [(-0.847, 3), (4.5, 3)]) == []
    assert missing(text, [(0.847, 3)]) == ["0.847"]  # only -0.847 is there
    assert missing(text, [(2.5, 1)]) == ["2.5"]  # 12.5 is another number
    assert missing(text, [(0.84, 2)]) == ["0.84"]
    assert missing(text, ["a(η) = 4.600"]) == ["a(η) = 4.600"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_try_this_item_has_an_answer_right_under_it(chapter):
    found = answers(chapter)
    for answer in found:
        assert len(answer.split()) >= 30, answer  # worked, not a bare number
        assert "<details>" not in answer
