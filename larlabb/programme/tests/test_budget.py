import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from larlabb.network.models import Organisation
from larlabb.programme.budget import CHART_BASELINE, budget_chart, budget_figures
from larlabb.programme.models import BudgetLine, LearningProject
from larlabb.registration.models import OrganisationRegistration

SEED = "hallbara-livsmiljoer-2024"


def test_break_even_rounds_up_to_a_whole_organisation():
    figures = budget_figures(costs=[100_000, 1], fee=10_000, minimum=15, organisations=11)
    assert figures.total_cost == 100_001
    assert figures.break_even == 11


def test_break_even_is_exact_when_the_fee_divides_the_costs():
    figures = budget_figures(
        costs=[180_000, 75_000, 60_000, 30_000], fee=23_000, minimum=15, organisations=0
    )
    assert figures.break_even == 15


@given(
    cost=st.integers(min_value=1, max_value=10**12),
    fee=st.integers(min_value=1, max_value=10**9),
)
def test_break_even_is_the_fewest_organisations_whose_fees_cover_the_costs(cost, fee):
    break_even = budget_figures(costs=[cost], fee=fee, minimum=1, organisations=0).break_even
    assert break_even is not None
    assert break_even * fee >= cost
    assert (break_even - 1) * fee < cost


def test_minimum_reached_and_missing_organisations():
    short = budget_figures(costs=[1], fee=23_000, minimum=15, organisations=12)
    assert not short.minimum_reached
    assert short.missing_for_minimum == 3
    exact = budget_figures(costs=[1], fee=23_000, minimum=15, organisations=15)
    assert exact.minimum_reached
    assert exact.missing_for_minimum == 0
    above = budget_figures(costs=[1], fee=23_000, minimum=15, organisations=18)
    assert above.minimum_reached
    assert above.missing_for_minimum == 0


def test_revenue_is_fee_times_confirmed_organisations():
    figures = budget_figures(costs=[345_000], fee=23_000, minimum=15, organisations=12)
    assert figures.revenue == 276_000
    assert figures.revenue_at_minimum == 345_000
    assert figures.result == -69_000
    assert not figures.break_even_reached


def test_without_a_fee_costs_can_never_be_covered():
    figures = budget_figures(costs=[50_000], fee=0, minimum=5, organisations=8)
    assert figures.break_even is None
    assert figures.revenue == 0
    assert not figures.break_even_reached
    assert figures.minimum_reached


def test_without_costs_the_budget_breaks_even_at_once_even_without_a_fee():
    figures = budget_figures(costs=[], fee=0, minimum=5, organisations=0)
    assert figures.break_even == 0
    assert figures.break_even_reached


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError):
        budget_figures(costs=[1], fee=-1, minimum=1, organisations=0)


def test_chart_bars_share_one_scale_and_the_marker_sits_at_break_even():
    figures = budget_figures(costs=[345_000], fee=23_000, minimum=15, organisations=12)
    chart = budget_chart(figures)
    cost, revenue, at_minimum = chart.bars
    assert cost.height == at_minimum.height  # both 345 000 kr
    assert revenue.height == round(cost.height * 12 / 15)
    assert all(bar.y + bar.height == CHART_BASELINE for bar in chart.bars)
    assert chart.marker is not None
    assert chart.marker.organisations == 15
    assert chart.marker.y == cost.y


def test_chart_has_no_break_even_marker_without_a_fee():
    chart = budget_chart(budget_figures(costs=[10_000], fee=0, minimum=1, organisations=0))
    assert chart.marker is None
    assert [bar.height for bar in chart.bars[1:]] == [0, 0]


def test_chart_of_an_empty_budget_draws_flat_bars():
    chart = budget_chart(budget_figures(costs=[], fee=0, minimum=1, organisations=0))
    assert [bar.height for bar in chart.bars] == [0, 0, 0]
    assert chart.marker is None


def _confirm(project: LearningProject, count: int) -> None:
    network = project.network
    for n in range(count):
        organisation = Organisation.objects.create(
            network=network, name=f"Testregion {n}", kind="region", relationship="member"
        )
        OrganisationRegistration.objects.create(
            project=project,
            organisation=organisation,
            status=OrganisationRegistration.Status.CONFIRMED,
            fee_sek=project.fee_sek,
        )
    # Registrations not yet confirmed do not count.
    OrganisationRegistration.objects.create(
        project=project,
        organisation=Organisation.objects.create(
            network=network, name="Väntande region", kind="region", relationship="member"
        ),
        status=OrganisationRegistration.Status.AWAITING_APPROVAL,
        fee_sek=project.fee_sek,
    )


@pytest.mark.django_db
def test_budget_page_shows_viability_as_figures_a_chart_and_a_table(staff_client):
    project = LearningProject.objects.get(slug=SEED)
    OrganisationRegistration.objects.filter(project=project).delete()
    _confirm(project, 12)
    html = staff_client.get(reverse("staff:project_budget", args=[SEED])).content.decode()
    assert "12 av minst 15 organisationer" in html
    assert "Intäkter 276\u00a0000\u00a0kr av 345\u00a0000\u00a0kr" in html
    assert "3 organisationer saknas för att nå minsta antalet." in html
    assert "Budgeten går ihop vid 15 organisationer." in html
    assert '<svg role="img" aria-labelledby="budget-chart-title budget-chart-desc"' in html
    assert '<th scope="row">Bekräftade organisationer</th><td class="number">12</td>' in html


@pytest.mark.django_db
def test_budget_lines_are_replaced_from_the_form(staff_client):
    url = reverse("staff:project_budget", args=[SEED])
    data = {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "2",
        "lines-0-label": "Processledning",
        "lines-0-amount_sek": "200000",
        "lines-1-label": "Lokaler",
        "lines-1-amount_sek": "60000",
        "lines-1-DELETE": "on",
        "lines-2-label": "Dokumentation",
        "lines-2-amount_sek": "30000",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    lines = BudgetLine.objects.filter(project__slug=SEED)
    assert [(line.label, line.amount_sek, line.position) for line in lines] == [
        ("Processledning", 200_000, 0),
        ("Dokumentation", 30_000, 1),
    ]
    html = staff_client.get(url).content.decode()
    assert "Budgeten går ihop vid 10 organisationer." in html  # 230 000 / 23 000


@pytest.mark.django_db
def test_a_negative_amount_is_refused_beside_the_field_and_keeps_what_was_typed(staff_client):
    before = list(BudgetLine.objects.filter(project__slug=SEED).values_list("amount_sek"))
    response = staff_client.post(
        reverse("staff:project_budget", args=[SEED]),
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-label": "Resor för processledare",
            "lines-0-amount_sek": "-500",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beloppet kan inte vara negativt." in html
    assert 'value="Resor för processledare"' in html
    assert 'aria-describedby="id_lines-0-amount_sek_error"' in html
    assert list(BudgetLine.objects.filter(project__slug=SEED).values_list("amount_sek")) == before


@pytest.mark.django_db
def test_budget_page_of_a_project_without_fee_says_so(staff_client):
    html = staff_client.get(
        reverse("staff:project_budget", args=["larlabb-hallbar-utveckling"])
    ).content.decode()
    assert "0 av minst" in html
    assert "<svg" in html
