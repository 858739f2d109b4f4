# /// script
# requires-python = ">=3.11"
# dependencies = ["anywidget", "wigglystuff"]
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="anywidget")


@app.cell
def _():
    import anywidget
    import traitlets
    import cove as mo

    class Counter(anywidget.AnyWidget):
        _esm = """
        function render({ model, el }) {
          const button = document.createElement("button");
          button.className = "counter";
          const show = () => { button.textContent = `count is ${model.get("count")}`; };
          button.addEventListener("click", () => {
            model.set("count", model.get("count") + 1);
            model.save_changes();
          });
          model.on("change:count", show);
          show();
          el.append(button);
        }
        export default { render };
        """
        count = traitlets.Int(0).tag(sync=True)

    return Counter, mo


@app.cell
def _(Counter, mo):
    counter = mo.ui.anywidget(Counter())
    counter
    return (counter,)


@app.cell
def _(counter):
    f"Python sees count = {counter.value['count']}"
    return


@app.cell
def _(mo):
    from wigglystuff import TangleChoice

    size = mo.ui.anywidget(TangleChoice(choices=["small", "medium", "large"]))
    mo.md(f"A {size} cup")
    return (size,)


@app.cell
def _(size):
    f"size = {size.value['choice']}"
    return


@app.cell
def _(mo):
    reset = mo.ui.run_button(label="Reset the counter from Python")
    reset
    return (reset,)


@app.cell
def _(counter, reset):
    if reset.value:
        counter.widget.count = 0  # a trait set by Python shows up in the page's widget
    return


@app.cell
def _(mo):
    import anywidget as _aw
    import traitlets as _t

    class Hello(_aw.AnyWidget):
        # The module as a data: URL rather than code.
        _esm = "data:text/javascript,export default { render({ model, el }) { el.className = 'hello'; el.textContent = 'hello ' + model.get('name'); } }"
        name = _t.Unicode("data URL").tag(sync=True)

    mo.ui.anywidget(Hello())
    return


if __name__ == "__main__":
    app.run()
