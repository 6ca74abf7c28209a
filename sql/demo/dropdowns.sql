-- pgfirst demo domain for dropdowns (schema demo): tenants, people, locations (site >
-- building > room) and assets, with a deterministic, set-based seeder. Not part of the
-- product schema: `pgfirst demo` and the dropdown bench install it. Idempotent.
create schema if not exists demo;
comment on schema demo is 'pgfirst demo domain (tenants, people, locations, assets); safe to drop.';

create table if not exists demo.tenant (
  id text primary key,
  name text not null
);
create table if not exists demo.person (
  id bigint primary key,
  tenant text not null references demo.tenant (id),
  employee_code text not null,
  first_name text not null,
  last_name text not null,
  department text not null,
  active boolean not null default true
);
create index if not exists person_tenant_idx on demo.person (tenant, last_name, first_name, id);
create table if not exists demo.location (
  id bigint primary key,
  tenant text not null references demo.tenant (id),
  parent_id bigint references demo.location (id),
  kind text not null check (kind in ('site', 'building', 'room')),
  code text not null,
  name text not null
);
create index if not exists location_tenant_idx on demo.location (tenant, name, id);
create index if not exists location_parent_idx on demo.location (parent_id);
create table if not exists demo.asset (
  id bigint primary key,
  tenant text not null references demo.tenant (id),
  code text not null,
  name text not null,
  location_id bigint references demo.location (id)
);
create index if not exists asset_tenant_idx on demo.asset (tenant, code, id);
create index if not exists asset_location_idx on demo.asset (location_id);
create table if not exists demo.seed_info (
  singleton boolean primary key default true check (singleton),
  scale numeric not null,
  seeded_at timestamptz not null default now()
);

-- Seeds (or re-seeds, when the scale differs) the demo data. Deterministic: the same scale
-- always yields the same rows (names picked by arithmetic on the row number, no random()).
-- scale 1: acme 100,000 people, globex 10,000, initech 500; 5,000 locations; 50,000 assets.
create or replace function demo.seed(scale numeric default 1)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_first text[] := array['Ana','André','Anaïs','Björn','Brigitte','Carlos','Chloé','Dmitri','Élodie','Emma',
    'François','Fatima','Gérard','Hannah','Hélène','Ibrahim','Inès','Jürgen','José','Julia','Karim','Léa',
    'Lukas','Maëlle','Marco','María','Noé','Olga','Øyvind','Paula','Raphaël','Renée','Sören','Sofía','Tomás',
    'Valérie','Wei','Yasmin','Zoë','Łukasz'];
  v_last text[] := array['Andersen','Bauer','Bernard','Blanco','Čapek','Da Silva','Dubois','Durand','Eriksson',
    'Fernández','García','González','Hansen','Hernández','Jansen','Kowalski','Lefèvre','López','Martín',
    'Müller','Nakamura','Novák','Núñez','O''Brien','Peña','Petit','Rossi','Schmidt','Schröder','Søndergaard',
    'Suárez','Thomas','Van Dijk','Weiß','Wójcik','Yılmaz','Zimmermann','Ångström','Østergaard','Žižek'];
  v_dept text[] := array['Engineering','Facilities','Finance','Human Resources','Legal','Logistics',
    'Maintenance','Operations','Procurement','Quality','Research','Safety','Sales','Security'];
  v_asset text[] := array['Air handler','Boiler','Chiller','Compressor','Conveyor','Defibrillator','Elevator',
    'Emergency light','Fire extinguisher','Forklift','Fume hood','Generator','Heat pump','HVAC unit','Laptop',
    'Lathe','Microscope','Pallet jack','Printer','Projector','Pump','Server','Sprinkler valve','Transformer',
    'UPS','Ventilator','Water heater','Welder'];
  v_current numeric;
