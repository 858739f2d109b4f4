import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(0, 1000, value=10, label="n")
    n
    return (n,)


@app.cell
def _(n):
    formatted = f"n = {n.value:,} (squared: {n.value * n.value:,})"
    formatted
    return (formatted,)


@app.cell
def _(n):
    items = [i * i for i in range(n.value % 12)]
    items
    return (items,)


@app.cell
def _(mo, n):
    mo.md(f"**The slider is at {n.value}**: {'even' if n.value % 2 == 0 else 'odd'}.")
    return


if __name__ == "__main__":
    app.run()
