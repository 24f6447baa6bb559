def test_world_builds_and_chronicle_is_intact(world):
    from gongzhi.chronicle.services import verify

    assert world.wumei.path.startswith(world.xiangshan_street.path)
    assert verify().ok
