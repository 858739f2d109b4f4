"""A notebook with every kind of output, each shown at top level and nested in `cove.hstack` /
`cove.vstack`, plus errors (a name defined twice: the prerender shows it; an exception is left for the page to
run) and a console with both streams: the input of
test_outputs_parity.py."""
from __future__ import annotations

# Each kind: an expression whose value displays as that kind (`Out` sends one mimetype alone).
KINDS: dict[str, str] = {
    "html": 'Out("text/html", "<b>inert</b> <i>html</i> &amp; text")',
    "html-active": 'Out("text/html", "<div>ran?</div><script>document.body.dataset.ran = 1</script>")',
    "svg": 'Out("image/svg+xml", \'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\')',
    "png": 'Out("image/png", PIXEL)',
    "jpeg": 'Out("image/jpeg", PIXEL)',
    "gif": 'Out("image/gif", PIXEL)',
    "json": 'Out("application/json", json.dumps({"a": [1, 2.5, None, True], "s": "<&\'>", "d": {"e": {}}}))',
    "markdown": 'Out("text/markdown", "# Title\\n*only* Markdown")',
    "latex": 'Out("text/latex", "$x^2 + y$")',
    "plain": 'Out("text/plain", "plain <text> & \'quotes\'")',
    "vega": 'Out("application/vnd.vegalite.v5+json", json.dumps({"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"y": {"field": "a", "type": "quantitative"}}}))',
    "table": '[{"a": 1, "b": "x"}, {"a": 2, "b": "<y>"}]',
}

HEADER = '''import cove

app = cove.App()


@app.cell
def _():
    import base64
    import json
    import sys

    import cove

    class Out:
        """A value displayed as one mimetype and nothing else."""

        def __init__(self, mime, data):
            self.mime, self.data = mime, data

        def _repr_mimebundle_(self, include=None, exclude=None):
            return {self.mime: self.data}

    PIXEL = base64.b64encode(b"not really an image").decode()
    return Out, PIXEL, cove, json, sys
'''

CELL = '''

@app.cell
def _(Out, PIXEL, cove, json):
    {body}
    return
'''


def notebook() -> tuple[str, dict[str, tuple[int, int]]]:
    """The notebook's text, and for each kind the indices of its top-level and nested cells."""
    text = HEADER
    where: dict[str, tuple[int, int]] = {}
    index = 1
    for kind, expr in KINDS.items():
        text += CELL.format(body=expr)
        text += CELL.format(body=f"cove.hstack([{expr}, cove.vstack([{expr}])])")
        where[kind] = (index, index + 1)
        index += 2
    text += '''

@app.cell
def _(sys):
    print("to stdout <b> & 'q'")
    print("to stderr", file=sys.stderr)
    print("stdout again")
    return


@app.cell
def _():
    twice = 1
    return (twice,)


@app.cell
def _():
    twice = 2
    return (twice,)
'''
    return text, where
