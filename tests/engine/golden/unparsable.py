"""A notebook with cells that do not parse: their code is kept as strings."""

import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    x = 1
    return (x,)


app._unparsable_cell(r"""
x = = 1
""", name="_")


app._unparsable_cell(r"""
def broken(:
    empty = "\"  # marimo writes two double quotes this way
    path = "C:\temp\new"
""", name="broken_cell", hide_code=True)


app._unparsable_cell("""
quote = \"\\\"\" + = 1
s = \"\"\"triple-quoted text\"\"\"
ends with a backslash \\
""", name="_")


app._unparsable_cell(r"""
  indented = "code that starts indented"
""", name="_")


if __name__ == "__main__":
    app.run()
