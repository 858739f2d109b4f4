"""`python -m cove`: the same as the `cove` command."""
from .cli.main import console_main

console_main()
