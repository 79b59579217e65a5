"""The eval suites, one module each; `evals.registry` lists them."""
