"""Gongzhi (共治): party-building-led community co-construction, co-governance and sharing."""
