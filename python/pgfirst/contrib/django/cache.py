"""Django cache backend on pgfirst's cache (tenant-aware, TTL, one statement per call).

    CACHES = {"default": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache"}}

OPTIONS (all optional):
  NAMESPACE   pgfirst namespace of this cache (default: LOCATION, else "django")
  TENANT      dotted path to a no-argument callable returning the tenant (default: the
              request's tenant set by PgfirstMiddleware, '' without tenants)
  DATABASE    database alias (default PGFIRST_DATABASE or "default"); calls join its transaction

Values: ints are stored as JSON numbers (so incr/decr run in SQL), everything else pickled
(any picklable type, like Django's other backends). Timeouts: DEFAULT_TIMEOUT -> TIMEOUT
(300 s), None -> never expires, <= 0 -> not stored (the key is deleted).
"""
import base64
import json
import hashlib
import pickle
from typing import Any, Optional

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

from pgfirst import client
from pgfirst._db import pf_errors
from pgfirst.errors import CacheValueNotIntegerError

from . import conf

_PICKLED = "p:"
_MAX_KEY_BYTES = 1024


class PgfirstCache(BaseCache):
    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.namespace = options.get("NAMESPACE") or location or "django"
        tenant = options.get("TENANT")
        self._tenant_fn = import_string(tenant) if isinstance(tenant, str) else tenant
        self._alias = options.get("DATABASE")

    # -- plumbing
    def _conn(self):
        return conf.connection(self._alias)

    def _tenant(self) -> str:
        t = self._tenant_fn() if self._tenant_fn else conf.get_current_tenant()
        return t or ""

    def _key(self, key, version=None) -> str:
        k = self.make_and_validate_key(key, version=version)
        if len(k.encode()) > _MAX_KEY_BYTES:  # pgfirst keys are limited to 1024 bytes (PF102)
            k = "sha256:" + hashlib.sha256(k.encode()).hexdigest()
        return k

    def _ttl(self, timeout):
        """(store?, ttl in seconds or None = never expires)."""
        seconds = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
        if seconds is None:
            return True, None
        if seconds <= 0:
            return False, None
        return True, seconds

    def _encode(self, value):
        if type(value) is int and -(2**63) <= value < 2**63:
            return value
        return _PICKLED + base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("ascii")

    @staticmethod
    def _decode(stored):
        if isinstance(stored, str) and stored.startswith(_PICKLED):
            return pickle.loads(base64.b64decode(stored[len(_PICKLED):]))
        return stored

    def _put(self, key, value, ttl):
        # ttl None means "never expires": the namespace has no default_ttl unless you set one
        client.cache_set(self._conn(), self.namespace, key, self._encode(value), ttl=ttl, tenant=self._tenant())

    # -- Django's cache API
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        k = self._key(key, version)
        store, ttl = self._ttl(timeout)
        if not store:
            return not self.has_key(key, version=version)
        return client.cache_add(self._conn(), self.namespace, k, self._encode(value), ttl=ttl, tenant=self._tenant())

    def get(self, key, default=None, version=None):
        k = self._key(key, version)
        # one row; cast to text so a stored JSON null and a miss differ
        with pf_errors(), self._conn().cursor() as cur:
            cur.execute("select (pgfirst.cache_get(namespace => %s::text, key => %s::text, tenant => %s::text))::text",
                        [self.namespace, k, self._tenant()])
            raw = cur.fetchone()[0]
        if raw is None:
            return default
        return self._decode(json.loads(raw))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        k = self._key(key, version)
        store, ttl = self._ttl(timeout)
        if not store:
            client.cache_delete(self._conn(), self.namespace, k, tenant=self._tenant())
            return
        self._put(k, value, ttl)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        k = self._key(key, version)
        store, ttl = self._ttl(timeout)
        if not store:
            return client.cache_delete(self._conn(), self.namespace, k, tenant=self._tenant())
        return client.cache_touch(self._conn(), self.namespace, k, ttl, tenant=self._tenant())

    def delete(self, key, version=None):
        return client.cache_delete(self._conn(), self.namespace, self._key(key, version), tenant=self._tenant())

    def has_key(self, key, version=None):
        with pf_errors(), self._conn().cursor() as cur:
            cur.execute("select pgfirst.cache_get(namespace => %s::text, key => %s::text, tenant => %s::text) is not null",
                        [self.namespace, self._key(key, version), self._tenant()])
            return cur.fetchone()[0]

    def get_many(self, keys, version=None):
        mapping = {self._key(k, version): k for k in keys}
        if not mapping:
            return {}
        found = client.cache_get_many(self._conn(), self.namespace, list(mapping), tenant=self._tenant())
        return {mapping[k]: self._decode(v) for k, v in found.items()}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        entries = {self._key(k, version): self._encode(v) for k, v in data.items()}
        store, ttl = self._ttl(timeout)
        if not store:
            client.cache_delete_many(self._conn(), self.namespace, list(entries), tenant=self._tenant())
            return []
        client.cache_set_many(self._conn(), self.namespace, entries, ttl=ttl, tenant=self._tenant())
        return []

    def delete_many(self, keys, version=None):
        ks = [self._key(k, version) for k in keys]
        if ks:
            client.cache_delete_many(self._conn(), self.namespace, ks, tenant=self._tenant())

    def incr(self, key, delta=1, version=None):
        k = self._key(key, version)
        # Django raises ValueError for a missing key; cache_incr would start it at 0, so the
        # increment runs only when a live value exists (one statement).
        try:
            with self._conn().cursor() as cur:
                cur.execute(
                    "select case when pgfirst.cache_get(namespace => %s::text, key => %s::text, tenant => %s::text) is not null"
                    " then pgfirst.cache_incr(namespace => %s::text, key => %s::text, delta => %s::bigint, tenant => %s::text) end",
                    [self.namespace, k, self._tenant(), self.namespace, k, delta, self._tenant()])
                value = cur.fetchone()[0]
        except Exception as exc:  # PF106: a pickled (non-integer) value
            from pgfirst._db import translate
            new = translate(exc)
            if isinstance(new, CacheValueNotIntegerError):
                raise TypeError(f"cache value of {key!r} is not an integer") from exc
            raise
        if value is None:
            raise ValueError("Key '%s' not found" % key)
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def clear(self):
        """Removes this cache's entries of the current tenant (an app role may do this;
        across tenants needs pgfirst_admin: use `manage.py pgfirst_cache clear --all-tenants`)."""
        client.cache_clear(self._conn(), namespace=self.namespace, tenant=self._tenant())

    def close(self, **kwargs):
        pass
