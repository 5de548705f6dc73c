"""Budget figures for staff: costs against fee × confirmed organisations."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from larlabb.programme.models import BudgetLine, LearningProject


@dataclass(frozen=True)
class BudgetSummary:
    lines: list[BudgetLine]
    total_cost: int
    fee: int
    organisations: int
    minimum: int
    revenue: int
    break_even: int | None  # None when there is no fee to cover the costs with

    @property
    def minimum_reached(self) -> bool:
        return self.organisations >= self.minimum

    @property
    def covers_costs(self) -> bool:
        return self.revenue >= self.total_cost

    @property
    def result(self) -> int:
        return self.revenue - self.total_cost

    @property
    def missing_for_minimum(self) -> int:
        return max(self.minimum - self.organisations, 0)

    @property
    def revenue_at_minimum(self) -> int:
        return self.fee * self.minimum


def budget_summary(*, project: LearningProject, confirmed_organisations: int) -> BudgetSummary:
    lines = list(project.budget_lines.all())
    total = sum(line.amount_sek for line in lines)
    fee = project.fee_sek
    return BudgetSummary(
        lines=lines,
        total_cost=total,
        fee=fee,
        organisations=confirmed_organisations,
        minimum=project.min_organisations,
        revenue=fee * confirmed_organisations,
        break_even=math.ceil(total / fee) if fee else None,
    )


@dataclass(frozen=True)
class ChartBar:
    label: str
    amount: int
    x: int
    y: int
    height: int
    css_class: str


CHART_HEIGHT = 200
CHART_BAR_WIDTH = 120
CHART_GAP = 40


def budget_chart(summary: BudgetSummary) -> list[ChartBar]:
    """Bars for costs, today's revenue and the revenue at the minimum, on one scale."""
    values = [
        (_("Kostnader"), summary.total_cost, "bar--cost"),
        (_("Intäkter nu"), summary.revenue, "bar--revenue"),
        (_("Intäkter vid minsta antal"), summary.revenue_at_minimum, "bar--minimum"),
    ]
    top = max([amount for _, amount, _ in values] + [1])
    bars = []
    for index, (label, amount, css_class) in enumerate(values):
        height = round(CHART_HEIGHT * amount / top)
        bars.append(
            ChartBar(
                label=label,
                amount=amount,
                x=CHART_GAP + index * (CHART_BAR_WIDTH + CHART_GAP),
                y=CHART_HEIGHT - height + 10,
                height=height,
                css_class=css_class,
            )
        )
    return bars
