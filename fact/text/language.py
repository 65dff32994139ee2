"""Language tags: BCP 47, checked against the IANA registry by langcodes and stored in its standard form.

The standard form ("AR" -> "ar", "ar_eg" -> "ar-EG") is what is stored and filtered on, so that one
language is one value; its length is what the column must hold.
"""
import langcodes

__all__ = ["standard_language"]


def standard_language(tag: str, max_length: int) -> str:
    """The standard form of `tag`, or ValueError saying why it is not a language tag we can store."""
    if len(tag) > 4 * max_length:  # no standard form is that much shorter; spare langcodes the parse
        raise ValueError(f"A language tag of at most {max_length} characters, got {len(tag):,}.")
    try:
        valid = langcodes.tag_is_valid(tag)
        standard = langcodes.standardize_tag(tag) if valid else None
    except (ValueError, LookupError):  # langcodes raises LanguageTagError (a ValueError) on bad shapes
        standard = None
    if standard is None:
        raise ValueError(f"Not a BCP 47 language tag such as 'ar', 'en' or 'ar-EG': {tag[:40]!r}.")
    if len(standard) > max_length:
        raise ValueError(f"A language tag of at most {max_length} characters, got {len(standard)}: {standard!r}.")
    return standard
