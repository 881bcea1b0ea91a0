"""The pure rules: workflow transitions, Article 6 refusal, quantity accounting, validity."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from salw.licensing import domain

answers = st.fixed_dictionaries({code: st.sampled_from(domain.ANSWERS) for code in domain.ARTICLE_6_CODES})
levels = st.fixed_dictionaries({code: st.sampled_from(domain.RISK_LEVELS) for code in domain.ARTICLE_7_CODES})


def facts(article_6, article_7=None, overriding=False, diversion="low"):
    return domain.AssessmentFacts(article_6=article_6, article_7=article_7 or dict.fromkeys(domain.ARTICLE_7_CODES,
                                                                                           "low"),
                                  overriding_risk=overriding, overriding_risk_rationale="reasoned",
                                  diversion_risk=diversion)


def test_the_happy_path_through_the_workflow():
    status = domain.DRAFT
    for action, expected in [(domain.SUBMIT, domain.SUBMITTED), (domain.START_ASSESSMENT, domain.UNDER_ASSESSMENT),
                             (domain.APPROVE, domain.APPROVED), (domain.ISSUE_LICENCE, domain.LICENCE_ISSUED),
                             (domain.DELIVER_PART, domain.PARTIALLY_DELIVERED),
                             (domain.DELIVER_PART, domain.PARTIALLY_DELIVERED),
                             (domain.DELIVER_ALL, domain.DELIVERED)]:
        status = domain.next_status(status, action)
        assert status == expected


@given(st.sampled_from(domain.STATUSES), st.sampled_from(domain.ACTIONS))
def test_every_transition_lands_on_a_known_status_or_is_refused_with_a_reason(status, action):
    problem = domain.transition_problem(status, action)
    if problem is None:
        assert domain.next_status(status, action) in domain.STATUSES
        assert status not in domain.FINAL_STATUSES
    else:
        assert "cannot" in problem


@given(st.sampled_from(sorted(domain.FINAL_STATUSES)), st.sampled_from(domain.ACTIONS))
def test_nothing_leaves_a_final_status(status, action):
    assert domain.transition_problem(status, action) is not None


def test_a_licence_is_only_issued_after_approval():
    for status in domain.STATUSES:
        allowed = domain.transition_problem(status, domain.ISSUE_LICENCE) is None
        assert allowed == (status == domain.APPROVED)


@given(answers, levels)
def test_any_article_6_yes_means_approval_is_impossible(article_6, article_7):
    problems = domain.decision_problems(domain.APPROVE, facts(article_6, article_7), reasons="r")
    if domain.YES in article_6.values():
        assert any("must be refused" in problem for problem in problems)
        assert domain.required_outcome(facts(article_6, article_7)) == domain.REFUSE
    else:
        assert not problems
    assert domain.decision_problems(domain.REFUSE, facts(article_6, article_7), reasons="r") == []


def test_each_prohibition_alone_forces_refusal():
    for code in domain.ARTICLE_6_CODES:
        answered = dict.fromkeys(domain.ARTICLE_6_CODES, domain.NO) | {code: domain.YES}
        assert domain.article_6_prohibits(answered) == [code]
        assert domain.decision_problems(domain.APPROVE_WITH_CONDITIONS, facts(answered), reasons="r",
                                        conditions="c")


def test_overriding_risk_forces_refusal_and_unanswered_criteria_block_approval():
    no = dict.fromkeys(domain.ARTICLE_6_CODES, domain.NO)
    assert any("7(3)" in p for p in domain.decision_problems(domain.APPROVE, facts(no, overriding=True), reasons="r"))
    incomplete = domain.decision_problems(domain.APPROVE, facts({"6.1": "no"}, {"7.1a": "low"}, None, ""),
                                          reasons="")
    assert any("6.2, 6.3" in p for p in incomplete)
    assert any("Article 7 risks not yet assessed" in p for p in incomplete)
    assert any("overriding risk" in p for p in incomplete)
    assert any("Article 11" in p for p in incomplete)
    assert any("reasons" in p for p in incomplete)
    assert domain.decision_problems(domain.APPROVE, None, reasons="r") == ["the application has not been assessed"]
    assert domain.decision_problems(domain.APPROVE_WITH_CONDITIONS, facts(no), reasons="r") == [
        "an approval with conditions needs the conditions"]


@given(st.dictionaries(st.sampled_from("ABC"), st.integers(0, 50), min_size=1),
       st.data())
def test_deliveries_never_exceed_the_licence(licensed, data):
    delivered: dict[str, int] = {}
    for _ in range(6):
        shipment = {line: data.draw(st.integers(0, 60)) for line in licensed}
        problems = domain.delivery_problems(licensed, delivered, shipment)
        if not problems:
            for line, quantity in shipment.items():
                delivered[line] = delivered.get(line, 0) + quantity
        else:
            over = any(quantity > licensed[line] - delivered.get(line, 0) for line, quantity in shipment.items())
            assert over or not any(shipment.values())
        assert all(delivered.get(line, 0) <= licensed[line] for line in licensed)
    everything = all(delivered.get(line, 0) == quantity for line, quantity in licensed.items())
    expected = domain.DELIVER_ALL if everything else domain.DELIVER_PART
    assert domain.delivery_action(licensed, delivered) == expected


def test_delivery_problems_name_the_line_and_the_remainder():
    problems = domain.delivery_problems({"1": 10}, {"1": 8}, {"1": 3, "2": 1})
    assert problems == ["item 1: 3 would exceed the licence (10 licensed, 8 already delivered, 2 remaining)",
                        "item 2 is not on the licence"]
    assert domain.delivery_problems({"1": 10}, {}, {"1": 0}) == ["a delivery needs at least one item with a quantity"]


@given(st.dates(), st.integers(-400, 400), st.integers(-10, 800))
def test_validity(start, length, offset):
    end = start + timedelta(days=length) if date.min + timedelta(days=400) < start < date.max - timedelta(days=900) \
        else start
    problem = domain.validity_problem(start, end)
    assert (problem is None) == (end >= start)
    if problem is None and date.min + timedelta(days=20) < start < date.max - timedelta(days=900):
        day = start + timedelta(days=offset)
        assert domain.valid_on(start, end, day) == (start <= day <= end)
        assert domain.has_expired(end, day) == (day > end)
