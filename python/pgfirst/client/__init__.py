"""Thin typed functions over pgfirst's SQL API, one module per area (the Python twin of the
TypeScript helpers). Each takes a connection or cursor first (psycopg 3/2 or Django), passes
only the arguments you give (SQL owns the defaults) and raises PF errors as the classes of
`pgfirst.errors`. jsonb comes back parsed; intervals go in as timedelta or seconds."""
from .cache import *  # noqa: F401,F403
from .core import *  # noqa: F401,F403
from .dropdowns import *  # noqa: F401,F403
from .jobs import *  # noqa: F401,F403
from .ratelimit import *  # noqa: F401,F403
from .schedules import *  # noqa: F401,F403
from .sessions import *  # noqa: F401,F403
