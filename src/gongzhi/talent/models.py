"""人才储备库: residents willing to serve the community, with their skills (tags from a fixed list plus free text),
when they are available (weekday daytime, weekday evenings, weekends) and the consent they gave to be listed.

A resident registers herself on the phone, or community staff add her (recording that she agreed). One active entry
per resident (a database constraint); withdrawing keeps the row (inactive) so the history stays. Staff search the
pool by name, pinyin initials, skills and notes, and `selectors.suggest` proposes people for a need, a team or an
election (skills overlap, same community, available)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode


class Skill(models.TextChoices):
    MEDICAL = "medical", _("医疗护理")
    CARE = "care", _("助老助残")
    LEGAL = "legal", _("法律咨询")
    MEDIATION = "mediation", _("调解沟通")
    TEACHING = "teaching", _("教育辅导")
    DIGITAL = "digital", _("电脑手机")
    REPAIRS = "repairs", _("水电维修")
    CULTURE = "culture", _("文艺体育")
    PHOTOGRAPHY = "photography", _("摄影宣传")
    PARTY = "party", _("党建宣讲")
    ENVIRONMENT = "environment", _("环保绿化")
    COOKING = "cooking", _("烹饪助餐")
    PSYCHOLOGY = "psychology", _("心理疏导")
    FINANCE = "finance", _("财务会计")
    DRIVING = "driving", _("驾驶出行")
    EMPLOYMENT = "employment", _("就业指导")


# Which service categories of the lists (lists.Category.code) each skill serves: the suggestion for a need starts
# from its category.
SKILL_CATEGORIES: dict[str, tuple[str, ...]] = {
    Skill.MEDICAL: ("medical", "elderly"),
    Skill.CARE: ("elderly", "hardship_relief"),
    Skill.LEGAL: ("legal",),
    Skill.MEDIATION: ("legal",),
    Skill.TEACHING: ("education", "lecture"),
    Skill.DIGITAL: ("lecture", "elderly", "employment"),
    Skill.REPAIRS: ("repairs",),
    Skill.CULTURE: ("culture_sports",),
    Skill.PHOTOGRAPHY: ("culture_sports", "party_building"),
    Skill.PARTY: ("party_building", "lecture"),
    Skill.ENVIRONMENT: ("environment",),
    Skill.COOKING: ("elderly",),
    Skill.PSYCHOLOGY: ("elderly", "hardship_relief"),
    Skill.FINANCE: ("employment",),
    Skill.DRIVING: ("elderly", "hardship_relief"),
    Skill.EMPLOYMENT: ("employment",),
}

# Words in a need's title or description that point to a skill (for needs whose category says little).
SKILL_WORDS: dict[str, tuple[str, ...]] = {
    Skill.MEDICAL: ("义诊", "医", "护理", "血压", "健康", "体检"),
    Skill.CARE: ("老人", "独居", "空巢", "残疾", "陪护", "探访"),
    Skill.LEGAL: ("法律", "合同", "维权", "律师", "普法"),
    Skill.MEDIATION: ("纠纷", "调解", "矛盾", "邻里"),
    Skill.TEACHING: ("辅导", "作业", "学生", "课堂", "托管"),
    Skill.DIGITAL: ("手机", "电脑", "网上", "智能", "扫码", "视频"),
    Skill.REPAIRS: ("维修", "水电", "漏水", "灯", "管道", "修"),
    Skill.CULTURE: ("文艺", "演出", "舞", "唱", "体育", "书法"),
    Skill.PHOTOGRAPHY: ("摄影", "拍照", "宣传", "海报"),
    Skill.PARTY: ("党课", "党建", "宣讲", "政策"),
    Skill.ENVIRONMENT: ("环境", "垃圾", "绿化", "清扫", "卫生"),
    Skill.COOKING: ("助餐", "做饭", "饭", "食堂"),
    Skill.PSYCHOLOGY: ("心理", "情绪", "疏导", "陪伴"),
    Skill.FINANCE: ("会计", "财务", "账"),
    Skill.DRIVING: ("接送", "开车", "驾驶", "出行"),
    Skill.EMPLOYMENT: ("就业", "求职", "招聘", "简历"),
}


class Availability(models.TextChoices):
    WEEKDAY = "weekday", _("工作日白天")
    EVENING = "evening", _("工作日晚上")
    WEEKEND = "weekend", _("周末")


class Source(models.TextChoices):
    SELF = "self", _("居民自荐")
    STAFF = "staff", _("社区登记")


MAX_SKILLS = len(Skill.values)
CONSENT_TEXT = _("本人自愿加入社区人才储备库，同意社区保存我的姓名、联系电话、特长和可服务时间，"
                 "仅用于联系我参与社区服务；我可以随时退出。")


class Talent(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="talent_entries",
                               verbose_name=_("居民"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="talent_entries",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    skills = models.JSONField(_("特长"), default=list)
    skills_note = models.CharField(_("特长说明"), max_length=limits.SHORT_TEXT, blank=True)
    availability = models.JSONField(_("可服务时间"), default=list)
    source = models.CharField(_("登记方式"), max_length=16, choices=Source.choices)
    consent_at = models.DateTimeField(_("同意时间"))
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("同意记录人"))
    consent_note = models.CharField(_("同意方式"), max_length=limits.SHORT_TEXT, blank=True)
    active = models.BooleanField(_("在库"), default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    registered_at = models.DateTimeField(_("登记时间"))
    changed_at = models.DateTimeField(_("更新时间"))
    withdrawn_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    search_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("人才储备")
        verbose_name_plural = _("人才储备库")
        ordering = ["community_id", "-registered_at", "-pk"]
        indexes = [models.Index(fields=["community", "active"])]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(active=True), name="talent_one_active_per_person"),
            models.CheckConstraint(name="talent_withdrawn_has_time",
                                   condition=Q(active=True) | Q(withdrawn_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.community}"

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels[s]) for s in self.skills if s in labels]

    @property
    def availability_labels(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels[s]) for s in self.availability if s in labels]
