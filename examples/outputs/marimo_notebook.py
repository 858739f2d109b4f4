import marimo

__generated_with = "0.13.0"
app = marimo.App(width="medium")


@app.cell
def _():
    import marimo as mo
    return (mo,)


@app.cell
def _(mo):
    mo.md(
        r"""
        # A marimo notebook, unchanged

        It uses `mo.md`, `mo.ui.slider`, `mo.hstack`, `mo.callout` and `mo.ui.table`;
        math works too: $a^2 + b^2 = c^2$.
        """
    )
    return


@app.cell
def _(mo):
    a = mo.ui.slider(1, 20, value=3, label="a")
    b = mo.ui.slider(1, 20, value=4, label="b")
    mo.hstack([a, b], justify="start")
    return a, b


@app.cell
def _(a, b, mo):
    c = (a.value**2 + b.value**2) ** 0.5
    mo.callout(mo.md(f"The hypotenuse is **{c:.2f}**"), kind="success")
    return (c,)


@app.cell
def _(mo):
    triangles = mo.ui.table(
        [{"a": x, "b": y, "c": round((x * x + y * y) ** 0.5, 3)} for x in range(1, 30) for y in range(1, 30)],
        page_size=8,
        label="Right triangles",
    )
    triangles
    return (triangles,)


@app.cell
def _(mo, triangles):
    mo.md(f"{len(triangles.value)} selected")
    return


if __name__ == "__main__":
    app.run()
