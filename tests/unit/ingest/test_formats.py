"""Front matter read by libyaml when it is flat, by the bounded pure-Python loader otherwise."""

import pytest
import yaml

from pipeline.ingest.formats import _FlatFrontMatterLoader, _FrontMatterLoader, _load_front_matter


def test_flat_front_matter_reads_the_same_by_libyaml_and_keeps_odd_values_as_text():
    flat = "title: Cobalt halt\npublished: 2024-13-01\nsource: Desk\ncount: " + "9" * 5000
    loaded = _load_front_matter(flat)
    assert loaded == yaml.load(flat, Loader=_FrontMatterLoader)  # noqa: S506
    assert loaded["published"] == "2024-13-01" and loaded["count"] == "9" * 5000  # lenient on both loaders
    assert _FlatFrontMatterLoader.__mro__[1].__name__ in ("CSafeLoader", "SafeLoader")
    # Indented or aliased YAML goes to the bounded loader, which still refuses a flood of aliases.
    laughs = "a: &a [x, x]\nb: &b [*a, *a]\n" + "".join(f"c{i}: [*b, *b]\n" for i in range(200))
    with pytest.raises(Exception, match="aliases"):
        _load_front_matter(laughs)
