"""A value quoted from a source must be in the excerpt that quotes it.

Where a table's descriptor says a row's number is the figure the source gives (and its evidence
field is the excerpt supporting it), the number must appear in that excerpt in some written form:
12500 as "12,500", "12 500", "12.5 thousand", "12,5 тис."; 57550000 as "57,55 мільйонів"; 30 as
"thirty" or "30-country". Rows whose value is legitimately not written in the excerpt (a sum, a
conversion) are listed in ALLOWED with the reason; anything else is the class of error issue 11
found ("a value not in its evidence").
"""
from __future__ import annotations

import re

import pytest

from analysis import describe, load_table

# (table, value fields, evidence field): the descriptors of these tables say the value is the
# figure as the source gives it, supported by the row's excerpt.
QUOTED = [
    ("shipping_corridor", ("cargo_tonnes", "ships"), "evidence"),
    ("coalition_meetings", ("participants_reported",), "participants_evidence"),
    ("force_size_estimates", ("low", "high"), "evidence"),
    ("armed_forces_scale", ("value",), "evidence"),
    ("precedent_missions", ("strength",), "evidence"),
    ("ceasefire_counts", ("count",), "evidence"),
    ("density_inputs", ("value", "low", "high"), "evidence"),
    ("us_cost_estimates", ("value", "low", "high"), "evidence"),
    ("black_sea_facts", ("value",), "evidence"),
    ("coalition_countries", ("active_personnel",), "personnel_evidence"),
]

# (table, row id, field) -> why the value is not written in the excerpt. Keep each reason honest:
# it is what a reader checking the row would need to know.
ALLOWED: dict[tuple[str, str, str], str] = {
    # The source counts by an ordinal: "the eighth ceasefire agreement concluded since the beginning of
    # 2018" states that there were 8 (this one included); the matcher reads cardinals only.
    ("ceasefire_counts", "c04", "count"): "ordinal 'the eighth' = a count of 8, this agreement included",
    # Conversions and sums the rows' notes explain.
    ("density_inputs", "d11", "value"): "the source's '600-mile stretch' converted to 966 km (notes)",
    ("us_cost_estimates", "c19", "value"): "sum of the excerpt's 100,000 stationed and 200,000 reinforcements (notes)",
    ("us_cost_estimates", "c19", "high"): "same sum as value: 100,000 + 200,000",
    # Numbers written as words the matcher does not read.
    ("us_cost_estimates", "c03", "value"): "Polish 'około biliona dolarów': a bilion is 10^12, i.e. about $1 trillion",
    ("black_sea_facts", "bs09", "value"): "'not issued a single permit' = 0 permits",
    ("black_sea_facts", "bs13", "value"): "'will meet twice a year' = 2 meetings a year",
    ("coalition_countries", "ISL", "active_personnel"): "'Iceland ... has no armed forces' = 0 active personnel",
}

