"""Messages of the pure rules: English where stored or compared, the reader's language where shown."""

from __future__ import annotations

import pickle

from django.utils import translation

from salw.core.message import Message, gettext_noop
from salw.core.translation import translated
from salw.registry.domain import transition_problem


def test_a_message_is_its_english_text_and_survives_pickling():
    message = Message(gettext_noop("unknown event type %(event_type)r"), {"event_type": "sold"})
    assert message == "unknown event type 'sold'"
    copy = pickle.loads(pickle.dumps(message))
    assert (copy, copy.template, copy.params) == (message, message.template, {"event_type": "sold"})


def test_a_rule_message_is_shown_in_the_readers_language():
    problem = transition_problem("destroyed", "issued")
    assert problem.startswith("the weapon is recorded as destroyed")
    with translation.override("fr"):
        shown = translated(problem)
    assert shown != str(problem) and "destroyed" in shown


def test_messages_inside_messages_are_translated_too_and_plain_text_is_left_alone():
    inner = Message(gettext_noop("the file is empty"))
    outer = Message(gettext_noop("%(where)s: %(message)s"), {"where": "a.csv", "message": inner})
    with translation.override("es"):
        empty = translation.gettext("the file is empty")
        separated = translation.gettext("%(where)s: %(message)s") % {"where": "a.csv", "message": empty}
        assert empty != "the file is empty"
        assert translated(outer) == separated
        assert translated("plain text") == "plain text"


def test_a_code_inside_a_message_can_be_shown_by_its_translated_name():
    from salw.registry.models import STATUS_LABELS

    problem = transition_problem("destroyed", "issued")
    assert "recorded as destroyed;" in problem
    with translation.override("fr"):
        name = str(STATUS_LABELS["destroyed"])
        shown = translated(problem, {"status": STATUS_LABELS})
    assert name != "destroyed" and name in shown and "destroyed" not in shown
