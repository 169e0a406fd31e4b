from questionnaires import load_bank
from questionnaires.coverage import coverage_problems


def test_a_thin_bank_reports_each_underfed_step_pillar_and_area(bank_dir):
    problems = [str(p) for p in coverage_problems(load_bank(bank_dir))]
    # The fixture links every question to devops-cloud and security only.
    assert (
        "framework.yaml: guiding step 'product-backlog' is fed by 0 question(s); at least 4 are needed"
        in problems
    )
    assert "framework.yaml: pillar 'identity' is fed by 0 question(s); at least 4 are needed" in problems
    assert not any("'devops-cloud'" in p for p in problems)
    assert "areas/culture.yaml: area 'culture' feeds 1 guiding step(s); at least 3 are needed" in problems
