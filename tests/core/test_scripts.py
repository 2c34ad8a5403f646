from hypothesis import given
from hypothesis import strategies as st

from aordesk.core.scripts import mixes_scripts, scripts_of


def test_a_latin_name_with_one_cyrillic_look_alike_mixes_scripts():
    assert scripts_of("Sm\u0456th") == {"LATIN", "CYRILLIC"}
    assert mixes_scripts("J\u043ehn")


def test_accented_and_hyphenated_latin_names_are_one_script():
    assert not mixes_scripts("Nguyễn García-López")
    assert not mixes_scripts("O'Brien")


def test_a_name_wholly_in_one_other_script_does_not_mix():
    assert not mixes_scripts("\u0421\u043c\u0438\u0442")


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_never_mixed(text):
    assert not mixes_scripts(text)
