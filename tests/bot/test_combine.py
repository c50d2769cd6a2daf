"""The pair an FAQ answer is (answer, then "Heeft dit geholpen?" with buttons) reaches a phone as one message."""
from bot.channels.combine import combine
from bot.messages import Attachment, Button, Outgoing

YES_NO = (Button("Ja", "yes:1"), Button("Nee", "no:1"))


def fits_100(text: str) -> bool:
    return len(text) <= 100


def test_answer_and_feedback_question_become_one_message_with_the_buttons() -> None:
    out = combine([Outgoing("Je loonbrief staat in Mia."), Outgoing("Heeft dit geholpen?", YES_NO)], fits_100)
    assert out == [Outgoing("Je loonbrief staat in Mia.\n\nHeeft dit geholpen?", YES_NO)]


def test_three_plain_texts_and_a_question_become_one() -> None:
    out = combine([Outgoing("a"), Outgoing("b"), Outgoing("c", YES_NO)], fits_100)
    assert [m.text for m in out] == ["a\n\nb\n\nc"] and out[0].buttons == YES_NO


def test_a_message_with_buttons_is_never_joined_to_what_follows() -> None:
    replies = [Outgoing("Kies", YES_NO), Outgoing("daarna")]
    assert combine(replies, fits_100) == replies


def test_too_long_together_stays_two_messages() -> None:
    replies = [Outgoing("x" * 90), Outgoing("Heeft dit geholpen?", YES_NO)]
    assert combine(replies, fits_100) == replies


def test_photos_files_and_tagged_messages_stay_separate() -> None:
    photo = Outgoing("foto", attachment=Attachment("photo", "file-1"))
    tagged = Outgoing("aanbod", tag="offer:3")
    chart = Outgoing("grafiek", image=b"png")
    for replies in ([Outgoing("tekst"), photo], [photo, Outgoing("tekst")], [tagged, Outgoing("x")], [Outgoing("t"), chart]):
        assert combine(replies, fits_100) == replies


def test_nothing_in_nothing_out_and_an_empty_text_is_not_joined() -> None:
    assert combine([], fits_100) == []
    replies = [Outgoing("   "), Outgoing("vraag", YES_NO)]
    assert combine(replies, fits_100) == replies
