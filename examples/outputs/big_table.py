# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="100,000 rows")


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    rows = [{"id": i, "square": i * i, "parity": "even" if i % 2 == 0 else "odd"} for i in range(100_000)]
    table = mo.ui.table(rows, pagination=False, page_size=12, label="Numbers")
    table
    return rows, table


@app.cell
def _(table):
    chosen = [row["id"] for row in table.value]
    f"selected: {chosen}"
    return (chosen,)


@app.cell
def _(mo, rows):
    paged = mo.ui.table(rows, page_size=5, selection=None)
    paged
    return (paged,)


if __name__ == "__main__":
    app.run()
