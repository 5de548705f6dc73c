"""Budget figures for staff: a project's costs against its fee × confirmed organisations.

Pure functions: the number of confirmed organisations belongs to registration, a floor above
programme, so callers count them and pass the number in.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

CHART_TOP: Final = 36  # room above the tallest bar for the break-even label
CHART_BASELINE: Final = 236
CHART_BAR_WIDTH: Final = 120
CHART_GAP: Final = 48
CHART_LEFT: Final = 24


@dataclass(frozen=True)
class BudgetFigures:
    total_cost: int
    fee: int
    organisations: int
    minimum: int

    @property
    def revenue(self) -> int:
        return self.fee * self.organisations

    @property
    def revenue_at_minimum(self) -> int:
        return self.fee * self.minimum

    @property
    def break_even(self) -> int | None:
        """Organisations needed for the fees to cover the costs; None when no fee ever can."""
        if self.total_cost == 0:
            return 0
        if self.fee == 0:
            return None
        # Integer ceiling: a float division could round 100 000 001 / 1 000 000 down.
        return -(-self.total_cost // self.fee)

    @property
    def break_even_reached(self) -> bool:
        return self.revenue >= self.total_cost

    @property
    def minimum_reached(self) -> bool:
        return self.organisations >= self.minimum

    @property
    def missing_for_minimum(self) -> int:
        return max(self.minimum - self.organisations, 0)

    @property
    def result(self) -> int:
        return self.revenue - self.total_cost


def budget_figures(
    *, costs: Iterable[int], fee: int, minimum: int, organisations: int
) -> BudgetFigures:
    """Sum the cost lines and set them against the fee paid by each confirmed organisation."""
    if fee < 0 or minimum < 0 or organisations < 0:
        raise ValueError("Fee, minimum and organisations cannot be negative.")
    return BudgetFigures(
        total_cost=sum(costs), fee=fee, organisations=organisations, minimum=minimum
    )


@dataclass(frozen=True)
class ChartBar:
    label: str
    amount: int
    x: int
    y: int
    height: int
    css_class: str

    @property
    def centre(self) -> int:
        return self.x + CHART_BAR_WIDTH // 2


@dataclass(frozen=True)
class ChartMarker:
    """The line where the fees cover the costs, labelled with the organisations it takes."""

    y: int
    organisations: int
    amount: int


@dataclass(frozen=True)
class BudgetChart:
    bars: list[ChartBar]
    marker: ChartMarker | None
    width: int
    baseline: int
    bar_width: int


def budget_chart(figures: BudgetFigures) -> BudgetChart:
    """Bars for the costs, today's revenue and the revenue at the minimum, on one scale.

    The break-even marker sits at the revenue of the first whole organisation count whose fees
    cover the costs, so it never sits below the cost bar.
    """
    values = [
        (_("Kostnader"), figures.total_cost, "bar bar--cost"),
        (_("Intäkter nu"), figures.revenue, "bar bar--revenue"),
        (_("Intäkter vid minsta antalet"), figures.revenue_at_minimum, "bar bar--minimum"),
    ]
    break_even = figures.break_even
    break_even_amount = (break_even or 0) * figures.fee
    top = max([amount for _label, amount, _class in values] + [break_even_amount, 1])
    plot_height = CHART_BASELINE - CHART_TOP

    def y_of(amount: int) -> int:
        return CHART_BASELINE - round(plot_height * amount / top)

    bars = [
        ChartBar(
            label=label,
            amount=amount,
            x=CHART_LEFT + index * (CHART_BAR_WIDTH + CHART_GAP),
            y=y_of(amount),
            height=CHART_BASELINE - y_of(amount),
            css_class=css_class,
        )
        for index, (label, amount, css_class) in enumerate(values)
    ]
    marker = (
        ChartMarker(y=y_of(break_even_amount), organisations=break_even, amount=break_even_amount)
        if break_even
        else None
    )
    return BudgetChart(
        bars=bars,
        marker=marker,
        width=2 * CHART_LEFT + len(bars) * CHART_BAR_WIDTH + (len(bars) - 1) * CHART_GAP,
        baseline=CHART_BASELINE,
        bar_width=CHART_BAR_WIDTH,
    )
