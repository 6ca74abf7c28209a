/**
 * Settings and the schema version (sql/functions/core): `setting_get` → `settingGet`,
 * `setting_set` → `settingSet`, the `pgfirst.settings` view → `settingList`,
 * `version()` → `version`. Health, stats and maintenance live in schedule.ts.
 */
import type { Json, Sql } from "./sql.ts";
import { callValue } from "./core.ts";
import { mapErrors } from "./errors.ts";

export interface SettingRow {
  name: string;
  /** The effective value (the default when never set). */
  value: Json;
  defaultValue: Json;
  type: string;
  isDefault: boolean;
  description: string;
  updatedAt: Date | null;
}

/** pgfirst.setting_get: the effective value of a setting (the override, else the default); null for an unknown name. */
export function settingGet<T extends Json = Json>(sql: Sql, name: string): Promise<T | null> {
  return callValue<T | null>(sql, "setting_get", { name: [name, "text"] });
}

/** pgfirst.setting_set (admin): overrides a setting (PF002 unknown name, PF003 wrong type); null restores the default. Returns the effective value. */
export function settingSet<T extends Json = Json>(sql: Sql, name: string, value: T | null): Promise<T> {
  return callValue<T>(sql, "setting_set", { name: [name, "text"], value: [value, "jsonb"] });
}

/** The pgfirst.settings view, ordered by name. */
export function settingList(sql: Sql): Promise<SettingRow[]> {
  return mapErrors(async () => [...await sql<SettingRow[]>`
    select name, value, default_value as "defaultValue", type, is_default as "isDefault", description, updated_at as "updatedAt"
      from pgfirst.settings order by name`]);
}

/** pgfirst.version(): the installed schema version, e.g. "000011". */
export function version(sql: Sql): Promise<string> {
  return callValue<string>(sql, "version");
}
