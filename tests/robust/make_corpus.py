"""Write the hostile notebook files in tests/robust/corpus/ (run: python tests/robust/make_corpus.py).

Each file is something a notebook tool meets in its worst hour: binary data, NUL bytes, a BOM,
CRLF or lone CR line endings, tabs, text that is not UTF-8, code nested deeper than Python can
parse or compile, cells full of triple quotes and backslashes, a file cut off in the middle of a
save, Unicode line separators inside strings. The big ones (50 MB, 10,000 cells) are made at
test time by `big_files()` instead of being committed.
"""
from __future__ import annotations

import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

HEAD = 'import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n\n\n'
MAIN = '\n\nif __name__ == "__main__":\n    app.run()\n'


def cell(code: str, indent: str = "    ") -> str:
    body = "\n".join(indent + line if line else "" for line in code.split("\n"))
    return f"@app.cell\ndef _():\n{body}\n{indent}return\n\n\n"


def notebook(*codes: str) -> str:
    return HEAD + "".join(cell(c) for c in codes) + MAIN


def nested_ifs(depth: int) -> str:
    return "".join("    " * i + "if x:\n" for i in range(depth)) + "    " * depth + "pass"


def files() -> dict[str, bytes]:
    rng = random.Random(6)
    good = notebook("a = 1\na", "b = a + 1\nb")
    out: dict[str, bytes] = {
        "binary.py": bytes(rng.randrange(256) for _ in range(4096)),
        "binary_after_header.py": HEAD.encode() + bytes(rng.randrange(256) for _ in range(2048)),
        "png_renamed.py": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "nul_in_cell.py": notebook("a = 1\x00", "b = 2").encode(),
        "bom.py": b"\xef\xbb\xbf" + good.encode(),
        "double_bom.py": b"\xef\xbb\xbf\xef\xbb\xbf" + good.encode(),
        "crlf.py": good.replace("\n", "\r\n").encode(),
        "lone_cr.py": good.replace("\n", "\r").encode(),
        "mixed_line_endings.py": good.replace("\n", "\r\n", 5).encode(),
        "tabs.py": (HEAD + cell("a = 1\nif a:\n\tb = 2\nb", indent="\t") + MAIN).encode(),
        "mixed_tabs_spaces.py": (HEAD + "@app.cell\ndef _():\n\tif True:\n        x = 1\n\treturn\n" + MAIN).encode(),
        "latin1.py": notebook("s = 'café'").encode("latin-1"),
        "utf16.py": good.encode("utf-16"),
        "utf8_surrogate_bytes.py": notebook("s = 'x'").encode().replace(b"'x'", b"'\xed\xa0\x80'"),
        "parens_1000.py": notebook("x = " + "(" * 1000 + "1" + ")" * 1000, "y = 2").encode(),
        "ifs_90.py": notebook(nested_ifs(90), "y = 2").encode(),
        "sum_2000.py": notebook("x = " + "+".join(["1"] * 2000), "y = 2").encode(),
        "brackets_1000_in_header.py": ("x = " + "[" * 1000 + "]" * 1000 + "\n" + good).encode(),
        "triple_quotes.py": notebook('s = """a "quoted" \'\'\' thing"""\ns', "t = '''\"\"\"'''\nt").encode(),
        "unparsable_with_triple_quotes.py": (
            HEAD + 'app._unparsable_cell(\n    r"""\n    x = = 1\n    s = \\"\\"\\"oops\\"\\"\\"\n    """,\n    name="_"\n)\n\n\n'
            + cell("y = 2") + MAIN
        ).encode(),
        "backslashes.py": notebook('p = "C:\\\\new\\\\table"\nr = r"\\d+\\\\"\np', "x = 1 + \\\n    2").encode(),
        "unterminated_string.py": notebook('s = """never closed\nx = 1', "y = 2").encode(),
        "unterminated_in_header.py": ('"""docstring never closed\n' + good).encode(),
        "truncated_mid_cell.py": good[: good.index("b = a") + 3].encode(),
        "truncated_mid_decorator.py": good[: good.rindex("@app.cell") + 5].encode(),
        "empty.py": b"",
        "whitespace_only.py": b"   \n\n\t\n",
        "no_app.py": b"import cove\n\nprint('hello')\n",
        "plain_script.py": b"def f(x):\n    return x * 2\n\nprint(f(2))\n",
        "app_call_broken.py": (HEAD.replace("cove.App()", "cove.App(") + cell("a = 1")).encode(),
        "app_positional.py": HEAD.replace("cove.App()", "cove.App(1, 2)").encode() + cell("a = 1").encode(),
        "decorator_without_def.py": (HEAD + "@app.cell\n\n\n" + cell("a = 1") + MAIN).encode(),
        "cell_on_a_class.py": (HEAD + "@app.cell\nclass _:\n    pass\n\n\n" + cell("a = 1") + MAIN).encode(),
        "broken_signature.py": (HEAD + "@app.cell\ndef _(a,, b):\n    c = 1\n    return\n\n\n" + cell("a = 1") + MAIN).encode(),
        "duplicate_definitions.py": notebook("a = 1", "a = 2", "b = a").encode(),
        "cycle.py": notebook("a = b + 1", "b = a + 1").encode(),
        "import_star.py": notebook("from math import *", "x = pi").encode(),
        "unicode_separators.py": notebook("s = 'a\u2028b\u2029c\x0cd\x1ce\x85f'\ns", "t = '\u202eevil\u202c'").encode(),
        "form_feed_lines.py": (HEAD + "\x0c\n" + cell("a = 1") + "\x0c\n" + cell("b = 2") + MAIN).encode(),
        "control_chars.py": notebook("s = '\x01\x02\x1b[31mred\x1b[0m'\ns").encode(),
        "nested_functions.py": notebook("def f():\n    def g():\n        def h():\n            return 1\n        return h()\n    return g()\nf()").encode(),
        "async_cell.py": (HEAD + "@app.cell\nasync def _():\n    import asyncio\n    await asyncio.sleep(0)\n    x = 1\n    return (x,)\n" + MAIN).encode(),
        "setup_broken.py": (HEAD + "with app.setup:\n    import = 1\n\n\n" + cell("a = 1") + MAIN).encode(),
    }
    return out


