"""Allow ``python -m govcards``."""

from govcards.cli import main

main()
