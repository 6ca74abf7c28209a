"""Django session engine on pgfirst's sessions: SESSION_ENGINE = "pgfirst.contrib.django.sessions".

Behaves like Django's own backends (create, save, load, exists, delete, cycle_key,
clear_expired, get_expiry_age/date, set_expiry). Django mints the key (32 random
characters); pgfirst stores only its SHA-256 (`session_put`), so a database dump holds no
usable session. Each session is bound to the request's tenant and records the logged-in
user's id, which `user_sessions()` and `logout_everywhere()` use.

Data is stored as jsonb: values must be JSON-serialisable (Django's default
JSONSerializer has the same rule). Server-side expiry: each save sets the idle timeout to
get_expiry_age() (SESSION_COOKIE_AGE or set_expiry()); the absolute timeout is pgfirst's
setting `session.absolute_timeout` (default 7 days) unless PGFIRST_SESSION_ABSOLUTE_TIMEOUT
(seconds) is set. SESSION_EXPIRE_AT_BROWSER_CLOSE sessions keep the server-side default idle timeout.
"""
from typing import Any, Dict, List, Optional

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError

from pgfirst import client

from . import conf


def _conn():
    return conf.connection(conf.get("PGFIRST_SESSION_DATABASE"))


def _tenant() -> str:
    return conf.get_current_tenant() or ""


class SessionStore(SessionBase):
    def _load_row(self, key) -> Optional[Dict[str, Any]]:
        if not key:
            return None
        row = client.session_get(_conn(), key)
        if row is None or row["tenant"] != _tenant():  # unknown, expired, destroyed, other tenant
            return None
        return row

    def load(self):
        row = self._load_row(self.session_key)
        if row is None:
            self._session_key = None
            return {}
        data = row["data"]
        return data if isinstance(data, dict) else {}

    def exists(self, session_key):
        return self._load_row(session_key) is not None

    def create(self):
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # key collision: try another
            self.modified = True
            return

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        if self.session_key is None:  # load() found it unknown, expired or gone meanwhile
            return self.create()
        if must_create and self.exists(self.session_key):
            raise CreateError
        ttl = None if self.get_expire_at_browser_close() else self.get_expiry_age()
        absolute = conf.get("PGFIRST_SESSION_ABSOLUTE_TIMEOUT")
        ok = client.session_put(
            _conn(), self.session_key, str(data.get(SESSION_KEY, "")), data, tenant=_tenant(),
            idle_timeout=ttl if ttl and ttl > 0 else None, absolute_timeout=absolute if must_create else None)
        if not ok:  # destroyed or expired meanwhile: never resurrect it
            raise CreateError if must_create else UpdateError

    def delete(self, session_key=None):
        key = session_key or self.session_key
        if key:
            client.session_destroy(_conn(), key)

    @classmethod
    def clear_expired(cls):
        """Deletes expired sessions in bounded batches (needs pgfirst_worker or pgfirst_admin;
        pgfirst.maintenance() does this every minute anyway)."""
        while client.session_cleanup(_conn(), max_rows=10000) >= 10000:
            pass


def user_sessions(user_id, *, tenant: Optional[str] = None) -> List[Dict[str, Any]]:
    """The user's live sessions in the current tenant ("your devices"): public session_id,
    created_at, last_seen_at, expires_at, data. Never the token."""
    return client.session_list(_conn(), str(user_id), tenant=_tenant() if tenant is None else tenant)


def logout_everywhere(user_id, *, keep_session_key: Optional[str] = None, all_tenants: bool = False) -> int:
    """Destroys every session of the user (in the current tenant, or all) except keep_session_key."""
    return client.session_destroy_user(_conn(), str(user_id), tenant=None if all_tenants else _tenant(),
                                       except_token=keep_session_key)
