import marimo

__generated_with = "0.10.6"
app = marimo.App(width="medium")


@app.cell(hide_code=True)
def _(mo):
    mo.md(
        r"""
        # Sliders

        A markdown cell, hidden, written the way marimo writes it.
        """
    )
    return


@app.cell
def _():
    import marimo as mo
    return (mo,)


@app.cell
def _(mo):
    slider = mo.ui.slider(1, 10, value=3, label="n")
    slider
    return (slider,)


@app.cell(disabled=True, hide_code=True)
def _(np, slider):
    # a comment before the code

    values = np.arange(slider.value)  # trailing comment
    total, count = values.sum(), len(values)


    return count, total, values


@app.cell
def _():
    import numpy as np
    return (np,)


@app.cell
def _(
    a_rather_long_reference_name_x,
    another_rather_long_reference_name,
    count,
):
    result_of_a_computation_with_a_long_name = (
        a_rather_long_reference_name_x + another_rather_long_reference_name + count
    )
    return (result_of_a_computation_with_a_long_name,)


@app.cell
def _():
    a_rather_long_reference_name_x = 1
    another_rather_long_reference_name = 2
    yet_another_rather_long_definition = 3
    return (
        a_rather_long_reference_name_x,
        another_rather_long_reference_name,
        yet_another_rather_long_definition,
    )


@app.cell
def named_cell(total):
    print(total)
    return


if __name__ == "__main__":
    app.run()
