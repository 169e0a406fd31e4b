"""The command line, ``python -m assessment``: the parser, output and exit codes, one module per command.

Building the parser imports nothing heavy, so ``--help`` and a mistyped option answer at
once; each command imports pandas, the database layer or reportlab only when it runs.
"""
