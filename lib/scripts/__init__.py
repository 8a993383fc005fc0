"""The "Reproduce in code" scripts, one module per page (`<page>_script`), built with `lib.code.Script`.

Each script is self-contained (scikit-learn, imbalanced-learn, pandas), rebuilds the
page's current result from the same registry entries the page used, and prints each
headline number as `Label: value`. Tests run them and compare with the page.
"""
