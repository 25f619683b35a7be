"""Post-correction of Vietnamese OCR text (tesseract `vie`): lost or changed tone marks, letters split by a
space, "Ð" for "Đ" and "O" for "0" inside numbers.

Only changes a word into a syllable that exists in Vietnamese (hunspell-vi plus the project's language data),
chosen by the words around it (syllable bigrams from the project's own text). Numbers and symbols are left
alone apart from the two known confusions. Without the dictionary only those safe fixes run.

Public: `correct_words()`, `correct_text()`, `starts_with_syllable()`, `status()`, `reload()`, `Fixed`.
"""

from .correct import Fixed, correct_text, correct_words, reload, starts_with_syllable, status

__all__ = ["Fixed", "correct_text", "correct_words", "reload", "starts_with_syllable", "status"]
