"""What a translation must keep: placeholders, commands and addresses."""

from __future__ import annotations

from shadowaudit.maintain.checks import problems


def test_a_faithful_translation_has_no_problem() -> None:
    assert (
        problems(
            'Type "sudo ufw status" in %(app)s, or open chrome://extensions.',
            "Escribe «sudo ufw status» en %(app)s, o abre chrome://extensions.",
        )
        == []
    )


def test_a_lost_or_renamed_placeholder_is_a_problem() -> None:
    assert problems("Saved to %(file)s.", "Guardado.")
    assert problems("Saved to %(file)s.", "Guardado en %(fichero)s.")
    assert problems("{browser}, profile {profile}", "{navegador}, perfil {profile}")


def test_a_translated_command_is_a_problem() -> None:
    found = problems('Type "sudo ufw status".', "Escribe «sudo cortafuegos estado».")
    assert found and "sudo ufw status" in found[0]


def test_a_plural_form_may_say_the_count_in_words() -> None:
    assert problems("%(num)d files in %(dir)s", "ملف واحد في %(dir)s", plural=True) == []
    assert problems("%(num)d files in %(dir)s", "ملف واحد", plural=True)
