import pytest

from kunde.taxonomy.text import fold, guess_language, key, title_variants, trigrams


def test_fold_removes_case_diacritics_and_punctuation() -> None:
    assert fold("Café-Beheerder!") == "cafe beheerder"


def test_key_stems_plurals_and_drops_stop_words() -> None:
    assert key("operating forklifts", "en") == key("operate a forklift", "en")
    assert key("verpleegkundigen", "nl") == key("verpleegkundige", "nl")


def test_trigrams_are_padded_per_word() -> None:
    assert trigrams("ab cd") == [" ab", "ab ", " cd", "cd "]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Strong knowledge of HTML and CSS, and you are a team player", "en"),
        ("Ik heb vijf jaar in een magazijn gewerkt en ben goed met klanten", "nl"),
        ("heftruck", None),  # one word: no guess, both languages are tried
        ("CSS HTML SQL", None),
    ],
)
def test_guess_language_decides_only_when_common_words_say_so(
    text: str, language: str | None
) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    ("title", "variants"),
    [
        ("Senior Java Developer (m/f/d)", ["Java Developer"]),
        ("Magazijnmedewerker (fulltime)", ["Magazijnmedewerker"]),
        ("Verpleegkundige 24\u201332 uur per week", ["Verpleegkundige"]),
        ("Part-time shop assistant (m/v/x)", ["shop assistant"]),
        (
            "Registered Nurse - ICU",
            ["Registered Nurse - ICU", "Registered Nurse", "ICU"],
        ),
        ("kassière", ["kassière"]),
        ("(m/v)", ["(m/v)"]),  # nothing left after cleaning: the title as typed
    ],
)
def test_title_variants_drop_vacancy_noise_and_split_parts(title: str, variants: list[str]) -> None:
    assert title_variants(title) == variants
