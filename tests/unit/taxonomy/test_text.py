from kunde.taxonomy.text import fold, key, trigrams


def test_fold_removes_case_diacritics_and_punctuation() -> None:
    assert fold("Café-Beheerder!") == "cafe beheerder"


def test_key_stems_plurals_and_drops_stop_words() -> None:
    assert key("operating forklifts", "en") == key("operate a forklift", "en")
    assert key("verpleegkundigen", "nl") == key("verpleegkundige", "nl")


def test_trigrams_are_padded_per_word() -> None:
    assert trigrams("ab cd") == [" ab", "ab ", " cd", "cd "]
