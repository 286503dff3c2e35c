"""The project's own errors: each carries one line a user can act on."""


class GovkgError(Exception):
    """Base class; ``exit_code`` is what build.py exits with."""

    exit_code = 2


class InputError(GovkgError):
    """Bad input (catalog, source file, RDF, query, usage): exit status 2."""

    exit_code = 2


class ValidationFailed(GovkgError):
    """The graph does not pass the gate (SHACL, OWL, checks): exit status 1."""

    exit_code = 1
