"""Thin typed functions over pgfirst's SQL API, one module per area (the Python twin of the
TypeScript helpers). Each takes a connection or cursor first (psycopg 3/2 or Django), passes
only the arguments you give (SQL owns the defaults) and raises PF errors as the classes of
`pgfirst.errors`. jsonb comes back parsed; intervals go in as timedelta or seconds."""
from . import cache, core, dropdowns, jobs, ratelimit, schedules, sessions

__all__ = []
for _module in (cache, core, dropdowns, jobs, ratelimit, schedules, sessions):
    for _name, _value in vars(_module).items():
        if callable(_value) and getattr(_value, "__module__", None) == _module.__name__ and not _name.startswith("_"):
            globals()[_name] = _value
            __all__.append(_name)
del _module, _name, _value
