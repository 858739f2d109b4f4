# /// script
# requires-python = ">=3.12"
# dependencies = ["plotly>=6"]
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(width="medium", app_title="Intro")


with app.setup:
    import math


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell(hide_code=True)
def _(mo):
    n = mo.ui.slider(1, 10, value=3, label="n")
    n
    return (n,)


@app.cell
def _(n):
    squares = [i * i for i in range(n.value)]
    squares
    return (squares,)


@app.function
def area(r):
    return math.pi * r * r


app._unparsable_cell(r"""
x = = 1
""", name="_")


if __name__ == "__main__":
    app.run()