SCALES = {
    # word (lower case, as written after a number) -> multiplier
    "thousand": 1e3, "k": 1e3, "тис": 1e3, "тисяч": 1e3, "тисячі": 1e3, "тыс": 1e3, "тысяч": 1e3,
    "тысячи": 1e3, "tys": 1e3, "mila": 1e3, "mille": 1e3, "tausend": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6, "milioni": 1e6, "milione": 1e6,
    "mio": 1e6, "millionen": 1e6, "milionów": 1e6, "miliony": 1e6, "milion": 1e6,
    "мільйон": 1e6, "мільйона": 1e6, "мільйонів": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "miljon": 1e6, "miljonit": 1e6, "millioner": 1e6,
    "billion": 1e9, "bn": 1e9, "млрд": 1e9, "miliardi": 1e9, "mld": 1e9, "milliarder": 1e9, "milliards": 1e9,
    "milliarden": 1e9, "mrd": 1e9, "miliardów": 1e9, "miliardy": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
# A number: digits with thousands separators (comma, dot, apostrophe, ordinary, no-break or thin
# space) and an optional decimal part (dot or comma), then an optional scale word.
NUMBER = re.compile(r"(?<![\d.,])(?P<whole>\d{1,3}(?P<sep>[,.'\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*|\d+)"
                    r"(?:[.,](?P<decimals>\d+))?(?:[\s\u00a0\u202f-]*(?P<word>[^\W\d]+\.?))?")
# What joins the two ends of a range written with one scale word ("16 to 30 million").
RANGE = re.compile(r"\s*(?:to|and|-|–|—|до|і|и|a|à|bis|do)\s*", re.IGNORECASE)


def _readings(whole: str, decimals: str | None) -> set[float]:
    """Every value a written number can mean: "1,140" is 1140, "2,38" is 2.38, "1.320" is 1.32 or 1320."""
    digits = re.sub(r"\D", "", whole)
    values = {float(digits)}
    if decimals is not None:
        values.add(float(f"{digits}.{decimals}"))
        if len(decimals) == 3:  # a lone group of three after a separator may be thousands, not decimals
            values.add(float(digits + decimals))
    return values


def _word_numbers(lowered: str) -> set[float]:
    """Numbers written in English words: "thirty", "thirty-one", "three hundred thousand"."""
    found: set[float] = set()
    total = current = 0
    in_number = False
    for token in re.findall(r"[a-z]+|[^a-z\s-]", lowered) + ["."]:
        if token in WORDS or token in ("thousand", "million"):
            in_number = True
            if token == "hundred":
                current = max(current, 1) * 100
            elif token in ("thousand", "million"):
                total += max(current, 1) * (1000 if token == "thousand" else 1_000_000)
                current = 0
            else:
                current += WORDS[token]
            found.add(float(total + current))
        elif in_number and token == "and":
            continue
        else:
            total = current = 0
            in_number = False
    return found


def numbers_in(text: str) -> set[float]:
    """Every number the text writes, in digits (with any scale word) or in English words."""
    found: set[float] = set()
    matches = list(NUMBER.finditer(text))
    for i, match in enumerate(matches):
        whole, decimals, word = match.group("whole", "decimals", "word")
        scale = SCALES.get((word or "").lower().rstrip("."), 1.0)
        end = match.end("decimals" if decimals else "whole")
        between = text[end:matches[i + 1].start()] if i + 1 < len(matches) else ""
        if scale == 1.0 and RANGE.fullmatch(between):
            # "16 to 30 million", "15-30 тис.": the scale after the second number applies to both
            scale = SCALES.get((matches[i + 1].group("word") or "").lower().rstrip("."), 1.0)
        for value in _readings(whole, decimals):
            found.add(value)
            found.add(value * scale)
    found |= _word_numbers(text.lower())
    return found


def states(text: str, value: float) -> bool:
    """True when the text writes the value exactly (floating-point noise aside: 33.8 million)."""
    return any(abs(candidate - value) < 0.5 for candidate in numbers_in(text))


def _unsupported(table: str, fields: tuple[str, ...], evidence_field: str) -> list[str]:
    frame = load_table(table)
    key = describe(table).primary_key or "id"
    problems = []
    for row in frame.to_dict("records"):
        for field in fields:
            value = row.get(field)
            if value is None or value != value:  # empty cell (None or NaN)
                continue
            if (table, row[key], field) in ALLOWED:
                continue
            excerpt = row.get(evidence_field) or ""
            if not states(excerpt, float(value)):
                problems.append(f"data/{table}.csv, row {row[key]}, field '{field}': {value:,.0f} is not written in "
                                f"{evidence_field} ({excerpt[:120]!r}...)")
    return problems


@pytest.mark.parametrize("table,fields,evidence_field", QUOTED, ids=[t for t, _, _ in QUOTED])
def test_every_quoted_value_is_in_its_evidence(table, fields, evidence_field):
    problems = _unsupported(table, fields, evidence_field)
    assert not problems, "values not found in their verbatim evidence:\n" + "\n".join(problems)


def test_the_allow_list_names_only_rows_that_exist_and_still_need_it():
    """A stale exception would hide the next error in the same cell."""
    for (table, row_id, field), reason in ALLOWED.items():
        frame = load_table(table)
        rows = frame[frame[describe(table).primary_key or "id"] == row_id]
        assert len(rows) == 1, f"ALLOWED names {table} row {row_id}, which does not exist"
        assert reason.strip(), f"ALLOWED entry {table}/{row_id}/{field} gives no reason"
        evidence_field = next(e for t, _, e in QUOTED if t == table)
        value = rows[field].iloc[0]
        assert not states(rows[evidence_field].iloc[0] or "", float(value)), (
            f"{table} row {row_id}: {field} is now in its evidence; remove it from ALLOWED")


def test_every_meeting_count_has_its_own_evidence():
    meetings = load_table("coalition_meetings")
    counted = meetings[meetings["participants_reported"].notna()]
    assert len(counted) >= 20
    for row in counted.itertuples():
        assert row.participants_source_id, f"coalition_meetings row {row.id}: a count needs participants_source_id"
        assert row.participants_evidence, f"coalition_meetings row {row.id}: a count needs participants_evidence"
        if row.participants_source_id == row.source_id:
            assert row.participants_evidence == row.evidence, (
                f"coalition_meetings row {row.id}: same source as the outcome, so the excerpts should agree")
    uncounted = meetings[meetings["participants_reported"].isna()]
    assert uncounted["participants_evidence"].isna().all(), "participants_evidence without a count"


def test_an_end_date_source_comes_with_its_excerpt():
    agreements = load_table("agreements_record")
    sourced = agreements[agreements["ended_source_id"].notna()]
    assert not sourced.empty
    for row in sourced.itertuples():
        assert row.ended_evidence, f"agreements_record row {row.id}: ended_source_id without ended_evidence"
        assert row.ended_on is not None and row.ended_on == row.ended_on
    assert agreements[agreements["ended_source_id"].isna()]["ended_evidence"].isna().all()


@pytest.mark.parametrize("text,value", [
    ("12,500 troops", 12500), ("12 500 troops", 12500), ("12\u00a0500", 12500), ("12.5 thousand", 12500),
    ("12,5 тис. військових", 12500), ("57,55 мільйонів тонн", 57_550_000), ("82,2 milioni di tonnellate", 82_200_000),
    ("15 mln t", 15_000_000), ("1.32 million", 1_320_000), ("2,38 тис.", 2380), ("60.000-strong", 60000),
    ("30-country strong", 30), ("thirty leaders", 30), ("6 000 суден", 6000), ("понад 150 млн тонн", 150_000_000),
    ("2059 кораблів", 2059), ("thirty-one countries", 31), ("Three hundred thousand reservists", 300_000),
    ("около 710 тысяч человек", 710_000), ("16 to 30 million citizens", 16_000_000),
    ("approximately USD1 trillion", 1e12), ("France 376,000 200,000 NATO", 200_000),
    ("4,8 milliarder dollar", 4_800_000_000), ("15–30 тис.", 15_000),
])
def test_written_forms_of_a_number_are_recognised(text, value):
    assert states(text, value)


@pytest.mark.parametrize("text,value", [
    ("469 new vessels", 15_000_000), ("33.8 million tons", 1140), ("around 30 delegations", 31),
    ("2,9 тис. суден", 2380), ("in 2024", 24), ("France 376,000 200,000 NATO", 376_000_200_000),
])
def test_a_number_the_text_does_not_write_is_reported(text, value):
    assert not states(text, value)
