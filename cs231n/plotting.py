"""Training curves shared by the notebooks (provided)."""

import matplotlib.pyplot as plt


def plot_training(solvers, title="", markers=None):
    """Compare training runs on one figure with three panels, one line per run.

    Panels: training loss per iteration, training accuracy per epoch, validation accuracy per
    epoch.

    Parameters
    ----------
    solvers : dict mapping a label to a trained Solver
    title : str, figure title
    markers : dict mapping a label to a matplotlib marker (optional)

    Returns
    -------
    fig : matplotlib Figure
    """
    markers = markers or {}
    fig, (loss_ax, train_ax, val_ax) = plt.subplots(3, 1, figsize=(10, 12))
    for label, solver in solvers.items():
        marker = markers.get(label, "o")
        loss_ax.plot(solver.loss_history, marker, markersize=2, alpha=0.6, label=label)
        train_ax.plot(solver.train_acc_history, f"-{marker}", label=label)
        val_ax.plot(solver.val_acc_history, f"-{marker}", label=label)
    for ax, ylabel, xlabel in [
        (loss_ax, "training loss", "iteration"),
        (train_ax, "training accuracy", "epoch"),
        (val_ax, "validation accuracy", "epoch"),
    ]:
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="best")
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
