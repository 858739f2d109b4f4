"""Text stored as pieces of another (cove/_export/pieces.py): what is rebuilt is the text, and a
piece is stored only where it saves room."""
from __future__ import annotations

from cove._export import pieces


def stored(ref: str, *texts: str) -> list:
    index = pieces.kgrams(ref)
    return [ref, *(pieces.encode(0, ref, index, t) for t in texts)]


def test_texts_are_rebuilt_exactly() -> None:
    ref = "<table>" + "".join(f"<tr><td>{i}</td><td>{i * 1.5}</td></tr>" for i in range(30)) + "</table> é ✓"
    texts = [
        ref.replace("<td>7</td>", "<td>70</td>"),  # a number in the middle
        "prefix " + ref,  # text before
        ref[: len(ref) // 2],  # cut short
        ref[len(ref) // 3 :] + ref[: len(ref) // 3],  # parts swapped
        "short",  # nothing to share
        "",
        ref,  # the same text
    ]
    s = stored(ref, *texts)
    assert [pieces.rebuild(s, i) for i in range(1, len(s))] == texts


def test_a_piece_only_where_it_saves_room() -> None:
    ref = "x" * 10 + "0123456789abcdefghij" * 20
    s = stored(ref, ref.replace("abc", "ABC", 1), "0123456789")
    changed, short = s[1], s[2]
    assert isinstance(changed, list) and sum(len(p) for p in changed if isinstance(p, str)) < 40
    assert all(isinstance(p, str) or p[2] >= pieces.MIN_COPY for p in changed)
    assert short == "0123456789", "too short to share a piece: stored whole"
