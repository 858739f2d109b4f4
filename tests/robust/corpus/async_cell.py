import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
async def _():
    import asyncio
    await asyncio.sleep(0)
    x = 1
    return (x,)


if __name__ == "__main__":
    app.run()
