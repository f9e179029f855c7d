"""The public survey's form: the regulation's questionnaire (PermenPANRB 14/2017, its example of a
questionnaire: one question per element, four answers from 1 to 4) and the optional respondent
profile it lists. The msgids are English; the Indonesian catalogue carries the regulation's words."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired

from ..forms import Select, max_len, options
from ..models.survey import COMMENT_MAX
from ..rules.ikm import ELEMENTS, SCALE

# Per element (rules.ikm.ELEMENTS order): the question and its answers for 1, 2, 3 and 4.
QUESTIONS = (
    (_l("How well do the service requirements fit the kind of service?"),
     (_l("Not suitable"), _l("Less suitable"), _l("Suitable"), _l("Very suitable"))),
    (_l("How easy are the service procedures at this unit to understand?"),
     (_l("Not easy"), _l("Less easy"), _l("Easy"), _l("Very easy"))),
    (_l("How fast is the service delivered?"),
     (_l("Not fast"), _l("Less fast"), _l("Fast"), _l("Very fast"))),
    (_l("How fair is the cost or fee of the service?"),
     (_l("Very expensive"), _l("Rather expensive"), _l("Cheap"), _l("Free of charge"))),
    (_l("How well does what you received match the products listed in the service standard?"),
     (_l("Not suitable"), _l("Less suitable"), _l("Suitable"), _l("Very suitable"))),
    (_l("How competent are the staff who served you?"),
     (_l("Not competent"), _l("Less competent"), _l("Competent"), _l("Very competent"))),
    (_l("How polite and friendly are the staff who served you?"),
     (_l("Not polite and friendly"), _l("Less polite and friendly"), _l("Polite and friendly"),
      _l("Very polite and friendly"))),
    (_l("How are complaints from service users handled?"),
     (_l("There is no way to complain"), _l("There is one, but it does not work"), _l("It works, but not fully"),
      _l("Complaints are handled well"))),
    (_l("What is the quality of the facilities and infrastructure?"),
     (_l("Poor"), _l("Fair"), _l("Good"), _l("Very good"))),
)
assert len(QUESTIONS) == len(ELEMENTS)

CHOOSE = _l("Choose one of the four answers.")
NOT_SAID = ("", _l("Rather not say"))
AGE_GROUPS = (NOT_SAID, ("lt20", _l("Under 20")), ("20-29", "20–29"), ("30-39", "30–39"), ("40-49", "40–49"),
              ("50-59", "50–59"), ("60+", _l("60 or older")))
SEXES = (NOT_SAID, ("L", _l("Male")), ("P", _l("Female")))
EDUCATION = (NOT_SAID, ("SD", _l("Primary school (SD) or less")), ("SMP", _l("Junior high school (SMP)")),
             ("SMA", _l("Senior high school (SMA/SMK)")), ("D1-D3", _l("Diploma (D1–D3)")),
             ("S1", _l("Bachelor (D4/S1)")), ("S2", _l("Master (S2)")), ("S3", _l("Doctorate (S3)")))
OCCUPATIONS = (NOT_SAID, ("PNS", _l("Civil servant (PNS)")), ("TNI", "TNI"), ("POLRI", "POLRI"),
               ("SWASTA", _l("Private sector employee")), ("WIRAUSAHA", _l("Self-employed")),
               ("PELAJAR", _l("Pupil or student")), ("LAINNYA", _l("Other")))


def _answer(n: int) -> RadioField:
    question, answers = QUESTIONS[n]
    return RadioField(question, choices=options(zip(SCALE, answers, strict=True)), coerce=int,
                      validators=[InputRequired(message=CHOOSE)], invalid_choice_message=CHOOSE,
                      invalid_value_message=CHOOSE)


class SurveyForm(FlaskForm):
    u1 = _answer(0)
    u2 = _answer(1)
    u3 = _answer(2)
    u4 = _answer(3)
    u5 = _answer(4)
    u6 = _answer(5)
    u7 = _answer(6)
    u8 = _answer(7)
    u9 = _answer(8)
    age_group = Select(_l("Age"), choices=options(AGE_GROUPS), default="")
    sex = Select(_l("Sex"), choices=options(SEXES), default="")
    education = Select(_l("Education"), choices=options(EDUCATION), default="")
    occupation = Select(_l("Occupation"), choices=options(OCCUPATIONS), default="")
    comment = TextAreaField(_l("Suggestions or comments (optional)"), validators=[max_len(COMMENT_MAX)])

    def answer_fields(self) -> list[RadioField]:
        return [self[f"u{n}"] for n in range(1, len(ELEMENTS) + 1)]

    def answers(self) -> tuple[int, ...]:
        return tuple(f.data for f in self.answer_fields())

    def profile(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in ("age_group", "sex", "education", "occupation")}
