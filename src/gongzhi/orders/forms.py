"""Forms of the orders' pages. They parse input and offer only choices in the user's scope; the rules
(permissions, states, places, same-community links) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.orders.models import OFFLINE_CHANNELS, Cost, OrderPolicy, Period, ProviderKind
from gongzhi.orders.selectors import active_categories

RATING_CHOICES = [(5, "★★★★★"), (4, "★★★★"), (3, "★★★"), (2, "★★"), (1, "★")]


def _category_field(**kwargs):
    return forms.ModelChoiceField(label=_("类别"), queryset=active_categories(), empty_label=_("请选择类别"), **kwargs)


class ItemOrderForm(forms.Form):
    """点单 from an item's page: a note for the provider."""

    description = forms.CharField(label=_("给服务方的留言（选填）"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("如：希望上午上门；请勿填写身份证号")}))


class HelpForm(forms.Form):
    """我要求助: a need in free text, without a menu item."""

    title = forms.CharField(label=_("您需要什么帮助"), max_length=120,
                            widget=forms.TextInput(attrs={"placeholder": _("例如：家里水管漏水，需要上门维修")}))
    category = _category_field()
    description = forms.CharField(label=_("补充说明（选填）"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("方便上门的时间等；请勿填写身份证号")}))


class OnBehalfForm(forms.Form):
    """代居民点单 (grid worker, community staff): the resident, the channel, an item or a free-text need."""

    resident = forms.ModelChoiceField(label=_("居民"), queryset=None, empty_label=_("请选择居民"))
    channel = forms.ChoiceField(label=_("点单渠道"), choices=[(c.value, c.label) for c in OFFLINE_CHANNELS])
    menu_item = forms.ModelChoiceField(label=_("服务菜单项"), queryset=None, required=False,
                                       empty_label=_("不选：按下面的描述求助"))
    title = forms.CharField(label=_("需求描述"), max_length=120, required=False,
                            help_text=_("未选服务菜单项时必填"))
    category = _category_field(required=False)
    description = forms.CharField(label=_("补充说明"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, residents, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents
        self.fields["resident"].label_from_instance = lambda p: f"{p.name}（{p.home.parent.name if p.home.parent_id else ''}{p.home.name}）"
        self.fields["menu_item"].queryset = items
        self.fields["menu_item"].label_from_instance = lambda i: f"{i.title} · {i.provider_label()}"

    def clean(self):
        data = super().clean()
        if not data.get("menu_item") and not data.get("title"):
            self.add_error("title", _("请选择服务菜单项，或描述居民需要的帮助"))
        if not data.get("menu_item") and data.get("title") and not data.get("category"):
            self.add_error("category", _("请选择服务类别"))
        return data


class ItemForm(forms.Form):
    """新增/修改服务菜单项 (community staff)."""

    title = forms.CharField(label=_("服务名称"), max_length=120)
    category = _category_field()
    offer = forms.CharField(label=_("服务内容"), required=False, max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))
    schedule = forms.CharField(label=_("服务时间"), max_length=120, required=False,
                               help_text=_("例如：每月第一个周六上午"))
    place = forms.CharField(label=_("服务地点"), max_length=120, required=False)
    period = forms.ChoiceField(label=_("名额周期"), choices=Period.choices, initial=Period.MONTH)
    capacity = forms.IntegerField(label=_("每期名额"), min_value=0, max_value=100_000, required=False,
                                  help_text=_("留空为不限名额"))
    cost = forms.ChoiceField(label=_("收费"), choices=Cost.choices, initial=Cost.FREE)
    price_note = forms.CharField(label=_("收费说明"), max_length=40, required=False, help_text=_("半公益服务必填，如“1元”"))

    def __init__(self, *args, providers=None, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"] = forms.ModelChoiceField(label=_("社区"), queryset=communities, empty_label=_("请选择社区"))
            self.fields["community"].label_from_instance = lambda n: n.name
            if communities.count() == 1:
                self.fields["community"].initial = communities.first().pk
        if providers is not None:
            self.fields["provider"] = forms.ChoiceField(label=_("服务方"), choices=[("", _("请选择服务方")), *providers])
        self.order_fields(["community", "provider", "title", "category", "offer", "schedule", "place", "period",
                           "capacity", "cost", "price_note"])


def provider_choices(communities) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices 'kind:id' of the providers serving `communities`: units, volunteer teams, in-service party
    members registered there."""
    from gongzhi.lists.permissions import units_in
    from gongzhi.people.models import PartyMember, VolunteerTeam

    ids = list(communities.values_list("pk", flat=True))
    units = [(f"{ProviderKind.ORGANISATION}:{o.pk}", o.name) for o in units_in(communities)]
    teams = [(f"{ProviderKind.TEAM}:{t.pk}", f"{t.name}（{t.community.name}）")
             for t in VolunteerTeam.objects.filter(community_id__in=ids).select_related("community").order_by("name")]
    members = [(f"{ProviderKind.PARTY_MEMBER}:{m.pk}", m.person.name)
               for m in PartyMember.objects.filter(in_service=True, registered_community_id__in=ids)
               .select_related("person").order_by("person__name")]
    groups = [(ProviderKind.ORGANISATION.label, units), (ProviderKind.TEAM.label, teams),
              (ProviderKind.PARTY_MEMBER.label, members)]
    return [(str(label), rows) for label, rows in groups if rows]


class DispatchForm(forms.Form):
    menu_item = forms.ModelChoiceField(label=_("派给"), queryset=None, empty_label=_("请选择服务"))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["menu_item"].queryset = items
        self.fields["menu_item"].label_from_instance = lambda i: (
            f"{i.title} · {i.provider_label()}" + (f"（{_('剩余')} {i.places_left}）" if i.capacity is not None else ""))


class DeliverForm(forms.Form):
    note = forms.CharField(label=_("服务情况"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("如：已上门更换水龙头，居民在场")}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ConfirmForm(forms.Form):
    reason = forms.CharField(label=_("代为确认原因"), max_length=200, required=False)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("评分"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价（选填）"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("说说服务怎么样")}))


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("回访情况"), max_length=300)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = OrderPolicy
        fields = ["take_hours", "confirm_hours", "staff_confirm_hours"]


