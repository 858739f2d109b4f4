# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="Markdown and math")


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    mo.md(r"""
    # Euler's identity

    Inline math such as $e^{i\pi} + 1 = 0$ sits in the text, and display math stands alone:

    $$
    \int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}
    $$

    | term | meaning |
    |------|---------|
    | $e$  | Euler's number |
    """)
    return


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=2, label="$n$")
    mo.md(f"Pick {n}: then $x^n$ is shown below.")
    return (n,)


@app.cell
def _(mo, n):
    mo.md(f"$$x^{{{n.value}}}$$")
    return


if __name__ == "__main__":
    app.run()
