"""pgfirst for Python: a thin client over pgfirst's SQL API (`pgfirst.client`), the
migration applier (`pgfirst.migrate`) and a Django integration (`pgfirst.contrib.django`)."""
from .errors import PgfirstError

__version__ = "0.1.0"
__all__ = ["PgfirstError", "__version__"]
