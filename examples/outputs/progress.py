# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="Progress")


@app.cell
def _():
    import time
    import cove as mo
    return mo, time


@app.cell
def _(mo):
    go = mo.ui.run_button(label="Run the slow loop")
    go
    return (go,)


@app.cell
def _(go, mo, time):
    total = 0
    if go.value:
        for step in mo.status.progress_bar(range(20), title="Working"):
            time.sleep(0.15)
            total += step
    f"total = {total}"
    return (total,)


if __name__ == "__main__":
    app.run()
