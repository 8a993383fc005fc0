"""`lib.code`: a Call builds the object and prints source that builds an equal one."""
import numpy as np
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from lib.code import NP_NUMBER, Call, Script, Var, public_module


def run(script: Script, name: str):
    namespace: dict = {}
    exec(script.text(), namespace)  # noqa: S102 - our own generated code
    return namespace[name]


def test_built_and_printed_objects_have_the_same_parameters():
    call = Call(CalibratedClassifierCV, Call(SVC, C=0.5, gamma=0.1, random_state=3), method="sigmoid", cv=3)
    script = Script()
    script.assign("model", call)
    printed = run(script, "model")
    assert repr(printed.get_params()) == repr(call.build().get_params())


def test_imports_come_from_public_modules():
    assert public_module(SVC) == "sklearn.svm"
    assert public_module(ColumnTransformer) == "sklearn.compose"
    text = Script().line("x = 1").text()
    assert "from" not in text
    script = Script()
    script.assign("s", Call(make_column_selector, dtype_include=NP_NUMBER))
    assert "import numpy as np" in script.text() and "from sklearn.compose import make_column_selector" in script.text()


def test_same_name_from_two_libraries_is_aliased():
    script = Script()
    script.assign("a", Call(Pipeline, [("m", Call(SVC))]))
    script.assign("b", Call(ImbPipeline, [("m", Call(SVC))]))
    text = script.text()
    assert "from sklearn.pipeline import Pipeline\n" in text
    assert "from imblearn.pipeline import Pipeline as ImbPipeline" in text
    assert isinstance(run(script, "b"), ImbPipeline) and isinstance(run(script, "a"), Pipeline)


def test_vars_are_defined_once_before_first_use():
    shared = Var("svc", Call(SVC, C=2.0))
    script = Script()
    script.assign("a", Call(Pipeline, [("m", shared)]))
    script.assign("b", Call(Pipeline, [("m", shared)]))
    lines = script.text().splitlines()
    assert lines.count("svc = SVC(C=2.0)") == 1
    assert lines.index("svc = SVC(C=2.0)") < next(i for i, line in enumerate(lines) if line.startswith("a = "))
    assert Call(Pipeline, [("m", shared)]).build().steps[0][1].C == 2.0


def test_long_calls_wrap_and_still_run():
    call = Call(SVC, C=1.0, gamma=0.001, kernel="rbf", tol=1e-4, random_state=123456, class_weight="balanced",
                max_iter=100000, cache_size=500.0)
    script = Script()
    script.assign("model", call)
    assert max(len(line) for line in script.text().splitlines()) <= 100
    assert run(script, "model").get_params() == call.build().get_params()
    assert Script().expr(np.float64(0.25)) == "0.25" and Script().expr(np.int64(3)) == "3"
