"""No agency anywhere is a string that is not an organ: every agency the generator declares and the
parser produces — over every generated class, the default shapes, the simulated sites' world and
consistent site sets, the indexer's sample records and the labelled corpus — parses as an organ
(reportparser.organs, the parser's own validator) or is null. The crawl tests assert the same of
every archive they build (tests/crawl/simcrawl.compare)."""

from __future__ import annotations

import pytest

import reportgen
from tests.samples import make_record
from reportgen.classes import CLASSES, cases
from reportparser import organs, parse_bytes, parse_file
from simsites.world import build_world
from tests.conftest import corpus_files


def _organ_or_null(agency, where):
    assert agency is None or organs.is_organ(agency), f"{where}: {agency!r} is not an organ"


def test_every_generated_class_declares_and_yields_organs():
    for name in CLASSES:
        for seed, tpl, shape, options in cases(name, 6, start=100):
            g = reportgen.generate(seed, tpl, shape, **options)
            _organ_or_null(g.truth["agency"], f"truth of {name}/{seed}")
            assert g.truth["agency"], name
            rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
            _organ_or_null(rec["agency"], f"parse of {name}/{seed}/{shape}")


def test_default_shapes_yield_organs():
    for shape in ("html", "html-gbk", "txt-lines", "txt-tabs", "txt-pipes", "docx", "xlsx"):
        for seed in range(4):
            g = reportgen.generate(seed, "2021", shape)
            rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
            _organ_or_null(rec["agency"], f"{shape}/{seed}")


def test_generator_truths_are_organs():
    for seed in range(300):
        _organ_or_null(reportgen.make_truth(seed, ("2019", "2021", "legacy")[seed % 3])["agency"], f"make_truth {seed}")
    for t in reportgen.site_truths(3, 12, range(2017, 2024)):
        _organ_or_null(t["agency"], "site_truths")


def test_simulated_sites_and_index_samples_name_organs():
    for r in build_world(0, 1).reports:
        _organ_or_null(r.agency, f"simsites report {r.rid}")
    for seed in range(64):
        _organ_or_null(make_record(seed)["agency"], f"indexer sample {seed}")


@pytest.mark.corpus
@pytest.mark.parametrize("path", [p for p in corpus_files("*") if p.suffix in (".txt", ".pdf")],
                         ids=lambda p: p.name)
def test_corpus_agencies_are_organs(path):
    _organ_or_null(parse_file(path)["agency"], path.name)
