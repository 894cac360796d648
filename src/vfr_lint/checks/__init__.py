"""The built-in rules, a module per family. Each rule's docstring is its documentation."""