begin
  select s.scale into v_current from demo.seed_info s;
  if v_current = scale then
    return false;
  end if;
  truncate demo.asset, demo.location, demo.person, demo.tenant, demo.seed_info;
  insert into demo.tenant (id, name) values ('acme', 'Acme Corporation'), ('globex', 'Globex'), ('initech', 'Initech');

  -- tenant sizes: people, locations, assets
  create temporary table seed_size on commit drop as
  select t.tenant, t.ord,
         greatest(1, round(t.people * scale))::bigint as people,
         greatest(12, round(t.locations * scale))::bigint as locations,
         greatest(1, round(t.assets * scale))::bigint as assets
    from (values ('acme', 1, 100000, 3500, 35000), ('globex', 2, 10000, 1200, 12000), ('initech', 3, 500, 300, 3000))
         as t(tenant, ord, people, locations, assets);

  insert into demo.person (id, tenant, employee_code, first_name, last_name, department, active)
  select s.ord * 10000000 + g,
         s.tenant,
         upper(left(s.tenant, 2)) || lpad(g::text, 6, '0'),
         v_first[1 + (g * 7) % 40],
         v_last[1 + (g * 13 + g / 40) % 40],
         v_dept[1 + (g * 3) % 14],
         g % 50 <> 0
    from seed_size s, generate_series(1, s.people) g;

  -- hierarchy: the first 2% of a tenant's locations are sites, the next 10% buildings
  -- (parent: a site), the rest rooms (parent: a building)
  insert into demo.location (id, tenant, parent_id, kind, code, name)
  select s.ord * 10000000 + g, s.tenant,
         case when g <= x.sites then null
              when g <= x.sites + x.buildings then s.ord * 10000000 + 1 + (g - x.sites - 1) % x.sites
              else s.ord * 10000000 + x.sites + 1 + (g - x.sites - x.buildings - 1) % x.buildings end,
         case when g <= x.sites then 'site' when g <= x.sites + x.buildings then 'building' else 'room' end,
         case when g <= x.sites then 'S' || lpad(g::text, 3, '0')
              when g <= x.sites + x.buildings then 'B' || lpad((g - x.sites)::text, 4, '0')
              else 'R' || lpad((g - x.sites - x.buildings)::text, 5, '0') end,
         case when g <= x.sites then (array['Lyon','Zürich','Kraków','Málaga','Göteborg','Porto','Brno','Gdańsk',
                                            'Besançon','Düsseldorf','Córdoba','Tromsø'])[1 + (g - 1) % 12]
                                     || ' site ' || g
              when g <= x.sites + x.buildings then 'Building ' || chr((65 + ((g - x.sites - 1) / x.sites) % 26)::integer)
              else (array['Office','Meeting room','Workshop','Storage','Server room','Lab','Plant room','Kitchen'])
                     [1 + g % 8] || ' ' || (g - x.sites - x.buildings) end
    from seed_size s
    cross join lateral (select greatest(2, s.locations / 50) as sites, greatest(4, s.locations / 10) as buildings) x
    cross join generate_series(1, s.locations) g
   order by g; -- parents before children (the foreign key is checked per row)

  insert into demo.asset (id, tenant, code, name, location_id)
  select s.ord * 10000000 + g, s.tenant,
         'A-' || upper(left(s.tenant, 2)) || '-' || lpad(g::text, 6, '0'),
         v_asset[1 + (g * 11) % 28] || ' ' || (1 + g % 97),
         s.ord * 10000000 + 1 + (g * 31) % s.locations
    from seed_size s, generate_series(1, s.assets) g;

  insert into demo.seed_info (scale) values (scale);
  analyze demo.tenant, demo.person, demo.location, demo.asset;
  return true;
end;
$$;
comment on function demo.seed(numeric) is 'Deterministic set-based demo seeder; re-seeds only when the scale changes; true when it seeded.';

-- The three dropdowns, defined only when missing (define rebuilds the view).
-- What a DBA grants for dropdowns: the queries below run as pgfirst_dropdown (the owner of
-- the dropdown views), which may read exactly these tables.
grant usage on schema demo to pgfirst_dropdown;
grant select on demo.person, demo.location, demo.asset to pgfirst_dropdown;

create or replace function demo.define_dropdowns()
returns integer
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer := 0;
begin
  if not exists (select from pgfirst.dropdown_status d where d.name = 'people') then
    perform pgfirst.dropdown_define(
      name => 'people',
      query => $q$
        select p.tenant, p.id::text as id,
               p.last_name || ', ' || p.first_name || ' (' || p.employee_code || ')' as text,
               p.last_name || ' ' || p.first_name as sort_key,
               p.first_name || ' ' || p.last_name || ' ' || p.employee_code || ' ' || p.department as search
          from demo.person p
         where p.active
      $q$,
      sources => array['demo.person']::regclass[]);
    v_count := v_count + 1;
  end if;
  if not exists (select from pgfirst.dropdown_status d where d.name = 'location') then
    perform pgfirst.dropdown_define(
      name => 'location',
      query => $q$
        with recursive tree as (
          select l.id, l.tenant, l.name, l.code, l.name as site, l.name as path
            from demo.location l where l.parent_id is null
          union all
          select c.id, c.tenant, c.name, c.code, t.site, t.path || ' › ' || c.name
            from demo.location c join tree t on t.id = c.parent_id
        )
        select t.tenant, t.id::text as id, t.path as text, t.site as group_label,
               t.site || ' ' || t.path as sort_key,
               t.path || ' ' || t.code as search
          from tree t
      $q$,
      sources => array['demo.location']::regclass[]);
    v_count := v_count + 1;
  end if;
  if not exists (select from pgfirst.dropdown_status d where d.name = 'asset') then
    perform pgfirst.dropdown_define(
      name => 'asset',
      query => $q$
        select a.tenant, a.id::text as id, a.code || ' — ' || a.name as text, a.code as sort_key,
               a.code || ' ' || a.name || ' ' || coalesce(l.name, '') as search
          from demo.asset a left join demo.location l on l.id = a.location_id
      $q$,
      sources => array['demo.asset', 'demo.location']::regclass[]);
    v_count := v_count + 1;
  end if;
  return v_count;
end;
$$;
comment on function demo.define_dropdowns() is 'Defines the demo dropdowns people, location and asset when missing; returns how many it defined.';
