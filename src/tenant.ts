/**
 * Tenants per call. Every multi-tenant helper takes `tenant` in its options; the facade
 * (`createPgfirst(sql, { tenant })`), the express-session store and the middlewares take a
 * `TenantSource`: a fixed string, or a function called on every call (per request), e.g.
 * reading an AsyncLocalStorage that a middleware filled from the authenticated request.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** A tenant, or where to get it on each call; `undefined` from the function = no tenant given. */
export type TenantSource = string | (() => string | undefined | Promise<string | undefined>);

/** The tenant for one call: the explicit one if given (null included), else the source's. */
export async function resolveTenant(source: TenantSource | undefined, explicit?: string | null): Promise<string | null | undefined> {
  if (explicit !== undefined) return explicit;
  if (source === undefined || typeof source === "string") return source;
  return await source();
}

/** The slice of an Express/Connect middleware signature used here (no runtime dependency). */
export type NextFunction = (err?: unknown) => void;

export interface TenantContext<Req> {
  /** The current request's tenant (undefined outside a request): pass it as `tenant`. */
  tenant: () => string | undefined;
  /** Runs `fn` with `tenant` as the current tenant (jobs, scripts, tests). */
  run<T>(tenant: string, fn: () => T): T;
  /**
   * Middleware that sets the tenant for the rest of the request from `resolve(req)` (your
   * authentication, subdomain, …). Mount it before express-session and your routes.
   */
  middleware: (req: Req, res: unknown, next: NextFunction) => void;
}

/**
 * A per-request tenant on AsyncLocalStorage:
 *
 *   const tenants = tenantContext((req: Request) => req.hostname.split(".")[0]);
 *   app.use(tenants.middleware);
 *   const pg = createPgfirst(sql, { tenant: tenants.tenant });
 *   app.use(session({ store: pg.sessions.store(session), … }));
 */
export function tenantContext<Req = unknown>(resolve: (req: Req) => string | undefined): TenantContext<Req> {
  const als = new AsyncLocalStorage<string>();
  return {
    tenant: () => als.getStore(),
    run: (tenant, fn) => als.run(tenant, fn),
    middleware: (req, _res, next) => {
      let tenant: string | undefined;
      try {
        tenant = resolve(req);
      } catch (e) {
        return next(e);
      }
      if (tenant === undefined) return next();
      als.run(tenant, () => next());
    },
  };
}
