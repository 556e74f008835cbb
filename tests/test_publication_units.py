
from analysis.citation import citation_text, load_citation
from analysis.edition import load_edition
from analysis.reading import prose_words, reading_minutes


def test_citation_matches_edition():
    text = citation_text("https://example.org/")
    edition = load_edition()
    assert edition.version in text and str(edition.published.year) in text
    assert text.endswith("https://example.org/")
    assert str(load_citation()["version"]) == edition.version


def test_prose_words_ignores_code_front_matter_and_roles():
    md = ("---\nkernelspec:\n  name: python3\n---\n# Title here\n\n```{code-cell} ipython3\nx = 1 + 2\n```\n"
          "Two words {cite}`some_key`.\n:::{glue:figure} fig\n:name: fig-x\n\nCaption text.\n:::\n")
    # "Title here", "Two words .", "Caption text." -> 6 words
    assert prose_words(md) == 6


def test_reading_minutes_rounds_and_has_a_floor(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("word " * 500, encoding="utf-8")
    assert reading_minutes([page]) == 2  # 500 / 200 = 2.5 -> 2 (banker's rounding)
    page.write_text("word", encoding="utf-8")
    assert reading_minutes([page]) == 1


def test_is_republished_reads_the_via_field_and_the_kind():
    """A copy is recognised by the entry's `via` (copy of a named original) or its kind (a rewrite)."""
    import datetime as dt

    from analysis.catalogue import is_republished
    from analysis.sources import Source

    def source(**fields):
        base = dict(key="k", title="T", publisher="BBC News", date=dt.date(2025, 3, 20), url=None, authors=())
        return Source(**{**base, **fields})

    assert is_republished(source(via="bashk.tv", via_url="https://bashk.tv/a"))
    assert is_republished(source(publisher="Live News Map", kind="aggregator_copy"))
    # Wording in the publisher no longer decides: an outlet's own report citing another is not a copy.
    assert not is_republished(source(publisher="LIGA.net (citing The Times)"))
    assert not is_republished(source(publisher="Reuters", url="https://reuters.com/a"))
    assert not is_republished(source(publisher="TASS", kind="state_media"))


def test_source_profile_counts_are_consistent():
    from analysis.catalogue import source_profile

    profile = source_profile()
    assert profile["all"] >= max(profile["with_url"], profile["undated"], profile["republished"])
    assert profile["undated"] > 0 and profile["republished"] > 0


def test_bibliography_names_the_copy_read_via():
    """An entry read through a copy shows the original publisher and, after it, the copy and its address."""
    from pybtex.backends.html import Backend
    from pybtex.database import parse_string

    from booktools.sphinx_ext import BriefingStyle

    db = parse_string("@misc{a, title={T}, publisher={BBC News}, date={2025-03-20}, via={bashk.tv}, "
                      "viaurl={https://bashk.tv/x}}\n@misc{b, title={U}, publisher={Reuters}, date={2025-03-20}}",
                      "bibtex")
    copy, original = (e.text.render(Backend()) for e in BriefingStyle().format_entries(db.entries.values()))
    assert "BBC News, 2025-03-20." in copy
    assert 'Read via bashk.tv (<a href="https://bashk.tv/x">https://bashk.tv/x</a>)' in copy
    assert "Read via" not in original


def _pdf_with(tmp_path, contents: list[bytes]):
    """A PDF whose pages carry the given content streams."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for data in contents:
        page = writer.add_blank_page(width=200, height=200)
        stream = DecodedStreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "scratch.pdf"
    writer.write(path)
    return path


def test_drop_blank_pages_keeps_text_and_images_and_drops_a_painted_but_empty_page(tmp_path):
    from pypdf import PdfReader

    from booktools.pdf import drop_blank_pages

    text = b"BT /F1 12 Tf 10 10 Td (Key points) Tj ET"
    image = b"q 100 0 0 100 0 0 cm /Im1 Do Q"
    # What Chromium writes for an empty sheet: a white rectangle over the page.
    white = b"q 1 1 1 rg 0 0 683 1004 re f Q"
    pdf = _pdf_with(tmp_path, [text, white, image, b""])
    assert drop_blank_pages(pdf) == [2, 4]
    kept = [page.get_contents().get_data() for page in PdfReader(pdf).pages]
    assert kept == [text, image]
