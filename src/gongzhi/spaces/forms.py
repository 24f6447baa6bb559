"""Forms of the space platform's pages. They parse input and offer only choices in the user's scope; the rules
(opening hours, closures, capacity, clashes, permissions) are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import BoundedIntegerField, DateField, ModelChoiceField
from gongzhi.spaces.models import ATTENDANCE, CAPACITY, VenueKind

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAY_LABELS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))


class VenueForm(forms.Form):
    community = ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))
    name = forms.CharField(label=_("场地名称"), max_length=limits.NAME)
    kind = forms.ChoiceField(label=_("场地类别"), choices=VenueKind.choices)
    capacity = BoundedIntegerField(label=_("容纳人数"), min_value=int(CAPACITY.low), max_value=int(CAPACITY.high))
    location = forms.CharField(label=_("位置"), max_length=limits.TITLE, required=False,
                               help_text=_("公开显示，如：党群服务中心二楼"))
    description = forms.CharField(label=_("说明"), max_length=limits.SHORT_TEXT, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk


def hours_text(rows) -> str:
    """Opening hours as staff type them, one weekday a line: "周一 08:30-12:00 14:30-21:00"."""
    by_day: dict[int, list[str]] = {}
    for r in rows:
        by_day.setdefault(r.weekday, []).append(f"{r.opens:%H:%M}-{r.closes:%H:%M}")
    return "\n".join(f"{WEEKDAY_LABELS[d]} {' '.join(v)}" for d, v in sorted(by_day.items()))


class HoursForm(forms.Form):
    hours = forms.CharField(label=_("每周开放时间"), widget=forms.Textarea(attrs={"rows": 7}), required=False,
                            max_length=limits.SHORT_TEXT * 2,
                            help_text=_("每行一天，可写多个时段，如：周一 08:30-12:00 14:30-17:30；不写的日子不开放"))

    def clean_hours(self):
        names = {str(label): i for i, label in enumerate(WEEKDAY_LABELS)}
        ranges = []
        for number, line in enumerate(self.cleaned_data["hours"].splitlines(), start=1):
            parts = line.replace("—", "-").replace("–", "-").replace("～", "-").replace("~", "-").split()
            if not parts:
                continue
            if parts[0] not in names or len(parts) < 2:
                raise forms.ValidationError(_("第 %(n)d 行应以“周一”至“周日”开头，后接时段，如 08:30-12:00")
                                            % {"n": number})
            for span in parts[1:]:
                try:
                    opens, closes = (dt.time.fromisoformat(x.strip().zfill(5)) for x in span.split("-"))
                except ValueError:
                    raise forms.ValidationError(_("第 %(n)d 行的时段“%(s)s”看不懂，请写成 08:30-12:00")
                                                % {"n": number, "s": span[:20]}) from None
                ranges.append((names[parts[0]], opens, closes))
        return ranges


class ClosureForm(forms.Form):
    starts_on = DateField(label=_("起始日期"), widget=DATE)
    ends_on = DateField(label=_("截止日期"), widget=DATE)
    reason = forms.CharField(label=_("闭馆原因"), max_length=limits.SHORT_TEXT)


class SlotForm(forms.Form):
    purpose = forms.CharField(label=_("用途"), max_length=limits.TITLE,
                              widget=forms.TextInput(attrs={"placeholder": _("例如：书法兴趣班")}))
    attendance = BoundedIntegerField(label=_("预计人数"), min_value=int(ATTENDANCE.low), max_value=int(ATTENDANCE.high))
    first_date = DateField(label=_("日期"), widget=DATE)
    starts = forms.TimeField(label=_("开始时间"), widget=TIME)
    ends = forms.TimeField(label=_("结束时间"), widget=TIME)


class ApplyForm(SlotForm):
    """The workbench's application: for a partner or a team in the venue's community, once or weekly."""

    applicant = forms.ChoiceField(label=_("申请方"))
    repeat_until = DateField(label=_("每周重复至（选填）"), required=False, widget=DATE,
                             help_text=_("填写后每周同一天、同一时段重复，如一个学期的每周五"))
    exchange_service = forms.CharField(label=_("交换的服务（合伙人必填）"), max_length=limits.SHORT_TEXT, required=False,
                                       widget=forms.TextInput(attrs={"placeholder": _("例如：每次课后为社区老人免费上一节书法课")}))

    def __init__(self, *args, applicants: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = [("", _("请选择申请方")), *applicants]
        if len(applicants) == 1:
            self.fields["applicant"].initial = applicants[0][0]
        self.order_fields(["applicant"])


class MobileApplyForm(SlotForm):
    applicant = forms.ChoiceField(label=_("以谁的名义申请"))

    def __init__(self, *args, applicants: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = applicants
        self.order_fields(["applicant"])


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审核意见（不批准时必填）"), max_length=limits.SHORT_TEXT, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=limits.SHORT_TEXT, required=False)


class FulfilmentForm(forms.Form):
    date = DateField(label=_("服务日期"), widget=DATE)
    content = forms.CharField(label=_("服务内容"), max_length=limits.SHORT_TEXT)
    person_times = BoundedIntegerField(label=_("服务人次"), min_value=0, max_value=int(limits.PERSON_TIMES.high))
    confirm_unusual = forms.BooleanField(label=_("人次远超常见范围，我确认无误"), required=False)
    unusual_reason = forms.CharField(label=_("原因（人次超过 500 时填写）"), max_length=limits.UNUSUAL_REASON_LENGTH,
                                     required=False)
