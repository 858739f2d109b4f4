# /// script
# requires-python = ">=3.11"
# dependencies = ["plotly>=6"]
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(app_title="A Plotly figure")


@app.cell
def _():
    import plotly.graph_objects as go
    return (go,)


@app.cell
def _(go):
    fig = go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[10, 11, 12, 13], mode="lines+markers"))
    fig.update_layout(title="Plotly in Cove", height=320)
    fig
    return (fig,)


if __name__ == "__main__":
    app.run()
