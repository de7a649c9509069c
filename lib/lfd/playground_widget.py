"""The live Playground: ipywidgets controls around :class:`lfd.playground.Playground`.

Controls of the TensorFlow Playground, buttons *step*, *play* and *reset*, the
picture of :func:`lfd.plot.training.playground_figure` and the exact counts of
flat pieces. Needs a kernel; the website shows recorded runs (chapter 04).
"""

import html
import io

from matplotlib.figure import Figure

from lfd._validate import check_choice, check_int
from lfd.playground import FEATURE_LABELS, FEATURES, Playground
from lfd.plot.training import playground_figure

__all__ = ["playground_widget", "parse_hidden"]

DATASETS = ("circle", "xor", "gauss", "spiral")
RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def parse_hidden(text):
    """Hidden widths from text such as ``"4, 2"`` (empty: no hidden layer).

    >>> parse_hidden("8, 8 ,2"), parse_hidden("")
    ((8, 8, 2), ())
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string of layer widths, got {type(text).__name__}")
    parts = [p for p in text.replace(" ", "").split(",") if p]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"text (the hidden layer widths) must be numbers separated by commas, "
                         f"got {text!r}") from None
    if any(w < 1 or w > 64 for w in widths) or len(widths) > 6:
        raise ValueError(f"text (the hidden layer widths): use at most 6 hidden layers of 1 to 64 "
                         f"neurons, got {text!r}")
    return widths


def _png(pg, upto):
    fig = Figure(figsize=(9.0, 4.0), dpi=80)
    playground_figure(fig, pg, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                      labels=[FEATURE_LABELS[f] for f in pg.features], upto=upto, show_test=True)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def playground_widget(dataset="circle", features=("x1", "x2"), hidden: list[int] = (4, 2),
                      activation="tanh", lr=0.03, epochs_per_click: int = 20, seed: int = 0):
    """The live Playground (needs a Jupyter kernel); §VII.4.

    ``dataset``, ``features``, ``hidden``, ``activation``, ``lr``, ``seed``
    start the controls (see :class:`lfd.playground.Playground`); *play*
    trains ``epochs_per_click`` epochs. Returns an ipywidgets.VBox with
    attributes ``playground`` (the current one), ``buttons``, ``controls``
    and ``features`` (dicts), for scripted use and tests.
    """
    import ipywidgets as W

    check_choice(dataset, "dataset", DATASETS)
    epochs_per_click = check_int(epochs_per_click, "epochs_per_click", min=1)
    first = Playground(dataset, features=features, hidden=hidden, activation=activation, lr=lr,
                       seed=seed)  # validates the starting values, under the caller's names

    style, narrow = {"description_width": "initial"}, W.Layout(width="230px")

    def menu(label, options, value):
        return W.Dropdown(options=options, value=value, description=label, style=style, layout=narrow)

    def bar(kind, label, value, lo, hi, step):
        return kind(value=value, min=lo, max=hi, step=step, description=label, style=style, layout=narrow)

    c = {"dataset": menu("data", DATASETS, dataset),
         "noise": bar(W.FloatSlider, "noise", 0.0, 0.0, 0.5, 0.05),
         "train": bar(W.IntSlider, "train %", 50, 10, 90, 10),
         "batch_size": bar(W.IntSlider, "batch", 10, 1, 30, 1),
         "activation": menu("activation", ["relu", "tanh", "sigmoid", "leaky_relu"], first.activation),
         "hidden": W.Text(value=", ".join(map(str, first.hidden)), description="hidden layers",
                          style=style, layout=narrow),
         "lr": menu("step size", sorted({*RATES, first.lr}), first.lr),
         "regularization": menu("regularization", [("none", None), ("L1", "l1"), ("L2", "l2")], None),
         "reg_rate": menu("rate", [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], 0.0)}
    boxes = {name: W.Checkbox(value=name in first.features, description=name, indent=False,
                              layout=W.Layout(width="75px")) for name in FEATURES}
    buttons = {name: W.Button(description=f"play {epochs_per_click}" if name == "play" else name,
                              layout=W.Layout(width="90px")) for name in ("step", "play", "reset")}
    image, status, root, state = W.Image(format="png"), W.HTML(), W.VBox(), {}

    def build(_change=None):
        try:
            pg = Playground(c["dataset"].value, noise=c["noise"].value,
                            test_fraction=1 - c["train"].value / 100,
                            features=[name for name, box in boxes.items() if box.value] or ["x1"],
                            hidden=parse_hidden(c["hidden"].value), activation=c["activation"].value,
                            lr=c["lr"].value, batch_size=c["batch_size"].value,
                            regularization=c["regularization"].value, reg_rate=c["reg_rate"].value,
                            seed=first.seed)
        except (ValueError, TypeError) as error:  # keep the last good Playground; say why
            status.value = f'<span style="color:#b00">{html.escape(str(error))}</span>'
            return
        state["pg"] = root.playground = pg
        show(reset=True)

    def show(reset=False):
        pg = state["pg"]
        state["upto"] = epochs_per_click if reset else max(state["upto"], pg.epoch)
        image.value = _png(pg, state["upto"])
        status.value = html.escape(f"{pg.summary()} | {pg.pieces().text()}")

    def press(action, reset=False):
        def on_click(_):
            action(state["pg"])
            show(reset)
        return on_click

    buttons["step"].on_click(press(lambda pg: pg.step()))
    buttons["play"].on_click(press(lambda pg: pg.run(epochs_per_click)))
    buttons["reset"].on_click(press(lambda pg: pg.reset(), reset=True))
    for w in [*c.values(), *boxes.values()]:
        w.observe(build, names="value")

    left = W.VBox([*c.values(), W.HTML("features"), W.GridBox(list(boxes.values()),
                  layout=W.Layout(grid_template_columns="repeat(3, 80px)"))])
    right = W.VBox([W.HBox(list(buttons.values())), image, status])
    root.children = [W.HBox([left, right])]
    root.buttons, root.controls, root.features = buttons, c, boxes
    build()
    return root
