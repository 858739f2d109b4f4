"""PEP 723 `# /// script` blocks in notebook headers: reading them, errors that point at the
right line, and rewriting `dependencies` with everything else left byte for byte."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from cove._errors import NotebookError
from cove._export.pep723 import read_script_metadata, write_dependencies

SPEC_HEADER = '''# /// script
# requires-python = ">=3.12"
# dependencies = ["plotly>=6"]
# ///
'''


def test_reads_the_spec_example() -> None:
    meta = read_script_metadata(SPEC_HEADER + "import cove\n")
    assert meta == {"dependencies": ["plotly>=6"], "requires-python": ">=3.12"}


def test_no_block_means_no_dependencies() -> None:
    assert read_script_metadata('"""A notebook."""\n# just a comment\n') == {
        "dependencies": [], "requires-python": None}
    assert read_script_metadata("") == {"dependencies": [], "requires-python": None}


def test_other_keys_and_blocks_are_kept() -> None:
    header = ("#!/usr/bin/env python\n"
              "# /// script\n# dependencies = [\n#   'a',  # why\n#   \"b[x]>=1; python_version>'3'\",\n# ]\n"
              "#\n# [tool.cove]\n# width = 'wide'\n# ///")  # no final newline: still a block
    meta = read_script_metadata(header)
    assert meta["dependencies"] == ["a", "b[x]>=1; python_version>'3'"]
    assert meta["tool"] == {"cove": {"width": "wide"}}
    assert meta["requires-python"] is None


def test_only_script_blocks_count() -> None:
    # PEP 723's regex is greedy: this `other` block runs to the last `# ///`, so the script
    # opening line inside it is content, not a block.
    header = "# /// other\n# x = 1\n# ///\n# /// script\n# dependencies = ['a']\n# ///\n"
    assert read_script_metadata(header)["dependencies"] == []


@pytest.mark.parametrize("header, line, words", [
    ("# hi\n# /// script\n# dependencies = []\n", 2, "never closed"),
    ("# /// script\n# dependencies = []\nx = 1\n# ///\n", 3, "does not start with `# `"),
    ("# /// script\n# a = 1\n# dependencies = [\n# ///\n", 3, "invalid TOML"),
    ("# /// script\n# requires-python = '>=3'\n# dependencies = 'numpy'\n# ///\n", 3,
     "must be a list of strings"),
    ("# /// script\n# dependencies = [\n#   'ok',\n#   'not a req!',\n# ]\n# ///\n", 4,
     "'not a req!' is not a valid requirement"),
    ("# /// script\n# requires-python = 3.12\n# ///\n", 2, "must be a string"),
    ("# /// script\n# a = 1\n# ///\n\n# /// script\n# b = 1\n# ///\n", 5, "more than one"),
])
def test_malformed_blocks_name_file_and_line(header: str, line: int, words: str) -> None:
    with pytest.raises(NotebookError) as info:
        read_script_metadata(header, "nb.py")
    err = info.value
    assert (err.filename, err.lineno) == ("nb.py", line)
    assert words in err.message
    assert str(err).startswith(f"nb.py:{line}: ") and "\n" not in str(err)


def test_write_updates_only_the_dependencies_line() -> None:
    out = write_dependencies(SPEC_HEADER + '"""doc"""\n', ["plotly>=6", "pydantic"])
    assert out == SPEC_HEADER.replace('["plotly>=6"]', '["plotly>=6", "pydantic"]') + '"""doc"""\n'


def test_write_keeps_a_multiline_list_multiline() -> None:
    header = "# /// script\n# dependencies = [\n#     'a',\n# ]\n# requires-python = '>=3.11'\n# ///\n"
    out = write_dependencies(header, ["a", "b"])
    assert out == ('# /// script\n# dependencies = [\n#     "a",\n#     "b",\n# ]\n'
                   "# requires-python = '>=3.11'\n# ///\n")


def test_write_adds_the_key_after_requires_python() -> None:
    header = "# /// script\n# requires-python = '>=3.12'\n#\n# [tool.x]\n# dependencies = ['no']\n# ///\n"
    out = write_dependencies(header, ["numpy"])
    assert out == ("# /// script\n# requires-python = '>=3.12'\n# dependencies = [\"numpy\"]\n#\n"
                   "# [tool.x]\n# dependencies = ['no']\n# ///\n")
    assert read_script_metadata(out)["tool"] == {"x": {"dependencies": ["no"]}}


def test_write_creates_the_block_after_shebang_and_coding() -> None:
    header = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\"\"\"Doc.\"\"\"\n"
    out = write_dependencies(header, ["cove-extra>=1"])
    assert out == ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# /// script\n"
                   "# dependencies = [\"cove-extra>=1\"]\n# ///\n\"\"\"Doc.\"\"\"\n")
    assert write_dependencies("", []) == "# /// script\n# dependencies = []\n# ///\n"


def test_write_keeps_crlf_line_endings() -> None:
    out = write_dependencies(SPEC_HEADER.replace("\n", "\r\n"), ["a"])
    assert out == SPEC_HEADER.replace('["plotly>=6"]', '["a"]').replace("\n", "\r\n")
    assert read_script_metadata(out)["dependencies"] == ["a"]


def test_long_lists_go_one_per_line() -> None:
    deps = [f"package-number-{i}>=1.0" for i in range(6)]
    out = write_dependencies(SPEC_HEADER, deps)
    assert "#     \"package-number-5>=1.0\",\n# ]\n" in out
    assert read_script_metadata(out)["dependencies"] == deps


_names = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,12}[A-Za-z0-9]", fullmatch=True)
_reqs = st.builds(lambda n, s: n + s, _names,
                  st.sampled_from(["", ">=1", "==2.0.*", "[x,y]<3", "; sys_platform == 'emscripten'",
                                   " @ https://example.org/p-1.0-py3-none-any.whl"]))
_comments = st.lists(st.from_regex(r"#( [ -~]{0,30})?", fullmatch=True).filter(
    lambda c: not c.startswith("# ///")), max_size=3)


@settings(max_examples=60, deadline=None)
@given(deps=st.lists(_reqs, max_size=8), before=_comments, after=_comments,
       has_block=st.booleans())
def test_write_then_read_round_trips(deps: list[str], before: list[str], after: list[str],
                                     has_block: bool) -> None:
    block = SPEC_HEADER.splitlines() if has_block else []
    header = "\n".join([*before, *block, *after, '"""Doc."""', ""])
    out = write_dependencies(header, deps)
    assert read_script_metadata(out)["dependencies"] == deps
    assert write_dependencies(out, deps) == out  # idempotent
    # Only the block changed: what was around it is still there, in order.
    assert out.endswith("\n".join([*after, '"""Doc."""', ""]))
    assert all(line in out.splitlines() for line in before)
