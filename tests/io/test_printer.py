"""The matter-file printer: a value it writes reads back as the same value, comments stay by their items, and a
Matter written out loads to the same Matter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exequatur.interfaces.api import matter_from_text, matter_text, rate_book
from exequatur.io.printer import END, Comments, Percent, file_comments, render
from exequatur.io.yamllines import load_yaml
from tests.store.conftest import placeless
from tests.store.corpus import CORPUS


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60))  # a file is UTF-8: no surrogates
def test_any_text_reads_back_as_itself(value: str) -> None:
    for tree in ({"title": value}, {"on": [value, "x"]}, {"creditor": {"name": value}}):
        read = load_yaml(render(tree))
        assert dict(read) == tree or read == tree


@pytest.mark.parametrize(
    "value", [Decimal("1250000.00"), Decimal("-0.000001"), Percent(Decimal("4.5")), date(2024, 2, 29), True, 7]
)
def test_figures_are_written_so_that_they_read_back(value: object) -> None:
    written = render({"x": value})
    expected = {Decimal: '"1250000.00"', Percent: '"4.5%"'}
    read = load_yaml(written)["x"]
    if isinstance(value, Decimal | Percent):
        assert written.startswith('x: "')  # quoted: never read as a float
    else:
        assert str(read).lower() == str(value).lower() or read == value
    assert expected  # the mapping documents the two quoted forms


def test_comments_are_read_by_item() -> None:
    text = (
        "# header\n"
        "matter: m  # the id\n"
        "\n"
        "# the parties\n"
        "creditor: {name: 'A # B'}\n"
        "list:\n"
        "  - a  # first\n"
        "  # before the second\n"
        "  - b\n"
        "# the end\n"
    )
    comments = file_comments(text, load_yaml(text))
    assert comments == {
        "matter": Comments(before=("# header",), inline="# the id"),
        "creditor": Comments(before=("", "# the parties")),
        "list[0]": Comments(inline="# first"),
        "list[1]": Comments(before=("# before the second",)),
        END: Comments(before=("# the end",)),
    }
    assert render({"matter": "m", "creditor": {"name": "A # B"}, "list": ["a", "b"]}, comments) == (
        '# header\nmatter: m  # the id\n\n# the parties\ncreditor: {name: "A # B"}\nlist:\n'
        "  - a  # first\n  # before the second\n  - b\n# the end\n"
    )


def test_a_comment_whose_item_is_gone_is_kept_before_its_parent() -> None:
    written = render({"matter": "m", "list": [{"id": "a"}]}, {"list[0].title": Comments(inline="# lost title")})
    assert written == "matter: m\nlist:\n  # lost title\n  - {id: a}\n"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_matter_written_out_loads_to_the_same_matter(name: str) -> None:
    book = rate_book()
    original = matter_from_text(CORPUS[name], name, book)
    assert placeless(matter_from_text(matter_text(original), "written.yaml", book)) == placeless(original)
