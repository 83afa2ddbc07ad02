"""Evidence values read as words."""

from __future__ import annotations

from shadowaudit.report.values import readable


def test_values_in_words() -> None:
    assert readable(True) == "true"
    assert readable(0) == "0"
    assert readable("strict") == '"strict"'
    assert readable({"$missing": "parse_error"}) == "could not be read"
    assert readable([]) == "(none)"
    assert readable(["Google", "Comscore"]) == "Google; Comscore"
    assert readable([{"site": "meet.example.org", "kind": "camera"}]) == (
        "camera: meet.example.org"
    )
    extension = {
        "name": "Coupon Helper",
        "enabled": True,
        "user_installed": True,
        "sideloaded": False,
        "all_sites": True,
        "sensitive_permissions": ["cookies", "webRequest"],
        "unsigned": True,
        "outside_store": False,
    }
    assert readable([extension, {"name": "Quiet", "enabled": False}]) == (
        "Coupon Helper (turned on; can read every website; not checked by the browser maker; "
        "may use cookies, webRequest); Quiet"
    )
