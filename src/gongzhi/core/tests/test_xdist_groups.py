"""The suite's scheduler keeps the modules that share one expensive fixture on one xdist worker."""

from pathlib import Path

from gongzhi.testing.xdist_groups import ONE_WORKER, scope_of

ROOT = Path(__file__).resolve().parents[4]


def test_the_modules_kept_together_exist():
    assert ONE_WORKER and all((ROOT / module).is_file() for module in ONE_WORKER)


def test_a_listed_module_is_one_unit_and_other_tests_are_their_own():
    module = "src/gongzhi/demo/tests/test_demo_district.py"
    assert scope_of(f"{module}::test_it_loads_the_district_tree") == module
    assert scope_of(f"{module}::test_the_load_is_chronicled") == module
    other = "src/gongzhi/demo/tests/test_demo.py::test_the_plan_is_deterministic_from_the_seed"
    assert scope_of(other) == other
    assert scope_of("src/gongzhi/x/tests/test_y.py::test_z[a@b]") == "src/gongzhi/x/tests/test_y.py::test_z[a@b]"
    assert scope_of("src/gongzhi/x/tests/test_y.py::test_z@demo") == "demo"
