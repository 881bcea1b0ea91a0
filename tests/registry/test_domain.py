"""Pure rules: serial keys and the projection of events into a current state."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from salw.registry import domain


def test_serial_key_folds_scripts_digits_and_separators():
    assert domain.serial_key("КТ 4411") == domain.serial_key("kt-4411") == "KT4411"
    assert domain.serial_key("٦٦ ١٢٣") == "66123"
    assert domain.serial_key("ab.12/3") == "AB123"
    assert domain.serial_key("AB?12*") == "AB?12*"


@given(st.text(max_size=30))
def test_serial_key_is_idempotent(text):
    key = domain.serial_key(text)
    assert domain.serial_key(key) == key


@given(st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=1, max_size=12),
       st.sampled_from([" ", "-", ".", "/", ""]))
def test_separators_never_matter(serial, separator):
    spaced = separator.join(serial)
    assert domain.serial_key(spaced) == domain.serial_key(serial)


def _event(seq, event_type, day=None, holder=None, voided=False):
    return domain.EventFacts(seq=seq, event_type=event_type, occurred_on=day, holder_id=holder,
                             holder_type="state_armed_forces" if holder else "", location=None, voided=voided)


def test_projection_follows_dates_not_recording_order():
    state = domain.project([
        _event(1, "stolen", date(2020, 5, 1)),
        _event(2, "issued", date(2018, 1, 1), holder="unit-a"),
    ])
    assert state.status == "stolen" and state.status_date == date(2020, 5, 1)
    assert state.holder_id == "unit-a"


def test_voided_events_do_not_count():
    state = domain.project([
        _event(1, "issued", date(2018, 1, 1)),
        _event(2, "lost", date(2019, 1, 1), voided=True),
    ])
    assert state.status == "in_service"


@given(st.lists(st.sampled_from([e for e, s in domain.EVENT_STATUS.items() if s]), min_size=1, max_size=8))
def test_status_is_that_of_the_latest_status_event(event_types):
    events = [_event(i + 1, event_type, date(2000 + i, 1, 1)) for i, event_type in enumerate(event_types)]
    assert domain.project(events).status == domain.EVENT_STATUS[event_types[-1]]


def test_destroyed_is_terminal():
    assert domain.transition_problem("destroyed", "issued")
    assert domain.transition_problem("destroyed", "record_corrected") is None
    assert domain.transition_problem("stolen", "found") is None
