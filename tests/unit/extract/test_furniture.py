"""Page furniture is read as blanks, keeping every offset of the body. Texts are our own."""

from __future__ import annotations

from pipeline.extract.furniture import join_wrapped_lines, mask_furniture


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


def test_a_hard_wrapped_wire_reads_as_whole_sentences():
    body = ("LIMA, May 2 - Peru has imposed a ban on\nthe export of unprocessed copper ore, the\nmining ministry "
            "said on Tuesday, in a bid to\nraise the value of what it sells abroad.\nThe Andean country is one of "
            "the largest\nproducers of copper in the world and ships\nmuch of its ore to smelters in Asia.")
    joined = join_wrapped_lines(body)
    assert joined.split("\n") == [
        "LIMA, May 2 - Peru has imposed a ban on the export of unprocessed copper ore, the mining ministry said on "
        "Tuesday, in a bid to raise the value of what it sells abroad.",
        "The Andean country is one of the largest producers of copper in the world and ships much of its ore to "
        "smelters in Asia."]


def test_a_headline_keeps_its_line_break():
    body = "Peru bans copper ore exports\nPeru has banned the export of copper ore, the ministry said."
    assert join_wrapped_lines(body) == body


def test_a_photo_caption_is_furniture():
    caption = ("A lump of spodumene, an ore from which lithium is drawn, is seen at a mine near Kitwe, Zambia, "
               "March 3, 2025. REUTERS/Staff")
    body = "Zambia banned exports of raw lithium on Monday.\n" + caption + "\nThe ban starts in June."
    masked = mask_furniture(body)
    assert len(masked) == len(body) and "spodumene" not in masked and "Zambia banned" in masked and "June" in masked
