# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="A first Cove notebook")


with app.setup:
    import math


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    # Compound interest, live

    Drag the sliders: every cell that uses them runs again, and nothing else does.
    The growth factor is $(1 + r)^n$.
    """)
    return


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    rate = mo.ui.slider(1, 15, value=5, label="rate (%)", show_value=True)
    years = mo.ui.slider(1, 40, value=10, label="years", show_value=True)
    mo.hstack([rate, years], justify="start", gap=2)
    return rate, years


@app.cell
def _(growth, mo, years):
    mo.md(f"After **{years.value} years**, 1,000 becomes **{1000 * growth:,.2f}**.")
    return


@app.cell
def _(rate, years):
    growth = (1 + rate.value / 100) ** years.value
    print(f"growth factor {growth:.4f}")
    return (growth,)


@app.cell
def _(rate, years):
    table = [
        {"year": y, "balance": round(1000 * (1 + rate.value / 100) ** y, 2)}
        for y in range(0, years.value + 1, max(1, years.value // 5))
    ]
    table
    return (table,)


@app.function
def doubling_time(rate_percent):
    """Years to double at this rate (importable: `from intro import doubling_time`)."""
    return math.log(2) / math.log(1 + rate_percent / 100)


@app.cell
def _(rate):
    f"At {rate.value}% money doubles in {doubling_time(rate.value):.1f} years."
    return


if __name__ == "__main__":
    app.run()
