"""govcards: spaced-repetition flashcards in the terminal for 申论 material."""

__version__ = "0.1.0"
