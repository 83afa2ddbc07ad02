"""Exact text inside sentences: commands, paths, web and email addresses set apart whole."""

from __future__ import annotations

import pytest

from shadowaudit.report.exact import Segment, exact_html, segments


@pytest.mark.parametrize(
    ("sentence", "exact"),
    [
        ("Access Now's Helpline (help@accessnow.org) answers.", "help@accessnow.org"),
        ("Open myaccount.google.com in a browser.", "myaccount.google.com"),
        ("Set it in the file /etc/dnf/automatic.conf.", "/etc/dnf/automatic.conf"),
        ('Type "sudo ufw status" in a terminal.', "sudo ufw status"),
        ("Read https://digitalfirstaid.org/ first.", "https://digitalfirstaid.org/"),
    ],
)
def test_what_a_person_types_is_one_piece(sentence: str, exact: str) -> None:
    assert Segment("code", exact) in segments(sentence)
    assert "".join(s.text for s in segments(sentence)).replace('"', "") == sentence.replace('"', "")


def test_an_email_address_stays_left_to_right_in_arabic() -> None:
    html = str(exact_html("اتصل بـ help@accessnow.org الآن.", rtl=True))
    assert '<code dir="ltr" class="exact"><span class="nw">help@accessnow.org</span>' in html
