"""The live Playground: ipywidgets controls around :class:`lfd.playground.Playground`.

Controls of the TensorFlow Playground, buttons *step*, *play* and *reset*, the
picture of :func:`lfd.plot.training.playground_figure` and the exact counts of
flat pieces. Needs a kernel; the website shows recorded runs (chapter 04).
"""

from __future__ import annotations

import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lfd._validate import check_int
from lfd.playground import FEATURE_LABELS, FEATURES, Playground
from lfd.plot.training import playground_figure

__all__ = ["playground_widget", "parse_hidden"]


def parse_hidden(text):
    """Hidden widths from text such as ``"4, 2"`` (empty: no hidden layer).

    Examples
    --------
    >>> parse_hidden("8, 8 ,2"), parse_hidden("")
    ((8, 8, 2), ())
    """
    parts = [p for p in text.replace(" ", "").split(",") if p]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden layers must be numbers separated by commas, got {text!r}") from None
    if any(w < 1 or w > 64 for w in widths) or len(widths) > 6:
        raise ValueError(f"use at most 6 hidden layers of 1 to 64 neurons, got {text!r}")
    return widths


def _png(pg, upto):
    fig = Figure(figsize=(9.0, 4.0), dpi=80)
    FigureCanvasAgg(fig)
    playground_figure(fig, pg, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                      labels=[FEATURE_LABELS[f] for f in pg.features], upto=upto, show_test=True)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def playground_widget(dataset="circle", features=("x1", "x2"), hidden=(4, 2), activation="tanh",
                      lr=0.03, epochs_per_click: int = 20, seed: int = 0):
    """The live Playground (needs a Jupyter kernel).

    ``dataset``, ``features``, ``hidden``, ``activation``, ``lr``, ``seed``
    start the controls (see :class:`lfd.playground.Playground`); *play*
    trains ``epochs_per_click`` epochs. Returns an ipywidgets.VBox with
    attributes ``playground`` (the current one), ``buttons``, ``controls``
    and ``features`` (dicts), for scripted use and tests.
    """
    import ipywidgets as W

    epochs_per_click = check_int(epochs_per_click, "epochs_per_click", min=1)

    style = {"description_width": "initial"}
    narrow = W.Layout(width="230px")
    c = {
        "dataset": W.Dropdown(options=["circle", "xor", "gauss", "spiral"], value=dataset,
                              description="data", style=style, layout=narrow),
        "noise": W.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, description="noise",
                               style=style, layout=narrow),
        "train": W.IntSlider(value=50, min=10, max=90, step=10, description="train %",
                             style=style, layout=narrow),
        "batch_size": W.IntSlider(value=10, min=1, max=30, description="batch", style=style,
                                  layout=narrow),
        "activation": W.Dropdown(options=["relu", "tanh", "sigmoid", "leaky_relu"], value=activation,
                                 description="activation", style=style, layout=narrow),
        "hidden": W.Text(value=", ".join(str(h) for h in hidden), description="hidden layers",
                         style=style, layout=narrow),
        "lr": W.Dropdown(options=[0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
                         value=lr, description="step size", style=style, layout=narrow),
        "regularization": W.Dropdown(options=[("none", None), ("L1", "l1"), ("L2", "l2")], value=None,
                                     description="regularization", style=style, layout=narrow),
        "reg_rate": W.Dropdown(options=[0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], value=0.0,
                               description="rate", style=style, layout=narrow),
    }
    boxes = {name: W.Checkbox(value=name in features, description=name, indent=False,
                              layout=W.Layout(width="75px")) for name in FEATURES}
    buttons = {name: W.Button(description=name, layout=W.Layout(width="90px"))
               for name in ("step", "play", "reset")}
    buttons["play"].description = f"play {epochs_per_click}"
    image = W.Image(format="png")
    status = W.HTML()
    root = W.VBox()
    state = {}

    def build(_change=None):
        chosen = [name for name, box in boxes.items() if box.value]
        try:
            pg = Playground(c["dataset"].value, noise=c["noise"].value,
                            test_fraction=1 - c["train"].value / 100, features=chosen or ["x1"],
                            hidden=parse_hidden(c["hidden"].value), activation=c["activation"].value,
                            lr=c["lr"].value, batch_size=c["batch_size"].value,
                            regularization=c["regularization"].value, reg_rate=c["reg_rate"].value,
                            seed=seed)
        except (ValueError, TypeError) as error:
            status.value = f'<span style="color:#b00">{html.escape(str(error))}</span>'
            return
        state["pg"] = root.playground = pg
        state["upto"] = epochs_per_click
        show()

    def show():
        pg = state["pg"]
        state["upto"] = max(state["upto"], pg.epoch)
        image.value = _png(pg, state["upto"])
        status.value = html.escape(f"{pg.summary()} | {pg.pieces().text()}")

    def on_step(_):
        if "pg" in state:
            state["pg"].step()
            show()

    def on_play(_):
        if "pg" in state:
            state["pg"].run(epochs_per_click)
            show()

    def on_reset(_):
        if "pg" in state:
            state["pg"].reset()
            state["upto"] = epochs_per_click
            show()

    buttons["step"].on_click(on_step)
    buttons["play"].on_click(on_play)
    buttons["reset"].on_click(on_reset)
    for w in [*c.values(), *boxes.values()]:
        w.observe(build, names="value")

    left = W.VBox([*c.values(), W.HTML("features"), W.GridBox(list(boxes.values()),
                  layout=W.Layout(grid_template_columns="repeat(3, 80px)"))])
    right = W.VBox([W.HBox(list(buttons.values())), image, status])
    root.children = [W.HBox([left, right])]
    root.buttons, root.controls, root.features = buttons, c, boxes
    build()
    return root
