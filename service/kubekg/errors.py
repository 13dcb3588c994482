"""Errors a caller can act on. Interfaces map them to exit codes or HTTP statuses."""


class KubekgError(Exception):
    """Base class: the message is written for a person and safe to show."""


class DataLoadError(KubekgError):
    """A data or ontology file is missing or cannot be parsed. Names the file (and line)."""


class QuestionError(KubekgError):
    """A question that cannot be asked: empty, or longer than the limit."""


class QueryError(KubekgError):
    """A SPARQL query was refused or could not be run."""