def big_files() -> dict[str, bytes]:
    """Made at test time, not committed (too big for the repository): a 50 MB notebook, one
    with 10,000 cells, 1000 nested ifs, a 1 MB line, 100,000-term expressions."""
    many = notebook(*(f"x{i} = {i}\nx{i}" for i in range(10_000)))
    line = "# " + "filler " * 14 + "\n"
    filler = line * (50_000_000 // len(line) + 1)
    big = HEAD + cell("a = 1") + "@app.cell\ndef _():\n    s = '''\n" + filler + "'''\n    return\n\n\n" + MAIN
    return {
        "cells_10000.py": many.encode(),
        "size_50mb.py": big.encode(),
        "ifs_1000.py": notebook(nested_ifs(1000), "y = 2").encode(),
        "sum_100000.py": notebook("x = " + "+".join(["1"] * 100_000), "y = 2").encode(),
        "not_100000.py": notebook("x = " + "not " * 100_000 + "1").encode(),
        "lambda_5000.py": notebook("f = " + "lambda: " * 5000 + "1").encode(),
        "huge_line.py": notebook("s = '" + "x" * 1_000_000 + "'\nlen(s)").encode(),
        "many_blank_lines.py": (HEAD + "\n" * 100_000 + cell("a = 1") + MAIN).encode(),
    }


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for old in CORPUS.glob("*.py"):
        old.unlink()
    for name, data in files().items():
        (CORPUS / name).write_bytes(data)
    print(f"wrote {len(files())} files to {CORPUS}")


if __name__ == "__main__":
    main()
