import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    def f():
        def g():
            def h():
                return 1
            return h()
        return g()
    f()
    return




if __name__ == "__main__":
    app.run()
