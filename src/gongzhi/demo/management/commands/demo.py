"""`gongzhi demo [--scale N] [--seed S]`: load the demo district (桂林市象山区 and 七星区) once."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.demo import names
from gongzhi.demo.builder import COUNT_LABELS, demo_accounts, load_demo


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(str(cell), w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, tuple("-" * w for w in widths), *rows]]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Load the demo district: 桂林市 → 象山区 → 象山街道 with seven communities (五美社区 …), 48 resident "
            "units, departments, the party tree, residents, party members, volunteers and one demo account per "
            "role. Does nothing if it is already loaded. --scale N multiplies neighbourhoods, buildings and "
            "people by N; --seed S makes a different (but repeatable) district.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply neighbourhoods, buildings and people")
        parser.add_argument("--seed", type=int, default=names.DEFAULT_SEED, help="random seed (default 2026)")

    def handle(self, *args, **options):
        scale, seed = options["scale"], options["seed"]
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            result = load_demo(scale=scale, seed=seed, progress=progress)
        except ValidationError as e:
            raise CommandError(f"演示数据加载失败，未写入任何数据：{'；'.join(e.messages)}") from e
        if result.loaded:
            self.stdout.write(self.style.SUCCESS(
                f"演示数据已加载（scale={scale}, seed={seed}），用时 {result.seconds:.1f} 秒。"))
        else:
            self.stdout.write(self.style.WARNING(
                "演示数据已存在（桂林市 450300），未重复加载；--scale/--seed 未生效。"))
        self.stdout.write("")
        self.stdout.write(table(("项目", "数量"), [(COUNT_LABELS[k], str(v)) for k, v in result.counts.items()]))
        self.stdout.write("")
        self.stdout.write(table(("用户名", "角色", "范围", "密码"), demo_accounts()))
        if result.loaded:
            self.stdout.write(f"\nelapsed: {result.seconds:.2f} s")
