# A hand-tuned header comment.
# It is kept verbatim.

import cove

__generated_with = "0.1.0"
app = cove.App(app_title="Async", layout_file=None, auto_download=["html"])


with app.setup(hide_code=True):
    import asyncio

    DELAY = 0.01


@app.cell
async def _():
    await asyncio.sleep(DELAY)
    answer = 42
    return (answer,)


@app.cell
async def _(answer):
    async def twice(v):
        await asyncio.sleep(0)
        return 2 * v

    doubled = await twice(answer)
    return doubled, twice


@app.function
async def fetch(value):
    """Module-level helpers may be async too."""
    await asyncio.sleep(DELAY)
    return value


@app.class_definition
class Box:
    value: int = 0

    # a comment at the end of the class body


@app.cell
def _(doubled):
    Box(doubled)
    return


if __name__ == "__main__":
    app.run()
