"""Page furniture is read as blanks, keeping every offset of the body. Texts are our own."""

from __future__ import annotations

from pipeline.extract.furniture import mask_furniture


def test_a_page_stamp_before_the_dateline_is_blanked():
    body = " date 2025-02-04 LIMA, Feb 4 - Peru and Chile met."
    masked = mask_furniture(body)
    assert len(masked) == len(body) and masked.lstrip().startswith("LIMA, Feb 4")


def test_labels_and_links_of_the_page_are_blanked_and_sentences_kept():
    body = ("Peru and Chile met in Lima.\nAdvertisement\nRelated: Chile raises lithium royalties\n"
            "Read more about lithium\nThe ministers agreed a plan.\n(Reporting by Ana Diaz; Editing by Tom Lee)")
    masked = mask_furniture(body)
    assert [line for line in masked.split("\n") if line.strip()] == [
        "Peru and Chile met in Lima.", "The ministers agreed a plan."]
    assert len(masked) == len(body) and masked.count("\n") == body.count("\n")


def test_a_sentence_that_only_mentions_a_date_or_reading_is_kept():
    body = "The date 2025-02-04 was set for talks.\nReaders said the ban was related to prices."
    assert mask_furniture(body) == body
