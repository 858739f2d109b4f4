# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="A Vega-Lite chart")


@app.cell
def _():
    class VegaLite:
        """Any object with a Vega-Lite mimebundle (Altair charts have one) renders as a chart."""

        def __init__(self, spec):
            self.spec = spec

        def _repr_mimebundle_(self, include=None, exclude=None):
            return {"application/vnd.vegalite.v5+json": self.spec, "text/plain": "<VegaLite chart>"}

    return (VegaLite,)


@app.cell
def _(VegaLite):
    VegaLite({
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"a": "A", "b": 28}, {"a": "B", "b": 55}, {"a": "C", "b": 43}]},
        "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
    })
    return


if __name__ == "__main__":
    app.run()
